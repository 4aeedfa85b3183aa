/* A segment for the report, read from the field registry. */
#include <stdio.h>
#include <string.h>

#include "present/fields.h"
#include "present/ladder.h"
#include "present/report_seg.h"
#include "track/lifecycle.h"
#include "track/seq.h"

/* Wireshark 4.0's default colorfilters, 16-bit colours taken to 8 bits. */
const char *const rseg_colour_bg[] = {
    [RC_TCP] = "#e7e6ff", [RC_SYN_FIN] = "#a0a0a0", [RC_RST] = "#a40000",
    [RC_BAD_TCP] = "#12272e", [RC_CHECKSUM] = "#12272e", [RC_HTTP] = "#e4ffc7",
};
const char *const rseg_colour_fg[] = {
    [RC_TCP] = "#12272e", [RC_SYN_FIN] = "#12272e", [RC_RST] = "#fffc9c",
    [RC_BAD_TCP] = "#f78787", [RC_CHECKSUM] = "#f78787", [RC_HTTP] = "#12272e",
};
const char *const rseg_colour_name[] = {
    [RC_TCP] = "TCP", [RC_SYN_FIN] = "TCP SYN/FIN", [RC_RST] = "TCP RST",
    [RC_BAD_TCP] = "Bad TCP", [RC_CHECKSUM] = "Checksum Errors", [RC_HTTP] = "HTTP",
};

static bool has(const struct view *v, int id)
{
    struct fval val[1];
    return field_get(id, v, val, 1) > 0;
}

static int64_t int_or(const struct view *v, int id, int64_t dflt)
{
    struct fval val[1];
    return field_get(id, v, val, 1) > 0 ? val[0].i : dflt;
}

static double seconds(struct timespec t) { return (double)t.tv_sec + (double)t.tv_nsec / 1e9; }

/* The first rule of colorfilters that matches, in its order. */
static uint8_t colour(const struct view *v, uint16_t flags)
{
    if (has(v, F_A_FLAGS) && !has(v, F_A_WINDOW_UPDATE) && !has(v, F_A_KEEP_ALIVE) && !has(v, F_A_KEEP_ALIVE_ACK))
        return RC_BAD_TCP;
    if (flags & TH_RST)
        return RC_RST;
    if (int_or(v, F_TCP_CHECKSUM_STATUS, CSUM_UNVERIFIED) == CSUM_BAD)
        return RC_CHECKSUM;
    struct fval ports[2];
    int np = field_get(F_TCP_PORT, v, ports, 2);
    if (has(v, F_PROTO_HTTP) || (np > 0 && ports[0].i == 80) || (np > 1 && ports[1].i == 80))
        return RC_HTTP;
    if (flags & (TH_SYN | TH_FIN))
        return RC_SYN_FIN;
    return RC_TCP;
}

void rseg_fill(struct rseg *r, const struct view *v)
{
    const struct track_info *k = v->tk;
    memset(r, 0, sizeof *r);
    seg_record_fill(&r->s, v);
    snprintf(r->state[FROM_CLIENT], sizeof r->state[0], "%s", tcp_state_name(k->state_client));
    snprintf(r->state[FROM_SERVER], sizeof r->state[0], "%s", tcp_state_name(k->state_server));
    struct fval val[RSEG_MAX_SACK];
    r->t_abs = field_get(F_FRAME_TIME_REL, v, val, 1) > 0 ? seconds(val[0].t) : 0;
    r->win = (uint32_t)int_or(v, F_TCP_WINDOW_SIZE, 0);
    /* The graphs plot relative numbers whatever -o
     * tcp.relative_sequence_numbers says (the registry's tcp.nxtseq and
     * SACK edges follow it), so they are the tracker's own. */
    r->nxtseq = k->has_next_seq ? k->next_seq : r->s.seq;
    r->nsack = (uint8_t)(v->f->tcp.nsack < RSEG_MAX_SACK ? v->f->tcp.nsack : RSEG_MAX_SACK);
    for (int i = 0; i < r->nsack; i++)
        r->sack_le[i] = k->sack_le[i], r->sack_re[i] = k->sack_re[i];
    r->colour = colour(v, r->s.flags);
    r->retransmission = has(v, F_A_RETRANSMISSION);
    r->out_of_order = has(v, F_A_OUT_OF_ORDER);
    r->dup_ack = has(v, F_A_DUPLICATE_ACK);
    r->zero_window = has(v, F_A_ZERO_WINDOW);
    r->ack_rtt = field_get(F_A_ACK_RTT, v, val, 1) > 0 ? seconds(val[0].t) : -1;
}

/* The sequence space a segment takes: its data, and one for a SYN or a FIN. */
static uint32_t seq_span(const struct rseg *r)
{
    return r->s.len + !!(r->s.flags & TH_SYN) + !!(r->s.flags & TH_FIN);
}

void rseg_mark_lost(struct rseg *r, size_t n)
{
    /* Quadratic only over a window: a retransmission repeats a segment sent
     * shortly before it, so look back at most LOOKBACK segments. */
    enum { LOOKBACK = 4096 };
    for (size_t i = 0; i < n; i++) {
        uint32_t span = seq_span(&r[i]);
        if (!(r[i].retransmission || r[i].out_of_order) || span == 0)
            continue;
        size_t lo = i > LOOKBACK ? i - LOOKBACK : 0;
        for (size_t j = i; j-- > lo;) {
            uint32_t sj = seq_span(&r[j]);
            if (r[j].s.from != r[i].s.from || sj == 0 || r[j].lost)
                continue;
            /* The nearest earlier copy that overlaps this sequence space is
             * the one lost. An out-of-order segment that fills a gap (its
             * original never captured) overlaps none and marks nothing. */
            if (seq_lt(r[j].s.seq, r[i].s.seq + span) && seq_lt(r[i].s.seq, r[j].s.seq + sj)) {
                r[j].lost = true;
                break;
            }
        }
    }
}
