/* Tunnels that carry TCP inside GRE or UDP: GRE (with Aruba's 802.11 and
 * Cisco's ERSPAN payloads), and in UDP VXLAN, Geneve, GRE (RFC 8086),
 * GTP-U, Teredo and AYIYA. Each finds the inner Ethernet frame or IP packet
 * and hands it on; nesting is bounded because every tunnel here sits on an
 * IP header and decode_ipv4/decode_ipv6 stop at MAX_IP of them. */
#include "decode/decode.h"

#define GRE_CSUM 0x8000
#define GRE_ROUTING 0x4000
#define GRE_KEY 0x2000
#define GRE_SEQ 0x1000

#define GRE_TEB 0x6558           /* transparent Ethernet bridging */
#define GRE_WCCP 0x883e
#define GRE_ERSPAN_88BE 0x88be   /* ERSPAN types I and II */
#define GRE_ERSPAN_22EB 0x22eb   /* ERSPAN type III */
#define GRE_ARUBA_8200 0x8200    /* Aruba access points: 802.11 frames */
#define GRE_ARUBA_8210 0x8210

#define UDP_PORT_GTPU 2152
#define UDP_PORT_TEREDO 3544
#define UDP_PORT_GRE 4754
#define UDP_PORT_VXLAN 4789
#define UDP_PORT_AYIYA 5072
#define UDP_PORT_GENEVE 6081

#define GTP_MAX_EXT 16           /* extension headers walked before giving up */

/* An 802.11 data frame (as Aruba's access points forward them, without
 * FCS): a 24-byte header, 6 more for a fourth address (to and from DS),
 * 2 of QoS control and 4 of HT control (QoS with the order bit), then
 * LLC/SNAP with an EtherType. Protected, fragmented, null-data and A-MSDU
 * frames carry nothing decoded here. */
static void decode_wlan_data(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint8_t fc0 = cur_u8_at(c, off), fc1 = cur_u8_at(c, off + 1);
    uint16_t seqctl = cur_u16le_at(c, off + 22);
    if (c->short_read) { f->malformed = true; return; }
    uint8_t type = (fc0 >> 2) & 3, subtype = fc0 >> 4;
    bool qos = subtype & 0x8;
    if (type != 2 || (subtype & 0x4) || (fc1 & 0x44) || (seqctl & 0xf))
        return;                                   /* not data, null, protected or a fragment */
    uint32_t hlen = 24 + ((fc1 & 3) == 3 ? 6 : 0);
    if (qos) {
        uint8_t qosctl = cur_u8_at(c, off + hlen);
        if (c->short_read) { f->malformed = true; return; }
        if (qosctl & 0x80)
            return;                               /* an A-MSDU */
        hlen += 2 + ((fc1 & 0x80) ? 4 : 0);
    }
    uint32_t llc = off + hlen;
    uint32_t snap = cur_u32_at(c, llc);
    uint16_t oui_lo = cur_u16_at(c, llc + 4);
    uint16_t etype = cur_u16_at(c, llc + 6);
    if (c->short_read) { f->malformed = true; return; }
    if (snap == 0xaaaa0300 && oui_lo == 0)        /* SNAP, OUI 00-00-00: an EtherType */
        decode_ethertype(f, c, llc + 8, etype, end);
}

/* ERSPAN: type I has no header (the GRE header has no sequence number);
 * otherwise the version nibble says: 1 (type II) 8 bytes, 2 (type III)
 * 12 bytes and an 8-byte platform subheader when the O bit is set. An
 * Ethernet frame follows. */
static void decode_erspan(struct frame *f, struct cursor *c, uint32_t off, uint32_t end, uint16_t proto, bool seq)
{
    if (proto == GRE_ERSPAN_88BE && !seq) {
        decode_ethernet(f, c, off, end);
        return;
    }
    uint8_t version = cur_u8_at(c, off) >> 4;
    if (c->short_read) { f->malformed = true; return; }
    if (version == 1) {
        decode_ethernet(f, c, off + 8, end);
    } else if (version == 2) {
        uint8_t o = cur_u8_at(c, off + 11) & 1;
        if (c->short_read) { f->malformed = true; return; }
        decode_ethernet(f, c, off + 12 + (o ? 8 : 0), end);
    }
}

/* GRE version 0 (RFC 2784, 2890): checksum, key and sequence number when
 * their bits are set, then what the protocol type names. */
void decode_gre(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint16_t flags = cur_u16_at(c, off);
    uint16_t type = cur_u16_at(c, off + 2);
    if (c->short_read || (flags & 7) != 0)      /* only GRE version 0 */
        return;
    if (flags & GRE_ROUTING)                    /* RFC 1701 source routes: not followed */
        return;
    uint32_t inner = off + 4 + (flags & GRE_CSUM ? 4 : 0)
                   + (flags & GRE_KEY ? 4 : 0) + (flags & GRE_SEQ ? 4 : 0);
    switch (type) {
    case GRE_TEB: decode_ethernet(f, c, inner, end); break;
    case GRE_WCCP: decode_ipv4(f, c, inner + 4, end); break;   /* a 4-byte redirect header */
    case GRE_ERSPAN_88BE:
    case GRE_ERSPAN_22EB: decode_erspan(f, c, inner, end, type, flags & GRE_SEQ); break;
    case GRE_ARUBA_8200:
    case GRE_ARUBA_8210: decode_wlan_data(f, c, inner, end); break;
    default: decode_ethertype(f, c, inner, type, end); break;
    }
}

/* GTP-U version 1 (3GPP TS 29.281): 8 bytes; 4 more (sequence number,
 * N-PDU number, next extension type) when E, S or PN is set; with E, a
 * chain of extension headers, each a length in 4-byte units, its
 * content, and the next type in its last byte. A G-PDU (type 255) carries
 * a user packet, bounded by the GTP length (tshark 4.0: a length of 0 shows
 * none, a shorter one cuts the IP packet), decoded when its first byte
 * looks like IPv4 with a header length of 5 to 14 words, or like IPv6
 * (Wireshark's guess). */
static bool decode_gtpu(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint8_t flags = cur_u8_at(c, off);
    uint8_t msgtype = cur_u8_at(c, off + 1);
    uint16_t len = cur_u16_at(c, off + 2);       /* what follows the first 8 bytes */
    if (c->short_read) { f->malformed = true; return true; }
    /* Not version 1: Wireshark's GTP declines and the other port may try
     * (measured with version 0: 2152 -> 4789 decodes as VXLAN). */
    if (flags >> 5 != 1)
        return false;
    if (!(flags & 0x10) || msgtype != 255)
        return true;                              /* GTP', or a message that is not a G-PDU */
    uint32_t pos = off + 8;
    if (flags & 0x07) {
        uint8_t next = cur_u8_at(c, off + 11);
        pos += 4;
        for (int n = 0; (flags & 0x04) && next != 0; n++) {
            uint8_t words = cur_u8_at(c, pos);
            if (c->short_read || words == 0 || n == GTP_MAX_EXT) { f->malformed = true; return true; }
            pos += words * 4u;
            next = cur_u8_at(c, pos - 1);
        }
        if (c->short_read) { f->malformed = true; return true; }
    }
    if ((uint64_t)off + 8 + len < end)
        end = off + 8 + len;                      /* the user packet ends where GTP says */
    if (pos >= end)
        return true;
    uint8_t first = cur_u8_at(c, pos);
    if (c->short_read)
        return true;
    if (first >= 0x45 && first <= 0x4e)
        decode_ipv4(f, c, pos, end);
    else if (first >> 4 == 6)
        decode_ipv6(f, c, pos, end);
    return true;
}

/* Teredo (RFC 4380): an optional authentication indication (type 1: two
 * lengths, the client id and authentication value, an 8-byte nonce and a
 * confirmation byte) and an optional origin indication (type 0, 8 bytes),
 * then an IPv6 packet, decoded only when its version nibble is 6. */
static void decode_teredo(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint16_t ind = cur_u16_at(c, off);
    if (c->short_read) { f->malformed = true; return; }
    if (ind == 1) {
        uint32_t idlen = cur_u8_at(c, off + 2), aulen = cur_u8_at(c, off + 3);
        off += 13 + idlen + aulen;
        ind = cur_u16_at(c, off);
    }
    if (ind == 0 && !c->short_read)
        off += 8;
    uint8_t first = cur_u8_at(c, off);
    if (c->short_read) { f->malformed = true; return; }
    if (first >> 4 == 6)
        decode_ipv6(f, c, off, end);
}

/* AYIYA: identity length 2^n bytes, signature length n * 4, an opcode
 * (1: forward) and the next header (an IP protocol number), a 4-byte
 * epoch, the identity and the signature, then the forwarded packet. */
static void decode_ayiya(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint8_t b0 = cur_u8_at(c, off), b1 = cur_u8_at(c, off + 1), b2 = cur_u8_at(c, off + 2);
    uint8_t next = cur_u8_at(c, off + 3);
    if (c->short_read) { f->malformed = true; return; }
    if ((b2 & 0x0f) != 1)
        return;
    uint32_t inner = off + 8 + (1u << (b0 >> 4)) + (b1 >> 4) * 4u;
    if (next == 41)
        decode_ipv6(f, c, inner, end);
    else if (next == 4)
        decode_ipv4(f, c, inner, end);
}

/* Geneve: 8 bytes plus options (6 bits of 4-byte words), then what the
 * protocol type names. */
static void decode_geneve(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint8_t optlen = (cur_u8_at(c, off) & 0x3f) * 4;
    uint16_t type = cur_u16_at(c, off + 2);
    if (c->short_read) { f->malformed = true; return; }
    if (type == GRE_TEB)
        decode_ethernet(f, c, off + 8 + optlen, end);
    else
        decode_ethertype(f, c, off + 8 + optlen, type, end);
}

/* The tunnel at one UDP port; false when none is (or it declines, as
 * Wireshark's GTP does for what is not GTP), so the other port may try. */
static bool udp_port_tunnel(struct frame *f, struct cursor *c, uint16_t port, uint32_t off, uint32_t end)
{
    switch (port) {
    case UDP_PORT_VXLAN: decode_ethernet(f, c, off + 8, end); return true;
    case UDP_PORT_GENEVE: decode_geneve(f, c, off, end); return true;
    case UDP_PORT_GRE: decode_gre(f, c, off, end); return true;
    case UDP_PORT_GTPU: return decode_gtpu(f, c, off, end);
    case UDP_PORT_TEREDO: decode_teredo(f, c, off, end); return true;
    case UDP_PORT_AYIYA: decode_ayiya(f, c, off, end); return true;
    default: return false;
    }
}

/* UDP only matters here as a tunnel. Wireshark offers the datagram to the
 * lower port's dissector first, then the higher one's (packet-udp.c,
 * decode_udp_ports); a lower port it knows for something else (DNS on 53)
 * wins there, which is not modelled: synfin knows only the tunnels. */
void decode_udp(struct frame *f, struct cursor *c, uint32_t off, uint32_t end)
{
    uint16_t sport = cur_u16_at(c, off), dport = cur_u16_at(c, off + 2);
    uint16_t ulen = cur_u16_at(c, off + 4);
    if (c->short_read)
        return;
    if (ulen < 8)
        return;                                   /* a bad length: tshark 4.0 stops at UDP */
    if ((uint64_t)off + ulen < end)
        end = off + ulen;
    uint16_t lo = sport < dport ? sport : dport, hi = sport < dport ? dport : sport;
    if (lo != 0 && udp_port_tunnel(f, c, lo, off + 8, end))
        return;
    if (hi != lo)
        udp_port_tunnel(f, c, hi, off + 8, end);
}
