/* A connection is a small state machine:
 *
 *   HEAD     waiting for (the rest of) a request head
 *   BODY     skipping body_left bytes of a Content-Length body
 *   CHUNKED  reading a chunked body to its end; the request is answered
 *            then (200), or with 400 if the chunk framing is broken, as
 *            nginx does: the answer depends on the body being well framed
 *   LINGER   the last response is sent and our side is shut down; reading
 *            and discarding until the client closes or the deadline
 *
 * plus the flag `closing`: an answer that ends the connection has been
 * queued, so no more input is parsed; once the output is sent we shut
 * down our side and linger. Lingering (rather than close() at once) matters
 * because close() with unread input makes the kernel send a RST, which can
 * destroy the response before the client reads it (e.g. 431 after a client
 * has sent more than we read).
 *
 * Responses are queued in obuf in request order, which gives pipelining
 * for free. When obuf has no room for another response, parsing pauses
 * (and reading too once ibuf is full) until the client reads: backpressure
 * without allocation. */
#include "serve/conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/http_chunked.h"
#include "serve/http_parse.h"
#include "serve/response.h"
#include "serve/serve.h"
#include "serve/server.h"

#define CONN_IBUF 16384  /* > SERVE_HEAD_MAX, so an over-long head is seen */
#define CONN_OBUF 4096   /* a dozen responses */

enum conn_state { ST_HEAD, ST_BODY, ST_CHUNKED, ST_LINGER };

struct conn {
    struct deadline dl;  /* first: server.c casts a list entry to its conn */
    struct server *srv;
    int fd;
    enum conn_state state;
    bool served;    /* a request has been answered */
    bool closing;   /* send what is queued, then shut down and linger */
    bool peer_eof;  /* the client has shut down its side */
    unsigned mask;  /* events watched in the loop */
    uint64_t body_left;
    struct http_chunked chunked;
    bool chunked_head;        /* the chunked request was HEAD: its answer has no body */
    bool chunked_keep_alive;  /* and it keeps the connection open */
    size_t ipos, ilen;  /* unparsed input is ibuf[ipos..ilen) */
    size_t opos, olen;  /* unsent output is obuf[opos..olen) */
    char ibuf[CONN_IBUF];
    char obuf[CONN_OBUF];
};

static void on_event(struct ev_loop *loop, int fd, unsigned events, void *arg);

int conn_open(struct server *srv, int fd)
{
    struct conn *c = malloc(sizeof *c);
    if (!c) {
        close(fd);
        return -1;
    }
    c->dl.prev = c->dl.next = NULL;
    c->srv = srv;
    c->fd = fd;
    c->state = ST_HEAD;
    c->served = c->closing = c->peer_eof = false;
    c->mask = EV_READ;
    c->body_left = 0;
    c->ipos = c->ilen = c->opos = c->olen = 0;
    /* Responses are written whole; don't let Nagle hold back the next one
     * while a previous one is unacknowledged. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (ev_set(srv->loop, fd, c->mask, on_event, c) < 0) {
        close(fd);
        free(c);
        return -1;
    }
    server_arm_deadline(srv, &c->dl);
    return 0;
}

void conn_close(struct conn *c)
{
    ev_set(c->srv->loop, c->fd, 0, NULL, NULL);
    close(c->fd);
    server_forget(c->srv, &c->dl);
    free(c);
}

/* Watch for what the connection can use now. Reading is off while a
 * closing answer is being sent, after the client's end of input, and when
 * ibuf is full. */
static bool update_interest(struct conn *c)
{
    unsigned mask = 0;
    if (c->opos < c->olen)
        mask |= EV_WRITE;
    if (c->state == ST_LINGER || (!c->closing && !c->peer_eof && c->ilen - c->ipos < CONN_IBUF))
        mask |= EV_READ;
    if (mask == c->mask)
        return true;
    if (ev_set(c->srv->loop, c->fd, mask, on_event, c) < 0) {
        conn_close(c);
        return false;
    }
    c->mask = mask;
    return true;
}

static void queue(struct conn *c, size_t n)
{
    c->olen += n;
}

static char *out_space(struct conn *c)
{
    return c->obuf + c->olen;
}

/* No more requests on this connection: send what is queued, then close.
 * Unparsed input is dropped (a lingering close discards the rest). */
static void finish(struct conn *c)
{
    c->closing = true;
    c->ipos = c->ilen = 0;
}

/* Answer with an error and close. */
static void fail(struct conn *c, int status)
{
    queue(c, response_error(out_space(c), server_date(c->srv), status));
    finish(c);
}

static void log_request(struct conn *c, const struct http_request *req)
{
    FILE *log = c->srv->log;
    if (!log)
        return;
    fprintf(log, "%.*s %.*s\n", (int)req->method.len, req->method.ptr, (int)req->path.len,
            req->path.ptr);
    fflush(log);  /* one line at a time, so a pipe sees each at once */
}

/* How the body is framed (RFC 9112 6.3). 0, or the status to fail with. */
static int body_framing(struct conn *c, const struct http_request *req)
{
    const struct http_header *h = req->headers;
    size_t n = req->num_headers;
    const struct http_slice *te = http_header_find(h, n, "transfer-encoding");
    size_t ncl = http_header_count(h, n, "content-length");
    c->body_left = 0;
    bool have_length = false;
    if (te) {
        /* Both headers at once is a request-smuggling pattern; refuse. */
        if (ncl || req->minor_version == 0 || http_header_count(h, n, "transfer-encoding") > 1)
            return 400;
        if (!http_slice_ieq(*te, "chunked"))
            return 501;
        http_chunked_init(&c->chunked);
        c->state = ST_CHUNKED;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        uint64_t len;
        if (!http_slice_ieq(h[i].name, "content-length"))
            continue;
        /* Two lengths that differ (even 0 and 5) would let a second
         * request hide in the body: refuse, as nginx. */
        if (http_content_length(h[i].value, &len) < 0 || (have_length && len != c->body_left))
            return 400;
        c->body_left = len;
        have_length = true;
    }
    if (c->body_left)
        c->state = ST_BODY;
    return 0;
}

/* The hello answer to a request whose head (and chunked body) is read. */
static void answer(struct conn *c, bool head, bool keep_alive)
{
    queue(c, response_hello(out_space(c), server_date(c->srv), head, keep_alive, c->srv->timeout_s));
    c->served = true;
    if (!keep_alive)
        finish(c);  /* the body, if any, is thrown away by the lingering close */
}

/* A complete request head: answer it. */
static void handle_request(struct conn *c, const struct http_request *req)
{
    const struct http_slice *conn_hdr =
        http_header_find(req->headers, req->num_headers, "connection");
    bool keep_alive = req->minor_version >= 1
                          ? !(conn_hdr && http_list_has(*conn_hdr, "close"))
                          : conn_hdr && http_list_has(*conn_hdr, "keep-alive");
    if (req->minor_version >= 1 && http_header_count(req->headers, req->num_headers, "host") != 1) {
        fail(c, 400);
        return;
    }
    int status = body_framing(c, req);
    if (status) {
        fail(c, status);
        return;
    }
    log_request(c, req);
    const struct http_slice *expect = http_header_find(req->headers, req->num_headers, "expect");
    if (expect && c->state != ST_HEAD && req->minor_version >= 1 &&
        http_slice_ieq(*expect, "100-continue"))
        queue(c, response_continue(out_space(c)));
    bool head = http_slice_ieq(req->method, "HEAD");
    if (c->state == ST_CHUNKED) {
        /* Answered once the body is read: see process(). */
        c->chunked_head = head;
        c->chunked_keep_alive = keep_alive;
        return;
    }
    answer(c, head, keep_alive);
}

/* Parse and answer what ibuf holds, as far as obuf has room. */
static void process(struct conn *c)
{
    while (!c->closing && c->ipos < c->ilen) {
        const char *in = c->ibuf + c->ipos;
        size_t avail = c->ilen - c->ipos;
        if (c->state == ST_BODY) {
            size_t n = avail < c->body_left ? avail : (size_t)c->body_left;
            c->ipos += n;
            c->body_left -= n;
            if (c->body_left == 0)
                c->state = ST_HEAD;
            server_arm_deadline(c->srv, &c->dl);  /* a body only has to keep moving */
            continue;
        }
        if (c->state == ST_CHUNKED) {
            bool done;
            long n = http_chunked_skip(&c->chunked, in, avail, &done);
            if (n < 0) {
                /* Not answered yet (see handle_request): the answer is 400. */
                c->state = ST_HEAD;
                fail(c, 400);
                return;
            }
            c->ipos += (size_t)n;
            if (done) {
                c->state = ST_HEAD;
                answer(c, c->chunked_head, c->chunked_keep_alive);
            }
            server_arm_deadline(c->srv, &c->dl);
            continue;
        }
        /* ST_HEAD: room for 100 Continue + 200, or an error. */
        if (CONN_OBUF - c->olen < 2 * RESPONSE_MAX)
            return;  /* resumes when the output drains */
        struct http_request req;
        long n = http_parse_request(in, avail, &req);
        if (n == HTTP_PARSE_INCOMPLETE) {
            if (avail > SERVE_HEAD_MAX)
                fail(c, 431);
            return;
        }
        if (n == HTTP_PARSE_MALFORMED) {
            fail(c, 400);
            return;
        }
        if (n == HTTP_PARSE_TOO_MANY_HEADERS || n > SERVE_HEAD_MAX) {
            fail(c, 431);
            return;
        }
        c->ipos += (size_t)n;
        handle_request(c, &req);
        server_arm_deadline(c->srv, &c->dl);  /* the next request's time starts now */
    }
}

/* After the last answer is sent: shut down our side, then read until the
 * client closes (or the deadline). */
static void linger(struct conn *c)
{
    c->state = ST_LINGER;
    c->ipos = c->ilen = 0;
    shutdown(c->fd, SHUT_WR);
    server_arm_deadline(c->srv, &c->dl);
}

/* Send queued output; when it is all out, go on with pending input or
 * finish a closing connection. Returns false if c was closed. */
static bool flush(struct conn *c)
{
    for (;;) {
        while (c->opos < c->olen) {
            ssize_t n = send(c->fd, c->obuf + c->opos, c->olen - c->opos, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return update_interest(c);
            if (n < 0) {  /* EPIPE, ECONNRESET: the client is gone */
                conn_close(c);
                return false;
            }
            c->opos += (size_t)n;
        }
        c->opos = c->olen = 0;
        if (c->closing && c->state != ST_LINGER && !c->peer_eof) {
            linger(c);
            return update_interest(c);
        }
        /* Output drained: requests that waited for room can go now. */
        process(c);
        if (c->olen == 0) {
            if (c->peer_eof) {  /* the client is done and so are we */
                conn_close(c);
                return false;
            }
            return update_interest(c);
        }
    }
}

/* Read what is there and act on it. Returns false if c was closed. */
static bool on_readable(struct conn *c)
{
    if (c->ipos == c->ilen) {
        c->ipos = c->ilen = 0;
    } else if (c->ipos > 0 && CONN_IBUF - c->ilen < CONN_IBUF / 2) {
        memmove(c->ibuf, c->ibuf + c->ipos, c->ilen - c->ipos);
        c->ilen -= c->ipos;
        c->ipos = 0;
    }
    if (c->ilen == CONN_IBUF)  /* full and paused: wait for the output to drain */
        return update_interest(c);
    ssize_t n = recv(c->fd, c->ibuf + c->ilen, CONN_IBUF - c->ilen, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return true;
    if (n < 0 || (n == 0 && c->state == ST_LINGER)) {
        conn_close(c);
        return false;
    }
    if (n == 0) {
        /* End of input: answer what is buffered, send it, then close. */
        c->peer_eof = true;
        return flush(c);
    }
    if (c->state == ST_LINGER)
        return true;  /* discard */
    c->ilen += (size_t)n;
    process(c);
    return flush(c);
}

static void on_event(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
    (void)loop;
    (void)fd;
    struct conn *c = arg;
    if ((events & EV_READ) && !on_readable(c))
        return;
    if (events & EV_WRITE)
        flush(c);
}

void conn_timeout(struct conn *c)
{
    if (c->state == ST_LINGER || c->opos < c->olen || c->state != ST_HEAD) {
        /* Lingered long enough; or the client is not reading its
         * responses; or a body stopped arriving (a Content-Length one's
         * request is answered already, a chunked one's gets no answer). */
        conn_close(c);
        return;
    }
    if (c->served && c->ipos == c->ilen) {
        conn_close(c);  /* idle keep-alive connection */
        return;
    }
    fail(c, 408);  /* a request head that did not arrive in time */
    server_arm_deadline(c->srv, &c->dl);
    flush(c);
}
