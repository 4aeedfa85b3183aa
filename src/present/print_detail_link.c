/* -V: the blocks of the link-level encapsulations found in the walk
 * (PPPoE session, PPP, MPLS, 802.1ad, 802.1ah, VN-Tag), as tshark 4.0
 * prints them, each line from the registry (fields_link.c). A header not
 * captured whole shows no block (tshark's "[... truncated]" aside). */
#include <stdio.h>

#include "decode/decode.h"
#include "present/detail_impl.h"
#include "present/fields_walk.h"

/* A bit line whose value is BASE_DEC_HEX, as tshark writes it: "= MPLS
 * Label: 16 (0x00010)", or its name "(Implicit-Null (3))" when it has one. */
static void bits_dec_hex(struct out *o, const struct view *v, int depth, int id, int k)
{
    const struct field *fd = &fields[id];
    uint32_t off, len;
    int64_t x = dt_int_at(v, id, k);
    if (x < 0 || !field_wire_span(id, v, k, &off, &len))
        return;
    if (field_value_name(id, x)) {
        dt_bits_at(o, v, depth, id, k);
        return;
    }
    dt_bits_drawn(o, v, depth, fd, off, len);
    /* as many hex digits as the mask spans, as Wireshark's BASE_DEC_HEX */
    int digits = (32 - __builtin_clz(fd->wire.mask) - __builtin_ctz(fd->wire.mask) + 3) / 4;
    out_printf(o, " = %s: %lld (0x%0*llx)\n", fd->label, (long long)x, digits, (long long)x);
}

/* An Ethernet address line: "C-Source: 02:00:00:00:00:11 (02:00:00:00:00:11)"
 * (synfin has no OUI names: a vendor's address reads as its digits). */
static void ether_line(struct out *o, const struct view *v, int depth, int id, int k)
{
    char a[32];
    if (!*dt_value_at(v, id, k, a, sizeof a))
        return;
    char suffix[40];
    snprintf(suffix, sizeof suffix, " (%s)", a);
    dt_line_at(o, v, depth, id, k, false, suffix);
}

static void detail_pppoes(struct out *o, const struct view *v, int k, uint32_t off)
{
    if (!frame_has(v->f, off, 6))
        return;
    dt_mark(o, off, 6);
    out_printf(o, "%s\n", fields[F_PROTO_PPPOES].label);
    dt_bits_at(o, v, 1, F_PPPOE_VERSION, k);
    dt_bits_at(o, v, 1, F_PPPOE_TYPE, k);
    dt_line_at(o, v, 1, F_PPPOE_CODE, k, false, NULL);
    dt_line_at(o, v, 1, F_PPPOE_SESSION_ID, k, false, NULL);
    /* Wireshark compares the length with what the frame holds after the
     * 6 bytes (on the wire, trailer and padding included). */
    int64_t len = dt_int_at(v, F_PPPOE_PAYLOAD_LENGTH, k);
    uint32_t left = v->f->len > off + 6 ? v->f->len - (off + 6) : 0;
    char why[48] = "";
    if (len >= 0 && len != left)
        snprintf(why, sizeof why, " [incorrect, should be %u]", left);
    dt_line_at(o, v, 1, F_PPPOE_PAYLOAD_LENGTH, k, false, why);
}

static void detail_ppp(struct out *o, const struct view *v, uint32_t walk_off)
{
    uint32_t base;
    int k = -1;
    /* its protocol field: at the walk place after PPPoE, after the
     * address and control bytes on link type PPP */
    for (uint32_t at = walk_off; at <= walk_off + 2 && k < 0; at += 2)
        k = link_wire_index(v->f, W_PPP, at);
    if (k < 0 || !walk_wire_base(v->f, W_PPP, k, &base) || dt_int_at(v, F_PPP_PROTOCOL, k) < 0)
        return;
    dt_mark(o, walk_off, frame_bytes_in(v->f, walk_off, base + 2 - walk_off));
    out_printf(o, "%s\n", fields[F_PROTO_PPP].label);
    dt_line_at(o, v, 1, F_PPP_PROTOCOL, k, false, NULL);
}

/* One block per label stack entry of the stack at off. */
static void detail_mpls(struct out *o, const struct view *v, uint32_t off)
{
    int k = link_wire_index(v->f, W_MPLS, off);
    uint32_t base;
    for (; k >= 0 && walk_wire_base(v->f, W_MPLS, k, &base) && base - off < 4 * 16; k++) {
        int64_t label = dt_int_at(v, F_MPLS_LABEL, k);
        const char *name = field_value_name(F_MPLS_LABEL, label);
        dt_mark(o, base, 4);
        out_printf(o, "%s, Label: %lld", fields[F_PROTO_MPLS].label, (long long)label);
        if (name)
            out_printf(o, " (%s)", name);
        out_printf(o, ", Exp: %lld, S: %lld, TTL: %lld\n", (long long)dt_int_at(v, F_MPLS_EXP, k),
                   (long long)dt_int_at(v, F_MPLS_BOTTOM, k), (long long)dt_int_at(v, F_MPLS_TTL, k));
        bits_dec_hex(o, v, 1, F_MPLS_LABEL, k);
        dt_bits_at(o, v, 1, F_MPLS_EXP, k);
        dt_bits_at(o, v, 1, F_MPLS_BOTTOM, k);
        dt_bits_at(o, v, 1, F_MPLS_TTL, k);
        if (dt_int_at(v, F_MPLS_BOTTOM, k) == 1)
            break;
    }
}

/* 802.1ah: the I-tag at itag (the k-th), the customer addresses and the
 * Type; after an 802.1ad B-tag (the ad-th, ad >= 0) Wireshark shows both
 * tags in one "IEEE 802.1ah" block. */
static void detail_pbb(struct out *o, const struct view *v, int ad, uint32_t itag)
{
    int k = link_wire_index(v->f, W_8021AH, itag);
    int t = link_wire_index(v->f, W_8021AH_TYPE, itag + 16);
    bool whole = frame_has(v->f, itag, 16);     /* the I-tag and the addresses; the Type may be cut */
    if (k < 0 || t < 0 || (!whole && ad < 0))
        return;
    if (!whole) {                               /* an I-tag cut after a B-tag: the B-tag alone */
        dt_mark(o, itag - 4, 4);
        out_printf(o, "%s, B-VID: %lld\n", fields[F_PROTO_8021AH].label, (long long)dt_int_at(v, F_8021AD_ID, ad));
        out_printf(o, "    B-Tag, B-VID: %lld\n", (long long)dt_int_at(v, F_8021AD_ID, ad));
        dt_bits_at(o, v, 2, F_8021AD_PRIORITY, ad);
        dt_bits_at(o, v, 2, F_8021AD_DEI, ad);
        dt_bits_at(o, v, 2, F_8021AD_ID, ad);
        return;
    }
    char src[32], dst[32];
    dt_value_at(v, F_8021AH_CSRC, k, src, sizeof src);
    dt_value_at(v, F_8021AH_CDST, k, dst, sizeof dst);
    long long isid = (long long)dt_int_at(v, F_8021AH_ISID, k);
    dt_mark(o, ad >= 0 ? itag - 4 : itag, frame_bytes_in(v->f, ad >= 0 ? itag - 4 : itag, ad >= 0 ? 22 : 18));
    out_str(o, fields[F_PROTO_8021AH].label);
    if (ad >= 0)
        out_printf(o, ", B-VID: %lld", (long long)dt_int_at(v, F_8021AD_ID, ad));
    out_printf(o, ", I-SID: %lld, C-Src: %s (%s), C-Dst: %s (%s)\n", isid, src, src, dst, dst);
    if (ad >= 0) {
        out_printf(o, "    B-Tag, B-VID: %lld\n", (long long)dt_int_at(v, F_8021AD_ID, ad));
        dt_bits_at(o, v, 2, F_8021AD_PRIORITY, ad);
        dt_bits_at(o, v, 2, F_8021AD_DEI, ad);
        dt_bits_at(o, v, 2, F_8021AD_ID, ad);
    }
    out_printf(o, "    I-Tag, I-SID: %lld\n", isid);
    static const int itag_rows[] = { F_8021AH_PRIORITY, F_8021AH_DROP, F_8021AH_NCA, F_8021AH_RES1, F_8021AH_RES2, F_8021AH_ISID };
    for (size_t i = 0; i < sizeof itag_rows / sizeof itag_rows[0]; i++)
        dt_bits_at(o, v, 2, itag_rows[i], k);
    ether_line(o, v, 1, F_8021AH_CDST, k);
    ether_line(o, v, 1, F_8021AH_CSRC, k);
    dt_line_at(o, v, 1, F_8021AH_ETYPE, t, false, NULL);
}

static void detail_8021ad(struct out *o, const struct view *v, int k, uint32_t off)
{
    const struct frame *f = v->f;
    if (!frame_has(f, off, 4))
        return;
    if ((f->data[off + 2] << 8 | f->data[off + 3]) == 0x88e7) {
        detail_pbb(o, v, k, off + 4);
        return;
    }
    dt_mark(o, off, 4);
    out_printf(o, "%s, ID: %lld\n", fields[F_PROTO_8021AD].label, (long long)dt_int_at(v, F_8021AD_ID, k));
    dt_bits_at(o, v, 1, F_8021AD_PRIORITY, k);
    dt_bits_at(o, v, 1, F_8021AD_DEI, k);
    dt_bits_at(o, v, 1, F_8021AD_ID, k);
    dt_line_at(o, v, 1, F_8021AH_ETYPE, link_wire_index(f, W_8021AH_TYPE, off + 2), false, NULL);
}

static void detail_vntag(struct out *o, const struct view *v, int k, uint32_t off)
{
    if (!frame_has(v->f, off, 4))               /* the tag; its Type may be cut */
        return;
    dt_mark(o, off, frame_bytes_in(v->f, off, 6));
    out_printf(o, "%s\n", fields[F_PROTO_VNTAG].label);
    static const int rows[] = { F_VNTAG_DIR, F_VNTAG_PTR, F_VNTAG_DST, F_VNTAG_LOOPED, F_VNTAG_R, F_VNTAG_VERSION, F_VNTAG_SRC };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        dt_bits_at(o, v, 1, rows[i], k);
    dt_line_at(o, v, 1, F_VNTAG_ETYPE, k, false, NULL);
}

/* "sub-switch-id: 0 (0x00)": a BASE_DEC_HEX value of digits hex digits. */
static void line_dec_hex(struct out *o, const struct view *v, int depth, int id, int k, int digits)
{
    int64_t x = dt_int_at(v, id, k);
    if (x < 0)
        return;
    dt_mark_field(o, v, id, k);
    dt_indent(o, depth);
    out_printf(o, "%s: %lld (0x%0*llx)\n", fields[id].label, (long long)x, digits, (long long)x);
}

/* A FabricPath hierarchical address at off: "000.00.0002" (switch-id,
 * sub-switch-id, LID, in hex). */
static void hmac_text(const struct frame *f, uint32_t off, char *buf, size_t n)
{
    const uint8_t *p = f->data + off;
    snprintf(buf, n, "%03x.%02x.%04x", (p[1] & 0x0f) << 8 | p[2], p[3], p[4] << 8 | p[5]);
}

/* Its subtree: the bits of its first 3 bytes, the sub-switch-id, the LID
 * (the k-th address of the frame). */
static void detail_hmac(struct out *o, const struct view *v, const char *title, const char *text, int k)
{
    out_printf(o, "    %s: %s\n", title, text);
    /* Wireshark's cfp.eid is always 0: its value is cleared by the field's mask */
    out_str(o, "        0000 00.. 00.. .... .... .... = End Node ID: 0 (0x000)\n");
    dt_bits_at(o, v, 2, F_CFP_UL, k);
    dt_bits_at(o, v, 2, F_CFP_IG, k);
    dt_bits_at(o, v, 2, F_CFP_OOODL, k);
    bits_dec_hex(o, v, 2, F_CFP_SWID, k);
    line_dec_hex(o, v, 2, F_CFP_SSWID, k, 2);
    line_dec_hex(o, v, 2, F_CFP_LID, k, 4);
}

/* Cisco FabricPath: a unicast destination's 16-byte header (a multicast
 * destination, an Ethernet address Wireshark names, shows no block). */
static void detail_cfp(struct out *o, const struct view *v, int k, uint32_t off)
{
    const struct frame *f = v->f;
    if (!frame_has(f, off, 16) || f->data[off] & 1)
        return;
    int a = link_wire_index(f, W_CFP_HMAC, off);
    if (a < 0)
        return;
    char src[16], dst[16];
    hmac_text(f, off, dst, sizeof dst);
    hmac_text(f, off + 6, src, sizeof src);
    dt_mark(o, off, 16);
    out_printf(o, "%s, Src: %s, Dst: %s\n", fields[F_PROTO_CFP].label, src, dst);
    detail_hmac(o, v, "Destination", dst, a);
    detail_hmac(o, v, "Source", src, a + 1);
    dt_line_at(o, v, 1, F_CFP_ETYPE, k, false, NULL);
    dt_bits_at(o, v, 1, F_CFP_FTAG, k);
    dt_bits_at(o, v, 1, F_CFP_TTL, k);
    uint32_t fcs = link_cfp_fcs(f, k);
    int fk = fcs == UINT32_MAX ? -1 : link_wire_index(f, W_CFP_FCS, fcs);
    if (fk >= 0) {
        dt_line_at(o, v, 1, F_CFP_FCS, fk, false, " [unverified]");
        out_printf(o, "    [%s: %s]\n", fields[F_CFP_FCS_STATUS].label, field_value_name(F_CFP_FCS_STATUS, 2));
    }
}

void detail_link_layer(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off)
{
    switch (ll) {
    case LL_PPPOE: detail_pppoes(o, v, k, off); break;
    case LL_PPP: detail_ppp(o, v, off); break;
    case LL_MPLS: detail_mpls(o, v, off); break;
    case LL_8021AD: detail_8021ad(o, v, k, off); break;
    case LL_8021AH: detail_pbb(o, v, -1, off); break;
    case LL_VNTAG: detail_vntag(o, v, k, off); break;
    case LL_CFP: detail_cfp(o, v, k, off); break;
    default: break;
    }
}
