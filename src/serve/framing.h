/* How a connection's input divides into requests (RFC 9112 6.3): a head,
 * parsed with http_parse.h, then its body, framed by Content-Length or
 * chunked, skipped. Pure: no I/O and no allocation, so conn.c drives it
 * from the socket and fuzz/fuzz_http.c from bytes. */
#ifndef SYNFIN_SERVE_FRAMING_H
#define SYNFIN_SERVE_FRAMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "serve/http_chunked.h"
#include "serve/http_parse.h"

enum framing_state {
    FRAMING_HEAD,        /* waiting for (the rest of) a request head */
    FRAMING_BODY,        /* skipping body_left bytes of a Content-Length body */
    FRAMING_CHUNKED,     /* reading a chunked body to its end */
};

struct framing {
    enum framing_state state;
    uint64_t body_left;
    struct http_chunked chunked;
};

void framing_init(struct framing *fr);

/* In a body (state is not FRAMING_HEAD): skip what of in[0..avail)
 * belongs to it, back to FRAMING_HEAD once it ends. Returns the bytes
 * used, or -1 if the chunked framing is malformed (conn.c answers a
 * chunked request only once its body has ended: 400 then, and close). */
long framing_skip_body(struct framing *fr, const char *in, size_t avail);

/* Waiting for a head: parse in[0..avail). Returns the head's length (> 0,
 * *req filled), 0 if more bytes are needed, or minus the status to answer
 * with before closing: -400 malformed, -431 over SERVE_HEAD_MAX bytes or
 * HTTP_MAX_HEADERS fields. */
long framing_head(const char *in, size_t avail, struct http_request *req);

/* A complete head: 0 with its body's framing set (fr->state), whether the
 * connection stays open after the answer, and whether "100 Continue" goes
 * first; or the status to fail with (400: no single Host in HTTP/1.1, a
 * bad Content-Length or two that differ, Transfer-Encoding with
 * Content-Length or in HTTP/1.0; 501: a transfer coding other than
 * chunked). */
int framing_accept(struct framing *fr, const struct http_request *req, bool *keep_alive,
                   bool *send_continue);

#endif
