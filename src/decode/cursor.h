/* A read cursor over untrusted packet bytes.
 *
 * Every read of packet data goes through these getters. A read past the end
 * never touches memory: it returns 0 and sets `short_read`, so a decoder can
 * read a whole header, then check once whether it was all there (the idea of
 * tcpdump's GET_ macros, without the longjmp). */
#ifndef SYNFIN_CURSOR_H
#define SYNFIN_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cursor {
    const uint8_t *base;   /* start of the captured bytes */
    uint32_t len;          /* how many bytes were captured */
    uint32_t pos;          /* offset of the next read */
    bool short_read;       /* a read went past len */
};

static inline struct cursor cursor_make(const uint8_t *base, uint32_t len)
{
    return (struct cursor){ .base = base, .len = len };
}

static inline bool cursor_has(const struct cursor *c, uint32_t at, uint32_t n)
{
    return at <= c->len && n <= c->len - at;
}

/* Checked reads at an absolute offset, big-endian unless named _le. */
static inline uint8_t cur_u8_at(struct cursor *c, uint32_t at)
{
    if (!cursor_has(c, at, 1)) { c->short_read = true; return 0; }
    return c->base[at];
}

static inline uint16_t cur_u16_at(struct cursor *c, uint32_t at)
{
    if (!cursor_has(c, at, 2)) { c->short_read = true; return 0; }
    return (uint16_t)(c->base[at] << 8 | c->base[at + 1]);
}

static inline uint16_t cur_u16le_at(struct cursor *c, uint32_t at)
{
    if (!cursor_has(c, at, 2)) { c->short_read = true; return 0; }
    return (uint16_t)(c->base[at + 1] << 8 | c->base[at]);
}

static inline uint32_t cur_u32_at(struct cursor *c, uint32_t at)
{
    if (!cursor_has(c, at, 4)) { c->short_read = true; return 0; }
    const uint8_t *p = c->base + at;
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline uint32_t cur_u32le_at(struct cursor *c, uint32_t at)
{
    if (!cursor_has(c, at, 4)) { c->short_read = true; return 0; }
    const uint8_t *p = c->base + at;
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Big-endian loads from bytes a check already covered: a fixed header the
 * capture holds whole (cursor_has over all of it) is read with one check,
 * not one a field. */
static inline uint16_t be16_of(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t be32_of(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Sequential reads from pos. */
static inline uint8_t cur_u8(struct cursor *c)   { uint8_t v = cur_u8_at(c, c->pos); c->pos += 1; return v; }
static inline uint16_t cur_u16(struct cursor *c) { uint16_t v = cur_u16_at(c, c->pos); c->pos += 2; return v; }
static inline uint32_t cur_u32(struct cursor *c) { uint32_t v = cur_u32_at(c, c->pos); c->pos += 4; return v; }

/* Pointer to n bytes at `at`, or NULL (and short_read) when not all there. */
static inline const uint8_t *cur_bytes_at(struct cursor *c, uint32_t at, uint32_t n)
{
    if (!cursor_has(c, at, n)) { c->short_read = true; return NULL; }
    return c->base + at;
}

#endif
