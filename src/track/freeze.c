/* Frozen streams: the records, the spill file and the packing (freeze.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "track/freeze.h"

#define FREEZE_BUF ((size_t)256 << 10)     /* writes gathered before one write(2) */
#define FREEZE_WINDOW ((size_t)64 << 10)   /* bytes read at once (a frozen state is at most 2.5 KiB) */

void freeze_init(struct freeze_store *z)
{
    *z = (struct freeze_store){ .fd = -1 };
    arena_init(&z->rec4, sizeof(struct freeze_rec) + 8);
    arena_init(&z->rec6, sizeof(struct freeze_rec) + 32);
}

void freeze_free(struct freeze_store *z)
{
    arena_free(&z->rec4);
    arena_free(&z->rec6);
    if (z->fd >= 0)
        close(z->fd);
    free(z->buf);
    free(z->window);
    z->fd = -1;
    z->buf = NULL;
    z->window = NULL;
}

size_t freeze_bytes_held(const struct freeze_store *z)
{
    return arena_bytes(&z->rec4) + arena_bytes(&z->rec6) + (z->buf ? FREEZE_BUF : 0) +
           (z->window ? FREEZE_WINDOW : 0);
}

/* An unlinked file in $TMPDIR (or /tmp): O_TMPFILE where the file system
 * has it, else a named one unlinked at once. */
static int spill_open(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    size_t n = strlen(dir) + sizeof "/synfin-freeze.XXXXXX";
    char *path = malloc(n);
    if (!path)
        return -1;
    memcpy(path, dir, strlen(dir));
    memcpy(path + strlen(dir), "/synfin-freeze.XXXXXX", sizeof "/synfin-freeze.XXXXXX");
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    free(path);
    return fd;
}

static bool write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static bool spill_flush(struct freeze_store *z)
{
    if (z->buf_len && !write_all(z->fd, z->buf, z->buf_len))
        return false;
    z->buf_off += z->buf_len;
    z->buf_len = 0;
    return true;
}

struct freeze_rec *freeze_put(struct freeze_store *z, uint32_t index, uint8_t addr_len, const uint8_t *addr0,
                              const uint8_t *addr1, const uint16_t port[2], const void *state, size_t n)
{
    size_t max = FREEZE_PACKED_MAX(n);
    if (z->failed || max > FREEZE_BUF || n > UINT32_MAX)
        return NULL;
    if (z->fd < 0) {
        z->buf = malloc(FREEZE_BUF);
        if (!z->buf || (z->fd = spill_open()) < 0) {
            z->failed = true;
            return NULL;
        }
    }
    if (z->buf_len + max > FREEZE_BUF && !spill_flush(z)) {
        z->failed = true;
        return NULL;
    }
    struct freeze_rec *r = arena_add(addr_len == 4 ? &z->rec4 : &z->rec6);
    if (!r)
        return NULL;
    size_t len = freeze_pack(state, n, z->buf + z->buf_len);
    uint64_t off = z->buf_off + z->buf_len;
    z->buf_len += len;
    z->size = off + len;
    *r = (struct freeze_rec){ .index = index, .port = { port[0], port[1] }, .len = (uint32_t)len,
                              .off_lo = (uint32_t)off, .off_hi = (uint32_t)(off >> 32), .addr_len = addr_len };
    memcpy(r->addr, addr0, addr_len);
    memcpy(r->addr + addr_len, addr1, addr_len);
    return r;
}

/* The n bytes at off in the file, through the window: a pointer into it,
 * or NULL on a read error. */
static const uint8_t *spill_read(struct freeze_store *z, uint64_t off, size_t n)
{
    if (off >= z->window_off && off + n <= z->window_off + z->window_len)
        return z->window + (off - z->window_off);
    if (!z->window && !(z->window = malloc(FREEZE_WINDOW)))
        return NULL;
    z->window_off = off;
    z->window_len = 0;
    while (z->window_len < n) {
        ssize_t got = pread(z->fd, z->window + z->window_len, FREEZE_WINDOW - z->window_len,
                            (off_t)(off + z->window_len));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return NULL;
        z->window_len += (size_t)got;
    }
    return z->window;
}

size_t freeze_get(struct freeze_store *z, const struct freeze_rec *r, void *out, size_t cap)
{
    uint64_t off = (uint64_t)r->off_hi << 32 | r->off_lo;
    const uint8_t *packed;
    if (off >= z->buf_off)                    /* still in the write buffer */
        packed = z->buf + (off - z->buf_off);
    else if (!(packed = r->len <= FREEZE_WINDOW ? spill_read(z, off, r->len) : NULL))
        return 0;
    return freeze_unpack(packed, r->len, out, cap);
}

/* The packing: the length (4 bytes), then for each group of eight 8-byte
 * words a byte whose bit w says word w is not zero, and those words (the
 * last word only as long as the input). Zero words are most of a frozen
 * stream (counters not yet counted, options not seen), and words keep the
 * loop to a test a word. */
static size_t word_len(size_t n, size_t w)
{
    return n - w * 8 < 8 ? n - w * 8 : 8;
}

size_t freeze_pack(const uint8_t *in, size_t n, uint8_t *out)
{
    uint32_t n32 = (uint32_t)n;
    memcpy(out, &n32, 4);
    size_t o = 4, words = (n + 7) / 8;
    for (size_t g = 0; g < words; g += 8) {
        size_t mask_at = o++, in_group = words - g < 8 ? words - g : 8;
        unsigned mask = 0;
        for (size_t k = 0; k < in_group; k++) {
            size_t at = (g + k) * 8, len = n - at < 8 ? n - at : 8;
            uint64_t v = 0;
            if (len == 8)
                memcpy(&v, in + at, 8);               /* one load */
            else
                memcpy(&v, in + at, len);             /* the last word, short */
            memcpy(out + o, &v, 8);                   /* room: FREEZE_PACKED_MAX has 8 to spare */
            unsigned nonzero = v != 0;
            mask |= nonzero << k;
            o += nonzero * len;
        }
        out[mask_at] = (uint8_t)mask;
    }
    return o;
}

size_t freeze_unpack(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    uint32_t len32;
    if (n < 4)
        return 0;
    memcpy(&len32, in, 4);
    size_t len = len32, i = 4, words = (len + 7) / 8;
    if (len == 0 || len > cap)
        return 0;
    for (size_t g = 0; g < words; g += 8) {
        if (i >= n)
            return 0;
        uint8_t mask = in[i++];
        for (size_t w = g; w < g + 8 && w < words; w++) {
            size_t wl = word_len(len, w);
            if (mask & (1u << (w - g))) {
                if (wl > n - i)
                    return 0;
                memcpy(out + w * 8, in + i, wl);
                i += wl;
            } else {
                memset(out + w * 8, 0, wl);
            }
        }
    }
    return i == n ? len : 0;
}
