/* The bytes of a capture file as one buffer that records are handed out
 * from in place, for the file readers (pcap_classic.h, pcapng.h): for a
 * regular plain file the buffer is the file itself, mapped (filemap.h), or
 * (gzip, or a file that cannot be mapped) a block a second thread has read
 * ahead (readahead.h), so inflating or copying runs beside the decoding;
 * otherwise (a pipe) a buffer read(2) fills. A record is at most `carry` bytes: that many can always be made
 * available at once, whatever block boundary the record straddles. */
#ifndef SYNFIN_RECBUF_H
#define SYNFIN_RECBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source/filemap.h"
#include "source/instream.h"
#include "source/readahead.h"

struct recbuf {
    struct instream *in;           /* the file's bytes, after what was read before */
    uint8_t *buf;                  /* read buffer, or a read-ahead block: records point into it */
    size_t pos, len, cap;          /* buf[pos..len) is not handed out yet */
    size_t carry;                  /* the largest record */
    bool eof;
    struct readahead *ra;          /* a regular file's bytes come from a thread (readahead.h) */
    uint64_t buf_off;              /* with ra or map: the stream's offset of buf[0] */
    struct fmap map;               /* a regular plain file, mapped: buf points into it */
    uint64_t map_start;            /* the file's offset of buf[0] when mapped */
};

/* Start handing out in's bytes (the caller's; the read-ahead thread holds
 * it until recbuf_close) from where it stands. A plain regular file is
 * mapped, with a pager thread unless paged (another thread pages it in);
 * one that cannot be mapped is read ahead. 0, or -1 with err. */
int recbuf_open(struct recbuf *b, struct instream *in, size_t carry, bool paged, char *err, size_t errlen);

bool recbuf_fill(struct recbuf *b, size_t n);

/* Make n (<= carry) bytes available at buf + pos; false at the end of the
 * data. buf may move: take pointers after the call. */
static inline bool recbuf_need(struct recbuf *b, size_t n)
{
    return b->len - b->pos >= n || (!b->map.base && recbuf_fill(b, n));
}

/* Between two records, before the next is read: keeps the map's window
 * moving and leaves the map if another process is about to change the
 * file (only here, so the record handed out next is read whole from the
 * map, or the copy the lease handler made, or whole from the file).
 * false: that failed (recbuf_explain says why). */
bool recbuf_leave_map(struct recbuf *b);

static inline bool recbuf_between(struct recbuf *b)
{
    if (b->map.base) {
        fmap_at(&b->map, b->map_start + b->pos);
        if (fmap_broken())
            return recbuf_leave_map(b);
    }
    return true;
}

/* Why the data stopped early: the stream's own reason (damaged compressed
 * data, a read error) when it has one, else `missing`. */
void recbuf_explain(const struct recbuf *b, const char *missing, char *err, size_t errlen);

/* The data ended cleanly at pos: no byte left and no error. */
/* After a record is handed out: the loads of each record's first bytes
 * missed the cache (89% of the classic reader's time in perf, 12.6% of a
 * conns run), so ask for the next record's start now, and for what lies a
 * few records further on. */
static inline void recbuf_prefetch(const struct recbuf *b)
{
    if (b->len - b->pos > 2048) {
        __builtin_prefetch(b->buf + b->pos);
        __builtin_prefetch(b->buf + b->pos + 64);
        __builtin_prefetch(b->buf + b->pos + 1024);
        __builtin_prefetch(b->buf + b->pos + 2048);
    }
}

static inline bool recbuf_clean_end(const struct recbuf *b)
{
    return b->len == b->pos && !instream_error(b->in);
}

/* How far the file has been read for the records handed out: bytes of the
 * file (compressed ones for gzip). */
uint64_t recbuf_file_pos(const struct recbuf *b);

void recbuf_close(struct recbuf *b);

#endif
