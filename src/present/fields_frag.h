/* The fields of IPv4 and IPv6 reassembly (Wireshark's fragment tree:
 * ip.fragment*, ip.reassembled.*, ipv6.fragment*, ipv6.reassembled.*),
 * read in the frame that completed a datagram from the defragmenter's
 * list (view's frags) and the reassembled payload after the frame's
 * bytes (fields_frag.c), for the registry's table in fields.c. */
#ifndef SYNFIN_FIELDS_FRAG_H
#define SYNFIN_FIELDS_FRAG_H

#include "present/fields.h"

#define FRAG_GETTER(name) int name(const struct field *fd, const struct view *v, struct fval *val, int max)

/* The reassembled IP header of this version (4 or 6) in v's frame, with
 * its fragment list, or NULL. */
const struct ip_layer *frag_reassembled_ip(const struct view *v, int version);

FRAG_GETTER(get_ip_fragments);
FRAG_GETTER(get_ipv6_fragments);
FRAG_GETTER(get_ip_fragment);
FRAG_GETTER(get_ipv6_fragment);
FRAG_GETTER(get_ip_fragment_error);
FRAG_GETTER(get_ipv6_fragment_error);
FRAG_GETTER(get_ip_fragment_flag);
FRAG_GETTER(get_ipv6_fragment_flag);
FRAG_GETTER(get_ip_fragment_count);
FRAG_GETTER(get_ipv6_fragment_count);
FRAG_GETTER(get_ip_reassembled_length);
FRAG_GETTER(get_ipv6_reassembled_length);
FRAG_GETTER(get_ip_reassembled_data);
FRAG_GETTER(get_ipv6_reassembled_data);
/* ip.reassembled_in, ipv6.reassembled.in: tshark's single pass shows
 * them only in a fragment of a datagram already reassembled, which one
 * pass never meets; none here either. */
FRAG_GETTER(get_frag_reassembled_in);

/* The flag (DEFRAG_F_*) a row of fragment flags stands for. */
int frag_row_flag(int id);

#endif
