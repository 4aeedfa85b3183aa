/* Link layers: Ethernet (with VLAN and VN-Tag tags, 802.3 with LLC/SNAP,
 * 802.1ah, FabricPath), BSD loopback, Linux cooked (SLL, SLL2), PPP and
 * PPPoE, MPLS, ARCNET, IP over InfiniBand, Juniper Ethernet, FDDI and Linux
 * NFLOG. Each parser reads its header and names the layer that follows
 * (layers.h): by EtherType through layer_by_ethertype, or IP directly. */

#include "decode/decode.h"
#include "decode/dlt.h"
#include "decode/layers.h"

#define PPP_IPV4 0x0021
#define PPP_IPV6 0x0057
#define PPP_MPLS 0x0281
#define ETHERTYPE_PBB 0x88e7          /* 802.1ah Provider Backbone Bridging */
#define ETHERTYPE_FABRICPATH 0x8903   /* Cisco's "DCE" */

/* Per link type: wiretap's number for it (frame.encap_type, wtap.h; its
 * name is that field's value name), and the protocols its header adds to
 * frame.protocols before any Ethernet, IP or TCP. */
static const struct link_name { int dlt; int wtap; const char *protos; } link_names[] = {
    { DLT_EN10MB, 1, NULL },
    { DLT_NULL, 15, "null" },
    { DLT_LOOP, 174, "null" },
    { DLT_RAW, 7, "raw" },
    { DLT_IPV4, 129, NULL },
    { DLT_IPV6, 130, NULL },
    { DLT_LINUX_SLL, 25, "sll:ethertype" },
    { DLT_LINUX_SLL2, 210, "sll:ethertype" },
    { DLT_PPP, 4, NULL },          /* ppp: named in the walk (link_ppp) */
    { DLT_ARCNET_LINUX, 9, "arcnet" },
    { DLT_IPOIB, 180, "ipoib" },
    { DLT_JUNIPER_ETHER, 83, "juniper" },
    { DLT_FDDI, 6, "fddi" },       /* WTAP_ENCAP_FDDI_BITSWAPPED, as wiretap maps it */
    { DLT_NFLOG, 141, "nflog" },
};

static const struct link_name *link_find(int dlt)
{
    for (size_t i = 0; i < sizeof link_names / sizeof link_names[0]; i++)
        if (link_names[i].dlt == dlt)
            return &link_names[i];
    return NULL;
}

int link_wtap_encap(int dlt)
{
    const struct link_name *l = link_find(dlt);
    return l ? l->wtap : 0;   /* WTAP_ENCAP_UNKNOWN */
}

const char *link_protocols(int dlt)
{
    const struct link_name *l = link_find(dlt);
    return l ? l->protos : NULL;
}

const char *link_layer_name(uint8_t id)
{
    static const char *const names[] = {
        [LL_ETH] = "eth", [LL_ETHERTYPE] = "ethertype", [LL_LLC] = "llc", [LL_VLAN] = "vlan",
        [LL_8021AD] = "ieee8021ad", [LL_8021AH] = "ieee8021ah", [LL_VNTAG] = "vntag", [LL_CFP] = "cfp",
        [LL_PPPOE] = "pppoes", [LL_PPP] = "ppp", [LL_MPLS] = "mpls", [LL_IP] = "ip",
        [LL_IPV4] = "ip", [LL_IPV6] = "ipv6", [LL_IPV6_HOPOPTS] = "ipv6.hopopts",
        [LL_IPV6_ROUTING] = "ipv6.routing", [LL_IPV6_DSTOPTS] = "ipv6.dstopts",
        [LL_IPV6_FRAGHDR] = "ipv6.fraghdr", [LL_TCP] = "tcp", [LL_MPTCP] = "mptcp", [LL_UDP] = "udp", [LL_GRE] = "gre",
        [LL_ERSPAN] = "erspan", [LL_WLAN] = "wlan", [LL_VXLAN] = "vxlan", [LL_GENEVE] = "geneve",
        [LL_GTP] = "gtp", [LL_TEREDO] = "teredo", [LL_AYIYA] = "ayiya", [LL_ICMP] = "icmp", [LL_ICMPV6] = "icmpv6",
    };
    return id < sizeof names / sizeof names[0] && names[id] ? names[id] : "";
}

/* Wireshark's "ip" dissector (LLC's IP SAP, NFLOG's IPv4 family): IPv4
 * or IPv6 by the version nibble, named "ip" whatever it holds. */
enum layer_id link_ip_version(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint8_t v = cur_u8_at(c, at->off) >> 4;
    if (c->short_read || v != 4)
        layer_name(f, LL_IP, at->off);
    return LAYER_IP_ANY;
}

/* Whether the n-byte header at off lies within the layer (which ends at
 * end) and was captured; if not, the frame is malformed and stops there. */
static bool header_there(struct frame *f, const struct cursor *c, uint32_t off, uint32_t n, uint32_t end)
{
    if (off <= end && n <= end - off && cursor_has(c, off, n))
        return true;
    f->malformed = true;
    return false;
}

/* MPLS label stack: skip to the bottom of stack, then guess IPv4/IPv6 from
 * the first nibble, as Wireshark does by default. */
enum layer_id link_mpls(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    layer_name(f, LL_MPLS, at->off);
    uint32_t off = at->off;
    for (int i = 0; i < 16; i++) {
        uint32_t entry = cur_u32_at(c, off);
        if (c->short_read)
            return LAYER_END;
        off += 4;
        if (entry & 0x100)
            break;
    }
    at->off = off;
    return LAYER_IP_ANY;
}

/* 802.2 LLC, as Wireshark's llc dissector reads it: the control field is
 * 1 byte in a U frame and 2 in an I frame; only a UI frame or an I frame
 * goes on. SNAP (DSAP and SSAP 0xAA) with the OUI 00-00-00 or Cisco's
 * 00-00-F8 carries an EtherType; the DSAP 0x06 carries IP (by the version
 * nibble). Any other LLC is left undecoded. */
enum layer_id link_llc(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off, end = at->end;
    layer_name(f, LL_LLC, off);
    if (!header_there(f, c, off, 3, end))
        return LAYER_END;
    uint8_t dsap = cur_u8_at(c, off), ssap = cur_u8_at(c, off + 1), ctl = cur_u8_at(c, off + 2);
    uint32_t next = off + 3;
    if (!(ctl & 1))
        next = off + 4;                           /* an I frame: 2 control bytes */
    else if (ctl != 0x03)
        return LAYER_END;                         /* of the U frames only UI carries data */
    if (!header_there(f, c, off, next - off, end))
        return LAYER_END;
    if (dsap == 0x06) {
        at->off = next;
        return LAYER_IP_VERSION;
    }
    if (dsap != 0xaa || ssap != 0xaa)
        return LAYER_END;
    if (!header_there(f, c, next, 5, end))
        return LAYER_END;
    uint32_t oui = cur_u32_at(c, next) >> 8;
    uint16_t type = cur_u16_at(c, next + 3);
    if (oui != 0x000000 && oui != 0x0000f8)
        return LAYER_END;
    at->off = next + 5;
    at->link_depth++;
    return layer_by_ethertype(at, type);
}

/* Where an 802.3 payload of `len` bytes at off ends: its length, or all
 * that is left when the length says more (Wireshark goes on with the rest). */
static uint32_t len_end(uint32_t off, uint16_t len, uint32_t end)
{
    return (uint64_t)off + len < end ? off + len : end;
}

/* What follows a header whose last field is `type` (at->off: just after
 * it): an 802.3 length and LLC, or an EtherType. */
static enum layer_id type_or_length(struct frame *f, struct layer_pos *at, uint16_t type)
{
    at->link_depth++;
    if (type <= 1500) {
        at->end = len_end(at->off, type, at->end);
        return LAYER_LLC;
    }
    layer_name(f, LL_ETHERTYPE, at->off);
    return layer_by_ethertype(at, type);
}

/* 802.1ah Provider Backbone Bridging: the I-tag (4 bytes), then the
 * customer's destination and source and an EtherType. Wireshark shows the
 * customer addresses as ieee8021ah fields, not eth ones. */
static enum layer_id pbb_itag(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    if (!header_there(f, c, at->off, 18, at->end))
        return LAYER_END;
    uint16_t inner = cur_u16_at(c, at->off + 16);
    layer_name(f, LL_ETHERTYPE, at->off + 18);
    at->off += 18;
    at->link_depth++;
    return layer_by_ethertype(at, inner);
}

enum layer_id link_8021ah(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    layer_name(f, LL_8021AH, at->off);
    return pbb_itag(f, c, at);
}

/* An 802.1Q tag (EtherType 0x8100, or the older QinQ 0x9100): the TCI,
 * then the EtherType or 802.3 length that follows. */
enum layer_id link_vlan(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    layer_name(f, LL_VLAN, at->off);
    int tags = 0;
    for (int w = 0; w < f->nwalk; w++)
        tags += f->walk[w] == LL_VLAN;
    if (tags > MAX_VLAN)
        return LAYER_END;                         /* named, not read, not malformed */
    if (!header_there(f, c, at->off, 4, at->end))
        return LAYER_END;
    uint16_t inner = cur_u16_at(c, at->off + 2);
    at->off += 4;
    return type_or_length(f, at, inner);
}

/* An 802.1ad service tag is Wireshark's ieee8021ad layer, not vlan, and
 * not one of the frame's VLAN tags; a PBB I-tag after it is part of it. */
enum layer_id link_8021ad(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    layer_name(f, LL_8021AD, at->off);
    if (!header_there(f, c, at->off, 4, at->end))
        return LAYER_END;
    uint16_t inner = cur_u16_at(c, at->off + 2);
    at->off += 4;
    if (inner == ETHERTYPE_PBB)
        return pbb_itag(f, c, at);
    return type_or_length(f, at, inner);
}

/* VN-Tag: 4 bytes of tag, then the next EtherType. */
enum layer_id link_vntag(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    layer_name(f, LL_VNTAG, at->off);
    if (!header_there(f, c, at->off, 6, at->end))
        return LAYER_END;
    uint16_t inner = cur_u16_at(c, at->off + 4);
    layer_name(f, LL_ETHERTYPE, at->off + 6);
    at->off += 6;
    at->link_depth++;
    return layer_by_ethertype(at, inner);
}

/* PPPoE session data (RFC 2516): version and type (0x11), code (0 for
 * session data), session id, then the length of what follows: the PPP
 * protocol and its data. */
enum layer_id link_pppoe(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    layer_name(f, LL_PPPOE, off);
    if (!header_there(f, c, off, 8, at->end))
        return LAYER_END;
    uint16_t len = cur_u16_at(c, off + 4);
    uint16_t proto = cur_u16_at(c, off + 6);
    layer_name(f, LL_PPP, off + 6);
    if (len >= 2 && (uint64_t)off + 6 + len < at->end)
        at->end = off + 6 + len;
    at->off = off + 8;
    return proto == PPP_IPV4 ? LAYER_IPV4 : proto == PPP_IPV6 ? LAYER_IPV6 : LAYER_END;
}

/* Cisco FabricPath (EtherType 0x8903), which Wireshark 4.0 tries on every
 * Ethernet frame before Ethernet itself: the outer addresses, the type and
 * the FTag/TTL (16 bytes), then a whole Ethernet frame, then a 4-byte FCS.
 * The outer header shows no eth fields; the inner one does. */
enum layer_id link_cfp(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off, end = at->end;
    layer_name(f, LL_CFP, off);
    if (!cursor_has(c, off, 16) || end < off || end - off < 16 + 4) { f->malformed = true; return LAYER_END; }
    at->off = off + 16;
    at->end = end - 4;
    at->link_depth++;
    return LAYER_ETH;
}

enum layer_id link_eth(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    if (at->link_depth > LINK_DEPTH)
        return LAYER_END;
    layer_name(f, LL_ETH, off);
    if (!header_there(f, c, off, 14, at->end))
        return LAYER_END;
    uint16_t type = cur_u16_at(c, off + 12);
    if (type == ETHERTYPE_FABRICPATH)
        return LAYER_CFP;                         /* the same bytes, seen as FabricPath */
    if (f->neth < MAX_ETH)
        f->eth[f->neth++] = (struct eth_layer){ .off = off, .type = type };
    if (type > 1500 && type < 1536)
        return LAYER_END;                         /* neither a length nor an EtherType */
    at->off = off + 14;
    return type_or_length(f, at, type);           /* IEEE 802.3 (a length), or Ethernet II */
}

/* FDDI: frame control, destination, source, then 802.2 LLC for the
 * asynchronous LLC frames (frame control 0x50 to 0x5f). */
enum layer_id link_fddi(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint8_t fc = cur_u8_at(c, 0);
    if (c->short_read || !cursor_has(c, 0, 13)) { f->malformed = true; return LAYER_END; }
    if ((fc & 0xf0) != 0x50)
        return LAYER_END;
    at->off = 13;
    return LAYER_LLC;
}

/* Linux NFLOG: family, version and resource id (4 bytes), then TLVs whose
 * length (header included) and type are in the writing host's byte order,
 * each padded to 4 bytes. The last payload TLV (type 9) holds the packet:
 * by the EtherType of the packet header TLV (type 1) when that is there
 * and not 0, else by the family (2: IPv4 or IPv6 by the version nibble,
 * 10: IPv6). As Wireshark's
 * dissector builds its tree (what -T fields and -V print), every TLV must
 * lie within the captured bytes and none may be shorter than its header,
 * or nothing after the header is decoded. */
enum layer_id link_nflog(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint8_t family = cur_u8_at(c, 0);
    if (c->short_read || !cursor_has(c, 0, 4)) { f->malformed = true; return LAYER_END; }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    bool le = !f->link_swapped;
#else
    bool le = f->link_swapped;
#endif
    uint32_t end = at->end, off = 4, pay_off = 0, pay_len = 0;
    uint16_t hw = 0;
    bool payload = false;
    /* Each TLV is at least 4 bytes: the walk ends within end / 4 steps. */
    while (off <= end && end - off >= 4) {
        uint16_t len = le ? cur_u16le_at(c, off) : cur_u16_at(c, off);
        uint16_t type = (le ? cur_u16le_at(c, off + 2) : cur_u16_at(c, off + 2)) & 0x7fff;
        if (c->short_read)
            return LAYER_END;                     /* cut by the snapshot length */
        if (len < 4)
            return LAYER_END;
        if ((uint64_t)off + len > end) { f->malformed = true; return LAYER_END; }
        if (!cursor_has(c, off, len))
            return LAYER_END;
        if (type == 1 && len == 8)
            hw = cur_u16_at(c, off + 4);
        else if (type == 9)
            payload = true, pay_off = off + 4, pay_len = len - 4u;
        off += (len + 3u) & ~3u;
    }
    if (!payload)
        return LAYER_END;
    at->off = pay_off;
    at->end = pay_off + pay_len;
    if (hw)
        return layer_by_ethertype(at, hw);
    return family == 2 ? LAYER_IP_VERSION : family == 10 ? LAYER_IPV6 : LAYER_END;
}

/* The BSD loopback header holds an address family, in the writer's byte
 * order (NULL) or in network order (LOOP). The IPv6 value differs by OS. */
static enum layer_id null_family(struct frame *f, struct cursor *c, struct layer_pos *at, bool network_order)
{
    uint32_t af = network_order ? cur_u32_at(c, 0) : cur_u32le_at(c, 0);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (!network_order && (af & 0xffff0000))    /* written on a big-endian host */
        af = __builtin_bswap32(af);
    at->off = 4;
    if (af == 2)
        return LAYER_IPV4;
    if (af == 10 || af == 24 || af == 28 || af == 30)
        return LAYER_IPV6;
    return LAYER_END;
}

enum layer_id link_null(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return null_family(f, c, at, false);
}

enum layer_id link_loop(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return null_family(f, c, at, true);
}

/* PPP: on link type PPP, and in PPTP's GRE (version 1). */
enum layer_id link_ppp(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    layer_name(f, LL_PPP, off);
    if (cur_u8_at(c, off) == 0xff && cur_u8_at(c, off + 1) == 0x03)
        off += 2;                                /* address and control */
    uint16_t proto = cur_u8_at(c, off);
    if (proto & 1)
        off += 1;                                /* compressed protocol field */
    else
        proto = cur_u16_at(c, off), off += 2;
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    at->off = off;
    switch (proto) {
    case PPP_IPV4: return LAYER_IPV4;
    case PPP_IPV6: return LAYER_IPV6;
    case PPP_MPLS: return LAYER_MPLS;
    default: return LAYER_END;
    }
}

/* Linux ARCNET: source, destination, two offset bytes, then the RFC 1201
 * protocol id (212 = IP, 240 = RFC 1051 IP). 1201 frames may carry a
 * fragmentation header (split flag, sequence) after the id. */
enum layer_id link_arcnet(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint8_t id = cur_u8_at(c, 4);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (id == 240) {
        at->off = 5;
        return LAYER_IPV4;
    }
    if (id != 212)
        return LAYER_END;
    uint8_t split = cur_u8_at(c, 5);
    at->off = split == 0xff ? 12 : 8;            /* an exception packet: 4 more bytes */
    return LAYER_IPV4;
}

/* Linux cooked capture: the protocol (an EtherType) at 14 of a 16-byte
 * header (SLL), or first in a 20-byte one (SLL2). */
static enum layer_id sll_proto(struct frame *f, struct cursor *c, struct layer_pos *at,
                               uint32_t proto_at, uint32_t hdr_len)
{
    uint16_t proto = cur_u16_at(c, proto_at);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    at->off = hdr_len;
    return layer_by_ethertype(at, proto);
}

enum layer_id link_sll(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return sll_proto(f, c, at, 14, 16);
}

enum layer_id link_sll2(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return sll_proto(f, c, at, 0, 20);
}

/* IP over InfiniBand: a 40-byte pseudo-header with the addresses, then RFC
 * 4391's 4-byte encapsulation header: EtherType and 2 reserved bytes. */
enum layer_id link_ipoib(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return sll_proto(f, c, at, 40, 44);
}

/* Juniper Ethernet: "MGC", flags, then (flag 0x80) a length-prefixed
 * extension area; then IP (flag 0x02) or an Ethernet frame. */
enum layer_id link_juniper(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint8_t flags = cur_u8_at(c, 3);
    uint32_t off = 4;
    if (flags & 0x80)
        off += 2 + cur_u16_at(c, 4);
    if (c->short_read || cur_u32_at(c, 0) >> 8 != 0x4d4743) { f->malformed = true; return LAYER_END; }
    at->off = off;
    return flags & 0x02 ? LAYER_IP_ANY : LAYER_ETH;
}
