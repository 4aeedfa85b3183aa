/* The bytes of a capture file, plain or gzip (found by content), read from
 * a file descriptor with read(2) into the caller's buffer.
 *
 * A plain regular file is mapped instead where a read lease can be had
 * (filemap.h); this reader is for everything else, and for the rest of a
 * mapped file once another process opens it to write. A mapped file that
 * shrinks would kill its reader with SIGBUS; read(2) simply returns fewer
 * bytes, so this reader cannot be killed by the file it reads, and its
 * memory is the caller's buffer, however big the file.
 *
 * gzip is inflated here with zlib's inflate, not gzread: gzread throws away
 * what it had decompressed when it meets damaged data, and this reader
 * hands out every byte before the damage, then names it. */
#ifndef SYNFIN_INSTREAM_H
#define SYNFIN_INSTREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <zlib.h>

struct instream {
    int fd;
    bool gzip;                 /* the file is gzip: its bytes are inflated */
    bool regular;              /* a regular file (its size can be checked) */
    bool in_member;            /* inside a gzip member (not between two) */
    bool at_end;               /* nothing more will come */
    bool failed;               /* stopped by an error: err says which */
    uint8_t peek[2];           /* the first bytes, read to tell gzip apart */
    int peek_len, peek_pos;
    z_stream z;
    uint8_t *in;               /* compressed bytes not yet inflated */
    size_t in_cap;
    uint64_t file_pos;         /* bytes read from the file so far */
    uint64_t size;             /* a regular file: its bytes from where reading began; 0: unknown */
    char err[160];             /* why the bytes stopped early ("" at a clean end) */
    /* Called before a read(2) that would wait for a pipe's writer (never
     * for a regular file), so the reader's output goes out while its input
     * is slow; set after instream_open. NULL: none. */
    void (*before_wait)(void *arg);
    void *before_wait_arg;
};

/* Take fd (closed by instream_close) and tell gzip from plain by the first
 * bytes. 0, or -1 with s->err set. */
int instream_open(struct instream *s, int fd);

/* How far the file has been read for the bytes handed out: bytes of the
 * file, less (for gzip) the compressed bytes read but not inflated yet. */
uint64_t instream_file_pos(const struct instream *s);

/* Up to n bytes into buf. Returns how many (0 < r <= n), 0 at the end of
 * the data, -1 when the data stops early: s->err says why, after every
 * byte before the damage or the cut was returned. */
ssize_t instream_read(struct instream *s, uint8_t *buf, size_t n);

/* The reason the data stopped early, or NULL. */
const char *instream_error(const struct instream *s);

void instream_close(struct instream *s);

#endif
