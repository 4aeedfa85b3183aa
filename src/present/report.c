/* The report's collector: what the page will show, gathered frame by
 * frame within the bounds report.h states. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/fields.h"
#include "present/ladder.h"
#include "present/print.h"
#include "present/report_impl.h"
#include "present/xml_escape.h"

static bool detail_feed(struct report *r, const void *p, size_t n, int flush);

struct report *report_new(const struct report_opts *opts)
{
    struct report *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->opts = *opts;
    r->detail.limit = REPORT_DETAIL_CAP;
    /* windowBits 15 + 16: a gzip wrapper, which the browser's
     * DecompressionStream("gzip") reads. */
    if (deflateInit2(&r->z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(r);
        return NULL;
    }
    r->z_ready = true;
    if (!detail_feed(r, "{\"_\":0", 6, Z_NO_FLUSH)) {
        report_free(r);
        return NULL;
    }
    return r;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nconns; i++)
        free(r->conns[i].segs);
    free(r->conns);
    free(r->detail.p);
    if (r->z_ready)
        deflateEnd(&r->z);
    free(r->rows);
    free(r);
}

void report_draw_only(struct report *r, const uint32_t *streams, size_t n)
{
    r->only = streams;
    r->nonly = n;
}

/* Whether stream should be drawn: one of report_draw_only's, or one of
 * the first REPORT_DRAWN. */
static bool drawn(const struct report *r, uint32_t stream)
{
    if (!r->only)
        return stream < REPORT_DRAWN;
    size_t lo = 0, hi = r->nonly;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->only[mid] < stream)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nonly && r->only[lo] == stream;
}

struct report_conn *report_conn_find(const struct report *r, uint32_t stream)
{
    size_t lo = 0, hi = r->nconns;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->conns[mid].stream < stream)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nconns && r->conns[lo].stream == stream ? &r->conns[lo] : NULL;
}

/* The drawn connection of this stream, made on its first segment; NULL
 * when it is not drawn or memory ran out. Streams are numbered in the
 * order they start, so a new one goes at the end and the array stays
 * sorted by index. */
static struct report_conn *conn_of(struct report *r, const struct view *v)
{
    const struct stream *s = v->tk->stream;
    struct report_conn *found = report_conn_find(r, s->index);
    if (found)
        return found;
    if (!drawn(r, s->index) || (r->nconns && r->conns[r->nconns - 1].stream > s->index))
        return NULL;
    if (r->nconns == r->cap_conns) {
        size_t cap = r->cap_conns ? r->cap_conns * 2 : 16;
        struct report_conn *p = realloc(r->conns, cap * sizeof *p);
        if (!p)
            return NULL;
        r->conns = p, r->cap_conns = cap;
    }
    struct report_conn *c = &r->conns[r->nconns++];
    *c = (struct report_conn){ .stream = s->index };
    const struct track_info *k = v->tk;
    ladder_endpoints(s, k->from_client ? k->dir : !k->dir, c->client, c->server, sizeof c->client);
    return c;
}

static bool buf_reserve(struct report_buf *b, size_t n)
{
    if (b->len + n <= b->cap)
        return true;
    if (b->len + n > b->limit) {
        b->full = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 1 << 16;
    while (cap < b->len + n)
        cap *= 2;
    if (cap > b->limit)
        cap = b->limit;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->full = true;
        return false;
    }
    b->p = p, b->cap = cap;
    return true;
}

/* Feed n bytes to the detail's compressor (flush: Z_NO_FLUSH or Z_FINISH).
 * The caller has checked the bound, so only memory can fail. */
static bool detail_feed(struct report *r, const void *p, size_t n, int flush)
{
    z_stream *z = &r->z;
    z->next_in = (Bytef *)(uintptr_t)p;
    z->avail_in = (uInt)n;
    for (;;) {
        if (!buf_reserve(&r->detail, 1 << 16))
            return false;
        z->next_out = (Bytef *)r->detail.p + r->detail.len;
        z->avail_out = (uInt)(r->detail.cap - r->detail.len);
        int rc = deflate(z, flush);
        r->detail.len = r->detail.cap - z->avail_out;
        if (rc == Z_STREAM_END || (flush == Z_NO_FLUSH && z->avail_in == 0 && z->avail_out > 0))
            return true;
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            return false;
    }
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void report_base64(struct out *o, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        uint32_t w = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        out_char(o, b64[w >> 18 & 63]);
        out_char(o, b64[w >> 12 & 63]);
        out_char(o, i + 1 < n ? b64[w >> 6 & 63] : '=');
        out_char(o, i + 2 < n ? b64[w & 63] : '=');
    }
}

/* One frame's member of the detail object, into js:
 *   ,"F":[caplen,"base64 of the first bytes",[["line",off,len] or ["line"], ...]]
 * tree is its -V text with the spans sp, or NULL for a placeholder line. */
static void detail_member(struct out *js, const struct frame *f, const struct out *tree,
                          const struct detail_spans *sp)
{
    uint32_t shown = f->caplen < REPORT_FRAME_BYTES ? f->caplen : REPORT_FRAME_BYTES;
    out_printf(js, ",\"%llu\":[%u,\"", (unsigned long long)f->number, f->caplen);
    report_base64(js, f->data, shown);
    out_str(js, "\",[");
    if (!tree) {
        out_str(js, "[\"(this frame's detail is too long for the report)\"]");
    } else {
        size_t at = 0, k = 0;
        bool first = true;
        while (at < tree->len) {
            const char *nl = memchr(tree->buf + at, '\n', tree->len - at);
            size_t end = nl ? (size_t)(nl - tree->buf) : tree->len;
            if (end > at) {               /* the blank line that ends -V is left out */
                out_str(js, first ? "[\"" : ",[\"");
                report_json_text(js, tree->buf + at, end - at);
                out_char(js, '"');
                while (k < sp->n && sp->v[k].at < at)
                    k++;
                if (k < sp->n && sp->v[k].at == at)
                    out_printf(js, ",%u,%u", sp->v[k].off, sp->v[k].len);
                out_char(js, ']');
                first = false;
            }
            at = end + 1;
        }
    }
    out_str(js, "]]");
}

static void keep_detail(struct report *r, const struct view *v)
{
    static struct out tree, js;           /* 64 KiB each: not on the stack */
    static struct detail_spans sp;
    out_init(&tree, -1);
    print_detail_spans(&tree, v, &sp);
    out_init(&js, -1);
    detail_member(&js, v->f, tree.failed ? NULL : &tree, &sp);
    if (js.failed) {                      /* the tree or its JSON is longer than the scratch buffer */
        out_init(&js, -1);
        detail_member(&js, v->f, NULL, &sp);
    }
    /* Compressed output never exceeds its input by more than a few bytes a
     * block; with zlib's own buffer (64 KiB) this keeps the object whole
     * within the bound. */
    if (r->z_done || r->detail.len + js.len + 2 * (1 << 16) > r->detail.limit) {
        r->detail.full = true;
        return;
    }
    if (!detail_feed(r, js.buf, js.len, Z_NO_FLUSH)) {
        r->detail.full = true;
        r->z_done = true;             /* the stream is broken: the page gets no detail */
        r->detail.len = 0;
        return;
    }
    r->detail_raw += js.len;
    r->details++;
}

void report_frame(struct report *r, const struct view *v)
{
    struct report_conn *c = conn_of(r, v);
    if (!c)
        return;
    c->seen++;
    if (c->n == REPORT_CONN_SEGS || r->nsegs == REPORT_SEGS) {
        r->segs_over++;
        return;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        struct rseg *p = realloc(c->segs, cap * sizeof *p);
        if (!p) {
            r->segs_over++;
            return;
        }
        c->segs = p, c->cap = cap;
    }
    rseg_fill(&c->segs[c->n++], v);
    r->nsegs++;
    keep_detail(r, v);
}

struct rows_ctx {
    struct report *r;
    struct timespec t0;
    size_t cap;
};

static void add_row(void *arg, struct stream *s)
{
    struct rows_ctx *x = arg;
    struct report *r = x->r;
    if (!s->kept)
        return;
    r->tcp_frames += s->frames;
    if (!r->have_ts || time_ns_between(s->first_ts, r->first_ts) < 0)
        r->first_ts = s->first_ts;
    if (!r->have_ts || time_ns_between(s->last_ts, r->last_ts) > 0)
        r->last_ts = s->last_ts;
    r->have_ts = true;
    if (r->nrows == REPORT_ROWS) {
        r->rows_over++;
        return;
    }
    if (r->nrows == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 256;
        struct conn_cells *p = realloc(r->rows, cap * sizeof *p);
        if (!p) {
            r->rows_over++;
            return;
        }
        r->rows = p, x->cap = cap;
    }
    conns_cells(s, x->t0, &r->rows[r->nrows++]);
}

void report_streams(struct report *r, struct stream_table *streams, struct timespec first_ts, uint64_t frames_read)
{
    r->frames = frames_read;
    struct rows_ctx x = { r, first_ts, 0 };
    streams_each(streams, add_row, &x);
    for (size_t i = 0; i < r->nconns; i++)
        rseg_mark_lost(r->conns[i].segs, r->conns[i].n);
    if (!r->z_done && !detail_feed(r, "}", 1, Z_FINISH))
        r->detail.len = 0;            /* out of memory: the page gets no detail */
    r->z_done = true;
}

void report_json_text(struct out *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *p = (const uint8_t *)s;
    for (size_t i = 0; i < n;) {
        uint8_t c = p[i];
        if (c >= 0x80) {              /* valid UTF-8 as it is; a broken byte as U+FFFD */
            uint32_t cp;
            size_t len = utf8_seq(p + i, n - i, &cp);
            if (len)
                out_mem(o, p + i, len), i += len;
            else
                out_str(o, "\\ufffd"), i++;
            continue;
        }
        if (c == '"' || c == '\\') {
            out_char(o, '\\');
            out_char(o, (char)c);
        } else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' || c == '&') {
            out_str(o, "\\u00");
            out_char(o, hex[c >> 4]);
            out_char(o, hex[c & 15]);
        } else {
            out_char(o, (char)c);
        }
        i++;
    }
}

int report_write(struct report *r, int fd)
{
    if (!r->z_done && !detail_feed(r, "}", 1, Z_FINISH))   /* report_streams was not reached */
        r->detail.len = 0;
    r->z_done = true;
    static struct out o;
    out_init(&o, fd);
    report_html(&o, r);
    out_flush(&o);
    return o.failed ? o.error : 0;
}
