/* A small epoll event loop in the spirit of redis's ae.c (written from
 * scratch): level-triggered, one handler per file descriptor, handlers
 * looked up in a table indexed by fd. The table (rather than a pointer in
 * epoll_event.data) makes it safe for a handler to close other fds that
 * already have events pending in the same batch: their table entry is
 * cleared, so the stale events are dropped.
 *
 * Timers are not part of the loop: the caller computes how long to wait and
 * runs its own timeouts between calls to ev_poll(). */
#ifndef SYNFIN_SERVE_EVENT_LOOP_H
#define SYNFIN_SERVE_EVENT_LOOP_H

enum { EV_READ = 1, EV_WRITE = 2 };

struct ev_loop;

/* events is EV_READ and/or EV_WRITE (an error or hang-up on the fd is
 * reported as whichever of the two the handler asked for, so the next
 * read or write sees the error). */
typedef void ev_handler(struct ev_loop *loop, int fd, unsigned events, void *arg);

/* A loop for fds 0 .. setsize-1. NULL with errno set on failure. */
struct ev_loop *ev_loop_create(int setsize);
void ev_loop_destroy(struct ev_loop *loop);
int ev_loop_setsize(const struct ev_loop *loop);

/* Watch fd for mask (EV_READ|EV_WRITE), replacing any earlier handler;
 * mask 0 stops watching it (do that before close()). 0, or -1 with errno. */
int ev_set(struct ev_loop *loop, int fd, unsigned mask, ev_handler *fn, void *arg);

/* Stop watching fd and close it, for an fd that is the only one open on
 * its socket (accepted with SOCK_CLOEXEC and never duplicated): closing
 * that takes it out of the epoll set by itself, so no epoll_ctl call is
 * made (nginx does the same). Returns close()'s result. */
int ev_close(struct ev_loop *loop, int fd);

/* Wait up to timeout_ms (-1: no limit) and run the handlers of the ready
 * fds. Returns the number of handlers run (0 also when interrupted by a
 * signal), or -1 with errno on failure. */
int ev_poll(struct ev_loop *loop, int timeout_ms);

/* ev_poll, but first look for ready fds without sleeping for up to spin_us
 * microseconds (busy polling; 0: sleep at once). Returns as ev_poll. */
int ev_poll_spin(struct ev_loop *loop, int timeout_ms, int spin_us);

#endif
