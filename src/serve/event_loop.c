#include "serve/event_loop.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#define EV_BATCH 256  /* events taken per epoll_wait; the rest wait for the next call */

struct ev_watch {
    unsigned mask;
    ev_handler *fn;
    void *arg;
};

struct ev_loop {
    int epfd;
    int setsize;
    struct ev_watch *watch;  /* indexed by fd */
    struct epoll_event ready[EV_BATCH];
};

struct ev_loop *ev_loop_create(int setsize)
{
    if (setsize <= 0) {
        errno = EINVAL;
        return NULL;
    }
    struct ev_loop *loop = calloc(1, sizeof *loop);
    if (!loop)
        return NULL;
    loop->watch = calloc((size_t)setsize, sizeof *loop->watch);
    loop->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (!loop->watch || loop->epfd < 0) {
        int e = errno;
        ev_loop_destroy(loop);
        errno = e;
        return NULL;
    }
    loop->setsize = setsize;
    return loop;
}

void ev_loop_destroy(struct ev_loop *loop)
{
    if (!loop)
        return;
    if (loop->epfd >= 0)
        close(loop->epfd);
    free(loop->watch);
    free(loop);
}

int ev_loop_setsize(const struct ev_loop *loop)
{
    return loop->setsize;
}

int ev_set(struct ev_loop *loop, int fd, unsigned mask, ev_handler *fn, void *arg)
{
    if (fd < 0 || fd >= loop->setsize) {
        errno = ERANGE;
        return -1;
    }
    struct ev_watch *w = &loop->watch[fd];
    if (mask != w->mask) {
        struct epoll_event ev = { .events = 0, .data.fd = fd };
        if (mask & EV_READ)
            ev.events |= EPOLLIN;
        if (mask & EV_WRITE)
            ev.events |= EPOLLOUT;
        int op = w->mask == 0 ? EPOLL_CTL_ADD : mask == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD;
        if (epoll_ctl(loop->epfd, op, fd, &ev) < 0)
            return -1;
    }
    w->mask = mask;
    w->fn = mask ? fn : NULL;
    w->arg = mask ? arg : NULL;
    return 0;
}

int ev_close(struct ev_loop *loop, int fd)
{
    if (fd >= 0 && fd < loop->setsize)
        loop->watch[fd] = (struct ev_watch){ 0 };
    return close(fd);
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Why spin: a server that sleeps is woken by the kernel for each event,
 * and on loopback that wakeup (an interprocessor interrupt, dear in a
 * virtual machine) is paid on the client's core, in its send. Under load
 * the next event comes within microseconds, so the loop finds it without
 * sleeping; idle, the loop spins spin_us once after its last event. */
int ev_poll_spin(struct ev_loop *loop, int timeout_ms, int spin_us)
{
    if (spin_us > 0 && timeout_ms != 0) {
        int64_t start = now_us(), now;
        do {
            int ran = ev_poll(loop, 0);
            if (ran != 0)
                return ran;
        } while ((now = now_us()) < start + spin_us);
        if (timeout_ms > 0) {                  /* the spin counts toward the timeout */
            int64_t spun_ms = (now - start) / 1000;
            timeout_ms = spun_ms >= timeout_ms ? 0 : timeout_ms - (int)spun_ms;
        }
    }
    return ev_poll(loop, timeout_ms);
}

int ev_poll(struct ev_loop *loop, int timeout_ms)
{
    int n = epoll_wait(loop->epfd, loop->ready, EV_BATCH, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    int ran = 0;
    for (int i = 0; i < n; i++) {
        int fd = loop->ready[i].data.fd;
        uint32_t e = loop->ready[i].events;
        unsigned events = 0;
        if (e & (EPOLLIN | EPOLLERR | EPOLLHUP))
            events |= EV_READ;
        if (e & (EPOLLOUT | EPOLLERR | EPOLLHUP))
            events |= EV_WRITE;
        /* Re-read the table: an earlier handler in this batch may have
         * stopped watching (and closed) this fd. */
        struct ev_watch *w = &loop->watch[fd];
        events &= w->mask;
        if (events) {
            w->fn(loop, fd, events, w->arg);
            ran++;
        }
    }
    return ran;
}
