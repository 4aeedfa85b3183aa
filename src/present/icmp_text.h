/* The words Wireshark 4.0 gives an ICMP or ICMPv6 message: its type's and
 * code's names and the Info column (icmp_text.c). */
#ifndef SYNFIN_ICMP_TEXT_H
#define SYNFIN_ICMP_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/packet.h"

/* The type's name ("Destination unreachable"), or NULL for one Wireshark does not name. */
const char *icmp_type_name(const struct icmp_layer *m);
/* The code's name ("Port unreachable"), or NULL. */
const char *icmp_code_name(const struct icmp_layer *m);
/* The Info column of frame f, whose ICMP layer it is, into buf (n bytes). */
void icmp_info(const struct frame *f, char *buf, size_t n);
/* Whether f's TCP header is one an ICMP (version 4) error quotes after an
 * IPv4 header: Wireshark then shows its sequence number, as sent, right
 * after the ports (the quote may hold no more), and not again later (-V,
 * JSON). */
bool tcp_in_icmp_ip(const struct frame *f);
/* Wireshark's verdict on message m's checksum (enum ip_csum_status):
 * CSUM_GOOD or CSUM_BAD (*shouldbe: the right value) when the whole
 * message was captured, is no fragment's and is not quoted by an error;
 * else CSUM_UNVERIFIED, *why saying which ("in ICMP error packet",
 * "fragmented datagram": Wireshark's words for every other case). */
int icmp_sum_status(const struct frame *f, const struct icmp_layer *m, uint16_t *shouldbe, const char **why);

#endif
