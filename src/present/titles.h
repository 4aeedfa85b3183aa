#ifndef SYNFIN_TITLES_H
#define SYNFIN_TITLES_H
/* Layer titles, as Wireshark writes a protocol's item (titles.c). Each
 * writes nothing and returns false when synfin has no title for it. */
#include "present/fields.h"

bool ip_title(struct out *o, const struct view *v, int ip_index);   /* IPv4 or IPv6 header ip_index */
bool tcp_title(struct out *o, const struct view *v);
/* Occurrence k of protocol row proto_id (F_PROTO_IP, F_PROTO_IPV6, F_PROTO_TCP). */
bool layer_title(struct out *o, const struct view *v, int proto_id, int k);

#endif
