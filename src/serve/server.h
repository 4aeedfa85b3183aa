/* Internals shared by server.c (listener, timeouts, loop) and conn.c (one
 * client connection). Not part of the public API: see serve.h. */
#ifndef SYNFIN_SERVE_SERVER_H
#define SYNFIN_SERVE_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "serve/event_loop.h"
#include "serve/response.h"

/* A place in the server's deadline list. struct conn starts with one, so
 * server.c can turn a list entry back into its connection. */
struct deadline {
    struct deadline *prev, *next;
    uint64_t at;  /* monotonic ms */
};

struct server {
    struct ev_loop *loop;
    FILE *log;
    bool log_pending;  /* lines written to log since the last flush */
    int timeout_s;
    uint64_t timeout_ms;
    /* Every connection, ordered by deadline, soonest first. All deadlines
     * are "now + timeout_ms", so appending keeps the order and a deadline
     * change is a move to the tail: O(1) timers for any number of
     * connections. */
    struct deadline *oldest, *newest;
    time_t date_time;  /* second for which date holds the Date header */
    char date[40];
    /* The hello answers of that second, made once: [head_only][keep_alive]. */
    char hello[2][2][RESPONSE_MAX];
    size_t hello_len[2][2];
    /* Freed connections kept for the next ones (at most CONN_SPARE_MAX):
     * a connection's 20 KiB freed and allocated again at every accept made
     * malloc give the heap's top back and fault fresh pages in each time. */
    struct conn *spare;
    unsigned spare_count;
};

/* Milliseconds on the monotonic clock. */
uint64_t server_now_ms(void);

/* (Re)start a deadline: now + timeout, moving it to the tail of the list. */
void server_arm_deadline(struct server *srv, struct deadline *d);

/* Take a deadline off the list (when its connection closes). */
void server_forget(struct server *srv, struct deadline *d);

/* The current IMF-fixdate for the Date header, e.g.
 * "Tue, 25 Nov 2025 02:44:00 GMT"; computed at most once a second. */
const char *server_date(struct server *srv);

/* The hello answer for now (see response_hello), made at most once a
 * second; *len is its length. */
const char *server_hello(struct server *srv, bool head_only, bool keep_alive, size_t *len);

#endif
