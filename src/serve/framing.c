#include "serve/framing.h"

#include "serve/serve.h"

void framing_init(struct framing *fr)
{
    fr->state = FRAMING_HEAD;
    fr->body_left = 0;
}

long framing_skip_body(struct framing *fr, const char *in, size_t avail)
{
    if (fr->state == FRAMING_BODY) {
        size_t n = avail < fr->body_left ? avail : (size_t)fr->body_left;
        fr->body_left -= n;
        if (fr->body_left == 0)
            fr->state = FRAMING_HEAD;
        return (long)n;
    }
    bool done;
    long n = http_chunked_skip(&fr->chunked, in, avail, &done);
    if (n < 0 || done)
        fr->state = FRAMING_HEAD;
    return n;
}

long framing_head(const char *in, size_t avail, struct http_request *req)
{
    long n = http_parse_request(in, avail, req);
    if (n == HTTP_PARSE_INCOMPLETE)
        return avail > SERVE_HEAD_MAX ? -431 : 0;
    if (n == HTTP_PARSE_MALFORMED)
        return -400;
    if (n == HTTP_PARSE_TOO_MANY_HEADERS || n > SERVE_HEAD_MAX)
        return -431;
    return n;
}

/* How the body is framed. 0, or the status to fail with. */
static int body_framing(struct framing *fr, const struct http_request *req)
{
    const struct http_header *h = req->headers;
    size_t n = req->num_headers;
    const struct http_slice *te = http_header_find(h, n, "transfer-encoding");
    size_t ncl = http_header_count(h, n, "content-length");
    fr->body_left = 0;
    bool have_length = false;
    if (te) {
        /* Both headers at once is a request-smuggling pattern; refuse. */
        if (ncl || req->minor_version == 0 || http_header_count(h, n, "transfer-encoding") > 1)
            return 400;
        if (!http_slice_ieq(*te, "chunked"))
            return 501;
        http_chunked_init(&fr->chunked);
        fr->state = FRAMING_CHUNKED;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t len;
        if (!http_slice_ieq(h[i].name, "content-length"))
            continue;
        /* Two lengths that differ (even 0 and 5) would let a second
         * request hide in the body: refuse, as nginx. */
        if (http_content_length(h[i].value, &len) < 0 || (have_length && len != fr->body_left))
            return 400;
        fr->body_left = len;
        have_length = true;
    }
    if (fr->body_left)
        fr->state = FRAMING_BODY;
    return 0;
}

int framing_accept(struct framing *fr, const struct http_request *req, bool *keep_alive,
                   bool *send_continue)
{
    const struct http_slice *conn_hdr = http_header_find(req->headers, req->num_headers, "connection");
    *keep_alive = req->minor_version >= 1 ? !(conn_hdr && http_list_has(*conn_hdr, "close"))
                                          : conn_hdr && http_list_has(*conn_hdr, "keep-alive");
    *send_continue = false;
    if (req->minor_version >= 1 && http_header_count(req->headers, req->num_headers, "host") != 1)
        return 400;
    int status = body_framing(fr, req);
    if (status)
        return status;
    const struct http_slice *expect = http_header_find(req->headers, req->num_headers, "expect");
    *send_continue = expect && fr->state != FRAMING_HEAD && req->minor_version >= 1 &&
                     http_slice_ieq(*expect, "100-continue");
    return 0;
}
