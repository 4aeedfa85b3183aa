/* -T json and -T ek: the link-level encapsulations found in the walk
 * (PPPoE session, PPP, MPLS, 802.1ad, 802.1ah, VN-Tag) in tshark 4.0's
 * order, with their registry fields (fields_link.c). */
#include "decode/decode.h"
#include "present/fields_walk.h"
#include "present/jtree_impl.h"

static void fields_under(struct jtree *t, const struct view *v, int l, const int *ids, size_t n, int k)
{
    for (size_t i = 0; i < n; i++)
        jt_field(t, v, l, ids[i], k);
}

static const int tci_ad[] = { F_8021AD_PRIORITY, F_8021AD_DEI, F_8021AD_ID };
static const int itag[] = { F_8021AH_PRIORITY, F_8021AH_DROP, F_8021AH_NCA, F_8021AH_RES1, F_8021AH_RES2, F_8021AH_ISID };

/* An I-tag at off and what follows it; under an 802.1ad layer (ad >= 0)
 * Wireshark keys both tags' subtrees "ieee8021ad", else the I-tag's
 * "ieee8021ah". */
static void pbb(struct jtree *t, const struct view *v, int l, int ad, uint32_t off)
{
    int k = link_wire_index(v->f, W_8021AH, off);
    int ty = link_wire_index(v->f, W_8021AH_TYPE, off + 16);
    int id = ad >= 0 ? F_PROTO_8021AD : F_PROTO_8021AH;
    if (ad >= 0)
        fields_under(t, v, jt_field(t, v, l, F_PROTO_8021AD, ad), tci_ad, 3, ad);
    if (k < 0 || !frame_has(v->f, off, 4))      /* no I-tag subtree when it was cut */
        return;
    fields_under(t, v, jt_field(t, v, l, id, ad >= 0 ? ad : k), itag, 6, k);
    jt_field(t, v, l, F_8021AH_CDST, k);
    jt_field(t, v, l, F_8021AH_CSRC, k);
    if (ty >= 0)
        jt_field(t, v, l, F_8021AH_ETYPE, ty);
}

static void layer_8021ad(struct jtree *t, const struct view *v, int k, uint32_t off)
{
    const struct frame *f = v->f;
    int l = jt_field(t, v, 0, F_PROTO_8021AD, k);
    if (frame_has(f, off, 4) && (f->data[off + 2] << 8 | f->data[off + 3]) == 0x88e7) {
        pbb(t, v, l, k, off + 4);
        return;
    }
    fields_under(t, v, l, tci_ad, 3, k);
    jt_field(t, v, l, F_8021AH_ETYPE, link_wire_index(f, W_8021AH_TYPE, off + 2));
}

static void layer_mpls(struct jtree *t, const struct view *v, uint32_t off)
{
    static const int entry[] = { F_MPLS_LABEL, F_MPLS_EXP, F_MPLS_BOTTOM, F_MPLS_TTL };
    uint32_t base;
    for (int k = link_wire_index(v->f, W_MPLS, off); k >= 0 && walk_wire_base(v->f, W_MPLS, k, &base) && base - off < 4 * 16; k++) {
        fields_under(t, v, jt_field(t, v, 0, F_PROTO_MPLS, k), entry, 4, k);
        if (frame_has(v->f, base + 2, 1) && v->f->data[base + 2] & 1)   /* bottom of stack */
            break;
    }
}

/* The PPP layer whose walk place is off: its protocol field there, or
 * after the address and control bytes on link type PPP. */
static void layer_ppp(struct jtree *t, const struct view *v, uint32_t off)
{
    int k = link_wire_index(v->f, W_PPP, off);
    if (k < 0)
        k = link_wire_index(v->f, W_PPP, off + 2);
    if (k >= 0)
        jt_field(t, v, jt_field(t, v, 0, F_PROTO_PPP, k), F_PPP_PROTOCOL, k);
}

/* FabricPath: each address's subtree (cfp.d_hmac, cfp.s_hmac; a
 * multicast destination is cfp.d_hmac_mc), the type, FTAG, TTL and FCS. */
static void layer_cfp(struct jtree *t, const struct view *v, int k, uint32_t off)
{
    static const int hmac[] = { F_CFP_EID, F_CFP_UL, F_CFP_IG, F_CFP_OOODL, F_CFP_SWID, F_CFP_SSWID, F_CFP_LID };
    const struct frame *f = v->f;
    int l = jt_field(t, v, 0, F_PROTO_CFP, k);
    int a = link_wire_index(f, W_CFP_HMAC, off);
    if (frame_has(f, off, 1) && f->data[off] & 1) {
        jt_field(t, v, l, F_CFP_D_HMAC_MC, link_wire_index(f, W_CFP_DMC, off));
        a = link_wire_index(f, W_CFP_HMAC, off + 6) - 1;   /* the source only */
    } else if (a >= 0) {
        fields_under(t, v, jt_field(t, v, l, F_CFP_D_HMAC, link_wire_index(f, W_CFP_DHMAC, off)), hmac, 7, a);
    }
    if (a >= -1)
        fields_under(t, v, jt_field(t, v, l, F_CFP_S_HMAC, link_wire_index(f, W_CFP_SHMAC, off + 6)), hmac, 7, a + 1);
    jt_field(t, v, l, F_CFP_ETYPE, k);
    jt_field(t, v, l, F_CFP_FTAG, k);
    jt_field(t, v, l, F_CFP_TTL, k);
    uint32_t fcs = link_cfp_fcs(f, k);
    int fk = fcs == UINT32_MAX ? -1 : link_wire_index(f, W_CFP_FCS, fcs);
    jt_field(t, v, l, F_CFP_FCS, fk);
    jt_field(t, v, l, F_CFP_FCS_STATUS, fk);
}

void jtree_link_layer(struct jtree *t, const struct view *v, uint8_t ll, int k, uint32_t off)
{
    static const int pppoe[] = { F_PPPOE_VERSION, F_PPPOE_TYPE, F_PPPOE_CODE, F_PPPOE_SESSION_ID, F_PPPOE_PAYLOAD_LENGTH };
    static const int vntag[] = { F_VNTAG_DIR, F_VNTAG_PTR, F_VNTAG_DST, F_VNTAG_LOOPED, F_VNTAG_R, F_VNTAG_VERSION, F_VNTAG_SRC, F_VNTAG_ETYPE };
    switch (ll) {
    case LL_PPPOE: fields_under(t, v, jt_field(t, v, 0, F_PROTO_PPPOES, k), pppoe, 5, k); break;
    case LL_PPP: layer_ppp(t, v, off); break;
    case LL_MPLS: layer_mpls(t, v, off); break;
    case LL_8021AD: layer_8021ad(t, v, k, off); break;
    case LL_8021AH: {
        int a = link_wire_index(v->f, W_8021AH, off);
        if (a >= 0 && frame_has(v->f, off, 4))   /* Wireshark adds no layer for a cut I-tag */
            pbb(t, v, jt_field(t, v, 0, F_PROTO_8021AH, a), -1, off);
        break;
    }
    case LL_VNTAG: fields_under(t, v, jt_field(t, v, 0, F_PROTO_VNTAG, k), vntag, 8, k); break;
    case LL_CFP: layer_cfp(t, v, k, off); break;
    default: break;
    }
}
