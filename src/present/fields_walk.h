/* The getters of the fields of the layers the decoder names in its walk
 * (struct frame's walk and walk_off): UDP and the tunnels in it, GRE and
 * the link layers that have no struct of their own. Each reads its bytes
 * at the layer's place in the frame, bounded by what was captured
 * (fields_walk.c), for the registry's table in fields.c. */
#ifndef SYNFIN_FIELDS_WALK_H
#define SYNFIN_FIELDS_WALK_H

#include "present/fields.h"

#define WALK_GETTER(name) int name(const struct field *fd, const struct view *v, struct fval *val, int max)

/* A row's value read at its wire place in every layer of its kind, in the
 * order walked: a number (masked and shifted) or, for bytes and
 * addresses, the bytes. A layer whose bytes there were not captured has
 * none. */
WALK_GETTER(get_walk_wire);

/* A UDP header at off with a checksum of 0 is Wireshark's "Illegal" there
 * (over IPv6, not quoted by an ICMP error). */
bool udp_zero_checksum_illegal(const struct frame *f, uint32_t off);

/* The k-th layer of the walk of kind ll (enum link_layer_id): where its
 * header starts, or false when the frame has no k-th one. */
bool walk_layer_at(const struct frame *f, uint8_t ll, int k, uint32_t *off);

/* Where each header of a wire place's kind starts, in the order walked
 * (up to max; the k-th is its fields' k-th occurrence), and the k-th. */
int walk_wire_bases(const struct frame *f, uint8_t wire_layer, uint32_t *off, int max);
bool walk_wire_base(const struct frame *f, uint8_t wire_layer, int k, uint32_t *off);
/* ... for the link layers whose places are not one per walk layer
 * (fields_link.c): -1 for any other kind. */
int link_wire_bases(const struct frame *f, uint8_t wire_layer, uint32_t *off, int max);
/* The occurrence whose header starts at off, or -1. */
int link_wire_index(const struct frame *f, uint8_t wire_layer, uint32_t off);
WALK_GETTER(get_walk_proto);
WALK_GETTER(get_ppp_protocol);
WALK_GETTER(get_cfp_eid);
/* Where the k-th FabricPath header's FCS is, or UINT32_MAX. */
uint32_t link_cfp_fcs(const struct frame *f, int k);
WALK_GETTER(get_cfp_hmac);
WALK_GETTER(get_cfp_fcs_status);

/* Where each layer of kind ll the walk named starts, in walk order (up
 * to max), when test(f, w) holds for it (w: its index in the walk): the
 * layers a kind's getters give values for (a GTP-U header gtp_parse reads,
 * an AYIYA header captured whole ...). */
typedef bool walk_test_fn(const struct frame *f, int w);
int walk_layers(const struct frame *f, uint8_t ll, walk_test_fn *test, uint32_t *offs, int max);

/* The walk layer a wire place reads (enum link_layer_id), or 0 (LL_NONE)
 * when the place is not a walk layer's. */
uint8_t wire_walk_layer(uint8_t wire_layer);

WALK_GETTER(get_proto_udp);
WALK_GETTER(get_udp_port);
WALK_GETTER(get_udp_checksum_status);

/* GRE, ERSPAN, VXLAN and Geneve (fields_tunnel.c). */
WALK_GETTER(get_proto_tunnel);
WALK_GETTER(get_tunnel_wire);
WALK_GETTER(get_gre_opt);
WALK_GETTER(get_gre_checksum_status);
WALK_GETTER(get_geneve_options);
/* What the k-th GRE checksum should be when it is bad, else -1. */
int64_t gre_checksum_should_be(const struct view *v, int k);
/* Whether the GRE header at off is Wireshark's PPP kind (PPTP's enhanced
 * GRE, 3GPP2 A10): an acknowledgment bit and four reserved bits. */
bool gre_is_ppp(const struct frame *f, uint32_t off);
/* The k-th ERSPAN layer's type: 1 (I), 2 (II), 3 (III) or 4 (another
 * version); 0 when its version was not captured. */
int tunnel_erspan_type(const struct frame *f, int k);

#endif
