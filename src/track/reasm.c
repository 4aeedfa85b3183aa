/* TCP reassembly in Follow's order: see reasm.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track/reasm.h"
#include "track/seq.h"

/* A segment held back: it starts beyond its direction's end. */
struct reasm_frag {
    uint32_t seq;
    uint64_t frame;
    size_t off, len;          /* in its direction's pend buffer */
};

struct reasm_dir {
    uint32_t next;            /* Wireshark's follow_info->seq: where the stream ends */
    uint64_t written;         /* bytes_written: bytes appended in order (not by the fragments) */
    struct reasm_frag *frags; /* in arrival order */
    size_t nfrags, frags_cap;
    uint8_t *pend;            /* the held-back bytes */
    size_t pend_len, pend_cap;
};

struct reasm_conn {
    int client;               /* the caller's side that sent the first segment, or -1 */
    struct reasm_dir d[2];    /* by REASM_CLIENT / REASM_SERVER */
    struct reasm_chunk *chunks;
    size_t nchunks, chunks_cap;
    uint8_t *bytes;
    size_t len, cap;
    size_t held;              /* heap bytes this connection holds */
    bool capped;
};

static size_t total_held;
static bool said_conn_cap, said_total_cap;

size_t reasm_total_held(void) { return total_held; }

/* Grow *buf (of *cap elements of sz bytes) to hold need, doubling, within
 * the caps; false (the connection capped) when they do not allow it. */
static bool grow(struct reasm_conn *c, void **buf, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t room_conn = REASM_CONN_CAP - c->held;
    size_t room_total = REASM_TOTAL_CAP > total_held ? REASM_TOTAL_CAP - total_held : 0;
    size_t room = (room_conn < room_total ? room_conn : room_total) / sz;
    if (need - *cap > room) {
        if (!c->capped) {
            bool conn = room_conn <= room_total;
            bool *said = conn ? &said_conn_cap : &said_total_cap;
            if (!*said)
                fprintf(stderr, "synfin: reassembly: %s cap of %zu MiB reached; later bytes are left out\n",
                        conn ? "the per-connection" : "the process", (conn ? REASM_CONN_CAP : REASM_TOTAL_CAP) >> 20);
            *said = true;
        }
        c->capped = true;
        return false;
    }
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    if (n - *cap > room)      /* near a cap: half what is left, so the other buffers get some too */
        n = *cap + (need - *cap > room / 2 ? need - *cap : room / 2);
    void *p = realloc(*buf, n * sz);
    if (!p) {
        if (!c->capped)
            fputs("synfin: reassembly: out of memory; later bytes are left out\n", stderr);
        c->capped = true;
        return false;
    }
    c->held += (n - *cap) * sz;
    total_held += (n - *cap) * sz;
    *buf = p;
    *cap = n;
    return true;
}

struct reasm_conn *reasm_new(void)
{
    struct reasm_conn *c = calloc(1, sizeof *c);
    if (c)
        c->client = -1;
    return c;
}

void reasm_free(struct reasm_conn *c)
{
    if (!c)
        return;
    for (int i = 0; i < 2; i++) {
        free(c->d[i].frags);
        free(c->d[i].pend);
    }
    free(c->chunks);
    free(c->bytes);
    total_held -= c->held;
    free(c);
}

const struct reasm_chunk *reasm_chunks(const struct reasm_conn *c, size_t *n)
{
    *n = c->nchunks;
    return c->chunks;
}

const uint8_t *reasm_bytes(const struct reasm_conn *c) { return c->bytes; }

bool reasm_capped(const struct reasm_conn *c) { return c->capped; }

/* Append len bytes as one chunk of direction dir. */
static bool add_chunk(struct reasm_conn *c, int dir, uint64_t frame, bool missing, const uint8_t *p, size_t len)
{
    if (len > SIZE_MAX - c->len)
        return false;
    if (!grow(c, (void **)&c->bytes, &c->cap, c->len + len, 1) ||
        !grow(c, (void **)&c->chunks, &c->chunks_cap, c->nchunks + 1, sizeof *c->chunks))
        return false;
    memcpy(c->bytes + c->len, p, len);
    c->chunks[c->nchunks++] = (struct reasm_chunk){ .dir = (uint8_t)dir, .missing = missing, .frame = frame,
                                                    .off = c->len, .len = len };
    c->len += len;
    return true;
}

static void drop_frag(struct reasm_dir *d, size_t i)
{
    memmove(d->frags + i, d->frags + i + 1, (d->nfrags - i - 1) * sizeof *d->frags);
    if (--d->nfrags == 0)
        d->pend_len = 0;      /* nothing held: the buffer starts over */
}

/* Wireshark's check_follow_fragments: apply one held-back segment of
 * direction dir that now fits (or whose hole the peer's ack shows lost).
 * True when one was applied. */
static bool apply_one(struct reasm_conn *c, int dir, uint32_t ack, uint64_t frame, bool use_ack)
{
    struct reasm_dir *d = &c->d[dir];
    if (d->nfrags == 0)
        return false;
    uint32_t lowest = d->frags[0].seq;
    for (size_t i = 0; i < d->nfrags; i++) {
        struct reasm_frag *fr = &d->frags[i];
        if (seq_gt(lowest, fr->seq))
            lowest = fr->seq;
        if (seq_lt(fr->seq, d->next)) {
            /* It starts inside what is known: keep only its new tail. */
            uint32_t end = fr->seq + (uint32_t)fr->len;
            if (seq_gt(end, d->next)) {
                uint32_t skip = d->next - fr->seq;
                if (fr->len > skip)
                    add_chunk(c, dir, fr->frame, false, d->pend + fr->off + skip, fr->len - skip);
                d->next += (uint32_t)fr->len - skip;
            }
            drop_frag(d, i);
            return true;
        }
        if (fr->seq == d->next) {
            add_chunk(c, dir, fr->frame, false, d->pend + fr->off, fr->len);
            d->next += (uint32_t)fr->len;
            drop_frag(d, i);
            return true;
        }
    }
    if (use_ack && seq_gt(ack, lowest)) {
        /* The peer got bytes the capture missed. */
        char msg[64];
        int n = snprintf(msg, sizeof msg, "[%d bytes missing in capture file]", (int)(lowest - d->next));
        add_chunk(c, dir, frame, true, (const uint8_t *)msg, (size_t)n + 1);
        d->next = lowest;
        return true;
    }
    return false;
}

void reasm_segment(struct reasm_conn *c, const struct reasm_seg *s)
{
    if (c->capped)
        return;
    if (c->client < 0)
        c->client = s->dir;
    int dir = s->dir == c->client ? REASM_CLIENT : REASM_SERVER;
    struct reasm_dir *d = &c->d[dir];
    uint32_t seq = s->seq + (s->syn ? 1 : 0);
    uint32_t length = s->seglen;
    uint32_t off = 0, have = s->caplen;

    /* This segment may acknowledge held-back bytes of the other side. */
    while (c->d[!dir].nfrags && apply_one(c, !dir, s->ack, s->frame, true) && !c->capped)
        ;
    if (c->capped)
        return;
    if (d->written == 0 && d->next == 0)
        d->next = seq;
    if (seq_lt(seq, d->next)) {
        /* A retransmission: only what lies past the end is new. */
        uint32_t end = seq + length;
        if (seq_gt(end, d->next)) {
            off = d->next - seq;
            have = have <= off ? 0 : have - off;
            seq = d->next;
            length = end - d->next;
        }
    }
    if (have == 0 || seq_lt(seq, d->next))
        return;
    if (seq == d->next) {
        if (!add_chunk(c, dir, s->frame, false, s->data + off, have))
            return;
        d->next += length;
        d->written += have;
        while (apply_one(c, dir, 0, s->frame, false) && !c->capped)
            ;
    } else {
        if (!grow(c, (void **)&d->pend, &d->pend_cap, d->pend_len + have, 1) ||
            !grow(c, (void **)&d->frags, &d->frags_cap, d->nfrags + 1, sizeof *d->frags))
            return;
        memcpy(d->pend + d->pend_len, s->data + off, have);
        d->frags[d->nfrags++] = (struct reasm_frag){ .seq = seq, .frame = s->frame, .off = d->pend_len,
                                                     .len = have };
        d->pend_len += have;
    }
}
