/* HTTP's fields as tshark 4.0 shows them, one occurrence per message of the
 * frame (track/http.h), and TCP's reassembly fields on the frame that
 * completes a PDU. Values are the packet's bytes; field_write escapes them
 * (D_TEXT). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "present/fields_http.h"

static const struct http_frame *hf(const struct view *v)
{
    return v->tk && v->tk->http && v->tk->http->http ? v->tk->http : NULL;
}

static int bytes(struct fval *val, const uint8_t *p, uint32_t n)
{
    val->p = p;
    val->n = n;
    return 1;
}

static int text(struct fval *val, const char *s)
{
    return bytes(val, (const uint8_t *)s, (uint32_t)strlen(s));
}

/* Each message of kind KIND (0: any but continuations, -1: any) through body. */
#define EACH(KIND, body)                                                      \
    const struct http_frame *h = hf(v);                                     \
    int k = 0;                                                              \
    (void)fd;                                                               \
    if (!h)                                                                 \
        return 0;                                                           \
    for (int i = 0; i < h->nmsg && k < max; i++) {                          \
        const struct http_shown *s = &h->msg[i];                            \
        const struct httpm *m = &s->m;                                      \
        const uint8_t *p = h->data + s->off;                                \
        (void)p;                                                            \
        if (KIND > 0 ? m->kind != (KIND) : !KIND && m->kind == HTTPM_CONTINUATION) \
            continue;                                                       \
        body                                                                \
    }                                                                       \
    return k;

/* One "http" layer a message: its bytes. */
HTTP_GETTER(get_proto_http)
{
    EACH(-1, val[k].p = p; val[k].n = m->len; val[k].i = m->len; k++;)
}

HTTP_GETTER(get_http_request) { EACH(HTTPM_REQUEST, val[k++].i = 1;) }
HTTP_GETTER(get_http_response) { EACH(HTTPM_RESPONSE, val[k++].i = 1;) }
HTTP_GETTER(get_http_request_method) { EACH(HTTPM_REQUEST, k += bytes(&val[k], p + m->method.off, m->method.len);) }
HTTP_GETTER(get_http_request_uri) { EACH(HTTPM_REQUEST, k += bytes(&val[k], p + m->uri.off, m->uri.len);) }
HTTP_GETTER(get_http_request_version)
{
    EACH(HTTPM_REQUEST, k += bytes(&val[k], p + m->version.off, m->version.len);)
}
HTTP_GETTER(get_http_request_full_uri) { EACH(HTTPM_REQUEST, if (s->full_uri[0]) k += text(&val[k], s->full_uri);) }
HTTP_GETTER(get_http_request_number) { EACH(HTTPM_REQUEST, val[k++].i = s->number;) }
HTTP_GETTER(get_http_prev_request_in) { EACH(0, if (s->prev_request_in) val[k++].i = (int64_t)s->prev_request_in;) }
HTTP_GETTER(get_http_response_version)
{
    EACH(HTTPM_RESPONSE, k += bytes(&val[k], p + m->version.off, m->version.len);)
}
HTTP_GETTER(get_http_response_code) { EACH(HTTPM_RESPONSE, if (m->code_ok) val[k++].i = m->code;) }
HTTP_GETTER(get_http_response_code_desc)
{
    EACH(HTTPM_RESPONSE, const char *t = m->code_ok ? http_status_text(m->code) : NULL; if (t) k += text(&val[k], t);)
}
HTTP_GETTER(get_http_response_phrase) { EACH(HTTPM_RESPONSE, k += bytes(&val[k], p + m->phrase.off, m->phrase.len);) }
HTTP_GETTER(get_http_response_number) { EACH(HTTPM_RESPONSE, val[k++].i = s->number;) }
HTTP_GETTER(get_http_response_for_uri)
{
    EACH(HTTPM_RESPONSE, if (s->full_uri[0]) k += text(&val[k], s->full_uri);)
}
HTTP_GETTER(get_http_request_in) { EACH(HTTPM_RESPONSE, if (s->request_in) val[k++].i = (int64_t)s->request_in;) }
HTTP_GETTER(get_http_time) { EACH(HTTPM_RESPONSE, if (s->request_in) val[k++].t = s->time;) }

/* Header lines, with their line ends (http.request.line, .response.line). */
static int header_lines(const struct field *fd, const struct view *v, struct fval *val, int max, int kind)
{
    EACH(kind, for (int j = 0; j < m->nhdr && k < max; j++) k += bytes(&val[k], p + m->hdr[j].line.off,
                                                                   m->hdr[j].line.len + m->hdr[j].eol);)
}
HTTP_GETTER(get_http_request_line) { return header_lines(fd, v, val, max, HTTPM_REQUEST); }
HTTP_GETTER(get_http_response_line) { return header_lines(fd, v, val, max, HTTPM_RESPONSE); }

/* A header's value: the field's name after "http." names the header
 * ("http.user_agent": User-Agent; "http.content_length_header":
 * Content-Length). */
static bool header_named(const uint8_t *p, struct httpm_span name, const char *field)
{
    static const struct { const char *field, *header; } odd[] = {
        { "http.content_length_header", "content-length" },
        { "http.accept_encoding", "accept-encoding" },
        { "http.set_cookie", "set-cookie" },
    };
    const char *want = field + 5;
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++)
        if (strcmp(field, odd[i].field) == 0)
            want = odd[i].header;
    if (strlen(want) != name.len)
        return false;
    for (uint32_t i = 0; i < name.len; i++) {
        int c = p[name.off + i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        int w = want[i] == '_' ? '-' : want[i];
        if (c != w)
            return false;
    }
    return true;
}

HTTP_GETTER(get_http_header)
{
    EACH(0, for (int j = 0; j < m->nhdr && k < max; j++) if (header_named(p, m->hdr[j].name, fd->name)) k +=
             bytes(&val[k], p + m->hdr[j].value.off, m->hdr[j].value.len);)
}

int http_header_field(const uint8_t *p, struct httpm_span name)
{
    for (int id = 0; id < FIELD_COUNT; id++)
        if (fields[id].get == get_http_header && header_named(p, name, fields[id].name))
            return id;
    return -1;
}

HTTP_GETTER(get_http_content_length) { EACH(0, if (m->content_length >= 0) val[k++].i = m->content_length;) }

HTTP_GETTER(get_http_file_data)
{
    /* The body, de-chunked (http.dechunk_body). */
    static uint8_t dechunked[HTTP_FRAME_MSGS][1 << 16];
    EACH(-1, if (m->body.len) {
        if (m->chunked) {
            size_t n = httpm_dechunk(p, m->body, dechunked[k % HTTP_FRAME_MSGS], sizeof dechunked[0]);
            if (n)
                k += bytes(&val[k], dechunked[k % HTTP_FRAME_MSGS], (uint32_t)n);
        } else {
            k += bytes(&val[k], p + m->body.off, m->body.len);
        }
    })
}

size_t http_body(const struct httpm *m, const uint8_t *p, const uint8_t **out)
{
    static uint8_t *buf;          /* grown to the longest chunked body seen, kept */
    static size_t cap;
    *out = p + m->body.off;
    if (!m->chunked)
        return m->body.len;
    if (cap < m->body.len) {
        uint8_t *b = realloc(buf, m->body.len);
        if (!b)
            return 0;
        buf = b, cap = m->body.len;
    }
    *out = buf;
    return cap ? httpm_dechunk(p, m->body, buf, cap) : 0;
}

enum http_body http_body_kind(const struct httpm *m, const uint8_t *p)
{
    static const char *const text_types[] = {   /* packet-text-media.c's media_type entries */
        "text/plain", "text/richtext", "text/enriched", "text/parameters", "text/html",
        "text/css", "application/xml-external-parsed-entity", "text/javascript",
        "application/x-javascript", "application/x-tia-p25-issi", "application/x-tia-p25-sndcp",
        "application/x-ns-proxy-autoconfig", "text/vnd.sun.j2me.app-descriptor",
        "application/vnd.poc.refer-to", "application/vnd.drm.message", "application/x-wms-logplaystats",
        "application/x-rtsp-udp-packetpair",
    };
    static const char *const xml_types[] = {
        "text/xml", "application/xml", "application/soap+xml", "text/xml-external-parsed-entity",
    };
    const uint8_t *b;
    size_t n = m->body.len ? http_body(m, p, &b) : 0;
    if (!n)
        return HTTP_BODY_NONE;
    if (m->kind == HTTPM_CONTINUATION || m->content_type < 0)
        return HTTP_BODY_OTHER;
    struct httpm_span t = httpm_media_type(p, m->hdr[m->content_type].value);
    for (size_t i = 0; i < sizeof xml_types / sizeof xml_types[0]; i++)
        if (strlen(xml_types[i]) == t.len && strncasecmp((const char *)p + t.off, xml_types[i], t.len) == 0)
            return HTTP_BODY_XML;
    for (size_t i = 0; i < sizeof text_types / sizeof text_types[0]; i++)
        if (strlen(text_types[i]) == t.len && strncasecmp((const char *)p + t.off, text_types[i], t.len) == 0)
            /* data-text-lines hands text longer than 38 bytes starting "<?xml" to XML */
            return n > 38 && strncasecmp((const char *)b, "<?xml", 5) == 0 ? HTTP_BODY_XML : HTTP_BODY_TEXT;
    return HTTP_BODY_OTHER;
}

static const struct http_frame *reassembled(const struct view *v)
{
    const struct http_frame *h = hf(v);
    return h && h->nseg ? h : NULL;
}

HTTP_GETTER(get_tcp_segment)
{
    (void)fd;
    const struct http_frame *h = reassembled(v);
    if (!h)
        return 0;
    int k = 0;
    for (uint32_t i = 0; i < h->nseg && k < max; i++)
        val[k++].i = (int64_t)h->seg[i].frame;
    return k;
}
HTTP_GETTER(get_tcp_segments)
{
    (void)fd, (void)max;
    return reassembled(v) ? (val->i = 1, 1) : 0;
}
HTTP_GETTER(get_tcp_segment_count)
{
    (void)fd, (void)max;
    const struct http_frame *h = reassembled(v);
    return h ? (val->i = h->nseg, 1) : 0;
}
HTTP_GETTER(get_tcp_reassembled_length)
{
    (void)fd, (void)max;
    const struct http_frame *h = reassembled(v);
    return h ? (val->i = h->reassembled_len, 1) : 0;
}
HTTP_GETTER(get_tcp_reassembled_data)
{
    (void)fd, (void)max;
    const struct http_frame *h = reassembled(v);
    return h ? bytes(val, h->data, h->reassembled_len) : 0;
}

const char *http_status_text(unsigned code)
{
    static const struct { unsigned short code; const char *text; } t[] = {
        { 100, "Continue" }, { 101, "Switching Protocols" }, { 102, "Processing" }, { 103, "Early Hints" },
        { 200, "OK" }, { 201, "Created" }, { 202, "Accepted" }, { 203, "Non-authoritative Information" },
        { 204, "No Content" }, { 205, "Reset Content" }, { 206, "Partial Content" }, { 207, "Multi-Status" },
        { 208, "Already Reported" }, { 226, "IM Used" },
        { 300, "Multiple Choices" }, { 301, "Moved Permanently" }, { 302, "Found" }, { 303, "See Other" },
        { 304, "Not Modified" }, { 305, "Use Proxy" }, { 307, "Temporary Redirect" }, { 308, "Permanent Redirect" },
        { 400, "Bad Request" }, { 401, "Unauthorized" }, { 402, "Payment Required" }, { 403, "Forbidden" },
        { 404, "Not Found" }, { 405, "Method Not Allowed" }, { 406, "Not Acceptable" },
        { 407, "Proxy Authentication Required" }, { 408, "Request Time-out" }, { 409, "Conflict" }, { 410, "Gone" },
        { 411, "Length Required" }, { 412, "Precondition Failed" }, { 413, "Request Entity Too Large" },
        { 414, "Request-URI Too Long" }, { 415, "Unsupported Media Type" },
        { 416, "Requested Range Not Satisfiable" }, { 417, "Expectation Failed" }, { 418, "I'm a teapot" },
        { 421, "Misdirected Request" }, { 422, "Unprocessable Entity" }, { 423, "Locked" },
        { 424, "Failed Dependency" }, { 425, "Too Early" }, { 426, "Upgrade Required" },
        { 428, "Precondition Required" }, { 429, "Too Many Requests" }, { 431, "Request Header Fields Too Large" },
        { 451, "Unavailable For Legal Reasons" },
        { 500, "Internal Server Error" }, { 501, "Not Implemented" }, { 502, "Bad Gateway" },
        { 503, "Service Unavailable" }, { 504, "Gateway Time-out" }, { 505, "HTTP Version not supported" },
        { 506, "Variant Also Negotiates" }, { 507, "Insufficient Storage" }, { 508, "Loop Detected" },
        { 510, "Not Extended" }, { 511, "Network Authentication Required" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (t[i].code == code)
            return t[i].text;
    return NULL;
}
