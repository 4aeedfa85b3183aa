/* Fields of the IEEE 802.11 frames Aruba's GRE carries (tunnel_wlan): the
 * frame control field and its bits, and of a data frame its duration,
 * addresses, sequence control and QoS control, read at the walk place and
 * bounded by what was captured. 802.11 sends its 16-bit fields
 * little-endian; the frame control field is read as Wireshark shows it
 * (its first byte high). */
#include <string.h>

#include "decode/decode.h"
#include "present/fields_wlan.h"

bool wlan_amsdu(const struct frame *f, const struct wlan_parts *h)
{
    return h->qos && frame_has(f, h->qos_off, 1) && (f->data[h->qos_off] & 0x80);
}

bool wlan_wep(const struct frame *f, uint32_t off, const struct wlan_parts *h)
{
    return h->data && h->whole && (f->data[off + 1] & 0x40) && frame_has(f, off + h->hlen, 4) &&
           !(f->data[off + h->hlen + 3] & 0x20);
}

bool wlan_hdr(const struct frame *f, uint32_t off, struct wlan_parts *h)
{
    memset(h, 0, sizeof *h);
    if (!frame_has(f, off, 2))
        return false;
    uint8_t fc0 = f->data[off], fc1 = f->data[off + 1];
    h->data = (fc0 >> 2 & 3) == 2;
    h->ds = fc1 & 3;
    h->hlen = 24 + (h->ds == 3 ? 6 : 0);
    if (h->data && (fc0 & 0x80)) {
        h->qos = true;
        h->qos_off = off + h->hlen;
        h->hlen += 2 + ((fc1 & 0x80) ? 4 : 0);
    }
    h->whole = frame_has(f, off, h->hlen);
    return true;
}

/* Behind Aruba's GRE type 0x8210 (not 0x8200), tshark 4.0 shows nothing of
 * a frame whose MAC header was cut (measured: 2 bytes of it captured). */
static bool wlan_shown(const struct frame *f, int w)
{
    struct wlan_parts h;
    if (!wlan_hdr(f, f->walk_off[w], &h))
        return false;
    if (h.whole || w == 0 || f->walk[w - 1] != LL_GRE || !frame_has(f, f->walk_off[w - 1] + 2, 2))
        return true;
    const uint8_t *g = f->data + f->walk_off[w - 1] + 2;
    return !(g[0] == 0x82 && g[1] == 0x10);
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

WALK_GETTER(get_proto_wlan)
{
    (void)fd;
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_WLAN, wlan_shown, offs, MAX_WALK), n = 0;
    struct wlan_parts h;
    for (int i = 0; i < m && n < max; i++, n++) {
        wlan_hdr(f, offs[i], &h);
        val[n].p = f->data + offs[i];
        val[n].n = frame_bytes_in(f, offs[i], h.hlen);
        val[n].i = f->buflen - offs[i];
    }
    return n;
}

/* The frame control field and its parts; type/subtype as Wireshark
 * composes it (type in the high nibble, subtype in the low). */
WALK_GETTER(get_wlan_fc)
{
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_WLAN, wlan_shown, offs, MAX_WALK), n = 0;
    for (int i = 0; i < m && n < max; i++) {
        const uint8_t *p = f->data + offs[i];
        if (fd == &fields[F_WLAN_FC_TYPE_SUBTYPE]) {
            val[n++].i = (p[0] & 0x0c) << 2 | p[0] >> 4;
            continue;
        }
        if (!frame_has(f, offs[i] + fd->wire.off, fd->wire.len))
            continue;
        int64_t x = fd->wire.len == 2 ? p[0] << 8 | p[1] : p[fd->wire.off];
        if (fd->wire.mask) {
            x &= fd->wire.mask;
            x = fd->type == T_BOOLEAN ? x != 0 : x >> __builtin_ctz(fd->wire.mask);
        }
        val[n++].i = x;
    }
    return n;
}

/* Duration (any frame), and a data frame's sequence control and QoS control. */
WALK_GETTER(get_wlan_hdr)
{
    const struct frame *f = v->f;
    int id = (int)(fd - fields);
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_WLAN, wlan_shown, offs, MAX_WALK), n = 0;
    struct wlan_parts h;
    for (int i = 0; i < m && n < max; i++) {
        uint32_t off = offs[i];
        wlan_hdr(f, off, &h);
        const uint8_t *p = f->data + off;
        switch (id) {
        case F_WLAN_DURATION:
            if (!frame_has(f, off, 4))
                continue;
            val[n].i = le16(p + 2) & 0x7fff;
            break;
        case F_WLAN_FRAG:
        case F_WLAN_SEQ:
            if (!h.data || !frame_has(f, off, 24))
                continue;
            val[n].i = id == F_WLAN_FRAG ? le16(p + 22) & 0xf : le16(p + 22) >> 4;
            break;
        case F_WLAN_WEP_IV:   /* a protected frame's WEP IV (not an extended IV: TKIP, CCMP) */
            if (!wlan_wep(f, off, &h))
                continue;
            val[n].i = (int64_t)p[h.hlen] << 16 | p[h.hlen + 1] << 8 | p[h.hlen + 2];
            break;
        default:   /* wlan.qos, wlan.qos.tid */
            if (!h.qos || !frame_has(f, h.qos_off, 2))
                continue;
            val[n].i = id == F_WLAN_QOS ? le16(f->data + h.qos_off) : f->data[h.qos_off] & 0xf;
            break;
        }
        n++;
    }
    return n;
}

/* Where address slot s (1 to 4) of the header at off lies. */
static uint32_t slot_at(uint32_t off, int s)
{
    return off + (s == 4 ? 24 : 4 + 6 * (s - 1));
}

int wlan_addr_hdr(const struct frame *f, uint32_t off, const struct wlan_parts *h, int id, uint32_t at[4])
{
    /* Of a data frame, by its DS bits, the slot (1 to 4) that holds RA,
     * TA, DA, SA, BSSID and STA address, 0: none (packet-ieee80211.c's
     * DATA_ADDR_T1..T4, measured with tshark 4.0). */
    static const int slot[4][6] = {
        { 1, 2, 1, 2, 3, 0 },     /* neither: an IBSS, or inside one BSS */
        { 1, 2, 3, 2, 1, 2 },     /* to DS */
        { 1, 2, 1, 3, 2, 1 },     /* from DS */
        { 1, 2, 3, 4, 0, 0 },     /* both: WDS, four addresses */
    };
    int list[4], n = 0, k = 0;
    if (!h->data)
        return 0;
    bool amsdu = wlan_amsdu(f, h), wds = h->ds == 3;
    if (id == F_WLAN_ADDR) {
        /* 1, 2, then 3 (with 4 before it in a WDS frame); of an A-MSDU,
         * 3 only when it is the BSSID, and a WDS one's 3 then 4 */
        list[n++] = 1, list[n++] = 2;
        if (amsdu && wds)
            list[n++] = 3, list[n++] = 4;
        else if (!amsdu || h->ds == 0) {
            if (wds)
                list[n++] = 4;
            list[n++] = 3;
        }
    } else if (id >= F_WLAN_RA && id <= F_WLAN_STAA) {
        int s = slot[h->ds & 3][id - F_WLAN_RA];
        /* An A-MSDU's DA and SA are its subframes' (the caller's): the
         * header's only from addresses 1 and 2; a WDS A-MSDU shows its
         * addresses 3 and 4 as BSSIDs. */
        if (amsdu && wds && id == F_WLAN_BSSID)
            list[n++] = 3, list[n++] = 4;
        else if (s && !(amsdu && s >= 3 && (id == F_WLAN_DA || id == F_WLAN_SA)))
            list[n++] = s;
    }
    for (int j = 0; j < n; j++)
        if (frame_has(f, slot_at(off, list[j]), 6))
            at[k++] = slot_at(off, list[j]);
    return k;
}

WALK_GETTER(get_wlan_addr)
{
    const struct frame *f = v->f;
    uint32_t offs[MAX_WALK];
    int m = walk_layers(f, LL_WLAN, wlan_shown, offs, MAX_WALK), n = 0, id = (int)(fd - fields);
    struct wlan_parts h;
    for (int i = 0; i < m && n < max; i++) {
        wlan_hdr(f, offs[i], &h);
        uint32_t at[5];
        int k = wlan_addr_hdr(f, offs[i], &h, id, at);
        /* An A-MSDU: tshark adds its first subframe's destination and
         * source (its wlan_aggregate layer) after the header's. */
        uint32_t sub = h.qos_off + 2 + ((f->data[offs[i] + 1] & 0x80) ? 4 : 0);
        if (wlan_amsdu(f, &h) && (id == F_WLAN_DA || id == F_WLAN_SA) &&
            frame_has(f, sub + (id == F_WLAN_SA ? 6 : 0), 6))
            at[k++] = sub + (id == F_WLAN_SA ? 6 : 0);
        for (int j = 0; j < k && n < max; j++, n++) {
            val[n].p = f->data + at[j];
            val[n].n = 6;
        }
    }
    return n;
}
