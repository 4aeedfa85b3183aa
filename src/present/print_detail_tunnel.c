/* -V: the tunnel blocks, GRE, ERSPAN, VXLAN and Geneve, as tshark 4.0
 * prints them (the lines synfin has fields for). Each line is written
 * only when its bytes were captured, as Wireshark stops a block where the
 * capture ends. */
#include <stdio.h>

#include "decode/decode.h"
#include "present/detail_impl.h"
#include "present/fields_walk.h"

/* "Checksum: 0x1234 [correct]" and its status, or Wireshark's warning,
 * at depth d. */
static void gre_checksum(struct out *o, const struct view *v, int k, int d)
{
    int64_t status = dt_int_at(v, F_GRE_CHECKSUM_STATUS, k);
    if (status < 0)
        return;
    int64_t should = gre_checksum_should_be(v, k);
    if (status == CSUM_BAD && should >= 0) {
        char n[16], why[64];
        snprintf(why, sizeof why, "Incorrect GRE Checksum [should be 0x%04x]", (unsigned)should);
        dt_mark_field(o, v, F_GRE_CHECKSUM, k);
        dt_indent(o, d);
        out_printf(o, "%s: %s incorrect, should be 0x%04x\n", fields[F_GRE_CHECKSUM].label,
                   dt_value_at(v, F_GRE_CHECKSUM, k, n, sizeof n), (unsigned)should);
        dt_expert(o, d + 1, "Warning", "Protocol", why);
    } else {
        dt_line_at(o, v, d, F_GRE_CHECKSUM, k, false, status == CSUM_GOOD ? " [correct]" : " [unverified]");
    }
    dt_indent(o, d);
    out_printf(o, "[%s: %s]\n", fields[F_GRE_CHECKSUM_STATUS].label, field_value_name(F_GRE_CHECKSUM_STATUS, status));
}

/* "Generic Routing Encapsulation (IP)": the flags and version, the
 * protocol type and the optional fields its flags announce. */
static void detail_gre(struct out *o, const struct view *v, int k, uint32_t off, int d)
{
    const struct frame *f = v->f;
    if (!frame_has(f, off, 4))
        return;
    int64_t type = dt_int_at(v, F_GRE_PROTO, k);
    const char *name = field_value_name(F_GRE_PROTO, type);
    dt_mark(o, off, 4);
    dt_indent(o, d);
    if (name)
        out_printf(o, "%s (%s)\n", fields[F_PROTO_GRE].label, name);
    else
        out_printf(o, "%s (0x%04llX - unknown)\n", fields[F_PROTO_GRE].label, (long long)type);
    dt_line_at(o, v, d + 1, F_GRE_FLAGS_AND_VERSION, k, false, NULL);
    static const int bits[] = {
        F_GRE_FLAGS_CHECKSUM, F_GRE_FLAGS_ROUTING, F_GRE_FLAGS_KEY, F_GRE_FLAGS_SEQUENCE_NUMBER,
        F_GRE_FLAGS_STRICT_SOURCE_ROUTE, F_GRE_FLAGS_RECURSION_CONTROL, F_GRE_FLAGS_RESERVED, F_GRE_FLAGS_VERSION,
    };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        if (bits[i] != F_GRE_FLAGS_RESERVED || !gre_is_ppp(f, off))   /* PPP's: other bits, not drawn */
            dt_bits_at(o, v, d + 2, bits[i], k);
    dt_line_at(o, v, d + 1, F_GRE_PROTO, k, false, NULL);
    gre_checksum(o, v, k, d + 1);
    dt_line_at(o, v, d + 1, F_GRE_OFFSET, k, false, NULL);
    dt_line_at(o, v, d + 1, F_GRE_KEY, k, false, NULL);
    dt_line_at(o, v, d + 1, F_GRE_SEQUENCE_NUMBER, k, false, NULL);
}

/* "Encapsulated Remote Switch Packet ANalysis Type II": type I has no
 * header; types II and III are bit lines of their 8 or 12 bytes (and the
 * platform subheader's ID). */
static void detail_erspan(struct out *o, const struct view *v, int k, int d)
{
    static const int type2[] = {
        F_ERSPAN_VERSION, F_ERSPAN_VLAN, F_ERSPAN_COS, F_ERSPAN_ENCAP, F_ERSPAN_TRUNCATED, F_ERSPAN_SPANID,
        F_ERSPAN_RESERVED, F_ERSPAN_INDEX, -1,
    };
    static const int type3[] = {
        F_ERSPAN_VERSION, F_ERSPAN_VLAN, F_ERSPAN_COS, F_ERSPAN_BSO, F_ERSPAN_TRUNCATED, F_ERSPAN_SPANID,
        F_ERSPAN_TIMESTAMP, F_ERSPAN_SGT, F_ERSPAN_P, F_ERSPAN_FT, F_ERSPAN_HW, F_ERSPAN_DIRECTION, F_ERSPAN_GRA,
        F_ERSPAN_O, F_ERSPAN_PLATID, -1,
    };
    int type = tunnel_erspan_type(v->f, k);
    static const char *const kind[] = { "", " Type I", " Type II", " Type III", " Unknown" };
    dt_indent(o, d);
    out_printf(o, "%s%s\n", fields[F_PROTO_ERSPAN].label, kind[type]);
    if (type == 4) {      /* the version line again, with Wireshark's warning */
        const char *why = "Unknown version, please report or test to use fake ERSPAN preference";
        dt_bits_at(o, v, d + 1, F_ERSPAN_VERSION, k);
        dt_bits_at(o, v, d + 1, F_ERSPAN_VERSION, k);
        dt_expert(o, d + 2, "Warning", "Undecoded", why);
    }
    for (const int *id = type == 2 ? type2 : type3; (type == 2 || type == 3) && *id >= 0; id++)
        dt_bits_at(o, v, d + 1, *id, k);
}

/* "Flags: 0x0800, VXLAN Network ID (VNI)": the value, then the labels of
 * the flags set (Wireshark's bitmask item), then their bit lines. */
static void flags_line(struct out *o, const struct view *v, int k, int id, const int *bits, size_t nbits)
{
    char n[16];
    if (dt_int_at(v, id, k) < 0)
        return;
    dt_mark_field(o, v, id, k);
    out_printf(o, "    %s: %s", fields[id].label, dt_value_at(v, id, k, n, sizeof n));
    for (size_t i = 0; i < nbits; i++)
        if (fields[bits[i]].type == T_BOOLEAN && dt_int_at(v, bits[i], k) == 1)
            out_printf(o, ", %s", fields[bits[i]].label);
    out_char(o, '\n');
    for (size_t i = 0; i < nbits; i++)
        dt_bits_at(o, v, 2, bits[i], k);
}

/* "Virtual eXtensible Local Area Network": flags, GBP, VNI, reserved. */
static void detail_vxlan(struct out *o, const struct view *v, int k, uint32_t off)
{
    static const int flags[] = { F_VXLAN_FLAG_G, F_VXLAN_FLAG_I, F_VXLAN_FLAG_D, F_VXLAN_FLAG_A, F_VXLAN_FLAGS_RESERVED };
    if (!frame_has(v->f, off, 1))
        return;
    out_printf(o, "%s\n", fields[F_PROTO_VXLAN].label);
    flags_line(o, v, k, F_VXLAN_FLAGS, flags, sizeof flags / sizeof flags[0]);
    dt_line_at(o, v, 1, F_VXLAN_GBP, k, false, NULL);
    dt_line_at(o, v, 1, F_VXLAN_VNI, k, false, NULL);
    dt_line_at(o, v, 1, F_VXLAN_RESERVED8, k, false, NULL);
}

/* "Generic Network Virtualization Encapsulation, VNI: 0x000064": the VNI
 * in the title once its bytes were captured; the reserved byte shown only
 * when it is not 0 (Wireshark hides it then). */
static void detail_geneve(struct out *o, const struct view *v, int k, uint32_t off)
{
    static const int flags[] = { F_GENEVE_FLAGS_OAM, F_GENEVE_FLAGS_CRITICAL, F_GENEVE_FLAGS_RESERVED };
    const struct frame *f = v->f;
    char n[32];
    if (!frame_has(f, off, 1))
        return;
    out_str(o, fields[F_PROTO_GENEVE].label);
    if (frame_has(f, off, 7))
        out_printf(o, ", VNI: 0x%02x%02x%02x%s", f->data[off + 4], f->data[off + 5], f->data[off + 6],
                   dt_int_at(v, F_GENEVE_FLAGS_OAM, k) == 1 ? ", OAM" : "");
    out_char(o, '\n');
    dt_line_at(o, v, 1, F_GENEVE_VERSION, k, false, NULL);
    int64_t ver = dt_int_at(v, F_GENEVE_VERSION, k);
    if (ver > 0) {
        char why[40];
        snprintf(why, sizeof why, "Unknown version %lld", (long long)ver);
        out_printf(o, "    %s\n", why);
        dt_expert(o, 2, "Warning", "Protocol", why);
    }
    flags_line(o, v, k, F_GENEVE_FLAGS, flags, sizeof flags / sizeof flags[0]);
    dt_line_at(o, v, 1, F_GENEVE_PROTO_TYPE, k, false, NULL);
    int64_t vni = dt_int_at(v, F_GENEVE_VNI, k);
    if (vni >= 0) {
        snprintf(n, sizeof n, " (%lld)", (long long)vni);
        dt_line_at(o, v, 1, F_GENEVE_VNI, k, false, n);
    }
    if (dt_int_at(v, F_GENEVE_RESERVED, k) > 0)
        dt_line_at(o, v, 1, F_GENEVE_RESERVED, k, false, NULL);
    uint32_t opts = (f->data[off] & 0x3fu) * 4;
    if (opts && frame_has(f, off + 8, opts)) {
        dt_mark(o, off + 8, opts);
        out_printf(o, "    Options: (%u bytes)\n", opts);
    }
}

void detail_tunnel(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off, int d)
{
    switch (ll) {
    case LL_GRE: detail_gre(o, v, k, off, d); break;
    case LL_ERSPAN: detail_erspan(o, v, k, d); break;
    case LL_VXLAN: detail_vxlan(o, v, k, off); break;
    case LL_GENEVE: detail_geneve(o, v, k, off); break;
    default: break;
    }
}
