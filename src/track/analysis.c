/* Follows tcp_analyze_sequence_number() of Wireshark 4.0's packet-tcp.c
 * step by step, so that every flag matches tshark's single pass. */
#include <stdlib.h>
#include <string.h>

#include "decode/packet.h"
#include "track/analysis.h"
#include "track/seq.h"

#define MAX_UNACKED 10000         /* Wireshark's TCP_MAX_UNACKED_SEGMENTS */


static bool ts_zero(struct timespec t)
{
    return t.tv_sec == 0 && t.tv_nsec == 0;
}

void analysis_init(struct seq_conn *c)
{
    memset(c, 0, sizeof *c);
    for (int d = 0; d < 2; d++) {
        c->flow[d].window = UINT32_MAX;
        c->flow[d].valid_bif = true;
    }
}

void analysis_free(struct seq_conn *c)
{
    for (int d = 0; d < 2; d++) {
        free(c->flow[d].segs);
        c->flow[d].segs = NULL;
        c->flow[d].nsegs = c->flow[d].capsegs = 0;
    }
}

void analysis_release(struct seq_conn *c, bool once)
{
    for (int d = 0; d < 2; d++) {
        struct seq_flow *fw = &c->flow[d];
        if (fw->segs && fw->nsegs == 0 && !(once && fw->segs_given_back)) {
            free(fw->segs);
            fw->segs = NULL;
            fw->capsegs = 0;
            fw->segs_given_back = true;
        }
    }
}

size_t analysis_bytes_held(const struct seq_conn *c)
{
    return ((size_t)c->flow[0].capsegs + c->flow[1].capsegs) * sizeof *c->flow[0].segs;
}

static void flag(struct seq_result *r, uint32_t f)
{
    r->present = true;
    r->flags |= f;
}

static void remember_segment(struct seq_flow *fw, uint64_t frame, struct timespec ts, uint32_t seq, uint32_t nextseq)
{
    if (fw->nsegs == fw->capsegs) {
        uint32_t cap = fw->capsegs ? fw->capsegs * 2 : 1;   /* a lone SYN needs one */
        struct unacked *n = realloc(fw->segs, cap * sizeof *n);
        if (!n)
            return;                   /* the analysis degrades; the rest goes on */
        fw->segs = n;
        fw->capsegs = cap;
    }
    fw->segs[fw->nsegs++] = (struct unacked){ .frame = frame, .seq = seq, .nextseq = nextseq, .ts = ts };
}

/* Drop what this ACK covers from the other side's unacked segments,
 * newest first as Wireshark walks its list. */
static void take_acks(struct seq_flow *rv, uint32_t ack, struct timespec ts, struct seq_result *r)
{
    uint32_t keep = rv->nsegs;
    for (uint32_t i = rv->nsegs; i-- > 0;) {
        struct unacked *u = &rv->segs[i];
        if (ack == u->nextseq) {
            r->present = true;
            r->frame_acked = u->frame;
            r->ack_rtt = time_delta(ts, u->ts);
        } else if (seq_gt(ack, u->seq) && seq_le(ack, u->nextseq)) {
            u->seq = ack;                             /* partly acknowledged */
            if (seq_gt(u->nextseq, ack))
                continue;
        } else if (seq_gt(u->nextseq, ack)) {
            continue;
        }
        u->frame = 0;                                 /* acknowledged: dropped below */
        keep--;
    }
    if (keep == rv->nsegs)
        return;
    uint32_t n = 0;
    for (uint32_t i = 0; i < rv->nsegs; i++)
        if (rv->segs[i].frame)
            rv->segs[n++] = rv->segs[i];
    rv->nsegs = n;
}

void analysis_segment(struct seq_conn *c, int dir, const struct seq_segment *sg, struct seq_result *r)
{
    uint64_t frame = sg->frame;
    struct timespec ts = sg->ts;
    uint32_t seq = sg->seq, ack = sg->ack, seglen = sg->seglen, window = sg->window;
    uint16_t flags = sg->flags;
    struct seq_flow *fw = &c->flow[dir], *rv = &c->flow[!dir];
    bool plain = (flags & (TH_SYN | TH_FIN | TH_RST)) == 0;

    if (flags & TH_ACK)
        rv->valid_bif = true;

    /* Zero window probe: the next byte alone, into a zero window. */
    if (seglen == 1 && seq == fw->nextseq && rv->window == 0) {
        flag(r, A_ZERO_WINDOW_PROBE);
        goto finished_fwd;
    }
    if (window == 0 && plain)
        flag(r, A_ZERO_WINDOW);
    /* Beyond the next expected byte: something before it was not seen. */
    if (fw->nextseq && seq_gt(seq, fw->nextseq) && !(flags & TH_RST)) {
        flag(r, A_LOST_PACKET);
        fw->valid_bif = false;
    }
    /* Keep-alive: 0 or 1 byte, one before the next sequence number. */
    if (seglen <= 1 && seq == fw->nextseq - 1 && plain)
        flag(r, A_KEEP_ALIVE);
    if (seglen == 0 && window && window != fw->window && seq == fw->nextseq && ack == fw->lastack && plain)
        flag(r, A_WINDOW_UPDATE);
    /* Window full: the data reaches the edge of the window the peer
     * offered (its shift is not applied before the peer's first ACK). */
    if (seglen > 0 && sg->peer_win_scale != -1 && plain) {
        int shift = rv->is_first_ack || sg->peer_win_scale == -2 ? 0 : sg->peer_win_scale;
        if (seq + seglen == rv->lastack + (rv->window << shift))
            flag(r, A_WINDOW_FULL);
    }
    if (seglen == 0 && window && window == fw->window && seq == fw->nextseq && ack == fw->lastack &&
        (rv->lastsegmentflags & A_KEEP_ALIVE) && plain) {
        flag(r, A_KEEP_ALIVE_ACK);
        goto finished_fwd;
    }
    if (seglen == 0 && window == 0 && window == fw->window && seq == fw->nextseq && ack == fw->lastack &&
        (rv->lastsegmentflags & A_ZERO_WINDOW_PROBE) && plain) {
        flag(r, A_ZERO_WINDOW_PROBE_ACK);
        goto finished_fwd;
    }
    if (seglen == 0 && window && window == fw->window && seq == fw->nextseq && ack == fw->lastack && plain) {
        fw->dupacknum = fw->dupacknum == -1 ? 1 : fw->dupacknum + 1;
        flag(r, A_DUPLICATE_ACK);
        r->dupack_num = (uint32_t)fw->dupacknum;
        r->dupack_frame = fw->lastnondupack;
    }

finished_fwd:
    if (ack != fw->lastack) {
        fw->lastnondupack = frame;
        fw->dupacknum = 0;
    }
    /* ACKed unseen segment: this acknowledges more than the peer sent. */
    if (rv->maxseqtobeacked && seq_gt(ack, rv->maxseqtobeacked) && (flags & TH_ACK)) {
        r->present = true;
        if (seq_lt(rv->maxseqtobeacked, rv->nextseq)) {
            rv->maxseqtobeacked = rv->nextseq;
            flag(r, A_ACK_LOST_PACKET);
        } else {
            if (rv->dupacknum == 0)
                flag(r, A_ACK_LOST_PACKET);
            rv->dupacknum = -1;
        }
    }

    /* Retransmission, fast retransmission, spurious, out of order. */
    if (seglen > 0 || (flags & (TH_SYN | TH_FIN))) {
        bool not_advanced = fw->nextseq && seq_lt(seq, fw->nextseq);
        if (r->flags & A_KEEP_ALIVE)
            goto finished_retransmission;
        if (seglen > 1 && fw->nextseq - 1 == seq)
            not_advanced = false;
        if (seglen > 0 && rv->lastack && seq_le(seq + seglen, rv->lastack)) {
            flag(r, A_SPURIOUS_RETRANSMISSION);
            goto finished_retransmission;
        }
        if (not_advanced && rv->dupacknum >= 2 && rv->lastack == seq && time_ns_between(ts, rv->lastacktime) < 20000000) {
            flag(r, A_FAST_RETRANSMISSION);
            goto finished_retransmission;
        }
        int64_t ooo_thres = ts_zero(c->ts_first_rtt) ? 3000000 : time_ns(c->ts_first_rtt);
        if (not_advanced && time_ns_between(ts, fw->nextseqtime) < ooo_thres &&
            fw->nextseq != seq + seglen + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0)) {
            flag(r, A_OUT_OF_ORDER);
            goto finished_retransmission;
        }
        if (not_advanced) {
            flag(r, A_RETRANSMISSION);
            /* The RTO: since the eldest segment still unacknowledged, the
             * likeliest original, or without one since the highest. */
            const struct unacked *eldest = fw->nsegs ? &fw->segs[0] : NULL;
            r->rto = time_delta(ts, eldest ? eldest->ts : fw->nextseqtime);
            r->rto_frame = eldest ? eldest->frame : fw->nextseqframe;
        }
    }

finished_retransmission:;
    uint32_t nextseq = seq + seglen;
    if ((seglen || (flags & (TH_SYN | TH_FIN))) && fw->nsegs < MAX_UNACKED) {
        if (flags & (TH_SYN | TH_FIN))
            nextseq += 1;
        remember_segment(fw, frame, ts, seq, nextseq);
    }
    bool probe = r->flags & A_ZERO_WINDOW_PROBE;
    if ((seq_gt(nextseq, fw->nextseq) || !fw->nextseq) && !probe) {
        fw->nextseq = nextseq;
        fw->nextseqframe = frame;
        fw->nextseqtime = ts;
    }
    if ((seq == fw->maxseqtobeacked || !fw->maxseqtobeacked) && !probe)
        fw->maxseqtobeacked = fw->nextseq;
    fw->window = window;
    fw->lastack = ack;
    fw->lastacktime = ts;
    fw->lastsegmentflags = r->flags;

    take_acks(rv, ack, ts, r);

    /* Bytes in flight: from the first unacked byte to the last sent,
     * less what the peer's last SACK blocks say arrived. */
    if (seglen != 0 && fw->nsegs && fw->valid_bif) {
        /* As Wireshark: unsigned comparisons of numbers relative to the base. */
        uint32_t base = sg->base_seq;
        uint32_t first = fw->segs[fw->nsegs - 1].seq - base, last = fw->segs[fw->nsegs - 1].nextseq - base;
        for (uint32_t i = fw->nsegs; i-- > 0;) {
            if (fw->segs[i].nextseq - base > last)
                last = fw->segs[i].nextseq - base;
            if (fw->segs[i].seq - base < first)
                first = fw->segs[i].seq - base;
        }
        uint32_t in_flight = last - first;
        for (int i = 0; i < rv->num_sack; i++)
            in_flight -= rv->sack_re[i] - rv->sack_le[i];
        if (in_flight > 0 && in_flight < 2000000000) {
            r->present = true;
            r->bytes_in_flight = in_flight - ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
        }
        if ((flags & TH_PSH) && !fw->push_set_last) {
            fw->push_bytes_sent += seglen;
            fw->push_set_last = true;
        } else if (flags & TH_PSH) {
            fw->push_bytes_sent = seglen;
        } else if (fw->push_set_last) {
            fw->push_bytes_sent = seglen;
            fw->push_set_last = false;
        } else {
            fw->push_bytes_sent += seglen;
        }
        r->present = true;
        r->push_bytes_sent = fw->push_bytes_sent;
    }
}

void analysis_after_options(struct seq_conn *c, int dir, struct timespec ts, uint16_t flags, const uint32_t *sack_le,
                            const uint32_t *sack_re, int nsack, struct seq_result *r)
{
    struct seq_flow *fw = &c->flow[dir];
    fw->num_sack = 0;
    for (int i = 0; i < nsack && i < 3; i++) {
        fw->sack_le[i] = sack_le[i];
        fw->sack_re[i] = sack_re[i];
        fw->num_sack = (uint8_t)(i + 1);
    }
    if (flags & TH_SYN) {
        if (!(flags & TH_ACK))
            c->ts_mru_syn = ts;
        fw->is_first_ack = true;
    }
    if ((flags & (TH_SYN | TH_ACK)) == TH_ACK) {
        if (!ts_zero(c->ts_mru_syn) && ts_zero(c->ts_first_rtt))
            c->ts_first_rtt = time_delta(ts, c->ts_mru_syn);
        fw->is_first_ack = false;
    }
    r->initial_rtt = c->ts_first_rtt;
}
