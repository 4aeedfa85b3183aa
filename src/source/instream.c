#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/instream.h"

#define IN_SIZE (256u * 1024)      /* compressed bytes read at a time */

static void fail(struct instream *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    s->failed = s->at_end = true;
}

/* read(2) from the file, counting; -1 (and err) on an error. */
static ssize_t read_file(struct instream *s, uint8_t *buf, size_t n)
{
    if (s->before_wait && !s->regular) {
        struct pollfd ready = { .fd = s->fd, .events = POLLIN };
        if (poll(&ready, 1, 0) == 0)
            s->before_wait(s->before_wait_arg);
    }
    for (;;) {
        ssize_t r = read(s->fd, buf, n);
        if (r >= 0) {
            s->file_pos += (uint64_t)r;
            return r;
        }
        if (errno != EINTR) {
            fail(s, "%s", strerror(errno));
            return -1;
        }
    }
}

/* The file ended. A regular file now shorter than what was read from it
 * was cut while it was read: the end is not a clean one. */
static void file_ended(struct instream *s)
{
    struct stat st;
    s->at_end = true;
    if (s->regular && fstat(s->fd, &st) == 0 && (uint64_t)st.st_size < s->file_pos)
        fail(s, "the file was cut to %lld bytes while it was read (after %llu)", (long long)st.st_size,
             (unsigned long long)s->file_pos);
}

int instream_open(struct instream *s, int fd)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    struct stat st;
    s->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (s->regular) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        /* Standard input may be a file already partly read. */
        off_t at = lseek(fd, 0, SEEK_CUR);
        if (at >= 0 && at < st.st_size)
            s->size = (uint64_t)(st.st_size - at);
    }
    while (s->peek_len < 2) {
        ssize_t r = read_file(s, s->peek + s->peek_len, 2 - (size_t)s->peek_len);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        s->peek_len += (int)r;
    }
    if (s->peek_len == 2 && s->peek[0] == 0x1f && s->peek[1] == 0x8b) {
        s->gzip = s->in_member = true;
        s->in_cap = IN_SIZE;
        s->in = malloc(s->in_cap);
        if (!s->in || inflateInit2(&s->z, 15 + 16) != Z_OK) {   /* +16: a gzip wrapper */
            free(s->in);
            s->in = NULL;
            s->gzip = false;
            fail(s, "out of memory");
            return -1;
        }
        memcpy(s->in, s->peek, 2);
        s->z.next_in = s->in;
        s->z.avail_in = 2;
        s->peek_len = 0;
    }
    return 0;
}

static ssize_t read_plain(struct instream *s, uint8_t *buf, size_t n)
{
    size_t done = 0;
    while (s->peek_pos < s->peek_len && done < n)
        buf[done++] = s->peek[s->peek_pos++];
    if (done)
        return (ssize_t)done;
    ssize_t r = read_file(s, buf, n);
    if (r == 0)
        file_ended(s);
    return r == 0 && s->failed ? -1 : r;
}

static ssize_t read_gzip(struct instream *s, uint8_t *buf, size_t n)
{
    z_stream *z = &s->z;
    z->next_out = buf;
    z->avail_out = n > UINT_MAX ? UINT_MAX : (unsigned)n;
    unsigned want = z->avail_out;
    while (z->avail_out > 0 && !s->at_end) {
        if (z->avail_in == 0) {
            ssize_t r = read_file(s, s->in, s->in_cap);
            if (r < 0)
                break;
            if (r == 0) {
                if (s->in_member)
                    fail(s, "the compressed data is cut short at byte %llu", (unsigned long long)s->file_pos);
                else
                    file_ended(s);
                break;
            }
            z->next_in = s->in;
            z->avail_in = (unsigned)r;
        }
        if (!s->in_member) {
            /* Another gzip member may follow; anything else after a member
             * is ignored, as gzip and zlib's gzread ignore it. */
            if (z->next_in[0] != 0x1f || (z->avail_in > 1 && z->next_in[1] != 0x8b)) {
                s->at_end = true;
                break;
            }
            inflateReset(z);
            s->in_member = true;
        }
        int rc = inflate(z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END) {
            s->in_member = false;
        } else if (rc == Z_MEM_ERROR) {
            fail(s, "out of memory");
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            /* The byte inflate stopped at: what it had not consumed is after it. */
            fail(s, "compressed data is damaged at byte %llu (%s)",
                 (unsigned long long)(s->file_pos - z->avail_in), z->msg ? z->msg : "invalid data");
        }
    }
    unsigned got = want - z->avail_out;
    if (got)
        return got;                /* the error, if any, comes with the next call */
    return s->failed ? -1 : 0;
}

ssize_t instream_read(struct instream *s, uint8_t *buf, size_t n)
{
    if (n == 0)
        return 0;
    if (s->at_end)
        return s->failed ? -1 : 0;
    return s->gzip ? read_gzip(s, buf, n) : read_plain(s, buf, n);
}

uint64_t instream_file_pos(const struct instream *s)
{
    return s->gzip ? s->file_pos - s->z.avail_in : s->file_pos;
}

const char *instream_error(const struct instream *s)
{
    return s->failed ? s->err : NULL;
}

void instream_close(struct instream *s)
{
    if (s->gzip)
        inflateEnd(&s->z);
    free(s->in);
    s->in = NULL;
    if (s->fd >= 0)
        close(s->fd);
    s->fd = -1;
}
