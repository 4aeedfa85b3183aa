/* -V: an IEEE 802.11 frame as Aruba's GRE carries it, as tshark 4.0 prints
 * it: the frame control field and its bits, and of a data frame the
 * duration, the addresses, sequence control and QoS control (the lines
 * synfin has fields for). */
#include <stdio.h>

#include "decode/decode.h"
#include "present/detail_impl.h"
#include "present/fields_mobile.h"
#include "present/fields_wlan.h"

#define K(id) walk_occurrence(v, LL_WLAN, off, id)

/* A 16-bit value's bits under mask, dots elsewhere: "0000 0000 0001 ....". */
static void bits16(struct out *o, int depth, unsigned value, unsigned mask)
{
    dt_indent(o, depth);
    for (int i = 15; i >= 0; i--) {
        out_char(o, mask >> i & 1 ? (char)('0' + (value >> i & 1)) : '.');
        if (i && i % 4 == 0)
            out_char(o, ' ');
    }
}

/* An address line, "02:00:00:00:00:0b (02:00:00:00:00:0b)", only for a
 * locally administered unicast address: any other may have a name in
 * Wireshark's manufacturer table, which synfin does not hold. */
static void addr_line(struct out *o, const struct view *v, int id, int k)
{
    char a[32];
    dt_value_at(v, id, k, a, sizeof a);
    unsigned b0 = 0;
    if (sscanf(a, "%2x", &b0) != 1 || (b0 & 3) != 2)
        return;
    dt_mark_field(o, v, id, k);
    out_printf(o, "    %s: %s (%s)\n", fields[id].label, a, a);
}

static void detail_wlan(struct out *o, const struct view *v, uint32_t off)
{
    const struct frame *f = v->f;
    struct wlan_parts h;
    if (!wlan_hdr(f, off, &h) || !walk_layer_has(v, LL_WLAN, off, F_WLAN_FC_TYPE_SUBTYPE))
        return;
    int k = K(F_WLAN_FC_TYPE_SUBTYPE), kf = K(F_WLAN_FC_VERSION);
    int64_t ts = dt_int_at(v, F_WLAN_FC_TYPE_SUBTYPE, k);
    const char *tsname = field_value_name(F_WLAN_FC_TYPE_SUBTYPE, ts);
    dt_mark(o, off, frame_bytes_in(f, off, h.hlen));
    out_printf(o, "IEEE 802.11 %s", tsname ? tsname : "Unrecognized (Reserved frame)");
    if (h.whole) {   /* tshark titles the flags once the header was read */
        static const char letters[] = "opmPRMFT";
        uint8_t fl = f->data[off + 1];
        out_str(o, ", Flags: ");
        for (int i = 7; i >= 0; i--)
            out_char(o, fl >> i & 1 ? letters[7 - i] : '.');
    }
    out_char(o, '\n');
    dt_line_at(o, v, 1, F_WLAN_FC_TYPE_SUBTYPE, k, false, NULL);
    if (!frame_has(f, off, 2))
        return;
    dt_line_at(o, v, 1, F_WLAN_FC, K(F_WLAN_FC), false, NULL);
    dt_bits_at(o, v, 2, F_WLAN_FC_VERSION, kf);
    dt_bits_at(o, v, 2, F_WLAN_FC_TYPE, kf);
    uint8_t fc0 = f->data[off], fl = f->data[off + 1];
    dt_mark_field(o, v, F_WLAN_FC_SUBTYPE, kf);
    out_printf(o, "        %d%d%d%d .... = %s: %d\n", fc0 >> 7 & 1, fc0 >> 6 & 1, fc0 >> 5 & 1, fc0 >> 4 & 1,
               fields[F_WLAN_FC_SUBTYPE].label, fc0 >> 4);
    dt_line_at(o, v, 2, F_WLAN_FLAGS, kf, false, NULL);
    const char *ds = field_value_name(F_WLAN_FC_DS, fl & 3);
    dt_mark_field(o, v, F_WLAN_FC_DS, kf);
    out_printf(o, "            .... ..%d%d = %s: %s (0x%x)\n", fl >> 1 & 1, fl & 1, fields[F_WLAN_FC_DS].label,
               ds ? ds : "Unknown", fl & 3);
    static const int bits[] = { F_WLAN_FC_FRAG, F_WLAN_FC_RETRY, F_WLAN_FC_PWRMGT, F_WLAN_FC_MOREDATA,
                                F_WLAN_FC_PROTECTED, F_WLAN_FC_ORDER };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        dt_bits_at(o, v, 3, bits[i], kf);
    if (!walk_layer_has(v, LL_WLAN, off, F_WLAN_DURATION))
        return;
    int64_t dur = dt_int_at(v, F_WLAN_DURATION, K(F_WLAN_DURATION));
    dt_mark(o, off + 2, 2);
    bits16(o, 1, (unsigned)dur, 0x7fff);
    out_printf(o, " = %s: %lld microseconds\n", fields[F_WLAN_DURATION].label, (long long)dur);
    /* The header's addresses (not an A-MSDU's subframe's, which tshark
     * shows in a layer of their own) */
    static const int addrs[] = { F_WLAN_RA, F_WLAN_TA, F_WLAN_DA, F_WLAN_SA, F_WLAN_BSSID, F_WLAN_STAA };
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        uint32_t at[4];
        int n = wlan_addr_hdr(f, off, &h, addrs[i], at);
        for (int j = 0; j < n; j++)
            addr_line(o, v, addrs[i], K(addrs[i]) + j);
    }
    if (walk_layer_has(v, LL_WLAN, off, F_WLAN_FRAG)) {
        int64_t fr = dt_int_at(v, F_WLAN_FRAG, K(F_WLAN_FRAG)), sq = dt_int_at(v, F_WLAN_SEQ, K(F_WLAN_SEQ));
        dt_mark(o, off + 22, 2);
        bits16(o, 1, (unsigned)fr, 0xf);
        out_printf(o, " = %s: %lld\n", fields[F_WLAN_FRAG].label, (long long)fr);
        dt_mark(o, off + 22, 2);
        bits16(o, 1, (unsigned)sq << 4, 0xfff0);
        out_printf(o, " = %s: %lld\n", fields[F_WLAN_SEQ].label, (long long)sq);
    }
    if (walk_layer_has(v, LL_WLAN, off, F_WLAN_QOS)) {
        int kq = K(F_WLAN_QOS);
        dt_line_at(o, v, 1, F_WLAN_QOS, kq, false, NULL);
        int64_t tid = dt_int_at(v, F_WLAN_QOS_TID, kq);
        dt_mark(o, h.qos_off, 2);
        bits16(o, 2, (unsigned)tid, 0xf);
        out_printf(o, " = %s: %lld\n", fields[F_WLAN_QOS_TID].label, (long long)tid);
    }
    if (walk_layer_has(v, LL_WLAN, off, F_WLAN_WEP_IV)) {
        dt_mark(o, off + h.hlen, 4);
        out_str(o, "    WEP parameters\n");
        dt_line_at(o, v, 2, F_WLAN_WEP_IV, K(F_WLAN_WEP_IV), false, NULL);
    }
}

void detail_wlan_layer(struct out *o, const struct view *v, uint32_t off)
{
    detail_wlan(o, v, off);
}
