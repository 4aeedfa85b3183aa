/* The getters behind the field registry. A getter returns a field only when
 * its bytes were captured, so a cut frame shows what it has, as in tshark. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "decode/dlt.h"
#include "present/fields.h"
#include "present/icmp_text.h"
#include "present/fields_frag.h"
#include "present/fields_udpconv.h"
#include "present/fields_http.h"
#include "present/fields_walk.h"
#include "present/fields_mobile.h"
#include "present/fields_wlan.h"
#include "present/tcp_option_notes.h"
#include "track/seq.h"

/* A byte field whose bytes were not captured at all: "<MISSING>". */
const uint8_t field_missing[1];

#define GETTER(name) \
    static int name(const struct field *fd __attribute__((unused)), const struct view *v, struct fval *val, int max)
#define ONE(value) (val[0].i = (int64_t)(value), 1)

static bool captured(const struct view *v, uint32_t off, uint32_t n)
{
    return frame_has(v->f, off, n);
}

int64_t field_wire_number(const struct field *fd, const uint8_t *p)
{
    uint64_t x = 0;
    for (int i = 0; i < fd->wire.len; i++)
        x = x << 8 | p[i];
    if (fd->wire.mask) {
        x &= fd->wire.mask;
        if (fd->type == T_BOOLEAN)
            return x != 0;
        x >>= __builtin_ctz(fd->wire.mask);
    }
    return (int64_t)x;
}

/* ---- frame ---- */
GETTER(get_frame_number) { (void)max; return ONE(v->f->number); }
GETTER(get_frame_len) { (void)max; return ONE(v->f->len); }
GETTER(get_frame_cap_len) { (void)max; return ONE(v->f->caplen); }
/* A record without a time stamp (a pcapng SPB or custom block) has none
 * of the time fields, as in Wireshark. */
#define TIME(value) (v->f->no_ts ? 0 : (val[0].t = (value), 1))
GETTER(get_frame_time_epoch) { (void)max; return TIME(v->f->ts); }
GETTER(get_frame_time_relative) { (void)max; return TIME(v->rel_time); }
GETTER(get_frame_time_delta) { (void)max; return TIME(v->delta_time); }
GETTER(get_frame_time) { (void)max; return TIME(v->f->ts); }
GETTER(get_frame_time_delta_displayed) { (void)max; return TIME(v->delta_shown); }
/* The time shift an editor applied to the frame: synfin shifts none. */
GETTER(get_frame_offset_shift) { (void)max; return TIME(((struct timespec){ 0, 0 })); }
#undef TIME
/* Marking and ignoring are the GUI's: never, here. */
GETTER(get_false) { (void)max, (void)v; return ONE(0); }
/* A pcapng custom block's enterprise number and copy permission. */
GETTER(get_frame_cb_pen) { (void)max; return v->f->record == REC_CUSTOM_BLOCK ? ONE(v->f->block_pen) : 0; }
GETTER(get_frame_cb_copy) { (void)max; return v->f->record == REC_CUSTOM_BLOCK ? ONE(v->f->block_copy) : 0; }

/* pcapng: every record's section; a packet's interface, with the names
 * Wireshark 4.0 gives it ("unknown" when its interface has none). */
GETTER(get_frame_section_number) { (void)max; return v->f->section ? ONE(v->f->section) : 0; }
static bool frame_has_iface(const struct frame *f) { return f->section && f->record == REC_PACKET; }
GETTER(get_frame_interface_id) { (void)max; return frame_has_iface(v->f) ? ONE(v->f->if_id) : 0; }
GETTER(get_frame_interface_name)
{
    (void)max;
    if (!frame_has_iface(v->f))
        return 0;
    const struct frame_iface *i = v->f->iface;
    if (i && i->name.p)
        val[0].p = i->name.p, val[0].n = i->name.n;
    else
        val[0].p = (const uint8_t *)"unknown", val[0].n = 7;
    return 1;
}
/* A pcapng packet's options (frame_pkt_opts). */
GETTER(get_frame_interface_queue)
{
    (void)max;
    return v->f->pkt.present & PKT_QUEUE ? ONE(v->f->pkt.queue) : 0;
}
GETTER(get_frame_packet_flags)
{
    (void)max;
    return v->f->pkt.present & PKT_FLAGS ? ONE(v->f->pkt.flags) : 0;
}
/* A part of the flags, by the row's mask (as a header field's bits). */
GETTER(get_frame_packet_flags_bits)
{
    (void)max;
    uint32_t x = v->f->pkt.flags;
    const uint8_t be[4] = { (uint8_t)(x >> 24), (uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x };
    return v->f->pkt.present & PKT_FLAGS ? ONE(field_wire_number(fd, be)) : 0;
}
GETTER(get_frame_packet_id)
{
    (void)max;
    return v->f->pkt.present & PKT_ID ? ONE(v->f->pkt.id) : 0;
}
GETTER(get_frame_drop_count)
{
    (void)max;
    return v->f->pkt.present & PKT_DROPS ? ONE(v->f->pkt.drops) : 0;
}
/* The flags' direction as Wireshark's pinfo->p2p_dir: inbound is
 * received (1), outbound sent (0); otherwise unknown, and not shown. */
GETTER(get_frame_p2p_dir)
{
    (void)max;
    unsigned dir = v->f->pkt.flags & 3;
    return v->f->pkt.present & PKT_FLAGS && (dir == 1 || dir == 2) ? ONE(dir == 1) : 0;
}
GETTER(get_frame_interface_description)
{
    (void)max;
    const struct frame_iface *i = v->f->iface;
    if (!frame_has_iface(v->f) || !i || !i->desc.p)
        return 0;
    val[0].p = i->desc.p, val[0].n = i->desc.n;
    return 1;
}

const char *pen_name(uint32_t pen)
{
    switch (pen) {
    case 0: return "Reserved";
    case 32473: return "Example Enterprise Number for Documentation Use";
    default: return "Unknown";
    }
}

/* A pcapng block shown as a frame has no encapsulation. */
GETTER(get_frame_encap_type)
{
    (void)max;
    return v->f->record != REC_PACKET ? 0 : ONE(link_wtap_encap(v->f->linktype));
}

/* What tshark 4.0 makes of the frame's TCP payload, where synfin knows it
 * ("http", each message's "data-text-lines" or "xml"; "data" for a payload
 * no port dissector claims), written to buf at n; nothing where synfin
 * cannot tell (another protocol's port, a body's other media type). */
static const uint16_t tcp_ports[] = {
#include "present/tcp_ports.h"
};
static bool tcp_port_claimed(uint16_t port)
{
    size_t lo = 0, hi = sizeof tcp_ports / sizeof tcp_ports[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (tcp_ports[mid] == port)
            return true;
        if (tcp_ports[mid] < port)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}
/* One of the SEQ/ACK analysis's own flags (A_*): A_RETRANSMISSION is a
 * plain retransmission only, as Wireshark's TCP_A_RETRANSMISSION, though
 * tcp.analysis.retransmission is shown on fast and spurious ones too. */
static bool analysis_flag(const struct view *v, unsigned flag)
{
    return v->tk && v->tk->an.present && (v->tk->an.flags & flag);
}

/* Wireshark 4.0 hands a spurious retransmission's or an out-of-order
 * segment's bytes to no dissector (tcp_no_subdissector_on_error), and
 * shows a plain retransmission's as "Retransmitted TCP segment data"; a
 * fast retransmission's go on to the port's dissector, or to data
 * (measured: lossy captures, mkpcap.py seq-analysis). */
enum { A_NO_DISSECTOR = A_SPURIOUS_RETRANSMISSION | A_OUT_OF_ORDER };
static size_t payload_protocols(const struct view *v, char *buf, size_t cap, size_t n, bool *known)
{
    const struct frame *f = v->f;
    const struct http_frame *h = v->tk ? v->tk->http : NULL;
    *known = false;
    if (!f->has_tcp || !f->nwalk || (f->walk[f->nwalk - 1] != LL_TCP && f->walk[f->nwalk - 1] != LL_MPTCP))
        return n;                          /* TCP inside an ICMP error, or no TCP */
    *known = true;
#define ADD(s) (n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, ":%s", s))
    if (h && h->http) {
        ADD("http");
        for (int i = 0; i < h->nmsg; i++) {
            enum http_body b = http_body_kind(&h->msg[i].m, h->data + h->msg[i].off);
            if (b == HTTP_BODY_TEXT || b == HTTP_BODY_XML)
                ADD(b == HTTP_BODY_TEXT ? "data-text-lines" : "xml");
            else if (b == HTTP_BODY_OTHER)
                *known = false;            /* another media type's dissector */
        }
    } else if (!(h && h->pdu_segment) && f->tcp.seg_len && !f->tcp.bogus_hdr_len &&
               !analysis_flag(v, A_RETRANSMISSION | A_NO_DISSECTOR)) {
        /* a payload not all captured: tshark's dissectors take it or not */
        if ((uint64_t)f->tcp.payload_off + f->tcp.seg_len > f->caplen)
            *known = false;
        else if (!tcp_port_claimed(f->tcp.sport) && !tcp_port_claimed(f->tcp.dport))
            ADD("data");
        else
            *known = false;                /* the port's dissector may take it, or give it to data */
    }
#undef ADD
    return n;
}

/* The layers synfin decodes, in Wireshark's names, then what tshark makes
 * of the TCP payload as far as synfin knows it. */
GETTER(get_frame_protocols)
{
    (void)max;
    static char buf[MAX_WALK * 12];   /* "ieee8021ad:" is the longest word */
    const struct frame *f = v->f;
    const char *link = link_protocols(f->linktype);
    size_t n = 0;
#define ADD(s) (n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s%s", n ? ":" : "", s))
    if (f->record != REC_PACKET)   /* what Wireshark makes of a pcapng block shown as a frame */
        ADD(f->record == REC_CUSTOM_BLOCK ? "data" : "systemd_journal");
    if (link)
        ADD(link);
    for (int i = 0; i < f->nwalk; i++)     /* in the order the decoder walked them */
        ADD(link_layer_name(f->walk[i]));
#undef ADD
    bool known;
    n = payload_protocols(v, buf, sizeof buf, n, &known);
    val[0].p = (const uint8_t *)buf, val[0].n = (uint32_t)(n < sizeof buf ? n : sizeof buf - 1);
    return 1;
}

bool frame_protocols_complete(const struct view *v)
{
    char buf[64];
    bool known;
    payload_protocols(v, buf, sizeof buf, 0, &known);
    return known && v->f->record == REC_PACKET;
}

/* The frame's pcapng comments (opt_comment), one value each, as the file
 * holds them: untrusted bytes, escaped by D_UTF8 when written. */
GETTER(get_frame_comment)
{
    int n = 0;
    for (int i = 0; i < v->f->ncomment && n < max; i++, n++)
        val[n].p = v->f->comment[i].p, val[n].n = v->f->comment[i].n;
    return n;
}
/* Wireshark's expert item under each comment (a label: 1 a comment). */
GETTER(get_frame_comment_expert)
{
    int n = 0;
    for (int i = 0; i < v->f->ncomment && n < max; i++)
        val[n++].i = 1;
    return n;
}
/* The "Packet comments" layer that holds them: no bytes of the frame. */
GETTER(get_proto_pkt_comment)
{
    (void)max;
    if (!v->f->ncomment)
        return 0;
    val[0].p = v->f->data, val[0].n = 0, val[0].i = 0;
    return 1;
}

/* ---- protocols: the bytes Wireshark's item for the layer had when it
 * was added (what len(), slices and comparisons see: a header, or the
 * rest of the packet), and in i how many bytes run from there to the end
 * of the layer's data (what "contains" searches) ---- */
static int proto_value(const struct view *v, struct fval *val, uint32_t off, uint32_t hdr_len, uint32_t span)
{
    const struct frame *f = v->f;
    val->p = f->data + (off < f->buflen ? off : f->buflen);
    val->n = frame_bytes_in(f, off, hdr_len);
    val->i = frame_bytes_in(f, off, span);
    return 1;
}
/* How much of the frame a slice of "frame" can read. On a raw IP link
 * Wireshark hands the frame's own buffer to IP, which cuts it to the IP
 * packet's length: bytes after the packet are in the frame (len(frame))
 * but a slice reaching them is empty, as -x does not show them either. */
static uint32_t frame_readable(const struct frame *f)
{
    bool raw = f->linktype == DLT_RAW || f->linktype == DLT_IPV4 || f->linktype == DLT_IPV6;
    if (!raw || f->nip == 0 || f->ip[0].off != 0)
        return f->caplen;
    const struct ip_layer *ip = &f->ip[0];
    uint32_t len = f->caplen;
    if (ip->version == 4 && ip_total_len(ip) >= ip->hdr_len)
        len = ip_total_len(ip);
    else if (ip->version == 6 && ip->plen != 0)
        len = 40u + ip->plen;
    return len < f->caplen ? len : f->caplen;
}
/* frame: i is what a slice can read (frame_readable), not a data span. */
GETTER(get_proto_frame)
{
    (void)max;
    proto_value(v, val, 0, v->f->caplen, v->f->caplen);
    val->i = frame_readable(v->f);
    return 1;
}
GETTER(get_proto_eth)
{
    int n = 0;
    for (int i = 0; i < v->f->neth && n < max; i++)
        n += proto_value(v, &val[n], v->f->eth[i].off, 14, UINT32_MAX);
    return n;
}
static int ip_proto_values(const struct view *v, struct fval *val, int max, int version)
{
    int n = 0;
    for (int k = 0; k < v->f->nip && n < max; k++) {
        const struct ip_layer *ip = &v->f->ip[k];
        if (!ip_layer_is(ip, version))
            continue;
        if (!ip->version)             /* bogus: the layer is its header, and no more */
            n += proto_value(v, &val[n], ip->off, ip->hdr_len, ip->hdr_len);
        else if (version == 4)
            n += proto_value(v, &val[n], ip->off, ip->hdr_len, ip_total_len(ip));
        else
            n += proto_value(v, &val[n], ip->off, 40, 40 + (uint32_t)ip->plen);
    }
    return n;
}
GETTER(get_proto_ip) { return ip_proto_values(v, val, max, 4); }
GETTER(get_proto_ipv6) { return ip_proto_values(v, val, max, 6); }
/* tcp: Wireshark adds its item over the whole segment, before it reads
 * the header, then cuts it to the header, a cut made only in a tree it
 * shows (prefs tree_shown): so tshark -Y 'tcp[32:1]' reads the payload,
 * and tshark -V -Y the same filter does not. */
GETTER(get_proto_tcp)
{
    (void)max;
    const struct tcp_layer *t = &v->f->tcp;
    if (!v->f->has_tcp)
        return 0;
    if (v->prefs && v->prefs->tree_shown)
        return proto_value(v, val, t->off, t->hdr_truncated ? 20 : t->hdr_len, (uint32_t)t->hdr_len + t->seg_len);
    uint32_t segment = (uint32_t)t->hdr_len + t->seg_len;
    if (v->f->nip) {          /* a header cut short by the capture: what IP carries of it */
        const struct ip_layer *ip = &v->f->ip[v->f->nip - 1];
        uint32_t carried = ip->reassembled ? ip->reasm_len : ip->payload_len;
        if (carried > segment)
            segment = carried;
    }
    return proto_value(v, val, t->off, segment, segment);
}

/* ---- Ethernet and VLAN ---- */
/* The row's value in Ethernet header i, when its bytes were captured: an
 * address's bytes, or a number read at the row's wire place. */
static int eth_value(const struct field *fd, const struct view *v, int i, struct fval *val)
{
    uint32_t off = v->f->eth[i].off + fd->wire.off;
    if (!captured(v, off, fd->wire.len))
        return 0;
    if (fd->type == T_ETHER)
        val->p = v->f->data + off, val->n = 6;
    else
        val->i = field_wire_number(fd, v->f->data + off);
    return 1;
}
GETTER(get_eth_wire)
{
    int n = 0;
    for (int i = 0; i < v->f->neth && n < max; i++)
        n += eth_value(fd, v, i, &val[n]);
    return n;
}
/* Wireshark's warning on a source address with the group bit set: one
 * for each header that has it. */
GETTER(get_eth_src_not_group)
{
    int n = 0;
    for (int i = 0; i < v->f->neth && n < max; i++) {
        struct fval ig;
        if (eth_value(&fields[F_ETH_SRC_IG], v, i, &ig) && ig.i)
            val[n++].i = 1;
    }
    return n;
}
/* eth.addr, eth.addr.oui, eth.lg, eth.ig: each header's destination's
 * value, then its source's, as Wireshark adds them. */
static int eth_pair(const struct view *v, struct fval *val, int max, int dst_id, int src_id)
{
    int n = 0;
    for (int i = 0; i < v->f->neth; i++)
        for (int id = dst_id; id && n < max; id = id == dst_id ? src_id : 0)
            n += eth_value(&fields[id], v, i, &val[n]);
    return n;
}
GETTER(get_eth_addr) { return eth_pair(v, val, max, F_ETH_DST, F_ETH_SRC); }
GETTER(get_eth_addr_oui) { return eth_pair(v, val, max, F_ETH_DST_OUI, F_ETH_SRC_OUI); }
GETTER(get_eth_lg) { return eth_pair(v, val, max, F_ETH_DST_LG, F_ETH_SRC_LG); }
GETTER(get_eth_ig) { return eth_pair(v, val, max, F_ETH_DST_IG, F_ETH_SRC_IG); }
/* An IEEE 802.3 header holds a length there instead (eth.len, which synfin
 * does not show), and 1501 to 1535 is neither: no eth.type for those. */
GETTER(get_eth_type)
{
    int n = 0;
    for (int i = 0; i < v->f->neth && n < max; i++)
        if (v->f->eth[i].type >= 1536)
            val[n++].i = v->f->eth[i].type;
    return n;
}
/* What follows the IP packet in an Ethernet frame, as Wireshark's
 * add_ethernet_trailer splits it with its default preferences: zeros that
 * bring a short frame up to 60 bytes are padding; the rest, less the 4-byte
 * FCS it assumes in a frame of 64 bytes or more, is the trailer. Only for
 * an IP packet right after the frame's one Ethernet header, or for what
 * follows the length an IEEE 802.3 header gives. */
struct eth_tail {
    uint32_t pad_off, pad_len, trailer_off, trailer_len;
};
static bool eth_tail(const struct view *v, struct eth_tail *e)
{
    const struct frame *f = v->f;
    uint32_t tag;
    if (f->linktype != DLT_EN10MB || f->neth != 1 || walk_layer_at(f, LL_VLAN, 0, &tag) || f->eth[0].off != 0)
        return false;
    uint32_t reported = frame_reported_len(f), start;
    if (f->eth[0].type <= 1500) {
        start = 14u + f->eth[0].type;
        if (start >= reported)
            return false;
    } else {
        if (!f->nip)
            return false;
        const struct ip_layer *ip = &f->ip[0];
        if (!ip->version || ip->off != f->eth[0].off + 14)
            return false;
        /* A length of 0 (TSO, or an IPv6 jumbogram) takes the frame's. */
        uint32_t ip_len = ip->version == 4 ? (ip->len_from_frame ? 0 : ip->len) : ip->plen ? 40u + ip->plen : 0;
        if (ip_len == 0 || ip_len >= reported - ip->off)
            return false;
        start = ip->off + ip_len;
    }
    uint32_t rep = reported - start;
    /* The frame's own bytes: not a reassembled datagram's after them. */
    uint32_t cap = start < f->caplen ? (rep < f->caplen - start ? rep : f->caplen - start) : 0, pad = 0;
    if (f->len >= 60 && f->len >= rep && f->len - rep < 60) {
        pad = 60 - (f->len - rep);
        if (pad > rep || pad > cap)
            return false;                   /* reading the padding throws */
        for (uint32_t i = 0; i < pad; i++)
            if (f->data[start + i]) {
                pad = 0;                    /* padding must be zeros */
                break;
            }
        cap -= pad, rep -= pad;
    }
    uint32_t trailer_cap = cap;
    if (reported >= 64 && rep >= 4)         /* an FCS, says the heuristic */
        trailer_cap = cap < rep ? (cap < rep - 4 ? cap : rep - 4) : cap - 4;
    *e = (struct eth_tail){ start, pad, start + pad, rep ? trailer_cap : 0 };
    return true;
}
GETTER(get_eth_padding)
{
    (void)max;
    struct eth_tail e;
    if (!eth_tail(v, &e) || !e.pad_len)
        return 0;
    val[0].p = v->f->data + e.pad_off, val[0].n = e.pad_len;
    return 1;
}
GETTER(get_eth_trailer)
{
    (void)max;
    struct eth_tail e;
    if (!eth_tail(v, &e) || !e.trailer_len)
        return 0;
    val[0].p = v->f->data + e.trailer_off, val[0].n = e.trailer_len;
    return 1;
}
/* The first MAX_VLAN tags' fields, read at each tag's walk place (the
 * next tag is read no more: link_vlan). vlan.etype is the EtherType after
 * the tag; a value up to 1500 is an 802.3 length instead (vlan.len), which
 * synfin does not show. */
GETTER(get_vlan_wire)
{
    const struct frame *f = v->f;
    uint32_t base[MAX_VLAN];
    int nbase = walk_wire_bases(f, W_VLAN, base, MAX_VLAN), n = 0;
    for (int k = 0; k < nbase && n < max; k++) {
        uint32_t off = base[k] + fd->wire.off;
        if (!frame_has(f, off, fd->wire.len))
            continue;
        int64_t x = field_wire_number(fd, f->data + off);
        if (fd->wire.off != 2 || x > 1500)
            val[n++].i = x;
    }
    return n;
}

/* ---- IPv4 and IPv6: one value per header of the row's version, when
 * the row's bytes were captured and lie within what the enclosing layer
 * gave the header (ip_has) ---- */
#define IP_FIELD(name, expr)                                                  \
    GETTER(name)                                                            \
    {                                                                       \
        int n = 0;                                                          \
        int version = fd->wire.layer == W_IP6 ? 6 : 4;                      \
        for (int k = 0; k < v->f->nip && n < max; k++) {                    \
            const struct ip_layer *ip = &v->f->ip[k];                       \
            if (ip->version != version || !ip_has(v->f, ip, ip->off + fd->wire.off, fd->wire.len)) \
                continue;                                                   \
            val[n++].i = (int64_t)(expr);                                   \
        }                                                                   \
        return n;                                                           \
    }
IP_FIELD(get_ip_wire, field_wire_number(fd, v->f->data + ip->off + fd->wire.off))
IP_FIELD(get_ip_hdr_len, ip->hdr_len)                   /* in bytes: the wire holds words */
IP_FIELD(get_ip_len, ip_total_len(ip))                  /* 0 on the wire under TSO */
IP_FIELD(get_ip_frag_offset, ip->frag & 0x1fff)   /* in 8-byte units, as on the wire (-V shows bytes) */
/* Shown with the checksum: the row's place is the checksum's. */
IP_FIELD(get_ip_checksum_status, ip->csum_status)
/* The version nibble as captured, also in a bogus header; IPv6 shows
 * ip.version too, beside its own ipv6.version. */
static int ip_versions(const struct view *v, struct fval *val, int max, int of)
{
    int n = 0;
    for (int k = 0; k < v->f->nip && n < max; k++)
        if ((!of || ip_layer_is(&v->f->ip[k], of)) && ip_has(v->f, &v->f->ip[k], v->f->ip[k].off, 1))
            val[n++].i = v->f->ip[k].wire_version;
    return n;
}
GETTER(get_ip_version) { return ip_versions(v, val, max, 0); }
GETTER(get_ipv6_version) { return ip_versions(v, val, max, 6); }

/* Addresses: the row's bytes in each header of its version. */
static int ip_addr(const struct field *fd, const struct view *v, struct fval *val, int max)
{
    int n = 0;
    int version = fd->wire.layer == W_IP6 ? 6 : 4;
    for (int k = 0; k < v->f->nip && n < max; k++) {
        const struct ip_layer *ip = &v->f->ip[k];
        if (ip->version == version && ip_has(v->f, ip, ip->off + fd->wire.off, fd->wire.len))
            val[n].p = v->f->data + ip->off + fd->wire.off, val[n].n = fd->wire.len, n++;
    }
    return n;
}
GETTER(get_ip_addr_bytes) { return ip_addr(fd, v, val, max); }
/* ip.addr and ipv6.addr: each header's source, then its destination. */
static int ip_addr_pair(const struct view *v, struct fval *val, int max, int src_id, int dst_id)
{
    int n = 0;
    const struct field *src = &fields[src_id], *dst = &fields[dst_id];
    int version = src->wire.layer == W_IP6 ? 6 : 4;
    for (int k = 0; k < v->f->nip; k++) {
        const struct ip_layer *ip = &v->f->ip[k];
        for (const struct field *a = src; a && ip->version == version && n < max; a = a == src ? dst : NULL)
            if (ip_has(v->f, ip, ip->off + a->wire.off, a->wire.len))
                val[n].p = v->f->data + ip->off + a->wire.off, val[n].n = a->wire.len, n++;
    }
    return n;
}
GETTER(get_ip_addr) { return ip_addr_pair(v, val, max, F_IP_SRC, F_IP_DST); }
GETTER(get_ipv6_addr) { return ip_addr_pair(v, val, max, F_IPV6_SRC, F_IPV6_DST); }

/* The host fields: an address as text (no name resolution, as tshark by
 * default), each held in its own slot until the next frame's. */
static int ip_hosts(const struct view *v, struct fval *val, int max, int src_id, int dst_id)
{
    static char text[MAX_OCCURRENCES][INET6_ADDRSTRLEN];
    const struct field *addr = &fields[src_id];
    int n = dst_id ? ip_addr_pair(v, val, max, src_id, dst_id) : ip_addr(addr, v, val, max);
    for (int k = 0; k < n && k < MAX_OCCURRENCES; k++) {
        inet_ntop(addr->wire.layer == W_IP6 ? AF_INET6 : AF_INET, val[k].p, text[k], sizeof text[k]);
        val[k].p = (const uint8_t *)text[k], val[k].n = (uint32_t)strlen(text[k]);
    }
    return n;
}
GETTER(get_ip_src_host) { return ip_hosts(v, val, max, F_IP_SRC, 0); }
GETTER(get_ip_dst_host) { return ip_hosts(v, val, max, F_IP_DST, 0); }
GETTER(get_ip_host) { return ip_hosts(v, val, max, F_IP_SRC, F_IP_DST); }
GETTER(get_ipv6_src_host) { return ip_hosts(v, val, max, F_IPV6_SRC, 0); }
GETTER(get_ipv6_dst_host) { return ip_hosts(v, val, max, F_IPV6_DST, 0); }
GETTER(get_ipv6_host) { return ip_hosts(v, val, max, F_IPV6_SRC, F_IPV6_DST); }

/* ---- ICMP and ICMPv6: the message's type and code, for the row's version ---- */
/* The error's message, then the message it quotes, those of the row's
 * version ("icmpv6.": ICMPv6), into m: how many. */
static int icmp_messages(const struct field *fd, const struct frame *f, const struct icmp_layer *m[2])
{
    int version = fd->name[4] == 'v' ? 6 : 4, n = 0;
    if (f->has_icmp && f->icmp.version == version)
        m[n++] = &f->icmp;
    if (f->has_icmp_quoted && f->icmp_quoted.version == version)
        m[n++] = &f->icmp_quoted;
    return n;
}
static int icmp_bytes(const struct field *fd, const struct view *v, struct fval *val, int max, uint32_t at)
{
    const struct frame *f = v->f;
    const struct icmp_layer *m[2];
    int nm = icmp_messages(fd, f, m), n = 0;
    for (int i = 0; i < nm && n < max; i++)
        if (captured(v, m[i]->off + at, 1))
            val[n++].i = f->data[m[i]->off + at];
    return n;
}
GETTER(get_icmp_type) { return icmp_bytes(fd, v, val, max, 0); }
GETTER(get_icmp_code) { return icmp_bytes(fd, v, val, max, 1); }
/* The checksums of the row's version's messages whose two bytes were captured. */
GETTER(get_icmp_checksum)
{
    const struct frame *f = v->f;
    const struct icmp_layer *m[2];
    int nm = icmp_messages(fd, f, m), n = 0;
    for (int i = 0; i < nm && n < max; i++)
        if (captured(v, m[i]->off + 2, 2))
            val[n++].i = be16_at(f->data + m[i]->off + 2);
    return n;
}
/* Wireshark's verdict on each message's checksum (icmp_sum_status). */
GETTER(get_icmp_checksum_status)
{
    const struct frame *f = v->f;
    const struct icmp_layer *m[2];
    int nm = icmp_messages(fd, f, m), n = 0;
    for (int i = 0; i < nm && n < max; i++)
        if (captured(v, m[i]->off + 2, 2)) {
            uint16_t shouldbe;
            const char *why;
            val[n++].i = icmp_sum_status(f, m[i], &shouldbe, &why);
        }
    return n;
}
/* icmp, icmpv6: the messages of the row's version as layers, in the same
 * order (Wireshark's item covers what was captured of the message). */
GETTER(get_proto_icmp)
{
    const struct frame *f = v->f;
    const struct icmp_layer *m[2];
    int nm = icmp_messages(fd, f, m), n = 0;
    for (int i = 0; i < nm && n < max; i++)
        n += proto_value(v, &val[n], m[i]->off, UINT32_MAX, UINT32_MAX);
    return n;
}

/* ---- TCP header ----
 * What Wireshark shows of a TCP header depends on how much of it was
 * captured: the ports from 4 bytes, the rest of the fixed part from 16
 * (it reads through the window first), the checksum from 18, the urgent
 * pointer and what follows from 20. A header length under 20 stops it
 * after the sequence number and the header length. */
static const struct tcp_layer *tcp_at(const struct view *v, uint32_t at, uint32_t size)
{
    const struct tcp_layer *t = &v->f->tcp;
    uint32_t need = at < 16 ? (at < 4 ? 4 : 16) : at + size;
    if (!v->f->has_tcp || (at >= 4 && t->hdr_truncated) || !captured(v, t->off, need))
        return NULL;
    if (t->quoted && need > t->quote_end - t->off)
        return NULL;                     /* past the quote, in what follows the ICMP message */
    return t;
}

/* How many of the n bytes at off a quoted header's quote holds. */
static uint32_t tcp_quote_bytes(const struct tcp_layer *t, uint32_t off, uint32_t n)
{
    if (off >= t->quote_end)
        return 0;
    return n < t->quote_end - off ? n : t->quote_end - off;
}

/* A header an ICMPv4 error quotes: Wireshark shows its sequence number
 * (raw) right after the ports, from the 8 bytes such an error holds, and
 * not again later; an ICMPv6 quote, or a header behind a tunnel in the
 * quote, has it in the usual place (tcp_in_icmp_ip). */
static bool tcp_quoted_v4(const struct view *v)
{
    return tcp_in_icmp_ip(v->f);
}

/* Fields past the header length, which a bogus length hides. */
static const struct tcp_layer *tcp_after_hlen(const struct view *v, uint32_t at, uint32_t size)
{
    const struct tcp_layer *t = tcp_at(v, at, size);
    return t && !t->bogus_hdr_len ? t : NULL;
}

/* Options and what follows them: the whole fixed header is there (the
 * urgent pointer, its last field, was captured). */
static const struct tcp_layer *tcp_sane(const struct view *v)
{
    return tcp_after_hlen(v, 18, 2);
}

/* Read at the row's wire place once the header is sane that far. */
#define TCP_FIELD(name, expr)                                                 \
    GETTER(name)                                                            \
    {                                                                       \
        (void)max;                                                          \
        const struct tcp_layer *t = tcp_after_hlen(v, fd->wire.off, fd->wire.len); \
        return t ? ONE(expr) : 0;                                           \
    }
#define TCP_WIRE (field_wire_number(fd, v->f->data + t->off + fd->wire.off))
TCP_FIELD(get_tcp_wire, TCP_WIRE)
/* The ports: from 4 bytes, whatever the header length says. */
GETTER(get_tcp_port_wire)
{
    (void)max;
    const struct tcp_layer *t = tcp_at(v, fd->wire.off, fd->wire.len);
    return t ? ONE(TCP_WIRE) : 0;
}
/* In AccECN mode the three ECN bits are one counter, tcp.flags.ace. */
GETTER(get_tcp_ecn_flag)
{
    (void)max;
    const struct tcp_layer *t = tcp_after_hlen(v, fd->wire.off, fd->wire.len);
    return t && !(v->tk && v->tk->ace_mode) ? ONE(TCP_WIRE) : 0;
}
GETTER(get_tcp_flags_ace)
{
    (void)max;
    const struct tcp_layer *t = tcp_after_hlen(v, 12, 2);
    return t && v->tk && v->tk->ace_mode ? ONE(t->flags >> 6 & 7) : 0;
}
/* The expert items on the flags: the segment opens, accepts, finishes or
 * resets a connection. */
#define CONNECTION(name, mask, want)                                          \
    GETTER(name)                                                            \
    {                                                                       \
        (void)max;                                                          \
        const struct tcp_layer *t = tcp_after_hlen(v, 12, 2);               \
        return t && (t->flags & (mask)) == (want) ? ONE(1) : 0;             \
    }
CONNECTION(get_tcp_connection_syn, TH_SYN | TH_ACK, TH_SYN)
CONNECTION(get_tcp_connection_synack, TH_SYN | TH_ACK, TH_SYN | TH_ACK)
CONNECTION(get_tcp_connection_fin, TH_FIN, TH_FIN)
CONNECTION(get_tcp_connection_rst, TH_RST, TH_RST)
/* A FIN initiates the closing unless the peer sent one first. */
static int fin_closing(const struct view *v, struct fval *val, bool active)
{
    const struct tcp_layer *t = tcp_after_hlen(v, 12, 2);
    return t && v->tk && (t->flags & TH_FIN) && v->tk->fin_active == active ? ONE(1) : 0;
}
GETTER(get_tcp_connection_fin_active) { (void)max; return fin_closing(v, val, true); }
GETTER(get_tcp_connection_fin_passive) { (void)max; return fin_closing(v, val, false); }
/* Expert items on fields the flags say are unused, yet hold a value. */
GETTER(get_tcp_ack_nonzero)
{
    (void)max;
    const struct tcp_layer *t = tcp_after_hlen(v, 8, 4);
    return t && !(t->flags & TH_ACK) && t->ack != 0 ? ONE(1) : 0;
}
/* A SYN-ACK acknowledging more than the SYN: the data a TCP Fast Open
 * SYN carried. */
GETTER(get_a_tfo_ack)
{
    (void)max;
    const struct tcp_layer *t = tcp_after_hlen(v, 8, 4);
    return t && v->tk && (t->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) && v->tk->rel_ack > 1 ? ONE(1) : 0;
}
GETTER(get_tcp_urgent_pointer_non_zero)
{
    (void)max;
    const struct tcp_layer *t = tcp_after_hlen(v, 18, 2);
    return t && !(t->flags & TH_URG) && t->urgp != 0 ? ONE(1) : 0;
}

GETTER(get_tcp_checksum_status)
{
    (void)max;
    const struct tcp_layer *t = tcp_after_hlen(v, fields[F_TCP_CHECKSUM].wire.off, fields[F_TCP_CHECKSUM].wire.len);
    return t ? ONE(t->csum_status) : 0;
}

GETTER(get_tcp_seq_raw)
{
    (void)max;
    if (v->f->has_tcp && v->f->tcp.quoted)       /* with the relative number, as IPv6 quotes have it */
        return !tcp_quoted_v4(v) && v->tk && tcp_at(v, 4, 12) ? ONE(v->f->tcp.seq) : 0;
    const struct tcp_layer *t = tcp_at(v, 4, 4);
    return t ? ONE(t->seq) : 0;
}

GETTER(get_tcp_hdr_len)
{
    (void)max;
    const struct tcp_layer *t = tcp_at(v, 12, 1);
    return t ? ONE(t->hdr_len) : 0;
}

GETTER(get_tcp_port)
{
    const struct tcp_layer *t = tcp_at(v, 0, 4);
    if (!t || max < 2)
        return 0;
    val[0].i = t->sport, val[1].i = t->dport;
    return 2;
}

GETTER(get_tcp_len)
{
    (void)max;
    const struct tcp_layer *t = tcp_at(v, 12, 1);
    return t && t->have_seglen && !t->short_segment ? ONE(t->seg_len) : 0;
}

/* Wireshark's flag string: reserved bits, then A C E U A P R S F, a middle
 * dot for each bit not set. */
GETTER(get_tcp_flags_str)
{
    (void)max;
    static const char letters[] = "RRRACEUAPRSF";
    static char buf[12 * 2 + 1];     /* the dot is two bytes in UTF-8 */
    const struct tcp_layer *t = tcp_after_hlen(v, 12, 2);
    if (!t)
        return 0;
    size_t n = 0;
    if (!(v->tk && v->tk->ace_mode)) {
        /* A nibble at a time: its four letters or dots, from a table made
         * once by the loop below's rule (a hot field of -T fields). */
        static struct { char s[8]; uint8_t n; } nib[3][16];
        static bool made;
        if (!made) {
            for (int part = 0; part < 3; part++)
                for (int x = 0; x < 16; x++)
                    for (int b = 3; b >= 0; b--) {
                        char *s = nib[part][x].s;
                        uint8_t *len = &nib[part][x].n;
                        if (x >> b & 1)
                            s[(*len)++] = letters[part * 4 + 3 - b];
                        else
                            s[(*len)++] = (char)0xc2, s[(*len)++] = (char)0xb7;
                    }
            made = true;
        }
        for (int part = 0; part < 3; part++) {
            unsigned x = t->flags >> (8 - 4 * part) & 0xf;
            memcpy(buf + n, nib[part][x].s, sizeof nib[part][x].s);
            n += nib[part][x].n;
        }
        val[0].p = (const uint8_t *)buf, val[0].n = (uint32_t)n;
        return 1;
    }
    for (int bit = 11; bit >= 0; bit--) {
        if (bit <= 8 && bit >= 6) {
            /* "-n-": the ACE counter in place of AE, CWR and ECE */
            buf[n++] = bit == 7 ? (char)('0' + (t->flags >> 6 & 7)) : '-';
        } else if (t->flags >> bit & 1) {
            buf[n++] = letters[11 - bit];
        } else {
            buf[n++] = (char)0xc2;
            buf[n++] = (char)0xb7;
        }
    }
    val[0].p = (const uint8_t *)buf, val[0].n = (uint32_t)n;
    return 1;
}

GETTER(get_tcp_options)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    if (!t || t->hdr_len <= 20)
        return 0;
    /* As much of it as was captured; the fixed header itself may be cut. */
    uint32_t n = frame_bytes_in(v->f, t->off + 20, t->hdr_len - 20u);
    if (n == 0) {
        val[0].p = field_missing, val[0].n = 0;
        return 1;
    }
    val[0].p = v->f->data + t->off + 20, val[0].n = n;
    return 1;
}

GETTER(get_tcp_option_kind)
{
    const struct tcp_layer *t = tcp_sane(v);
    int n = 0;
    for (int i = 0; t && i < t->nopt && n < max; i++)
        if (!t->opt[i].bad_len)
            val[n++].i = t->opt[i].kind;
    return n;
}

GETTER(get_tcp_option_len)
{
    const struct tcp_layer *t = tcp_sane(v);
    int n = 0;
    for (int i = 0; t && i < t->nopt && n < max; i++)
        if (t->opt[i].kind != TCPOPT_EOL && t->opt[i].kind != TCPOPT_NOP && t->opt[i].len)
            val[n++].i = t->opt[i].len;
    return n;
}

GETTER(get_tcp_mss_val) { (void)max; const struct tcp_layer *t = tcp_sane(v); return t && t->has_mss ? ONE(t->mss) : 0; }
GETTER(get_tcp_ws_shift) { (void)max; const struct tcp_layer *t = tcp_sane(v); return t && t->has_ws ? ONE(t->ws_shift) : 0; }
GETTER(get_tcp_ws_mult)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    return t && t->has_ws ? ONE(1u << tcp_ws_shift(t)) : 0;
}
/* A shift above TCP_WSCALE_MAX (used as that, tcp_ws_shift): Wireshark
 * warns of it on the shift's line. */
GETTER(get_tcp_ws_shift_invalid)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    return t && t->has_ws && t->ws_shift > TCP_WSCALE_MAX ? ONE(1) : 0;
}
GETTER(get_tcp_tsval) { (void)max; const struct tcp_layer *t = tcp_sane(v); return t && t->has_ts ? ONE(t->tsval) : 0; }
GETTER(get_tcp_tsecr) { (void)max; const struct tcp_layer *t = tcp_sane(v); return t && t->has_ts ? ONE(t->tsecr) : 0; }

/* An option as a protocol (tcp.options.nop, tcp.options.mss, ...): its
 * bytes, kind and length included, for each whole option of the kind. */
static int option_bytes(const struct view *v, struct fval *val, int max, uint8_t kind)
{
    const struct tcp_layer *t = tcp_sane(v);
    int n = 0;
    for (int i = 0; t && i < t->nopt && n < max; i++) {
        const struct tcp_option *op = &t->opt[i];
        /* A quote's option cut by the quote's end: Wireshark adds its item,
         * of the bytes there are, before what it reads fails (measured). */
        if (op->kind == kind && !op->bad_len && (!op->cut || (t->quoted && op->len >= 2)))
            val[n].p = v->f->data + op->off, val[n].n = op->cut ? tcp_quote_bytes(t, op->off, op->len) : op->len, n++;
    }
    return n;
}
/* Wireshark counts NOPs "in a row within a 32-bit word" of the header: a
 * NOP at an offset that starts a word begins the count again unless none
 * is counted, and other options leave the count as it is (measured: 11
 * NOPs from offset 26 raise nothing, 12 from 20 raise it once, before the
 * fourth; NOPs at 20, 21, 58, 59 raise it before the last). */
bool field_tcp_nop_before(const struct view *v, int i)
{
    const struct tcp_layer *t = tcp_sane(v);
    if (!t || i < 0 || i >= t->nopt || t->opt[i].kind != TCPOPT_NOP)
        return false;
    int count = 0;
    for (int j = 0; j <= i; j++) {
        const struct tcp_option *op = &t->opt[j];
        if (op->kind != TCPOPT_NOP)
            continue;
        if (count == 0 || (op->off - t->off) % 4)
            count++;
        else
            count = 0;
    }
    return count == 4;
}
/* The expert item on NOPs a router may have put for options it removed:
 * one value for each place Wireshark adds it. */
GETTER(get_tcp_nop)
{
    const struct tcp_layer *t = tcp_sane(v);
    int n = 0;
    for (int i = 0; t && i < t->nopt && n < max; i++)
        if (field_tcp_nop_before(v, i))
            val[n++].i = 1;
    return n;
}
GETTER(get_tcp_sack_perm) { return option_bytes(v, val, max, TCPOPT_SACK_PERM); }
GETTER(get_tcp_opt_nop) { return option_bytes(v, val, max, TCPOPT_NOP); }
GETTER(get_tcp_opt_eol) { return option_bytes(v, val, max, TCPOPT_EOL); }
GETTER(get_tcp_opt_mss) { return option_bytes(v, val, max, TCPOPT_MSS); }
GETTER(get_tcp_opt_wscale) { return option_bytes(v, val, max, TCPOPT_WSCALE); }
GETTER(get_tcp_opt_sack) { return option_bytes(v, val, max, TCPOPT_SACK); }
GETTER(get_tcp_opt_timestamp) { return option_bytes(v, val, max, TCPOPT_TIMESTAMP); }
GETTER(get_tcp_opt_tfo) { return option_bytes(v, val, max, TCPOPT_TFO); }

/* The kinds Wireshark 4.0 has a dissector for; any other is "Unknown". */
int field_occurrence_at(int id, const struct view *v, const uint8_t *p)
{
    struct fval vals[MAX_OCCURRENCES];
    int n = field_get(id, v, vals, MAX_OCCURRENCES);
    for (int k = 0; k < n; k++)
        if (vals[k].p == p)
            return k;
    return -1;
}

bool field_tcp_option_known(uint8_t kind)
{
    switch (kind) {
    case TCPOPT_EOL: case TCPOPT_NOP: case TCPOPT_MSS: case TCPOPT_WSCALE: case TCPOPT_SACK_PERM:
    case TCPOPT_SACK: case TCPOPT_ECHO: case TCPOPT_ECHOREPLY: case TCPOPT_TIMESTAMP: case TCPOPT_CC:
    case TCPOPT_CCNEW: case TCPOPT_CCECHO: case TCPOPT_MD5: case TCPOPT_SCPS: case TCPOPT_SNACK:
    case TCPOPT_RECBOUND: case TCPOPT_CORREXP: case TCPOPT_QS: case TCPOPT_USER_TO: case TCPOPT_AO:
    case TCPOPT_MPTCP: case TCPOPT_TFO: case 76: case 78:   /* Riverbed probe and transparency */
    case TCPOPT_ACC_ECN_0: case TCPOPT_ACC_ECN_1: case TCPOPT_EXP_FD: case TCPOPT_EXP_FE:
        return true;
    default:
        return false;
    }
}
static bool option_exp(uint8_t kind) { return kind == TCPOPT_EXP_FD || kind == TCPOPT_EXP_FE; }

/* The whole options (kind, length and value all captured) of a sane
 * header, one at a time: *i is where to go on from (0 at first). */
static const struct tcp_option *next_option(const struct view *v, int *i)
{
    const struct tcp_layer *t = tcp_sane(v);
    while (t && *i < t->nopt) {
        const struct tcp_option *op = &t->opt[(*i)++];
        if (!op->bad_len && !op->cut)
            return op;
    }
    return NULL;
}
/* An option as a protocol, also when the capture cuts it after its
 * length: Wireshark adds the option's item, of the bytes there are,
 * before it reads the value. */
static int option_item(const struct view *v, struct fval *val, int max, int kind)
{
    const struct tcp_layer *t = tcp_sane(v);
    int n = 0;
    for (int i = 0; t && i < t->nopt && n < max; i++) {
        const struct tcp_option *op = &t->opt[i];
        bool of_kind = kind >= 0 ? op->kind == kind || (kind == TCPOPT_EXP_FD && option_exp(op->kind))
                                 : !field_tcp_option_known(op->kind);
        if (of_kind && !op->bad_len && (!op->cut || op->len >= 2))
            val[n].p = v->f->data + op->off, val[n].n = frame_bytes_in(v->f, op->off, op->len), n++;
    }
    return n;
}
GETTER(get_tcp_opt_md5) { return option_item(v, val, max, TCPOPT_MD5); }
GETTER(get_tcp_opt_exp) { return option_item(v, val, max, TCPOPT_EXP_FD); }   /* and TCPOPT_EXP_FE */
GETTER(get_tcp_opt_unknown) { return option_item(v, val, max, -1); }
/* Values inside options whose length is right for them. */
GETTER(get_tcp_md5_digest)
{
    int n = 0, i = 0;
    for (const struct tcp_option *op; n < max && (op = next_option(v, &i));)
        if (op->kind == TCPOPT_MD5 && op->len == 18)
            val[n].p = v->f->data + op->off + 2, val[n].n = 16, n++;
    return n;
}
GETTER(get_tcp_unknown_payload)
{
    int n = 0, i = 0;
    for (const struct tcp_option *op; n < max && (op = next_option(v, &i));)
        if (!field_tcp_option_known(op->kind) && op->len > 2)
            val[n].p = v->f->data + op->off + 2, val[n].n = op->len - 2u, n++;
    return n;
}
/* An experimental option's identifier (RFC 6994), when it has one. */
GETTER(get_tcp_exp_exid)
{
    int n = 0, i = 0;
    for (const struct tcp_option *op; n < max && (op = next_option(v, &i));)
        if (option_exp(op->kind) && op->len >= 4)
            val[n++].i = v->f->data[op->off + 2] << 8 | v->f->data[op->off + 3];
    return n;
}
/* TCP Fast Open's value: in its own option, or in an experimental one
 * with identifier 0xf989. Empty, it asks for a cookie; else it is one. */
static int tfo_values(const struct view *v, struct fval *val, int max, bool cookie)
{
    int n = 0, i = 0;
    for (const struct tcp_option *op; n < max && (op = next_option(v, &i));) {
        uint32_t skip = 2;
        if (option_exp(op->kind) && op->len >= 4 && v->f->data[op->off + 2] == 0xf9 && v->f->data[op->off + 3] == 0x89)
            skip = 4;
        else if (op->kind != TCPOPT_TFO)
            continue;
        if (op->len < skip)
            continue;
        if (!cookie && op->len == skip)
            val[n++].i = 1;
        else if (cookie && op->len > skip)
            val[n].p = v->f->data + op->off + skip, val[n].n = op->len - skip, n++;
    }
    return n;
}
GETTER(get_tcp_tfo_request) { return tfo_values(v, val, max, false); }
GETTER(get_tcp_tfo_cookie) { return tfo_values(v, val, max, true); }

/* A SYN whose options, read through, hold no MSS. */
/* An option's notes (tcp_option_notes.h): one occurrence an option that has it. */
GETTER(get_tcp_option_len_invalid)
{
    const struct tcp_layer *t = tcp_sane(v);
    char text[80];
    int n = 0;
    for (int i = 0, noted = t ? tcp_options_noted(t) : 0; i < noted && n < max; i++)
        if (tcp_option_length_note(&t->opt[i], text, sizeof text))
            val[n++].i = 1;
    return n;
}

GETTER(get_tcp_suboption_malformed)
{
    const struct tcp_layer *t = tcp_sane(v);
    int n = 0;
    for (int i = 0, noted = t ? tcp_options_noted(t) : 0; i < noted && n < max; i++)
        if (tcp_sack_unended(&t->opt[i]))
            val[n++].i = 1;
    return n;
}

GETTER(get_tcp_mss_absent)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    return t && (t->flags & TH_SYN) && t->hdr_len > 20 && !t->bad_padding && !t->mss_option && !t->opts_truncated &&
                   !t->malformed_option ? ONE(1) : 0;
}

GETTER(get_tcp_sack_count)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    return t && t->nsack ? ONE(t->nsack) : t && t->sack_short ? ONE(0) : 0;
}

static int sack_edges(const struct view *v, struct fval *val, int max, bool right)
{
    const struct tcp_layer *t = tcp_sane(v);
    if (!t || !v->tk)
        return 0;
    int n = 0;
    for (int i = 0; i < t->nsack && n < max; i++)
        val[n++].i = right ? v->tk->sack_re[i] : v->tk->sack_le[i];
    if (t->sack_short_le && !right)         /* a SACK option too short for one block */
        val[n++].i = v->tk->sack_le[0];
    return n;
}
GETTER(get_tcp_sack_le) { return sack_edges(v, val, max, false); }
GETTER(get_tcp_sack_re) { return sack_edges(v, val, max, true); }
/* D-SACK (RFC 2883): the first block reports data already acknowledged,
 * or lies inside the second block. */
static bool dsack(const struct view *v)
{
    const struct tcp_layer *t = tcp_sane(v);
    const struct track_info *k = v->tk;
    if (!t || !k || t->nsack == 0)
        return false;
    return seq_lt(k->sack_le[0], k->rel_ack) ||
           (t->nsack > 1 && seq_lt(k->sack_le[1], k->sack_re[0]) && seq_ge(k->sack_re[1], k->sack_re[0]));
}
GETTER(get_tcp_dsack) { (void)max; return dsack(v) ? ONE(1) : 0; }
/* A SACK option too short for one block: Wireshark 4.0 shows its left
 * edge as a D-SACK left edge too, then gives up before the right one. */
GETTER(get_tcp_dsack_le)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    if (t && t->sack_short_le && v->tk)
        return ONE(v->tk->sack_le[0]);
    return dsack(v) ? ONE(v->tk->sack_le[0]) : 0;
}
GETTER(get_tcp_dsack_re) { (void)max; return dsack(v) ? ONE(v->tk->sack_re[0]) : 0; }

GETTER(get_tcp_payload)
{
    (void)max;
    const struct tcp_layer *t = tcp_sane(v);
    if (!t || t->seg_len == 0 || (t->flags & TH_RST))   /* an RST's data is its "reset cause" */
        return 0;
    uint32_t n = frame_bytes_in(v->f, t->payload_off, t->seg_len);
    if (n == 0)
        return 0;
    val[0].p = v->f->data + t->payload_off, val[0].n = n;
    return 1;
}

/* The payload as TCP's reassembly shows it (Wireshark's desegment_tcp,
 * for a payload captured whole outside an ICMP error): a plain
 * retransmission's ("Retransmitted TCP segment data"), or a segment of a
 * PDU HTTP reassembles, waiting or completed here. */
static bool segment_data(const struct view *v)
{
    const struct tcp_layer *t = tcp_sane(v);
    if (!t || !v->tk || t->seg_len == 0 || (t->flags & TH_RST) || tcp_in_icmp_ip(v->f) ||
        frame_bytes_in(v->f, t->payload_off, t->seg_len) < t->seg_len)
        return false;
    const struct http_frame *h = v->tk->http;
    return analysis_flag(v, A_RETRANSMISSION) || (h && (h->pdu_segment || h->nseg || h->tail));
}
GETTER(get_tcp_segment_data)
{
    (void)max;
    const struct tcp_layer *t = &v->f->tcp;
    const struct http_frame *h = v->tk ? v->tk->http : NULL;
    uint32_t n = h && h->tail && !h->pdu_segment && !h->nseg ? h->tail : t->seg_len;   /* a tail: its bytes alone */
    return segment_data(v) ? (val->p = v->f->data + t->payload_off + t->seg_len - n, val->n = n, 1) : 0;
}
/* The payload no dissector takes: neither HTTP's nor held by reassembly
 * (Wireshark's data dissector; the bytes captured), nor one Wireshark
 * hands to no dissector at all (A_NO_DISSECTOR). */
static uint32_t data_bytes(const struct view *v)
{
    struct fval p;
    if (field_get(F_TCP_PAYLOAD, v, &p, 1) < 1 || tcp_in_icmp_ip(v->f) || segment_data(v) ||
        (v->tk && v->tk->http && v->tk->http->http) ||
        analysis_flag(v, A_NO_DISSECTOR))
        return 0;
    return p.n;
}
GETTER(get_data_data)
{
    (void)max;
    uint32_t n = data_bytes(v);
    return n ? (val->p = v->f->data + v->f->tcp.payload_off, val->n = n, 1) : 0;
}
GETTER(get_data_len)
{
    (void)max;
    uint32_t n = data_bytes(v);
    return n ? ONE(n) : 0;
}

/* ---- per-stream values ---- */
/* hlen_ok: the field comes after the header length check. */
#define TRACK_FIELD(name, hlen_ok, cond, expr)                                \
    GETTER(name)                                                            \
    {                                                                       \
        (void)max;                                                          \
        const struct track_info *k = v->tk;                                 \
        if (!k || !tcp_at(v, 4, 12) || ((hlen_ok) && v->f->tcp.bogus_hdr_len) || !(cond)) \
            return 0;                                                       \
        return ONE(expr);                                                   \
    }
TRACK_FIELD(get_tcp_stream, 0, 1, k->stream->index)
TRACK_FIELD(get_tcp_completeness, 0, 1, k->completeness)
TRACK_FIELD(get_tcp_seq_tracked, 0, 1, v->prefs->relative_seq ? k->rel_seq : v->f->tcp.seq)
GETTER(get_tcp_seq)
{
    if (!tcp_quoted_v4(v))
        return get_tcp_seq_tracked(fd, v, val, max);
    const struct tcp_layer *t = &v->f->tcp;
    return frame_has(v->f, t->off + 4, 4) && t->off + 8 <= t->quote_end ? ONE(t->seq) : 0;
}
TRACK_FIELD(get_tcp_nxtseq, 1, k->has_next_seq,
            v->prefs->relative_seq ? k->next_seq : k->next_seq + v->f->tcp.seq - k->rel_seq)
TRACK_FIELD(get_tcp_ack, 1, 1, v->prefs->relative_seq ? k->rel_ack : v->f->tcp.ack)
TRACK_FIELD(get_tcp_window_size, 1, 1, k->window)
TRACK_FIELD(get_tcp_window_size_scalefactor, 1, !(v->f->tcp.flags & TH_SYN), k->scale >= 0 ? 1 << k->scale : k->scale)

GETTER(get_tcp_time_relative)
{
    (void)max;
    if (!v->tk || !tcp_sane(v))
        return 0;
    val[0].t = v->tk->rel_time;
    return 1;
}

GETTER(get_tcp_time_delta)
{
    (void)max;
    if (!v->tk || !tcp_sane(v))
        return 0;
    val[0].t = v->tk->delta_time;
    return 1;
}

/* ---- columns ---- */
#define COLUMN(name, member)                                                  \
    GETTER(name)                                                            \
    {                                                                       \
        (void)max;                                                          \
        columns_build(v);                                                   \
        val[0].p = (const uint8_t *)v->cols->member;                        \
        val[0].n = (uint32_t)strlen(v->cols->member);                       \
        return 1;                                                           \
    }
GETTER(get_col_no) { (void)max; return ONE(v->f->number); }
COLUMN(get_col_time, time)
COLUMN(get_col_source, src)
COLUMN(get_col_destination, dst)
COLUMN(get_col_protocol, proto)
COLUMN(get_col_length, len)
COLUMN(get_col_info, info)

/* ---- SEQ/ACK analysis ----
 * Shown once the options are read without running off the data, only for
 * segments the analysis had something to say about. An analysis flag is
 * an expert item to Wireshark and prints as 1; the duplicate ACK is both
 * a field and an expert item, so it prints twice. */
static const struct seq_result *analysis(const struct view *v)
{
    const struct tcp_layer *t = tcp_sane(v);
    if (!t || !v->tk || !v->tk->an.present || t->short_segment || t->opts_truncated || t->malformed_option)
        return NULL;
    return &v->tk->an;
}

#define A_FLAG(name, bits, times)                                             \
    GETTER(name)                                                            \
    {                                                                       \
        const struct seq_result *a = analysis(v);                           \
        if (!a || !(a->flags & (bits)) || max < (times))                    \
            return 0;                                                       \
        for (int i = 0; i < (times); i++)                                   \
            val[i].i = 1;                                                   \
        return (times);                                                     \
    }
/* tcp.analysis, the tree the analysis fields hang from: there whenever
 * the analysis is shown. */
GETTER(get_a_analysis) { (void)max; return analysis(v) ? ONE(1) : 0; }
A_FLAG(get_a_flags, 0xffffffffu, 1)
A_FLAG(get_a_retransmission, A_ANY_RETRANSMISSION, 1)
A_FLAG(get_a_fast_retransmission, A_FAST_RETRANSMISSION, 1)
A_FLAG(get_a_spurious_retransmission, A_SPURIOUS_RETRANSMISSION, 1)
A_FLAG(get_a_out_of_order, A_OUT_OF_ORDER, 1)
A_FLAG(get_a_lost_segment, A_LOST_PACKET, 1)
A_FLAG(get_a_ack_lost_segment, A_ACK_LOST_PACKET, 1)
A_FLAG(get_a_duplicate_ack, A_DUPLICATE_ACK, 2)
A_FLAG(get_a_zero_window, A_ZERO_WINDOW, 1)
A_FLAG(get_a_zero_window_probe, A_ZERO_WINDOW_PROBE, 1)
A_FLAG(get_a_zero_window_probe_ack, A_ZERO_WINDOW_PROBE_ACK, 1)
A_FLAG(get_a_keep_alive, A_KEEP_ALIVE, 1)
A_FLAG(get_a_keep_alive_ack, A_KEEP_ALIVE_ACK, 1)
A_FLAG(get_a_window_update, A_WINDOW_UPDATE, 1)
A_FLAG(get_a_window_full, A_WINDOW_FULL, 1)
A_FLAG(get_a_reused_ports, A_REUSED_PORTS, 1)

#define A_VALUE(name, cond, expr)                                             \
    GETTER(name)                                                            \
    {                                                                       \
        (void)max;                                                          \
        const struct seq_result *a = analysis(v);                           \
        return a && (cond) ? ONE(expr) : 0;                                 \
    }
A_VALUE(get_a_acks_frame, a->frame_acked, a->frame_acked)
A_VALUE(get_a_bytes_in_flight, a->bytes_in_flight, a->bytes_in_flight)
A_VALUE(get_a_push_bytes_sent, a->bytes_in_flight, a->push_bytes_sent)
A_VALUE(get_a_duplicate_ack_num, a->dupack_num, a->dupack_num)
A_VALUE(get_a_duplicate_ack_frame, a->dupack_num, a->dupack_frame)

#define A_TIME(name, cond, member)                                            \
    GETTER(name)                                                            \
    {                                                                       \
        (void)max;                                                          \
        const struct seq_result *a = analysis(v);                           \
        if (!a || !(cond) || (a->member.tv_sec == 0 && a->member.tv_nsec == 0)) \
            return 0;                                                       \
        val[0].t = a->member;                                               \
        return 1;                                                           \
    }
A_TIME(get_a_ack_rtt, a->frame_acked, ack_rtt)
A_TIME(get_a_initial_rtt, 1, initial_rtt)
/* A retransmission's RTO, and its frame, when it is not 0. */
A_TIME(get_a_rto, a->flags & A_RETRANSMISSION, rto)
A_VALUE(get_a_rto_frame, (a->flags & A_RETRANSMISSION) && (a->rto.tv_sec || a->rto.tv_nsec), a->rto_frame)

/* ---- synfin's own ---- */
GETTER(get_synfin_step)
{
    (void)max;
    if (!v->step)
        return 0;
    val[0].p = (const uint8_t *)v->step, val[0].n = (uint32_t)strlen(v->step);
    return 1;
}

static int state_value(const struct view *v, struct fval *val, bool client)
{
    if (!v->tk || !tcp_at(v, 4, 12) || v->f->tcp.quoted)   /* a quote moves no state */
        return 0;
    const char *s = tcp_state_name(client ? v->tk->state_client : v->tk->state_server);
    val[0].p = (const uint8_t *)s, val[0].n = (uint32_t)strlen(s);
    return 1;
}
GETTER(get_synfin_state_client) { (void)max; return state_value(v, val, true); }
GETTER(get_synfin_state_server) { (void)max; return state_value(v, val, false); }

/* ---- where a value lies: the report's byte view ---- */
bool field_wire_span(int id, const struct view *v, int k, uint32_t *off, uint32_t *len)
{
    const struct wire_place *w = &fields[id].wire;
    const struct frame *f = v->f;
    uint32_t base;
    int seen = 0;
    switch (w->layer) {
    case W_ETH:
        if (k >= f->neth)
            return false;
        base = f->eth[k].off;
        break;
    case W_IP4:
    case W_IP6:
        for (int i = 0; i < f->nip; i++)
            if (f->ip[i].version == (w->layer == W_IP6 ? 6 : 4) && seen++ == k) {
                base = f->ip[i].off;
                goto found;
            }
        return false;
    case W_TCP:
        if (!f->has_tcp || k)
            return false;
        base = f->tcp.off;
        break;
    default:
        if (!walk_wire_base(f, w->layer, k, &base))
            return false;
        break;
    }
found:
    if (!captured(v, base + w->off, w->len))
        return false;
    *off = base + w->off, *len = w->len;
    return true;
}

/* ---- the table ---- */
const struct field fields[FIELD_COUNT] = {
#define FIELD(id, name, label, type, disp, width, wire, get) [id] = { name, label, type, disp, width, wire, get },
#include "present/field_list.h"
#undef FIELD
};

const char *const field_type_names[T_COUNT] = {
    [T_NONE] = "Label", [T_PROTOCOL] = "Protocol", [T_BOOLEAN] = "Boolean",
    [T_UINT8] = "Unsigned integer (1 byte)", [T_UINT16] = "Unsigned integer (2 bytes)",
    [T_UINT24] = "Unsigned integer (3 bytes)", [T_UINT32] = "Unsigned integer (4 bytes)", [T_UINT64] = "Unsigned integer (8 bytes)",
    [T_INT8] = "Signed integer (1 byte)", [T_INT16] = "Signed integer (2 bytes)", [T_INT32] = "Signed integer (4 bytes)", [T_FRAMENUM] = "Frame number",
    [T_IPv4] = "IPv4 address", [T_IPv6] = "IPv6 address", [T_ETHER] = "Ethernet or other MAC address",
    [T_BYTES] = "Byte sequence", [T_STRING] = "Character string",
    [T_ABSOLUTE_TIME] = "Date and time", [T_RELATIVE_TIME] = "Time offset",
};

const char *const field_type_codes[T_COUNT] = {
    [T_NONE] = "FT_NONE", [T_PROTOCOL] = "FT_PROTOCOL", [T_BOOLEAN] = "FT_BOOLEAN",
    [T_UINT8] = "FT_UINT8", [T_UINT16] = "FT_UINT16", [T_UINT24] = "FT_UINT24", [T_UINT32] = "FT_UINT32", [T_UINT64] = "FT_UINT64",
    [T_INT8] = "FT_INT8", [T_INT16] = "FT_INT16", [T_INT32] = "FT_INT32", [T_FRAMENUM] = "FT_FRAMENUM", [T_IPv4] = "FT_IPv4", [T_IPv6] = "FT_IPv6",
    [T_ETHER] = "FT_ETHER", [T_BYTES] = "FT_BYTES", [T_STRING] = "FT_STRING",
    [T_ABSOLUTE_TIME] = "FT_ABSOLUTE_TIME", [T_RELATIVE_TIME] = "FT_RELATIVE_TIME",
};

/* Whether field id's values come from the frame's headers, the stream's
 * index and sequence bases and the window scale of its SYNs alone: no
 * SEQ/ACK analysis, no HTTP, no TCP option after a SYN, no state. -T fields
 * with only such fields leaves the rest undone (session.c); a field not
 * named here, or named wrongly, would print a different value there, which
 * t_fields checks against the full path for every field of the registry. */
bool field_is_header_only(int id)
{
    static const char *const prefixes[] = {
        "frame.", "eth.", "vlan.", "ip.", "ipv6.", "icmp.", "icmpv6.", "udp.", "gre.", "erspan.", "vxlan.",
        "geneve.", "pppoe.", "ppp.", "mpls.", "ieee8021ad.", "ieee8021ah.", "vntag.", "cfp.",
    };
    static const int tcp[] = {
        F_TCP_SRCPORT, F_TCP_DSTPORT, F_TCP_PORT, F_TCP_STREAM, F_TCP_SEQ, F_TCP_SEQ_RAW, F_TCP_ACK,
        F_TCP_ACK_RAW, F_TCP_NXTSEQ, F_TCP_LEN, F_TCP_HDR_LEN, F_TCP_FLAGS, F_TCP_FLAGS_STR,
        F_TCP_WINDOW_SIZE_VALUE, F_TCP_WINDOW_SIZE, F_TCP_WINDOW_SCALEFACTOR, F_TCP_CHECKSUM,
        F_TCP_CHECKSUM_STATUS, F_TCP_URGENT_POINTER,
    };
    if (id < 0 || id >= FIELD_COUNT)
        return false;
    for (size_t i = 0; i < sizeof tcp / sizeof tcp[0]; i++)
        if (tcp[i] == id)
            return true;
    if (strcmp(fields[id].name, "frame.protocols") == 0)
        return false;                  /* it names mptcp after an option */
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(fields[id].name, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}

int field_lookup(const char *name)
{
    for (int i = 0; i < FIELD_COUNT; i++)
        if (strcmp(fields[i].name, name) == 0)
            return i;
    return -1;
}

void field_write(struct out *o, const struct field *fd, const struct fval *val)
{
    switch (fd->display) {
    case D_DEC:
        if (fd->type == T_UINT64)       /* a pcapng drop count may use all 64 bits */
            out_u64(o, (uint64_t)val->i);
        else
            out_i64(o, val->i);
        break;
    case D_HEX:   /* width 0: the value's own (a name Wireshark registers at two sizes) */
        out_hex(o, (uint64_t)val->i, fd->width ? fd->width : val->n);
        break;
    case D_BYTES:
        if (val->p == field_missing)
            out_str(o, "<MISSING>");
        else
            out_hexbytes(o, val->p, val->n);
        break;
    case D_ETHER:
        for (int i = 0; i < 6; i++) {
            if (i)
                out_char(o, ':');
            out_hexbytes(o, val->p + i, 1);
        }
        break;
    case D_IPV4:
        out_ipv4(o, val->p);
        break;
    case D_IPV6: {
        char buf[INET6_ADDRSTRLEN];
        inet_ntop(AF_INET6, val->p, buf, sizeof buf);
        out_str(o, buf);
        break;
    }
    case D_DATETIME: {
        /* As Wireshark's abs_time_to_str: local time, the day padded to two
         * places, the zone's abbreviation; a time localtime refuses is
         * "Not representable". */
        static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
        struct tm tm;
        time_t sec = val->t.tv_sec;
        if (!localtime_r(&sec, &tm)) {
            out_str(o, "Not representable");
            break;
        }
        out_printf(o, "%s %2d, %d %02d:%02d:%02d.%09ld %s", mon[tm.tm_mon], tm.tm_mday, tm.tm_year + 1900,
                   tm.tm_hour, tm.tm_min, tm.tm_sec, (long)val->t.tv_nsec, tm.tm_zone ? tm.tm_zone : "???");
        break;
    }
    case D_ABSTIME:
    case D_RELTIME:
        out_frac(o, val->t.tv_sec, val->t.tv_nsec, 9);
        break;
    case D_STR:
        out_mem(o, val->p, val->n);
        break;
    case D_TEXT:
        out_text(o, val->p, val->n);
        break;
    case D_UTF8:
        out_utf8(o, val->p, val->n);
        break;
    case D_PROTO:
        break;
    }
}
