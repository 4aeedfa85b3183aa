/* The summary columns as Wireshark fills them: No., Time, Source,
 * Destination, Protocol, Length and Info. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "present/out.h"
#include "present/view.h"

struct sbuf {
    char *p;
    size_t cap, len;
};

static void sb_add(struct sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n >= b->cap)
        n = b->cap - b->len - 1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_fmt(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_fmt(struct sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    sb_add(b, tmp);
}

static void format_time(const struct view *v, char *buf, size_t n)
{
    int digits = v->f->ts_nsec ? 9 : 6;
    long nsec_scaled = v->f->ts_nsec ? 1 : 1000;
    struct timespec t;
    switch (v->prefs->time_format) {
    case 'e': t = v->f->ts; break;
    case 'd': t = v->delta_time; break;
    case 'a':
    case 'A': {
        struct tm tm;
        time_t sec = v->f->ts.tv_sec;
        localtime_r(&sec, &tm);
        size_t k = strftime(buf, n, v->prefs->time_format == 'A' ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
        snprintf(buf + k, n - k, ".%0*ld", digits, v->f->ts.tv_nsec / nsec_scaled);
        return;
    }
    default: t = v->rel_time; break;
    }
    fmt_frac(buf, t.tv_sec, t.tv_nsec, digits);
    (void)n;
}

static void format_addr(const struct frame *f, int which, char *buf, size_t n)
{
    if (f->nip == 0) {
        buf[0] = 0;
        return;
    }
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    if (ip->version == 4)
        inet_ntop(AF_INET, f->data + ip->off + 12 + 4 * which, buf, (socklen_t)n);
    else
        inet_ntop(AF_INET6, f->data + ip->off + 8 + 16 * which, buf, (socklen_t)n);
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
        sb_add(b, " AccECN");
        return;
    }
    if (len != 3 && len != 6 && len != 9)
        return;
    for (uint32_t i = 0; i < len / 3; i++)
        sb_fmt(b, " %s=%u", names[order0][i], get24(p + 3 * i));
}

static void tcp_info(const struct view *v, struct sbuf *b)
{
    const struct tcp_layer *t = &v->f->tcp;
    const struct track_info *k = v->tk;
    sb_fmt(b, "%u \xe2\x86\x92 %u", t->sport, t->dport);
    if (t->hdr_truncated)
        return;
    sb_add(b, " [");
    int n = 0;
    bool ace = k && k->ace_mode;
    for (int bit = 0; bit < (ace ? 6 : 9); bit++)
        if (t->flags >> bit & 1)
            sb_fmt(b, "%s%s", n++ ? ", " : "", flag_names[bit]);
    if (ace)
        sb_fmt(b, ", ACE=%u", t->flags >> 6 & 7), n++;
    if (t->flags & 0xe00)
        sb_fmt(b, "%sReserved", n++ ? ", " : "");
    if (n == 0)
        sb_add(b, "<None>");
    sb_add(b, "]");
    uint32_t seq = k && v->prefs->relative_seq ? k->rel_seq : t->seq;
    sb_fmt(b, " Seq=%u", seq);
    if (t->flags & 0x10)
        sb_fmt(b, " Ack=%u", k && v->prefs->relative_seq ? k->rel_ack : t->ack);
    sb_fmt(b, " Win=%lld", k ? (long long)k->window : (long long)t->win);
    if (t->csum_status == CSUM_BAD)
        sb_add(b, t->checksum == 0xffff ? " [TCP CHECKSUM 0xFFFF]" : " [TCP CHECKSUM INCORRECT]");
    if (t->flags & 0x20)
        sb_fmt(b, " Urg=%u", t->urgp);
    sb_fmt(b, " Len=%u", t->seg_len);
    for (int i = 0; i < t->nopt; i++) {
        const struct tcp_option *o = &t->opt[i];
        if (o->bad_len)
            break;
        switch (o->kind) {
        case TCPOPT_MSS: sb_fmt(b, " MSS=%u", t->mss); break;
        case TCPOPT_WSCALE: sb_fmt(b, " WS=%u", 1u << (t->ws_shift > 14 ? 14 : t->ws_shift)); break;
        case TCPOPT_SACK_PERM: sb_add(b, " SACK_PERM"); break;
        case TCPOPT_TIMESTAMP: sb_fmt(b, " TSval=%u TSecr=%u", t->tsval, t->tsecr); break;
        case TCPOPT_SACK:
            if (k)
                for (int s = 0; s < t->nsack; s++)
                    sb_fmt(b, " SLE=%u SRE=%u", k->sack_le[s], k->sack_re[s]);
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
            }
            break;
        case TCPOPT_MD5: sb_add(b, " MD5"); break;
        case TCPOPT_AO: sb_add(b, "TCP AO"); break;      /* sic: Wireshark 4.0 writes no space */
        default: break;
        }
    }
}

/* The capture cut the TCP header or its options: Wireshark stops there
 * with "[Packet size limited during capture]". A cut payload is shown as
 * far as it goes, without the note. */
static bool tcp_cut_short(const struct frame *f)
{
    if (!f->has_tcp || !f->truncated)
        return false;
    const struct tcp_layer *t = &f->tcp;
    return t->hdr_truncated || t->opts_truncated || (uint64_t)t->off + (t->hdr_len < 20 ? 20 : t->hdr_len) > f->caplen;
}

void columns_build(const struct view *v)
{
    struct columns *c = v->cols;
    if (c->built)
        return;
    c->built = true;
    format_time(v, c->time, sizeof c->time);
    format_addr(v->f, 0, c->src, sizeof c->src);
    format_addr(v->f, 1, c->dst, sizeof c->dst);
    snprintf(c->len, sizeof c->len, "%u", v->f->len);
    struct sbuf b = { c->info, sizeof c->info, 0 };
    c->info[0] = 0;
    if (v->f->has_tcp) {
        snprintf(c->proto, sizeof c->proto, "TCP");
        tcp_info(v, &b);
    } else if (v->f->nip) {
        snprintf(c->proto, sizeof c->proto, v->f->ip[v->f->nip - 1].version == 4 ? "IPv4" : "IPv6");
    } else {
        snprintf(c->proto, sizeof c->proto, "%s", v->f->neth ? "Ethernet" : "Frame");
    }
    if (tcp_cut_short(v->f))
        sb_add(&b, "[Packet size limited during capture]");
    else if (v->f->malformed)
        sb_add(&b, "[Malformed Packet]");
}
