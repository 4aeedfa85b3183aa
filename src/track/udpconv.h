/* UDP conversations as tshark 4.0 numbers them (packet-udp.c with
 * udp.calculate_timestamps on, its default): each UDP header the walk
 * finds with a whole 8-byte header and a length of at least 8 belongs to
 * the conversation of its addresses and ports, both directions one
 * conversation, keyed by the IP header that carries it (for a tunnel's
 * inner UDP, the inner IP's; with IPv6, the addresses Wireshark takes as
 * the frame's, ip_shown_addr_off). Conversations are numbered in the
 * order they first appear (udp.stream). A conversation's first frame sets
 * its first and previous time; each later header (not quoted) gets the
 * time since the first frame (udp.time_relative) and since the previous
 * one (udp.time_delta), and becomes the previous one; a header of length 8
 * (no payload) gets its index only, as tshark stops there.
 *
 * A UDP header quoted by an ICMP or ICMPv6 error gets its conversation's
 * index, and makes the conversation when it is new (at the quote's time,
 * as tshark does), but gets no times and does not move the previous time.
 *
 * Memory is bounded: at most UDPCONV_MAX conversations (80 bytes each plus
 * a 4-byte slot or two: at most 40 MiB and 4 MiB); the table doubles as
 * conversations come. Past the cap a header of a conversation not in the
 * table gets no udp.stream and no times (tshark has no cap; no normal
 * capture comes near it). A frame's results cover its first
 * UDPCONV_MAX_LAYERS UDP headers. A frame without a UDP header costs a test
 * of its IP headers' protocol and no allocation. */
#ifndef SYNFIN_UDPCONV_H
#define SYNFIN_UDPCONV_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "decode/packet.h"

#define UDPCONV_MAX (1u << 19)
#define UDPCONV_MAX_LAYERS 16

/* The k-th UDP header of the walk (k from 0, in walk order). */
struct udpconv_layer {
    bool has_stream;          /* udp.stream: a whole header of a conversation in the table */
    bool has_time;            /* udp.time_relative and udp.time_delta (not in an ICMP quote) */
    uint32_t stream;
    struct timespec rel, delta;
};

struct udpconv_frame {
    uint8_t n;                /* UDP headers in the walk, at most UDPCONV_MAX_LAYERS */
    struct udpconv_layer l[UDPCONV_MAX_LAYERS];
};

/* The UDP length tshark goes on with for the header at off, carried by
 * ip: the header's, or over IPv6 for a length of 0 (RFC 2675's
 * jumbograms) the IP payload's. */
static inline uint32_t udp_length_used(const struct frame *f, const struct ip_layer *ip, uint32_t off)
{
    uint32_t len = be16_at(f->data + off + 4);
    if (len == 0 && ip->version == 6)
        len = ip->payload_off == off ? ip->payload_len : frame_bytes_in(f, off, UINT32_MAX);
    return len;
}

struct udpconv;

struct udpconv *udpconv_new(void);
/* The same table with at most max conversations (tests of the cap). */
struct udpconv *udpconv_new_capped(uint32_t max);
void udpconv_free(struct udpconv *u);
/* Conversations in the table. */
uint32_t udpconv_count(const struct udpconv *u);

/* Give a decoded frame (after the defragmenter) to the table; r describes
 * its UDP headers. */
void udpconv_walk(struct udpconv *u, const struct frame *f, struct udpconv_frame *r);

/* The path of every frame: true when the frame has a UDP header (r then
 * describes them), at the cost of a test of each IP header's protocol when
 * none carries UDP (one test for the usual single IP header). */
static inline bool udpconv_frame(struct udpconv *u, const struct frame *f, struct udpconv_frame *r)
{
    if (f->nip == 1 && f->ip[0].final_proto != 17)
        return false;
    for (int i = 0; i < f->nip; i++)
        if (f->ip[i].final_proto == 17) {
            udpconv_walk(u, f, r);
            return r->n != 0;
        }
    return false;
}

#endif
