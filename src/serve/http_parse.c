#include "serve/http_parse.h"

#include <string.h>

/* A read position in the buffer; every step below returns 0 on success or
 * HTTP_PARSE_INCOMPLETE / HTTP_PARSE_MALFORMED. */
struct cursor {
    const char *p, *end;
};

/* tchar from RFC 9110 5.6.2: the characters of a method or header name. */
static bool is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* Request-target characters: visible ASCII only. */
static bool is_target_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f;
}

/* Header value and reason phrase characters: HTAB, SP, VCHAR, obs-text. */
static bool is_text_char(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

static bool is_ows(char c)
{
    return c == ' ' || c == '\t';
}

/* A line end: CRLF or bare LF. */
static int eat_eol(struct cursor *c)
{
    if (c->p == c->end)
        return HTTP_PARSE_INCOMPLETE;
    if (*c->p == '\n') {
        c->p++;
        return 0;
    }
    if (*c->p != '\r')
        return HTTP_PARSE_MALFORMED;
    if (c->p + 1 == c->end)
        return HTTP_PARSE_INCOMPLETE;
    if (c->p[1] != '\n')
        return HTTP_PARSE_MALFORMED;
    c->p += 2;
    return 0;
}

static bool at_eol(const struct cursor *c)
{
    return c->p < c->end && (*c->p == '\r' || *c->p == '\n');
}

/* A non-empty token followed by the delimiter, which is consumed. */
static int eat_token(struct cursor *c, char delim, struct http_slice *out)
{
    const char *start = c->p;
    for (;;) {
        if (c->p == c->end)
            return HTTP_PARSE_INCOMPLETE;
        if (*c->p == delim)
            break;
        if (!is_tchar((unsigned char)*c->p))
            return HTTP_PARSE_MALFORMED;
        c->p++;
    }
    if (c->p == start)
        return HTTP_PARSE_MALFORMED;
    out->ptr = start;
    out->len = (size_t)(c->p - start);
    c->p++;
    return 0;
}

/* A fixed string, e.g. "HTTP/1." (case-sensitive, as RFC 9112 2.3 says). */
static int eat_literal(struct cursor *c, const char *lit)
{
    for (; *lit; lit++, c->p++) {
        if (c->p == c->end)
            return HTTP_PARSE_INCOMPLETE;
        if (*c->p != *lit)
            return HTTP_PARSE_MALFORMED;
    }
    return 0;
}

static int eat_digit(struct cursor *c, int *out)
{
    if (c->p == c->end)
        return HTTP_PARSE_INCOMPLETE;
    if (*c->p < '0' || *c->p > '9')
        return HTTP_PARSE_MALFORMED;
    *out = *c->p++ - '0';
    return 0;
}

/* "HTTP/1." and the minor version digit. */
static int eat_version(struct cursor *c, int *minor)
{
    int r = eat_literal(c, "HTTP/1.");
    return r ? r : eat_digit(c, minor);
}

/* Text up to the end of the line (not consumed), with surrounding
 * whitespace trimmed. */
static int eat_text(struct cursor *c, struct http_slice *out)
{
    while (c->p < c->end && is_ows(*c->p))
        c->p++;
    const char *start = c->p;
    for (;;) {
        if (c->p == c->end)
            return HTTP_PARSE_INCOMPLETE;
        if (*c->p == '\r' || *c->p == '\n')
            break;
        if (!is_text_char((unsigned char)*c->p))
            return HTTP_PARSE_MALFORMED;
        c->p++;
    }
    const char *stop = c->p;
    while (stop > start && is_ows(stop[-1]))
        stop--;
    out->ptr = start;
    out->len = (size_t)(stop - start);
    return 0;
}

/* Header fields up to and including the empty line. */
static int eat_headers(struct cursor *c, struct http_header *headers, size_t *num)
{
    *num = 0;
    for (;;) {
        if (c->p == c->end)
            return HTTP_PARSE_INCOMPLETE;
        if (at_eol(c))
            return eat_eol(c);
        if (is_ows(*c->p))  /* obs-fold, or whitespace before a name */
            return HTTP_PARSE_MALFORMED;
        if (*num == HTTP_MAX_HEADERS)
            return HTTP_PARSE_TOO_MANY_HEADERS;
        struct http_header *h = &headers[*num];
        int r = eat_token(c, ':', &h->name);
        if (!r)
            r = eat_text(c, &h->value);
        if (!r)
            r = eat_eol(c);
        if (r)
            return r;
        (*num)++;
    }
}

static long done(const struct cursor *c, const char *buf, int r)
{
    return r ? r : (long)(c->p - buf);
}

long http_parse_request(const char *buf, size_t len, struct http_request *req)
{
    struct cursor c = { buf, buf + len };
    int r;
    while (at_eol(&c))  /* empty lines before the request line */
        if ((r = eat_eol(&c)))
            return r;
    if (c.p == c.end)
        return HTTP_PARSE_INCOMPLETE;

    if ((r = eat_token(&c, ' ', &req->method)))
        return r;
    const char *start = c.p;
    for (;;) {
        if (c.p == c.end)
            return HTTP_PARSE_INCOMPLETE;
        if (*c.p == ' ')
            break;
        if (!is_target_char((unsigned char)*c.p))
            return HTTP_PARSE_MALFORMED;
        c.p++;
    }
    if (c.p == start)
        return HTTP_PARSE_MALFORMED;
    req->path.ptr = start;
    req->path.len = (size_t)(c.p - start);
    c.p++;
    if ((r = eat_version(&c, &req->minor_version)) || (r = eat_eol(&c)))
        return r;
    return done(&c, buf, eat_headers(&c, req->headers, &req->num_headers));
}

long http_parse_response(const char *buf, size_t len, struct http_response *res)
{
    struct cursor c = { buf, buf + len };
    int r, d;
    if ((r = eat_version(&c, &res->minor_version)) || (r = eat_literal(&c, " ")))
        return r;
    res->status = 0;
    for (int i = 0; i < 3; i++) {
        if ((r = eat_digit(&c, &d)))
            return r;
        res->status = res->status * 10 + d;
    }
    if (res->status < 100)
        return HTTP_PARSE_MALFORMED;
    if (c.p == c.end)
        return HTTP_PARSE_INCOMPLETE;
    if (*c.p == ' ') {
        c.p++;
        if ((r = eat_text(&c, &res->reason)))
            return r;
    } else if (at_eol(&c)) {  /* "HTTP/1.1 200" with no reason */
        res->reason.ptr = c.p;
        res->reason.len = 0;
    } else {
        return HTTP_PARSE_MALFORMED;
    }
    if ((r = eat_eol(&c)))
        return r;
    return done(&c, buf, eat_headers(&c, res->headers, &res->num_headers));
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool http_slice_ieq(struct http_slice s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s.ptr[i]) != lower(lit[i]))
            return false;
    return true;
}

const struct http_slice *http_header_find(const struct http_header *headers, size_t n,
                                          const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (http_slice_ieq(headers[i].name, name))
            return &headers[i].value;
    return NULL;
}

size_t http_header_count(const struct http_header *headers, size_t n, const char *name)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += http_slice_ieq(headers[i].name, name);
    return count;
}

bool http_list_has(struct http_slice list, const char *token)
{
    const char *p = list.ptr, *end = list.ptr + list.len;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        struct http_slice item = { p, (size_t)(stop - p) };
        while (item.len && is_ows(item.ptr[0])) {
            item.ptr++;
            item.len--;
        }
        while (item.len && is_ows(item.ptr[item.len - 1]))
            item.len--;
        if (http_slice_ieq(item, token))
            return true;
        p = stop + 1;
    }
    return false;
}

int http_content_length(struct http_slice value, uint64_t *out)
{
    if (value.len == 0 || value.len > 18)  /* 18 digits always fit */
        return -1;
    uint64_t n = 0;
    for (size_t i = 0; i < value.len; i++) {
        if (value.ptr[i] < '0' || value.ptr[i] > '9')
            return -1;
        n = n * 10 + (uint64_t)(value.ptr[i] - '0');
    }
    *out = n;
    return 0;
}
