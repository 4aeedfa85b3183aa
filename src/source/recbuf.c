#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/recbuf.h"

#define BUF_SIZE (4u << 20)

/* Another process is about to write or cut the mapped file (filemap.h):
 * go on with read(2) from the next record, as if the file had never been
 * mapped. false: out of memory (said in the stream's error). */
bool recbuf_leave_map(struct recbuf *b)
{
    uint64_t file_off = b->map_start + b->pos;
    fmap_close(&b->map);
    b->in->file_pos = b->buf_off + b->pos;
    b->cap = BUF_SIZE;
    b->buf = malloc(b->cap);
    b->len = b->pos = 0;
    if (!b->buf || lseek(b->in->fd, (off_t)file_off, SEEK_SET) < 0) {
        snprintf(b->in->err, sizeof b->in->err, "%s", b->buf ? strerror(errno) : "out of memory");
        b->in->failed = b->in->at_end = true;
        b->eof = true;
        return false;
    }
    return true;
}

bool recbuf_fill(struct recbuf *b, size_t n)
{
    if (b->map.base || b->len - b->pos >= n)
        return b->len - b->pos >= n;
    if (b->ra) {
        /* n <= carry, so what is left is less than the carry room, and
         * a block (RA_BLOCK bytes unless it is the last) holds the rest. */
        size_t len;
        const uint8_t *carry = b->buf ? b->buf + b->pos : NULL;   /* no block yet before the first */
        uint8_t *blk = ra_next(b->ra, carry, b->len - b->pos, &len);
        if (!blk)
            return false;
        b->buf_off += b->pos;
        b->buf = blk;
        b->len = len;
        b->pos = 0;
        return b->len >= n || recbuf_fill(b, n);
    }
    memmove(b->buf, b->buf + b->pos, b->len - b->pos);
    b->len -= b->pos;
    b->pos = 0;
    while (b->len < n && !b->eof) {
        ssize_t got = instream_read(b->in, b->buf + b->len, b->cap - b->len);
        if (got <= 0)
            b->eof = true;
        else
            b->len += (size_t)got;
    }
    return b->len >= n;
}

void recbuf_explain(const struct recbuf *b, const char *missing, char *err, size_t errlen)
{
    const char *why = instream_error(b->in);
    snprintf(err, errlen, "%s", why ? why : missing);
}

int recbuf_open(struct recbuf *b, struct instream *in, size_t carry, bool paged, char *err, size_t errlen)
{
    memset(b, 0, sizeof *b);
    b->in = in;
    b->carry = carry;
    b->buf_off = in->file_pos;         /* what was read before (the thread owns in from now) */
    off_t at = in->regular && !in->gzip ? lseek(in->fd, 0, SEEK_CUR) : -1;
    if (at >= 0 && fmap_open(&b->map, in->fd, (size_t)at, carry, !paged)) {
        if ((uint64_t)at <= b->map.size) {
            b->map_start = (uint64_t)at;
            b->buf = b->map.base + at;
            b->len = b->map.size - (size_t)at;
        } else {
            fmap_close(&b->map);
        }
    }
    if (in->regular && !b->map.base)
        b->ra = ra_start(in, carry);
    if (!b->ra && !b->map.base) {
        b->cap = BUF_SIZE;
        b->buf = malloc(b->cap);
        if (!b->buf) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    if (b->map.base && fmap_broken() && !recbuf_leave_map(b)) {
        recbuf_explain(b, "", err, errlen);
        return -1;
    }
    return 0;
}

uint64_t recbuf_file_pos(const struct recbuf *b)
{
    const struct instream *in = b->in;
    if (b->map.base)
        return b->buf_off + b->pos;
    if (b->ra)
        return in->gzip ? ra_file_pos(b->ra) : b->buf_off + b->pos;
    uint64_t pos = instream_file_pos(in);
    if (!in->gzip && b->len - b->pos <= pos)
        pos -= b->len - b->pos;                        /* in our buffer, not handed out yet */
    return pos;
}

void recbuf_close(struct recbuf *b)
{
    if (b->ra)
        ra_stop(b->ra);
    else if (b->map.base)
        fmap_close(&b->map);
    else
        free(b->buf);
    b->ra = NULL;
    b->buf = NULL;
}
