/* Fields of the tunnel layers the decoder names in its walk: GRE, ERSPAN,
 * VXLAN and Geneve, as Wireshark 4.0 reads them. The rows at a fixed place
 * use get_walk_wire; these getters serve the rows whose presence or place
 * depends on the header (GRE's optional fields, ERSPAN's types), and the
 * protocols themselves. Every read is bounded by what was captured. */
#include "decode/decode.h"
#include "present/fields_walk.h"

#define GRE_CSUM 0x8000
#define GRE_ROUTING 0x4000
#define GRE_KEY 0x2000
#define GRE_SEQ 0x1000


/* Wireshark's "is_ppp": PPP in GRE version 1 (PPTP's enhanced GRE;
 * measured on pptp.pcap) and 3GPP2's A10 types. Their flags have the
 * acknowledgment bit (no row here) and four reserved bits, their key (but
 * A10 UBS's) is a payload length and a call id (no rows here either). */
static bool gre_ppp(uint16_t flags, uint16_t type)
{
    return (type == 0x880b && (flags & 1)) || type == 0x88d2 || type == 0x8881;
}

bool gre_is_ppp(const struct frame *f, uint32_t off)
{
    return frame_has(f, off, 4) && gre_ppp((uint16_t)be16_at(f->data + off), (uint16_t)be16_at(f->data + off + 2));
}

/* Where the GRE header at off has field id (checksum, offset, key,
 * sequence number) and its length; false when its flags leave it out. */
static bool gre_place(const struct frame *f, uint32_t off, int id, uint32_t *at, uint32_t *len)
{
    if (!frame_has(f, off, 4))
        return false;
    uint16_t flags = (uint16_t)be16_at(f->data + off), type = (uint16_t)be16_at(f->data + off + 2);
    bool cr = flags & (GRE_CSUM | GRE_ROUTING);
    uint32_t pos = off + 4;
    switch (id) {
    case F_GRE_CHECKSUM: *at = pos, *len = 2; return cr;
    case F_GRE_OFFSET: *at = pos + 2, *len = 2; return cr;
    default: break;
    }
    pos += cr ? 4 : 0;
    if (id == F_GRE_KEY) {
        *at = pos, *len = 4;
        return (flags & GRE_KEY) && !(gre_ppp(flags, type) && type != 0x8881);
    }
    pos += flags & GRE_KEY ? 4 : 0;
    *at = pos, *len = 4;
    return id == F_GRE_SEQUENCE_NUMBER && (flags & GRE_SEQ);
}

/* The ERSPAN type of walk layer w: 1 (type I: no header; GRE 0x88be
 * without a sequence number), 2 or 3 as its version nibble says (1 or 2),
 * 4 for another version, 0 when the first two bytes (Wireshark reads the
 * version from them) were not captured. */
static int erspan_type(const struct frame *f, int w)
{
    uint32_t off = f->walk_off[w];
    if (w > 0 && f->walk[w - 1] == LL_GRE && frame_has(f, f->walk_off[w - 1], 4)) {
        const uint8_t *g = f->data + f->walk_off[w - 1];
        if (be16_at(g + 2) == 0x88be && !(be16_at(g) & GRE_SEQ))
            return 1;
    }
    if (!frame_has(f, off, 2))
        return 0;
    int ver = f->data[off] >> 4;
    return ver == 1 ? 2 : ver == 2 ? 3 : 4;
}

int tunnel_erspan_type(const struct frame *f, int k)
{
    for (int w = 0; w < f->nwalk; w++)
        if (f->walk[w] == LL_ERSPAN && k-- == 0)
            return erspan_type(f, w);
    return 0;
}

/* The header length of walk layer w (what its protocol row covers). */
static uint32_t tunnel_hdr_len(const struct frame *f, int w)
{
    uint32_t off = f->walk_off[w];
    switch (f->walk[w]) {
    case LL_GRE: {
        uint16_t flags = frame_has(f, off, 2) ? (uint16_t)be16_at(f->data + off) : 0;
        return 4 + (flags & (GRE_CSUM | GRE_ROUTING) ? 4 : 0) + (flags & GRE_KEY ? 4 : 0) + (flags & GRE_SEQ ? 4 : 0);
    }
    case LL_ERSPAN: {
        int t = erspan_type(f, w);
        if (t == 3)
            return frame_has(f, off + 11, 1) && (f->data[off + 11] & 1) ? 20 : 12;
        return t == 2 ? 8 : 0;
    }
    case LL_GENEVE:
        return frame_has(f, off, 1) ? 8 + (f->data[off] & 0x3fu) * 4 : 8;
    default:
        return 8;
    }
}

static uint8_t proto_layer(int id)
{
    switch (id) {
    case F_PROTO_GRE: return LL_GRE;
    case F_PROTO_ERSPAN: return LL_ERSPAN;
    case F_PROTO_VXLAN: return LL_VXLAN;
    default: return LL_GENEVE;
    }
}

/* Each layer: its header's captured bytes, and what follows to the end;
 * none where Wireshark shows no block (a GRE header cut in its first 4
 * bytes, VXLAN or Geneve with none captured). */
WALK_GETTER(get_proto_tunnel)
{
    const struct frame *f = v->f;
    uint8_t ll = proto_layer((int)(fd - fields));
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        if (f->walk[w] != ll)
            continue;
        uint32_t off = f->walk_off[w];
        if (!frame_has(f, off, ll == LL_GRE ? 4 : ll == LL_ERSPAN ? 0 : 1))
            continue;
        val[n].p = f->data + (off < f->buflen ? off : f->buflen);
        val[n].n = frame_bytes_in(f, off, tunnel_hdr_len(f, w));
        val[n].i = frame_bytes_in(f, off, UINT32_MAX);
        n++;
    }
    return n;
}

/* Whether field id is in walk layer w at all (the rows read at a fixed
 * place, but only in some of a layer's forms). */
static bool tunnel_has(const struct frame *f, int w, int id)
{
    if (f->walk[w] == LL_GRE)     /* Wireshark reads its first 4 bytes before showing any */
        return frame_has(f, f->walk_off[w], 4);
    int t = erspan_type(f, w);
    switch (id) {
    case F_ERSPAN_VERSION:
        return t >= 2;
    case F_ERSPAN_VLAN: case F_ERSPAN_COS: case F_ERSPAN_TRUNCATED: case F_ERSPAN_SPANID:
        return t == 2 || t == 3;
    case F_ERSPAN_ENCAP: case F_ERSPAN_RESERVED: case F_ERSPAN_INDEX:
        return t == 2;
    case F_ERSPAN_PLATID:
        return t == 3 && frame_has(f, f->walk_off[w] + 11, 1) && (f->data[f->walk_off[w] + 11] & 1);
    default:
        return t == 3;
    }
}

WALK_GETTER(get_tunnel_wire)
{
    const struct frame *f = v->f;
    uint8_t ll = wire_walk_layer(fd->wire.layer);
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        uint32_t off = f->walk_off[w] + fd->wire.off;
        if (f->walk[w] != ll || !frame_has(f, off, fd->wire.len) || !tunnel_has(f, w, (int)(fd - fields)))
            continue;
        val[n].i = field_wire_number(fd, f->data + off);
        if (fd == &fields[F_GRE_FLAGS_RESERVED] && gre_is_ppp(f, f->walk_off[w]))
            val[n].i = f->data[off + 1] >> 3 & 0xf;      /* the reserved bits are 0x78 there */
        n++;
        /* another ERSPAN version: Wireshark adds the item twice, the second with its warning */
        if (fd == &fields[F_ERSPAN_VERSION] && erspan_type(f, w) == 4 && n < max)
            val[n].i = val[n - 1].i, n++;
    }
    return n;
}

WALK_GETTER(get_gre_opt)
{
    const struct frame *f = v->f;
    int n = 0;
    uint32_t at, len;
    for (int w = 0; w < f->nwalk && n < max; w++)
        if (f->walk[w] == LL_GRE && gre_place(f, f->walk_off[w], (int)(fd - fields), &at, &len)
            && frame_has(f, at, len))
            val[n++].i = len == 2 ? be16_at(f->data + at) : be32_at(f->data + at);
    return n;
}

/* The bytes GRE's checksum covers, as Wireshark's tvb for it: the UDP
 * payload under GRE in UDP, else the IP payload; 0 when neither is known. */
static uint32_t gre_span(const struct frame *f, int w, bool *fragment)
{
    uint32_t off = f->walk_off[w];
    *fragment = false;
    for (int i = f->nip - 1; i >= 0; i--) {
        const struct ip_layer *ip = &f->ip[i];
        if (ip->off >= off)
            continue;
        *fragment = ip->more_fragments || ip->later_fragment || ip->reassembled || ip->defrag;
        break;
    }
    if (w > 0 && f->walk[w - 1] == LL_UDP && f->walk_off[w - 1] + 8 == off) {
        if (!frame_has(f, off - 4, 2))
            return 0;
        uint32_t ulen = be16_at(f->data + off - 4);
        return ulen >= 8 ? ulen - 8 : 0;
    }
    const struct ip_layer *ip = frame_ip_carrying(f, off);
    return ip ? ip->payload_len : 0;
}

/* The checksum status of GRE walk layer w, -1 when it has no checksum
 * captured; *should what a bad one should be (Wireshark's
 * in_cksum_shouldbe). Wireshark verifies it when the bit is set and the
 * whole packet was captured and is not a fragment; a routing bit alone
 * shows the field unverified. */
static int gre_check(const struct frame *f, int w, uint32_t *should)
{
    uint32_t off = f->walk_off[w], at, len;
    if (f->walk[w] != LL_GRE || !gre_place(f, off, F_GRE_CHECKSUM, &at, &len) || !frame_has(f, at, len))
        return -1;
    bool fragment;
    uint32_t span = gre_span(f, w, &fragment);
    uint32_t wire_end = frame_reported_len(f);
    if (off < wire_end && span > wire_end - off)
        span = wire_end - off;
    if (!(f->data[off] & 0x80) || fragment || span < 6 || !frame_has(f, off, span))
        return CSUM_UNVERIFIED;
    uint16_t computed = inet_checksum(f->data + off, span);
    uint32_t x = be16_at(f->data + at) + computed;
    x = (x & 0xffff) + (x >> 16);
    *should = (x & 0xffff) + (x >> 16);
    return computed == 0 ? CSUM_GOOD : CSUM_BAD;
}

WALK_GETTER(get_gre_checksum_status)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0;
    uint32_t should;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        int st = gre_check(f, w, &should);
        if (st >= 0)
            val[n++].i = st;
    }
    return n;
}

int64_t gre_checksum_should_be(const struct view *v, int k)
{
    const struct frame *f = v->f;
    uint32_t should;
    for (int w = 0; w < f->nwalk; w++) {
        int st = gre_check(f, w, &should);
        if (st >= 0 && k-- == 0)
            return st == CSUM_BAD ? (int64_t)should : -1;
    }
    return -1;
}

/* Geneve's options: the bytes after the 8-byte header its length covers. */
WALK_GETTER(get_geneve_options)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        uint32_t off = f->walk_off[w];
        if (f->walk[w] != LL_GENEVE || !frame_has(f, off, 8))
            continue;
        uint32_t len = (f->data[off] & 0x3fu) * 4;
        if (len && frame_has(f, off + 8, len))
            val[n].p = f->data + off + 8, val[n].n = len, n++;
    }
    return n;
}
