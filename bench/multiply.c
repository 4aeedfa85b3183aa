/* Bench fixture: copy a classic pcap of Ethernet/IPv4 TCP traffic N times,
 * giving each copy's client (the side that is not port SERVER_PORT) its
 * own 127.x.y.z address, so every copy is a new set of connections.
 *   multiply IN.pcap N SERVER_PORT OUT.pcap [GAP_MS]
 * With GAP_MS, copy c starts c * GAP_MS milliseconds after the first (a
 * long capture of connections that come and go); without it, every copy
 * keeps the original times (all the connections at once).
 * The IP checksums are left as they were (Wireshark does not check them by
 * default). Only for benchmarks: the traffic itself is real, from tests/scenarios. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: multiply IN.pcap N SERVER_PORT OUT.pcap [GAP_MS]\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[4], "wb");
    long copies = atol(argv[2]);
    unsigned server = (unsigned)atoi(argv[3]);
    uint64_t gap_ms = argc == 6 ? strtoull(argv[5], NULL, 10) : 0;
    if (!in || !out || copies < 1) {
        fprintf(stderr, "multiply: cannot open the files\n");
        return 1;
    }
    fseek(in, 0, SEEK_END);
    long size = ftell(in);
    rewind(in);
    uint8_t *buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, in) != (size_t)size || size < 24) {
        fprintf(stderr, "multiply: cannot read %s\n", argv[1]);
        return 1;
    }
    fwrite(buf, 1, 24, out);
    uint32_t magic;
    memcpy(&magic, buf, 4);
    uint64_t frac_per_s = magic == 0xa1b23c4du ? 1000000000u : 1000000u;   /* nanosecond or microsecond pcap */
    for (long c = 0; c < copies; c++) {
        uint32_t client = 0x7f000000u | (uint32_t)(c + 1);     /* 127.0.0.1 + c */
        uint64_t shift = (uint64_t)c * gap_ms * (frac_per_s / 1000);   /* in fractions of a second */
        for (long off = 24; off + 16 <= size;) {
            uint32_t caplen;
            memcpy(&caplen, buf + off + 8, 4);                  /* written on this host: native order */
            uint32_t ts[2], orig[2];
            memcpy(orig, buf + off, 8);
            uint64_t frac = orig[1] + shift % frac_per_s;
            ts[0] = (uint32_t)(orig[0] + shift / frac_per_s + frac / frac_per_s);
            ts[1] = (uint32_t)(frac % frac_per_s);
            memcpy(buf + off, ts, 8);
            uint8_t *p = buf + off + 16;
            if (caplen >= 14 + 20 + 4 && p[12] == 0x08 && p[13] == 0x00 && p[14 + 9] == 6) {
                uint8_t *ip = p + 14, *tcp = ip + (ip[0] & 15) * 4;
                unsigned sport = (unsigned)(tcp[0] << 8 | tcp[1]);
                uint8_t *addr = sport == server ? ip + 16 : ip + 12;
                uint8_t save[4];
                memcpy(save, addr, 4);
                addr[0] = (uint8_t)(client >> 24), addr[1] = (uint8_t)(client >> 16);
                addr[2] = (uint8_t)(client >> 8), addr[3] = (uint8_t)client;
                fwrite(buf + off, 1, 16 + caplen, out);
                memcpy(addr, save, 4);
            } else {
                fwrite(buf + off, 1, 16 + caplen, out);
            }
            memcpy(buf + off, orig, 8);
            off += 16 + caplen;
        }
    }
    fclose(out);
    return 0;
}
