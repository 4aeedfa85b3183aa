/* Zeek's content gaps (zeek_gaps.h). Each function follows the Zeek one
 * named in its comment: TCP_Reassembler (DataSent, BlockInserted,
 * AckReceived, Undelivered, Gap), Reassembler::NewBlock and
 * DataBlockList::Trim, in Zeek 6/7. */
#include <string.h>

#include "track/seq.h"
#include "track/zeek_gaps.h"

enum { F_FIN = 0x01, F_SYN = 0x02, F_RST = 0x04, F_ACK = 0x10 };

/* tcp_max_above_hole_without_any_acks and
 * tcp_excessive_data_without_further_acks (init-bare.zeek). */
#define MAX_ABOVE_HOLE_WITHOUT_ACKS 16384u
#define EXCESSIVE_DATA_WITHOUT_ACKS (10u * 1024 * 1024)

void zeek_gaps_init(struct zeek_gaps *g)
{
    memset(g, 0, sizeof *g);
    for (int i = 0; i < 2; i++)
        g->side[i].last = g->side[i].trim = 1;   /* Reassembler(1, ...): relative, after the SYN */
}

static bool is_clean(const struct zeek_endpoint *e)
{
    return e->state == ZEEK_TCP_ESTABLISHED ||
           (e->state == ZEEK_TCP_CLOSED && e->prev_state == ZEEK_TCP_ESTABLISHED);
}

/* TCP_Reassembler::Gap: counted only while both sides are established or
 * closing cleanly; elsewhere gaps come from RSTs' numbers or the unseen
 * start of a partial connection. */
static void gap(struct zeek_gaps *g, struct zeek_conn *z, int side, uint32_t len)
{
    if (len == 0 || !is_clean(&z->end[side]) || !is_clean(&z->end[!side]))
        return;
    g->missed += len;
    zeek_gap_letter(z, side == 0, &g->side[side].gaps);
}

static void drop_block(struct zeek_reasm *r, int i)
{
    memmove(&r->lo[i], &r->lo[i + 1], (size_t)(r->nblocks - i - 1) * sizeof r->lo[0]);
    memmove(&r->hi[i], &r->hi[i + 1], (size_t)(r->nblocks - i - 1) * sizeof r->hi[0]);
    r->nblocks--;
}

/* BlockInserted: whatever now starts at or below the next byte is
 * delivered, and the next byte moves past it. */
static void deliver(struct zeek_reasm *r)
{
    while (r->nblocks && r->lo[0] <= r->last) {
        if (r->hi[0] > r->last)
            r->last = r->hi[0];
        drop_block(r, 0);
    }
}

/* Block insertion, as intervals: join every block the new one overlaps or
 * touches. A new block with no room left first joins the two closest. */
static void insert(struct zeek_reasm *r, uint32_t lo, uint32_t hi)
{
    int i = 0;
    while (i < r->nblocks && r->hi[i] < lo)
        i++;
    if (i < r->nblocks && r->lo[i] <= hi) {        /* overlaps or touches block i: widen it */
        if (lo < r->lo[i])
            r->lo[i] = lo;
        if (hi > r->hi[i])
            r->hi[i] = hi;
        while (i + 1 < r->nblocks && r->lo[i + 1] <= r->hi[i]) {
            if (r->hi[i + 1] > r->hi[i])
                r->hi[i] = r->hi[i + 1];
            drop_block(r, i + 1);
        }
        return;
    }
    if (r->nblocks == ZEEK_GAP_BLOCKS) {
        int best = 0;
        for (int k = 1; k + 1 < r->nblocks; k++)
            if (r->lo[k + 1] - r->hi[k] < r->lo[best + 1] - r->hi[best])
                best = k;
        r->hi[best] = r->hi[best + 1];
        drop_block(r, best + 1);
        if (i == best + 1)
            return;                               /* it lay in the hole just joined */
        if (i > best + 1)
            i--;                                  /* one block fewer before its place */
    }
    memmove(&r->lo[i + 1], &r->lo[i], (size_t)(r->nblocks - i) * sizeof r->lo[0]);
    memmove(&r->hi[i + 1], &r->hi[i], (size_t)(r->nblocks - i) * sizeof r->hi[0]);
    r->lo[i] = lo, r->hi[i] = hi;
    r->nblocks++;
}

/* TCP_Reassembler::Undelivered: the peer acknowledged up to up_to; the
 * holes below it are gaps, and the blocks between them are delivered. */
static void undelivered(struct zeek_gaps *g, struct zeek_conn *z, int side, uint32_t up_to, bool partial)
{
    struct zeek_reasm *r = &g->side[side];
    if (up_to <= 2 && partial)
        return;                       /* a partial connection's faked start */
    if (!r->skip) {
        while (r->nblocks && r->lo[0] < up_to) {
            gap(g, z, side, r->lo[0] - r->last);
            r->last = r->lo[0];
            deliver(r);
        }
        if (up_to > r->last)
            gap(g, z, side, up_to - r->last);
    }
    if (up_to > r->last)
        r->last = up_to;
}

/* TCP_Reassembler::AckReceived and DataBlockList::Trim. */
static void ack_received(struct zeek_gaps *g, struct zeek_conn *z, int side, uint32_t seq, bool partial)
{
    struct zeek_reasm *r = &g->side[side];
    if (r->fin && seq >= r->fin_seq)
        seq = r->fin_seq - 1;         /* not the FIN's own sequence number */
    if (seq <= r->trim)
        return;
    if (seq > r->last)
        undelivered(g, z, side, seq, partial);
    r->trim = seq;
}

/* TCP_Reassembler::DataSent and Reassembler::NewBlock. */
static void data_sent(struct zeek_reasm *r, const struct zeek_endpoint *e, uint32_t seq, uint32_t len)
{
    uint32_t ack = e->ack_seq - e->start_seq, upper = seq + len;
    if (r->skip)
        return;
    if (seq < ack) {
        if (upper <= ack)
            return;                   /* delivered and acknowledged */
        seq = ack;
    }
    if (upper <= r->trim)
        return;
    if (seq < r->trim)
        seq = r->trim;
    insert(r, seq, upper);
    deliver(r);
    /* Data above a hole with no ACK at all, or 10 MiB never acknowledged:
     * Zeek gives up on this side's stream. */
    bool no_data_acked = e->ack_seq == e->start_seq || e->ack_seq == e->start_seq + 1;
    uint32_t above = r->nblocks ? r->hi[r->nblocks - 1] - r->last : 0;
    uint64_t held = r->trim < r->last ? r->last - r->trim : 0;
    for (int i = 0; i < r->nblocks; i++)
        held += r->hi[i] - r->lo[i];
    if ((no_data_acked && above > MAX_ABOVE_HOLE_WITHOUT_ACKS) || held > EXCESSIVE_DATA_WITHOUT_ACKS) {
        r->nblocks = 0;
        r->skip = true;
    }
}

void zeek_gaps_add(struct zeek_gaps *g, struct zeek_conn *z, const struct zeek_segment *s, uint32_t captured)
{
    int side = s->orig ? 0 : 1;
    const struct zeek_endpoint *e = &z->end[side], *peer = &z->end[!side];
    bool partial = !zeek_saw_syn(z);
    struct zeek_reasm *r = &g->side[side];

    /* The ACK first (Process calls AckReceived after the state machine,
     * before DataSent). An ACK to a side never seen starts its numbers:
     * relative 1, nothing to trim. */
    if ((s->flags & F_ACK) && peer->state != ZEEK_TCP_INACTIVE && seq_diff(s->ack, peer->start_seq) > 0)
        ack_received(g, z, !side, s->ack - peer->start_seq, partial);

    int32_t rel = seq_diff(s->seq, e->start_seq);
    if (s->flags & F_FIN) {
        r->fin = true;
        /* FIN_seq: after the segment's sequence space (an RST's payload is
         * not in it, get_segment_len) */
        r->fin_seq = (uint32_t)rel + ((s->flags & F_RST) ? 0 : s->len) + ((s->flags & F_SYN) ? 1 : 0) + 1;
    }
    /* DataSent: payload, all of it captured, not on a RST, not before the
     * side's start (TCP_seq_underflow_or_misorder). */
    if (s->len > 0 && captured >= s->len && !(s->flags & F_RST) && rel >= 0)
        data_sent(r, e, (uint32_t)rel + ((s->flags & F_SYN) ? 1 : 0), s->len);
}
