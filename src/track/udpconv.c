/* UDP conversations (see udpconv.h): an open-addressing table of slots
 * (entry number + 1, 0 empty, linear probing) over an array of entries;
 * both double together, so the slots stay at most half full. Entries are
 * never removed (tshark forgets no conversation within a file). */
#include <stdlib.h>
#include <string.h>

#include "decode/nstime.h"
#include "track/udpconv.h"

struct udpkey {
    uint8_t a[16], b[16];     /* the lower (address, port) end first; IPv4 in the first 4 bytes */
    uint16_t pa, pb;
    uint8_t v6;
    uint8_t pad[3];           /* zero: keys compare with memcmp */
};

struct udpent {
    struct udpkey key;
    uint32_t stream;
    struct timespec first, prev;
};

struct udpconv {
    struct udpent *ent;
    uint32_t n, cap_ent;      /* entries used, allocated */
    uint32_t *slot;
    uint32_t nslot;           /* a power of two */
    uint32_t max;
};

struct udpconv *udpconv_new_capped(uint32_t max)
{
    struct udpconv *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->max = max;
    u->nslot = 64;
    u->slot = calloc(u->nslot, sizeof *u->slot);
    if (!u->slot) {
        free(u);
        return NULL;
    }
    return u;
}

struct udpconv *udpconv_new(void)
{
    return udpconv_new_capped(UDPCONV_MAX);
}

void udpconv_free(struct udpconv *u)
{
    if (!u)
        return;
    free(u->ent);
    free(u->slot);
    free(u);
}

uint32_t udpconv_count(const struct udpconv *u)
{
    return u->n;
}

static uint32_t key_hash(const struct udpkey *k)
{
    uint64_t h = 0xcbf29ce484222325ull;
    const uint8_t *p = (const uint8_t *)k;
    for (size_t i = 0; i < sizeof *k; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return (uint32_t)(h ^ h >> 32);
}

/* Doubles the slots (and rehashes); false when memory is short. */
static bool grow_slots(struct udpconv *u)
{
    uint32_t n = u->nslot * 2;
    uint32_t *s = calloc(n, sizeof *s);
    if (!s)
        return false;
    for (uint32_t i = 0; i < u->n; i++) {
        uint32_t h = key_hash(&u->ent[i].key) & (n - 1);
        while (s[h])
            h = (h + 1) & (n - 1);
        s[h] = i + 1;
    }
    free(u->slot);
    u->slot = s, u->nslot = n;
    return true;
}

/* The conversation of key k, made at time ts when it is new; NULL past the
 * cap (or when memory is short). */
static struct udpent *lookup(struct udpconv *u, const struct udpkey *k, struct timespec ts)
{
    uint32_t h = key_hash(k) & (u->nslot - 1);
    while (u->slot[h]) {
        struct udpent *e = &u->ent[u->slot[h] - 1];
        if (memcmp(&e->key, k, sizeof *k) == 0)
            return e;
        h = (h + 1) & (u->nslot - 1);
    }
    if (u->n >= u->max)
        return NULL;
    if (u->n == u->cap_ent) {
        uint32_t c = u->cap_ent ? u->cap_ent * 2 : 32;
        if (c > u->max)
            c = u->max;
        struct udpent *e = realloc(u->ent, (size_t)c * sizeof *e);
        if (!e)
            return NULL;
        u->ent = e, u->cap_ent = c;
    }
    if ((u->n + 1) * 2 > u->nslot) {
        if (!grow_slots(u))
            return NULL;
        h = key_hash(k) & (u->nslot - 1);
        while (u->slot[h])
            h = (h + 1) & (u->nslot - 1);
    }
    struct udpent *e = &u->ent[u->n];
    e->key = *k;
    e->stream = u->n;
    e->first = e->prev = ts;
    u->slot[h] = ++u->n;
    return e;
}

/* The key of the UDP header at off, carried by IP header ip. */
static void make_key(const struct frame *f, const struct ip_layer *ip, uint32_t off, struct udpkey *k)
{
    memset(k, 0, sizeof *k);
    uint32_t alen = ip->version == 4 ? 4 : 16;
    const uint8_t *src = f->data + ip_shown_addr_off(ip, 0), *dst = f->data + ip_shown_addr_off(ip, 1);
    uint16_t sp = be16_at(f->data + off), dp = be16_at(f->data + off + 2);
    int c = memcmp(src, dst, alen);
    bool swap = c > 0 || (c == 0 && sp > dp);
    memcpy(k->a, swap ? dst : src, alen);
    memcpy(k->b, swap ? src : dst, alen);
    k->pa = swap ? dp : sp, k->pb = swap ? sp : dp;
    k->v6 = ip->version == 6;
}

void udpconv_walk(struct udpconv *u, const struct frame *f, struct udpconv_frame *r)
{
    r->n = 0;
    int nip = 0;                   /* IP headers walked so far */
    for (int w = 0; w < f->nwalk && r->n < UDPCONV_MAX_LAYERS; w++) {
        uint8_t ll = f->walk[w];
        if (ll == LL_IPV4 || ll == LL_IPV6)
            nip++;
        if (ll != LL_UDP)
            continue;
        struct udpconv_layer *l = &r->l[r->n++];
        l->has_stream = l->has_time = false;
        uint32_t off = f->walk_off[w];
        if (nip == 0 || nip > f->nip || !frame_has(f, off, 8))
            continue;              /* tshark stops before the conversation */
        const struct ip_layer *ip = &f->ip[nip - 1];
        if (ip->version != 4 && ip->version != 6)
            continue;
        uint32_t ulen = udp_length_used(f, ip, off);
        if (ulen < 8)
            continue;
        uint32_t alen = ip->version == 4 ? 4 : 16;
        if (!frame_has(f, ip_shown_addr_off(ip, 0), alen) || !frame_has(f, ip_shown_addr_off(ip, 1), alen))
            continue;
        struct udpkey k;
        make_key(f, ip, off, &k);
        struct udpent *e = lookup(u, &k, f->ts);
        if (!e)
            continue;
        l->has_stream = true;
        l->stream = e->stream;
        if (f->has_icmp && f->icmp.error && off > f->icmp.off)
            continue;              /* a quote: its index only */
        if (ulen == 8)
            continue;              /* no payload: tshark stops after the index */
        l->has_time = true;
        l->rel = time_delta(f->ts, e->first);
        l->delta = time_delta(f->ts, e->prev);
        e->prev = f->ts;
    }
}
