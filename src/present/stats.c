/* The -z dispatcher: which statistic an argument names, the filter each
 * tap applies, and the helpers the statistics share. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/fields.h"
#include "present/stats.h"
#include "present/stats_tap.h"

#define STATS_MAX 64

struct tap {
    const struct stat_ops *ops;
    void *self;
    struct dfilter *df;       /* conv, endpoints, expert; io,stat filters each column itself */
};

struct stats {
    int n;
    struct tap taps[STATS_MAX];
};

/* "NAME" alone or "NAME,REST": REST (or "" for none), else NULL. */
static const char *after(const char *arg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == 0)
        return "";
    return arg[n] == ',' ? arg + n + 1 : NULL;
}

bool stats_check(const char *arg, char *why, size_t n)
{
    const char *rest;
    if (after(arg, "conv,tcp") || after(arg, "endpoints,tcp") || after(arg, "expert"))
        return true;
    if (strncmp(arg, "follow,", 7) == 0) {
        if (after(arg, "follow,tcp"))
            return true;      /* the rest is checked by follow_new, as tshark checks it at the tap's start */
        snprintf(why, n, "only tcp streams are followed");
        return false;
    }
    if ((rest = after(arg, "io,stat")) != NULL) {
        char *end;
        double iv = strtod(rest, &end);
        if (end == rest || (*end && *end != ','))
            snprintf(why, n, "expected io,stat,INTERVAL[,FILTER]...");
        else if (arg[strlen(arg) - 1] == ',')
            snprintf(why, n, "an empty last filter (tshark refuses it too; put the empty one first)");
        else if (iv < 0 || (iv != 0 && iv * 1000000.0 + 0.5 < 1))
            snprintf(why, n, "the interval must be 0 (the whole capture) or at least 0.000001 seconds");
        else
            return true;
        return false;
    }
    if (strncmp(arg, "conv,", 5) == 0 || strncmp(arg, "endpoints,", 10) == 0)
        snprintf(why, n, "only tcp conversations and endpoints are counted");
    else
        snprintf(why, n, "unknown statistic; synfin has conv,tcp endpoints,tcp io,stat,INTERVAL expert follow,tcp");
    return false;
}

struct dfilter *stats_filter(const char *text, bool *ok)
{
    *ok = true;
    if (!text || !*text)
        return NULL;
    struct df_error err;
    struct dfilter *df = df_compile(text, &err);
    if (!df) {
        df_error_print(stderr, text, &err);
        *ok = false;
    }
    return df;
}

struct stats *stats_open(const char *const *args, int n, enum time_fmt tf)
{
    if (n > STATS_MAX) {
        fprintf(stderr, "synfin: at most %d -z statistics\n", STATS_MAX);
        return NULL;
    }
    struct stats *st = calloc(1, sizeof *st);
    if (!st) {
        fputs("synfin: out of memory\n", stderr);
        return NULL;
    }
    for (int i = 0; i < n; i++) {
        struct tap *t = &st->taps[i];
        const char *rest;
        bool ok = true;
        /* "conv,tcp," has an empty filter, which tshark shows as such. */
        if ((rest = after(args[i], "conv,tcp")) != NULL) {
            t->df = stats_filter(rest, &ok);
            t->self = ok ? conv_new(args[i][8] ? rest : NULL, tf, &t->ops) : NULL;
        } else if ((rest = after(args[i], "endpoints,tcp")) != NULL) {
            t->df = stats_filter(rest, &ok);
            t->self = ok ? endp_new(args[i][13] ? rest : NULL, &t->ops) : NULL;
        } else if ((rest = after(args[i], "io,stat")) != NULL) {
            t->self = iostat_new(rest, tf, &t->ops);
        } else if ((rest = after(args[i], "expert")) != NULL) {
            t->self = expert_new(rest, &t->ops);
        } else if ((rest = after(args[i], "follow,tcp")) != NULL) {
            t->self = follow_new(rest, &t->ops);
        }
        if (!t->self) {
            df_free(t->df);
            t->df = NULL;
            st->n = i;
            stats_close(st);
            return NULL;
        }
        st->n = i + 1;
    }
    return st;
}

void stats_frame(struct stats *st, const struct view *v)
{
    for (int i = 0; i < st->n; i++) {
        struct tap *t = &st->taps[i];
        if (!t->df || df_match(t->df, v))
            t->ops->frame(t->self, v);
    }
}

bool stats_print(struct stats *st, struct out *o)
{
    bool all = true;
    /* tshark keeps its tap listeners in a list it prepends to. */
    for (int i = st->n - 1; i >= 0; i--)
        all &= st->taps[i].ops->print(st->taps[i].self, o);
    return all;
}

void stats_close(struct stats *st)
{
    if (!st)
        return;
    for (int i = 0; i < st->n; i++) {
        st->taps[i].ops->free(st->taps[i].self);
        df_free(st->taps[i].df);
    }
    free(st);
}

/* ---- shared helpers ---- */

int64_t stats_field_i(const struct view *v, int field_id)
{
    struct fval val[MAX_OCCURRENCES];
    return field_get(field_id, v, val, MAX_OCCURRENCES) > 0 ? val[0].i : 0;
}

bool stats_tcp_tapped(const struct view *v)
{
    /* The tap ignores a header an ICMP error quotes (Wireshark's
     * in_error_pkt): tshark's conversation tables leave it out. */
    return v->tk && !v->f->tcp.opts_truncated && !v->f->tcp.malformed_option && !v->f->tcp.quoted;
}

struct timespec stats_rel_time(const struct view *v)
{
    struct fval val[1];
    return field_get(F_FRAME_TIME_REL, v, val, 1) > 0 ? val[0].t : (struct timespec){ 0, 0 };
}

double stats_secs(struct timespec t)
{
    return (double)t.tv_sec + (double)t.tv_nsec / 1000000000.0;
}

void stats_addr(const uint8_t *addr, uint8_t len, char *buf, size_t n)
{
    if (!inet_ntop(len == 4 ? AF_INET : AF_INET6, addr, buf, (socklen_t)n))
        snprintf(buf, n, "?");
}

void stats_size(uint64_t bytes, char *buf, size_t n)
{
    /* format_size works on a signed 64-bit size, 1000 a prefix. */
    int64_t size = (int64_t)bytes;
    static const char *const prefix[] = { " P", " T", " G", " M", " k" };
    int64_t power = 1000, div = power * power * power * power * power;
    for (int i = 0; i < 5; i++, div /= power) {
        if (size / div >= 10) {
            snprintf(buf, n, "%" PRId64 "%sB", size / div, prefix[i]);
            return;
        }
    }
    snprintf(buf, n, "%" PRId64 " bytes", size);
}

bool stats_grow(void **arr, uint32_t *cap, uint32_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    uint32_t c = *cap ? *cap : 16;
    while (c < need) {
        if (c > UINT32_MAX / 2)
            return false;
        c *= 2;
    }
    void *p = realloc(*arr, (size_t)c * sz);
    if (!p)
        return false;
    *arr = p;
    *cap = c;
    return true;
}
