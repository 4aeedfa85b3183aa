/* Literals by type, as Wireshark 4.0 reads them, with its refusals; and
 * values written as text for string(). A literal's bytes are decoded in
 * place over its own text (never longer), in the filter's string pool. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/nstime.h"
#include "present/dfilter_impl.h"

enum df_kind df_kind_of(uint8_t type)
{
    switch (type) {
    case T_BOOLEAN: case T_UINT8: case T_UINT16: case T_UINT24: case T_UINT32: case T_UINT64: case T_INT8: case T_INT16: case T_INT32: case T_FRAMENUM:
        return K_INT;
    case T_IPv4: return K_IPV4;
    case T_IPv6: return K_IPV6;
    case T_ETHER: case T_BYTES: case T_STRING: case T_PROTOCOL: return K_BYTES;
    case T_ABSOLUTE_TIME: case T_RELATIVE_TIME: return K_TIME;
    default: return K_NONE;
    }
}

enum df_int_type df_int_type_of(uint8_t type)
{
    switch (type) {
    case T_UINT64: return IT_U64;
    case T_INT8: case T_INT16: case T_INT32: return IT_S32;
    default: return IT_U32;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Escapes as the man page lists them; \u and \U are written as UTF-8. */
uint32_t df_unescape(const char *s, int len, bool raw, char *out)
{
    uint32_t n = 0;
    for (int i = 0; i < len; i++) {
        if (s[i] != '\\' || i + 1 >= len) {
            out[n++] = s[i];
            continue;
        }
        if (raw) {                       /* only \" is special, and keeps its backslash */
            out[n++] = s[i];
            continue;
        }
        char c = s[++i];
        switch (c) {
        case 'a': out[n++] = '\a'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'v': out[n++] = '\v'; break;
        case 'x': {
            int v = 0, k = 0;
            while (k < 2 && i + 1 < len && hexval(s[i + 1]) >= 0)
                v = v * 16 + hexval(s[++i]), k++;
            out[n++] = (char)v;
            break;
        }
        case 'u': case 'U': {
            unsigned long cp = 0;
            int digits = c == 'u' ? 4 : 8;
            for (int k = 0; k < digits && i + 1 < len && hexval(s[i + 1]) >= 0; k++)
                cp = cp * 16 + (unsigned long)hexval(s[++i]);
            if (cp < 0x80) {
                out[n++] = (char)cp;
            } else if (cp < 0x800) {
                out[n++] = (char)(0xc0 | (cp >> 6)), out[n++] = (char)(0x80 | (cp & 0x3f));
            } else if (cp < 0x10000) {
                out[n++] = (char)(0xe0 | (cp >> 12)), out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
                out[n++] = (char)(0x80 | (cp & 0x3f));
            } else {
                out[n++] = (char)(0xf0 | ((cp >> 18) & 0x07)), out[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
                out[n++] = (char)(0x80 | ((cp >> 6) & 0x3f)), out[n++] = (char)(0x80 | (cp & 0x3f));
            }
            break;
        }
        default:
            if (c >= '0' && c <= '7') {
                int v = c - '0';
                for (int k = 0; k < 2 && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
                    v = v * 8 + (s[++i] - '0');
                out[n++] = (char)v;
            } else {
                out[n++] = c;            /* \\ \" \' */
            }
        }
    }
    return n;
}

/* A C-style character constant: 'c', '\n', '\x0a', '\012'. */
static bool char_value(const char *text, uint32_t len, int64_t *v)
{
    char buf[16];
    if (len < 3 || len > 8)
        return false;
    uint32_t n = df_unescape(text + 1, (int)len - 2, false, buf);
    if (n != 1)
        return false;
    *v = (uint8_t)buf[0];
    return true;
}

/* Decimal, 0x hex, 0 octal or 0b binary, the whole word, up to 2^64 - 1:
 * 0, ERANGE past that, or EINVAL. */
static int int_parse(const char *s, uint64_t *u)
{
    char *end;
    errno = 0;
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && s[2])
        *u = strtoull(s + 2, &end, 2);
    else
        *u = strtoull(s, &end, 0);
    if (*end || !isdigit((unsigned char)s[0]))
        return EINVAL;
    return errno ? ERANGE : 0;
}

/* An integer literal, as its bits (an unsigned 64-bit one may pass 2^63). */
static bool int_value(const char *s, int64_t *v)
{
    uint64_t u;
    if (int_parse(s, &u) != 0)
        return false;
    *v = (int64_t)u;
    return true;
}

static uint64_t type_max(uint8_t type)
{
    switch (type) {
    case T_UINT8: return 0xff;
    case T_UINT16: return 0xffff;
    case T_UINT24: return 0xffffff;
    case T_INT8: return INT8_MAX;
    case T_INT16: return INT16_MAX;
    case T_INT32: return INT32_MAX;
    case T_UINT64: return UINT64_MAX;
    default: return 0xffffffff;
    }
}

/* Hex bytes "aa:bb:cc", "aa-bb", "aa.bb" (one separator kind), "aabbcc", or
 * one byte "7". Decoded in place; false if it is none of these. */
static bool bytes_value(char *s, uint32_t *n)
{
    size_t len = strlen(s);
    if (len == 1 && hexval(s[0]) >= 0) {       /* one hex digit: one byte */
        s[0] = (char)hexval(s[0]);
        *n = 1;
        return true;
    }
    char sep = 0;
    for (size_t i = 0; i < len; i++)
        if (hexval(s[i]) < 0) {
            if (s[i] != ':' && s[i] != '-' && s[i] != '.')
                return false;
            if (sep && s[i] != sep)
                return false;
            sep = s[i];
        }
    uint32_t out = 0;
    size_t i = 0;
    while (i < len) {
        size_t digits = 0;
        while (i + digits < len && s[i + digits] != sep)
            digits++;
        if (sep ? (digits != 1 && digits != 2) : digits % 2 != 0)
            return false;
        if (!sep) {
            for (size_t k = 0; k < digits; k += 2)
                s[out++] = (char)(hexval(s[i + k]) * 16 + hexval(s[i + k + 1]));
            i += digits;
        } else {
            s[out++] = (char)(digits == 1 ? hexval(s[i]) : hexval(s[i]) * 16 + hexval(s[i + 1]));
            i += digits;
            if (i < len && ++i == len)
                return false;          /* a trailing separator */
        }
    }
    *n = out;
    return out > 0;
}

/* [-]seconds[.fraction], to nanoseconds. */
static bool time_value(const char *s, int64_t *ns)
{
    bool neg = *s == '-';
    if (neg)
        s++;
    if (!isdigit((unsigned char)*s) && *s != '.')
        return false;
    int64_t sec = 0, frac = 0;
    int digits = 0;
    for (; isdigit((unsigned char)*s); s++) {
        if (sec > INT64_MAX / 10 / NS_PER_SEC)
            return false;
        sec = sec * 10 + (*s - '0');
    }
    if (*s == '.')
        for (s++; isdigit((unsigned char)*s); s++)
            if (digits < 9)
                frac = frac * 10 + (*s - '0'), digits++;
    if (*s)
        return false;
    while (digits++ < 9)
        frac *= 10;
    *ns = (sec * NS_PER_SEC + frac) * (neg ? -1 : 1);
    return true;
}

/* A date and time as Wireshark 4.0 reads one: ISO 8601 ("2020-07-04T12:34:56",
 * the T may be a space) or "Sep 26, 2004 23:18:04", either with a fraction
 * of a second; then "Z" or "UTC" (ISO also "+hh:mm"), else local time.
 * To nanoseconds since the epoch. */
static bool date_value(const char *text, int64_t *ns)
{
    static const char *const formats[] = { "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%b %d, %Y %H:%M:%S" };
    for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
        struct tm tm;
        memset(&tm, 0, sizeof tm);
        const char *s = strptime(text, formats[k], &tm);
        if (!s)
            continue;
        int64_t frac = 0;
        int digits = 0;
        if (*s == '.')
            for (s++; isdigit((unsigned char)*s); s++)
                if (digits < 9)
                    frac = frac * 10 + (*s - '0'), digits++;
        while (digits++ < 9)
            frac *= 10;
        while (*s == ' ')
            s++;
        long offset = 0;
        bool utc = false;
        if (strcmp(s, "Z") == 0 || strcmp(s, "UTC") == 0) {
            utc = true;
        } else if ((*s == '+' || *s == '-') && k < 2 && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2])) {
            int hh = (s[1] - '0') * 10 + (s[2] - '0'), mm = 0;
            const char *m = s[3] == ':' ? s + 4 : s + 3;
            if (isdigit((unsigned char)m[0]) && isdigit((unsigned char)m[1]))
                mm = (m[0] - '0') * 10 + (m[1] - '0'), m += 2;
            if (*m)
                continue;
            offset = (*s == '-' ? -1 : 1) * (hh * 3600L + mm * 60L);
            utc = true;
        } else if (*s) {
            continue;
        }
        tm.tm_isdst = -1;
        time_t t = utc ? timegm(&tm) : mktime(&tm);
        *ns = ((int64_t)t - offset) * NS_PER_SEC + frac;
        return true;
    }
    return false;
}

static bool cidr(struct df_node *ln, struct df_error *err, char *text, int max_bits, const char *what)
{
    char *slash = strchr(text, '/');
    ln->lit.prefix = (uint8_t)max_bits;
    if (!slash)
        return true;
    *slash = '\0';
    char *end;
    long bits = strtol(slash + 1, &end, 10);
    if (*end || bits < 0) {
        df_err(err, ln->at, ln->len, "\"%s\" is not a valid netmask.", slash + 1);
        return false;
    }
    if (bits > max_bits) {
        df_err(err, ln->at, ln->len, "%s should be <= %d, not %ld", what, max_bits, bits);
        return false;
    }
    ln->lit.prefix = (uint8_t)bits;
    return true;
}

/* A name among field's value names ("TCP", "Set"), as Wireshark takes a
 * quoted string, or a word that is not a number, for a field that has them. */
static bool named_value(struct df_node *ln, int field, const char *text, struct df_error *err)
{
    if (field_value_named(field, text, &ln->lit.i))
        return true;
    df_err(err, ln->at, ln->len, "\"%s\" cannot be found among the possible values for %s.", text,
           fields[field].name);
    return false;
}

bool df_literal_value(struct df_node *ln, uint8_t type, int names, struct df_error *err)
{
    char *text = (char *)ln->lit_text;          /* ours: the pool is writable */
    bool quoted = ln->lit_tok == TK_STRING || ln->lit_tok == TK_RAWSTRING;
    struct dval *v = &ln->lit;
    memset(v, 0, sizeof *v);
    ln->type = type;
    v->ity = (uint8_t)df_int_type_of(type);
    bool has_names = names >= 0 && field_has_value_names(names) && ln->lit_tok != TK_CHAR;
    switch (df_kind_of(type)) {
    case K_INT:
        if (quoted && has_names)
            return named_value(ln, names, text, err);
        if (quoted) {
            df_err(err, ln->at, ln->len, "%s cannot be converted from a string (\"%s\").", field_type_names[type], text);
            return false;
        }
        if (ln->lit_tok == TK_CHAR) {
            if (!char_value(text, ln->lit_len, &v->i)) {
                df_err(err, ln->at, ln->len, "%s is not a valid character constant.", text);
                return false;
            }
            return true;
        }
        if (type == T_BOOLEAN) {
            if (strcmp(text, "True") == 0 || strcmp(text, "TRUE") == 0) {
                v->i = 1;
                return true;
            }
            if (strcmp(text, "False") == 0 || strcmp(text, "FALSE") == 0)
                return true;
            if (!int_value(text, &v->i) && has_names)
                return named_value(ln, names, text, err);
            if (!int_value(text, &v->i)) {
                df_err(err, ln->at, ln->len, "\"%s\" cannot be found among the possible values.", text);
                return false;
            }
            v->i = v->i != 0;                    /* any non-zero number is true */
            return true;
        }
        if (!int_value(text, &v->i) && has_names)
            return named_value(ln, names, text, err);
        if (!int_value(text, &v->i)) {
            df_err(err, ln->at, ln->len,
                   int_parse(text, &(uint64_t){ 0 }) == ERANGE ? "\"%s\" causes an integer overflow."
                                                                : "\"%s\" is not a valid number.",
                   text);
            return false;
        }
        if (df_int_type_of(type) == IT_S32 && (uint64_t)v->i > INT64_MAX) {   /* read as a signed 64-bit number */
            df_err(err, ln->at, ln->len, "\"%s\" causes an integer overflow.", text);
            return false;
        }
        if ((uint64_t)v->i > type_max(type) && has_names)    /* Wireshark's next try: a name */
            return named_value(ln, names, text, err);
        if ((uint64_t)v->i > type_max(type)) {
            df_err(err, ln->at, ln->len, "\"%s\" too big for this field, maximum %llu.", text,
                   (unsigned long long)type_max(type));
            return false;
        }
        return true;
    case K_TIME:
        if (type == T_ABSOLUTE_TIME) {          /* quoted or not: a date, never a number */
            if (!date_value(text, &v->i)) {
                df_err(err, ln->at, ln->len, "\"%s\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\"",
                       text);
                return false;
            }
            v->secs = v->i / 1000000000, v->nsecs = (int32_t)(v->i % 1000000000);
            return true;
        }
        if (quoted) {
            df_err(err, ln->at, ln->len, "%s cannot be converted from a string (\"%s\").", field_type_names[type], text);
            return false;
        }
        if (!time_value(text, &v->i)) {
            df_err(err, ln->at, ln->len, "\"%s\" is not a valid time.", text);
            return false;
        }
        v->secs = v->i / 1000000000, v->nsecs = (int32_t)(v->i % 1000000000);   /* one sign, as Wireshark reads it */
        return true;
    case K_IPV4: {
        uint8_t a[4];
        if (quoted || !cidr(ln, err, text, 32, "Netmask bits in a CIDR IPv4 address"))
            return quoted ? (df_err(err, ln->at, ln->len, "%s cannot be converted from a string (\"%s\").",
                                    field_type_names[type], text), false)
                          : false;
        if (inet_pton(AF_INET, text, a) != 1) {
            df_err(err, ln->at, ln->len, "\"%s\" is not a valid hostname or IPv4 address.", text);
            return false;
        }
        v->i = (int64_t)((uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 | a[3]);
        return true;
    }
    case K_IPV6: {
        if (quoted || !cidr(ln, err, text, 128, "Prefix in a IPv6 address"))
            return quoted ? (df_err(err, ln->at, ln->len, "%s cannot be converted from a string (\"%s\").",
                                    field_type_names[type], text), false)
                          : false;
        uint8_t a[16];
        if (inet_pton(AF_INET6, text, a) != 1) {
            df_err(err, ln->at, ln->len, "\"%s\" is not a valid hostname or IPv6 address.", text);
            return false;
        }
        memcpy(ln->lit_addr, a, 16);
        v->p = ln->lit_addr;
        v->n = 16;
        return true;
    }
    case K_BYTES:
        if (quoted) {
            if (type == T_ETHER) {
                df_err(err, ln->at, ln->len, "%s cannot be converted from a string (\"%s\").", field_type_names[type],
                       text);
                return false;
            }
            v->p = (const uint8_t *)text, v->n = ln->lit_len;
            return true;
        }
        if (ln->lit_tok == TK_CHAR) {
            int64_t c;
            if (!char_value(text, ln->lit_len, &c)) {
                df_err(err, ln->at, ln->len, "%s is not a valid character constant.", text);
                return false;
            }
            text[0] = (char)c;
            v->p = (const uint8_t *)text, v->n = 1;
            return true;
        }
        if (type == T_STRING) {                  /* an unquoted word, read as text (deprecated) */
            v->p = (const uint8_t *)text, v->n = ln->lit_len;
            return true;
        }
        {
            char orig[64];
            snprintf(orig, sizeof orig, "%s", text);
            int64_t b;
            if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
                /* A hex integer of one byte may stand for that byte. */
                if (!int_value(text, &b) || (uint64_t)b > 0xff) {
                    df_err(err, ln->at, ln->len, type == T_ETHER ? "\"%s\" is not a valid Ethernet address."
                                                                 : "\"%s\" is not a valid byte string.", orig);
                    return false;
                }
                text[0] = (char)b;
                v->n = 1;
            } else if (!bytes_value(text, &v->n)) {
                if (type == T_ETHER)
                    df_err(err, ln->at, ln->len, "\"%s\" is not a valid Ethernet address.", orig);
                else
                    df_err(err, ln->at, ln->len, "\"%s\" is not a valid byte string.", orig);
                return false;
            }
            if (type == T_ETHER && v->n != 6) {
                df_err(err, ln->at, ln->len, "\"%s\" contains too %s bytes to be a valid Ethernet address.", orig,
                       v->n < 6 ? "few" : "many");
                return false;
            }
            v->p = (const uint8_t *)text;
        }
        return true;
    default:
        df_err(err, ln->at, ln->len, "\"%s\" cannot be compared with a %s.", text, field_type_names[type]);
        return false;
    }
}

uint32_t df_value_text(uint8_t type, const struct dval *v, char *buf, uint32_t cap)
{
    int n = 0;
    switch (df_kind_of(type)) {
    case K_INT:
        n = v->ity == IT_U64 ? snprintf(buf, cap, "%llu", (unsigned long long)v->i)
                             : snprintf(buf, cap, "%lld", (long long)v->i);
        break;
    case K_IPV4:
        n = snprintf(buf, cap, "%u.%u.%u.%u", (unsigned)(v->i >> 24) & 0xff, (unsigned)(v->i >> 16) & 0xff,
                     (unsigned)(v->i >> 8) & 0xff, (unsigned)v->i & 0xff);
        break;
    case K_IPV6:
        if (cap >= INET6_ADDRSTRLEN && v->n == 16 && inet_ntop(AF_INET6, v->p, buf, cap))
            n = (int)strlen(buf);
        break;
    case K_BYTES:                                /* Ethernet: aa:bb:cc:dd:ee:ff */
        for (uint32_t i = 0; i < v->n && (uint32_t)n + 3 < cap; i++)
            n += snprintf(buf + n, cap - (uint32_t)n, i ? ":%02x" : "%02x", v->p[i]);
        break;
    default:
        break;
    }
    return n < 0 ? 0 : (uint32_t)n >= cap ? cap - 1 : (uint32_t)n;
}
