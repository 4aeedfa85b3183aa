/* -V: the HTTP tree, and TCP's list of the segments of a reassembled PDU,
 * as tshark 4.0 prints them (single pass). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "present/detail_impl.h"
#include "present/fields_http.h"
#include "present/print.h"

static void text(struct out *o, const uint8_t *p, size_t n)
{
    char buf[2048];
    while (n) {          /* in pieces: httpm_format writes at most 8 bytes a byte */
        size_t k = n < 250 ? n : 250;
        httpm_format(p, k, buf, sizeof buf);
        out_str(o, buf);
        p += k, n -= k;
    }
}

/* "[2 Reassembled TCP Segments (413 bytes): #19(185), #20(228)]" */
static void segments(struct out *o, const struct http_frame *h)
{
    char label[DT_LABEL_MAX + 1];    /* a long list of segments is cut there */
    size_t len = (size_t)snprintf(label, sizeof label, "%u Reassembled TCP Segments (%u bytes):", h->nseg,
                                h->reassembled_len);
    for (uint32_t i = 0; i < h->nseg && len < sizeof label - 1; i++)
        len += (size_t)snprintf(label + len, sizeof label - len, "%s #%llu(%u)", i ? "," : "",
                              (unsigned long long)h->seg[i].frame, h->seg[i].len);
    out_printf(o, "[%s]\n", label);
    uint32_t off = 0;
    for (uint32_t i = 0; i < h->nseg; i++) {
        if (h->seg[i].len)
            out_printf(o, "    [Frame: %llu, payload: %u-%u (%u bytes)]\n", (unsigned long long)h->seg[i].frame, off,
                       off + h->seg[i].len - 1, h->seg[i].len);
        else
            out_printf(o, "    [Frame: %llu (no data)]\n", (unsigned long long)h->seg[i].frame);
        off += h->seg[i].len;
    }
    out_printf(o, "    [Segment count: %u]\n", h->nseg);
    out_printf(o, "    [Reassembled TCP length: %u]\n", h->reassembled_len);
    out_str(o, "    [Reassembled TCP Data: ");
    dt_bytes(o, h->data, h->reassembled_len);
    out_str(o, "]\n");
}

static void span_line(struct out *o, const char *label, const uint8_t *p, struct httpm_span s)
{
    out_printf(o, "        %s: ", label);
    text(o, p + s.off, s.len);
    out_char(o, '\n');
}

static void prev(struct out *o, const struct http_shown *s)
{
    if (s->prev_request_in)
        out_printf(o, "    [Prev request in frame: %llu]\n", (unsigned long long)s->prev_request_in);
    if (s->prev_response_in)
        out_printf(o, "    [Prev response in frame: %llu]\n", (unsigned long long)s->prev_response_in);
}

/* A URI with a query: its path, its query, and each parameter. */
static void uri_parts(struct out *o, const uint8_t *p, struct httpm_span u)
{
    const uint8_t *q = memchr(p + u.off, '?', u.len);
    if (!q)
        return;
    uint32_t plen = (uint32_t)(q - (p + u.off));
    out_str(o, "            Request URI Path: ");
    text(o, p + u.off, plen);
    out_str(o, "\n            Request URI Query: ");
    text(o, q + 1, u.len - plen - 1);
    out_char(o, '\n');
    const uint8_t *a = q + 1, *end = p + u.off + u.len;
    while (a <= end) {
        const uint8_t *b = memchr(a, '&', (size_t)(end - a));
        if (!b)
            b = end;
        out_str(o, "                Request URI Query Parameter: ");
        text(o, a, (size_t)(b - a));
        out_char(o, '\n');
        a = b + 1;
    }
}

/* A chunked body's framing, as Wireshark's chunked_encoding_dissector
 * walks it: each chunk's size, data and boundary, the last chunk, and the
 * empty line that ends the trailer. */
static void chunks(struct out *o, const uint8_t *p, struct httpm_span body)
{
    size_t end = (size_t)body.off + body.len, off = body.off;
    out_str(o, "    HTTP chunked response\n");
    while (off < end) {
        size_t next;
        long l = httpm_line(p, end, off, &next);
        if (l <= 0)
            break;
        uint64_t size = 0;
        for (long i = 0; i < l && p[off + i] != ';'; i++) {   /* strtol(.., 16): hex digits after blanks */
            int c = p[off + i] | 0x20, x = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (x < 0 && size == 0 && (c == ' ' || c == '\t'))
                continue;
            if (x < 0 || size > 0xfffffff)
                break;
            size = size << 4 | (unsigned)x;
        }
        if (size > end - off)
            size = end - off;
        if (size == 0) {
            out_str(o, "        End of chunked encoding\n            Chunk size: 0 octets\n");
            off = next;
            size_t t = off;          /* the trailer's header lines, then the empty line */
            for (;;) {
                long h = httpm_line(p, end, t, &next);
                if (h < 0)
                    return;
                if (h == 0) {
                    if (t > off) {
                        out_str(o, "        trailer-part: ");
                        text(o, p + off, t - off);
                        out_char(o, '\n');
                    }
                    out_str(o, "        ");
                    text(o, p + t, next - t);
                    out_char(o, '\n');
                    return;
                }
                t = next;
            }
        }
        if (size > end - next || end - next - size < 2)
            break;                   /* cut short: synfin shows no partial chunk */
        out_printf(o, "        Data chunk (%llu octets)\n            Chunk size: %llu octet%s\n",
                   (unsigned long long)size, (unsigned long long)size, plural_s(size));
        out_str(o, "            Chunk data: ");
        dt_bytes(o, p + next, size);
        out_str(o, "\n            Chunk boundary: ");
        dt_bytes(o, p + next + size, 2);
        out_char(o, '\n');
        off = next + size + 2;
    }
}

static void message(struct out *o, const struct http_shown *s, const uint8_t *p)
{
    const struct httpm *m = &s->m;
    out_str(o, "Hypertext Transfer Protocol\n");
    if (m->kind == HTTPM_CONTINUATION) {
        out_printf(o, "    File Data: %u bytes\n", m->body.len);
        return;
    }
    /* The first line, with its expert item. */
    char line[1024];
    httpm_format(p + m->line.off, (size_t)m->line.len + m->line_eol, line, sizeof line);
    out_printf(o, "    %s\n", line);
    dt_expert(o, 2, "Chat", "Sequence", line);
    if (m->kind == HTTPM_REQUEST) {
        span_line(o, "Request Method", p, m->method);
        span_line(o, "Request URI", p, m->uri);
        uri_parts(o, p, m->uri);
        span_line(o, "Request Version", p, m->version);
    } else {
        span_line(o, "Response Version", p, m->version);
        if (m->code_ok) {
            out_printf(o, "        Status Code: %u\n", m->code);
            const char *t = http_status_text(m->code);
            out_printf(o, "        [Status Code Description: %s]\n", t ? t : "Unknown");
        }
        span_line(o, "Response Phrase", p, m->phrase);
    }
    for (int i = 0; i < m->nhdr; i++) {
        out_str(o, "    ");
        text(o, p + m->hdr[i].line.off, (size_t)m->hdr[i].line.len + m->hdr[i].eol);
        out_char(o, '\n');
        struct httpm_span nm = m->hdr[i].name;
        if (nm.len == 14 && m->content_length >= 0 && strncasecmp((const char *)p + nm.off, "content-length", 14) == 0)
            out_printf(o, "        [Content length: %lld]\n", (long long)m->content_length);
    }
    if (m->hdr_end) {
        out_str(o, "    ");
        text(o, p + m->hdr_end - m->blank_eol, m->blank_eol);
        out_char(o, '\n');
    }
    if (m->kind == HTTPM_REQUEST) {
        if (s->full_uri[0]) {             /* packet text: escaped, as every other line's */
            out_str(o, "    [Full request URI: ");
            text(o, (const uint8_t *)s->full_uri, strlen(s->full_uri));
            out_str(o, "]\n");
        }
        out_printf(o, "    [HTTP request %u/%u]\n", s->number, s->number);
        if (s->prev_request_in)
            out_printf(o, "    [Prev request in frame: %llu]\n", (unsigned long long)s->prev_request_in);
    } else {
        out_printf(o, "    [HTTP response %u/%u]\n", s->number, s->number);
        if (s->request_in)
            out_printf(o, "    [Time since request: %lld.%09ld seconds]\n", (long long)s->time.tv_sec, s->time.tv_nsec);
        prev(o, s);
        if (s->request_in)
            out_printf(o, "    [Request in frame: %llu]\n", (unsigned long long)s->request_in);
        if (s->full_uri[0]) {
            out_str(o, "    [Request URI: ");
            text(o, (const uint8_t *)s->full_uri, strlen(s->full_uri));
            out_str(o, "]\n");
        }
    }
    if (m->chunked && m->body.len)
        chunks(o, p, m->body);
    const uint8_t *b;
    size_t n = m->body.len ? http_body(m, p, &b) : 0;
    if (n)
        out_printf(o, "    File Data: %zu bytes\n", n);
}

/* The body as data-text-lines shows it: its media type, then each line
 * with its line end, escaped (tvb_find_line_end without desegmenting: the
 * last line may have none). */
static void text_lines(struct out *o, const struct httpm *m, const uint8_t *p)
{
    const uint8_t *b;
    size_t n = http_body(m, p, &b), lines = 0;
    for (size_t off = 0; off < n; lines++) {
        const uint8_t *e = b + off;
        while (e < b + n && *e != '\r' && *e != '\n')
            e++;
        off = e < b + n ? (size_t)(e - b) + (*e == '\r' && e + 1 < b + n && e[1] == '\n' ? 2 : 1) : n;
    }
    struct httpm_span t = httpm_media_type(p, m->hdr[m->content_type].value);
    char mt[256];
    size_t k = t.len < sizeof mt - 1 ? t.len : sizeof mt - 1;
    for (size_t i = 0; i < k; i++)           /* HTTP lower-cases the media type */
        mt[i] = (char)(p[t.off + i] >= 'A' && p[t.off + i] <= 'Z' ? p[t.off + i] + 32 : p[t.off + i]);
    out_str(o, "Line-based text data: ");
    text(o, (const uint8_t *)mt, k);
    out_printf(o, " (%zu lines)\n", lines);
    for (size_t off = 0; off < n;) {
        const uint8_t *e = b + off;
        while (e < b + n && *e != '\r' && *e != '\n')
            e++;
        size_t next = e < b + n ? (size_t)(e - b) + (*e == '\r' && e + 1 < b + n && e[1] == '\n' ? 2 : 1) : n;
        out_str(o, "    ");
        text(o, b + off, next - off);
        out_char(o, '\n');
        off = next;
    }
}

void detail_http(struct out *o, const struct view *v)
{
    const struct http_frame *h = v->tk ? v->tk->http : NULL;
    if (!h || !h->http)
        return;
    if (h->nseg)
        segments(o, h);
    for (int i = 0; i < h->nmsg; i++) {
        message(o, &h->msg[i], h->data + h->msg[i].off);
        if (http_body_kind(&h->msg[i].m, h->data + h->msg[i].off) == HTTP_BODY_TEXT)
            text_lines(o, &h->msg[i].m, h->data + h->msg[i].off);
    }
}
