/* HTTP over TCP, desegmented in one pass as tshark 4.0 does: see http.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track/http.h"

/* The last request/response pair, as packet-http.c keeps them in one
 * pass: a request opens a new pair; a response completes the last pair
 * if it has no response yet, else opens a pair of its own. */
struct req_res {
    uint64_t req_frame;       /* 0: a response without a request */
    uint64_t res_frame;       /* 0: no response yet */
    struct timespec ts;
    bool head;
    bool has_res;
};

/* One direction: the unfinished message (Wireshark's multi-segment PDU). */
struct http_half {
    uint32_t nxt;             /* the sequence number after the bytes seen */
    bool nxt_set;
    uint8_t need;             /* 0: nothing pending; else HTTPM_MORE, _MORE_LEN or _UNTIL_FIN */
    bool given_up;            /* past HTTP_MSG_CAP: the rest of this message is not kept */
    bool eol_seen;            /* the pending bytes hold a CR or LF: a first line may be whole */
    uint64_t need_len;
    uint8_t *buf;
    size_t len, cap;
    struct http_seg *seg;
    uint32_t nseg, segcap;
};

struct http_conv {
    struct http_half half[2];
    struct req_res tail;      /* the last pair */
    uint32_t npairs;          /* pairs so far: the last one's number */
    uint64_t prev_req_frame;  /* the request and response frames of the pair before the last */
    uint64_t prev_res_frame;
    char last_uri[512];       /* the last request's URI, and its full URI */
    char last_full_uri[512];
};

/* The frame's result and the reassembled bytes it points to: valid until
 * the next call. */
static struct http_frame result;
static uint8_t *scratch;
static size_t scratch_cap;
static struct http_seg *scratch_seg;
static uint32_t scratch_segcap;
/* Bytes every stream's HTTP buffers hold together (and the scratch copy). */
static size_t total_held;
static bool said_total_cap;

bool http_port(uint16_t p)
{
    switch (p) {      /* a switch, not a loop over a list: this runs for each side of every segment */
    case 80: case 631: case 1900: case 2710: case 2869: case 3128: case 3132: case 3689: case 5985: case 8080:
    case 8088: case 11371:
        return true;
    default:
        return false;
    }
}

void http_free(struct http_conv *c)
{
    if (!c)
        return;
    for (int d = 0; d < 2; d++) {
        total_held -= c->half[d].cap + (size_t)c->half[d].segcap * sizeof *c->half[d].seg;
        free(c->half[d].buf);
        free(c->half[d].seg);
    }
    free(c);
}

size_t http_bytes_held(const struct http_conv *c)
{
    if (!c)
        return 0;
    size_t n = sizeof *c;
    for (int d = 0; d < 2; d++)
        n += c->half[d].cap + c->half[d].segcap * sizeof(struct http_seg);
    return n;
}

size_t http_total_held(void) { return total_held; }

bool http_settle(struct http_conv *c)
{
    for (int d = 0; d < 2; d++) {
        const struct http_half *h = &c->half[d];
        if (h->need || h->len || h->nseg || h->given_up)
            return false;
    }
    for (int d = 0; d < 2; d++) {
        struct http_half *h = &c->half[d];
        total_held -= h->cap + (size_t)h->segcap * sizeof *h->seg;
        free(h->buf);
        free(h->seg);
        h->buf = NULL;
        h->seg = NULL;
        h->cap = 0;
        h->segcap = 0;
    }
    return true;
}

size_t http_conv_size(void) { return sizeof(struct http_conv); }

struct http_conv *http_conv_copy(const void *bytes)
{
    struct http_conv *c = malloc(sizeof *c);
    if (c)
        memcpy(c, bytes, sizeof *c);
    return c;
}

/* Grow *buf (of *cap elements of size sz) to hold want, doubling, at most
 * max elements, within HTTP_TOTAL_CAP for the process. */
static bool grow(void **buf, size_t *cap, size_t want, size_t sz, size_t max)
{
    if (want <= *cap)
        return true;
    if (want > max)
        return false;
    size_t n = *cap ? *cap : 256;
    while (n < want)
        n *= 2;
    if (n > max)
        n = max;
    size_t more = (n - *cap) * sz;
    if (more > HTTP_TOTAL_CAP - total_held) {
        if (!said_total_cap)
            fprintf(stderr, "synfin: HTTP: the process cap of %zu MiB for unfinished messages reached; "
                    "messages that need more are left undissected\n", HTTP_TOTAL_CAP >> 20);
        said_total_cap = true;
        return false;
    }
    void *p = realloc(*buf, n * sz);
    if (!p)
        return false;
    total_held += more;
    *buf = p;
    *cap = n;
    return true;
}

/* Nothing pending any more. A buffer grown past HTTP_KEEP_BYTES goes back
 * to the system, so a stream that once carried a large message does not
 * hold its room for the rest of its life. */
static void half_drop(struct http_half *h)
{
    h->need = 0;
    h->given_up = false;
    h->eol_seen = false;
    h->len = 0;
    h->nseg = 0;
    if (h->cap > HTTP_KEEP_BYTES) {
        total_held -= h->cap;
        free(h->buf);
        h->buf = NULL;
        h->cap = 0;
    }
    if ((size_t)h->segcap * sizeof *h->seg > HTTP_KEEP_BYTES) {
        total_held -= (size_t)h->segcap * sizeof *h->seg;
        free(h->seg);
        h->seg = NULL;
        h->segcap = 0;
    }
}

static bool half_add(struct http_half *h, uint64_t frame, const uint8_t *p, size_t n)
{
    size_t segcap = h->segcap;
    if (!grow((void **)&h->buf, &h->cap, h->len + n, 1, HTTP_MSG_CAP) ||
        !grow((void **)&h->seg, &segcap, (size_t)h->nseg + 1, sizeof *h->seg, HTTP_MSG_CAP / 64)) {
        h->segcap = (uint32_t)segcap;
        return false;
    }
    h->segcap = (uint32_t)segcap;
    memcpy(h->buf + h->len, p, n);
    if (!h->eol_seen && (memchr(p, '\n', n) || memchr(p, '\r', n)))
        h->eol_seen = true;
    h->len += n;
    h->seg[h->nseg++] = (struct http_seg){ frame, (uint32_t)n };
    return true;
}

/* Info text: Wireshark's format_text of a line (control bytes escaped). */
static void info_add(const char *s)
{
    size_t l = strlen(result.info), k = strlen(s);
    if (k > sizeof result.info - 1 - l)
        k = sizeof result.info - 1 - l;
    memcpy(result.info + l, s, k);
    result.info[l + k] = 0;
}

/* A line as Wireshark writes it in Info (httpm_format). */
static void info_line(const uint8_t *p, uint32_t n)
{
    char tmp[sizeof result.info];
    httpm_format(p, n, tmp, sizeof tmp);
    info_add(tmp);
}

static bool span_ieq(const uint8_t *p, struct httpm_span s, const char *lit)
{
    size_t l = strlen(lit);
    if (s.len != l)
        return false;
    for (size_t i = 0; i < l; i++) {
        int c = p[s.off + i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != lit[i])
            return false;
    }
    return true;
}

static void span_copy(char *dst, size_t cap, const uint8_t *p, struct httpm_span s)
{
    size_t n = s.len < cap - 1 ? s.len : cap - 1;
    for (size_t i = 0; i < n; i++)
        dst[i] = p[s.off + i] ? (char)p[s.off + i] : '.';     /* a C string: no NUL inside */
    dst[n] = 0;
}

static bool is_xml(const uint8_t *p, struct httpm_span t)
{
    return span_ieq(p, t, "text/xml") || span_ieq(p, t, "application/xml") ||
           span_ieq(p, t, "application/soap+xml") || span_ieq(p, t, "text/xml-external-parsed-entity");
}

/* A whole message at p (its offsets are from p): pair it, write Info. */
static void shown(struct http_conv *c, const struct frame *f, const uint8_t *base, uint32_t off,
                  const struct httpm *m)
{
    const uint8_t *p = base + off;
    struct http_shown tmp, *s = result.nmsg < HTTP_FRAME_MSGS ? &result.msg[result.nmsg++] : &tmp;
    s->m = *m;
    s->off = off;
    s->number = 0;
    s->request_in = s->prev_request_in = s->prev_response_in = 0;
    s->time = (struct timespec){ 0, 0 };
    s->head = false;
    s->full_uri[0] = 0;
    result.http = true;
    if (m->kind == HTTPM_CONTINUATION) {
        info_add("Continuation");
        return;
    }
    info_line(p + m->line.off, m->line.len);
    info_add(" ");
    if (m->kind == HTTPM_REQUEST) {
        /* The full URI: an absolute URI as it is, else http:// Host URI. */
        char uri[512], host[256] = "";
        span_copy(uri, sizeof uri, p, m->uri);
        for (uint16_t i = 0; i < m->nhdr; i++)
            if (span_ieq(p, m->hdr[i].name, "host"))
                span_copy(host, sizeof host, p, m->hdr[i].value);
        if (strstr(uri, "://")) {
            memcpy(s->full_uri, uri, sizeof uri);
        } else if (host[0]) {
            size_t hl = strlen(host), ul = strlen(uri);
            if (7 + hl + ul < sizeof s->full_uri) {
                memcpy(s->full_uri, "http://", 7);
                memcpy(s->full_uri + 7, host, hl);
                memcpy(s->full_uri + 7 + hl, uri, ul + 1);
            }
        }
        memcpy(c->last_uri, uri, sizeof uri);
        if (s->full_uri[0])
            memcpy(c->last_full_uri, s->full_uri, sizeof c->last_full_uri);
        c->prev_req_frame = c->npairs ? c->tail.req_frame : 0;
        c->prev_res_frame = c->npairs ? c->tail.res_frame : 0;
        c->tail = (struct req_res){ f->number, 0, f->ts, span_ieq(p, m->method, "head"), false };
        s->number = ++c->npairs;
        s->prev_request_in = c->prev_req_frame;
        s->prev_response_in = c->prev_res_frame;
    } else {
        if (c->npairs && !c->tail.has_res) {
            c->tail.has_res = true;
            c->tail.res_frame = f->number;
            s->request_in = c->tail.req_frame;
            s->head = c->tail.head;
            struct timespec d = { f->ts.tv_sec - c->tail.ts.tv_sec, f->ts.tv_nsec - c->tail.ts.tv_nsec };
            if (d.tv_nsec < 0)
                d.tv_nsec += 1000000000L, d.tv_sec--;
            s->time = d;
        } else {
            c->prev_req_frame = c->npairs ? c->tail.req_frame : 0;
            c->prev_res_frame = c->npairs ? c->tail.res_frame : 0;
            c->tail = (struct req_res){ 0, f->number, { 0, 0 }, false, true };
            c->npairs++;
        }
        s->number = c->npairs;
        s->prev_request_in = c->prev_req_frame;
        s->prev_response_in = c->prev_res_frame;
        /* The URI it answers: the conversation's last full URI, else its
         * last URI. */
        memcpy(s->full_uri, c->last_full_uri[0] ? c->last_full_uri : c->last_uri, sizeof s->full_uri);
    }
    if (m->body.len && m->content_type >= 0) {
        struct httpm_span t = httpm_media_type(p, m->hdr[m->content_type].value);
        if (is_xml(p, t)) {
            result.xml = true;
        } else {
            info_add(" (");
            char ty[128];
            span_copy(ty, sizeof ty, p, t);
            info_add(ty);
            info_add(")");
        }
    }
}

/* Whether the next response in this stream answers a HEAD request. */
static bool head_next(const struct http_conv *c)
{
    return c->npairs && !c->tail.has_res && c->tail.head;
}

/* Dissect base[start..end) as HTTP messages, in the frame f. Returns the
 * offset where an unfinished message starts (end: none), and its need. */
static size_t dissect(struct http_conv *c, const struct frame *f, const uint8_t *base, size_t start, size_t end,
                      bool at_fin, uint8_t *need, uint64_t *need_len)
{
    size_t off = start;
    *need = 0;
    static struct httpm m;
    while (off < end) {
        enum httpm_status st = httpm_parse(base + off, end - off, head_next(c), at_fin, &m);
        if (st == HTTPM_DONE && m.len) {
            shown(c, f, base, (uint32_t)off, &m);
            off += m.len;
            continue;
        }
        if (st == HTTPM_DONE)
            break;
        /* More is needed: the first line, if whole, is in Info already. */
        if (m.kind == HTTPM_REQUEST || m.kind == HTTPM_RESPONSE) {
            info_line(base + off + m.line.off, m.line.len);
            info_add(" ");
        }
        *need = (uint8_t)st;
        *need_len = m.need;
        return off;
    }
    return end;
}

/* The bytes this frame's HTTP reads, in the scratch buffer. */
static const uint8_t *to_scratch(const struct http_half *h)
{
    size_t cap = scratch_cap, segcap = scratch_segcap;
    if (!grow((void **)&scratch, &cap, h->len, 1, HTTP_MSG_CAP) ||
        !grow((void **)&scratch_seg, &segcap, h->nseg, sizeof *scratch_seg, HTTP_MSG_CAP / 64))
        return NULL;
    scratch_cap = cap;
    scratch_segcap = (uint32_t)segcap;
    memcpy(scratch, h->buf, h->len);
    memcpy(scratch_seg, h->seg, h->nseg * sizeof *h->seg);
    return scratch;
}

/* After dissect() stopped at off in base[..end) with need: keep the rest. */
static void keep_rest(struct http_half *h, const struct frame *f, const uint8_t *base, size_t off, size_t end,
                      uint8_t need, uint64_t need_len, bool same_pdu)
{
    if (!need) {
        half_drop(h);
        return;
    }
    if (!same_pdu) {
        half_drop(h);
        if (!half_add(h, f->number, base + off, end - off)) {
            half_drop(h);
            h->given_up = true;
        }
    }
    h->need = need;
    h->need_len = need_len;
    if (need == HTTPM_MORE_LEN && need_len > HTTP_MSG_CAP)
        h->given_up = true;
}

void http_segment(struct http_conv **conv, const struct frame *f, int dir, uint32_t seq, struct http_frame **outp)
{
    struct http_frame *out = &result;
    out->http = out->pdu_segment = out->xml = false;
    out->tail = 0;
    out->info[0] = 0;
    out->nmsg = 0;
    out->nseg = 0;
    out->seg = NULL;
    out->reassembled_len = 0;
    *outp = NULL;
    const struct tcp_layer *t = &f->tcp;
    /* An RST's data is its reset cause, not HTTP; a SYN's (TCP Fast Open)
     * is, and starts after the SYN's sequence number. */
    if (!t->have_seglen || (t->flags & TH_RST))
        return;
    if (t->flags & TH_SYN)
        seq++;
    uint32_t len = t->seg_len;
    uint32_t got = frame_bytes_in(f, t->payload_off, len);
    const uint8_t *data = f->data + t->payload_off;
    struct http_conv *c = *conv;
    if (!c) {
        if (!len || got < len)
            return;
        if (!http_port(t->sport) && !http_port(t->dport) && !httpm_heuristic(data, got))
            return;
        if (!(c = *conv = calloc(1, sizeof *c)))
            return;
    }
    struct http_half *h = &c->half[dir];
    bool fin = (t->flags & TH_FIN) != 0;
    /* Retransmitted bytes go to HTTP once; a hole drops what was pending. */
    if (len && h->nxt_set) {
        int32_t d = (int32_t)(seq - h->nxt);
        if (d < 0) {
            uint32_t back = h->nxt - seq;     /* -d, also for INT32_MIN */
            if (back >= len)
                return;
            data += back;
            got = got > back ? got - back : 0;
            len -= back;
        } else if (d > 0) {
            half_drop(h);
        }
    }
    if (len) {
        h->nxt = (h->nxt_set && (int32_t)(seq - h->nxt) < 0) ? h->nxt + len : seq + len;
        h->nxt_set = true;
    }
    if (got < len) {                  /* cut by the snapshot length: not dissected */
        half_drop(h);
        return;
    }
    *outp = out;
    if (!h->need) {
        if (!len)
            return (void)(*outp = NULL);
        out->data = data;
        out->len = len;
        uint8_t need;
        uint64_t need_len;
        size_t off = dissect(c, f, data, 0, len, false, &need, &need_len);
        if (need && off == 0)
            out->pdu_segment = true;
        else if (need && off < len)
            out->tail = len - (uint32_t)off;
        keep_rest(h, f, data, off, len, need, need_len, false);
        return;
    }
    /* A message is pending: this segment continues it. */
    if (len && !h->given_up && !half_add(h, f->number, data, len))
        h->given_up = true;
    if (h->given_up) {
        if (len)
            out->pdu_segment = true;
        else
            *outp = NULL;
        return;
    }
    size_t pdu_end = h->len;
    bool at_fin = false;
    if (h->need == HTTPM_MORE_LEN) {
        if (h->len < h->need_len) {
            out->pdu_segment = len != 0;
            if (!len)
                *outp = NULL;
            return;
        }
        pdu_end = (size_t)h->need_len;
    } else if (h->need == HTTPM_UNTIL_FIN) {
        if (!fin) {
            out->pdu_segment = len != 0;
            if (!len)
                *outp = NULL;
            return;
        }
        at_fin = true;
        if (!len && !half_add(h, f->number, data, 0)) {
            half_drop(h);
            *outp = NULL;
            return;
        }
    } else if (!len) {
        *outp = NULL;
        return;
    }
    if (h->need == HTTPM_MORE && !h->eol_seen) {
        /* No line end yet, so reading the bytes again could only ask for
         * more, as it did: skipping it keeps binary data on an HTTP port
         * (no CR or LF for megabytes) from costing a copy of everything
         * pending on every segment. */
        out->pdu_segment = true;
        return;
    }
    const uint8_t *base = to_scratch(h);
    if (!base) {
        half_drop(h);
        *outp = NULL;
        return;
    }
    size_t total = h->len;
    /* The segments of this PDU: all kept ones, the last cut at pdu_end. */
    uint32_t nseg = h->nseg;
    if (pdu_end < total)
        scratch_seg[nseg - 1].len -= (uint32_t)(total - pdu_end);
    out->data = base;
    out->len = (uint32_t)total;
    out->seg = scratch_seg;
    out->nseg = nseg;
    out->reassembled_len = (uint32_t)pdu_end;
    uint8_t need;
    uint64_t need_len;
    size_t off = dissect(c, f, base, 0, pdu_end, at_fin, &need, &need_len);
    if (need && off == 0) {
        /* Still not whole: the same PDU waits for more. */
        out->pdu_segment = true;
        out->nseg = 0;
        out->reassembled_len = 0;
        keep_rest(h, f, base, off, total, need, need_len, true);
        return;
    }
    if (!need && pdu_end < total)     /* the segment's bytes after the PDU */
        off = dissect(c, f, base, pdu_end, total, false, &need, &need_len);
    keep_rest(h, f, base, off, total, need, need_len, false);
    if (!result.http)
        out->nseg = 0;
}
