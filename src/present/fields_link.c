/* Fields of the link-level encapsulations found in the walk: PPPoE
 * session, PPP, MPLS, 802.1ad, 802.1ah (PBB), VN-Tag. Most are one wire
 * place in their layer's header (get_walk_wire reads them); the places that
 * are not one per walk layer are listed here: each MPLS label stack entry
 * (the walk names the stack once, Wireshark shows one header per entry),
 * each 802.1ah I-tag (an 802.1ad B-tag followed by an I-tag is one 802.1ah
 * header to Wireshark), each ieee8021ah.etype (802.1ad's Type is one) and
 * each PPP protocol field (after PPPoE's 6 bytes, or after PPP's address
 * and control bytes on link type PPP). */
#include "decode/decode.h"
#include "present/fields_walk.h"

#define ETHERTYPE_PBB_ 0x88e7
#define MPLS_STACK_MAX 16    /* as the decoder's link_mpls */

/* An 802.1ad tag at off followed by a PBB I-tag (its Type 0x88e7). */
static bool ad_has_itag(const struct frame *f, uint32_t off)
{
    return frame_has(f, off + 2, 2) && (uint16_t)be16_at(f->data + off + 2) == ETHERTYPE_PBB_;
}

static int mpls_entries(const struct frame *f, uint32_t off, uint32_t *out, int n, int max)
{
    for (int i = 0; i < MPLS_STACK_MAX && n < max && frame_has(f, off, 4); i++, off += 4) {
        out[n++] = off;
        if (f->data[off + 2] & 1)              /* bottom of stack */
            break;
    }
    return n;
}

/* FabricPath's FCS: the last 4 bytes of what its Ethernet frame reports
 * (the frame, for the outermost; 4 bytes less for a FabricPath header
 * right inside another). The k-th header's, or UINT32_MAX when it has
 * none found here (a header elsewhere, in a tunnel) or it was not
 * captured. */
uint32_t link_cfp_fcs(const struct frame *f, int k)
{
    uint32_t end = f->len, prev = 0;
    int i = 0;
    for (int w = 0; w < f->nwalk; w++) {
        if (f->walk[w] != LL_CFP)
            continue;
        uint32_t off = f->walk_off[w];
        if (i == 0 ? off != 0 : off != prev + 16 || end < 4)
            return UINT32_MAX;
        if (i > 0)
            end -= 4;
        prev = off;
        if (i++ == k)
            return end >= off + 4 && frame_has(f, end - 4, 4) ? end - 4 : UINT32_MAX;
    }
    return UINT32_MAX;
}

static int cfp_fcs(const struct frame *f, uint32_t *out, int max)
{
    int n = 0;
    for (int k = 0; k < f->nwalk && n < max; k++) {
        uint32_t at = link_cfp_fcs(f, k);
        if (at != UINT32_MAX)
            out[n++] = at;
    }
    return n;
}

int link_wire_bases(const struct frame *f, uint8_t wire_layer, uint32_t *out, int max)
{
    int n = 0;
    switch (wire_layer) {
    case W_MPLS:
        for (int w = 0; w < f->nwalk; w++)
            if (f->walk[w] == LL_MPLS)
                n = mpls_entries(f, f->walk_off[w], out, n, max);
        return n;
    case W_8021AH:
    case W_8021AH_TYPE:
        for (int w = 0; w < f->nwalk && n < max; w++) {
            uint32_t off = f->walk_off[w];
            if (f->walk[w] == LL_8021AH)
                out[n++] = wire_layer == W_8021AH ? off : off + 16;
            else if (f->walk[w] == LL_8021AD && ad_has_itag(f, off))
                out[n++] = wire_layer == W_8021AH ? off + 4 : off + 4 + 16;
            else if (f->walk[w] == LL_8021AD && wire_layer == W_8021AH_TYPE)
                out[n++] = off + 2;
        }
        return n;
    case W_PPP:
        for (int w = 0; w < f->nwalk && n < max; w++) {
            if (f->walk[w] != LL_PPP)
                continue;
            uint32_t off = f->walk_off[w];
            if (w == 0 || f->walk[w - 1] != LL_PPPOE) {   /* link type PPP: address and control first */
                if (frame_has(f, off, 2) && f->data[off] == 0xff && f->data[off + 1] == 0x03)
                    off += 2;
            }
            out[n++] = off;
        }
        return n;
    case W_CFP_HMAC:
    case W_CFP_DHMAC:
    case W_CFP_SHMAC:
    case W_CFP_DMC:
        for (int w = 0; w < f->nwalk && n < max; w++) {
            if (f->walk[w] != LL_CFP)
                continue;
            uint32_t off = f->walk_off[w];
            /* a destination with its I/G bit set is an Ethernet address */
            bool mc = frame_has(f, off, 1) && f->data[off] & 1;
            if (wire_layer == W_CFP_DMC ? mc : !mc && wire_layer != W_CFP_SHMAC)
                out[n++] = off;
            if ((wire_layer == W_CFP_HMAC || wire_layer == W_CFP_SHMAC) && n < max)
                out[n++] = off + 6;
        }
        return n;
    case W_CFP_FCS:
        return cfp_fcs(f, out, max);
    default:
        return -1;
    }
}

int link_wire_index(const struct frame *f, uint8_t wire_layer, uint32_t off)
{
    uint32_t base[MAX_OCCURRENCES];
    int n = walk_wire_bases(f, wire_layer, base, MAX_OCCURRENCES);
    for (int k = 0; k < n; k++)
        if (base[k] == off)
            return k;
    return -1;
}

/* A protocol row: its header's bytes at each of its layer's places (its
 * wire place gives the header's length). */
WALK_GETTER(get_walk_proto)
{
    const struct frame *f = v->f;
    uint32_t base[MAX_OCCURRENCES];
    int n = walk_wire_bases(f, fd->wire.layer, base, max < MAX_OCCURRENCES ? max : MAX_OCCURRENCES);
    for (int k = 0; k < n; k++) {
        val[k].p = f->data + (base[k] < f->buflen ? base[k] : f->buflen);
        val[k].n = frame_bytes_in(f, base[k], fd->wire.len);
        val[k].i = frame_bytes_in(f, base[k], UINT32_MAX);
    }
    return n;
}

/* ppp.protocol: 2 bytes, or 1 when its first byte is odd (a compressed
 * protocol field, RFC 1661 6.5), on link type PPP. */
WALK_GETTER(get_ppp_protocol)
{
    (void)fd;
    const struct frame *f = v->f;
    uint32_t base[MAX_OCCURRENCES];
    int nbase = walk_wire_bases(f, W_PPP, base, MAX_OCCURRENCES), n = 0;
    for (int k = 0; k < nbase && n < max; k++) {
        uint32_t off = base[k];
        if (frame_has(f, off, 1) && f->data[off] & 1)
            val[n++].i = f->data[off];
        else if (frame_has(f, off, 2))
            val[n++].i = (uint16_t)be16_at(f->data + off);
    }
    return n;
}

/* cfp.eid: Wireshark adds a value it computes from the address bits under
 * a field whose mask (0xfcc000) then clears it: 0 for every address. */
WALK_GETTER(get_cfp_eid)
{
    (void)fd;
    uint32_t base[MAX_OCCURRENCES];
    int n = walk_wire_bases(v->f, W_CFP_HMAC, base, max < MAX_OCCURRENCES ? max : MAX_OCCURRENCES), got = 0;
    for (int k = 0; k < n; k++)
        if (frame_has(v->f, base[k], 3))
            val[got++].i = 0;
    return got;
}

/* cfp.d_hmac, cfp.s_hmac: one per address (labels of their subtrees). */
WALK_GETTER(get_cfp_hmac)
{
    uint32_t base[MAX_OCCURRENCES];
    int n = walk_wire_bases(v->f, fd->wire.layer, base, max < MAX_OCCURRENCES ? max : MAX_OCCURRENCES), got = 0;
    for (int k = 0; k < n; k++)
        if (frame_has(v->f, base[k], 6))
            val[got++].i = 1;                 /* tshark -T fields writes a label's presence as 1 */
    return got;
}

/* cfp.fcs.status: Unverified (2) for each FCS, as Wireshark by default. */
WALK_GETTER(get_cfp_fcs_status)
{
    (void)fd;
    uint32_t base[MAX_OCCURRENCES];
    int n = walk_wire_bases(v->f, W_CFP_FCS, base, max < MAX_OCCURRENCES ? max : MAX_OCCURRENCES);
    for (int k = 0; k < n; k++)
        val[k].i = 2;
    return n;
}
