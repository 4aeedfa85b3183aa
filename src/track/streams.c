/* The stream table: an open-addressing hash from the address/port pair to
 * the stream's index, and the streams themselves in fixed pages so that a
 * stream never moves once made. */
#include <stdlib.h>
#include <string.h>

#include "track/streams.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1u << PAGE_SHIFT)

struct slot {
    uint32_t hash;
    uint32_t index_plus1;     /* 0: empty; TOMB: a retired stream was here */
};

#define TOMB UINT32_MAX

/* The table grows without a pause: when it doubles, the old slots are
 * moved into the new table a few at a time, on every lookup, while both
 * are searched (the new one first; it shadows the old). */
struct stream_table {
    struct stream **pages;
    uint32_t npages, count;
    struct slot *slots;
    uint32_t mask;            /* slots - 1 */
    uint32_t used;            /* filled slots of `slots` */
    struct slot *old;         /* the table being moved from, or NULL */
    uint32_t old_mask, moved; /* old's size - 1; how many of its slots are moved */
    uint32_t live;            /* streams in the table, retired ones not counted */

    /* Retiring (live captures): a closed connection quiet for linger_s, or
     * any quiet for idle_s, leaves the table; a page whose streams are all
     * retired is freed, so memory stays flat over hours. */
    bool retiring;
    uint32_t linger_s, idle_s;
    uint32_t sweep;           /* next stream index the sweep looks at */
    uint64_t retired;
    uint16_t *page_retired;   /* retired streams per page */
    void (*on_retire)(void *arg, struct stream *s);
    void *retire_arg;
};

#define MOVE_STEP 16          /* old slots moved per lookup: done well before the next doubling */

struct flow_key {
    uint8_t addr_len;
    const uint8_t *addr[2];
    uint16_t port[2];
};

struct stream_table *streams_new(void)
{
    struct stream_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->mask = 1024 - 1;
    t->slots = calloc(t->mask + 1, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    return t;
}

void streams_free(struct stream_table *t)
{
    if (!t)
        return;
    for (uint32_t i = 0; i < t->count; i++)
        if (streams_get(t, i))
            analysis_free(&streams_get(t, i)->an);
    for (uint32_t i = 0; i < t->npages; i++)
        free(t->pages[i]);
    free(t->pages);
    free(t->page_retired);
    free(t->slots);
    free(t->old);
    free(t);
}

void streams_each(struct stream_table *t, void (*fn)(void *arg, struct stream *s), void *arg)
{
    for (uint32_t i = 0; i < t->count; i++) {
        struct stream *s = streams_get(t, i);
        if (s && !s->retired)
            fn(arg, s);
    }
}

uint32_t streams_count(const struct stream_table *t)
{
    return t->count;
}

struct stream *streams_get(struct stream_table *t, uint32_t index)
{
    if (index >= t->count || !t->pages[index >> PAGE_SHIFT])
        return NULL;
    return &t->pages[index >> PAGE_SHIFT][index & (PAGE_SIZE - 1)];
}

/* A hash that is the same for both directions of a flow. */
static uint32_t flow_hash(const struct flow_key *k)
{
    uint32_t h[2];
    for (int side = 0; side < 2; side++) {
        uint32_t x = 2166136261u;
        for (int i = 0; i < k->addr_len; i++)
            x = (x ^ k->addr[side][i]) * 16777619u;
        x = (x ^ (k->port[side] & 0xff)) * 16777619u;
        x = (x ^ (k->port[side] >> 8)) * 16777619u;
        h[side] = x;
    }
    uint32_t x = h[0] ^ h[1];
    x ^= x >> 16, x *= 0x7feb352d, x ^= x >> 15, x *= 0x846ca68b, x ^= x >> 16;
    return x ? x : 1;
}

/* Which side of s is the key's first endpoint: 0, 1, or -1 for no match. */
static int flow_match(const struct stream *s, const struct flow_key *k)
{
    if (s->addr_len != k->addr_len)
        return -1;
    for (int d = 0; d < 2; d++)
        if (s->port[d] == k->port[0] && s->port[!d] == k->port[1] &&
            memcmp(s->addr[d], k->addr[0], k->addr_len) == 0 &&
            memcmp(s->addr[!d], k->addr[1], k->addr_len) == 0)
            return d;
    return -1;
}

/* The slot of the key in table (slots, mask), or the empty slot where it would go. */
static struct slot *slot_find(struct stream_table *t, struct slot *slots, uint32_t mask, const struct flow_key *k,
                              uint32_t hash, int *dir)
{
    for (uint32_t j = hash & mask;; j = (j + 1) & mask) {
        struct slot *sl = &slots[j];
        if (!sl->index_plus1)
            return sl;
        if (sl->index_plus1 != TOMB && sl->hash == hash &&
            (*dir = flow_match(streams_get(t, sl->index_plus1 - 1), k)) >= 0)
            return sl;
    }
}

static struct flow_key stream_key(const struct stream *s)
{
    return (struct flow_key){ .addr_len = s->addr_len, .addr = { s->addr[0], s->addr[1] },
                              .port = { s->port[0], s->port[1] } };
}

/* Move a few slots of the old table into the new one. */
static void table_move_some(struct stream_table *t)
{
    if (!t->old)
        return;
    for (int n = 0; n < MOVE_STEP && t->moved <= t->old_mask; n++, t->moved++) {
        struct slot *o = &t->old[t->moved];
        if (!o->index_plus1 || o->index_plus1 == TOMB)
            continue;
        struct flow_key k = stream_key(streams_get(t, o->index_plus1 - 1));
        int dir;
        struct slot *sl = slot_find(t, t->slots, t->mask, &k, o->hash, &dir);
        if (!sl->index_plus1) {               /* not shadowed by a newer entry */
            *sl = *o;
            t->used++;
        }
    }
    if (t->moved > t->old_mask) {
        free(t->old);
        t->old = NULL;
    }
}

static void table_grow(struct stream_table *t)
{
    while (t->old)                            /* never two moves at once */
        table_move_some(t);
    /* Double, unless retired streams' tombstones are what filled it. */
    uint32_t newmask = (uint64_t)t->live * 4 < (uint64_t)t->mask + 1 ? t->mask : t->mask * 2 + 1;
    struct slot *ns = calloc((size_t)newmask + 1, sizeof *ns);
    if (!ns)
        abort();
    t->old = t->slots;
    t->old_mask = t->mask;
    t->moved = 0;
    t->slots = ns;
    t->mask = newmask;
    t->used = 0;
}

/* The key's newest stream index + 1, or 0. */
static uint32_t table_get(struct stream_table *t, const struct flow_key *k, uint32_t hash, int *dir)
{
    table_move_some(t);
    struct slot *sl = slot_find(t, t->slots, t->mask, k, hash, dir);
    if (sl->index_plus1 || !t->old)
        return sl->index_plus1;
    return slot_find(t, t->old, t->old_mask, k, hash, dir)->index_plus1;
}

/* Make the key's newest stream `index`. */
static void table_put(struct stream_table *t, const struct flow_key *k, uint32_t hash, uint32_t index)
{
    if ((t->used + 1) * 2 > t->mask + 1)
        table_grow(t);
    int dir;
    struct slot *sl = slot_find(t, t->slots, t->mask, k, hash, &dir);
    if (!sl->index_plus1)
        t->used++;
    sl->hash = hash;
    sl->index_plus1 = index + 1;
}

static struct stream *stream_new(struct stream_table *t, const struct flow_key *k)
{
    if ((t->count & (PAGE_SIZE - 1)) == 0) {
        if (t->npages % 64 == 0) {
            struct stream **np = realloc(t->pages, (t->npages + 64) * sizeof *np);
            uint16_t *nr = realloc(t->page_retired, (t->npages + 64) * sizeof *nr);
            if (!np || !nr)
                abort();
            t->pages = np;
            t->page_retired = nr;
        }
        t->page_retired[t->npages] = 0;
        t->pages[t->npages] = malloc(PAGE_SIZE * sizeof(struct stream));
        if (!t->pages[t->npages])
            abort();
        t->npages++;
    }
    uint32_t index = t->count++;
    struct stream *s = &t->pages[index >> PAGE_SHIFT][index & (PAGE_SIZE - 1)];
    memset(s, 0, sizeof *s);
    s->index = index;
    lifecycle_init(&s->life);
    analysis_init(&s->an);
    zeek_init(&s->zeek);
    s->addr_len = k->addr_len;
    for (int d = 0; d < 2; d++) {
        memcpy(s->addr[d], k->addr[d], k->addr_len);
        s->port[d] = k->port[d];
        s->half[d].win_scale = WS_UNKNOWN;
    }
    return s;
}

/* Find the frame's stream, or make a new one for a new flow. *is_new says
 * the flow had no stream before. */
static struct stream *stream_lookup(struct stream_table *t, const struct frame *f, int *dir, bool *is_new)
{
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    struct flow_key k = { .addr_len = ip->version == 4 ? 4 : 16,
                          .port = { f->tcp.sport, f->tcp.dport } };
    uint32_t src_off = ip->version == 4 ? 12 : 8;
    k.addr[0] = f->data + ip->off + src_off;
    k.addr[1] = f->data + ip->off + src_off + k.addr_len;

    uint32_t hash = flow_hash(&k);
    *dir = 0;
    *is_new = false;
    uint32_t found = table_get(t, &k, hash, dir);
    if (found)
        return streams_get(t, found - 1);
    struct stream *n = stream_new(t, &k);
    table_put(t, &k, hash, n->index);
    t->live++;
    *dir = 0;
    *is_new = true;
    return n;
}

/* A pure SYN with a new initial sequence number on a known flow opens a
 * new stream: the ports were reused. The table then points at the new one. */
static void table_forget(struct slot *slots, uint32_t mask, uint32_t hash, uint32_t index);

static struct stream *stream_reuse(struct stream_table *t, struct stream *old)
{
    struct flow_key k = stream_key(old);
    if (t->old)                               /* or a later retirement would bring it back */
        table_forget(t->old, t->old_mask, flow_hash(&k), old->index);
    struct stream *n = stream_new(t, &k);
    table_put(t, &k, flow_hash(&k), n->index);
    t->live++;
    return n;
}

void streams_retire_after(struct stream_table *t, uint32_t linger_s, uint32_t idle_s,
                          void (*on_retire)(void *arg, struct stream *s), void *arg)
{
    t->retiring = true;
    t->linger_s = linger_s;
    t->idle_s = idle_s;
    t->on_retire = on_retire;
    t->retire_arg = arg;
}

uint64_t streams_retired(const struct stream_table *t)
{
    return t->retired;
}

static void table_forget(struct slot *slots, uint32_t mask, uint32_t hash, uint32_t index)
{
    for (uint32_t j = hash & mask; slots[j].index_plus1; j = (j + 1) & mask)
        if (slots[j].index_plus1 == index + 1) {
            slots[j].index_plus1 = TOMB;
            return;
        }
}

static void stream_retire(struct stream_table *t, struct stream *s)
{
    if (t->on_retire)
        t->on_retire(t->retire_arg, s);
    struct flow_key k = stream_key(s);
    uint32_t hash = flow_hash(&k);
    table_forget(t->slots, t->mask, hash, s->index);
    if (t->old)
        table_forget(t->old, t->old_mask, hash, s->index);
    analysis_free(&s->an);
    s->retired = true;
    t->live--;
    t->retired++;
    uint32_t page = s->index >> PAGE_SHIFT;
    if (++t->page_retired[page] == PAGE_SIZE) {
        free(t->pages[page]);
        t->pages[page] = NULL;
    }
}

/* Look at a few streams, oldest first and round again, and retire the
 * quiet ones. */
static void streams_sweep(struct stream_table *t, struct timespec now)
{
    for (int n = 0; n < 8 && t->count > 1; n++) {
        if (t->sweep >= t->count - 1)         /* never the stream in hand, the newest */
            t->sweep = 0;
        struct stream *s = streams_get(t, t->sweep);
        if (!s) {                             /* a freed page: skip it whole */
            t->sweep = (t->sweep | (PAGE_SIZE - 1)) + 1;
            continue;
        }
        t->sweep++;
        if (s->retired)
            continue;
        /* whole seconds quiet (not a difference of whole-second clocks,
         * which calls 10.99 to 11.00 a second) */
        int64_t quiet = time_delta(now, s->last_ts).tv_sec;
        if ((s->life.close != CLOSE_NONE && quiet >= (int64_t)t->linger_s) || quiet >= (int64_t)t->idle_s)
            stream_retire(t, s);
    }
}

/* Completeness after this frame, as Wireshark 4.0 moves it forward: a new
 * flow counts only a pure SYN (with data: TCP Fast Open). */
static uint8_t completeness_next(uint8_t c, bool is_new, uint16_t fl, uint32_t seglen)
{
    if (is_new)
        return (fl & (TH_SYN | TH_ACK)) == TH_SYN ? (seglen ? 1 | 8 : 1) : 0;
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
        c |= 2;
    if ((fl & (TH_SYN | TH_ACK)) == TH_ACK)
        c |= seglen ? 8 : 4;
    if ((fl & (TH_FIN | TH_ACK)) == (TH_FIN | TH_ACK))
        c |= 16;
    if (fl & TH_RST)
        c |= 32;
    return c;
}

void streams_track(struct stream_table *t, const struct frame *f, struct track_info *out)
{
    const struct tcp_layer *th = &f->tcp;
    uint16_t fl = th->flags;
    int dir;
    bool is_new;
    if (t->retiring)
        streams_sweep(t, f->ts);
    struct stream *s = stream_lookup(t, f, &dir, &is_new);
    memset(out, 0, sizeof *out);

    if ((fl & (TH_SYN | TH_ACK)) == TH_SYN && s->half[dir].base_set && th->seq != s->half[dir].base_seq) {
        s = stream_reuse(t, s);
        dir = 0;
        s->completeness = 1;
        out->an.present = true;
        out->an.flags |= A_REUSED_PORTS;
    }
    struct half_stream *fwd = &s->half[dir], *rev = &s->half[!dir];
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) && fwd->base_set && th->seq != fwd->base_seq) {
        fwd->base_seq = th->seq;
        out->an.present = true;
        out->an.flags |= A_REUSED_PORTS;
    }
    /* Accurate ECN: negotiated by a SYN with AE, CWR and ECE and a SYN-ACK
     * answering it; after that the three bits are the ACE counter. */
    if ((fl & (TH_SYN | TH_ACK)) == TH_SYN)
        s->acc_ecn_syn = (fl & (TH_AE | TH_CWR | TH_ECE)) == (TH_AE | TH_CWR | TH_ECE);
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
        s->acc_ecn_synack = (fl & (TH_AE | TH_CWR)) == TH_CWR || (fl & (TH_AE | TH_ECE)) == TH_AE;
    out->ace_mode = !(fl & TH_SYN) && ((s->acc_ecn_syn && s->acc_ecn_synack) || s->acc_ecn_option);
    out->stream = s;
    out->dir = dir;
    out->completeness = s->completeness;

    bool first = s->frames++ == 0;
    if (first)
        s->first_ts = s->last_ts = f->ts;
    out->rel_time = time_delta(f->ts, s->first_ts);
    out->delta_time = time_delta(f->ts, s->last_ts);
    s->last_ts = f->ts;

    out->rel_seq = th->seq;
    out->rel_ack = th->ack;
    out->window = th->win;
    out->scale = fwd->win_scale;
    /* Sequence numbers are relative to a SYN's own number, else to one
     * before the first number seen; an ACK fixes the peer's base. */
    bool have_seglen = th->have_seglen && !th->short_segment;
    if (have_seglen) {
        if (!fwd->base_set) {
            fwd->base_seq = (fl & TH_SYN) ? th->seq : th->seq - 1;
            fwd->base_set = true;
        }
        if (!rev->base_set && (fl & TH_ACK)) {
            rev->base_seq = th->ack - 1;
            rev->base_set = true;
        }
        struct seq_segment sg = { .frame = f->number, .ts = f->ts, .seq = th->seq, .ack = th->ack,
                                  .seglen = th->seg_len, .flags = fl, .window = th->win,
                                  .base_seq = fwd->base_seq, .peer_win_scale = rev->win_scale };
        analysis_segment(&s->an, dir, &sg, &out->an);
        out->rel_seq = th->seq - fwd->base_seq;
        if (fl & TH_ACK)
            out->rel_ack = th->ack - rev->base_seq;
        if (!(fl & TH_SYN) && fwd->win_scale >= 0)
            out->window = (int64_t)th->win << fwd->win_scale;
        out->has_next_seq = !th->bogus_hdr_len;
        out->next_seq = out->rel_seq + th->seg_len + ((fl & (TH_SYN | TH_FIN)) ? 1 : 0);
    }
    lifecycle_segment(&s->life, f, dir, first, (out->an.flags & A_REUSED_PORTS) != 0, out->step, sizeof out->step);
    if (s->life.close != CLOSE_NONE)
        analysis_release(&s->an);             /* a closed connection keeps no empty buffers */
    int client = s->life.client < 0 ? 0 : s->life.client;
    out->state_client = s->life.state[client];
    out->state_server = s->life.state[!client];
    out->from_client = dir == client;
    s->pkts[dir]++;
    s->bytes[dir] += th->seg_len;
    struct zeek_segment zs = { .orig = dir == 0, .flags = fl, .seq = th->seq, .ack = th->ack,
                               .len = th->seg_len, .window = th->win };
    zeek_add(&s->zeek, &zs);
    for (int i = 0; i < th->nsack; i++) {
        out->sack_le[i] = th->sack_le[i] - rev->base_seq;
        out->sack_re[i] = th->sack_re[i] - rev->base_seq;
    }
    if (th->bogus_hdr_len)
        return;
    s->completeness = completeness_next(s->completeness, is_new, fl, th->seg_len);

    /* Window scaling, after this segment's options: any WS option sets
     * its sender's shift; a SYN without one turns scaling off both ways. */
    if (th->has_acc_ecn_opt)
        s->acc_ecn_option = true;
    analysis_after_options(&s->an, dir, f->ts, fl, th->sack_le, th->sack_re, th->nsack, &out->an);
    if (th->has_ws)
        fwd->win_scale = (int8_t)(th->ws_shift > 14 ? 14 : th->ws_shift);
    if (fl & TH_SYN) {
        if (fwd->win_scale == WS_UNKNOWN)
            fwd->win_scale = rev->win_scale = WS_NONE;
        else if ((fl & TH_ACK) && rev->win_scale == WS_NONE)
            fwd->win_scale = WS_NONE;
    }
}
