/* The fields of UDP conversations (udp.stream, udp.time_relative,
 * udp.time_delta), read from the track stage's results in the view
 * (track/udpconv.h), and udp.payload, for the registry's table in
 * fields.c. Each field's occurrences follow the walk's UDP headers, a
 * header without the value giving none. */
#ifndef SYNFIN_FIELDS_UDPCONV_H
#define SYNFIN_FIELDS_UDPCONV_H

#include "present/fields.h"

#define UDPCONV_GETTER(name) int name(const struct field *fd, const struct view *v, struct fval *val, int max)

UDPCONV_GETTER(get_udp_stream);
UDPCONV_GETTER(get_udp_time_relative);
UDPCONV_GETTER(get_udp_time_delta);
UDPCONV_GETTER(get_udp_payload);

/* The k-th UDP header's conversation results, or NULL. */
const struct udpconv_layer *udpconv_layer_at(const struct view *v, int k);
/* Which occurrence of udp.stream (time: of udp.time_relative) the k-th
 * UDP header's value is, or -1 when it has none. */
int udpconv_stream_occ(const struct view *v, int k, bool time);
#endif
