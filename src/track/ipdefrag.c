/* IPv4 and IPv6 fragment reassembly (see ipdefrag.h). The rules are epan/
 * reassemble.c's fragment_add_work, single pass:
 * - fragments are kept in order of offset, a fragment after those of the
 *   same offset (LINK_FRAG);
 * - the first fragment without MF sets the datagram's length; a later
 *   tail of another length changes nothing;
 * - the datagram is complete when the fragments cover it from 0 without
 *   a gap; its bytes are then laid down in that order, each fragment adding
 *   only the bytes past those already there (overlapping bytes keep the
 *   first fragment's, even when they differ), and what runs past the
 *   length is cut;
 * - a completed datagram leaves the table, so a fragment of it that comes
 *   again starts a new one (which tshark shows as a fragment too).
 * Wireshark keeps fragments for ever; here memory is bounded (ipdefrag.h),
 * which changes nothing for datagrams that complete within the bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "track/ipdefrag.h"

#define DEFRAG_BUCKETS 2048          /* a power of two, above DEFRAG_MAX_DATAGRAMS */
#define DEFRAG_SWEEP_S 10            /* how often (capture time) old datagrams are looked for */

struct dg_frag {
    uint32_t off, len;               /* in the datagram's payload */
    uint32_t pos;                    /* where its bytes are in the datagram's store */
    uint32_t frame;                  /* the frame it came in */
    uint8_t flags;                   /* DEFRAG_F_* */
};

struct datagram {
    bool used;
    bool datalen_set;
    uint8_t nfrag;
    uint8_t alen;                    /* 4 (IPv4) or 16 (IPv6): the key's address length */
    uint8_t src[16], dst[16];
    uint32_t id;                     /* IPv4: IP id ^ protocol ^ VLAN id; IPv6: the identification */
    int next;                        /* next in the bucket's chain, -1 for none */
    uint32_t datalen;
    int64_t last_sec;                /* capture time of the last fragment */
    uint64_t born;                   /* order of creation: the oldest is dropped first */
    uint8_t *store;                  /* the fragments' bytes, in order of arrival */
    uint32_t store_len, store_cap;
    struct dg_frag frag[DEFRAG_MAX_FRAGS];
};

struct defrag {
    int bucket[DEFRAG_BUCKETS];      /* first datagram of each chain, -1 for none */
    struct datagram dg[DEFRAG_MAX_DATAGRAMS];
    size_t count, held;
    uint64_t born;
    int64_t next_sweep;
    uint8_t *out;                    /* the completing frame's bytes and the datagram */
    size_t out_cap;
    struct defrag_done done;         /* the fragments of the datagram out holds */
    struct defrag_stats st;
};

struct defrag *defrag_new(void)
{
    struct defrag *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    for (int i = 0; i < DEFRAG_BUCKETS; i++)
        d->bucket[i] = -1;
    return d;
}

void defrag_free(struct defrag *d)
{
    if (!d)
        return;
    for (int i = 0; i < DEFRAG_MAX_DATAGRAMS; i++)
        free(d->dg[i].store);
    free(d->out);
    free(d);
}

const struct defrag_done *defrag_done(const struct defrag *d)
{
    return &d->done;
}

void defrag_stats(const struct defrag *d, struct defrag_stats *s)
{
    *s = d->st;
    s->datagrams = d->count;
    s->held = d->held;
}

static unsigned hash_key(const uint8_t *src, const uint8_t *dst, uint8_t alen, uint32_t id)
{
    uint32_t h = id * 0x9e3779b1u;
    for (int i = 0; i < alen; i++)
        h = (h ^ src[i]) * 0x01000193u, h = (h ^ dst[i]) * 0x01000193u;
    return (h ^ h >> 15) & (DEFRAG_BUCKETS - 1);
}

static void drop(struct defrag *d, int i)
{
    struct datagram *g = &d->dg[i];
    int *p = &d->bucket[hash_key(g->src, g->dst, g->alen, g->id)];
    while (*p != -1 && *p != i)
        p = &d->dg[*p].next;
    if (*p == i)
        *p = g->next;
    d->held -= g->store_cap;
    free(g->store);
    *g = (struct datagram){ .next = -1 };
    d->count--;
}

static void drop_oldest(struct defrag *d, int keep)
{
    int old = -1;
    for (int i = 0; i < DEFRAG_MAX_DATAGRAMS; i++)
        if (d->dg[i].used && i != keep && (old < 0 || d->dg[i].born < d->dg[old].born))
            old = i;
    if (old >= 0) {
        drop(d, old);
        d->st.evicted++;
    }
}

static void sweep(struct defrag *d, int64_t now)
{
    for (int i = 0; i < DEFRAG_MAX_DATAGRAMS; i++)
        if (d->dg[i].used && d->dg[i].last_sec + DEFRAG_TIMEOUT_S < now) {
            drop(d, i);
            d->st.expired++;
        }
    d->next_sweep = now + DEFRAG_SWEEP_S;
}

static int find_or_add(struct defrag *d, const uint8_t *src, const uint8_t *dst, uint8_t alen, uint32_t id)
{
    unsigned b = hash_key(src, dst, alen, id);
    for (int i = d->bucket[b]; i != -1; i = d->dg[i].next) {
        const struct datagram *g = &d->dg[i];
        if (g->id == id && g->alen == alen && !memcmp(g->src, src, alen) && !memcmp(g->dst, dst, alen))
            return i;
    }
    if (d->count == DEFRAG_MAX_DATAGRAMS)
        drop_oldest(d, -1);
    int i = 0;
    while (d->dg[i].used)
        i++;
    struct datagram *g = &d->dg[i];
    *g = (struct datagram){ .used = true, .alen = alen, .id = id, .next = d->bucket[b], .born = d->born++ };
    memcpy(g->src, src, alen);
    memcpy(g->dst, dst, alen);
    d->bucket[b] = i;
    d->count++;
    return i;
}

/* Room for n more bytes in a datagram's store, within DEFRAG_MAX_HELD
 * (older datagrams make way). */
static bool store_room(struct defrag *d, int i, uint32_t n)
{
    struct datagram *g = &d->dg[i];
    if (g->store_cap - g->store_len >= n)
        return true;
    uint32_t want = g->store_cap ? g->store_cap : 2048;
    while (want - g->store_len < n)
        want *= 2;
    while (d->held - g->store_cap + want > DEFRAG_MAX_HELD && d->count > 1)
        drop_oldest(d, i);
    if (d->held - g->store_cap + want > DEFRAG_MAX_HELD)
        return false;
    uint8_t *p = realloc(g->store, want);
    if (!p)
        return false;
    d->held += want - g->store_cap;
    g->store = p;
    g->store_cap = want;
    return true;
}

/* Whether the fragments cover the datagram from 0 to its length. */
static bool complete(const struct datagram *g)
{
    if (!g->datalen_set)
        return false;
    uint32_t max = 0;
    for (int k = 0; k < g->nfrag; k++)
        if (g->frag[k].off <= max && g->frag[k].off + g->frag[k].len > max)
            max = g->frag[k].off + g->frag[k].len;
    return max >= g->datalen;
}

/* Lay the datagram's bytes down at out, flagging the fragments as
 * reassemble.c's loop does: one that starts at or past the end, or runs
 * past it, is too long (cut); one that starts before what is laid down
 * overlaps, and conflicts when the bytes it shares with what is there
 * (up to its own length) differ. Empty fragments are passed over. */
static void assemble(struct datagram *g, uint8_t *out)
{
    uint32_t dfpos = 0;
    for (int k = 0; k < g->nfrag; k++) {
        struct dg_frag *fr = &g->frag[k];
        if (!fr->len)
            continue;
        if (fr->off >= g->datalen) {
            fr->flags |= DEFRAG_F_TOOLONG;   /* past the end: nothing of it is used */
            continue;
        }
        uint32_t len = fr->len;
        if (len > g->datalen - fr->off) {
            fr->flags |= DEFRAG_F_TOOLONG;
            len = g->datalen - fr->off;
        }
        uint32_t overlap = dfpos - fr->off;  /* complete() leaves no gap: off <= dfpos */
        if (overlap) {
            uint32_t cmp = fr->len < overlap ? fr->len : overlap;
            fr->flags |= DEFRAG_F_OVERLAP;
            if (memcmp(out + fr->off, g->store + fr->pos, cmp))
                fr->flags |= DEFRAG_F_CONFLICT;
        }
        if (fr->off + len > dfpos) {
            memcpy(out + dfpos, g->store + fr->pos + overlap, len - overlap);
            dfpos = fr->off + len;
        }
    }
}

/* The list of the datagram's fragments, in order of offset, for the
 * completing frame's fields. */
static void keep_list(struct defrag *d, const struct datagram *g)
{
    d->done.n = g->nfrag;
    d->done.datalen = g->datalen;
    for (int k = 0; k < g->nfrag; k++)
        d->done.piece[k] = (struct defrag_piece){ .frame = g->frag[k].frame, .off = g->frag[k].off,
                                                  .len = g->frag[k].len, .flags = g->frag[k].flags };
}

/* Whether tshark 4.0 puts the VLAN id in an IPv4 datagram's key: when
 * either address is private (RFC 1918) or link-local (packet-ip.c: "XXX:
 * Should there be a way to force the VLAN ID not to be taken into account
 * for reassembly even with non publicly routable IP addresses?"). */
static bool vlan_keyed(const uint8_t *a)
{
    return a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
           (a[0] == 169 && a[1] == 254);
}

/* The VLAN ID of the frame's last 802.1Q tag (Wireshark's pinfo->vlan_id),
 * or 0 when it has none. */
static uint32_t last_vlan_id(const struct frame *f)
{
    for (int w = f->nwalk; w-- > 0;)
        if (f->walk[w] == LL_VLAN)
            return frame_has(f, f->walk_off[w], 2) ? be16_at(f->data + f->walk_off[w]) & 0x0fffu : 0;
    return 0;
}

bool defrag_fragment(struct defrag *d, struct frame *f)
{
    if (!f->nip || !f->ip[f->nip - 1].defrag)
        return false;
    if (f->ts.tv_sec >= d->next_sweep)
        sweep(d, f->ts.tv_sec);
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    /* The decoder checked that the header and the payload were captured. */
    if (!frame_has(f, ip->off, ip->hdr_len) || !frame_has(f, ip->payload_off, ip->payload_len))
        return false;
    bool v4 = ip->version == 4;
    uint8_t alen = v4 ? 4 : 16;
    const uint8_t *src = f->data + ip->off + (v4 ? 12 : 8), *dst = src + alen;
    uint32_t vlan = vlan_keyed(src) || vlan_keyed(dst) ? last_vlan_id(f) : 0;
    uint32_t id = v4 ? (uint32_t)ip->id ^ ip->proto ^ vlan : ip->frag_ident;
    uint32_t off = v4 ? (ip->frag & 0x1fffu) * 8u : ip->frag6 & 0xfff8u, len = ip->payload_len;
    bool mf = v4 ? ip->frag & 0x2000 : ip->frag6 & 1;

    int i = find_or_add(d, src, dst, alen, id);
    struct datagram *g = &d->dg[i];
    g->last_sec = f->ts.tv_sec;
    if (g->nfrag == DEFRAG_MAX_FRAGS || !store_room(d, i, len)) {
        drop(d, i);                          /* too many pieces: left as fragments */
        d->st.refused++;
        return false;
    }
    uint8_t flags = 0;
    if (!mf && !g->datalen_set)
        g->datalen = off + len, g->datalen_set = true;
    else if (!mf && g->datalen != off + len)
        flags = DEFRAG_F_MULTITAIL;          /* another tail: the length stays the first's */
    int k = g->nfrag;
    while (k > 0 && g->frag[k - 1].off > off)
        k--;
    memmove(&g->frag[k + 1], &g->frag[k], (size_t)(g->nfrag - k) * sizeof g->frag[0]);
    g->frag[k] = (struct dg_frag){ .off = off, .len = len, .pos = g->store_len, .frame = (uint32_t)f->number,
                                   .flags = flags };
    g->nfrag++;
    if (len)                                 /* an IPv6 fragment may hold nothing (store still NULL) */
        memcpy(g->store + g->store_len, f->data + ip->payload_off, len);
    g->store_len += len;
    if (!complete(g))
        return false;

    size_t need = (size_t)f->caplen + g->datalen;
    if (need > UINT32_MAX) {
        drop(d, i);
        d->st.refused++;
        return false;
    }
    if (need > d->out_cap) {
        uint8_t *p = realloc(d->out, need);
        if (!p) {
            drop(d, i);
            d->st.refused++;
            return false;
        }
        d->out = p, d->out_cap = need;
    }
    memcpy(d->out, f->data, f->caplen);
    assemble(g, d->out + f->caplen);
    keep_list(d, g);
    uint32_t datalen = g->datalen;
    drop(d, i);
    d->st.completed++;
    f->data = d->out;
    f->buflen = (uint32_t)need;
    decode_reassembled(f, f->caplen, datalen);
    return true;
}
