/* Decoding: turn a captured frame's bytes into a struct frame. Pure functions
 * over bytes: no state, no allocation, every read bounds-checked. */
#ifndef SYNFIN_DECODE_H
#define SYNFIN_DECODE_H

#include "decode/cursor.h"
#include "decode/packet.h"

enum tcp_options_read { TCP_OPTIONS_ALL = 0, TCP_OPTIONS_SYN, TCP_OPTIONS_NONE };

struct decode_prefs {
    bool check_tcp_checksum;  /* -o tcp.check_checksum:TRUE */
    /* Which TCP options to read: all, only a SYN's (the window scale a
     * stream's window sizes need), or none (conns' rows never show them). */
    uint8_t tcp_options;      /* enum tcp_options_read */
};

/* Decode f->data (f->caplen bytes of a f->len byte frame) by f->linktype. */
void decode_frame(struct frame *f, const struct decode_prefs *prefs);

/* Go on decoding a frame whose last IP header is a fragment (ip_layer's
 * defrag) that completed its datagram: the datagram's payload is the len
 * bytes at off in f->data (f->buflen bytes, off at or past f->caplen),
 * where the defragmenter put them; the walk goes on from there by the IP
 * protocol, as in any other frame. */
void decode_reassembled(struct frame *f, uint32_t off, uint32_t len);

/* Wiretap's encapsulation number for a link type (0: unknown). */
int link_wtap_encap(int dlt);
/* What a link type's header adds to frame.protocols ("sll:ethertype"), or NULL. */
const char *link_protocols(int dlt);
/* What a link-level layer of struct frame's linkl adds to frame.protocols
 * ("eth:ethertype", "llc", "ieee8021ah:ethertype"). */
const char *link_layer_name(uint8_t id);

/* The one length a fixed-size TCP option has (MSS 4, window scale 3, SACK
 * permitted 2, timestamps 10, MD5 18, user timeout 4); 0 for the others. */
uint8_t tcp_option_fixed_len(uint8_t kind);

/* The Internet checksum over the TCP segment at off (len bytes, all
 * captured) and its pseudo-header: 0 when the segment's checksum is right. */
/* The Internet checksum (RFC 1071) of n bytes: 0 when they hold a right one. */
uint16_t inet_checksum(const uint8_t *p, uint32_t n);
uint16_t tcp_checksum(const uint8_t *frame, uint32_t off, uint32_t len, const struct ip_layer *ip);

/* Whether the frame's TCP segment adds up with its pseudo-header (0xffff
 * counts as zero, as the arithmetic says): 1 yes, 0 no, -1 it cannot be
 * told (not every byte captured, or no known length). */
int tcp_sum_ok(const struct frame *f);
/* The same for an IPv4 header of the frame. */
int ip4_sum_ok(const struct frame *f, const struct ip_layer *ip);
/* The Internet checksum over the ICMP message at off (len bytes, all
 * readable), with ICMPv6's pseudo-header when ip (the header carrying it)
 * is IPv6: 0 when the message's checksum is right. */
uint16_t icmp_checksum(const uint8_t *frame, uint32_t off, uint32_t len, const struct ip_layer *ip);

#endif
