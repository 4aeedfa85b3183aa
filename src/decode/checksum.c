/* The Internet checksum (RFC 1071) of a TCP segment and its pseudo-header. */
#include "decode/decode.h"

static uint32_t sum16(const uint8_t *p, uint32_t n, uint32_t acc)
{
    for (; n >= 2; p += 2, n -= 2)
        acc += (uint32_t)p[0] << 8 | p[1];
    if (n)
        acc += (uint32_t)p[0] << 8;
    return acc;
}

uint16_t tcp_checksum(const uint8_t *frame, uint32_t off, uint32_t len, const struct ip_layer *ip)
{
    uint32_t acc = 0;
    if (ip->version == 4) {
        acc = sum16(frame + ip->off + 12, 8, acc);     /* source and destination */
    } else {
        acc = sum16(frame + ip->off + 8, 32, acc);
    }
    acc += 6 + len;                                    /* protocol and length */
    acc = sum16(frame + off, len, acc);
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return (uint16_t)~acc;
}
