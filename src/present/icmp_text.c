/* ICMP's words, as packet-icmp.c and packet-icmpv6.c of Wireshark 4.0 have
 * them: the types and codes synfin meets around TCP (errors, echo, router
 * and neighbour discovery); others are left unnamed. */
#include <stdio.h>

#include "decode/decode.h"
#include "present/icmp_text.h"

struct name { uint8_t key; const char *text; };

static const char *lookup(const struct name *t, size_t n, uint8_t key)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].key == key)
            return t[i].text;
    return NULL;
}
#define LOOKUP(t, key) lookup(t, sizeof t / sizeof t[0], key)

static const struct name v4_types[] = {
    { 0, "Echo (ping) reply" }, { 3, "Destination unreachable" }, { 4, "Source quench (flow control)" },
    { 5, "Redirect" }, { 8, "Echo (ping) request" }, { 9, "Router advertisement" },
    { 10, "Router solicitation" }, { 11, "Time-to-live exceeded" }, { 12, "Parameter problem" },
    { 13, "Timestamp request" }, { 14, "Timestamp reply" },
};
static const struct name v4_unreach[] = {
    { 0, "Network unreachable" }, { 1, "Host unreachable" }, { 2, "Protocol unreachable" },
    { 3, "Port unreachable" }, { 4, "Fragmentation needed" }, { 5, "Source route failed" },
    { 6, "Destination network unknown" }, { 7, "Destination host unknown" },
    { 8, "Source host isolated" }, { 9, "Network administratively prohibited" },
    { 10, "Host administratively prohibited" }, { 11, "Network unreachable for TOS" },
    { 12, "Host unreachable for TOS" }, { 13, "Communication administratively filtered" },
    { 14, "Host precedence violation" }, { 15, "Precedence cutoff in effect" },
};
static const struct name v4_redirect[] = {
    { 0, "Redirect for network" }, { 1, "Redirect for host" },
    { 2, "Redirect for TOS and network" }, { 3, "Redirect for TOS and host" },
};
static const struct name v4_ttl[] = {
    { 0, "Time to live exceeded in transit" }, { 1, "Fragment reassembly time exceeded" },
};
static const struct name v4_param[] = {
    { 0, "Pointer indicates the error" }, { 1, "Required option missing" }, { 2, "Bad length" },
};
static const struct name v6_types[] = {
    { 1, "Destination Unreachable" }, { 2, "Packet Too Big" }, { 3, "Time Exceeded" },
    { 4, "Parameter Problem" }, { 128, "Echo (ping) request" }, { 129, "Echo (ping) reply" },
    { 133, "Router Solicitation" }, { 134, "Router Advertisement" }, { 135, "Neighbor Solicitation" },
    { 136, "Neighbor Advertisement" }, { 137, "Redirect" },
};
static const struct name v6_unreach[] = {
    { 0, "no route to destination" }, { 1, "Administratively prohibited" },
    { 2, "Beyond scope of source address" }, { 3, "Address unreachable" }, { 4, "Port unreachable" },
    { 5, "Source address failed ingress/egress policy" }, { 6, "Reject route to destination" },
    { 7, "Error in Source Routing Header" },
};
static const struct name v6_time[] = {
    { 0, "hop limit exceeded in transit" }, { 1, "fragment reassembly time exceeded" },
};
static const struct name v6_param[] = {
    { 0, "erroneous header field encountered" }, { 1, "unrecognized Next Header type encountered" },
    { 2, "unrecognized IPv6 option encountered" }, { 3, "IPv6 First Fragment has incomplete IPv6 Header Chain" },
};

const char *icmp_type_name(const struct icmp_layer *m)
{
    return m->version == 4 ? LOOKUP(v4_types, m->type) : LOOKUP(v6_types, m->type);
}

const char *icmp_code_name(const struct icmp_layer *m)
{
    if (m->version == 4) {
        switch (m->type) {
        case 3: return LOOKUP(v4_unreach, m->code);
        case 5: return LOOKUP(v4_redirect, m->code);
        case 11: return LOOKUP(v4_ttl, m->code);
        case 12: return LOOKUP(v4_param, m->code);
        default: return NULL;
        }
    }
    switch (m->type) {
    case 1: return LOOKUP(v6_unreach, m->code);
    case 3: return LOOKUP(v6_time, m->code);
    case 4: return LOOKUP(v6_param, m->code);
    default: return NULL;
    }
}

/* An echo's identifier and sequence number (ICMP: both byte orders, and
 * the TTL of the IP header that carries it; ICMPv6: the hop limit). */
static int echo_text(const struct frame *f, char *buf, size_t n)
{
    const struct icmp_layer *m = &f->icmp;
    if (!frame_has(f, m->off + 4, 4) || m->after_ip == 0)
        return 0;
    const uint8_t *p = f->data + m->off + 4;
    unsigned id = p[0] << 8 | p[1], seq = p[2] << 8 | p[3];
    const struct ip_layer *ip = &f->ip[m->after_ip - 1];
    if (m->version == 4)
        return snprintf(buf, n, " id=0x%04x, seq=%u/%u, ttl=%u", id, seq, p[3] << 8 | p[2], ip->ttl);
    return snprintf(buf, n, " id=0x%04x, seq=%u, hop limit=%u", id, seq, ip->hlim);
}

void icmp_info(const struct frame *f, char *buf, size_t n)
{
    const struct icmp_layer *m = &f->icmp;
    const char *type = icmp_type_name(m), *code = icmp_code_name(m);
    int len;
    /* ICMP pads the type to 20 characters; ICMPv6 does not. */
    if (type)
        len = snprintf(buf, n, m->version == 4 ? "%-20s" : "%s", type);
    else
        len = snprintf(buf, n, "Unknown ICMP%s type (%u)", m->version == 4 ? "" : "v6", m->type);
    if (len < 0 || (size_t)len >= n)
        return;
    if (code)
        len += snprintf(buf + len, n - (size_t)len, " (%s)", code);
    bool echo = m->version == 4 ? m->type == 0 || m->type == 8 : m->type == 128 || m->type == 129;
    if (echo && len >= 0 && (size_t)len < n)
        echo_text(f, buf + len, n - (size_t)len);
}

/* Wireshark's TCP tests the layers before it: IPv4, and before that
 * ICMP. A header behind a tunnel in the quote (GRE, VXLAN, IP in IP) or
 * in an ICMPv6 quote is not one. */
bool tcp_in_icmp_ip(const struct frame *f)
{
    if (!f->has_tcp || !f->tcp.quoted)
        return false;
    int w = f->nwalk;
    while (w-- > 0 && f->walk[w] != LL_TCP)
        ;
    return w >= 2 && f->walk[w - 1] == LL_IPV4 && f->walk[w - 2] == LL_ICMP;
}

int icmp_sum_status(const struct frame *f, const struct icmp_layer *m, uint16_t *shouldbe, const char **why)
{
    *shouldbe = 0;
    *why = "in ICMP error packet";
    if (m == &f->icmp_quoted || m->after_ip == 0 || m->after_ip > f->nip)
        return CSUM_UNVERIFIED;
    *why = "fragmented datagram";
    const struct ip_layer *ip = &f->ip[m->after_ip - 1];
    bool fragment = ip->defrag || ip->reassembled || ip->more_fragments || ip->later_fragment ||
                    (ip->version == 4 && (ip->frag & 0x3fff)) || (ip->version == 6 && ip->frag6);
    /* The message's reported length: to the end of the IP datagram, or
     * of the frame when that ends first; all of it must be captured. */
    uint32_t end = ip->version == 4 ? ip->off + ip_total_len(ip) : ip->off + 40u + ip->plen;
    if (end > frame_reported_len(f))
        end = frame_reported_len(f);
    if (fragment || !ip->version || end < m->off || end > f->caplen || !frame_has(f, m->off, end - m->off))
        return CSUM_UNVERIFIED;
    uint16_t sum = icmp_checksum(f->data, m->off, end - m->off, ip);
    if (sum == 0)
        return CSUM_GOOD;
    /* in_cksum_shouldbe: the value that would have made it add up */
    uint32_t wire = end - m->off >= 4 ? (uint32_t)(f->data[m->off + 2] << 8 | f->data[m->off + 3]) : 0;
    uint32_t x = wire + sum;
    x = (x & 0xffff) + (x >> 16);
    x = (x & 0xffff) + (x >> 16);
    *shouldbe = (uint16_t)x;
    return CSUM_BAD;
}
