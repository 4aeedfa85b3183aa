/* The tree builder's parts (jtree.c), for the TCP and HTTP layers
 * (jtree_tcp.c, jtree_http.c). */
#ifndef SYNFIN_JTREE_IMPL_H
#define SYNFIN_JTREE_IMPL_H

#include "present/jsonw.h"

/* A node of kind under parent (-1: none); its index, or -1 when full. */
int jt_add(struct jtree *t, int parent, uint8_t kind);
/* s[0..n) copied into the arena: its offset, or UINT32_MAX when full. */
uint32_t jt_keep(struct jtree *t, const char *s, size_t n);
/* Field id with this value under parent. */
int jt_value(struct jtree *t, int parent, int id, const struct fval *val);
/* A text-only item labelled label under parent. */
int jt_text(struct jtree *t, int parent, const char *label);

/* Field id's k-th value under parent: the node, or -1 when absent. */
int jt_field(struct jtree *t, const struct view *v, int parent, int id, int k);
/* Every value of field id under parent, in order. */
void jt_field_all(struct jtree *t, const struct view *v, int parent, int id);
/* Whether field id has a value in this frame. */
bool jt_present(const struct view *v, int id);

/* Wireshark's expert severities and groups, as its JSON writes them. */
enum { SEV_COMMENT = 0x00100000, SEV_CHAT = 0x00200000, SEV_NOTE = 0x00400000, SEV_WARN = 0x00600000,
       SEV_ERROR = 0x00800000 };
enum { GRP_CHECKSUM = 0x01000000, GRP_SEQUENCE = 0x02000000, GRP_MALFORMED = 0x07000000, GRP_PROTOCOL = 0x09000000,
       GRP_COMMENT = 0x0b000000 };

/* An expert item under parent: "_ws.expert": {field id (-1: none synfin
 * has), _ws.expert.message, .severity, .group}. */
void jt_expert(struct jtree *t, const struct view *v, int parent, int id, const char *message, int sev, int group);

/* The k-th layer of kind ll (enum link_layer_id) of those found by their
 * place in the walk: UDP and the tunnels (jtree_walk.c), under parent (the
 * root, 0, or the ICMP error's layer that quotes it). */
void jtree_walk_layer(struct jtree *t, const struct view *v, uint8_t ll, int k, int parent);
/* ... the tunnels' among them: GRE, ERSPAN, VXLAN, Geneve (jtree_tunnel.c). */
void jtree_tunnel(struct jtree *t, const struct view *v, uint8_t ll, int k, int parent);
/* ... of the link-level encapsulations, whose header starts at off
 * (jtree_link.c). */
void jtree_link_layer(struct jtree *t, const struct view *v, uint8_t ll, int k, uint32_t off);
/* ... GTP-U, Teredo, AYIYA, LLC and 802.11 (jtree_mobile.c). */
void jtree_mobile_layer(struct jtree *t, const struct view *v, uint8_t ll, int k, int parent);
/* The TCP layer under parent (0, or the ICMP error's that quotes it), then
 * tcp.segments (jtree_tcp.c). */
void jtree_tcp(struct jtree *t, const struct view *v, int parent);
/* The frame's HTTP messages, one "http" layer each. */
void jtree_http(struct jtree *t, const struct view *v);
/* The fragment tree of IP header ip when it completed a datagram, under
 * its layer l (jtree_frag.c). */
void jtree_frag(struct jtree *t, const struct view *v, const struct ip_layer *ip, int l);

#endif
