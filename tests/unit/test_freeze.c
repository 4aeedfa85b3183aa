/* Unit tests of frozen streams' store (src/track/freeze.c): the packing
 * gives back every byte, stays within its bound, and reads hostile input
 * within its bounds; records come back from the write buffer and from the
 * spill file alike, and are 32 bytes with IPv4, 56 with IPv6. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track/freeze.h"

static int failed;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    failed |= !ok;
}

static uint32_t rng = 12345;
static uint32_t next(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 8;
}

/* n bytes, zero with probability zero_pct %, in runs as a struct has them. */
static void fill(uint8_t *p, size_t n, unsigned zero_pct)
{
    for (size_t i = 0; i < n;) {
        size_t run = 1 + next() % 24;
        int zero = next() % 100 < zero_pct;
        for (; run && i < n; run--, i++)
            p[i] = zero ? 0 : (uint8_t)(1 + next() % 255);
    }
}

static void test_pack(void)
{
    static uint8_t in[4096], packed[FREEZE_PACKED_MAX(4096)], out[4096];
    int roundtrips = 1, within = 1, short_cap = 1, cut = 1;
    for (size_t n = 1; n <= 3000; n += 1 + n / 16) {
        for (unsigned pct = 0; pct <= 100; pct += 25) {
            fill(in, n, pct);
            size_t len = freeze_pack(in, n, packed);
            within &= len <= FREEZE_PACKED_MAX(n);
            memset(out, 0xA5, sizeof out);
            roundtrips &= freeze_unpack(packed, len, out, n) == n && memcmp(in, out, n) == 0;
            short_cap &= freeze_unpack(packed, len, out, n - 1) == 0;
            /* a packing cut short, or with a byte more, is refused */
            for (size_t k = 0; k < len; k += 1 + len / 8)
                cut &= freeze_unpack(packed, k, out, n) == 0;
            packed[len] = 0;
            cut &= freeze_unpack(packed, len + 1, out, n) == 0;
        }
    }
    check(roundtrips, "pack then unpack gives every byte back (lengths 1..3000, 0-100% zero)");
    check(within, "a packing is at most FREEZE_PACKED_MAX(n) bytes");
    check(short_cap, "unpacking into less room than the length is refused");
    check(cut, "a packing cut short or with a byte more is refused");

    uint8_t zeros[633] = { 0 };
    size_t len = freeze_pack(zeros, sizeof zeros, packed);
    check(len == 4 + 10, "633 zero bytes pack into 14 (length and ten masks)");

    /* hostile input: random bytes never unpack past cap (ASan watches) */
    int sane = 1;
    for (int i = 0; i < 20000; i++) {
        size_t n = next() % 64;
        for (size_t k = 0; k < n; k++)
            packed[k] = (uint8_t)next();
        if (n >= 4 && i % 2)
            packed[0] = (uint8_t)(next() % 80), packed[1] = packed[2] = packed[3] = 0;
        size_t cap = next() % 100;
        uint8_t *room = malloc(cap ? cap : 1);
        size_t got = freeze_unpack(packed, n, room, cap);
        sane &= got <= cap;
        free(room);
    }
    check(sane, "20,000 random inputs unpack within their room or are refused");
}

static void test_store(void)
{
    check(sizeof(struct freeze_rec) + 8 == 32 && sizeof(struct freeze_rec) + 32 == 56,
          "a record is 32 bytes with IPv4 addresses, 56 with IPv6");
    struct freeze_store z;
    freeze_init(&z);
    enum { N = 3000 };
    static uint8_t state[N][700], back[700];
    static struct freeze_rec *recs[N];
    uint8_t a4[2][4] = { { 10, 0, 0, 1 }, { 10, 0, 0, 2 } }, a6[2][16] = { { 0x20, 1 }, { 0x20, 2 } };
    int put = 1;
    for (int i = 0; i < N; i++) {
        fill(state[i], sizeof state[i], 60);
        uint16_t port[2] = { (uint16_t)i, 80 };
        recs[i] = i % 3 ? freeze_put(&z, (uint32_t)i, 4, a4[0], a4[1], port, state[i], sizeof state[i])
                        : freeze_put(&z, (uint32_t)i, 16, a6[0], a6[1], port, state[i], sizeof state[i]);
        put &= recs[i] && recs[i]->index == (uint32_t)i && recs[i]->port[0] == (uint16_t)i;
    }
    check(put, "3,000 states frozen, each record with its key");
    check(z.size > (uint64_t)256 << 10 && z.buf_off > 0, "the spill file was written (more than the write buffer)");
    int same = 1;
    for (int i = N - 1; i >= 0; i -= 7) {       /* backwards: the window moves */
        memset(back, 0, sizeof back);
        same &= freeze_get(&z, recs[i], back, sizeof back) == sizeof back && memcmp(back, state[i], sizeof back) == 0;
    }
    for (int i = 0; i < N; i++) {               /* forwards */
        memset(back, 0, sizeof back);
        same &= freeze_get(&z, recs[i], back, sizeof back) == sizeof back && memcmp(back, state[i], sizeof back) == 0;
    }
    check(same, "every state reads back whole, from the file and from the write buffer, in any order");
    check(memcmp(recs[1]->addr, a4[0], 4) == 0 && memcmp(recs[1]->addr + 4, a4[1], 4) == 0 &&
              memcmp(recs[0]->addr + 16, a6[1], 16) == 0,
          "records keep both addresses");
    freeze_free(&z);
}

int main(void)
{
    test_pack();
    test_store();
    return failed;
}
