/* pcapsegs: count the TCP segments that carry payload, by direction.
 *
 *   pcapsegs FILE PORT
 *
 * Reads a classic pcap file (either byte order, micro- or nanosecond) of
 * Ethernet frames (dumpcap -P on lo) and prints "C S": the number of TCP
 * segments with a payload sent to PORT (the client's) and from PORT (the
 * server's). make.sh compares them with what a scenario must hold, so that
 * a run whose writes the kernel cut or merged otherwise is made again
 * instead of giving a capture of another shape. Exit status 0, or 1 with a
 * message on an unreadable file; a frame too short for its headers counts
 * as no segment.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t get32(const unsigned char *p, int swap)
{
    return swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
                : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static unsigned get16be(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

/* The TCP payload length of one Ethernet frame from its IP lengths, and its
 * ports; 0 when it is not IPv4/IPv6 TCP or its headers do not fit. */
static unsigned tcp_payload(const unsigned char *f, size_t n, unsigned *sport, unsigned *dport)
{
    if (n < 14)
        return 0;
    unsigned type = get16be(f + 12);
    const unsigned char *ip = f + 14;
    size_t left = n - 14, hl, total;
    if (type == 0x0800) {
        if (left < 20 || ip[9] != 6)
            return 0;
        hl = (size_t)(ip[0] & 15) * 4;
        total = get16be(ip + 2);
    } else if (type == 0x86dd) {
        if (left < 40 || ip[6] != 6)   /* no extension headers on lo */
            return 0;
        hl = 40;
        total = 40 + get16be(ip + 4);
    } else {
        return 0;
    }
    if (hl < 20 || total > left || total < hl + 20)
        return 0;
    const unsigned char *tcp = ip + hl;
    size_t thl = (size_t)(tcp[12] >> 4) * 4;
    if (thl < 20 || hl + thl > total)
        return 0;
    *sport = get16be(tcp);
    *dport = get16be(tcp + 2);
    return (unsigned)(total - hl - thl);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: pcapsegs FILE PORT\n");
        return 2;
    }
    unsigned port = (unsigned)atoi(argv[2]);
    FILE *fp = fopen(argv[1], "rb");
    if (!fp) {
        perror(argv[1]);
        return 1;
    }
    unsigned char hdr[24], rec[16];
    static unsigned char frame[262144];
    if (fread(hdr, 1, sizeof hdr, fp) != sizeof hdr) {
        fprintf(stderr, "pcapsegs: %s: no pcap header\n", argv[1]);
        return 1;
    }
    uint32_t magic = get32(hdr, 0);
    int swap;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
        swap = 0;
    else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
        swap = 1;
    else {
        fprintf(stderr, "pcapsegs: %s: not a classic pcap file\n", argv[1]);
        return 1;
    }
    if (get32(hdr + 20, swap) != 1) {
        fprintf(stderr, "pcapsegs: %s: not Ethernet\n", argv[1]);
        return 1;
    }
    unsigned long c = 0, s = 0;
    while (fread(rec, 1, sizeof rec, fp) == sizeof rec) {
        uint32_t incl = get32(rec + 8, swap);
        if (incl > sizeof frame || fread(frame, 1, incl, fp) != incl) {
            fprintf(stderr, "pcapsegs: %s: truncated or oversized record\n", argv[1]);
            return 1;
        }
        unsigned sp = 0, dp = 0;
        if (tcp_payload(frame, incl, &sp, &dp) == 0)
            continue;
        if (dp == port)
            c++;
        else if (sp == port)
            s++;
    }
    fclose(fp);
    printf("%lu %lu\n", c, s);
    return 0;
}
