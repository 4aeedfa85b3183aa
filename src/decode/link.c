/* Link layers: Ethernet (with VLAN and VN-Tag tags, 802.3 with LLC/SNAP,
 * 802.1ah, FabricPath), BSD loopback, raw IP, Linux cooked (SLL, SLL2), PPP,
 * ARCNET, IP over InfiniBand, FDDI and Linux NFLOG. Each finds the network
 * protocol and hands the rest to decode_ethertype or decode_ip_any. */

#include "decode/decode.h"
#include "decode/dlt.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_VLAN 0x8100
#define ETHERTYPE_QINQ 0x88a8
#define ETHERTYPE_QINQ_OLD 0x9100
#define ETHERTYPE_PPPOE_SESSION 0x8864   /* RFC 2516: 6 bytes, then a PPP protocol number */
#define PPP_IPV4 0x0021
#define PPP_IPV6 0x0057
#define ETHERTYPE_MPLS 0x8847
#define ETHERTYPE_PBB 0x88e7          /* 802.1ah Provider Backbone Bridging */
#define ETHERTYPE_VNTAG 0x8926
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
    { DLT_PPP, 4, "ppp" },
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

/* Layers of Ethernet and its tags nest without end in a hostile frame:
 * past this many the rest is left undecoded. */
#define LINK_DEPTH 16

static void name_layer(struct frame *f, uint8_t id)
{
    if (f->nlinkl < MAX_LINKL)
        f->linkl[f->nlinkl++] = id;
}

const char *link_layer_name(uint8_t id)
{
    static const char *const names[] = {
        [LL_ETH] = "eth", [LL_ETHERTYPE] = "ethertype", [LL_LLC] = "llc", [LL_VLAN] = "vlan",
        [LL_8021AD] = "ieee8021ad", [LL_8021AH] = "ieee8021ah", [LL_VNTAG] = "vntag", [LL_CFP] = "cfp",
        [LL_PPPOE] = "pppoes", [LL_PPP] = "ppp", [LL_MPLS] = "mpls", [LL_IP] = "ip",
    };
    return id < sizeof names / sizeof names[0] && names[id] ? names[id] : "";
}

/* Wireshark's "ip" dissector (LLC's IP SAP, NFLOG's IPv4 family): IPv4
 * or IPv6 by the version nibble, named "ip" whatever it holds. */
static void ip_by_version(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint8_t v = cur_u8_at(c, off) >> 4;
    if (c->short_read || v != 4)
        name_layer(f, LL_IP);
    decode_ip_any(f, c, off, end);
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

static void ethertype_in(struct frame *f, struct cursor *c, uint32_t off, uint16_t type, uint32_t end, int depth);
static void decode_pbb(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, int depth);
static void ethernet_in(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, int depth);

/* MPLS label stack: skip to the bottom of stack, then guess IPv4/IPv6 from
 * the first nibble, as Wireshark does by default. */
static void decode_mpls(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    name_layer(f, LL_MPLS);
    for (int i = 0; i < 16; i++) {
        uint32_t entry = cur_u32_at(c, off);
        if (c->short_read)
            return;
        off += 4;
        if (entry & 0x100)
            break;
    }
    decode_ip_any(f, c, off, end);
}

/* 802.2 LLC, as Wireshark's llc dissector reads it: the control field is
 * 1 byte in a U frame and 2 in an I frame; only a UI frame or an I frame
 * goes on. SNAP (DSAP and SSAP 0xAA) with the OUI 00-00-00 or Cisco's
 * 00-00-F8 carries an EtherType; the DSAP 0x06 carries IP (by the version
 * nibble). Any other LLC is left undecoded. */
static void decode_llc(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, int depth)
{
    name_layer(f, LL_LLC);
    if (!header_there(f, c, off, 3, end))
        return;
    uint8_t dsap = cur_u8_at(c, off), ssap = cur_u8_at(c, off + 1), ctl = cur_u8_at(c, off + 2);
    uint32_t next = off + 3;
    if (!(ctl & 1))
        next = off + 4;                           /* an I frame: 2 control bytes */
    else if (ctl != 0x03)
        return;                                   /* of the U frames only UI carries data */
    if (!header_there(f, c, off, next - off, end))
        return;
    if (dsap == 0x06) {
        ip_by_version(f, c, next, end);
        return;
    }
    if (dsap != 0xaa || ssap != 0xaa)
        return;
    if (!header_there(f, c, next, 5, end))
        return;
    uint32_t oui = cur_u32_at(c, next) >> 8;
    uint16_t type = cur_u16_at(c, next + 3);
    if (oui == 0x000000 || oui == 0x0000f8)
        ethertype_in(f, c, next + 5, type, end, depth + 1);
}

/* Where an 802.3 payload of `len` bytes at off ends: its length, or all
 * that is left when the length says more (Wireshark goes on with the rest). */
static uint32_t len_end(uint32_t off, uint16_t len, uint32_t end)
{
    return (uint64_t)off + len < end ? off + len : end;
}

/* What follows a header whose last field is `type`: an 802.3 length and
 * LLC, or an EtherType. */
static void type_or_length(struct frame *f, struct cursor *c, uint32_t off, uint16_t type, uint32_t end, int depth)
{
    if (type <= 1500) {
        decode_llc(f, c, off, len_end(off, type, end), depth + 1);
    } else {
        name_layer(f, LL_ETHERTYPE);
        ethertype_in(f, c, off, type, end, depth + 1);
    }
}

static void ethertype_in(struct frame *f, struct cursor *c, uint32_t off, uint16_t type, uint32_t end, int depth)
{
    if (depth > LINK_DEPTH)
        return;
    switch (type) {
    case ETHERTYPE_IPV4: decode_ipv4(f, c, off, end); break;
    case ETHERTYPE_IPV6: decode_ipv6(f, c, off, end); break;
    case ETHERTYPE_MPLS: decode_mpls(f, c, off, end); break;
    case ETHERTYPE_VLAN:
    case ETHERTYPE_QINQ:
    case ETHERTYPE_QINQ_OLD: {
        /* An 802.1ad service tag is Wireshark's ieee8021ad layer, not vlan. */
        name_layer(f, type == ETHERTYPE_QINQ ? LL_8021AD : LL_VLAN);
        if (!header_there(f, c, off, 4, end))
            return;
        uint16_t tci = cur_u16_at(c, off);
        uint16_t inner = cur_u16_at(c, off + 2);
        if (type == ETHERTYPE_QINQ) {
            if (inner == ETHERTYPE_PBB) {        /* a PBB I-tag is part of the 802.1ad layer */
                decode_pbb(f, c, off + 4, end, depth);
                break;
            }
        } else if (f->nvlan < MAX_VLAN) {
            f->vlan[f->nvlan++] = (struct vlan_tag){ .tci = tci, .type = inner };
        }
        type_or_length(f, c, off + 4, inner, end, depth);
        break;
    }
    case ETHERTYPE_PBB:
        name_layer(f, LL_8021AH);
        decode_pbb(f, c, off, end, depth);
        break;
    case ETHERTYPE_VNTAG: {
        /* 4 bytes of tag, then the next EtherType. */
        name_layer(f, LL_VNTAG);
        if (!header_there(f, c, off, 6, end))
            return;
        uint16_t inner = cur_u16_at(c, off + 4);
        name_layer(f, LL_ETHERTYPE);
        ethertype_in(f, c, off + 6, inner, end, depth + 1);
        break;
    }
    case ETHERTYPE_PPPOE_SESSION: {
        /* Version and type (0x11), code (0 for session data), session id,
         * then the length of what follows: the PPP protocol and its data. */
        name_layer(f, LL_PPPOE);
        if (!header_there(f, c, off, 8, end))
            return;
        uint16_t len = cur_u16_at(c, off + 4);
        uint16_t proto = cur_u16_at(c, off + 6);
        name_layer(f, LL_PPP);
        if (len >= 2 && (uint64_t)off + 6 + len < end)
            end = off + 6 + len;
        if (proto == PPP_IPV4)
            decode_ipv4(f, c, off + 8, end);
        else if (proto == PPP_IPV6)
            decode_ipv6(f, c, off + 8, end);
        break;
    }
    default: break;
    }
}

/* 802.1ah Provider Backbone Bridging: the I-tag (4 bytes), then the
 * customer's destination and source and an EtherType. Wireshark shows the
 * customer addresses as ieee8021ah fields, not eth ones. */
static void decode_pbb(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, int depth)
{
    if (!header_there(f, c, off, 18, end))
        return;
    uint16_t inner = cur_u16_at(c, off + 16);
    name_layer(f, LL_ETHERTYPE);
    ethertype_in(f, c, off + 18, inner, end, depth + 1);
}

/* `end`: where the enclosing layer ends (a tunnel's length), or the frame's. */
void decode_ethertype(struct frame *f, struct cursor *c, uint32_t off, uint16_t type, uint32_t end)
{
    ethertype_in(f, c, off, type, end, 0);
}

/* Cisco FabricPath (EtherType 0x8903), which Wireshark 4.0 tries on every
 * Ethernet frame before Ethernet itself: the outer addresses, the type and
 * the FTag/TTL (16 bytes), then a whole Ethernet frame, then a 4-byte FCS.
 * The outer header shows no eth fields; the inner one does. */
static void decode_fabricpath(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, int depth)
{
    name_layer(f, LL_CFP);
    if (!cursor_has(c, off, 16) || end < off || end - off < 16 + 4) { f->malformed = true; return; }
    ethernet_in(f, c, off + 16, end - 4, depth + 1);
}

static void ethernet_in(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, int depth)
{
    if (depth > LINK_DEPTH)
        return;
    name_layer(f, LL_ETH);
    if (!header_there(f, c, off, 14, end))
        return;
    uint16_t type = cur_u16_at(c, off + 12);
    if (type == ETHERTYPE_FABRICPATH) {
        decode_fabricpath(f, c, off, end, depth);
        return;
    }
    if (f->neth < MAX_ETH)
        f->eth[f->neth++] = (struct eth_layer){ .off = off, .type = type };
    if (type <= 1500 || type >= 1536)   /* IEEE 802.3 (a length), or Ethernet II */
        type_or_length(f, c, off + 14, type, end, depth);
    /* 1501 to 1535: neither, and nothing more is decoded */
}

void decode_ethernet(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    ethernet_in(f, c, off, end, 0);
}

/* FDDI: frame control, destination, source, then 802.2 LLC for the
 * asynchronous LLC frames (frame control 0x50 to 0x5f). */
static void decode_fddi(struct frame *f, struct cursor *c)
{
    uint8_t fc = cur_u8_at(c, 0);
    if (c->short_read || !cursor_has(c, 0, 13)) { f->malformed = true; return; }
    if ((fc & 0xf0) == 0x50)
        decode_llc(f, c, 13, frame_reported_len(f), 0);
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
static void decode_nflog(struct frame *f, struct cursor *c)
{
    uint8_t family = cur_u8_at(c, 0);
    if (c->short_read || !cursor_has(c, 0, 4)) { f->malformed = true; return; }
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    bool le = !f->link_swapped;
#else
    bool le = f->link_swapped;
#endif
    uint32_t end = frame_reported_len(f), off = 4, pay_off = 0, pay_len = 0;
    uint16_t hw = 0;
    bool payload = false;
    /* Each TLV is at least 4 bytes: the walk ends within end / 4 steps. */
    while (off <= end && end - off >= 4) {
        uint16_t len = le ? cur_u16le_at(c, off) : cur_u16_at(c, off);
        uint16_t type = (le ? cur_u16le_at(c, off + 2) : cur_u16_at(c, off + 2)) & 0x7fff;
        if (c->short_read)
            return;                               /* cut by the snapshot length */
        if (len < 4)
            return;
        if ((uint64_t)off + len > end) { f->malformed = true; return; }
        if (!cursor_has(c, off, len))
            return;
        if (type == 1 && len == 8)
            hw = cur_u16_at(c, off + 4);
        else if (type == 9)
            payload = true, pay_off = off + 4, pay_len = len - 4u;
        off += (len + 3u) & ~3u;
    }
    if (!payload)
        return;
    if (hw)
        ethertype_in(f, c, pay_off, hw, pay_off + pay_len, 0);
    else if (family == 2)
        ip_by_version(f, c, pay_off, pay_off + pay_len);
    else if (family == 10)
        decode_ipv6(f, c, pay_off, pay_off + pay_len);
}

/* The BSD loopback header holds an address family, in the writer's byte
 * order (NULL) or in network order (LOOP). The IPv6 value differs by OS. */
static void decode_null(struct frame *f, struct cursor *c, bool network_order)
{
    uint32_t af = network_order ? cur_u32_at(c, 0) : cur_u32le_at(c, 0);
    if (c->short_read) { f->malformed = true; return; }
    if (!network_order && (af & 0xffff0000))    /* written on a big-endian host */
        af = __builtin_bswap32(af);
    if (af == 2)
        decode_ipv4(f, c, 4, frame_reported_len(f));
    else if (af == 10 || af == 24 || af == 28 || af == 30)
        decode_ipv6(f, c, 4, frame_reported_len(f));
}

static void decode_ppp(struct frame *f, struct cursor *c)
{
    uint32_t off = 0;
    if (cur_u8_at(c, 0) == 0xff && cur_u8_at(c, 1) == 0x03)
        off = 2;                                 /* address and control */
    uint16_t proto = cur_u8_at(c, off);
    if (proto & 1)
        off += 1;                                /* compressed protocol field */
    else
        proto = cur_u16_at(c, off), off += 2;
    if (c->short_read) { f->malformed = true; return; }
    switch (proto) {
    case 0x0021: decode_ipv4(f, c, off, frame_reported_len(f)); break;
    case 0x0057: decode_ipv6(f, c, off, frame_reported_len(f)); break;
    case 0x0281: decode_mpls(f, c, off, frame_reported_len(f)); break;
    default: break;
    }
}

/* Linux ARCNET: source, destination, two offset bytes, then the RFC 1201
 * protocol id (212 = IP, 240 = RFC 1051 IP). 1201 frames may carry a
 * fragmentation header (split flag, sequence) after the id. */
static void decode_arcnet(struct frame *f, struct cursor *c)
{
    uint8_t id = cur_u8_at(c, 4);
    if (c->short_read) { f->malformed = true; return; }
    if (id == 240)
        decode_ipv4(f, c, 5, frame_reported_len(f));
    else if (id == 212) {
        uint8_t split = cur_u8_at(c, 5);
        uint32_t off = 8;
        if (split == 0xff)                      /* exception packet: 4 more bytes */
            off = 12;
        decode_ipv4(f, c, off, frame_reported_len(f));
    }
}

void decode_frame(struct frame *f, const struct decode_prefs *prefs)
{
    f->check_tcp_checksum = prefs && prefs->check_tcp_checksum;
    struct cursor c = cursor_make(f->data, f->caplen);
    f->neth = f->nvlan = f->nip = f->nlinkl = 0;
    f->has_tcp = false;
    f->malformed = false;
    f->truncated = f->caplen < f->len;

    switch (f->linktype) {
    case DLT_EN10MB: decode_ethernet(f, &c, 0, frame_reported_len(f)); break;
    case DLT_NULL: decode_null(f, &c, false); break;
    case DLT_LOOP: decode_null(f, &c, true); break;
    case DLT_RAW: decode_ip_any(f, &c, 0, frame_reported_len(f)); break;
    case DLT_IPV4: decode_ipv4(f, &c, 0, frame_reported_len(f)); break;
    case DLT_IPV6: decode_ipv6(f, &c, 0, frame_reported_len(f)); break;
    case DLT_LINUX_SLL: {
        uint16_t proto = cur_u16_at(&c, 14);
        if (c.short_read) { f->malformed = true; break; }
        decode_ethertype(f, &c, 16, proto, frame_reported_len(f));
        break;
    }
    case DLT_LINUX_SLL2: {
        uint16_t proto = cur_u16_at(&c, 0);
        if (c.short_read) { f->malformed = true; break; }
        decode_ethertype(f, &c, 20, proto, frame_reported_len(f));
        break;
    }
    case DLT_PPP: decode_ppp(f, &c); break;
    case DLT_FDDI: decode_fddi(f, &c); break;
    case DLT_NFLOG: decode_nflog(f, &c); break;
    case DLT_ARCNET_LINUX: decode_arcnet(f, &c); break;
    case DLT_IPOIB: {
        /* A 40-byte pseudo-header with the addresses, then RFC 4391's
         * 4-byte encapsulation header: EtherType and 2 reserved bytes. */
        uint16_t proto = cur_u16_at(&c, 40);
        if (c.short_read) { f->malformed = true; break; }
        decode_ethertype(f, &c, 44, proto, frame_reported_len(f));
        break;
    }
    case DLT_JUNIPER_ETHER: {
        /* "MGC", flags, then (flag 0x80) a length-prefixed extension area. */
        uint8_t flags = cur_u8_at(&c, 3);
        uint32_t off = 4;
        if (flags & 0x80)
            off += 2 + cur_u16_at(&c, 4);
        if (c.short_read || cur_u32_at(&c, 0) >> 8 != 0x4d4743) { f->malformed = true; break; }
        if (flags & 0x02)
            decode_ip_any(f, &c, off, frame_reported_len(f));
        else
            decode_ethernet(f, &c, off, frame_reported_len(f));
        break;
    }
    default: break;
    }
}
