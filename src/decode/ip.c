/* IPv4 (with options) and IPv6 (with extension headers). Each names what
 * its protocol number says (layer_by_ipproto: TCP, UDP, GRE, IP in IP). A
 * non-first fragment has no transport header and is left undecoded, as
 * Wireshark leaves it; an IPv4 or IPv6 fragment that can be reassembled
 * stops the walk too (ip_layer's defrag). At most MAX_IP headers are decoded in a frame: that
 * bounds how deep tunnels nest. */
#include "decode/decode.h"
#include "decode/layers.h"

#define IPPROTO_HOPOPTS_ 0
#define IPPROTO_ROUTING_ 43
#define IPPROTO_FRAGMENT_ 44
#define IPPROTO_DSTOPTS_ 60

/* The layer the payload of a decoded header holds, which starts a new
 * chain of link layers (a tunnel's Ethernet frame) at depth 0. */
static enum layer_id ip_next(const struct ip_layer *ip, struct layer_pos *at)
{
    if (ip->later_fragment)
        return LAYER_END;
    at->off = ip->payload_off;
    at->end = ip->payload_off + ip->payload_len;
    at->link_depth = 0;
    return layer_by_ipproto(ip->final_proto);
}

/* The enclosing layer (a PPPoE or 802.3 length, a tunnel's) ends before
 * this header does, or with it while the header promises payload:
 * Wireshark reads the header up to that bound, marks the packet malformed
 * and hands nothing on, so no transport layer is decoded. */
static bool ends_in_header(struct frame *f, struct ip_layer *ip, uint32_t reported, uint32_t hdr_len,
                           bool has_payload)
{
    if (reported > hdr_len || (reported == hdr_len && !has_payload))
        return false;
    f->malformed = true;
    ip->later_fragment = true;
    return true;
}

/* `end` bounds the packet as the enclosing layer reports it (a reported
 * length, which may exceed what was captured). */
enum layer_id ip_v4(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off, end = at->end;
    if (f->nip >= MAX_IP)
        return LAYER_END;
    uint8_t vhl = cur_u8_at(c, off);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    struct ip_layer *ip = &f->ip[f->nip++];
    if (vhl >> 4 != 4) {
        *ip = (struct ip_layer){ .wire_version = vhl >> 4, .bogus_of = 4, .off = off, .end = end,
                                 .hdr_len = (vhl & 0x0f) * 4, .later_fragment = true };
        return vhl >> 4 == 6 ? LAYER_IPV6 : LAYER_END;   /* the same bytes, as IPv6 */
    }
    *ip = (struct ip_layer){ .version = 4, .wire_version = 4, .off = off, .end = end, .hdr_len = (vhl & 0x0f) * 4 };
    if (cursor_has(c, off, 12)) {            /* the usual case: one check for the fields to the checksum */
        const uint8_t *h = c->base + off;
        ip->tos = h[1];
        ip->len = be16_of(h + 2);
        ip->id = be16_of(h + 4);
        ip->frag = be16_of(h + 6);
        ip->ttl = h[8];
        ip->proto = ip->final_proto = h[9];
        ip->checksum = be16_of(h + 10);
    } else {
        ip->tos = cur_u8_at(c, off + 1);
        ip->len = cur_u16_at(c, off + 2);
        ip->id = cur_u16_at(c, off + 4);
        ip->frag = cur_u16_at(c, off + 6);
        ip->ttl = cur_u8_at(c, off + 8);
        ip->proto = ip->final_proto = cur_u8_at(c, off + 9);
        ip->checksum = cur_u16_at(c, off + 10);
    }
    ip->csum_status = CSUM_UNVERIFIED;
    if (ip->hdr_len < 20 || c->short_read || !cursor_has(c, off, ip->hdr_len)) {
        f->malformed = true;
        ip->later_fragment = true;               /* nothing after a bad header */
        return LAYER_END;
    }
    uint32_t reported = end > off ? end - off : 0;
    if (ends_in_header(f, ip, reported, ip->hdr_len, ip->len > ip->hdr_len))
        return LAYER_END;
    if (ip->len == 0)                /* TSO or BIG TCP: the length is the frame's */
        ip->len_from_frame = true;
    else if (ip->len < ip->hdr_len) {
        f->malformed = true;
        ip->later_fragment = true;
        return LAYER_END;
    }
    uint32_t total = ip->len_from_frame || ip->len > reported ? reported : ip->len;
    ip->payload_off = off + ip->hdr_len;
    ip->payload_len = total > ip->hdr_len ? total - ip->hdr_len : 0;
    ip->later_fragment = (ip->frag & 0x1fff) != 0;
    ip->more_fragments = (ip->frag & 0x3fff) != 0;
    /* Wireshark (packet-ip.c, ip_defragment on by default) hands a
     * fragment to its reassembly when the header's length leaves payload
     * and all of it was captured; then nothing after IP is decoded here
     * (the defragmenter goes on in the frame that completes the datagram).
     * Otherwise a first fragment is decoded as far as it goes, and a later
     * one not at all. */
    if (ip->more_fragments && !ip->len_from_frame && ip->len > ip->hdr_len && ip->len <= reported &&
        cursor_has(c, ip->payload_off, ip->payload_len)) {
        ip->defrag = true;
        return LAYER_END;
    }
    return ip_next(ip, at);
}

/* The pseudo-header's destination when a routing header still has
 * segments left (RFC 8200 8.1: the final destination, as tshark 4.0 takes
 * it): type 0's last address, type 2's one, a segment routing header's
 * Segment List[0]. Only an address the capture holds is taken. */
static void pseudo_final_dst(struct cursor *c, struct ip_layer *ip, uint32_t pos, uint32_t hlen)
{
    uint8_t type = cur_u8_at(c, pos + 2), segleft = cur_u8_at(c, pos + 3);
    uint32_t addrs = (hlen - 8) / 16;
    if (c->short_read || segleft == 0 || addrs == 0)
        return;
    uint32_t at = type == 0 ? pos + 8 + (addrs - 1) * 16 : pos + 8;
    if ((type == 0 || type == 2 || type == 4) && cursor_has(c, at, 16))
        ip->ph_dst_off = at;
}

/* The pseudo-header's source when a destination options header holds a
 * Home Address option (Mobile IPv6, RFC 6275 6.3: type 0xC9, 16 bytes). */
static void pseudo_home_src(struct cursor *c, struct ip_layer *ip, uint32_t pos, uint32_t hlen)
{
    for (uint32_t at = pos + 2; at < pos + hlen;) {
        uint8_t type = cur_u8_at(c, at);
        if (c->short_read)
            return;
        if (type == 0) {                           /* Pad1 */
            at++;
            continue;
        }
        uint8_t len = cur_u8_at(c, at + 1);
        if (c->short_read || at + 2 + len > pos + hlen)
            return;
        if (type == 0xc9 && len == 16 && cursor_has(c, at + 2, 16))
            ip->ph_src_off = at + 2;
        at += 2u + len;
    }
}

enum layer_id ip_v6(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint32_t off = at->off, end = at->end;
    if (f->nip >= MAX_IP)
        return LAYER_END;
    uint32_t vtcfl = cur_u32_at(c, off);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    struct ip_layer *ip = &f->ip[f->nip++];
    if (vtcfl >> 28 != 6) {
        *ip = (struct ip_layer){ .wire_version = vtcfl >> 28, .bogus_of = 6, .off = off, .end = end,
                                 .hdr_len = 40, .later_fragment = true };
        return LAYER_END;
    }
    *ip = (struct ip_layer){ .version = 6, .wire_version = 6, .off = off, .end = end, .vtcflow = vtcfl, .hdr_len = 40 };
    ip->plen = cur_u16_at(c, off + 4);
    ip->nxt = cur_u8_at(c, off + 6);
    ip->hlim = cur_u8_at(c, off + 7);
    if (c->short_read || !cursor_has(c, off, 40)) {
        f->malformed = true;
        ip->later_fragment = true;
        return LAYER_END;
    }
    if (ends_in_header(f, ip, end > off ? end - off : 0, 40, ip->plen > 0))
        return LAYER_END;
    uint32_t reported = end > off + 40 ? end - off - 40 : 0;
    uint32_t plen = ip->plen < reported ? ip->plen : reported;
    if (ip->plen == 0 && ip->nxt == IPPROTO_HOPOPTS_)
        plen = reported;              /* a jumbogram: the length is in the hop-by-hop option */
    uint32_t pos = off + 40, stop = off + 40 + plen;
    uint8_t nxt = ip->nxt;
    /* Walk the extension headers to the transport header. */
    for (int hops = 0; hops < 16; hops++) {
        /* Wireshark names each extension header a protocol of its own. */
        layer_name(f, nxt == IPPROTO_HOPOPTS_ ? LL_IPV6_HOPOPTS : nxt == IPPROTO_ROUTING_ ? LL_IPV6_ROUTING
                      : nxt == IPPROTO_DSTOPTS_ ? LL_IPV6_DSTOPTS : nxt == IPPROTO_FRAGMENT_ ? LL_IPV6_FRAGHDR
                      : LL_NONE, pos);
        if (nxt == IPPROTO_HOPOPTS_ || nxt == IPPROTO_ROUTING_ || nxt == IPPROTO_DSTOPTS_) {
            uint8_t next = cur_u8_at(c, pos);
            uint32_t hlen = (cur_u8_at(c, pos + 1) + 1u) * 8;
            if (c->short_read || pos + hlen > stop) { f->malformed = true; ip->later_fragment = true; return LAYER_END; }
            if (nxt == IPPROTO_ROUTING_)
                pseudo_final_dst(c, ip, pos, hlen);
            else if (nxt == IPPROTO_DSTOPTS_)
                pseudo_home_src(c, ip, pos, hlen);
            nxt = next, pos += hlen;
        } else if (nxt == IPPROTO_FRAGMENT_) {
            uint8_t next = cur_u8_at(c, pos);
            uint16_t offflags = cur_u16_at(c, pos + 2);
            uint32_t ident = cur_u32_at(c, pos + 4);
            if (c->short_read || pos + 8 > stop) { f->malformed = true; ip->later_fragment = true; return LAYER_END; }
            nxt = next, pos += 8;
            /* Wireshark (packet-ipv6.c, ipv6.defragment on by default)
             * hands a fragment whose payload was all captured to its
             * reassembly, keyed by the addresses and the identification;
             * an atomic fragment (offset 0, M clear) goes on as it is. */
            if ((offflags & 0xfff9) != 0 && cursor_has(c, pos, stop - pos)) {
                ip->defrag = true;
                ip->frag6 = offflags;
                ip->frag_ident = ident;
                ip->more_fragments = true;
                ip->later_fragment = (offflags & 0xfff8) != 0;
                ip->final_proto = nxt;
                ip->payload_off = pos;
                ip->payload_len = stop - pos;
                return LAYER_END;
            }
            if ((offflags & 0xfff8) != 0)
                ip->later_fragment = true;
            if ((offflags & 0xfff9) != 0)
                ip->more_fragments = true;
        } else {
            break;
        }
    }
    ip->final_proto = nxt;
    ip->payload_off = pos;
    ip->payload_len = stop - pos;
    return ip_next(ip, at);
}

/* Raw IP: the version nibble says which. */
enum layer_id ip_any(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    uint8_t v = cur_u8_at(c, at->off) >> 4;
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    return v == 4 ? LAYER_IPV4 : v == 6 ? LAYER_IPV6 : LAYER_END;
}
