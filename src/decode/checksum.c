/* The Internet checksum (RFC 1071) of a TCP segment and its pseudo-header,
 * of an IPv4 header, and of an ICMP or ICMPv6 message. */
#include "decode/decode.h"

static uint32_t sum16(const uint8_t *p, uint32_t n, uint32_t acc)
{
    for (; n >= 2; p += 2, n -= 2)
        acc += (uint32_t)p[0] << 8 | p[1];
    if (n)
        acc += (uint32_t)p[0] << 8;
    return acc;
}

/* The ones' complement sum folded to 16 bits. */
static uint16_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return (uint16_t)acc;
}

uint16_t inet_checksum(const uint8_t *p, uint32_t n)
{
    return (uint16_t)~fold(sum16(p, n, 0));
}

uint16_t tcp_checksum(const uint8_t *frame, uint32_t off, uint32_t len, const struct ip_layer *ip)
{
    uint32_t addr_len = ip->version == 4 ? 4 : 16;     /* IPv6: RFC 8200 8.1 */
    uint32_t acc = sum16(frame + ip_shown_addr_off(ip, 0), addr_len, 0);
    acc = sum16(frame + ip_shown_addr_off(ip, 1), addr_len, acc);
    acc += 6 + len;                                    /* protocol and length */
    return (uint16_t)~fold(sum16(frame + off, len, acc));
}

int tcp_sum_ok(const struct frame *f)
{
    const struct tcp_layer *t = &f->tcp;
    if (!f->has_tcp || !t->have_seglen || t->bogus_hdr_len || t->short_segment || t->hdr_truncated || f->nip == 0)
        return -1;
    uint32_t len = t->hdr_len + t->seg_len;
    if (t->off > f->buflen || len > f->buflen - t->off)
        return -1;
    return tcp_checksum(f->data, t->off, len, &f->ip[f->nip - 1]) == 0;
}

int ip4_sum_ok(const struct frame *f, const struct ip_layer *ip)
{
    if (ip->version != 4 || ip->off > f->caplen || ip->hdr_len > f->caplen - ip->off)
        return -1;
    return fold(sum16(f->data + ip->off, ip->hdr_len, 0)) == 0xffff;
}

uint16_t icmp_checksum(const uint8_t *frame, uint32_t off, uint32_t len, const struct ip_layer *ip)
{
    uint32_t acc = 0;
    if (ip->version == 6) {                            /* RFC 4443 2.3: the pseudo-header */
        acc = sum16(frame + ip_shown_addr_off(ip, 0), 16, 0);
        acc = sum16(frame + ip_shown_addr_off(ip, 1), 16, acc);
        acc += 58 + len;
    }
    return (uint16_t)~fold(sum16(frame + off, len, acc));
}
