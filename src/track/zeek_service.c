/* Zeek's `service` for HTTP: see zeek_service.h. */
#include <string.h>

#include "track/zeek_service.h"

enum {
    ZS_ORIG_SEEN = 1,         /* the originator's first payload was looked at */
    ZS_RESP_SEEN = 2,
    ZS_ORIG_DPD = 4,          /* it matched dpd_http_client */
    ZS_ORIG_REQUEST = 8,      /* its first line is a request line the analyzer accepts */
    ZS_RESP_DPD = 16,         /* the responder's matched dpd_http_server */
    ZS_PORT = 32,             /* the responder's port is one of HTTP's */
};

static bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

/* is_HTTP_token_char of Zeek's HTTP.cc: RFC 2616 token characters. */
static bool is_token(uint8_t c)
{
    return c > 31 && c < 127 && !strchr(" \t()<>@,;:\\\"/[]?={}", c);
}

static bool has_prefix(const uint8_t *p, uint32_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(p, s, k) == 0;
}

/* /^[[:space:]]*(GET|HEAD|POST)[[:space:]]*\/: the trailing part matches
 * zero spaces, so it is a prefix test after the leading spaces. */
static bool dpd_client(const uint8_t *p, uint32_t n)
{
    uint32_t i = 0;
    while (i < n && is_space(p[i]))
        i++;
    return has_prefix(p + i, n - i, "GET") || has_prefix(p + i, n - i, "HEAD") || has_prefix(p + i, n - i, "POST");
}

/* HTTP_RequestLine on the first line that is not empty (Zeek passes over
 * empty lines while it expects a request; CR LF or LF ends a line, and
 * without one it is what was captured). Only whether it is accepted
 * matters here. */
static bool request_line(const uint8_t *p, uint32_t n)
{
    for (;;) {
        if (n >= 2 && p[0] == '\r' && p[1] == '\n')
            p += 2, n -= 2;
        else if (n >= 1 && p[0] == '\n')
            p += 1, n -= 1;
        else
            break;
    }
    uint32_t end = 0;
    while (end < n && p[end] != '\n')
        end++;
    if (end > 0 && end < n && p[end - 1] == '\r')
        end--;
    uint32_t m = 0;
    while (m < end && is_token(p[m]))
        m++;
    if (m == 0)
        return false;         /* Zeek: bad_HTTP_request (with or without a version) */
    uint32_t rest = m;
    while (rest < end && (p[rest] == ' ' || p[rest] == '\t'))
        rest++;
    if (rest == m)
        return false;
    for (uint32_t i = rest; i + 5 <= end; i++)
        if (memcmp(p + i, "HTTP/", 5) == 0 && (i == rest || p[i - 1] == ' ' || p[i - 1] == '\t'))
            return true;
    /* HTTP/0.9: a GET-sized method and a URI. */
    return m >= 3 && rest < end;
}

void zeek_service_add(struct zeek_service *zs, bool orig, uint16_t resp_port, const uint8_t *p, uint32_t n)
{
    static const uint16_t http_ports[] = { 80, 81, 631, 1080, 3128, 8000, 8080, 8888 };
    if (!(zs->bits & (ZS_ORIG_SEEN | ZS_RESP_SEEN)))
        for (size_t i = 0; i < sizeof http_ports / sizeof *http_ports; i++)
            if (resp_port == http_ports[i])
                zs->bits |= ZS_PORT;
    if (n == 0)
        return;
    if (orig && !(zs->bits & ZS_ORIG_SEEN)) {
        zs->bits |= ZS_ORIG_SEEN;
        if (dpd_client(p, n))
            zs->bits |= ZS_ORIG_DPD;
        if (request_line(p, n))
            zs->bits |= ZS_ORIG_REQUEST;
    } else if (!orig && !(zs->bits & ZS_RESP_SEEN)) {
        zs->bits |= ZS_RESP_SEEN;
        if (n >= 6 && has_prefix(p, n, "HTTP/") && p[5] >= '0' && p[5] <= '9')
            zs->bits |= ZS_RESP_DPD;
    }
}

const char *zeek_service_name(const struct zeek_service *zs)
{
    if (!(zs->bits & ZS_ORIG_REQUEST))
        return NULL;
    bool attached = (zs->bits & ZS_PORT) || ((zs->bits & ZS_ORIG_DPD) && (zs->bits & ZS_RESP_DPD));
    return attached ? "http" : NULL;
}
