/* The summary columns as Wireshark fills them: No., Time, Source,
 * Destination, Protocol, Length and Info. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "present/fields.h"
#include "present/icmp_text.h"
#include "present/out.h"
#include "present/view.h"

struct sbuf {
    char *p;
    size_t cap, len;
};

static void sb_addn_cut(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n >= b->cap)
        n = b->cap - b->len - 1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

/* Inlined, so a literal's copy is a few moves, not a call to memcpy (26
 * calls a line were a tenth of the printing thread). */
static inline void sb_addn(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n >= b->cap) {
        sb_addn_cut(b, s, n);
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_add(struct sbuf *b, const char *s)
{
    sb_addn(b, s, strlen(s));
}

/* A string literal: its length is known when compiled (strlen was 4% of
 * the printing thread). */
#define sb_lit(b, lit) sb_addn((b), "" lit, sizeof(lit) - 1)

static void sb_u_cut(struct sbuf *b, uint64_t v)
{
    if (b->cap - b->len > 20) {
        b->len += fmt_u64(b->p + b->len, v, 1);
        b->p[b->len] = 0;
        return;
    }
    char tmp[20];
    size_t len = fmt_u64(tmp, v, 1);
    if (b->len + len >= b->cap)
        return;
    memcpy(b->p + b->len, tmp, len);
    b->len += len;
    b->p[b->len] = 0;
}

__attribute__((always_inline)) static inline void sb_u(struct sbuf *b, uint64_t v)
{
    if (b->cap - b->len > 20 && v <= UINT32_MAX) {   /* room for any number and the NUL: write in place */
        b->len += fmt_u32(b->p + b->len, (uint32_t)v);
        b->p[b->len] = 0;
        return;
    }
    sb_u_cut(b, v);
}

/* v in upper-case hexadecimal, no leading zeros (Wireshark's "%X"). */
static void sb_hex_upper(struct sbuf *b, unsigned v)
{
    char tmp[9];
    int n = 0;
    do
        tmp[n++] = "0123456789ABCDEF"[v & 15];
    while ((v >>= 4) && n < 8);
    while (n > 0 && b->len + 1 < b->cap)
        b->p[b->len++] = tmp[--n];
    b->p[b->len] = 0;
}

/* A fragment that nothing was decoded past (kept for reassembly, or an
 * IPv4 later piece that could not be): packet-ip.c's or packet-ipv6.c's
 * Info. */
static void fragment_info(struct sbuf *b, const struct ip_layer *ip)
{
    char tmp[96];
    if (ip->version == 6) {
        snprintf(tmp, sizeof tmp, "IPv6 fragment (off=%u more=%s ident=0x%08x nxt=%u)", ip->frag6 & 0xfff8u,
                 ip->frag6 & 1 ? "y" : "n", ip->frag_ident, ip->final_proto);
        sb_add(b, tmp);
        return;
    }
    static const struct { uint8_t proto; const char *name; } names[] = {
        { 1, "ICMP" }, { 2, "IGMP" }, { 4, "IPIP" }, { 6, "TCP" }, { 17, "UDP" }, { 41, "IPv6" },
        { 47, "GRE" }, { 50, "ESP" }, { 51, "AH" }, { 58, "ICMPv6" }, { 132, "SCTP" },
    };
    const char *name = "Unknown";
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].proto == ip->proto)
            name = names[i].name;
    snprintf(tmp, sizeof tmp, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)", name, ip->proto,
             (ip->frag & 0x1fffu) * 8u, ip->id);
    sb_add(b, tmp);
}

/* " name=value", name a string literal */
#define sb_kv(b, name, v) (sb_lit((b), name), sb_u((b), (v)))

static size_t format_time(const struct view *v, char *buf, size_t n)
{
    int digits = v->f->ts_nsec ? 9 : 6;
    struct timespec t;
    switch (v->prefs->time_format) {
    case TF_EPOCH: t = v->f->ts; break;
    case TF_DELTA: t = v->delta_time; break;
    case TF_DELTA_DISPLAYED: t = v->delta_shown; break;
    case TF_RELATIVE: t = v->rel_time; break;
    default:
        return fmt_abs_time(buf, n, v->f->ts, v->prefs->time_format, digits);
    }
    (void)n;
    return fmt_frac(buf, t.tv_sec, t.tv_nsec, digits);
}

/* An IPv4 address as text, from the two this thread wrote last: a
 * conversation's frames show the same two, one way or the other (writing
 * them out was 7% of the printing thread). */
static size_t ipv4_text(char *buf, const uint8_t *a)
{
    static _Thread_local struct { uint32_t addr; uint8_t len; char text[IPV4_BUF]; } last[2];
    static _Thread_local unsigned older;
    uint32_t addr;
    memcpy(&addr, a, 4);
    for (int i = 0; i < 2; i++)
        if (last[i].len && last[i].addr == addr) {
            memcpy(buf, last[i].text, IPV4_BUF);
            return last[i].len;
        }
    size_t len = fmt_ipv4(buf, a);
    last[older].addr = addr;
    last[older].len = (uint8_t)len;
    memcpy(last[older].text, buf, len + 1);
    older ^= 1;
    return len;
}

static size_t format_addr(const struct frame *f, int which, char *buf, size_t n)
{
    buf[0] = 0;
    if (f->nip == 0)
        return 0;
    /* ICMP keeps the addresses of the header that carries it: the quote's
     * do not reach the columns. */
    const struct ip_layer *ip = &f->ip[f->has_icmp && f->icmp.after_ip ? f->icmp.after_ip - 1 : f->nip - 1];
    if (!ip->version || (uint64_t)ip->off + (ip->version == 4 ? 20 : 40) > f->buflen)
        return 0;                     /* a bogus or cut header: no addresses to show */
    if (ip->version == 4)
        return n < IPV4_BUF ? 0 : ipv4_text(buf, f->data + ip_shown_addr_off(ip, which));
    inet_ntop(AF_INET6, f->data + ip_shown_addr_off(ip, which), buf, (socklen_t)n);
    return strlen(buf);
}

/* Flag names in Wireshark's order, lowest bit first. */
static const char *const flag_names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE" };

static uint32_t get24(const uint8_t *p)
{
    return (uint32_t)p[0] << 16 | p[1] << 8 | p[2];
}

/* The AccECN option's counters, in the order the option's kind gives:
 * EE0B ECEB EE1B for order 0, EE1B ECEB EE0B for order 1. */
static void acc_ecn_info(struct sbuf *b, const uint8_t *p, uint32_t len, bool order0)
{
    static const char *const names[2][3] = { { "EE1B", "ECEB", "EE0B" }, { "EE0B", "ECEB", "EE1B" } };
    if (len == 0) {
        sb_lit(b, " AccECN");
        return;
    }
    if (len != 3 && len != 6 && len != 9)
        return;
    for (uint32_t i = 0; i < len / 3; i++)
        sb_lit(b, " "), sb_add(b, names[order0][i]), sb_kv(b, "=", get24(p + 3 * i));
}

/* The analysis labels Wireshark puts before the ports: each is prepended
 * in turn, so the last one it adds comes first. */
static void analysis_labels(struct sbuf *b, const struct seq_result *a)
{
    if (!a->flags)
        return;                       /* most segments: no label */
    static const struct { uint32_t flag; const char *label; } labels[] = {
        { A_ZERO_WINDOW_PROBE_ACK, "[TCP ZeroWindowProbeAck] " },
        { A_ZERO_WINDOW, "[TCP ZeroWindow] " },
        { A_ZERO_WINDOW_PROBE, "[TCP ZeroWindowProbe] " },
        { A_DUPLICATE_ACK, NULL },                   /* with its numbers, below */
        { A_KEEP_ALIVE_ACK, "[TCP Keep-Alive ACK] " },
        { A_KEEP_ALIVE, "[TCP Keep-Alive] " },
        { A_WINDOW_FULL, "[TCP Window Full] " },
        { A_WINDOW_UPDATE, "[TCP Window Update] " },
        { A_ACK_LOST_PACKET, "[TCP ACKed unseen segment] " },
        { A_LOST_PACKET, "[TCP Previous segment not captured] " },
        { A_OUT_OF_ORDER, "[TCP Out-Of-Order] " },
        { A_SPURIOUS_RETRANSMISSION, "[TCP Spurious Retransmission] " },
        { A_FAST_RETRANSMISSION, "[TCP Fast Retransmission] " },
        { A_RETRANSMISSION, "[TCP Retransmission] " },
        { A_REUSED_PORTS, "[TCP Port numbers reused] " },
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        if (!(a->flags & labels[i].flag))
            continue;
        if (labels[i].label) {
            sb_add(b, labels[i].label);
        } else if (a->dupack_num) {
            sb_kv(b, "[TCP Dup ACK ", a->dupack_frame);
            sb_kv(b, "#", a->dupack_num);
            sb_lit(b, "] ");
        }
    }
}

void analysis_label_text(const struct seq_result *a, char *buf, size_t n)
{
    struct sbuf b = { buf, n, 0 };
    buf[0] = 0;
    analysis_labels(&b, a);
    if (b.len && buf[b.len - 1] == ' ')
        buf[--b.len] = 0;
}

/* The set flags in words, as Info and the detail's Flags line write them:
 * "SYN, ACK", "ACK, ACE=3" (AccECN), "<None>". */
static void flag_words(const struct view *v, struct sbuf *b)
{
    const struct tcp_layer *t = &v->f->tcp;
    int n = 0;
    bool ace = v->tk && v->tk->ace_mode;
    for (unsigned bits = t->flags & (ace ? 0x3fu : 0x1ffu); bits; bits &= bits - 1) {
        if (n++)
            sb_lit(b, ", ");
        int bit = __builtin_ctz(bits);
        sb_addn(b, flag_names[bit], bit == 8 ? 2 : 3);    /* each name is 3 letters, AE's 2 */
    }
    if (ace)
        sb_kv(b, ", ACE=", t->flags >> 6 & 7), n++;
    if (t->flags & TH_RESERVED)
        sb_add(b, n++ ? ", Reserved" : "Reserved");
    if (n == 0)
        sb_lit(b, "<None>");
}

void tcp_flag_words(const struct view *v, char *buf, size_t n)
{
    struct sbuf b = { buf, n, 0 };
    buf[0] = 0;
    flag_words(v, &b);
}

static void tcp_info(const struct view *v, struct sbuf *b)
{
    const struct tcp_layer *t = &v->f->tcp;
    const struct track_info *k = v->tk;
    if (k && k->an.present && !t->short_segment && !t->opts_truncated && !t->malformed_option)
        analysis_labels(b, &k->an);
    sb_u(b, t->sport);
    sb_kv(b, " \xe2\x86\x92 ", t->dport);
    if (t->hdr_truncated)
        return;
    sb_lit(b, " [");
    flag_words(v, b);
    sb_lit(b, "]");
    uint32_t seq = k && v->prefs->relative_seq ? k->rel_seq : t->seq;
    sb_kv(b, " Seq=", seq);
    if (t->flags & TH_ACK)
        sb_kv(b, " Ack=", k && v->prefs->relative_seq ? k->rel_ack : t->ack);
    sb_kv(b, " Win=", k ? (uint64_t)k->window : t->win);
    if (t->bogus_hdr_len) {                   /* Wireshark stops here */
        sb_kv(b, ", bogus TCP header length (", t->hdr_len);
        sb_lit(b, ", must be at least 20)");
        return;
    }
    if (!frame_has(v->f, t->off, 20))         /* Wireshark stops reading at the cut */
        return;
    if (t->csum_status == CSUM_BAD)
        sb_add(b, t->checksum == 0xffff ? " [TCP CHECKSUM 0xFFFF]" : " [TCP CHECKSUM INCORRECT]");
    if (t->flags & TH_URG)
        sb_kv(b, " Urg=", t->urgp);
    sb_kv(b, " Len=", t->seg_len);
    for (int i = 0; i < t->nopt; i++) {
        const struct tcp_option *o = &t->opt[i];
        /* A cut option stops Wireshark where it reads past the capture;
         * the AO dissector has written its Info text before that. */
        if (o->bad_len || (o->cut && o->kind != TCPOPT_AO))
            break;
        /* A wrong length: the dissectors that write Info before they check
         * it (SACK permitted, MD5) still do; the others write nothing. */
        if (o->wrong_len && o->kind != TCPOPT_SACK_PERM && o->kind != TCPOPT_MD5)
            continue;
        switch (o->kind) {
        case TCPOPT_MSS: sb_kv(b, " MSS=", t->mss); break;
        case TCPOPT_WSCALE: sb_kv(b, " WS=", 1u << tcp_ws_shift(t)); break;
        case TCPOPT_SACK_PERM: sb_lit(b, " SACK_PERM"); break;
        case TCPOPT_TIMESTAMP: sb_kv(b, " TSval=", t->tsval), sb_kv(b, " TSecr=", t->tsecr); break;
        case TCPOPT_SACK:
            if (k)
                for (int s = 0; s < t->nsack; s++)
                    sb_kv(b, " SLE=", k->sack_le[s]), sb_kv(b, " SRE=", k->sack_re[s]);
            break;
        case TCPOPT_TFO: sb_add(b, o->len > 2 ? " TFO=C" : " TFO=R"); break;
        case TCPOPT_ACC_ECN_0:
        case TCPOPT_ACC_ECN_1:
            acc_ecn_info(b, v->f->data + o->off + 2, o->len - 2u, o->kind == TCPOPT_ACC_ECN_0);
            break;
        case TCPOPT_EXP_FD:
        case TCPOPT_EXP_FE:
            if (o->len >= 4) {
                uint16_t exid = (uint16_t)(v->f->data[o->off + 2] << 8 | v->f->data[o->off + 3]);
                if (exid == 0xacc0 || exid == 0xacc1)
                    acc_ecn_info(b, v->f->data + o->off + 4, o->len - 4u, exid == 0xacc0);
                else if (exid == 0xf989)        /* TCP Fast Open before it had kind 34 */
                    sb_add(b, o->len > 4 ? " TFO=C" : " TFO=R");
                else
                    sb_lit(b, " ExID="), sb_hex_upper(b, exid);
            }
            break;
        case TCPOPT_MD5: sb_lit(b, " MD5"); break;
        case TCPOPT_AO: sb_lit(b, "TCP AO"); break;      /* sic: Wireshark 4.0 writes no space */
        default: break;
        }
    }
}

/* The capture cut the TCP header or its options: Wireshark stops there
 * with "[Packet size limited during capture]". A cut payload is shown as
 * far as it goes, without the note. */
static bool tcp_cut_short(const struct frame *f)
{
    if (!f->has_tcp || !f->truncated || f->tcp.quoted)
        return false;
    const struct tcp_layer *t = &f->tcp;
    return t->hdr_truncated || t->opts_truncated || (uint64_t)t->off + (t->hdr_len < 20 ? 20 : t->hdr_len) > f->buflen;
}

/* A pcapng block shown as a frame, as Wireshark 4.0 names it: a journal
 * entry by its MESSAGE field (a line of its own, escaped), a custom block
 * by its enterprise (pen_name) and number, signed as tshark writes it
 * here, and whether it may be copied. */
static void block_info(const struct frame *f, char *proto, struct sbuf *b)
{
    if (f->record == REC_CUSTOM_BLOCK) {
        strcpy(proto, "PCAPNG");
        char text[128];
        snprintf(text, sizeof text, "Custom Block: PEN = %s (%d), will %sbe copied", pen_name(f->block_pen),
                 (int)(int32_t)f->block_pen, f->block_copy ? "" : "not ");
        sb_add(b, text);
        return;
    }
    strcpy(proto, "systemd Journal");
    static const char key[] = "MESSAGE=";
    const uint32_t klen = sizeof key - 1;
    for (uint32_t at = 0; at + klen <= f->caplen;) {
        const uint8_t *nl = memchr(f->data + at, '\n', f->caplen - at);
        uint32_t end = nl ? (uint32_t)(nl - f->data) : f->caplen;
        if (end - at >= klen && memcmp(f->data + at, key, klen) == 0) {
            static _Thread_local struct out text;   /* 64 KiB: off the stack */
            out_init(&text, -1);
            uint32_t n = end - at - klen;
            out_utf8(&text, f->data + at + klen, n < 256 ? n : 256);   /* at most 256 * 6 bytes */
            sb_addn(b, text.buf, text.len);
            return;
        }
        at = end + 1;
    }
    sb_lit(b, "Journal Entry");
}

/* ---- UDP: packet-udp.c's columns, for a datagram nothing past it was
 * decoded from (synfin has no application dissectors). The header is read
 * at the registry rows' wire places (udp.srcport ...). */

/* The walk ends with a UDP header (a tunnel inside names its own layers),
 * one not kept back as an IP fragment: its offset. */
static bool udp_last(const struct frame *f, uint32_t *off)
{
    if (f->has_tcp || f->has_icmp || !f->nwalk || f->walk[f->nwalk - 1] != LL_UDP || !f->nip)
        return false;
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    if ((ip->version == 4 && ip->later_fragment) || (ip->defrag && !ip->reassembled))
        return false;
    *off = f->walk_off[f->nwalk - 1];
    return true;
}

bool columns_udp(const struct frame *f)
{
    uint32_t off;
    return udp_last(f, &off);
}

/* Field id's value in the UDP header at off: where Wireshark's read would
 * stop instead, the note it leaves: past the IP payload (reported, when
 * known: lim) "[Malformed Packet]", past the capture the cut's. */
static const char *udp_wire(const struct frame *f, int id, uint32_t off, uint64_t lim, uint32_t *val)
{
    const struct field *fd = &fields[id];
    if ((uint64_t)fd->wire.off + fd->wire.len > lim)
        return f->malformed ? "" : "[Malformed Packet]";   /* else columns_build adds it */
    if (!frame_has(f, off + fd->wire.off, fd->wire.len))
        return "[Packet size limited during capture]";
    *val = (uint32_t)field_wire_number(fd, f->data + off + fd->wire.off);
    return NULL;
}

/* "SPORT → DPORT Len=N", N the length less the header's 8 bytes, with
 * tshark's notes on a bad length or checksum; a header cut before its
 * ports leaves IP's Protocol. Each read stops where Wireshark's does. */
static void udp_info(const struct frame *f, uint32_t off, char *proto, struct sbuf *b)
{
    /* The IP payload's length, when this header starts it (else none
     * known, as in a reassembled datagram). */
    const struct ip_layer *ip = frame_ip_carrying(f, off);
    uint64_t lim = ip ? ip->payload_len : UINT64_MAX;
    if (!ip)
        ip = &f->ip[f->nip - 1];
    uint32_t sport, dport, len, sum;
    const char *stop = udp_wire(f, F_UDP_SRCPORT, off, lim, &sport);
    if (!stop)
        stop = udp_wire(f, F_UDP_DSTPORT, off, lim, &dport);
    if (stop) {
        strcpy(proto, ip_layer_is(&f->ip[f->nip - 1], 4) ? "IPv4" : "IPv6");
        sb_add(b, stop);
        return;
    }
    strcpy(proto, "UDP");
    sb_u(b, sport);
    sb_kv(b, " \xe2\x86\x92 ", dport);
    if ((stop = udp_wire(f, F_UDP_LENGTH, off, lim, &len))) {
        sb_add(b, stop);
        return;
    }
    bool jumbo = len == 0 && ip->version == 6 && lim != UINT64_MAX;
    if (jumbo) {
        len = (uint32_t)lim;              /* RFC 2675: a jumbogram's length is IP's */
    } else if (len < 8) {
        sb_kv(b, " [BAD UDP LENGTH ", len);
        sb_lit(b, " < 8]");
        return;
    }
    bool past = len > lim;
    if (past && !ip->more_fragments)      /* a fragment's length may run past it */
        sb_kv(b, " [BAD UDP LENGTH ", len), sb_lit(b, " > IP PAYLOAD LENGTH]");
    sb_kv(b, " Len=", len - 8);
    if (jumbo)
        sb_lit(b, " [Jumbogram]");
    if ((stop = udp_wire(f, F_UDP_CHECKSUM, off, lim, &sum))) {
        sb_add(b, stop);
        return;
    }
    if (sum == 0 && ip->version == 6)     /* optional over IPv4 only */
        sb_lit(b, " [ILLEGAL CHECKSUM (0)]");
    /* A payload cut short of 4 bytes: a heuristic dissector tshark tries
     * (WireGuard's) reads 4 bytes of one that says it has them, and any
     * read of one with none captured stops at the cut. */
    uint32_t payload = (past ? (uint32_t)lim : len) - 8;
    uint32_t held = frame_bytes_in(f, off + 8, payload);
    if (held < payload && (held == 0 || (payload >= 4 && held < 4)))
        sb_lit(b, "[Packet size limited during capture]");
    else if (past && !ip->more_fragments && payload == 0 && !f->malformed)
        sb_lit(b, "[Malformed Packet]");      /* a dissector reads the nothing left */
}

void columns_build(const struct view *v)
{
    struct columns *c = v->cols;
    if (c->built)
        return;
    c->built = true;
    /* A record without a time stamp leaves the column empty, as Wireshark. */
    c->time_len = v->f->no_ts ? 0 : (uint16_t)format_time(v, c->time, sizeof c->time);
    c->time[c->time_len] = 0;
    c->src_len = (uint16_t)format_addr(v->f, 0, c->src, sizeof c->src);
    c->dst_len = (uint16_t)format_addr(v->f, 1, c->dst, sizeof c->dst);
    struct sbuf lb = { c->len, sizeof c->len, 0 };
    sb_u(&lb, v->f->len);
    c->len_len = (uint16_t)lb.len;
    struct sbuf b = { c->info, sizeof c->info, 0 };
    c->info[0] = 0;
    uint32_t udp_off;
    if (v->f->has_icmp) {
        /* Wireshark keeps ICMP's columns while it decodes the quote. */
        strcpy(c->proto, v->f->icmp.version == 4 ? "ICMP" : "ICMPv6");
        icmp_info(v->f, c->info, sizeof c->info);
        b.len = strlen(c->info);
    } else if (v->f->has_tcp) {
        strcpy(c->proto, "TCP");
        tcp_info(v, &b);
        const struct http_frame *h = v->tk ? v->tk->http : NULL;
        if (h && h->http) {
            /* HTTP wrote the column over TCP's text. */
            strcpy(c->proto, h->xml ? "HTTP/XML" : "HTTP");
            b.len = 0;
            c->info[0] = 0;
            sb_add(&b, h->info);
        } else if (h && h->pdu_segment) {
            /* TCP's hint after what HTTP wrote (or after its own text). */
            if (h->info[0]) {
                b.len = 0;
                c->info[0] = 0;
                sb_add(&b, h->info);
            }
            sb_lit(&b, " [TCP segment of a reassembled PDU]");
        }
    } else if (udp_last(v->f, &udp_off)) {
        udp_info(v->f, udp_off, c->proto, &b);
    } else if (v->f->nip) {
        const struct ip_layer *ip = &v->f->ip[v->f->nip - 1];
        strcpy(c->proto, ip_layer_is(ip, 4) ? "IPv4" : "IPv6");
        if ((ip->version == 4 && ip->later_fragment) || (ip->defrag && !ip->reassembled))
            fragment_info(&b, ip);
        if (!ip->version) {
            sb_add(&b, ip->bogus_of == 4 ? "Bogus IPv4 version (" : "Bogus IPv6 version (");
            sb_u(&b, ip->wire_version);
            sb_add(&b, ip->bogus_of == 4 ? ", must be 4)" : ", must be 6)");
        }
    } else if (v->f->record != REC_PACKET) {
        block_info(v->f, c->proto, &b);
    } else {
        strcpy(c->proto, v->f->neth ? "Ethernet" : "Frame");
    }
    if (tcp_cut_short(v->f))
        sb_lit(&b, "[Packet size limited during capture]");
    else if (v->f->malformed)
        sb_lit(&b, "[Malformed Packet]");
    c->info_len = (uint16_t)b.len;
    c->proto_len = (uint16_t)strlen(c->proto);
}
