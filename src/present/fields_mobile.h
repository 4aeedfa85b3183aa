/* The getters of GTP-U v1, Teredo, AYIYA and LLC (fields_mobile.c), and
 * where their parts lie in a layer, for -V and JSON. */
#ifndef SYNFIN_FIELDS_MOBILE_H
#define SYNFIN_FIELDS_MOBILE_H

#include "present/fields_walk.h"

#define GTP_EXT_MAX 16

/* A GTP-U v1 header: its optional 4 bytes (opt), the extension headers
 * whose bytes were all captured, and the length that makes. */
struct gtp_parts {
    bool opt;
    int next_ext;
    uint8_t ext_type[GTP_EXT_MAX];
    uint32_t ext_off[GTP_EXT_MAX], ext_len[GTP_EXT_MAX];
    uint32_t hdr_len;
};
/* 0: not a GTP v1 header (its first byte not captured, or not v1 GTP). */
int gtp_parse(const struct frame *f, uint32_t off, struct gtp_parts *g);

/* Teredo's indications: auth when its type and two lengths were captured,
 * orig when its type was, auth_whole when all the authentication's bytes
 * were (then the origin may follow). */
struct teredo_parts {
    bool auth, auth_whole, orig;
    uint32_t auth_off, auth_len, orig_off;
};
int teredo_parse(const struct frame *f, uint32_t off, struct teredo_parts *t);

/* An 802.2 header: its control field, a U frame's (1 byte) or an I or S
 * frame's (2, little-endian as Wireshark reads it), SNAP's OUI and protocol id
 * (etype: the id is an EtherType). 0: its two SAPs were not captured. */
struct llc_parts {
    bool u_frame, snap, etype;
    uint8_t control_len;      /* 1 (a U frame), 2 (I or S), 0: not captured */
    uint32_t oui;
    uint16_t pid;
};
int llc_parse(const struct frame *f, uint32_t off, struct llc_parts *l);
/* Whether the LLC at off is an 802.11 A-MSDU subframe's: tshark shows it
 * inside the A-MSDU's tree, not as a layer of its own. */
bool llc_in_amsdu(const struct frame *f, uint32_t off);

/* The occurrence of field id that belongs to the layer of kind ll at off:
 * how many values the layers walked before it give (a field only some
 * layers have, a GTP sequence number, is counted over those). */
int walk_occurrence(const struct view *v, uint8_t ll, uint32_t off, int id);
/* Whether that layer has a value of field id of its own. */
bool walk_layer_has(const struct view *v, uint8_t ll, uint32_t off, int id);

WALK_GETTER(get_proto_gtp);
WALK_GETTER(get_gtp_wire);
WALK_GETTER(get_gtp_optional);
WALK_GETTER(get_gtp_ext);
WALK_GETTER(get_gtp_pdu_session);
#define GTP_EXT_PDU_SESSION 0x85   /* the PDU Session container's type */
WALK_GETTER(get_proto_teredo);
WALK_GETTER(get_teredo);
WALK_GETTER(get_proto_ayiya);
WALK_GETTER(get_ayiya_wire);
/* The length of the AYIYA header at off, or 0 when it was not all captured
 * (Wireshark shows no AYIYA tree then). */
uint32_t ayiya_len(const struct frame *f, uint32_t off);
WALK_GETTER(get_ayiya_epoch);
WALK_GETTER(get_ayiya_bytes);
WALK_GETTER(get_proto_llc);
WALK_GETTER(get_llc_wire);
WALK_GETTER(get_llc_ui);
WALK_GETTER(get_llc_snap);

#endif
