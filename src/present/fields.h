/* The field registry: every field synfin shows is named once here, by its
 * Wireshark name, with its label, how its value is written and how it is
 * got from a frame. -T fields, -T json and the -V detail view all read it. */
#ifndef SYNFIN_FIELDS_H
#define SYNFIN_FIELDS_H

#include "present/out.h"
#include "present/view.h"

/* A field's value type, as Wireshark's FT_ types (tshark -G fields). The
 * filter engine compares by type; the display says how a value is written. */
enum field_type {
    T_NONE,           /* a label: present or not (the tcp.analysis flags) */
    T_PROTOCOL,       /* a protocol: its bytes */
    T_BOOLEAN,
    T_UINT8, T_UINT16, T_UINT24, T_UINT32, T_UINT64, T_INT8, T_INT16, T_INT32,
    T_FRAMENUM,
    T_IPv4, T_IPv6, T_ETHER,
    T_BYTES, T_STRING,
    T_ABSOLUTE_TIME, T_RELATIVE_TIME,
    T_COUNT
};

/* Wireshark's name of a type, as in its messages ("Unsigned integer (2 bytes)"). */
extern const char *const field_type_names[T_COUNT];
/* Its code, as tshark -G fields lists it ("FT_UINT16"). */
extern const char *const field_type_codes[T_COUNT];

enum field_display {
    D_DEC,        /* unsigned or signed decimal */
    D_HEX,        /* 0x and `width` hex digits */
    D_BYTES,      /* hex bytes, no separator */
    D_ETHER,      /* aa:bb:cc:dd:ee:ff */
    D_IPV4,
    D_IPV6,
    D_ABSTIME,    /* seconds since the epoch, 9 decimals */
    D_DATETIME,   /* "Nov  5, 2026 21:00:00.123456789 UTC", in local time as tshark */
    D_RELTIME,    /* signed seconds, 9 decimals */
    D_STR,        /* text made by synfin */
    D_TEXT,       /* packet text: the bytes as sent, escaped when written (Wireshark's format_text) */
    D_UTF8,       /* file text meant as UTF-8 (pcapng comments): out_utf8 */
    D_PROTO,      /* a protocol: filters read its bytes; -T fields writes nothing yet */
};

/* One occurrence of a field's value. */
struct fval {
    int64_t i;                /* D_DEC (signed), D_HEX; D_PROTO: bytes from p to the layer's data end */
    const uint8_t *p;         /* D_BYTES, D_ETHER, D_IPV4, D_IPV6, D_STR, D_PROTO (its header) */
    uint32_t n;               /* length of p */
    struct timespec t;        /* D_ABSTIME, D_RELTIME */
};

#define MAX_OCCURRENCES 64

/* Where a field lies in its header, as Wireshark's hf offset, length and
 * bitmask: the generic getters read the value there (big-endian, masked,
 * shifted down; a boolean is whether any masked bit is set). */
enum wire_layer {
    W_NONE, W_ETH, W_IP4, W_IP6, W_TCP,
    /* layers found by their place in the walk (fields_walk.c) */
    W_UDP,
    W_GRE, W_ERSPAN, W_VXLAN, W_GENEVE,
    /* link layers (fields_link.c): W_MPLS is each label stack entry,
     * W_8021AH each I-tag (an 802.1ad B-tag's too), W_8021AH_TYPE each
     * ieee8021ah.etype (802.1ad's Type is one), W_PPP each PPP protocol
     * field */
    W_PPPOE, W_PPP, W_MPLS, W_8021AD, W_8021AH, W_8021AH_TYPE, W_VNTAG, W_VLAN,
    /* FabricPath: the header; each hierarchical address (a unicast
     * destination's, then the source's); a multicast destination; the FCS */
    W_CFP, W_CFP_HMAC, W_CFP_DHMAC, W_CFP_SHMAC, W_CFP_DMC, W_CFP_FCS,
    W_GTP, W_AYIYA, W_LLC,   /* fields_mobile.c */
    W_WLAN,                  /* fields_wlan.c */
    W_COUNT
};

struct wire_place {
    uint8_t layer;            /* enum wire_layer; W_NONE: derived, not read from one place */
    uint8_t off, len;         /* bytes from the header's start */
    uint32_t mask;            /* 0: all the bytes */
};

#define WIRE(layer, off, len, mask) { layer, off, len, mask }
#define NOWIRE { W_NONE, 0, 0, 0 }

struct field {
    const char *name;         /* Wireshark's field name */
    const char *label;        /* as the detail view shows it */
    uint8_t type;             /* enum field_type */
    uint8_t display;
    uint8_t width;            /* hex digits for D_HEX */
    struct wire_place wire;
    /* Fill up to max values; returns how many (0: the field is absent). */
    int (*get)(const struct field *fd, const struct view *v, struct fval *vals, int max);
};

enum field_id {
#define FIELD(id, name, label, type, disp, width, wire, get) id,
#include "present/field_list.h"
#undef FIELD
    FIELD_COUNT
};

extern const struct field fields[FIELD_COUNT];

extern const uint8_t field_missing[1];

/* The row's value read at its wire place from a header's bytes at p (the
 * caller checked they were captured): big-endian, masked and shifted down
 * as Wireshark's bitmask; a boolean is whether any masked bit is set. */
int64_t field_wire_number(const struct field *fd, const uint8_t *p);

/* Field id's values in the frame of v: up to max, returns how many. */
static inline int field_get(int id, const struct view *v, struct fval *vals, int max)
{
    return fields[id].get(&fields[id], v, vals, max);
}

/* The field with this name, or -1. */
int field_lookup(const char *name);

/* Whether field id's values need no SEQ/ACK analysis, HTTP, state or TCP
 * option after a SYN (fields.c). */
bool field_is_header_only(int id);

/* The names Wireshark gives a field's values (field_values.c). */
bool field_has_value_names(int field);
const char *field_value_name(int field, int64_t value);      /* NULL: none */
/* The name tshark gives a Private Enterprise Number (a pcapng custom
 * block's), or "Unknown": only the reserved 0 and the documentation's
 * 32473 are known here; tshark names the rest from its 62,000-line
 * enterprises file, which synfin does not carry. */
const char *pen_name(uint32_t pen);
/* frame.protocols names every protocol tshark 4.0 would: the frame ends in
 * TCP whose payload synfin knows the fate of (none, HTTP, data, bytes seen
 * before). Elsewhere tshark's list goes on (DNS, ARP, BGP ...). */
bool frame_protocols_complete(const struct view *v);
bool field_value_named(int field, const char *name, int64_t *value);

/* Where occurrence k of field id lies in the frame (its wire place), when
 * it is read from one place and was captured. */
bool field_wire_span(int id, const struct view *v, int k, uint32_t *off, uint32_t *len);
/* Whether Wireshark adds tcp.nop (4 NOPs in a row) just before option i of
 * the frame's TCP header: the fourth NOP of an aligned 32-bit word. */
bool field_tcp_nop_before(const struct view *v, int i);
/* Whether Wireshark 4.0 has a dissector for TCP option kind (else its
 * tree is "TCP Option - Unknown" with tcp.options.unknown.payload). */
bool field_tcp_option_known(uint8_t kind);
/* The occurrence of field id whose bytes start at p (k-th value), or -1. */
int field_occurrence_at(int id, const struct view *v, const uint8_t *p);

/* Write one value as tshark's -T fields writes it. */
void field_write(struct out *o, const struct field *fd, const struct fval *val);

#endif
