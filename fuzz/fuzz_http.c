/* libFuzzer target: `synfin serve`'s reading of requests. The input is
 * what a client sends; its first byte says how the bytes arrive (the size
 * of each read, 1 to 64 bytes or whole), the rest is the byte stream. The
 * stream goes through the connection's framing (serve/framing.h: request
 * heads by http_parse_request, then Content-Length or chunked bodies
 * skipped) as conn.c drives it: within conn.c's 16 KiB input buffer, one
 * step at a time until a failure closes the connection. Each parsed head's
 * slices must lie inside the buffer, and every step must keep its word
 * (no more bytes used than given, progress or a wait for more). The same
 * bytes also go to the response parser (http_parse_response, used by the
 * demo's client) and straight to the chunked-body decoder, and to the
 * dissector's lenient reader of HTTP messages (track/http_msg.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/framing.h"
#include "serve/serve.h"
#include "track/http_msg.h"

#define IBUF 16384     /* conn.c's CONN_IBUF */

static void check_slice(struct http_slice s, const char *buf, size_t len)
{
    if (s.len && (s.ptr < buf || s.ptr + s.len > buf + len))
        abort();
}

static void check_headers(const struct http_header *h, size_t n, const char *buf, size_t len)
{
    if (n > HTTP_MAX_HEADERS)
        abort();
    for (size_t i = 0; i < n; i++) {
        check_slice(h[i].name, buf, len);
        check_slice(h[i].value, buf, len);
    }
}

/* The connection: bytes arrive `piece` at a time (0: all at once). */
static void serve_stream(const char *data, size_t size, size_t piece)
{
    struct framing fr;
    framing_init(&fr);
    size_t ipos = 0, ilen = 0;     /* data[ipos..ilen): received, not yet used */
    for (;;) {
        /* Read: as much as arrives, while the buffer has room. */
        size_t room = IBUF - (ilen - ipos);
        size_t n = piece ? piece : size;
        if (n > room)
            n = room;
        if (n > size - ilen)
            n = size - ilen;
        if (n == 0 && ipos == ilen)
            return;                /* end of input, all used */
        ilen += n;
        size_t before = ipos;
        bool closed = false;
        while (!closed && ipos < ilen) {
            const char *in = data + ipos;
            size_t avail = ilen - ipos;
            if (fr.state != FRAMING_HEAD) {
                long k = framing_skip_body(&fr, in, avail);
                if (k < 0) {
                    closed = true;
                    break;
                }
                if ((size_t)k > avail)
                    abort();
                ipos += (size_t)k;
                if (k == 0 && fr.state != FRAMING_HEAD)
                    abort();       /* a body step that neither moves nor ends */
                continue;
            }
            struct http_request req;
            long k = framing_head(in, avail, &req);
            if (k == 0)
                break;             /* wait for more */
            if (k < 0) {
                if (k != -400 && k != -431)
                    abort();
                closed = true;
                break;
            }
            if ((size_t)k > avail || k > SERVE_HEAD_MAX)
                abort();
            check_slice(req.method, in, (size_t)k);
            check_slice(req.path, in, (size_t)k);
            check_headers(req.headers, req.num_headers, in, (size_t)k);
            ipos += (size_t)k;
            bool keep_alive, send_continue;
            int status = framing_accept(&fr, &req, &keep_alive, &send_continue);
            if (status && status != 400 && status != 501)
                abort();
            if (status || !keep_alive)
                closed = true;
        }
        if (closed)
            return;
        if (n == 0 && ipos == before)
            return;                /* the client is done; the rest never completes */
    }
}

static void check_span(struct httpm_span s, size_t len)
{
    if (s.off > len || s.len > len - s.off)
        abort();
}

/* The dissector's reader (track/http_msg.c), as track/http.c drives it:
 * message after message from the start, each read once as the bytes so far
 * and once as if the sender had closed; every part must lie inside. */
static void dissect_stream(const uint8_t *p, size_t size)
{
    static struct httpm m;
    static uint8_t body[1 << 16];
    (void)httpm_heuristic(p, size);
    for (int fin = 0; fin < 2; fin++) {
        size_t off = 0;
        while (off < size) {
            enum httpm_status st = httpm_parse(p + off, size - off, fin, fin, &m);
            size_t left = size - off;
            check_span(m.line, left);
            check_span(m.method, left);
            check_span(m.uri, left);
            check_span(m.version, left);
            check_span(m.phrase, left);
            check_span(m.body, left);
            if (m.nhdr > HTTPM_MAX_HDRS)
                abort();
            for (int i = 0; i < m.nhdr; i++) {
                check_span(m.hdr[i].line, left);
                check_span(m.hdr[i].name, left);
                check_span(m.hdr[i].value, left);
            }
            if (st != HTTPM_DONE) {
                if (fin)
                    abort();          /* at the close every message ends */
                break;
            }
            if (m.len > left)
                abort();
            if (m.chunked && httpm_dechunk(p + off, m.body, body, sizeof body) > m.body.len)
                abort();
            if (!m.len)
                break;
            off += m.len;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (size < 1)
        return 0;
    size_t piece = bytes[0] & 63 ? bytes[0] & 63 : 0;
    size -= 1;
    /* A buffer of the stream's own size, so ASan sees any read past it. */
    char *data = malloc(size ? size : 1);
    if (!data)
        abort();
    memcpy(data, bytes + 1, size);

    serve_stream(data, size, piece);
    dissect_stream((const uint8_t *)data, size);

    struct http_response res;
    long n = http_parse_response(data, size, &res);
    if (n > 0) {
        if ((size_t)n > size)
            abort();
        check_slice(res.reason, data, size);
        check_headers(res.headers, res.num_headers, data, size);
    }

    struct http_chunked ch;
    http_chunked_init(&ch);
    size_t pos = 0;
    bool done = false;
    while (pos < size && !done) {
        size_t len = piece && size - pos > piece ? piece : size - pos;
        long k = http_chunked_skip(&ch, data + pos, len, &done);
        if (k < 0)
            break;
        if ((size_t)k > len || (!done && (size_t)k != len))   /* all of it unless the body ends */
            abort();
        pos += (size_t)k;
    }
    free(data);
    return 0;
}
