/* HTTP/1.x messages as Wireshark 4.0 reads them: see http_msg.h. */
#include <stdio.h>
#include <string.h>

#include "track/http_msg.h"

long httpm_line(const uint8_t *p, size_t n, size_t off, size_t *next)
{
    /* The first CR or LF, found by two memchr scans (this runs on every
     * data segment of a connection not yet known to be HTTP, for the
     * heuristic, so a byte loop here was a quarter of a summary run). */
    if (off >= n)
        return -1;
    const uint8_t *line = p + off;
    size_t avail = n - off;
    const uint8_t *lf = memchr(line, '\n', avail);
    size_t end = lf ? (size_t)(lf - line) : avail;
    const uint8_t *cr = memchr(line, '\r', end);
    if (cr) {
        size_t i = off + (size_t)(cr - line);
        if (i + 1 >= n)
            return -1;                /* its LF may be in the next segment */
        *next = i + (p[i + 1] == '\n' ? 2 : 1);
        return (long)(i - off);
    }
    if (!lf)
        return -1;
    *next = off + end + 1;
    return (long)end;
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static bool ieq(const uint8_t *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (n != l)
        return false;
    for (size_t i = 0; i < l; i++)
        if (lower(p[i]) != lower((unsigned char)lit[i]))
            return false;
    return true;
}

static bool iprefix(const uint8_t *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && ieq(p, l, lit);
}

/* The methods packet-http.c's is_http_request_or_reply knows. */
static const char *const methods[] = {
    "GET", "PUT", "ACL", "POST", "HEAD", "COPY", "MOVE", "LOCK", "POLL", "MKCOL", "TRACE", "PATCH", "LABEL",
    "MERGE", "BCOPY", "BMOVE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE",
    "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "M-SEARCH", "CCM_POST", "SUBSCRIBE",
    "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKCALENDAR", "ORDERPATCH",
    "RPC_IN_DATA", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "RPC_OUT_DATA", "VERSION-CONTROL",
    "BASELINE-CONTROL",
};

static bool is_method(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (strlen(methods[i]) == n && memcmp(p, methods[i], n) == 0)
            return true;
    return false;
}

static size_t find_byte(const uint8_t *p, size_t from, size_t to, uint8_t c)
{
    for (size_t i = from; i < to; i++)
        if (p[i] == c)
            return i;
    return to;
}

/* The first line: request, response, or neither. */
static void first_line(const uint8_t *p, size_t len, struct httpm *m)
{
    size_t sp = find_byte(p, 0, len, ' ');
    if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        m->kind = HTTPM_RESPONSE;
        m->version = (struct httpm_span){ 0, (uint32_t)sp };
        size_t c = sp < len ? sp + 1 : len;
        size_t ce = find_byte(p, c, len, ' ');
        m->code_ok = ce - c == 3;
        for (size_t i = c; i < ce && i < c + 3; i++)
            if (p[i] >= '0' && p[i] <= '9')
                m->code = (uint16_t)(m->code * 10 + (p[i] - '0'));
            else
                m->code_ok = false;
        size_t ph = ce < len ? ce + 1 : len;
        m->phrase = (struct httpm_span){ (uint32_t)ph, (uint32_t)(len - ph) };
        return;
    }
    if (sp < len && is_method(p, sp)) {
        m->kind = HTTPM_REQUEST;
        m->method = (struct httpm_span){ 0, (uint32_t)sp };
        size_t u = sp + 1;
        size_t ue = find_byte(p, u, len, ' ');
        m->uri = (struct httpm_span){ (uint32_t)u, (uint32_t)(ue - u) };
        size_t v = ue < len ? ue + 1 : len;
        m->version = (struct httpm_span){ (uint32_t)v, (uint32_t)(len - v) };
    }
}

/* A decimal Content-Length as g_ascii_strtoll reads it: blanks, digits;
 * -1 when there are none or it overflows. */
static int64_t parse_length(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (i == n || p[i] < '0' || p[i] > '9')
        return -1;
    int64_t v = 0;
    for (; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
        if (v > (INT64_MAX - 9) / 10)
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static bool list_has(const uint8_t *p, size_t n, const char *tok)
{
    size_t l = strlen(tok);
    for (size_t i = 0; i + l <= n; i++)
        if (ieq(p + i, l, tok))
            return true;
    return false;
}

/* Hex chunk size, as strtol(.., 16) reads it; -1 without a digit. */
static int64_t parse_hex(const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    int64_t v = 0;
    size_t d = 0;
    for (; i < n; i++, d++) {
        int c = lower(p[i]), x;
        if (c >= '0' && c <= '9')
            x = c - '0';
        else if (c >= 'a' && c <= 'f')
            x = c - 'a' + 10;
        else
            break;
        if (v > (INT64_MAX >> 4))
            return -1;
        v = v << 4 | x;
    }
    return d ? v : -1;
}

/* Where a chunked body that starts at off ends (after its trailer), or 0
 * when the bytes stop first. */
static size_t chunked_end(const uint8_t *p, size_t n, size_t off)
{
    for (;;) {
        size_t next;
        long l = httpm_line(p, n, off, &next);
        if (l < 0)
            return 0;
        int64_t sz = parse_hex(p + off, (size_t)l);
        if (sz < 0)
            return next;                  /* not a chunk: Wireshark stops there */
        if (sz == 0) {
            off = next;
            for (;;) {                    /* the trailer, up to an empty line */
                l = httpm_line(p, n, off, &next);
                if (l < 0)
                    return 0;
                off = next;
                if (l == 0)
                    return off;
            }
        }
        if ((uint64_t)sz > n - next || n - next - (size_t)sz < 2)
            return 0;
        off = next + (size_t)sz + 2;
    }
}

size_t httpm_dechunk(const uint8_t *p, struct httpm_span body, uint8_t *out, size_t cap)
{
    size_t n = (size_t)body.off + body.len, off = body.off, w = 0;
    for (;;) {
        size_t next;
        long l = httpm_line(p, n, off, &next);
        if (l < 0)
            return w;
        int64_t sz = parse_hex(p + off, (size_t)l);
        if (sz <= 0 || (uint64_t)sz > n - next)
            return w;
        size_t k = (size_t)sz < cap - w ? (size_t)sz : cap - w;
        memcpy(out + w, p + next, k);
        w += k;
        off = next + (size_t)sz;
        if (n - off >= 2)
            off += 2;
    }
}

enum httpm_status httpm_parse(const uint8_t *p, size_t n, bool head_request, bool at_fin, struct httpm *m)
{
    memset(m, 0, sizeof *m);
    m->content_length = -1;
    m->content_type = -1;
    size_t next;
    long l = httpm_line(p, n, 0, &next);
    if (l < 0) {
        if (!at_fin)
            return HTTPM_MORE;
        l = (long)n;                  /* the last bytes before the close */
        next = n;
    }
    m->line = (struct httpm_span){ 0, (uint32_t)l };
    m->line_eol = (uint8_t)(next - (size_t)l);
    first_line(p, (size_t)l, m);
    if (!m->kind) {
        /* Not a message start: the rest is a continuation of the last one. */
        m->kind = HTTPM_CONTINUATION;
        m->len = (uint32_t)n;
        m->body = (struct httpm_span){ 0, (uint32_t)n };
        return HTTPM_DONE;
    }
    /* Header lines, up to the empty line. */
    size_t off = next;
    for (;;) {
        l = httpm_line(p, n, off, &next);
        if (l < 0) {
            if (!at_fin)
                return HTTPM_MORE;
            m->len = (uint32_t)n;
            return HTTPM_DONE;
        }
        if (l == 0) {
            m->blank_eol = (uint8_t)(next - off);
            off = next;
            break;
        }
        const uint8_t *h = p + off;
        size_t colon = find_byte(h, 0, (size_t)l, ':');
        size_t v = colon < (size_t)l ? colon + 1 : (size_t)l;
        while (v < (size_t)l && (h[v] == ' ' || h[v] == '\t'))
            v++;
        if (colon < (size_t)l) {
            if (ieq(h, colon, "content-length")) {
                int64_t cl = parse_length(h + v, (size_t)l - v);
                if (cl >= 0)
                    m->content_length = cl;
            } else if (ieq(h, colon, "transfer-encoding") && list_has(h + v, (size_t)l - v, "chunked")) {
                m->chunked = true;
            } else if (ieq(h, colon, "content-type") && m->nhdr < HTTPM_MAX_HDRS) {
                m->content_type = m->nhdr;
            }
        }
        if (m->nhdr < HTTPM_MAX_HDRS) {
            struct httpm_hdr *hd = &m->hdr[m->nhdr++];
            hd->line = (struct httpm_span){ (uint32_t)off, (uint32_t)l };
            hd->name = (struct httpm_span){ (uint32_t)off, (uint32_t)(colon < (size_t)l ? colon : (size_t)l) };
            hd->value = (struct httpm_span){ (uint32_t)(off + v), (uint32_t)((size_t)l - v) };
            hd->eol = (uint8_t)(next - off - (size_t)l);
        }
        m->nhdr_all++;
        off = next;
    }
    m->hdr_end = (uint32_t)off;
    m->body.off = (uint32_t)off;
    bool nobody = m->kind == HTTPM_RESPONSE &&
                  (head_request || (m->code >= 100 && m->code < 200) || m->code == 204 || m->code == 304);
    if (nobody) {
        m->len = (uint32_t)off;
        return HTTPM_DONE;
    }
    if (m->chunked) {
        size_t end = chunked_end(p, n, off);
        if (!end) {
            if (!at_fin)
                return HTTPM_MORE;
            end = n;
        }
        m->body.len = (uint32_t)(end - off);
        m->len = (uint32_t)end;
        return HTTPM_DONE;
    }
    if (m->content_length >= 0 && m->content_length <= INT32_MAX) {
        uint64_t want = (uint64_t)off + (uint64_t)m->content_length;
        if (want > n && !at_fin) {
            m->need = want;
            return HTTPM_MORE_LEN;
        }
        if (want > n)
            want = n;
        m->body.len = (uint32_t)(want - off);
        m->len = (uint32_t)want;
        return HTTPM_DONE;
    }
    if (m->kind == HTTPM_REQUEST && m->content_length < 0) {
        m->len = (uint32_t)off;
        return HTTPM_DONE;
    }
    /* No length: the body runs until the sender closes. */
    if (!at_fin)
        return HTTPM_UNTIL_FIN;
    m->body.len = (uint32_t)(n - off);
    m->len = (uint32_t)n;
    return HTTPM_DONE;
}

bool httpm_heuristic(const uint8_t *p, size_t n)
{
    size_t next;
    long l = httpm_line(p, n, 0, &next);
    if (l < 0 || l == 8)
        return false;
    if (iprefix(p, n, "HTTP/1."))
        return true;
    /* The 8 bytes before the line end; a short line counts from the end of
     * the payload, as a negative tvb offset does. */
    long o = l - 8;
    if (o < 0)
        o += (long)n;
    return o >= 0 && (size_t)o + 7 <= n && iprefix(p + o, 7, "HTTP/1.");
}

struct httpm_span httpm_media_type(const uint8_t *p, struct httpm_span value)
{
    uint32_t i = 0;
    while (i < value.len && p[value.off + i] != ';' && p[value.off + i] != ' ' && p[value.off + i] != '\t')
        i++;
    return (struct httpm_span){ value.off, i };
}

/* The length of the valid UTF-8 sequence at p[0..n), 0 if none. */
static size_t utf8_len(const uint8_t *p, size_t n)
{
    size_t l = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : 0;
    if (p[0] >= 0xf5 || l > n)
        return 0;
    for (size_t i = 1; i < l; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return l;
}

size_t httpm_format(const uint8_t *p, size_t n, char *dst, size_t cap)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w + 8 < cap; i++) {
        uint8_t c = p[i];
        size_t u;
        if (c == '\t' || c == '\r' || c == '\n') {
            dst[w++] = '\\';
            dst[w++] = c == '\t' ? 't' : c == '\r' ? 'r' : 'n';
        } else if (c < 0x20 || c == 0x7f) {
            w += (size_t)snprintf(dst + w, cap - w, "\\%03o", c);
        } else if (c < 0x80) {
            dst[w++] = (char)c;
        } else if ((u = utf8_len(p + i, n - i)) != 0) {
            memcpy(dst + w, p + i, u);
            w += u;
            i += u - 1;
        } else {
            memcpy(dst + w, "\xef\xbf\xbd", 3);
            w += 3;
        }
    }
    if (cap)
        dst[w] = 0;
    return w;
}
