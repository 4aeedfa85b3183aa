/* A connection is a small state machine: its input's framing (framing.h:
 * waiting for a head, skipping a Content-Length body, reading a chunked
 * body to its end; a chunked request is answered then (200), or with 400
 * if the chunk framing is broken, as nginx does: the answer depends on the
 * body being well framed), then
 *
 *   lingering  the last response is sent and our side is shut down; reading
 *              and discarding until the client closes or the deadline
 *              (skipped when the closing answer followed a whole request
 *              and no byte is waiting: then close() sends a plain FIN)
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
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/framing.h"
#include "serve/http_parse.h"
#include "serve/response.h"
#include "serve/serve.h"
#include "serve/server.h"

#define CONN_IBUF 16384  /* > SERVE_HEAD_MAX, so an over-long head is seen */
#define CONN_OBUF 4096   /* a dozen responses */
#define CONN_SPARE_MAX 64  /* freed connections kept for reuse: 1.3 MiB at most */

struct conn {
    struct deadline dl;  /* first: server.c casts a list entry to its conn */
    struct server *srv;
    int fd;
    struct framing fr;
    bool chunked_head;        /* the chunked request was HEAD: its answer has no body */
    bool chunked_keep_alive;  /* and it keeps the connection open */
    bool lingering; /* see above */
    bool served;    /* a request has been answered */
    bool closing;   /* send what is queued, then shut down and linger */
    bool clean_end; /* closing after a whole request with nothing read past it:
                       no lingering needed if the socket has no input either */
    bool peer_eof;  /* the client has shut down its side */
    unsigned mask;  /* events watched in the loop */
    size_t ipos, ilen;  /* unparsed input is ibuf[ipos..ilen) */
    size_t opos, olen;  /* unsent output is obuf[opos..olen) */
    char ibuf[CONN_IBUF];
    char obuf[CONN_OBUF];
};

static void on_event(struct ev_loop *loop, int fd, unsigned events, void *arg);

/* Connection memory: a spare one if there is, else malloc. */
static struct conn *conn_alloc(struct server *srv)
{
    struct conn *c = srv->spare;
    if (!c)
        return malloc(sizeof *c);
    srv->spare = *(struct conn **)c;
    srv->spare_count--;
    return c;
}

static void conn_release(struct server *srv, struct conn *c)
{
    if (srv->spare_count >= CONN_SPARE_MAX) {
        free(c);
        return;
    }
    *(struct conn **)c = srv->spare;  /* the list link lives in the dead connection */
    srv->spare = c;
    srv->spare_count++;
}

void conn_free_spares(struct server *srv)
{
    while (srv->spare) {
        struct conn *c = srv->spare;
        srv->spare = *(struct conn **)c;
        free(c);
    }
    srv->spare_count = 0;
}

static bool update_interest(struct conn *c);

int conn_open(struct server *srv, int fd)
{
    struct conn *c = conn_alloc(srv);
    if (!c) {
        close(fd);
        return -1;
    }
    c->dl.prev = c->dl.next = NULL;
    c->srv = srv;
    c->fd = fd;
    framing_init(&c->fr);
    c->lingering = c->served = c->closing = c->clean_end = c->peer_eof = false;
    c->mask = 0;  /* not in the loop yet */
    c->ipos = c->ilen = c->opos = c->olen = 0;
    /* TCP_NODELAY is the listener's, inherited (listen.c). */
    server_arm_deadline(srv, &c->dl);
    /* No read before the first wakeup: counted under wrk, the request had
     * not arrived yet at accept time in practically every connection. */
    return update_interest(c) ? 0 : -1;
}

void conn_close(struct conn *c)
{
    ev_close(c->srv->loop, c->fd);
    server_forget(c->srv, &c->dl);
    conn_release(c->srv, c);
}

/* Watch for what the connection can use now. Reading is off while a
 * closing answer is being sent, after the client's end of input, and when
 * ibuf is full. */
static bool update_interest(struct conn *c)
{
    unsigned mask = 0;
    if (c->opos < c->olen)
        mask |= EV_WRITE;
    if (c->lingering || (!c->closing && !c->peer_eof && c->ilen - c->ipos < CONN_IBUF))
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
    fwrite(req->method.ptr, 1, req->method.len, log);
    putc(' ', log);
    fwrite(req->path.ptr, 1, req->path.len, log);
    putc('\n', log);
    c->srv->log_pending = true;  /* flushed before the loop next waits (server.c) */
}

/* The hello answer to a request whose head (and chunked body) is read. */
static void answer(struct conn *c, bool head, bool keep_alive)
{
    size_t len;
    const char *hello = server_hello(c->srv, head, keep_alive, &len);
    memcpy(out_space(c), hello, len);
    queue(c, len);
    c->served = true;
    if (!keep_alive) {
        c->clean_end = c->ipos == c->ilen && c->fr.state == FRAMING_HEAD;
        finish(c);  /* the body, if any, is thrown away by the lingering close */
    }
}

/* A complete request head: answer it. */
static void handle_request(struct conn *c, const struct http_request *req)
{
    bool keep_alive, send_continue;
    int status = framing_accept(&c->fr, req, &keep_alive, &send_continue);
    if (status) {
        fail(c, status);
        return;
    }
    log_request(c, req);
    if (send_continue)
        queue(c, response_continue(out_space(c)));
    bool head = http_slice_ieq(req->method, "HEAD");
    if (c->fr.state == FRAMING_CHUNKED) {
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
        if (c->fr.state != FRAMING_HEAD) {
            bool chunked = c->fr.state == FRAMING_CHUNKED;
            long n = framing_skip_body(&c->fr, in, avail);
            if (n < 0) {
                /* Not answered yet (see handle_request): the answer is 400. */
                fail(c, 400);
                return;
            }
            c->ipos += (size_t)n;
            if (chunked && c->fr.state == FRAMING_HEAD)
                answer(c, c->chunked_head, c->chunked_keep_alive);
            server_arm_deadline(c->srv, &c->dl);  /* a body only has to keep moving */
            continue;
        }
        /* A head: room for 100 Continue + 200, or an error. */
        if (CONN_OBUF - c->olen < 2 * RESPONSE_MAX)
            return;  /* resumes when the output drains */
        struct http_request req;
        long n = framing_head(in, avail, &req);
        if (n == 0)
            return;  /* the rest of the head is still to come */
        if (n < 0) {
            fail(c, (int)-n);
            return;
        }
        c->ipos += (size_t)n;
        handle_request(c, &req);
        server_arm_deadline(c->srv, &c->dl);  /* the next request's time starts now */
    }
}

/* Nothing waits to be read on the socket (or the client has closed): a
 * close() now sends a FIN, not a RST. */
static bool no_input_pending(int fd)
{
    char byte;
    ssize_t n = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
}

/* After the last answer is sent: shut down our side, then read until the
 * client closes (or the deadline). */
static void linger(struct conn *c)
{
    c->lingering = true;
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
        if (c->closing && !c->lingering && !c->peer_eof) {
            /* As nginx does: linger only when more input may come (a body
             * or pipelined requests were left unread, or bytes are
             * waiting); after a whole request and nothing more, close. */
            if (c->clean_end && no_input_pending(c->fd)) {
                conn_close(c);
                return false;
            }
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
    if (n < 0 || (n == 0 && c->lingering)) {
        conn_close(c);
        return false;
    }
    if (n == 0) {
        /* End of input: answer what is buffered, send it, then close. */
        c->peer_eof = true;
        return flush(c);
    }
    if (c->lingering)
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
    if (c->lingering || c->opos < c->olen || c->fr.state != FRAMING_HEAD) {
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
