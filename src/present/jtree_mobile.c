/* -T json and -T ek: the GTP-U v1, Teredo, AYIYA and LLC layers in tshark
 * 4.0's order with the fields synfin has. A field's occurrence for a layer
 * is the count of its values in the layers walked before it. */
#include "decode/decode.h"
#include "present/fields_mobile.h"
#include "present/fields_wlan.h"
#include "present/jtree_impl.h"

/* Field id under parent when the layer of kind ll at off has a value of
 * it: the node, or -1. */
static int own(struct jtree *t, const struct view *v, int parent, uint8_t ll, uint32_t off, int id)
{
    if (parent < 0 || !walk_layer_has(v, ll, off, id))
        return -1;
    return jt_field(t, v, parent, id, walk_occurrence(v, ll, off, id));
}

static void layer_gtp(struct jtree *t, const struct view *v, uint32_t off, int parent)
{
    const struct frame *f = v->f;
    struct gtp_parts g;
    if (!gtp_parse(f, off, &g))
        return;
    int l = own(t, v, parent, LL_GTP, off, F_PROTO_GTP);
    int fl = own(t, v, l, LL_GTP, off, F_GTP_FLAGS);
    if (fl >= 0) {
        static const int bits[] = { F_GTP_FLAGS_VERSION, F_GTP_FLAGS_PAYLOAD, F_GTP_FLAGS_RESERVED,
                                    F_GTP_FLAGS_E, F_GTP_FLAGS_S, F_GTP_FLAGS_PN };
        for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
            own(t, v, fl, LL_GTP, off, bits[i]);
    }
    static const int top[] = { F_GTP_MESSAGE, F_GTP_LENGTH, F_GTP_TEID, F_GTP_SEQ_NUMBER, F_GTP_NPDU_NUMBER };
    for (size_t i = 0; i < sizeof top / sizeof top[0]; i++)
        own(t, v, l, LL_GTP, off, top[i]);
    if (!g.opt || !(f->data[off] & 4))
        return;
    int kx = walk_occurrence(v, LL_GTP, off, F_GTP_EXT_HDR_NEXT);
    int ke = walk_occurrence(v, LL_GTP, off, F_GTP_EXT_HDR);
    int kp = walk_occurrence(v, LL_GTP, off, F_GTP_PDU_TYPE);
    if (l < 0)
        return;
    jt_field(t, v, l, F_GTP_EXT_HDR_NEXT, kx);
    for (int e = 0; e < g.next_ext; e++) {
        int x = jt_field(t, v, l, F_GTP_EXT_HDR, ke + e);
        if (x < 0)
            return;
        jt_field(t, v, x, F_GTP_EXT_HDR_LENGTH, ke + e);
        if (g.ext_type[e] == GTP_EXT_PDU_SESSION) {
            int c = jt_text(t, x, "PDU Session Container");
            if (c >= 0) {
                jt_field(t, v, c, F_GTP_PDU_TYPE, kp);
                jt_field(t, v, c, F_GTP_QFI, kp);
            }
            kp++;
        }
        jt_field(t, v, x, F_GTP_EXT_HDR_NEXT, kx + 1 + e);
    }
}

static void layer_teredo(struct jtree *t, const struct view *v, uint32_t off, int parent)
{
    int l = own(t, v, parent, LL_TEREDO, off, F_PROTO_TEREDO);
    if (l < 0)
        return;
    int a = own(t, v, l, LL_TEREDO, off, F_TEREDO_AUTH);
    if (a >= 0) {
        static const int ids[] = { F_TEREDO_AUTH_IDLEN, F_TEREDO_AUTH_AULEN, F_TEREDO_AUTH_ID,
                                   F_TEREDO_AUTH_VALUE, F_TEREDO_AUTH_NONCE, F_TEREDO_AUTH_CONF };
        for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
            own(t, v, a, LL_TEREDO, off, ids[i]);
    }
    int o = own(t, v, l, LL_TEREDO, off, F_TEREDO_ORIG);
    if (o >= 0) {
        own(t, v, o, LL_TEREDO, off, F_TEREDO_ORIG_PORT);
        own(t, v, o, LL_TEREDO, off, F_TEREDO_ORIG_ADDR);
    }
}

static void layer_ayiya(struct jtree *t, const struct view *v, uint32_t off, int parent)
{
    int l = own(t, v, parent, LL_AYIYA, off, F_PROTO_AYIYA);
    if (l < 0)
        return;
    static const int ids[] = { F_AYIYA_IDLEN, F_AYIYA_IDTYPE, F_AYIYA_SIGLEN, F_AYIYA_HASHMETHOD,
                               F_AYIYA_AUTHMETHOD, F_AYIYA_OPCODE, F_AYIYA_NEXTHEADER,
                               F_AYIYA_EPOCH, F_AYIYA_IDENTITY, F_AYIYA_SIGNATURE };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        own(t, v, l, LL_AYIYA, off, ids[i]);
}

static void layer_llc(struct jtree *t, const struct view *v, uint32_t off, int parent)
{
    if (llc_in_amsdu(v->f, off))
        return;
    int l = own(t, v, parent, LL_LLC, off, F_PROTO_LLC);
    if (l < 0)
        return;
    int d = own(t, v, l, LL_LLC, off, F_LLC_DSAP);
    own(t, v, d, LL_LLC, off, F_LLC_DSAP_SAP);
    own(t, v, d, LL_LLC, off, F_LLC_DSAP_IG);
    int s = own(t, v, l, LL_LLC, off, F_LLC_SSAP);
    own(t, v, s, LL_LLC, off, F_LLC_SSAP_SAP);
    own(t, v, s, LL_LLC, off, F_LLC_SSAP_CR);
    int c = own(t, v, l, LL_LLC, off, F_LLC_CONTROL);
    if (c >= 0) {
        own(t, v, c, LL_LLC, off, F_LLC_CONTROL_U_MODIFIER_CMD);
        own(t, v, c, LL_LLC, off, F_LLC_CONTROL_FTYPE);
    }
    own(t, v, l, LL_LLC, off, F_LLC_OUI);
    own(t, v, l, LL_LLC, off, F_LLC_TYPE);
}

/* IEEE 802.11 (Aruba GRE). An A-MSDU's first subframe addresses sit in
 * tshark's wlan_aggregate layer, which synfin does not write. */
static void layer_wlan(struct jtree *t, const struct view *v, uint32_t off, int parent)
{
    struct wlan_parts h;
    if (!wlan_hdr(v->f, off, &h))
        return;
    int l = own(t, v, parent, LL_WLAN, off, F_PROTO_WLAN);
    if (l < 0)
        return;
    own(t, v, l, LL_WLAN, off, F_WLAN_FC_TYPE_SUBTYPE);
    int fc = own(t, v, l, LL_WLAN, off, F_WLAN_FC);
    own(t, v, fc, LL_WLAN, off, F_WLAN_FC_VERSION);
    own(t, v, fc, LL_WLAN, off, F_WLAN_FC_TYPE);
    own(t, v, fc, LL_WLAN, off, F_WLAN_FC_SUBTYPE);
    int fl = own(t, v, fc, LL_WLAN, off, F_WLAN_FLAGS);
    static const int bits[] = { F_WLAN_FC_DS, F_WLAN_FC_TODS, F_WLAN_FC_FROMDS, F_WLAN_FC_FRAG, F_WLAN_FC_RETRY,
                                F_WLAN_FC_PWRMGT, F_WLAN_FC_MOREDATA, F_WLAN_FC_PROTECTED, F_WLAN_FC_ORDER };
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
        own(t, v, fl, LL_WLAN, off, bits[i]);
    own(t, v, l, LL_WLAN, off, F_WLAN_DURATION);
    /* The header's addresses (an A-MSDU's subframe ones sit in tshark's
     * wlan_aggregate layer); wlan.addr: address 1 after RA, 2 after TA,
     * the others after the sequence number, as tshark adds them. */
    uint32_t aat[4], at[4];
    int na = wlan_addr_hdr(v->f, off, &h, F_WLAN_ADDR, aat), a = 0;
    int abase = na ? walk_occurrence(v, LL_WLAN, off, F_WLAN_ADDR) : 0;
    static const int addrs[] = { F_WLAN_RA, F_WLAN_TA, F_WLAN_DA, F_WLAN_SA, F_WLAN_BSSID, F_WLAN_STAA };
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        int n = wlan_addr_hdr(v->f, off, &h, addrs[i], at);
        int base = n ? walk_occurrence(v, LL_WLAN, off, addrs[i]) : 0;
        for (int j = 0; j < n; j++)
            jt_field(t, v, l, addrs[i], base + j);
        if (i < 2 && a < na && aat[a] == off + 4 + 6 * (uint32_t)i)
            jt_field(t, v, l, F_WLAN_ADDR, abase + a++);
    }
    own(t, v, l, LL_WLAN, off, F_WLAN_FRAG);
    own(t, v, l, LL_WLAN, off, F_WLAN_SEQ);
    while (a < na)
        jt_field(t, v, l, F_WLAN_ADDR, abase + a++);
    int q = own(t, v, l, LL_WLAN, off, F_WLAN_QOS);
    own(t, v, q, LL_WLAN, off, F_WLAN_QOS_TID);
    if (walk_layer_has(v, LL_WLAN, off, F_WLAN_WEP_IV)) {
        int w = jt_text(t, l, "WEP parameters");
        own(t, v, w, LL_WLAN, off, F_WLAN_WEP_IV);
    }
}

void jtree_mobile_layer(struct jtree *t, const struct view *v, uint8_t ll, int k, int parent)
{
    uint32_t off;
    if (!walk_layer_at(v->f, ll, k, &off))
        return;
    switch (ll) {
    case LL_GTP: layer_gtp(t, v, off, parent); break;
    case LL_TEREDO: layer_teredo(t, v, off, parent); break;
    case LL_AYIYA: layer_ayiya(t, v, off, parent); break;
    case LL_LLC: layer_llc(t, v, off, parent); break;
    case LL_WLAN: layer_wlan(t, v, off, parent); break;
    default: break;
    }
}
