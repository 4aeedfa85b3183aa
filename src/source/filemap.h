/* A regular capture file mapped into memory instead of read: frames are
 * handed out from the page cache itself, so the copy that read(2) makes
 * (the read-ahead thread's whole work on a cached file, a fifth of a
 * second of the second core on a 100 MB file) goes away.
 *
 * A mapping is usually unsafe for a reader: a file that another process
 * truncates (log rotation) kills it with SIGBUS past the new end, and the
 * page that holds the new end reads as zeros with no signal at all. So the
 * file is mapped only under a read lease (fcntl F_SETLEASE): before any
 * process may open the file to write or truncate it, the kernel sends us
 * SIGIO and holds that process until we let go. The handler copies the
 * bytes the reader may be using (the released margin behind it and the
 * largest record ahead of it) into private memory at the same addresses,
 * then lets go; the writer goes on at once. The reader sees fmap_broken()
 * before its next record and goes on with read(2) from there, exactly as a
 * reader that never mapped the file. No frame is ever read from a page
 * another process changed, and a writer waits for a few hundred
 * microseconds, not for the lease-break time (45 s). Only a reader that
 * stands still for longer than that (stopped, or its output stalled)
 * while another process cuts the file can read the cut part: as zeros,
 * for the record it was in, with no SIGBUS; then read(2) names the cut.
 *
 * Where no lease can be had (the file is open for writing somewhere, it is
 * not ours and we lack CAP_LEASE, a file system without leases), the file
 * is read as before.
 *
 * Mapping is not free: the kernel maps the pages in and out (a fifth of a
 * `conns` run). That work goes to the other core: the thread printing
 * summary lines (sumring.h) does it between two batches of lines
 * (fmap_page_ahead); otherwise a pager thread does it, woken once a window.
 * Copying the file with read(2) on the other core instead (readahead.h,
 * still used for gzip and files without a lease) costs more: `conns` took
 * 330-420 ms on a 481 MiB file that way, 220-260 ms mapped. SYNFIN_MAP=0
 * never maps.
 *
 * One file at a time is mapped, and its frames are read by the thread that
 * mapped it: the lease's SIGIO is sent on to that thread. */
#ifndef SYNFIN_FILEMAP_H
#define SYNFIN_FILEMAP_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fmap {
    int fd;
    uint8_t *base;             /* the whole file from offset 0, read-only */
    size_t size;               /* the file's size when the lease was taken */
    size_t margin;             /* bytes past the reader's offset a record may reach */
    _Atomic size_t at;         /* the reader's offset: the record it hands out starts here */
    _Atomic size_t released;   /* pages before this were given back (RSS stays small): either thread moves it */
    _Atomic size_t populated;  /* pages before this are mapped in (or being): either thread moves it */
    size_t prefetched;         /* cache lines before this were asked for */
    size_t wake_at;            /* the reader wakes the pager when it gets here (SIZE_MAX: no pager) */
};

extern volatile sig_atomic_t fmap_lease_broken;

/* Map fd's whole file under a read lease, unless SYNFIN_MAP=0; reading
 * begins at the file's offset start. margin: the most bytes a record
 * handed out at the reader's offset can span. pager: start a thread that
 * maps pages in ahead of the reader and gives them back behind it (false:
 * another thread calls fmap_page_ahead). false: read it instead. */
bool fmap_open(struct fmap *m, int fd, size_t start, size_t margin, bool pager);

/* Another process asked to write or cut the file: stop using the mapping
 * before the next record. */
static inline bool fmap_broken(void) { return fmap_lease_broken != 0; }

enum { FMAP_WINDOW = 2 << 20 };    /* pages are mapped in and given back this many at a time */

void fmap_populate(struct fmap *m, size_t off, unsigned windows);
void fmap_release(struct fmap *m, size_t off);
void fmap_wake_pager(struct fmap *m, size_t off);

/* The mapped file's pages ahead of its reader, mapped in from another
 * thread: the printer thread calls this between two batches of lines
 * (sumring.h), so the kernel's work of mapping a window in (a fifth of the
 * reading thread's time in a summary run) is done on the core that has
 * room; so is giving back the pages behind the reader. The reader still does
 * either itself when it finds it not done (no printer thread, or one that
 * lags a window); each page is mapped in and given back once. Safe with
 * no map, and while the reader unmaps (fmap_close waits for a call under
 * way). */
void fmap_page_ahead(void);

/* The reader is at off: give back pages well behind it, map in pages
 * ahead (one call a window, not a page fault a page) unless the other
 * thread has. */
enum { FMAP_AHEAD = 8192 };        /* bytes ahead of the reader asked into the cache */

static inline void fmap_at(struct fmap *m, size_t off)
{
    atomic_store_explicit(&m->at, off, memory_order_relaxed);
    /* The handler must see the new offset before any byte past the old
     * margin is read (a compiler barrier: the handler runs on this thread). */
    atomic_signal_fence(memory_order_seq_cst);
    if (off >= m->wake_at)
        fmap_wake_pager(m, off);
    if (off + FMAP_WINDOW > atomic_load_explicit(&m->populated, memory_order_relaxed))
        fmap_populate(m, off, 2);
    if (off > atomic_load_explicit(&m->released, memory_order_relaxed) + 3 * (size_t)FMAP_WINDOW)
        fmap_release(m, off);
    /* The page cache is cold in the CPU's caches, and a record is a few
     * hundred bytes: without this, each record header waits for memory
     * (read(2) used to warm them, copying on the other core). */
    size_t ahead = off + FMAP_AHEAD < m->size ? off + FMAP_AHEAD : m->size;
    if (m->prefetched < off)
        m->prefetched = off;
    for (; m->prefetched < ahead; m->prefetched += 64)
        __builtin_prefetch(m->base + m->prefetched);
}

/* Stop the pager, unmap and let go of the lease. */
void fmap_close(struct fmap *m);

#endif
