/* Fields of GTP-U v1, Teredo, AYIYA and 802.2 LLC (with SNAP), read at
 * their place in the walk, bounded by what was captured. A part whose
 * bytes were not all captured gives no value (tshark shows none either:
 * it stops the layer there). The parsers here are the -V and JSON
 * writers' too (fields_mobile.h), so the three agree on where a part is. */
#include <string.h>

#include "decode/decode.h"
#include "present/fields_mobile.h"

/* Field id's values in the layers walked before the layer of kind ll at
 * off (through it too, when through). */
static int walk_count(const struct view *v, uint8_t ll, uint32_t off, int id, bool through)
{
    struct frame cut = *v->f;
    for (int w = 0; w < cut.nwalk; w++)
        if (cut.walk[w] == ll && cut.walk_off[w] == off) {
            cut.nwalk = (uint8_t)(w + through);
            break;
        }
    struct view u = *v;
    u.f = &cut;
    struct fval vals[MAX_OCCURRENCES];
    return field_get(id, &u, vals, MAX_OCCURRENCES);
}

int walk_occurrence(const struct view *v, uint8_t ll, uint32_t off, int id)
{
    return walk_count(v, ll, off, id, false);
}

bool walk_layer_has(const struct view *v, uint8_t ll, uint32_t off, int id)
{
    return walk_count(v, ll, off, id, true) > walk_count(v, ll, off, id, false);
}

/* ---- GTP-U ---- */

/* A GTP version 1 header with the protocol type GTP (not GTP'). */
static bool gtp_ok(const struct frame *f, uint32_t off)
{
    return frame_has(f, off, 1) && f->data[off] >> 5 == 1 && (f->data[off] & 0x10);
}

int gtp_parse(const struct frame *f, uint32_t off, struct gtp_parts *g)
{
    memset(g, 0, sizeof *g);
    if (!gtp_ok(f, off))
        return 0;
    uint8_t flags = f->data[off];
    g->hdr_len = frame_bytes_in(f, off, 8);
    if (!(flags & 0x07) || g->hdr_len < 8)
        return 1;
    if (!frame_has(f, off + 8, 4))
        return 1;
    g->opt = true;
    g->hdr_len = 12;
    if (!(flags & 0x04))
        return 1;
    uint32_t pos = off + 12;
    uint8_t next = f->data[off + 11];
    while (next != 0 && g->next_ext < GTP_EXT_MAX) {
        if (!frame_has(f, pos, 1) || f->data[pos] == 0)
            break;
        uint32_t len = f->data[pos] * 4u;
        if (!frame_has(f, pos, len))
            break;
        g->ext_type[g->next_ext] = next;
        g->ext_off[g->next_ext] = pos;
        g->ext_len[g->next_ext] = len;
        g->next_ext++;
        pos += len;
        g->hdr_len = pos - off;
        next = f->data[pos - 1];
    }
    return 1;
}

/* The GTP layers' header starts, when they are ones gtp_parse reads. */
static bool gtp_at(const struct frame *f, int w)
{
    return gtp_ok(f, f->walk_off[w]);
}

WALK_GETTER(get_proto_gtp)
{
    (void)fd;
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_GTP, gtp_at, offs, MAX_WALK), n = 0;
    struct gtp_parts g;
    for (int i = 0; i < m && n < max; i++)
        if (gtp_parse(f, offs[i], &g)) {
            val[n].p = f->data + offs[i];
            val[n].n = g.hdr_len;
            val[n].i = f->buflen - offs[i];
            n++;
        }
    return n;
}

WALK_GETTER(get_gtp_wire)
{
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_GTP, gtp_at, offs, MAX_WALK), n = 0;
    for (int i = 0; i < m && n < max; i++) {
        uint32_t at = offs[i] + fd->wire.off;
        if (!frame_has(f, at, fd->wire.len))   /* a cut header shows what was captured */
            continue;
        int64_t x = 0;
        for (int b = 0; b < fd->wire.len; b++)
            x = x << 8 | f->data[at + b];
        if (fd->wire.mask) {
            x &= fd->wire.mask;
            x = fd->type == T_BOOLEAN ? x != 0 : x >> __builtin_ctz(fd->wire.mask);
        }
        val[n++].i = x;
    }
    return n;
}

/* The sequence number (S) and N-PDU number (PN), each when its flag says. */
WALK_GETTER(get_gtp_optional)
{
    const struct frame *f = v->f;
    bool seq = fd == &fields[F_GTP_SEQ_NUMBER];
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_GTP, gtp_at, offs, MAX_WALK), n = 0;
    struct gtp_parts g;
    for (int i = 0; i < m && n < max; i++) {
        if (!gtp_parse(f, offs[i], &g) || !g.opt || !(f->data[offs[i]] & (seq ? 0x02 : 0x01)))
            continue;
        const uint8_t *p = f->data + offs[i];
        val[n++].i = seq ? p[8] << 8 | p[9] : p[10];
    }
    return n;
}

/* gtp.ext_hdr.next: the header's next type (when E is set), then each
 * extension header's last byte; gtp.ext_hdr and its length: one each. */
WALK_GETTER(get_gtp_ext)
{
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_GTP, gtp_at, offs, MAX_WALK), n = 0;
    struct gtp_parts g;
    for (int i = 0; i < m; i++) {
        if (!gtp_parse(f, offs[i], &g) || !g.opt || !(f->data[offs[i]] & 0x04))
            continue;
        if (fd == &fields[F_GTP_EXT_HDR_NEXT] && n < max)
            val[n++].i = f->data[offs[i] + 11];
        for (int e = 0; e < g.next_ext && n < max; e++) {
            const uint8_t *p = f->data + g.ext_off[e];
            if (fd == &fields[F_GTP_EXT_HDR_NEXT])
                val[n].i = p[g.ext_len[e] - 1];
            else if (fd == &fields[F_GTP_EXT_HDR_LENGTH])
                val[n].i = p[0];
            else   /* a label: tshark's -T fields writes 1 */
                val[n].p = p, val[n].n = g.ext_len[e], val[n].i = 1;
            n++;
        }
    }
    return n;
}

/* The PDU Session container's type (its first byte's high nibble) and QoS
 * flow id (the second byte's low 6 bits), in each such extension header. */
WALK_GETTER(get_gtp_pdu_session)
{
    const struct frame *f = v->f;
    bool qfi = fd == &fields[F_GTP_QFI];
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_GTP, gtp_at, offs, MAX_WALK), n = 0;
    struct gtp_parts g;
    for (int i = 0; i < m; i++) {
        if (!gtp_parse(f, offs[i], &g))
            continue;
        for (int e = 0; e < g.next_ext && n < max; e++)
            if (g.ext_type[e] == GTP_EXT_PDU_SESSION) {
                const uint8_t *p = f->data + g.ext_off[e];
                val[n++].i = qfi ? p[2] & 0x3f : p[1] >> 4;
            }
    }
    return n;
}

/* ---- Teredo ---- */

int teredo_parse(const struct frame *f, uint32_t off, struct teredo_parts *t)
{
    memset(t, 0, sizeof *t);
    if (!frame_has(f, off, 2))
        return 0;
    uint32_t pos = off;
    if ((f->data[pos] << 8 | f->data[pos + 1]) == 1) {
        if (!frame_has(f, pos, 4))
            return 1;                 /* Wireshark reads both lengths first */
        t->auth = true;
        t->auth_off = pos;
        t->auth_len = 13 + f->data[pos + 2] + f->data[pos + 3];
        if (!frame_has(f, pos, t->auth_len))
            return 1;
        t->auth_whole = true;
        pos += t->auth_len;
    }
    if (frame_has(f, pos, 2) && (f->data[pos] << 8 | f->data[pos + 1]) == 0) {
        t->orig = true;
        t->orig_off = pos;
    }
    return 1;
}

static bool teredo_at(const struct frame *f, int w)
{
    return frame_has(f, f->walk_off[w], 2);
}

WALK_GETTER(get_proto_teredo)
{
    (void)fd;
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_TEREDO, teredo_at, offs, MAX_WALK), n = 0;
    struct teredo_parts t;
    for (int i = 0; i < m && n < max; i++) {
        teredo_parse(f, offs[i], &t);
        val[n].p = f->data + offs[i];
        val[n].n = frame_bytes_in(f, offs[i], (t.orig ? t.orig_off + 8 - offs[i] : t.auth_whole ? t.auth_len : 2));
        val[n].i = f->buflen - offs[i];
        n++;
    }
    return n;
}

static _Thread_local uint8_t teredo_addr[MAX_OCCURRENCES][4];

/* Every part of the authentication and origin indications; the origin's
 * port and address are sent inverted (RFC 4380 5.1.1). */
WALK_GETTER(get_teredo)
{
    const struct frame *f = v->f;
    int id = (int)(fd - fields);
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_TEREDO, teredo_at, offs, MAX_WALK), n = 0;
    struct teredo_parts t;
    for (int i = 0; i < m && n < max; i++) {
        teredo_parse(f, offs[i], &t);
        const uint8_t *a = f->data + t.auth_off, *o = f->data + t.orig_off;
        /* a part is there when its bytes were captured */
        bool lens = t.auth && frame_has(f, t.auth_off, 4);
        uint32_t idlen = lens ? a[2] : 0, aulen = lens ? a[3] : 0, tail = t.auth_off + 4 + idlen + aulen;
        struct fval *x = &val[n];
        memset(x, 0, sizeof *x);
        switch (id) {
        case F_TEREDO_AUTH: if (!t.auth) continue; x->p = a, x->n = frame_bytes_in(f, t.auth_off, t.auth_len), x->i = 1; break;
        case F_TEREDO_AUTH_IDLEN: if (!lens) continue; x->i = idlen; break;
        case F_TEREDO_AUTH_AULEN: if (!lens) continue; x->i = aulen; break;
        case F_TEREDO_AUTH_ID:
            if (!idlen || !frame_has(f, t.auth_off + 4, idlen)) continue;
            x->p = a + 4, x->n = idlen;
            break;
        case F_TEREDO_AUTH_VALUE:
            if (!aulen || !frame_has(f, t.auth_off + 4 + idlen, aulen)) continue;
            x->p = a + 4 + idlen, x->n = aulen;
            break;
        case F_TEREDO_AUTH_NONCE: if (!lens || !frame_has(f, tail, 8)) continue; x->p = f->data + tail, x->n = 8; break;
        case F_TEREDO_AUTH_CONF: if (!lens || !frame_has(f, tail + 8, 1)) continue; x->p = f->data + tail + 8, x->n = 1; break;
        case F_TEREDO_ORIG: if (!t.orig) continue; x->p = o, x->n = frame_bytes_in(f, t.orig_off, 8), x->i = 1; break;
        case F_TEREDO_ORIG_PORT:
            if (!t.orig || !frame_has(f, t.orig_off + 2, 2)) continue;
            x->i = (uint16_t)~(o[2] << 8 | o[3]);
            break;
        case F_TEREDO_ORIG_ADDR:
            if (!t.orig || !frame_has(f, t.orig_off + 4, 4))
                continue;
            /* The inverted copy: one slot per occurrence, the same
             * bytes for every call on this frame. */
            for (int b = 0; b < 4; b++)
                teredo_addr[n][b] = (uint8_t)~o[4 + b];
            x->p = teredo_addr[n];
            x->n = 4;
            break;
        default: continue;
        }
        n++;
    }
    return n;
}

/* ---- AYIYA ---- */

uint32_t ayiya_len(const struct frame *f, uint32_t off)
{
    if (!frame_has(f, off, 2))
        return 0;
    uint32_t len = 8 + (1u << (f->data[off] >> 4)) + (f->data[off + 1] >> 4) * 4u;
    return frame_has(f, off, len) ? len : 0;
}

/* The AYIYA headers captured whole, in walk order. */
static bool ayiya_at(const struct frame *f, int w)
{
    return ayiya_len(f, f->walk_off[w]) != 0;
}

WALK_GETTER(get_proto_ayiya)
{
    (void)fd;
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_AYIYA, ayiya_at, offs, MAX_WALK), n = 0;
    for (int i = 0; i < m && n < max; i++, n++) {
        val[n].p = f->data + offs[i];
        val[n].n = ayiya_len(f, offs[i]);
        val[n].i = f->buflen - offs[i];
    }
    return n;
}

WALK_GETTER(get_ayiya_wire)
{
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_AYIYA, ayiya_at, offs, MAX_WALK), n = 0;
    for (int i = 0; i < m && n < max; i++) {
        uint8_t x = f->data[offs[i] + fd->wire.off];
        val[n++].i = fd->wire.mask ? (x & fd->wire.mask) >> __builtin_ctz(fd->wire.mask) : x;
    }
    return n;
}

/* Seconds since 1970, 32 bits. */
WALK_GETTER(get_ayiya_epoch)
{
    (void)fd;
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_AYIYA, ayiya_at, offs, MAX_WALK), n = 0;
    for (int i = 0; i < m && n < max; i++, n++) {
        const uint8_t *p = f->data + offs[i] + 4;
        memset(&val[n], 0, sizeof val[n]);
        val[n].t.tv_sec = (time_t)((uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3]);
    }
    return n;
}

/* Identity (2^n bytes) and signature (n * 4 bytes, none when 0). */
WALK_GETTER(get_ayiya_bytes)
{
    const struct frame *f = v->f;
    bool sig = fd == &fields[F_AYIYA_SIGNATURE];
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_AYIYA, ayiya_at, offs, MAX_WALK), n = 0;
    for (int i = 0; i < m && n < max; i++) {
        uint32_t il = 1u << (f->data[offs[i]] >> 4), sl = (f->data[offs[i] + 1] >> 4) * 4u;
        if (sig && !sl)
            continue;
        val[n].p = f->data + offs[i] + 8 + (sig ? il : 0);
        val[n].n = sig ? sl : il;
        n++;
    }
    return n;
}

/* ---- LLC ---- */

bool llc_in_amsdu(const struct frame *f, uint32_t off)
{
    for (int w = 1; w < f->nwalk; w++) {
        if (f->walk[w] != LL_LLC || f->walk_off[w] != off || f->walk[w - 1] != LL_WLAN)
            continue;
        uint32_t o = f->walk_off[w - 1];
        if (!frame_has(f, o, 2) || !(f->data[o] & 0x80))
            return false;                     /* not a QoS data frame */
        uint32_t qos = o + 24 + ((f->data[o + 1] & 3) == 3 ? 6 : 0);
        return frame_has(f, qos, 1) && (f->data[qos] & 0x80) && off >= 2 && frame_has(f, off - 2, 2);
    }
    return false;
}

/* The bytes of the LLC header at off that were captured, within its A-MSDU
 * subframe's length when it is one's (Wireshark's LLC sees no more). */
static uint32_t llc_bytes(const struct frame *f, uint32_t off)
{
    uint32_t n = frame_bytes_in(f, off, 8);
    if (llc_in_amsdu(f, off)) {
        uint32_t sub = f->data[off - 2] << 8 | f->data[off - 1];   /* the subframe header's length */
        n = n < sub ? n : sub;
    }
    return n;
}

int llc_parse(const struct frame *f, uint32_t off, struct llc_parts *l)
{
    memset(l, 0, sizeof *l);
    uint32_t have = llc_bytes(f, off);
    if (have < 2)
        return 0;
    if (have >= 3 && (f->data[off + 2] & 3) == 3)
        l->u_frame = true, l->control_len = 1;
    else if (have >= 4)
        l->control_len = 2;
    if (l->u_frame && f->data[off] == 0xaa && f->data[off + 1] == 0xaa && have >= 8) {
        const uint8_t *p = f->data + off + 3;
        l->snap = true;
        l->oui = (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
        l->pid = (uint16_t)(p[3] << 8 | p[4]);
        /* The OUIs whose protocol id is an EtherType (Wireshark's llc.type). */
        l->etype = l->oui == 0x000000 || l->oui == 0x0000f8 || l->oui == 0x080007;
    }
    return 1;
}

/* DSAP and SSAP and their bits, when captured (within the subframe). */
WALK_GETTER(get_llc_wire)
{
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        uint32_t off = f->walk_off[w];
        if (f->walk[w] != LL_LLC || llc_bytes(f, off) < fd->wire.off + 1u)
            continue;
        uint8_t x = f->data[off + fd->wire.off];
        if (!fd->wire.mask)
            val[n++].i = x;
        else if (fd->type == T_BOOLEAN)
            val[n++].i = (x & fd->wire.mask) != 0;
        else
            val[n++].i = (x & fd->wire.mask) >> __builtin_ctz(fd->wire.mask);
    }
    return n;
}

WALK_GETTER(get_proto_llc)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        uint32_t off = f->walk_off[w];
        struct llc_parts l;
        if (f->walk[w] != LL_LLC || !frame_has(f, off, 1))
            continue;
        llc_parse(f, off, &l);
        val[n].p = f->data + off;
        val[n].n = l.snap ? 8 : frame_bytes_in(f, off, llc_bytes(f, off) < 3 ? llc_bytes(f, off) : 3);
        val[n].i = f->buflen - off;
        n++;
    }
    return n;
}

/* The control field (a U frame's byte, an I or S frame's two), a U
 * command frame's command (CR bit clear) and the frame type (its hex
 * width Wireshark's: 4 digits for an I frame, 2 for S and U). */
WALK_GETTER(get_llc_ui)
{
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        uint32_t off = f->walk_off[w];
        struct llc_parts l;
        if (f->walk[w] != LL_LLC || !llc_parse(f, off, &l) || !l.control_len)
            continue;
        const uint8_t *c = f->data + off + 2;
        memset(&val[n], 0, sizeof val[n]);
        if (fd == &fields[F_LLC_CONTROL_U_MODIFIER_CMD]) {
            if (!l.u_frame || (f->data[off + 1] & 1))
                continue;
            val[n].i = (c[0] & 0xec) >> 2;
        } else if (fd == &fields[F_LLC_CONTROL]) {
            val[n].i = l.u_frame ? c[0] : c[0] | c[1] << 8;
        } else {
            val[n].i = c[0] & 1 ? c[0] & 3 : 0;
            val[n].n = c[0] & 1 ? 2 : 4;
        }
        n++;
    }
    return n;
}

WALK_GETTER(get_llc_snap)
{
    const struct frame *f = v->f;
    int n = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        struct llc_parts l;
        if (f->walk[w] != LL_LLC || !llc_parse(f, f->walk_off[w], &l) || !l.snap)
            continue;
        if (fd == &fields[F_LLC_OUI])
            val[n++].i = l.oui;
        else if (l.etype)
            val[n++].i = l.pid;
    }
    return n;
}
