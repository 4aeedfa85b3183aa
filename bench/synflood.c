/* Bench fixture: a spoofed SYN flood as a classic pcap (Ethernet/IPv4/TCP),
 * made on the spot so no large capture lives in the repository.
 *   synflood [-n N] [-g GAP_US] [--bare] OUT.pcap
 * N SYNs (default 2,000,000) to 198.51.100.10:80, each from its own source
 * address (spread over all of IPv4) and port, GAP_US microseconds apart
 * (default 10). By default each SYN carries the options a Linux client sends (MSS 1460, SACK permitted,
 * timestamps, NOP, window scale 7): a 74-byte frame, 180 MB for 2 M.
 * --bare drops the options: a 54-byte frame, as hping3 sends, 140 MB for 2 M.
 * IP and TCP checksums are valid. The output depends only on the arguments:
 * sources, ISNs, IP ids and TSvals come from fixed-seed generators. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DST_ADDR 0xc633640au            /* 198.51.100.10 (TEST-NET-2) */
#define DST_PORT 80
#define START_SEC 1700000000u           /* 2023-11-14 22:13:20 UTC */

static uint32_t lcg(uint32_t *s) { return *s = *s * 1664525u + 1013904223u; }

static void put16(uint8_t *p, unsigned v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16), put16(p + 2, v & 0xffff); }

/* Ones' complement sum of big-endian 16-bit words, not folded. */
static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        acc += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        acc += (uint32_t)(p[n - 1] << 8);
    return acc;
}

static unsigned fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return ~acc & 0xffff;
}

static int usage(void)
{
    fprintf(stderr, "usage: synflood [-n N] [-g GAP_US] [--bare] OUT.pcap\n"
                    "  -n N      SYNs to write (default 2000000, at most 2^30)\n"
                    "  -g GAP    microseconds between SYNs (default 10)\n"
                    "  --bare    no TCP options (54-byte frames; default 74 with MSS/SACK/TS/WS)\n");
    return 2;
}

int main(int argc, char **argv)
{
    long n = 2000000, gap = 10;
    int bare = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc)
            n = atol(argv[++i]);
        else if (!strcmp(argv[i], "-g") && i + 1 < argc)
            gap = atol(argv[++i]);
        else if (!strcmp(argv[i], "--bare"))
            bare = 1;
        else if (argv[i][0] != '-' && !path)
            path = argv[i];
        else
            return usage();
    }
    if (!path || n < 1 || n > (1L << 30) || gap < 0)
        return usage();
    FILE *out = fopen(path, "wb");
    if (!out) {
        perror(path);
        return 1;
    }
    static char obuf[1 << 20];
    setvbuf(out, obuf, _IOFBF, sizeof obuf);

    uint32_t hdr[6] = { 0xa1b2c3d4u, 2u | 4u << 16, 0, 0, 262144, 1 }; /* native order, v2.4, Ethernet */
    fwrite(hdr, 1, sizeof hdr, out);

    const unsigned optlen = bare ? 0 : 20, tcplen = 20 + optlen, iplen = 20 + tcplen;
    const unsigned flen = 14 + iplen;
    uint8_t rec[16 + 74];
    uint8_t *f = rec + 16, *ip = f + 14, *tcp = ip + 20;
    memset(rec, 0, sizeof rec);
    memcpy(f, "\x00\x16\x3e\x00\x00\x01" "\x00\x16\x3e\x00\x00\x02" "\x08\x00", 14);
    ip[0] = 0x45;
    put16(ip + 2, iplen);
    put16(ip + 6, 0x4000);                                      /* DF */
    ip[8] = 64, ip[9] = 6;
    put32(ip + 16, DST_ADDR);
    put16(tcp + 2, DST_PORT);
    tcp[12] = (uint8_t)(tcplen / 4 << 4);
    tcp[13] = 0x02;                                             /* SYN */
    put16(tcp + 14, 64240);
    if (!bare)                                                  /* Linux's order */
        memcpy(tcp + 20, "\x02\x04\x05\xb4" "\x04\x02" "\x08\x0a\0\0\0\0\0\0\0\0" "\x01" "\x03\x03\x07", 20);
    uint32_t rec_len[4] = { 0, 0, flen, flen };

    uint32_t seed = 12345;
    for (long i = 0; i < n; i++) {
        uint64_t us = (uint64_t)i * (uint64_t)gap;
        rec_len[0] = START_SEC + (uint32_t)(us / 1000000);
        rec_len[1] = (uint32_t)(us % 1000000);
        memcpy(rec, rec_len, 16);
        /* An odd multiplier is a bijection mod 2^32: distinct sources, spread
         * over all of the address space as hping3 --rand-source spreads them.
         * (All in 10/8 once made tcpdump quadratic: its address-name cache
         * hashes on the first octet, so 2 M SYNs took it 536 s, not 20.) */
        uint32_t src = (uint32_t)i * 0x9e3779b1u + 0x0a000001u;
        put16(ip + 4, lcg(&seed) >> 16);                        /* IP id */
        put32(ip + 12, src);
        put16(ip + 10, 0);
        put16(ip + 10, fold(sum16(ip, 20, 0)));
        put16(tcp, 1024 + (lcg(&seed) >> 16) % 64512);          /* source port */
        put32(tcp + 4, lcg(&seed));                             /* ISN */
        if (!bare)
            put32(tcp + 20 + 8, lcg(&seed));                    /* TSval */
        put16(tcp + 16, 0);
        uint32_t pseudo = sum16(ip + 12, 8, 0) + 6 + tcplen;
        put16(tcp + 16, fold(sum16(tcp, tcplen, pseudo)));
        fwrite(rec, 1, 16 + flen, out);
    }
    if (fclose(out) != 0) {
        perror(path);
        return 1;
    }
    return 0;
}
