#include <stdio.h>
#include <stddef.h>
#include <string.h>

#include "present/print.h"
#include "present/sumrec.h"
#include "track/http.h"

enum {
    SR_TEXT = 1 << 0,           /* the record holds the line's text */
    SR_HAS_TCP = 1 << 1,
    SR_TRUNCATED = 1 << 2,
    SR_MALFORMED = 1 << 3,
    SR_TS_NSEC = 1 << 4,
    SR_HAS_TK = 1 << 5,
    SR_AN_PRESENT = 1 << 6,
    SR_ACE_MODE = 1 << 7,
    SR_HAS_HTTP = 1 << 8,       /* tk->http was set */
    SR_HTTP = 1 << 9,
    SR_PDU_SEGMENT = 1 << 10,
    SR_XML = 1 << 11,
};

/* The TCP layer up to its raw SACK edges (the line shows the tracked ones). */
#define TCP_HEAD offsetof(struct tcp_layer, sack_le)
_Static_assert(offsetof(struct tcp_layer, sack_re) + sizeof(((struct tcp_layer *)0)->sack_re) ==
                   offsetof(struct tcp_layer, opt),
               "the raw SACK edges and the options end the TCP layer");

struct sumrec {
    uint32_t size;              /* of the whole record, a multiple of 8 */
    uint16_t bits;
    uint16_t nbytes;            /* SR_TEXT: the line's bytes */
    uint16_t info_len;          /* HTTP's Info, without its NUL */
    uint8_t nopt, step_len;
    uint8_t nip, neth;
    uint8_t state_client, state_server;
    uint8_t npieces;            /* of the frame's bytes, as pieces() found them */
    uint64_t number;
    struct timespec ts;
    struct timespec shown;      /* the one time -t shows: relative, delta or delta displayed */
    uint32_t len, caplen, buflen;
    uint32_t rel_seq, rel_ack;
    int64_t window;
    uint32_t an_flags, dupack_num;
    uint64_t dupack_frame;
    uint32_t ip_off;            /* the innermost IP layer: where, and which version */
    uint32_t ip_ph_src_off, ip_ph_dst_off;   /* its shown addresses (ip_shown_addr_off) */
    uint8_t ip_version, ip_wire_version, ip_bogus_of;
    unsigned char tcp[TCP_HEAD];
    /* then: nopt options; npieces pieces; the addresses (8 or 32 bytes, if captured, and
     * IPv6's home address and final destination if it has them); the
     * bodies of the options the line reads; tracked SACK edges (nsack
     * pairs); info_len bytes of Info; step_len bytes of step */
};

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* The frame bytes the line reads: up to the end of the TCP header (its
 * option bodies), or of the addresses without TCP. */
static uint32_t bytes_read(const struct frame *f)
{
    uint64_t end = 0;
    if (f->has_tcp)
        end = (uint64_t)f->tcp.off + (f->tcp.hdr_len > 20 ? f->tcp.hdr_len : 20);
    if (f->nip && (uint64_t)f->ip[f->nip - 1].off + 40 > end)
        end = (uint64_t)f->ip[f->nip - 1].off + 40;
    return end < f->buflen ? (uint32_t)end : f->buflen;
}

/* Of those bytes, the ones the line shows, as (offset, length) pieces: the
 * addresses, and the bodies of AccECN and experimental options. Filling and
 * printing walk the same pieces. */
struct piece {
    uint32_t off, len;
};

static unsigned pieces(const struct frame *f, const struct ip_layer *ip, uint8_t nopt,
                       const struct tcp_option *opt, struct piece *p)
{
    unsigned n = 0;
    if (f->nip && ip->version && (uint64_t)ip->off + (ip->version == 4 ? 20 : 40) <= f->buflen)
        p[n++] = ip->version == 4 ? (struct piece){ ip->off + 12, 8 } : (struct piece){ ip->off + 8, 32 };
    if (f->nip && ip->version == 6 && ip->ph_src_off)
        p[n++] = (struct piece){ ip->ph_src_off, 16 };
    if (f->nip && ip->version == 6 && ip->ph_dst_off)
        p[n++] = (struct piece){ ip->ph_dst_off, 16 };
    for (unsigned i = 0; i < nopt; i++) {
        const struct tcp_option *o = &opt[i];
        bool read = o->kind == TCPOPT_ACC_ECN_0 || o->kind == TCPOPT_ACC_ECN_1 || o->kind == TCPOPT_EXP_FD ||
                    o->kind == TCPOPT_EXP_FE;
        uint64_t from = (uint64_t)o->off + 2, to = (uint64_t)o->off + o->len;
        if (to > f->buflen)
            to = f->buflen;
        if (to > SUMREC_MAX_BYTES)      /* a length that lies: the line stops before it */
            to = SUMREC_MAX_BYTES;
        if (read && to > from)
            p[n++] = (struct piece){ (uint32_t)from, (uint32_t)(to - from) };
    }
    return n;
}

static struct timespec time_shown(const struct view *v)
{
    switch (v->prefs->time_format) {
    case TF_DELTA: return v->delta_time;
    case TF_DELTA_DISPLAYED: return v->delta_shown;
    default: return v->rel_time;
    }
}

/* A line printed here, for a record that holds text. */
static struct out text_out = { .fd = -1 };

size_t sumrec_fill(void *dst, const struct view *v, bool color)
{
    struct sumrec *r = dst;
    const struct frame *f = v->f;
    uint8_t *tail = (uint8_t *)(r + 1);
    uint32_t nbytes = bytes_read(f);
    /* A line this record cannot rebuild is made here, whole: an IP
     * fragment's Info and ICMP's lines read header fields the record does
     * not hold, and so does a pcapng block shown as a frame or a frame
     * without a time stamp (all rare), and UDP's columns, which read the
     * walk. */
    const struct ip_layer *last = f->nip ? &f->ip[f->nip - 1] : NULL;
    bool fragment = last && !f->has_tcp && ((last->version == 4 && last->later_fragment) || last->defrag);
    if (nbytes > SUMREC_MAX_BYTES || fragment || f->has_icmp || f->record != REC_PACKET || f->no_ts ||
        columns_udp(f)) {
        text_out.len = 0;
        print_summary(&text_out, v, color);
        r->bits = SR_TEXT;
        r->nbytes = (uint16_t)text_out.len;
        memcpy(tail, text_out.buf, text_out.len);
        r->size = (uint32_t)align8(sizeof *r + text_out.len);
        return r->size;
    }
    const struct track_info *k = v->tk;
    const struct http_frame *h = k ? k->http : NULL;
    r->bits = (uint16_t)((f->has_tcp ? SR_HAS_TCP : 0) | (f->truncated ? SR_TRUNCATED : 0) |
                         (f->malformed ? SR_MALFORMED : 0) | (f->ts_nsec ? SR_TS_NSEC : 0) |
                         (k ? SR_HAS_TK : 0) | (k && k->an.present ? SR_AN_PRESENT : 0) |
                         (k && k->ace_mode ? SR_ACE_MODE : 0) | (h ? SR_HAS_HTTP : 0) |
                         (h && h->http ? SR_HTTP : 0) | (h && h->pdu_segment ? SR_PDU_SEGMENT : 0) |
                         (h && h->xml ? SR_XML : 0));
    r->nip = f->nip;
    r->neth = f->neth;
    r->number = f->number;
    r->ts = f->ts;
    r->shown = time_shown(v);
    r->len = f->len;
    r->caplen = f->caplen;
    r->buflen = f->buflen;
    const struct ip_layer *ip = f->nip ? &f->ip[f->nip - 1] : NULL;
    if (ip) {
        r->ip_off = ip->off;
        r->ip_ph_src_off = ip->ph_src_off;
        r->ip_ph_dst_off = ip->ph_dst_off;
        r->ip_version = ip->version;
        r->ip_wire_version = ip->wire_version;
        r->ip_bogus_of = ip->bogus_of;
    }
    r->nopt = 0;
    if (f->has_tcp) {
        memcpy(r->tcp, &f->tcp, TCP_HEAD);
        r->nopt = f->tcp.nopt;
        size_t n = (size_t)r->nopt * sizeof f->tcp.opt[0];
        memcpy(tail, f->tcp.opt, n);
        tail += n;
    }
    struct piece *p = (struct piece *)tail;          /* kept, so the printer need not find them again */
    r->npieces = (uint8_t)pieces(f, ip, r->nopt, f->tcp.opt, p);
    tail += r->npieces * sizeof *p;
    for (unsigned i = 0; i < r->npieces; i++) {
        memcpy(tail, f->data + p[i].off, p[i].len);
        tail += p[i].len;
    }
    r->info_len = r->step_len = 0;
    if (k) {
        r->rel_seq = k->rel_seq;
        r->rel_ack = k->rel_ack;
        r->window = k->window;
        r->an_flags = k->an.flags;
        r->dupack_num = k->an.dupack_num;
        r->dupack_frame = k->an.dupack_frame;
        if (f->has_tcp && f->tcp.nsack) {
            size_t n = f->tcp.nsack * sizeof k->sack_le[0];
            memcpy(tail, k->sack_le, n);
            memcpy(tail + n, k->sack_re, n);
            tail += 2 * n;
        }
        r->state_client = k->state_client;
        r->state_server = k->state_server;
        if (h) {
            size_t n = strnlen(h->info, sizeof h->info - 1);
            r->info_len = (uint16_t)n;
            memcpy(tail, h->info, n);
            tail += n;
        }
        if (v->step) {
            size_t n = strnlen(v->step, sizeof k->step - 1);
            r->step_len = (uint8_t)n;
            memcpy(tail, v->step, n);
            tail += n;
        }
    }
    r->size = (uint32_t)align8((size_t)(tail - (uint8_t *)r));
    return r->size;
}

size_t sumrec_size(const void *rec)
{
    return ((const struct sumrec *)rec)->size;
}

void sumrec_print(struct out *o, const void *rec, const struct prefs *prefs, bool color, int poison)
{
    const struct sumrec *r = rec;
    const uint8_t *tail = (const uint8_t *)(r + 1);
    if (r->bits & SR_TEXT) {
        out_mem(o, tail, r->nbytes);
        return;
    }
    /* Static: the HTTP part alone is 17 KiB, and only one thread prints. */
    static struct frame f;
    static struct track_info k;
    static struct http_frame h;
    static char step[sizeof k.step];
    static uint8_t bytes[SUMREC_MAX_BYTES];
    if (poison) {
        memset(&f, poison, sizeof f);
        memset(&k, poison, sizeof k);
        memset(&h, poison, sizeof h);
        memset(step, poison, sizeof step);
        memset(bytes, poison, sizeof bytes);
    }
    f.number = r->number;
    f.ts = r->ts;
    f.no_ts = false;          /* a record without a time, or no packet, was made as text */
    f.record = REC_PACKET;
    f.ncomment = 0;
    f.len = r->len;
    f.caplen = r->caplen;
    f.buflen = r->buflen;
    f.ts_nsec = r->bits & SR_TS_NSEC;
    f.nip = r->nip;
    f.neth = r->neth;
    f.nwalk = 0;              /* UDP's lines, which read the walk, go as text */
    struct ip_layer *ip = r->nip ? &f.ip[r->nip - 1] : NULL;
    if (ip) {
        ip->off = r->ip_off;
        ip->ph_src_off = r->ip_ph_src_off;
        ip->ph_dst_off = r->ip_ph_dst_off;
        ip->version = r->ip_version;
        ip->wire_version = r->ip_wire_version;
        ip->bogus_of = r->ip_bogus_of;
        ip->end = f.buflen;   /* the lines read the addresses only, as the columns found them */
        /* Fragments' lines go as text: a record's IP layer is none. */
        ip->later_fragment = ip->defrag = ip->reassembled = false;
    }
    f.has_icmp = f.has_icmp_quoted = false;   /* a frame with ICMP is kept as its line's text */
    f.has_tcp = r->bits & SR_HAS_TCP;
    f.truncated = r->bits & SR_TRUNCATED;
    f.malformed = r->bits & SR_MALFORMED;
    if (f.has_tcp) {
        memcpy(&f.tcp, r->tcp, TCP_HEAD);
        size_t n = (size_t)r->nopt * sizeof f.tcp.opt[0];
        memcpy(f.tcp.opt, tail, n);
        tail += n;
    }
    const struct piece *p = (const struct piece *)tail;
    tail += r->npieces * sizeof *p;
    for (unsigned i = 0; i < r->npieces; i++) {
        memcpy(bytes + p[i].off, tail, p[i].len);
        tail += p[i].len;
    }
    f.data = bytes;
    struct columns cols;      /* 1.2 KiB: not cleared, only marked unbuilt */
    cols.built = false;
    struct view v = { .f = &f, .prefs = prefs, .cols = &cols,
                      .rel_time = r->shown, .delta_time = r->shown, .delta_shown = r->shown };
    if (r->bits & SR_HAS_TK) {
        k.rel_seq = r->rel_seq;
        k.rel_ack = r->rel_ack;
        k.window = r->window;
        k.an.present = r->bits & SR_AN_PRESENT;
        k.an.flags = r->an_flags;
        k.an.dupack_num = r->dupack_num;
        k.an.dupack_frame = r->dupack_frame;
        if (f.has_tcp && f.tcp.nsack) {
            size_t n = f.tcp.nsack * sizeof k.sack_le[0];
            memcpy(k.sack_le, tail, n);
            memcpy(k.sack_re, tail + n, n);
            tail += 2 * n;
        }
        k.ace_mode = r->bits & SR_ACE_MODE;
        k.state_client = r->state_client;
        k.state_server = r->state_server;
        k.http = NULL;
        if (r->bits & SR_HAS_HTTP) {
            h.http = r->bits & SR_HTTP;
            h.pdu_segment = r->bits & SR_PDU_SEGMENT;
            h.xml = r->bits & SR_XML;
            memcpy(h.info, tail, r->info_len);
            h.info[r->info_len] = 0;
            k.http = &h;
        }
        tail += r->info_len;
        if (r->step_len) {
            memcpy(step, tail, r->step_len);
            step[r->step_len] = 0;
            v.step = step;
        }
        v.tk = &k;
    }
    print_summary(o, &v, color);
}

static struct out direct_out = { .fd = -1 }, record_out = { .fd = -1 };
static _Alignas(8) unsigned char check_rec[SUMREC_MAX];

bool sumrec_verify(struct out *o, const struct view *v, bool color)
{
    direct_out.len = 0;
    print_summary(&direct_out, v, color);
    sumrec_fill(check_rec, v, color);
    bool same = true;
    for (int poison = 0xa5; poison && same; poison = poison == 0xa5 ? 0x5a : 0) {
        record_out.len = 0;
        sumrec_print(&record_out, check_rec, v->prefs, color, poison);
        same = record_out.len == direct_out.len && memcmp(record_out.buf, direct_out.buf, direct_out.len) == 0;
    }
    if (!same)
        fprintf(stderr, "synfin: frame %llu: its summary record prints\n%.*sinstead of\n%.*s",
                (unsigned long long)v->f->number, (int)record_out.len, record_out.buf, (int)direct_out.len,
                direct_out.buf);
    out_mem(o, direct_out.buf, direct_out.len);
    return same;
}
