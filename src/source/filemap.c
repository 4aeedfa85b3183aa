#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/filemap.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22      /* Linux 5.14; older kernels say EINVAL and fault pages in */
#endif

volatile sig_atomic_t fmap_lease_broken;
static _Atomic(struct fmap *) fmap_active;  /* the mapped file, for the signal handlers and the pager */
static _Atomic bool pager_busy;             /* fmap_page_ahead is at work on fmap_active */
static volatile pid_t fmap_reader;          /* the thread that reads its frames */

/* The pager thread, when no other thread pages the map in: it sleeps on
 * pager_wake, which the reader posts once a window (fmap_wake_pager). */
static pthread_t pager;
static bool pager_running;
static _Atomic bool pager_stop;
static sem_t pager_wake;

static size_t page_size(void)
{
    static size_t page;
    if (!page)
        page = (size_t)sysconf(_SC_PAGESIZE);
    return page;
}

/* SIGIO: a process waits to open the file for writing, or to cut it. Put a
 * private copy of the bytes the reader may be reading in place of the
 * file's pages, then let go of the lease. The reader is on this thread
 * (see below), stopped between two instructions: every byte it
 * can touch before it next looks at fmap_broken() is in [released,
 * at + margin). If the copy cannot be made, the lease is kept, and
 * fmap_close lets go of it before the next record. Delivered to another
 * thread (the signal is the process's), it is sent on to the reader's. */
static void on_lease_break(int sig)
{
    int saved = errno;
    struct fmap *m = fmap_active;
    if (m && gettid() != fmap_reader) {
        tgkill(getpid(), fmap_reader, sig);
        errno = saved;
        return;
    }
    if (m && !fmap_lease_broken) {
        size_t lo = atomic_load(&m->released), hi = atomic_load_explicit(&m->at, memory_order_relaxed) + m->margin;
        if (hi > m->size)
            hi = m->size;
        hi = (hi + page_size() - 1) & ~(page_size() - 1);
        if (hi > lo) {
            size_t n = hi - lo;
            void *copy = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (copy != MAP_FAILED) {
                memcpy(copy, m->base + lo, n);
                if (mremap(copy, n, n, MREMAP_MAYMOVE | MREMAP_FIXED, m->base + lo) != MAP_FAILED)
                    fcntl(m->fd, F_SETLEASE, F_UNLCK);
                else
                    munmap(copy, n);
            }
        } else {
            fcntl(m->fd, F_SETLEASE, F_UNLCK);
        }
        fmap_lease_broken = 1;
    }
    errno = saved;
}

/* SIGBUS at an address in the map: the file is shorter than the map, which
 * the lease rules out unless the reader stood still for longer than the
 * lease-break time (45 s; a stopped process, a stalled pipe) while another
 * process cut the file. Zero pages go over the rest of the map, so the read
 * goes on and the reader leaves the map at its next record, where read(2)
 * finds the cut. Any other SIGBUS is left to kill the process as before. */
static void on_bus_error(int sig, siginfo_t *si, void *ctx)
{
    (void)ctx;
    struct fmap *m = fmap_active;
    uint8_t *a = si->si_addr;
    if (m && a >= m->base && a < m->base + m->size) {
        size_t page = page_size();
        uint8_t *from = (uint8_t *)((uintptr_t)a & ~(uintptr_t)(page - 1));
        size_t n = ((size_t)(m->base + m->size - from) + page - 1) & ~(page - 1);
        if (mmap(from, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            fmap_lease_broken = 1;
            return;
        }
    }
    signal(sig, SIG_DFL);      /* the access repeats, and the signal kills */
}

static void *pager_main(void *arg)
{
    (void)arg;
    for (;;) {
        while (sem_wait(&pager_wake) != 0)
            ;                  /* EINTR */
        if (atomic_load(&pager_stop))
            return NULL;
        fmap_page_ahead();
    }
}

/* The pager, started with all signals blocked: they stay with the reader. */
static void pager_start(struct fmap *m)
{
    if (sem_init(&pager_wake, 0, 1) != 0)      /* 1: the first windows at once */
        return;
    atomic_store(&pager_stop, false);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pager_running = pthread_create(&pager, NULL, pager_main, NULL) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (pager_running)
        m->wake_at = m->prefetched + FMAP_WINDOW;
    else
        sem_destroy(&pager_wake);
}

static void pager_end(void)
{
    if (!pager_running)
        return;
    atomic_store(&pager_stop, true);
    sem_post(&pager_wake);
    pthread_join(pager, NULL);
    sem_destroy(&pager_wake);
    pager_running = false;
}

/* The reader is a window further: the pager maps in the next ones. */
void fmap_wake_pager(struct fmap *m, size_t off)
{
    m->wake_at = (off & ~((size_t)FMAP_WINDOW - 1)) + FMAP_WINDOW;
    sem_post(&pager_wake);
}

bool fmap_open(struct fmap *m, int fd, size_t start, size_t margin, bool pager)
{
    memset(m, 0, sizeof *m);
    m->fd = fd;
    m->wake_at = SIZE_MAX;
    const char *knob = getenv("SYNFIN_MAP");
    if ((knob && strcmp(knob, "0") == 0) || fmap_active || sizeof(size_t) < 8)
        return false;
    page_size();               /* known before a handler needs it (sysconf is no signal-safe call) */
    struct sigaction sa = { .sa_handler = on_lease_break, .sa_flags = SA_RESTART };
    sigemptyset(&sa.sa_mask);
    struct sigaction bus = { .sa_sigaction = on_bus_error, .sa_flags = SA_SIGINFO | SA_NODEFER };
    sigemptyset(&bus.sa_mask);
    if (sigaction(SIGIO, &sa, NULL) < 0 || sigaction(SIGBUS, &bus, NULL) < 0)
        return false;
    fmap_lease_broken = 0;
    /* The lease first, then the size: from here on no one can change it. */
    if (fcntl(fd, F_SETLEASE, F_RDLCK) < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
        goto no_map;
    m->size = (size_t)st.st_size;
    m->base = mmap(NULL, m->size, PROT_READ, MAP_SHARED, fd, 0);
    if (m->base == MAP_FAILED)
        goto no_map;
    madvise(m->base, m->size, MADV_SEQUENTIAL);
    m->margin = margin;
    /* Reading begins at start (standard input may be a file partly read):
     * nothing before its window is ever mapped in. */
    atomic_init(&m->at, start);
    m->prefetched = start & ~((size_t)FMAP_WINDOW - 1);
    atomic_init(&m->released, m->prefetched);
    atomic_init(&m->populated, m->prefetched);
    fmap_reader = gettid();
    fmap_active = m;
    if (pager)
        pager_start(m);
    return true;
no_map:
    m->base = NULL;
    fcntl(fd, F_SETLEASE, F_UNLCK);
    return false;
}

/* Behind: pages a whole window before off are no longer read. Either
 * thread; the one whose exchange moves the edge gives them back. The lease
 * handler copies from the edge it sees: from the old one, it copies pages
 * being given back, which the reader no longer reads either way. */
void fmap_release(struct fmap *m, size_t off)
{
    size_t window = FMAP_WINDOW;
    size_t from = atomic_load(&m->released);
    if (off < window)
        return;
    size_t upto = (off - window) & ~(window - 1);
    if (upto <= from || !atomic_compare_exchange_strong(&m->released, &from, upto))
        return;
    madvise(m->base + from, upto - from, MADV_DONTNEED);
}

/* Ahead: the windows up to `windows` past off's mapped in with one call,
 * and the one after read from disk in the background. The thread whose
 * exchange moves the edge makes the calls, so two threads never map a
 * page twice. */
void fmap_populate(struct fmap *m, size_t off, unsigned windows)
{
    size_t window = FMAP_WINDOW;
    size_t from = atomic_load(&m->populated), to = (off & ~(window - 1)) + windows * window;
    if (to > m->size)
        to = m->size;
    if (from >= to)
        return;
    size_t edge = to == m->size ? SIZE_MAX / 2 : to;    /* all of it: no more calls */
    if (!atomic_compare_exchange_strong(&m->populated, &from, edge))
        return;
    if (to < m->size) {
        size_t next = to + window < m->size ? window : m->size - to;
        madvise(m->base + to, next, MADV_WILLNEED);
    }
    madvise(m->base + from, to - from, MADV_POPULATE_READ);
}

/* The other thread's share: pages mapped in a window further ahead than
 * the reader maps them itself, and given back a window sooner, so the
 * reader finds both done unless this thread is a window behind.
 * busy is set before the map is looked at, and fmap_close clears the map
 * before it looks at busy (both sequentially consistent): either this call
 * sees no map, or fmap_close waits for it to end. */
void fmap_page_ahead(void)
{
    atomic_store(&pager_busy, true);
    struct fmap *m = atomic_load(&fmap_active);
    if (m && !fmap_lease_broken) {
        size_t at = atomic_load_explicit(&m->at, memory_order_relaxed);
        fmap_populate(m, at, 3);
        if (at > atomic_load_explicit(&m->released, memory_order_relaxed) + 2 * (size_t)FMAP_WINDOW)
            fmap_release(m, at);
    }
    atomic_store(&pager_busy, false);
}

void fmap_close(struct fmap *m)
{
    if (!m->base)
        return;
    pager_end();
    struct fmap *mine = m;
    atomic_compare_exchange_strong(&fmap_active, &mine, NULL);
    while (atomic_load(&pager_busy))
        sched_yield();         /* the other thread is mapping pages of this map in: a call's time */
    munmap(m->base, m->size);
    m->base = NULL;
    fcntl(m->fd, F_SETLEASE, F_UNLCK);
}
