/* -z endpoints,tcp[,FILTER]: one row per address and port, as tshark's
 * endpoint table prints it: frames and bytes sent and received, most
 * frames first. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/fields.h"
#include "present/stats_tap.h"

struct endp_item {
    uint8_t addr_len;
    uint8_t addr[16];
    uint16_t port;
    uint64_t tx_frames, rx_frames, tx_bytes, rx_bytes;
    uint32_t order;
};

struct endp {
    char *filter;
    struct endp_item *items;  /* in creation order */
    uint32_t n, cap;
    uint32_t *slots;          /* open addressing: item + 1, 0: empty */
    uint32_t nslots;          /* a power of two, at least twice n */
    bool oom;
};

static uint32_t endp_hash(const uint8_t *addr, uint8_t len, uint16_t port)
{
    uint32_t h = 2166136261u;            /* FNV-1a */
    for (int i = 0; i < len; i++)
        h = (h ^ addr[i]) * 16777619u;
    h = (h ^ (port & 0xff)) * 16777619u;
    return (h ^ (port >> 8)) * 16777619u;
}

static bool endp_rehash(struct endp *e)
{
    uint32_t n = e->nslots ? e->nslots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return false;
    for (uint32_t i = 0; i < e->n; i++) {
        const struct endp_item *it = &e->items[i];
        uint32_t h = endp_hash(it->addr, it->addr_len, it->port) & (n - 1);
        while (slots[h])
            h = (h + 1) & (n - 1);
        slots[h] = i + 1;
    }
    free(e->slots);
    e->slots = slots;
    e->nslots = n;
    return true;
}

static struct endp_item *endp_find(struct endp *e, const uint8_t *addr, uint8_t len, uint16_t port)
{
    if ((uint64_t)(e->n + 1) * 2 > e->nslots && !endp_rehash(e))
        return NULL;
    uint32_t h = endp_hash(addr, len, port) & (e->nslots - 1);
    while (e->slots[h]) {
        struct endp_item *it = &e->items[e->slots[h] - 1];
        if (it->port == port && it->addr_len == len && memcmp(it->addr, addr, len) == 0)
            return it;
        h = (h + 1) & (e->nslots - 1);
    }
    if (!stats_grow((void **)&e->items, &e->cap, e->n + 1, sizeof *e->items))
        return NULL;
    struct endp_item *it = &e->items[e->n];
    memset(it, 0, sizeof *it);
    it->addr_len = len;
    memcpy(it->addr, addr, len);
    it->port = port;
    it->order = e->n;
    e->slots[h] = ++e->n;
    return it;
}

static void endp_frame(void *self, const struct view *v)
{
    struct endp *e = self;
    if (!stats_tcp_tapped(v) || e->oom)
        return;
    const struct stream *s = v->tk->stream;
    int d = v->tk->dir;
    uint64_t len = (uint64_t)stats_field_i(v, F_FRAME_LEN);
    /* The sender first, then the receiver, as Wireshark adds them. */
    struct endp_item *src = endp_find(e, s->addr[d], s->addr_len, (uint16_t)stats_field_i(v, F_TCP_SRCPORT));
    if (src)
        src->tx_frames++, src->tx_bytes += len;
    struct endp_item *dst = src ? endp_find(e, s->addr[!d], s->addr_len, (uint16_t)stats_field_i(v, F_TCP_DSTPORT)) : NULL;
    if (dst)
        dst->rx_frames++, dst->rx_bytes += len;
    e->oom = !src || !dst;
}

static int by_frames(const void *pa, const void *pb)
{
    const struct endp_item *a = pa, *b = pb;
    uint64_t fa = a->tx_frames + a->rx_frames, fb = b->tx_frames + b->rx_frames;
    if (fa != fb)
        return fa > fb ? -1 : 1;
    return a->order < b->order ? -1 : 1;
}

static const char rule[] = "================================================================================\n";

static bool endp_print(void *self, struct out *o)
{
    struct endp *e = self;
    out_str(o, rule);
    out_str(o, "TCP Endpoints\n");
    out_printf(o, "Filter:%s\n", e->filter ? e->filter : "<No Filter>");
    out_str(o, "                       |  Port  ||  Packets  | |  Bytes  | | Tx Packets | | Tx Bytes | "
               "| Rx Packets | | Rx Bytes |\n");
    qsort(e->items, e->n, sizeof *e->items, by_frames);
    for (uint32_t i = 0; i < e->n; i++) {
        const struct endp_item *it = &e->items[i];
        char a[64];
        stats_addr(it->addr, it->addr_len, a, sizeof a);
        out_printf(o, "%-20s      %5u     %6" PRIu64 "     %9" PRIu64 "     %6" PRIu64 "       %9" PRIu64
                      "      %6" PRIu64 "       %9" PRIu64 "   \n",
                   a, it->port, it->tx_frames + it->rx_frames, it->tx_bytes + it->rx_bytes, it->tx_frames,
                   it->tx_bytes, it->rx_frames, it->rx_bytes);
    }
    out_str(o, rule);
    /* The hash no longer matches the sorted items: this is the end. */
    return true;
}

static void endp_free(void *self)
{
    struct endp *e = self;
    free(e->items);
    free(e->slots);
    free(e->filter);
    free(e);
}

static const struct stat_ops endp_ops = { endp_frame, endp_print, endp_free };

void *endp_new(const char *filter, const struct stat_ops **ops)
{
    struct endp *e = calloc(1, sizeof *e);
    if (e && filter && !(e->filter = strdup(filter))) {
        free(e);
        e = NULL;
    }
    if (!e)
        fputs("synfin: out of memory\n", stderr);
    *ops = &endp_ops;
    return e;
}
