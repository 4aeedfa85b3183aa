#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "present/out.h"
#include "present/xml_escape.h"

static struct out stdout_buf = { .fd = 1 };
struct out *out_stdout = &stdout_buf;

void out_init(struct out *o, int fd)
{
    o->fd = fd;
    o->len = 0;
    o->failed = false;
    o->error = 0;
}

void out_flush(struct out *o)
{
    size_t done = 0;
    while (done < o->len && !o->failed) {
        ssize_t n = write(o->fd, o->buf + done, o->len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            o->failed = true;
            o->error = n < 0 ? errno : ENOSPC;
        }
        else
            done += (size_t)n;
    }
    o->len = 0;
}

/* Decimal digits of v (v >= 10): from its bit length, then one compare. */
static unsigned decimal_digits(uint64_t v)
{
    static const uint64_t pow10[20] = { 1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
                                        10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
                                        100000000000ull, 1000000000000ull, 10000000000000ull,
                                        100000000000000ull, 1000000000000000ull, 10000000000000000ull,
                                        100000000000000000ull, 1000000000000000000ull,
                                        10000000000000000000ull };
    unsigned t = (unsigned)(64 - __builtin_clzll(v)) * 1233 >> 12;     /* 1233/4096 ~ log10(2) */
    return t + 1 - (v < pow10[t]);
}

/* "00" to "99": two digits are written with one 2-byte copy. */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                  "8081828384858687888990919293949596979899";

static inline char *put_pair(char *p, unsigned d)   /* d < 100, written just before p */
{
    p -= 2;
    memcpy(p, digit_pairs + 2 * d, 2);
    return p;
}

/* The digits of w, ending just before p (whose room the caller made). */
static inline void digits_u32(char *p, uint32_t w)
{
    /* Four digits a step: one division by 10000 and two by 100 of a
     * number below 10000, each a multiplication. */
    while (w >= 10000) {
        uint32_t q = w / 10000, r = w - q * 10000;
        p = put_pair(p, r % 100);
        p = put_pair(p, r / 100);
        w = q;
    }
    if (w >= 100) {
        uint32_t q = w / 100;
        p = put_pair(p, w - q * 100);
        w = q;
    }
    if (w >= 10)
        put_pair(p, w);
    else
        p[-1] = (char)('0' + w);
}

size_t fmt_u32(char *buf, uint32_t v)
{
    size_t digits = v < 10 ? 1 : decimal_digits(v);
    digits_u32(buf + digits, v);
    return digits;
}

size_t fmt_u64(char *buf, uint64_t v, int width)
{
    size_t digits = v < 10 ? 1 : decimal_digits(v);
    size_t pad = width > 0 && (size_t)width > digits ? (size_t)width - digits : 0;
    if (pad)                          /* rare: a call to memset for nothing cost 15 instructions a number */
        memset(buf, '0', pad);
    char *p = buf + pad + digits;     /* written from the last digit back */
    while (v > UINT32_MAX) {
        uint64_t q = v / 100;
        p = put_pair(p, (unsigned)(v - q * 100));
        v = q;
    }
    digits_u32(p, (uint32_t)v);       /* 32-bit divisions from here: most numbers fit */
    return pad + digits;
}

size_t fmt_ipv4(char *buf, const uint8_t *a)
{
    char *p = buf;
    for (int i = 0; i < 4; i++) {
        unsigned o = a[i];
        if (i)
            *p++ = '.';
        if (o >= 100) {
            unsigned h = o / 100;
            *p++ = (char)('0' + h);
            o -= h * 100;
            memcpy(p, digit_pairs + 2 * o, 2);
            p += 2;
        } else if (o >= 10) {
            memcpy(p, digit_pairs + 2 * o, 2);
            p += 2;
        } else {
            *p++ = (char)('0' + o);
        }
    }
    *p = 0;
    return (size_t)(p - buf);
}

void out_ipv4(struct out *o, const uint8_t *a)
{
    char buf[IPV4_BUF];
    out_mem(o, buf, fmt_ipv4(buf, a));
}

void out_u64(struct out *o, uint64_t v)
{
    out_reserve(o, 20);
    o->len += v <= UINT32_MAX ? fmt_u32(o->buf + o->len, (uint32_t)v) : fmt_u64(o->buf + o->len, v, 1);
}

void out_u64_width(struct out *o, uint64_t v, int width)
{
    size_t digits = v < 10 ? 1 : decimal_digits(v);
    size_t pad = width > 0 && (size_t)width > digits ? (size_t)width - digits : 0;
    out_reserve(o, pad + 20);
    memset(o->buf + o->len, ' ', pad);
    o->len += pad;
    out_u64(o, v);
}

void out_i64(struct out *o, int64_t v)
{
    if (v < 0) {
        out_char(o, '-');
        out_u64(o, (uint64_t)0 - (uint64_t)v);
    } else {
        out_u64(o, (uint64_t)v);
    }
}

static const char hexdig[] = "0123456789abcdef";

void out_hex(struct out *o, uint64_t v, int width)
{
    out_reserve(o, 2 + 16);
    o->buf[o->len++] = '0';
    o->buf[o->len++] = 'x';
    for (int i = width - 1; i >= 0; i--)
        o->buf[o->len++] = hexdig[(v >> (4 * i)) & 0xf];
}

/* Packet text as tshark -T fields writes an ASCII string field: a byte
 * above 0x7f is U+FFFD, a tab, CR or LF is written \t, \r, \n. tshark
 * writes the other control bytes as they are; synfin never lets them reach
 * a terminal and writes \xhh. */
void out_text(struct out *o, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c == '\t')
            out_str(o, "\\t");
        else if (c == '\r')
            out_str(o, "\\r");
        else if (c == '\n')
            out_str(o, "\\n");
        else if (c >= 0x80)
            out_str(o, "\xef\xbf\xbd");
        else if (c < 0x20 || c == 0x7f)
            out_printf(o, "\\x%02x", c);
        else
            out_char(o, (char)c);
    }
}

void out_utf8(struct out *o, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = p[i] < 0x80 ? 1 : utf8_seq(p + i, n - i, &cp);
        if (k == 0) {
            out_str(o, "\xef\xbf\xbd");
            i++;
        } else if (k == 1) {
            out_text(o, p + i, 1);
            i++;
        } else if (cp < 0xa0) {
            out_printf(o, "\\u%04x", (unsigned)cp);   /* a C1 control: a terminal would obey it */
            i += 2;
        } else {
            out_mem(o, p + i, k);
            i += k;
        }
    }
}

void out_hexbytes(struct out *o, const uint8_t *p, size_t n)
{
    while (n) {
        size_t chunk = n > 4096 ? 4096 : n;
        out_reserve(o, 2 * chunk);
        for (size_t i = 0; i < chunk; i++) {
            o->buf[o->len++] = hexdig[p[i] >> 4];
            o->buf[o->len++] = hexdig[p[i] & 0xf];
        }
        p += chunk, n -= chunk;
    }
}

/* Seconds and a fraction with the same sign, as Wireshark keeps times
 * (see time_delta): a negative fraction puts a "-" in front, and a
 * fraction of a damaged timestamp may have more digits than `digits`. */
size_t fmt_frac(char *buf, int64_t sec, long nsec, int digits)
{
    size_t n = 0;
    if (nsec < 0 || sec < 0)
        buf[n++] = '-';
    n += fmt_u64(buf + n, sec < 0 ? (uint64_t)0 - (uint64_t)sec : (uint64_t)sec, 1);
    buf[n++] = '.';
    uint64_t frac = nsec < 0 ? (uint64_t)0 - (uint64_t)nsec : (uint64_t)nsec;
    if (frac < 1000000000 && digits >= 1 && digits <= 9) {
        /* The usual case: exactly `digits` digits, written in pairs from
         * the last (a division by a constant each, no padding call). */
        static const uint32_t drop[10] = { 1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1 };
        uint32_t x = digits == 6 ? (uint32_t)frac / 1000       /* constant divisors: multiplications */
                   : digits == 9 ? (uint32_t)frac : (uint32_t)frac / drop[digits];
        char *p = buf + n + digits;
        int k = digits;
        for (; k >= 2; k -= 2) {
            p = put_pair(p, x % 100);
            x /= 100;
        }
        if (k)
            p[-1] = (char)('0' + x);
        n += (size_t)digits;
        buf[n] = 0;
        return n;
    }
    for (int i = digits; i < 9; i++)
        frac /= 10;
    n += fmt_u64(buf + n, frac, digits);
    buf[n] = 0;
    return n;
}

void out_frac(struct out *o, int64_t sec, long nsec, int digits)
{
    char buf[FRAC_BUF];
    out_mem(o, buf, fmt_frac(buf, sec, nsec, digits));
}

void out_printf(struct out *o, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_mem(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

size_t fmt_name(char *buf, const char *name)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f) {
            buf[n++] = '\\', buf[n++] = 'x';
            buf[n++] = hexdig[*p >> 4], buf[n++] = hexdig[*p & 15];
        } else {
            buf[n++] = (char)*p;
        }
    buf[n] = '\0';
    return n;
}

size_t fmt_columns(const char *shown)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)shown; *p; p++)
        n += (*p & 0xc0) != 0x80;
    return n;
}
