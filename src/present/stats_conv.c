/* -z conv,tcp[,FILTER]: one row per TCP conversation (tcp.stream), as
 * tshark's conversation table prints it: frames and bytes each way, the
 * first frame's time (relative, or as -t gives it: wall clock to the
 * second, or epoch) and the duration, most frames first. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/fields.h"
#include "present/stats_tap.h"

struct conv_item {
    uint8_t addr_len;
    uint8_t addr[2][16];      /* Wireshark's addr1 (A) and addr2 (B) */
    uint16_t port[2];
    uint64_t tx_frames, rx_frames, tx_bytes, rx_bytes;   /* tx: sent by A */
    struct timespec start, stop;  /* relative */
    struct timespec start_abs;    /* the frame at start: its own timestamp */
    uint32_t order;           /* creation order, for ties */
};

struct conv {
    char *filter;
    enum time_fmt tf;
    struct conv_item *items;  /* in creation order */
    uint32_t n, cap;
    uint32_t *by_stream;      /* tcp.stream -> item + 1, 0: none yet */
    uint32_t nstreams;
    bool oom;
};

static int ts_cmp(struct timespec a, struct timespec b)
{
    if (a.tv_sec != b.tv_sec)
        return a.tv_sec < b.tv_sec ? -1 : 1;
    return a.tv_nsec < b.tv_nsec ? -1 : a.tv_nsec > b.tv_nsec;
}

static struct conv_item *conv_find(struct conv *c, const struct view *v, const uint8_t *src, const uint8_t *dst,
                                   uint16_t sport, uint16_t dport)
{
    uint32_t idx = v->tk->stream->index;
    if (idx >= c->nstreams) {
        uint32_t cap = c->nstreams;
        if (!stats_grow((void **)&c->by_stream, &cap, idx + 1, sizeof *c->by_stream))
            return NULL;
        memset(c->by_stream + c->nstreams, 0, (size_t)(cap - c->nstreams) * sizeof *c->by_stream);
        c->nstreams = cap;
    }
    if (c->by_stream[idx])
        return &c->items[c->by_stream[idx] - 1];
    if (!stats_grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items))
        return NULL;
    /* A is the sender of the conversation's first frame (tshark 4.0 does
     * not order the two sides by port). */
    uint8_t len = v->tk->stream->addr_len;
    struct conv_item *it = &c->items[c->n];
    memset(it, 0, sizeof *it);
    it->addr_len = len;
    memcpy(it->addr[0], src, len);
    memcpy(it->addr[1], dst, len);
    it->port[0] = sport;
    it->port[1] = dport;
    it->start = it->stop = stats_rel_time(v);
    it->start_abs = v->f->ts;
    it->order = c->n;
    c->by_stream[idx] = ++c->n;
    return it;
}

static void conv_frame(void *self, const struct view *v)
{
    struct conv *c = self;
    if (!stats_tcp_tapped(v) || c->oom)
        return;
    const struct stream *s = v->tk->stream;
    int d = v->tk->dir;
    uint16_t sport = (uint16_t)stats_field_i(v, F_TCP_SRCPORT), dport = (uint16_t)stats_field_i(v, F_TCP_DSTPORT);
    struct conv_item *it = conv_find(c, v, s->addr[d], s->addr[!d], sport, dport);
    if (!it) {
        c->oom = true;
        return;
    }
    uint64_t len = (uint64_t)stats_field_i(v, F_FRAME_LEN);
    if (memcmp(s->addr[d], it->addr[0], it->addr_len) == 0 && memcmp(s->addr[!d], it->addr[1], it->addr_len) == 0 &&
        sport == it->port[0] && dport == it->port[1]) {
        it->tx_frames++;
        it->tx_bytes += len;
    } else {
        it->rx_frames++;
        it->rx_bytes += len;
    }
    struct timespec t = stats_rel_time(v);
    if (ts_cmp(t, it->stop) > 0)
        it->stop = t;
    else if (ts_cmp(t, it->start) < 0) {
        it->start = t;
        it->start_abs = v->f->ts;
    }
}

/* Most frames first, ties in the order the conversations were seen. */
static int by_frames(const void *pa, const void *pb)
{
    const struct conv_item *a = pa, *b = pb;
    uint64_t fa = a->tx_frames + a->rx_frames, fb = b->tx_frames + b->rx_frames;
    if (fa != fb)
        return fa > fb ? -1 : 1;
    return a->order < b->order ? -1 : 1;
}

static const char rule[] = "================================================================================\n";

static bool conv_print(void *self, struct out *o)
{
    struct conv *c = self;
    out_str(o, rule);
    out_str(o, "TCP Conversations\n");
    out_printf(o, "Filter:%s\n", c->filter ? c->filter : "<No Filter>");
    /* The start column's head, and "Size" for "Bytes" with a wall clock
     * (tshark 4.0's own inconsistency). */
    const char *start1 = "    Relative    ", *start2 = "      Start     ", *bytes = "Bytes";
    if (c->tf == TF_EPOCH) {
        start1 = "       Relative       ";
        start2 = "         Start        ";
    } else if (time_fmt_dated(c->tf)) {
        start1 = " Absolute Date  ";
        start2 = "     Start      ";
        bytes = "Size ";
    } else if (time_fmt_absolute(c->tf)) {
        start1 = " Absolute Time  ";
        bytes = "Size ";
    }
    out_printf(o, "                                                           |       <-      | |       ->      | "
                  "|     Total     |%s|   Duration   |\n", start1);
    out_printf(o, "                                                           | Frames  %s | | Frames  %s | "
                  "| Frames  %s |%s|              |\n", bytes, bytes, bytes, start2);
    qsort(c->items, c->n, sizeof *c->items, by_frames);
    for (uint32_t i = 0; i < c->n; i++) {
        const struct conv_item *it = &c->items[i];
        char a[64], b[64], ea[80], eb[80], rx[32], tx[32], tot[32];
        stats_addr(it->addr[0], it->addr_len, a, sizeof a);
        stats_addr(it->addr[1], it->addr_len, b, sizeof b);
        snprintf(ea, sizeof ea, "%s:%u", a, it->port[0]);
        snprintf(eb, sizeof eb, "%s:%u", b, it->port[1]);
        stats_size(it->rx_bytes, rx, sizeof rx);
        stats_size(it->tx_bytes, tx, sizeof tx);
        stats_size(it->rx_bytes + it->tx_bytes, tot, sizeof tot);
        out_printf(o, "%-26s <-> %-26s  %6" PRIu64 " %-9s  %6" PRIu64 " %-9s  %6" PRIu64 " %-9s  ", ea, eb,
                   it->rx_frames, rx, it->tx_frames, tx, it->rx_frames + it->tx_frames, tot);
        if (time_fmt_absolute(c->tf)) {
            char when[48];
            fmt_abs_time(when, sizeof when, it->start_abs, c->tf, 0);
            out_str(o, when);
        } else if (c->tf == TF_EPOCH) {
            out_printf(o, "%20.9f", stats_secs(it->start_abs));  /* a double: its rounding shows */
        } else {
            out_printf(o, "%14.9f", stats_secs(it->start));
        }
        out_printf(o, "   %12.4f\n", stats_secs(it->stop) - stats_secs(it->start));
    }
    out_str(o, rule);
    return true;
}

static void conv_free(void *self)
{
    struct conv *c = self;
    free(c->items);
    free(c->by_stream);
    free(c->filter);
    free(c);
}

static const struct stat_ops conv_ops = { conv_frame, conv_print, conv_free };

void *conv_new(const char *filter, enum time_fmt tf, const struct stat_ops **ops)
{
    struct conv *c = calloc(1, sizeof *c);
    if (c)
        c->tf = tf;
    if (c && filter && !(c->filter = strdup(filter))) {
        free(c);
        c = NULL;
    }
    if (!c)
        fputs("synfin: out of memory\n", stderr);
    *ops = &conv_ops;
    return c;
}
