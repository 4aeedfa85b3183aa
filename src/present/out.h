/* Buffered output with hand-written formatters for the hot paths: no stdio
 * per value, one write() per 64 KiB. */
#ifndef SYNFIN_OUT_H
#define SYNFIN_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct out {
    int fd;
    size_t len;
    bool failed;              /* a write failed (EPIPE ...): stop printing */
    int error;                /* its errno */
    char buf[1 << 16];
};

extern struct out *out_stdout;

void out_init(struct out *o, int fd);
void out_flush(struct out *o);

static inline void out_reserve(struct out *o, size_t n)
{
    if (o->len + n > sizeof o->buf)
        out_flush(o);
}

static inline void out_mem(struct out *o, const void *p, size_t n)
{
    if (n > sizeof o->buf / 2) {
        out_flush(o);
        while (n > sizeof o->buf / 2) {
            memcpy(o->buf, p, sizeof o->buf / 2);
            o->len = sizeof o->buf / 2;
            out_flush(o);
            p = (const char *)p + sizeof o->buf / 2;
            n -= sizeof o->buf / 2;
        }
    }
    out_reserve(o, n);
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

static inline void out_str(struct out *o, const char *s) { out_mem(o, s, strlen(s)); }
/* The plural ending of a count's noun, as Wireshark's plurality(n, "", "s"):
 * "1 byte", "2 bytes". */
static inline const char *plural_s(uint64_t n) { return n == 1 ? "" : "s"; }

static inline void out_char(struct out *o, char c)
{
    out_reserve(o, 1);
    o->buf[o->len++] = c;
}

/* v in decimal, at least `width` digits (zero-padded), into buf (room for
 * 20 or width); returns the length. Every printer's numbers go through it. */
size_t fmt_u64(char *buf, uint64_t v, int width);
/* The same for a 32-bit number, no padding: the printers' common case. */
size_t fmt_u32(char *buf, uint32_t v);
void out_u64(struct out *o, uint64_t v);
void out_u64_width(struct out *o, uint64_t v, int width);   /* right-aligned */
void out_i64(struct out *o, int64_t v);
void out_hex(struct out *o, uint64_t v, int width);      /* "0x" and width digits */
void out_hexbytes(struct out *o, const uint8_t *p, size_t n);
void out_text(struct out *o, const uint8_t *p, size_t n);     /* packet text, escaped as tshark */
/* Text meant to be UTF-8 (a pcapng comment): valid characters as they are,
 * each invalid byte as U+FFFD, control characters escaped (C0 and DEL as
 * out_text, C1 as \u0080..\u009f), so none reaches a terminal raw. */
void out_utf8(struct out *o, const uint8_t *p, size_t n);
/* Seconds with `digits` decimals, signed as Wireshark prints times. */
#define FRAC_BUF 48
size_t fmt_frac(char *buf, int64_t sec, long nsec, int digits);
void out_frac(struct out *o, int64_t sec, long nsec, int digits);
/* An IPv4 address in dotted decimal, NUL-terminated; returns the length. */
#define IPV4_BUF 16
size_t fmt_ipv4(char *buf, const uint8_t *a);
void out_ipv4(struct out *o, const uint8_t *a);
/* A file name for the terminal: control bytes as \xNN, the rest as it is
 * (UTF-8 stays); buf has room for 4 strlen(name) + 1. Returns the length. */
size_t fmt_name(char *buf, const char *name);
/* Columns a shown text takes: UTF-8 continuation bytes take none. */
size_t fmt_columns(const char *shown);
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
