/* -V: the blocks of GTP-U v1, Teredo, AYIYA and 802.2 LLC, as tshark 4.0
 * prints them (the lines synfin has fields for). A field's occurrence for
 * a layer is the count of its values in the layers before (K). */
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "present/detail_impl.h"
#include "present/fields_mobile.h"

#define K(ll, id) walk_occurrence(v, ll, off, id)

/* ---- GTP-U ---- */

static void detail_gtp(struct out *o, const struct view *v, uint32_t off)
{
    const struct frame *f = v->f;
    struct gtp_parts g;
    if (!gtp_parse(f, off, &g))
        return;
    int k = K(LL_GTP, F_GTP_FLAGS);
    char suf[32];
    dt_mark(o, off, g.hdr_len);
    out_str(o, "GPRS Tunneling Protocol\n");
    dt_line_at(o, v, 1, F_GTP_FLAGS, k, false, NULL);
    static const int bits[] = { F_GTP_FLAGS_VERSION, F_GTP_FLAGS_PAYLOAD, F_GTP_FLAGS_RESERVED,
                                F_GTP_FLAGS_E, F_GTP_FLAGS_S, F_GTP_FLAGS_PN };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        dt_bits_at(o, v, 2, bits[i], k);
    dt_line_at(o, v, 1, F_GTP_MESSAGE, K(LL_GTP, F_GTP_MESSAGE), false, NULL);
    if (!frame_has(f, off, 8))
        return;
    dt_line_at(o, v, 1, F_GTP_LENGTH, K(LL_GTP, F_GTP_LENGTH), false, NULL);
    int kt = K(LL_GTP, F_GTP_TEID);
    snprintf(suf, sizeof suf, " (%lld)", (long long)dt_int_at(v, F_GTP_TEID, kt));
    dt_line_at(o, v, 1, F_GTP_TEID, kt, false, suf);
    if (!g.opt)
        return;
    uint8_t fl = f->data[off];
    if (fl & 2) {
        int ks = K(LL_GTP, F_GTP_SEQ_NUMBER);
        snprintf(suf, sizeof suf, " (%lld)", (long long)dt_int_at(v, F_GTP_SEQ_NUMBER, ks));
        dt_line_at(o, v, 1, F_GTP_SEQ_NUMBER, ks, false, suf);
    }
    if (fl & 1)
        dt_line_at(o, v, 1, F_GTP_NPDU_NUMBER, K(LL_GTP, F_GTP_NPDU_NUMBER), false, NULL);
    if (!(fl & 4))
        return;
    int kx = K(LL_GTP, F_GTP_EXT_HDR_NEXT), ke = K(LL_GTP, F_GTP_EXT_HDR_LENGTH), kp = K(LL_GTP, F_GTP_PDU_TYPE);
    dt_line_at(o, v, 1, F_GTP_EXT_HDR_NEXT, kx, false, NULL);
    for (int e = 0; e < g.next_ext; e++) {
        const char *name = field_value_name(F_GTP_EXT_HDR_NEXT, g.ext_type[e]);
        dt_mark(o, g.ext_off[e], g.ext_len[e]);
        out_printf(o, "    %s (%s)\n", fields[F_GTP_EXT_HDR].label, name ? name : "Unknown");
        dt_line_at(o, v, 2, F_GTP_EXT_HDR_LENGTH, ke + e, false, NULL);
        if (g.ext_type[e] == GTP_EXT_PDU_SESSION) {
            const uint8_t *p = f->data + g.ext_off[e];
            out_str(o, "        PDU Session Container\n");
            const char *t = field_value_name(F_GTP_PDU_TYPE, p[1] >> 4);
            dt_indent(o, 3);
            out_printf(o, "%d%d%d%d .... = %s: %s (%d)\n", p[1] >> 7 & 1, p[1] >> 6 & 1, p[1] >> 5 & 1, p[1] >> 4 & 1,
                       fields[F_GTP_PDU_TYPE].label, t ? t : "Unknown", p[1] >> 4);
            dt_indent(o, 3);
            out_printf(o, "..%d%d %d%d%d%d = %s: %d\n", p[2] >> 5 & 1, p[2] >> 4 & 1, p[2] >> 3 & 1, p[2] >> 2 & 1,
                       p[2] >> 1 & 1, p[2] & 1, fields[F_GTP_QFI].label, (int)dt_int_at(v, F_GTP_QFI, kp++));
        }
        dt_line_at(o, v, 2, F_GTP_EXT_HDR_NEXT, kx + 1 + e, false, NULL);
    }
}

/* ---- Teredo ---- */

static void detail_teredo(struct out *o, const struct view *v, uint32_t off)
{
    const struct frame *f = v->f;
    struct teredo_parts t;
    if (!teredo_parse(f, off, &t))
        return;
    dt_mark(o, off, frame_bytes_in(f, off, t.orig ? t.orig_off + 8 - off : t.auth_whole ? t.auth_len : 2));
    out_str(o, "Teredo IPv6 over UDP tunneling\n");
    static const int auth[] = { F_TEREDO_AUTH_IDLEN, F_TEREDO_AUTH_AULEN, F_TEREDO_AUTH_ID, F_TEREDO_AUTH_VALUE,
                                F_TEREDO_AUTH_NONCE, F_TEREDO_AUTH_CONF };
    static const int orig[] = { F_TEREDO_ORIG_PORT, F_TEREDO_ORIG_ADDR };
    /* a part's line when the getter gave this layer a value of it */
    if (t.auth) {
        dt_mark_field(o, v, F_TEREDO_AUTH, K(LL_TEREDO, F_TEREDO_AUTH));
        out_printf(o, "    %s\n", fields[F_TEREDO_AUTH].label);
        for (size_t i = 0; i < sizeof auth / sizeof auth[0]; i++) {
            if (walk_layer_has(v, LL_TEREDO, off, auth[i]))
                dt_line_at(o, v, 2, auth[i], K(LL_TEREDO, auth[i]), false, NULL);
        }
    }
    if (t.orig) {
        dt_mark_field(o, v, F_TEREDO_ORIG, K(LL_TEREDO, F_TEREDO_ORIG));
        out_printf(o, "    %s\n", fields[F_TEREDO_ORIG].label);
        for (size_t i = 0; i < sizeof orig / sizeof orig[0]; i++) {
            if (walk_layer_has(v, LL_TEREDO, off, orig[i]))
                dt_line_at(o, v, 2, orig[i], K(LL_TEREDO, orig[i]), false, NULL);
        }
    }
}

/* ---- AYIYA ---- */

static void detail_ayiya(struct out *o, const struct view *v, uint32_t off)
{
    uint32_t len = ayiya_len(v->f, off);
    if (!len)
        return;
    int k = K(LL_AYIYA, F_AYIYA_IDLEN);
    dt_mark(o, off, len);
    out_str(o, "AYIYA\n");
    static const int bits[] = { F_AYIYA_IDLEN, F_AYIYA_IDTYPE, F_AYIYA_SIGLEN,
                                F_AYIYA_HASHMETHOD, F_AYIYA_AUTHMETHOD, F_AYIYA_OPCODE };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        dt_bits_at(o, v, 1, bits[i], k);
    /* Wireshark names the next header from IANA's protocol numbers. */
    int64_t nh = dt_int_at(v, F_AYIYA_NEXTHEADER, k);
    const char *name = field_value_name(F_IP_PROTO, nh);
    dt_mark_field(o, v, F_AYIYA_NEXTHEADER, k);
    out_printf(o, "    %s: %s (0x%02llx)\n", fields[F_AYIYA_NEXTHEADER].label, name ? name : "Unknown", (long long)nh);
    dt_line_at(o, v, 1, F_AYIYA_EPOCH, k, false, NULL);
    dt_line_at(o, v, 1, F_AYIYA_IDENTITY, k, false, NULL);
    if (v->f->data[off + 1] >> 4)
        dt_line_at(o, v, 1, F_AYIYA_SIGNATURE, K(LL_AYIYA, F_AYIYA_SIGNATURE), false, NULL);
}

/* ---- LLC ---- */

/* Wireshark's names of the SNAP OUIs seen here (its manuf file's long
 * names); an OUI without one shows no line. */
static const char *llc_oui_name(uint32_t oui)
{
    switch (oui) {
    case 0x000000: return "Officially Xerox, but 0:0:0:0:0:0 is more common";
    case 0x0000f8: return "Digital Equipment Corporation";
    default: return NULL;
    }
}

/* "1010 101. = SAP: SNAP": the SAP's bits, named as the whole byte is. */
static void llc_sap_line(struct out *o, const struct view *v, int id, int sap_id, int k)
{
    int64_t b = dt_int_at(v, id, k);
    if (b < 0)
        return;
    const char *name = field_value_name(id, b & 0xfe);
    dt_mark_field(o, v, sap_id, k);
    dt_indent(o, 2);
    for (int i = 7; i >= 0; i--) {
        out_char(o, i == 0 ? '.' : (char)('0' + (b >> i & 1)));
        if (i == 4)
            out_char(o, ' ');
    }
    out_printf(o, " = %s: %s\n", fields[sap_id].label, name ? name : "Unknown");
}

static void detail_llc(struct out *o, const struct view *v, uint32_t off)
{
    const struct frame *f = v->f;
    struct llc_parts l;
    if (!llc_parse(f, off, &l) || llc_in_amsdu(f, off))
        return;
    int k = K(LL_LLC, F_LLC_DSAP);
    int ku = K(LL_LLC, F_LLC_CONTROL), kc = K(LL_LLC, F_LLC_CONTROL_U_MODIFIER_CMD);
    int ks = K(LL_LLC, F_LLC_OUI), kt = K(LL_LLC, F_LLC_TYPE);
    dt_mark(o, off, frame_bytes_in(f, off, l.snap ? 8 : 3));
    out_str(o, "Logical-Link Control\n");
    dt_line_at(o, v, 1, F_LLC_DSAP, k, false, NULL);
    llc_sap_line(o, v, F_LLC_DSAP, F_LLC_DSAP_SAP, k);
    dt_bits_at(o, v, 2, F_LLC_DSAP_IG, k);
    dt_line_at(o, v, 1, F_LLC_SSAP, k, false, NULL);
    llc_sap_line(o, v, F_LLC_SSAP, F_LLC_SSAP_SAP, k);
    dt_bits_at(o, v, 2, F_LLC_SSAP_CR, k);
    /* Of the control fields only a command UI frame's line is written
     * (Wireshark words each U function its own way). */
    if (!l.u_frame || f->data[off + 2] != 0x03 || (f->data[off + 1] & 1))
        return;
    dt_mark_field(o, v, F_LLC_CONTROL, ku);
    out_printf(o, "    Control field: U, func=UI (0x%02llx)\n", (long long)dt_int_at(v, F_LLC_CONTROL, ku));
    dt_bits_at(o, v, 2, F_LLC_CONTROL_U_MODIFIER_CMD, kc);
    dt_mark_field(o, v, F_LLC_CONTROL_FTYPE, ku);
    out_str(o, "        .... ..11 = Frame type: Unnumbered frame (0x3)\n");
    if (!l.snap)
        return;
    const char *oui = llc_oui_name(l.oui);
    if (oui) {
        dt_mark_field(o, v, F_LLC_OUI, ks);
        /* tshark 4.0 cuts this line at 50 characters (the ")" too). */
        char line[128];
        snprintf(line, sizeof line, "%s: %02x:%02x:%02x (%s)", fields[F_LLC_OUI].label, l.oui >> 16,
                 l.oui >> 8 & 0xff, l.oui & 0xff, oui);
        out_printf(o, "    %.50s\n", line);
    }
    if (l.etype)
        dt_line_at(o, v, 1, F_LLC_TYPE, kt, false, NULL);
}

void detail_mobile_layer(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off)
{
    (void)k;   /* each field's own occurrence is counted (K) */
    switch (ll) {
    case LL_GTP: detail_gtp(o, v, off); break;
    case LL_TEREDO: detail_teredo(o, v, off); break;
    case LL_AYIYA: detail_ayiya(o, v, off); break;
    case LL_LLC: detail_llc(o, v, off); break;
    default: break;
    }
}
