/* Reassembly (track/reasm.c) on hand-made segments: the cases of
 * Wireshark's follow tap (in order, a retransmission with a new tail, a
 * segment ahead of a hole, a hole the peer acknowledges, bytes cut by the
 * snapshot length) and the per-connection cap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track/reasm.h"

static int fails;

static void expect(int cond, const char *what)
{
    printf("%s - %s\n", cond ? "ok" : "not ok", what);
    fails += !cond;
}

static void seg(struct reasm_conn *c, uint64_t frame, int dir, uint32_t seq, uint32_t ack, bool syn, const char *data,
                uint32_t seglen)
{
    struct reasm_seg s = { .frame = frame, .dir = dir, .seq = seq, .ack = ack, .seglen = seglen, .syn = syn,
                           .data = (const uint8_t *)data, .caplen = data ? (uint32_t)strlen(data) : 0 };
    reasm_segment(c, &s);
}

/* The chunks as "c:TEXT|s:TEXT|" (a NUL as '0'). */
static const char *dump(const struct reasm_conn *c)
{
    static char buf[512];
    size_t n, k = 0;
    const struct reasm_chunk *ch = reasm_chunks(c, &n);
    const uint8_t *b = reasm_bytes(c);
    for (size_t i = 0; i < n && k + 4 < sizeof buf; i++) {
        buf[k++] = ch[i].dir == REASM_CLIENT ? 'c' : 's';
        buf[k++] = ':';
        for (size_t j = 0; j < ch[i].len && k + 2 < sizeof buf; j++)
            buf[k++] = b[ch[i].off + j] ? (char)b[ch[i].off + j] : '0';
        buf[k++] = '|';
    }
    buf[k] = 0;
    return buf;
}

int main(void)
{
    struct reasm_conn *c = reasm_new();
    /* The side that sends first is the client, whatever the caller calls it. */
    seg(c, 1, 1, 0, 0, true, NULL, 0);
    seg(c, 2, 0, 0, 1, true, NULL, 0);
    seg(c, 3, 1, 1, 1, false, "GET", 3);
    seg(c, 4, 0, 1, 4, false, "OK", 2);
    seg(c, 5, 1, 4, 3, false, "/x", 2);
    expect(strcmp(dump(c), "c:GET|s:OK|c:/x|") == 0, "in order, after the SYNs: three chunks");
    /* A retransmission of "/x" with two new bytes: only "yz" is new. */
    seg(c, 6, 1, 4, 3, false, "/xyz", 4);
    /* A full duplicate: nothing. */
    seg(c, 7, 0, 1, 8, false, "OK", 2);
    expect(strcmp(dump(c), "c:GET|s:OK|c:/x|c:yz|") == 0,
           "a retransmission adds only its new tail, a duplicate nothing");
    reasm_free(c);

    c = reasm_new();
    seg(c, 1, 0, 1, 1, false, "abc", 3);
    seg(c, 2, 0, 7, 1, false, "ghi", 3);    /* ahead of a hole */
    expect(strcmp(dump(c), "c:abc|") == 0, "a segment ahead of a hole waits");
    seg(c, 3, 0, 4, 1, false, "def", 3);
    expect(strcmp(dump(c), "c:abc|c:def|c:ghi|") == 0, "the hole filled: both follow, in sequence order");
    reasm_free(c);

    c = reasm_new();
    seg(c, 1, 0, 1, 1, false, "abc", 3);
    seg(c, 2, 0, 9, 1, false, "ijk", 3);    /* bytes 4..8 never captured */
    seg(c, 3, 1, 1, 12, false, NULL, 0);    /* the peer acknowledges them all */
    expect(strcmp(dump(c), "c:abc|c:[5 bytes missing in capture file]0|c:ijk|") == 0,
           "a hole the peer acknowledges: Wireshark's marker (with its NUL), then the bytes after it");
    reasm_free(c);

    c = reasm_new();
    seg(c, 1, 0, 1, 1, false, "ab", 10);    /* 10 bytes sent, 2 captured */
    seg(c, 2, 0, 11, 1, false, "kl", 2);
    expect(strcmp(dump(c), "c:ab|c:kl|") == 0, "bytes cut by the snapshot length are not invented");
    reasm_free(c);

    /* The per-connection cap: 65 MiB offered in 64 KiB segments. */
    c = reasm_new();
    static char big[65537];
    memset(big, 'x', sizeof big - 1);
    uint32_t seq = 1;
    for (int i = 0; i < 65 * 16; i++, seq += 65536)
        seg(c, (uint64_t)i + 1, 0, seq, 1, false, big, 65536);
    size_t n, kept = 0;
    const struct reasm_chunk *ch = reasm_chunks(c, &n);
    for (size_t i = 0; i < n; i++)
        kept += ch[i].len;
    printf("# kept %zu held %zu capped %d\n", kept, reasm_total_held(), reasm_capped(c));
    expect(reasm_capped(c) && kept <= REASM_CONN_CAP && kept > REASM_CONN_CAP / 2 &&
               reasm_total_held() <= REASM_CONN_CAP,
           "65 MiB on one connection: capped, at most REASM_CONN_CAP held");
    reasm_free(c);
    expect(reasm_total_held() == 0, "freed: nothing held");
    return fails != 0;
}
