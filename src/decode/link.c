/* Link layers: Ethernet (with VLAN tags), BSD loopback, raw IP, Linux cooked
 * (SLL, SLL2), PPP, ARCNET and IP over InfiniBand. Each finds the network
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

/* MPLS label stack: skip to the bottom of stack, then guess IPv4/IPv6 from
 * the first nibble, as Wireshark does by default. */
static void decode_mpls(struct frame *f, struct cursor *c, uint32_t off)
{
    for (int i = 0; i < 16; i++) {
        uint32_t entry = cur_u32_at(c, off);
        if (c->short_read)
            return;
        off += 4;
        if (entry & 0x100)
            break;
    }
    decode_ip_any(f, c, off, frame_reported_len(f));
}

void decode_ethertype(struct frame *f, struct cursor *c, uint32_t off, uint16_t type)
{
    switch (type) {
    case ETHERTYPE_IPV4: decode_ipv4(f, c, off, frame_reported_len(f)); break;
    case ETHERTYPE_IPV6: decode_ipv6(f, c, off, frame_reported_len(f)); break;
    case ETHERTYPE_MPLS: decode_mpls(f, c, off); break;
    case ETHERTYPE_VLAN:
    case ETHERTYPE_QINQ:
    case ETHERTYPE_QINQ_OLD: {
        uint16_t tci = cur_u16_at(c, off);
        uint16_t inner = cur_u16_at(c, off + 2);
        if (c->short_read) { f->malformed = true; return; }
        /* An 802.1ad service tag is Wireshark's ieee8021ad layer, not vlan. */
        if (f->nvlan < MAX_VLAN && type != ETHERTYPE_QINQ)
            f->vlan[f->nvlan++] = (struct vlan_tag){ .tci = tci, .type = inner };
        decode_ethertype(f, c, off + 4, inner);
        break;
    }
    case ETHERTYPE_PPPOE_SESSION: {
        /* Version and type (0x11), code (0 for session data), session id,
         * then the length of what follows: the PPP protocol and its data. */
        uint16_t len = cur_u16_at(c, off + 4);
        uint16_t proto = cur_u16_at(c, off + 6);
        if (c->short_read) { f->malformed = true; return; }
        uint32_t end = frame_reported_len(f);
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

void decode_ethernet(struct frame *f, struct cursor *c, uint32_t off)
{
    uint16_t type = cur_u16_at(c, off + 12);
    if (c->short_read) { f->malformed = true; return; }
    if (f->neth < MAX_ETH)
        f->eth[f->neth++] = (struct eth_layer){ .off = off, .type = type };
    if (type <= 1500)           /* 802.3 length: LLC follows, no IP we decode */
        return;
    decode_ethertype(f, c, off + 14, type);
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
    case 0x0281: decode_mpls(f, c, off); break;
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
    f->neth = f->nvlan = f->nip = 0;
    f->has_tcp = false;
    f->malformed = false;
    f->truncated = f->caplen < f->len;

    switch (f->linktype) {
    case DLT_EN10MB: decode_ethernet(f, &c, 0); break;
    case DLT_NULL: decode_null(f, &c, false); break;
    case DLT_LOOP: decode_null(f, &c, true); break;
    case DLT_RAW: decode_ip_any(f, &c, 0, frame_reported_len(f)); break;
    case DLT_IPV4: decode_ipv4(f, &c, 0, frame_reported_len(f)); break;
    case DLT_IPV6: decode_ipv6(f, &c, 0, frame_reported_len(f)); break;
    case DLT_LINUX_SLL: {
        uint16_t proto = cur_u16_at(&c, 14);
        if (c.short_read) { f->malformed = true; break; }
        decode_ethertype(f, &c, 16, proto);
        break;
    }
    case DLT_LINUX_SLL2: {
        uint16_t proto = cur_u16_at(&c, 0);
        if (c.short_read) { f->malformed = true; break; }
        decode_ethertype(f, &c, 20, proto);
        break;
    }
    case DLT_PPP: decode_ppp(f, &c); break;
    case DLT_ARCNET_LINUX: decode_arcnet(f, &c); break;
    case DLT_IPOIB: {
        /* A 40-byte pseudo-header with the addresses, then RFC 4391's
         * 4-byte encapsulation header: EtherType and 2 reserved bytes. */
        uint16_t proto = cur_u16_at(&c, 40);
        if (c.short_read) { f->malformed = true; break; }
        decode_ethertype(f, &c, 44, proto);
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
            decode_ethernet(f, &c, off);
        break;
    }
    default: break;
    }
}
