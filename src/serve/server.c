/* serve_run(): the event loop around the listening socket, the stop fd and
 * the connections, plus the deadline list that drives all timeouts. */
#include "serve/server.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/conn.h"
#include "serve/serve.h"

/* Connections accepted a wakeup. One, as nginx (multi_accept off): the
 * listener stays readable while more wait, and looping to EAGAIN costs a
 * failed accept4 a wakeup (server CPU a request under wrk -c50 with
 * Connection: close: 28.7 us with 1, 31.3 us with 64). */
#define ACCEPT_BATCH 1
#define ACCEPT_PAUSE_MS 100    /* back-off when out of file descriptors */
#define MAX_SETSIZE (1 << 20)  /* fd table bound when the fd limit is huge */

struct runner {
    struct server srv;
    int listen_fd;
    bool stopping;
    bool accept_paused;
    uint64_t accept_resume;  /* when to watch the listener again */
};

uint64_t server_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void server_forget(struct server *srv, struct deadline *d)
{
    if (d->prev)
        d->prev->next = d->next;
    else if (srv->oldest == d)
        srv->oldest = d->next;
    if (d->next)
        d->next->prev = d->prev;
    else if (srv->newest == d)
        srv->newest = d->prev;
    d->prev = d->next = NULL;
}

void server_arm_deadline(struct server *srv, struct deadline *d)
{
    server_forget(srv, d);
    d->at = server_now_ms() + srv->timeout_ms;
    d->prev = srv->newest;
    if (srv->newest)
        srv->newest->next = d;
    else
        srv->oldest = d;
    srv->newest = d;
}

const char *server_date(struct server *srv)
{
    time_t now = time(NULL);
    if (now != srv->date_time || !srv->date[0]) {
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(srv->date, sizeof srv->date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        srv->date_time = now;
    }
    return srv->date;
}

const char *server_hello(struct server *srv, bool head_only, bool keep_alive, size_t *len)
{
    time_t before = srv->date_time;
    const char *date = server_date(srv);
    if (srv->date_time != before || !srv->hello_len[0][0])
        for (int h = 0; h < 2; h++)
            for (int k = 0; k < 2; k++)
                srv->hello_len[h][k] = response_hello(srv->hello[h][k], date, h, k, srv->timeout_s);
    *len = srv->hello_len[head_only][keep_alive];
    return srv->hello[head_only][keep_alive];
}

/* Thousands of connections need thousands of fds: raise the soft limit to
 * the hard one. Returns the fd table size to use. */
static int raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
        return 1024;
    if (rl.rlim_cur < rl.rlim_max) {
        struct rlimit want = { rl.rlim_max, rl.rlim_max };
        if (setrlimit(RLIMIT_NOFILE, &want) == 0)
            rl.rlim_cur = rl.rlim_max;
    }
    return rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > MAX_SETSIZE ? MAX_SETSIZE
                                                                     : (int)rl.rlim_cur;
}

static void on_accept(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
    (void)events;
    struct runner *r = arg;
    for (int i = 0; i < ACCEPT_BATCH; i++) {
        int cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (cfd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* The listener would stay readable and spin the loop; stop
                 * watching it for a moment (connections wait in the
                 * backlog). */
                ev_set(loop, fd, 0, NULL, NULL);
                r->accept_paused = true;
                r->accept_resume = server_now_ms() + ACCEPT_PAUSE_MS;
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return;
            continue;  /* EINTR, ECONNABORTED and such: that one is gone */
        }
        if (cfd >= ev_loop_setsize(loop)) {
            close(cfd);
            continue;
        }
        conn_open(&r->srv, cfd);
    }
}

static void on_stop(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
    (void)loop;
    (void)fd;
    (void)events;
    ((struct runner *)arg)->stopping = true;
}

/* How long ev_poll may sleep: until the soonest deadline or the end of an
 * accept pause. */
static int wait_ms(const struct runner *r, uint64_t now)
{
    uint64_t until = UINT64_MAX;
    if (r->srv.oldest)
        until = r->srv.oldest->at;
    if (r->accept_paused && r->accept_resume < until)
        until = r->accept_resume;
    if (until == UINT64_MAX)
        return -1;
    return until <= now ? 0 : until - now > 60000 ? 60000 : (int)(until - now);
}

static void expire(struct runner *r, uint64_t now)
{
    /* conn_timeout() either closes the connection or gives it a new
     * deadline at the tail, so this ends. */
    while (r->srv.oldest && r->srv.oldest->at <= now)
        conn_timeout((struct conn *)r->srv.oldest);
    if (r->accept_paused && r->accept_resume <= now) {
        if (ev_set(r->srv.loop, r->listen_fd, EV_READ, on_accept, r) == 0)
            r->accept_paused = false;
        else
            r->accept_resume = now + ACCEPT_PAUSE_MS;
    }
}

int serve_run(int listen_fd, const struct serve_config *cfg, int stop_fd)
{
    struct runner r;
    memset(&r, 0, sizeof r);
    r.listen_fd = listen_fd;
    r.srv.log = cfg->log;
    r.srv.timeout_s = cfg->timeout_s > 0 ? cfg->timeout_s : SERVE_DEFAULT_TIMEOUT_S;
    r.srv.timeout_ms = (uint64_t)r.srv.timeout_s * 1000;

    int rc = 1;
    r.srv.loop = ev_loop_create(raise_fd_limit());
    if (!r.srv.loop) {
        fprintf(stderr, "synfin serve: cannot create the event loop: %s\n", strerror(errno));
        goto out;
    }
    if (ev_set(r.srv.loop, listen_fd, EV_READ, on_accept, &r) < 0 ||
        (stop_fd >= 0 && ev_set(r.srv.loop, stop_fd, EV_READ, on_stop, &r) < 0)) {
        fprintf(stderr, "synfin serve: cannot watch the sockets: %s\n", strerror(errno));
        goto out;
    }
    if (cfg->log) {
        fprintf(cfg->log, "Start server on %s:%d\n", cfg->host ? cfg->host : "*", cfg->port);
        fflush(cfg->log);
    }
    rc = 0;
    while (!r.stopping) {
        /* The request lines of this round, in one write: a pipe (the demo)
         * sees each line before the loop sleeps, and a busy server does not
         * pay a write per request. */
        if (r.srv.log_pending) {
            fflush(r.srv.log);
            r.srv.log_pending = false;
        }
        if (ev_poll_spin(r.srv.loop, wait_ms(&r, server_now_ms()), cfg->busy_poll_us) < 0) {
            fprintf(stderr, "synfin serve: epoll_wait: %s\n", strerror(errno));
            rc = 1;
            break;
        }
        expire(&r, server_now_ms());
    }
out:
    if (r.srv.log)
        fflush(r.srv.log);
    while (r.srv.oldest)
        conn_close((struct conn *)r.srv.oldest);
    conn_free_spares(&r.srv);
    if (r.srv.loop) {
        if (stop_fd >= 0)
            ev_set(r.srv.loop, stop_fd, 0, NULL, NULL);
        ev_loop_destroy(r.srv.loop);
    }
    close(listen_fd);
    return rc;
}
