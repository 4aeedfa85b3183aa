/* The words Wireshark 4.0 gives an ICMP or ICMPv6 message: its type's and
 * code's names and the Info column (icmp_text.c). */
#ifndef SYNFIN_ICMP_TEXT_H
#define SYNFIN_ICMP_TEXT_H

#include <stddef.h>

#include "decode/packet.h"

/* The type's name ("Destination unreachable"), or NULL for one Wireshark does not name. */
const char *icmp_type_name(const struct icmp_layer *m);
/* The code's name ("Port unreachable"), or NULL. */
const char *icmp_code_name(const struct icmp_layer *m);
/* The Info column of frame f, whose ICMP layer it is, into buf (n bytes). */
void icmp_info(const struct frame *f, char *buf, size_t n);

#endif
