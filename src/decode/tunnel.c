/* Tunnels that carry TCP inside GRE or UDP: GRE (with Aruba's 802.11 and
 * Cisco's ERSPAN payloads), and in UDP VXLAN, Geneve, GRE (RFC 8086),
 * GTP-U, Teredo and AYIYA. Each finds the inner Ethernet frame or IP packet
 * and names it as the next layer; nesting is bounded because every tunnel
 * here sits on an IP header and the IP layers stop at MAX_IP of them. */
#include "decode/decode.h"
#include "decode/layers.h"

#define GRE_CSUM 0x8000
#define GRE_ROUTING 0x4000
#define GRE_KEY 0x2000
#define GRE_SEQ 0x1000
#define GRE_ACK 0x0080           /* version 1: an acknowledgment number follows */

#define GRE_TEB 0x6558           /* transparent Ethernet bridging */
#define GRE_WCCP 0x883e
#define GRE_ERSPAN_88BE 0x88be   /* ERSPAN types I and II */
#define GRE_ERSPAN_22EB 0x22eb   /* ERSPAN type III */
#define GRE_ARUBA_8200 0x8200    /* Aruba access points: 802.11 frames */
#define GRE_ARUBA_8210 0x8210
#define GRE_PPP 0x880b           /* PPTP (version 1) */

#define GTP_MAX_EXT 16           /* extension headers walked before giving up */

/* An 802.11 data frame (as Aruba's access points forward them, without
 * FCS): a 24-byte header, 6 more for a fourth address (to and from DS),
 * 2 of QoS control and 4 of HT control (QoS with the order bit), then
 * LLC/SNAP with an EtherType. Protected, fragmented, null-data and A-MSDU
 * frames carry nothing decoded here. */
enum layer_id tunnel_wlan(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    uint8_t fc0 = cur_u8_at(c, off), fc1 = cur_u8_at(c, off + 1);
    uint16_t seqctl = cur_u16le_at(c, off + 22);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    uint8_t type = (fc0 >> 2) & 3, subtype = fc0 >> 4;
    bool qos = subtype & 0x8;
    if (type != 2 || (subtype & 0x4) || (fc1 & 0x44) || (seqctl & 0xf))
        return LAYER_END;                         /* not data, null, protected or a fragment */
    uint32_t hlen = 24 + ((fc1 & 3) == 3 ? 6 : 0);
    if (qos) {
        uint8_t qosctl = cur_u8_at(c, off + hlen);
        if (c->short_read) { f->malformed = true; return LAYER_END; }
        if (qosctl & 0x80) {
            /* an A-MSDU: its first subframe's LLC (after QoS and HT
             * control and the 14-byte subframe header), not decoded here */
            layer_name(f, LL_LLC, off + hlen + 2 + ((fc1 & 0x80) ? 4 : 0) + 14);
            return LAYER_END;
        }
        hlen += 2 + ((fc1 & 0x80) ? 4 : 0);
    }
    uint32_t llc = off + hlen;
    layer_name(f, LL_LLC, llc);
    uint32_t snap = cur_u32_at(c, llc);
    uint16_t oui_lo = cur_u16_at(c, llc + 4);
    uint16_t etype = cur_u16_at(c, llc + 6);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (snap != 0xaaaa0300 || oui_lo != 0)        /* SNAP, OUI 00-00-00: an EtherType */
        return LAYER_END;
    at->off = llc + 8;
    return layer_by_ethertype(at, etype);
}

/* ERSPAN types II and III (type I, with no header, is GRE's to see): the
 * version nibble says: 1 (type II) 8 bytes, 2 (type III) 12 bytes and an
 * 8-byte platform subheader when the O bit is set. An Ethernet frame
 * follows (type III: when its frame type says Ethernet). */
enum layer_id tunnel_erspan(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    uint8_t version = cur_u8_at(c, off) >> 4;
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (version == 1) {
        at->off = off + 8;
        return LAYER_ETH;
    }
    if (version != 2)
        return LAYER_END;
    uint8_t ft = (cur_u8_at(c, off + 10) >> 2) & 0x1f, o = cur_u8_at(c, off + 11) & 1;
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (ft != 0)          /* a frame type but Ethernet: tshark 4.0 shows data (measured with 2 and 7) */
        return LAYER_END;
    at->off = off + 12 + (o ? 8 : 0);
    return LAYER_ETH;
}

/* PPTP's enhanced GRE (RFC 2637, version 1, PPP): 8 bytes (flags, type,
 * payload length, call id), a sequence number when S is set, an
 * acknowledgment number when A is, then a PPP frame of the payload length. */
static enum layer_id gre_pptp(struct frame *f, struct cursor *c, struct layer_pos *at, uint16_t flags)
{
    uint32_t off = at->off;
    uint16_t plen = cur_u16_at(c, off + 4);
    uint32_t hlen = 8 + (flags & GRE_SEQ ? 4 : 0) + (flags & GRE_ACK ? 4 : 0);
    if (!cursor_has(c, off, hlen)) {
        f->malformed = true;
        return LAYER_END;
    }
    at->off = off + hlen;
    if ((uint64_t)at->off + plen < at->end)
        at->end = at->off + plen;
    return plen ? LAYER_PPP : LAYER_END;
}

/* GRE version 0 (RFC 2784, 2890): checksum, key and sequence number when
 * their bits are set, then what the protocol type names; version 1 is
 * PPTP's. */
enum layer_id tunnel_gre(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    uint16_t flags = cur_u16_at(c, off);
    uint16_t type = cur_u16_at(c, off + 2);
    if (!c->short_read && (flags & 7) == 1 && type == GRE_PPP)
        return gre_pptp(f, c, at, flags);
    if (c->short_read || (flags & 7) != 0)      /* else only GRE version 0 */
        return LAYER_END;
    if (flags & GRE_ROUTING)                    /* RFC 1701 source routes: not followed */
        return LAYER_END;
    at->off = off + 4 + (flags & GRE_CSUM ? 4 : 0)
            + (flags & GRE_KEY ? 4 : 0) + (flags & GRE_SEQ ? 4 : 0);
    if (!cursor_has(c, off, at->off - off)) {   /* its optional fields cut: nothing is handed on */
        f->malformed = true;
        return LAYER_END;
    }
    switch (type) {
    case GRE_TEB: return LAYER_ETH;
    case GRE_WCCP: at->off += 4; return LAYER_IPV4;         /* a 4-byte redirect header */
    case GRE_ERSPAN_88BE:
        if (!(flags & GRE_SEQ)) {
            layer_name(f, LL_ERSPAN, at->off);  /* ERSPAN type I: no header of its own */
            return LAYER_ETH;
        }
        return LAYER_ERSPAN;
    case GRE_ERSPAN_22EB: return LAYER_ERSPAN;
    case GRE_ARUBA_8200:
    case GRE_ARUBA_8210: return LAYER_WLAN;
    default: return layer_by_ethertype(at, type);
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
enum layer_id tunnel_gtpu(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off, end = at->end;
    uint8_t flags = cur_u8_at(c, off);
    uint8_t msgtype = cur_u8_at(c, off + 1);
    uint16_t len = cur_u16_at(c, off + 2);       /* what follows the first 8 bytes */
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    /* Not version 1: Wireshark's GTP declines and the other port may try
     * (measured with version 0: 2152 -> 4789 decodes as VXLAN). */
    if (flags >> 5 != 1)
        return LAYER_DECLINED;
    if (!(flags & 0x10) || msgtype != 255)
        return LAYER_END;                         /* GTP', or a message that is not a G-PDU */
    uint32_t pos = off + 8;
    if (flags & 0x07) {
        uint8_t next = cur_u8_at(c, off + 11);
        pos += 4;
        for (int n = 0; (flags & 0x04) && next != 0; n++) {
            uint8_t words = cur_u8_at(c, pos);
            if (c->short_read || words == 0 || n == GTP_MAX_EXT) { f->malformed = true; return LAYER_END; }
            pos += words * 4u;
            next = cur_u8_at(c, pos - 1);
        }
        if (c->short_read) { f->malformed = true; return LAYER_END; }
    }
    if ((uint64_t)off + 8 + len < end)
        end = off + 8 + len;                      /* the user packet ends where GTP says */
    if (pos >= end)
        return LAYER_END;
    uint8_t first = cur_u8_at(c, pos);
    if (c->short_read)
        return LAYER_END;
    at->off = pos;
    at->end = end;
    if (first >= 0x45 && first <= 0x4e)
        return LAYER_IPV4;
    return first >> 4 == 6 ? LAYER_IPV6 : LAYER_END;
}

/* Teredo (RFC 4380): an optional authentication indication (type 1: two
 * lengths, the client id and authentication value, an 8-byte nonce and a
 * confirmation byte) and an optional origin indication (type 0, 8 bytes),
 * then an IPv6 packet, decoded only when its version nibble is 6. */
enum layer_id tunnel_teredo(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    uint16_t ind = cur_u16_at(c, off);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (ind == 1) {
        uint32_t idlen = cur_u8_at(c, off + 2), aulen = cur_u8_at(c, off + 3);
        off += 13 + idlen + aulen;
        ind = cur_u16_at(c, off);
    }
    if (ind == 0 && !c->short_read)
        off += 8;
    uint8_t first = cur_u8_at(c, off);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    at->off = off;
    return first >> 4 == 6 ? LAYER_IPV6 : LAYER_END;
}

/* AYIYA: identity length 2^n bytes, signature length n * 4, an opcode
 * (1: forward) and the next header (an IP protocol number), a 4-byte
 * epoch, the identity and the signature, then the forwarded packet. */
enum layer_id tunnel_ayiya(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    uint8_t b0 = cur_u8_at(c, off), b1 = cur_u8_at(c, off + 1), b2 = cur_u8_at(c, off + 2);
    uint8_t next = cur_u8_at(c, off + 3);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if ((b2 & 0x0f) != 1)
        return LAYER_END;
    at->off = off + 8 + (1u << (b0 >> 4)) + (b1 >> 4) * 4u;
    return next == 41 ? LAYER_IPV6 : next == 4 ? LAYER_IPV4 : LAYER_END;
}

/* Geneve: 8 bytes plus options (6 bits of 4-byte words), then what the
 * protocol type names. */
enum layer_id tunnel_geneve(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off;
    uint8_t optlen = (cur_u8_at(c, off) & 0x3f) * 4;
    uint16_t type = cur_u16_at(c, off + 2);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    at->off = off + 8 + optlen;
    return type == GRE_TEB ? LAYER_ETH : layer_by_ethertype(at, type);
}

/* VXLAN: 8 bytes (flags, VNI), then an Ethernet frame. */
enum layer_id tunnel_vxlan(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    if (!cursor_has(c, at->off, 8)) {     /* cut: Wireshark hands nothing on */
        f->malformed = true;
        return LAYER_END;
    }
    at->off += 8;
    return LAYER_ETH;
}

/* UDP only matters here as a tunnel. Wireshark offers the datagram to the
 * lower port's dissector first, then the higher one's (packet-udp.c,
 * decode_udp_ports); a lower port it knows for something else (DNS on 53)
 * wins there, which is not modelled: synfin knows only the tunnels. The
 * lower port's layer comes next, the higher one's when that one declines
 * (as Wireshark's GTP does for what is not GTP) or is none. */
enum layer_id tunnel_udp(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off, end = at->end;
    uint16_t sport = cur_u16_at(c, off), dport = cur_u16_at(c, off + 2);
    uint16_t ulen = cur_u16_at(c, off + 4);
    if (c->short_read)
        return LAYER_END;
    if (ulen < 8)
        return LAYER_END;                         /* a bad length: tshark 4.0 stops at UDP */
    if ((uint64_t)off + ulen < end)
        end = off + ulen;
    /* Wireshark's UDP hands a quote's payload on only when a byte of it
     * was captured (in_error_pkt). */
    if (f->has_icmp && f->icmp.error && !cursor_has(c, off + 8, 1))
        return LAYER_END;
    uint16_t lo = sport < dport ? sport : dport, hi = sport < dport ? dport : sport;
    enum layer_id first = lo != 0 ? layer_by_udp_port(lo) : LAYER_END;
    enum layer_id second = hi != lo ? layer_by_udp_port(hi) : LAYER_END;
    at->off = off + 8;
    at->end = end;
    if (first == LAYER_END)
        first = second, second = LAYER_END;
    at->alt = second;
    return first;
}
