/* The line writers of -V, shared by the files that write its blocks
 * (print_detail.c, print_detail_walk.c). Every value comes from the field
 * registry; k is a field's occurrence in the frame. Internal to present/. */
#ifndef SYNFIN_DETAIL_IMPL_H
#define SYNFIN_DETAIL_IMPL_H

#include "present/fields.h"
#include "present/out.h"
#include "present/view.h"

/* The report's byte view: the line about to be written shows these bytes. */
/* Wireshark's item labels hold 239 bytes (ITEM_LABEL_LENGTH, 240 with the
 * NUL): a longer one is cut there, a generated item's brackets put around
 * what is left. */
enum { DT_LABEL_MAX = 239 };

void dt_mark(struct out *o, uint32_t off, uint32_t len);

/* An FT_BYTES value as Wireshark's tree writes it: hex, at most 36 bytes,
 * then an ellipsis. */
void dt_bytes(struct out *o, const uint8_t *p, size_t n);
/* ... the bytes of field id's k-th value, when it is read from one place. */
void dt_mark_field(struct out *o, const struct view *v, int id, int k);
/* Field id's k-th value as text in buf ("" when absent). */
const char *dt_value_at(const struct view *v, int id, int k, char *buf, size_t n);
const char *dt_value(const struct view *v, int id, char *buf, size_t n);
/* Its typed value, or -1 when absent (integer fields). */
int64_t dt_int_at(const struct view *v, int id, int k);
bool dt_has(const struct view *v, int id);
void dt_indent(struct out *o, int depth);
/* "    Label: value" ("Label: Name (value)" when the value has a name),
 * in brackets when derived, with an optional suffix. */
void dt_line_at(struct out *o, const struct view *v, int depth, int id, int k, bool derived, const char *suffix);
void dt_line(struct out *o, const struct view *v, int depth, int id, bool derived, const char *suffix);
/* Wireshark's expert item under a line: "[Expert Info (Warning/Checksum):
 * msg]" at depth, then the message, its severity and its group a level
 * deeper. */
void dt_expert(struct out *o, int depth, const char *severity, const char *group, const char *msg);
/* A flag of a 12-bit field (TCP's): ".... ..1. = Syn: Set". */
void dt_bit_line(struct out *o, const struct view *v, int depth, uint16_t value, int bit, int nbits, int id);
/* A bit line of field id's k-th value drawn from its wire place: its
 * header's bits under the row's mask, dots elsewhere, then "= Label: value"
 * (the value's name; True or False for a boolean without names). */
void dt_bits_at(struct out *o, const struct view *v, int depth, int id, int k);
/* The bits part of such a line, up to " = ": the len bytes at off (the
 * captured wire place of a row of fd's mask), marked for the byte view. */
void dt_bits_drawn(struct out *o, const struct view *v, int depth, const struct field *fd, uint32_t off, uint32_t len);

/* The blocks of the layers found by their place in the walk (UDP and the
 * tunnels, print_detail_walk.c): the k-th layer of kind ll (enum
 * link_layer_id), whose header starts at off, its title at depth d (1
 * inside an ICMP error's block, which nests what the error quotes). */
void detail_walk_layer(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off, int d);
/* ... the tunnels' among them: GRE, ERSPAN, VXLAN, Geneve
 * (print_detail_tunnel.c), at depth d: GRE and ERSPAN may sit inside an
 * ICMP error's block (a quoted IP header's payload); VXLAN and Geneve
 * never do, as UDP hands its payload to the tree's root. */
void detail_tunnel(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off, int d);
/* ... of the link-level encapsulations (PPPoE, PPP, MPLS, 802.1ad,
 * 802.1ah, VN-Tag: print_detail_link.c), at top level (no ICMP error
 * quotes them). */
void detail_link_layer(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off);
/* ... GTP-U, Teredo, AYIYA and LLC (print_detail_mobile.c), at top level. */
void detail_mobile_layer(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off);
/* ... IEEE 802.11 in Aruba GRE (print_detail_wlan.c), at top level. */
void detail_wlan_layer(struct out *o, const struct view *v, uint32_t off);
/* The fragment tree of an IP header that completed a datagram, at depth d
 * (the header's lines'), after its other lines (print_detail_frag.c). */
void detail_frag(struct out *o, const struct view *v, const struct ip_layer *ip, int d);
/* The TCP block's "[SEQ/ACK analysis]" tree, its title at depth d + 1 (d:
 * the TCP title's depth), when the analysis has something to show
 * (print_detail_seq.c). */
void detail_seq_analysis(struct out *o, const struct view *v, int d);

#endif
