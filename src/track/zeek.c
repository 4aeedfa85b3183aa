/* Zeek's conn_state and history for one TCP connection. Each function
 * below follows the Zeek function of the same or a similar name (see
 * zeek.h for the files); the comments say where and why this differs. */
#include "decode/nstime.h"
#include "track/seq.h"
#include "track/zeek.h"

#include <ctype.h>
#include <string.h>

/* TCP flag bits as struct zeek_segment carries them. */
enum { F_FIN = 0x01, F_SYN = 0x02, F_RST = 0x04, F_ACK = 0x10 };

/* A SYN or RST whose sequence number jumps further than this is not
 * trusted to move last_seq (TCPSessionAdapter.cc). */
enum { TOO_LARGE_SEQ_DELTA = 1048576 };

/* Zeek's TCP timeouts (init-bare.zeek defaults), in ns. */
#define TCP_ATTEMPT_DELAY (5 * NS_PER_SEC)
#define TCP_CLOSE_DELAY (5 * NS_PER_SEC)
#define TCP_INACTIVITY_TIMEOUT (300 * NS_PER_SEC)
#define TCP_SYN_TIMEOUT (5 * NS_PER_SEC)
#define TCP_CONNECTION_LINGER (5 * NS_PER_SEC)

/* t + d, or INT64_MAX (never) past the end of time: capture times are
 * the file's, any value. */
static int64_t ns_after(int64_t t, int64_t d)
{
    int64_t r;
    return __builtin_add_overflow(t, d, &r) ? INT64_MAX : r;
}

/* The letters recorded at most once per side (TCP_Endpoint::HistoryMasks).
 * Zeek shifts the responder's bits up by 16; 8 is enough for these. */
enum {
    HIST_SYN_PKT = 0x01,
    HIST_FIN_PKT = 0x02,
    HIST_RST_PKT = 0x04,
    HIST_FIN_RST_PKT = 0x08,
    HIST_DATA_PKT = 0x10,
    HIST_ACK_PKT = 0x20,
    HIST_MULTI_FLAG_PKT = 0x40,
};

static bool has(const struct zeek_segment *s, unsigned flag)
{
    return (s->flags & flag) != 0;
}

/* Zeek's idea of originator and responder: the caller's, unless flipped. */
static struct zeek_endpoint *zeek_orig(struct zeek_conn *z)
{
    return &z->end[z->flipped ? 1 : 0];
}

static const struct zeek_endpoint *zeek_end(const struct zeek_conn *z, bool orig)
{
    return &z->end[orig != (z->flipped != 0) ? 0 : 1];
}

void zeek_init(struct zeek_conn *z)
{
    memset(z, 0, sizeof *z);
    z->end[0].state = z->end[0].prev_state = ZEEK_TCP_INACTIVE;
    z->end[1].state = z->end[1].prev_state = ZEEK_TCP_INACTIVE;
    z->due_ns = INT64_MAX;
}

void zeek_start(struct zeek_conn *z, int64_t ts_ns)
{
    zeek_init(z);
    z->last_ns = ts_ns;
}

/* ---- history ---------------------------------------------------------- */

static void add_history(struct zeek_conn *z, char code)
{
    if (z->hist_len < ZEEK_HISTORY_MAX)
        z->hist[z->hist_len++] = code;
    else
        z->hist_len = ZEEK_HISTORY_MAX + 1;
}

/* Upper case for the originator, lower case for the responder. */
static char side_code(bool is_orig, char code)
{
    return is_orig ? code : (char)tolower((unsigned char)code);
}

/* Connection::CheckHistory: record the letter the first time only.
 * Returns whether it had been recorded before. */
static bool check_history(struct zeek_conn *z, bool is_orig, unsigned mask, char code)
{
    uint16_t bit = (uint16_t)(is_orig ? mask : mask << 8);

    if (z->hist_seen & bit)
        return true;
    z->hist_seen |= bit;
    add_history(z, side_code(is_orig, code));
    return false;
}

static bool power_of_ten(uint32_t n)
{
    while (n >= 10 && n % 10 == 0)
        n /= 10;
    return n == 1;
}

/* Connection::ScaledHistoryEntry, base 10, as used for 't' (DidRxmit) and
 * 'w' (ZeroWindow): the letter goes in at the 1st, 10th, 100th, ... event.
 * Zeek's 32-bit threshold overflows after 10^9 into one more entry near
 * 1.4 * 10^9; that is not copied: the count stops at UINT32_MAX. */
static void scaled_history(struct zeek_conn *z, bool is_orig, uint32_t *count, char code)
{
    if (*count == UINT32_MAX)
        return;
    if (power_of_ten(++*count))
        add_history(z, side_code(is_orig, code));
}

/* update_history: SYN, FIN and RST each give a letter ('S' or 'H', 'F',
 * 'R'), again whenever the packet's relative sequence number differs from
 * the last one with that flag; two of them at once give 'I' (FIN+RST) or
 * 'Q' (SYN with FIN or RST), once. Without those flags, payload gives 'D'
 * and a bare ACK 'A', once. */
static void update_history(struct zeek_conn *z, struct zeek_endpoint *e, bool is_orig,
                           const struct zeek_segment *s, uint32_t rel_seq)
{
    int bits_set = has(s, F_SYN) + has(s, F_FIN) + has(s, F_RST);

    if (bits_set > 1) {
        if (has(s, F_FIN) && has(s, F_RST))
            check_history(z, is_orig, HIST_FIN_RST_PKT, 'I');
        else
            check_history(z, is_orig, HIST_MULTI_FLAG_PKT, 'Q');
    } else if (has(s, F_SYN)) {
        char code = has(s, F_ACK) ? 'H' : 'S';
        if (check_history(z, is_orig, HIST_SYN_PKT, code) && rel_seq != e->last_syn)
            add_history(z, side_code(is_orig, code));
        e->last_syn = rel_seq;
    } else if (has(s, F_FIN)) {
        /* A FIN's sequence number comes after the packet's data. */
        uint32_t fin_seq = rel_seq + s->len;
        if (check_history(z, is_orig, HIST_FIN_PKT, 'F') && fin_seq != e->last_fin)
            add_history(z, side_code(is_orig, 'F'));
        e->last_fin = fin_seq;
    } else if (has(s, F_RST)) {
        if (check_history(z, is_orig, HIST_RST_PKT, 'R') && rel_seq != e->last_rst)
            add_history(z, side_code(is_orig, 'R'));
        e->last_rst = rel_seq;
    } else if (s->len > 0) {
        check_history(z, is_orig, HIST_DATA_PKT, 'D');
    } else if (has(s, F_ACK)) {
        check_history(z, is_orig, HIST_ACK_PKT, 'A');
    }
}

/* ---- sequence numbers ------------------------------------------------- */

/* get_segment_len: SYN and FIN take a sequence number each; an RST's
 * payload is not part of the stream. */
static uint32_t segment_len(const struct zeek_segment *s)
{
    uint32_t n = s->len;
    if (has(s, F_SYN))
        n++;
    if (has(s, F_FIN))
        n++;
    if (has(s, F_RST))
        n -= s->len;
    return n;
}

static void start_at(struct zeek_endpoint *e, uint32_t start, uint32_t last)
{
    e->start_seq = e->ack_seq = start;
    e->last_seq = last;
}

/* init_endpoint: (re)start the sequence space on a side's first packet,
 * and on a SYN that looks like a fresh start. */
static void init_endpoint(struct zeek_endpoint *e, const struct zeek_segment *s, uint32_t past)
{
    bool syn = has(s, F_SYN);

    switch (e->state) {
    case ZEEK_TCP_INACTIVE:
        if (syn)
            start_at(e, s->seq, past);
        else    /* partial: as if a SYN came just before; first packet isn't a duplicate */
            start_at(e, s->seq - 1, s->seq);
        break;
    case ZEEK_TCP_SYN_SENT:
    case ZEEK_TCP_SYN_ACK_SENT:
        if (syn && s->seq != e->start_seq)
            start_at(e, s->seq, past);
        break;
    case ZEEK_TCP_ESTABLISHED:
    case ZEEK_TCP_PARTIAL:
        if (syn)
            start_at(e, s->seq, past);
        break;
    case ZEEK_TCP_RESET:
        /* The earlier RST may have been injected: trust the SYN. */
        if (syn && e->prev_state == ZEEK_TCP_INACTIVE)
            start_at(e, s->seq, past);
        break;
    default:
        break;
    }
}

/* The ACK half of TCPSessionAdapter::Process: the first ACK for a silent
 * peer starts its sequence space (init_peer); later ones move its ack_seq
 * forward (update_ack_seq), except ACKs on RSTs and ones below its start. */
static void note_ack(struct zeek_endpoint *peer, const struct zeek_segment *s)
{
    if (peer->state == ZEEK_TCP_INACTIVE) {
        start_at(peer, s->ack - 1, s->ack - 1);
        return;
    }
    if (seq_diff(s->ack, peer->start_seq) < 0 || has(s, F_RST))
        return;

    int32_t delta = seq_diff(s->ack, peer->ack_seq);
    if (s->ack == 0 && delta > TOO_LARGE_SEQ_DELTA)
        return;     /* more likely a broken ack than a wrap landing on 0 */
    if (delta > 0)
        peer->ack_seq = s->ack;
}

/* update_last_seq: move last_seq forward; a segment with payload that does
 * not reach past it is a retransmission, 't'. So Zeek counts a segment as
 * retransmitted when its end is at or below the highest sequence number
 * already seen from that side: a copy of earlier data, but also data that
 * arrives out of order, and a SYN or RST carrying payload. */
static void update_last_seq(struct zeek_conn *z, struct zeek_endpoint *e, bool is_orig,
                            const struct zeek_segment *s, uint32_t past)
{
    int32_t delta = seq_diff(past, e->last_seq);

    if ((has(s, F_SYN) || has(s, F_RST)) &&
        (delta > TOO_LARGE_SEQ_DELTA || delta < -TOO_LARGE_SEQ_DELTA))
        return;
    if (has(s, F_FIN) && e->last_seq == e->start_seq + 1)
        e->last_seq = past;     /* only SYN and FIN seen: believe the FIN even backwards */
    else if (e->state == ZEEK_TCP_RESET)
        return;                 /* nothing after a RST is trusted */
    else if (delta > 0)
        e->last_seq = past;
    else if (s->len > 0)
        scaled_history(z, is_orig, &e->rxmt, 'T');
}

/* ---- the endpoint state machine (TCPSessionAdapter::Update*State) ------ */

static void set_state(struct zeek_endpoint *e, enum zeek_tcp_state st)
{
    if (e->state != st) {
        e->prev_state = e->state;
        e->state = (uint8_t)st;
    }
}

/* Connection::FlipRoles: the endpoints swap roles; the history so far
 * keeps its letters, and the once-only record (hist_seen) stays as it was. */
static void flip_roles(struct zeek_conn *z)
{
    z->flipped = !z->flipped;
    add_history(z, '^');
}

/* UpdateInactiveState: this side's first packet. */
static void update_inactive(struct zeek_conn *z, struct zeek_endpoint *e, struct zeek_endpoint *peer,
                            bool is_orig, const struct zeek_segment *s)
{
    if (has(s, F_SYN)) {
        if (is_orig) {
            set_state(e, has(s, F_ACK) ? ZEEK_TCP_SYN_ACK_SENT : ZEEK_TCP_SYN_SENT);
            z->due_ns = ns_after(s->ts_ns, TCP_ATTEMPT_DELAY);   /* AttemptTimer */
        } else {
            /* A responder's bare SYN after the originator opened with a
             * SYN-ACK: the handshake was captured out of order. Zeek
             * flips and establishes. (Its test that the SYN's seq equals
             * this side's start is always true here: init_endpoint just
             * set the start from this SYN. Zeek's IsReuse, earlier, would
             * have begun a new connection for a SYN not matching the
             * SYN-ACK's ack; that split is the caller's.) */
            if (!has(s, F_ACK) && peer->state == ZEEK_TCP_SYN_ACK_SENT) {
                flip_roles(z);
                set_state(peer, ZEEK_TCP_ESTABLISHED);
            }
            if (peer->state == ZEEK_TCP_SYN_SENT)
                set_state(peer, ZEEK_TCP_ESTABLISHED);
            set_state(e, ZEEK_TCP_ESTABLISHED);
        }
    }
    if (has(s, F_FIN))
        set_state(e, ZEEK_TCP_CLOSED);
    if (has(s, F_RST))
        set_state(e, ZEEK_TCP_RESET);

    if (e->state != ZEEK_TCP_INACTIVE)
        return;
    /* No control flag moved it. Some TCPs ACK a SYN before answering it:
     * that bare ACK does not make a partial connection. */
    if (!is_orig && s->len == 0 && zeek_orig(z)->state == ZEEK_TCP_SYN_SENT)
        return;
    if (has(s, F_ACK) && peer->state == ZEEK_TCP_ESTABLISHED)
        set_state(e, ZEEK_TCP_ESTABLISHED);   /* we only missed this side's SYN */
    else
        set_state(e, ZEEK_TCP_PARTIAL);
}

/* UpdateSYN_SentState: a SYN is out, no answer yet. Only FIN and RST move
 * it; the peer's SYN-ACK is what establishes this side. */
static void update_syn_sent(struct zeek_endpoint *e, const struct zeek_segment *s)
{
    if (has(s, F_FIN))
        set_state(e, ZEEK_TCP_CLOSED);
    if (has(s, F_RST))
        set_state(e, ZEEK_TCP_RESET);
}

/* UpdateEstablishedState, for ESTABLISHED and PARTIAL. */
static void update_established(struct zeek_endpoint *e, struct zeek_endpoint *peer,
                               const struct zeek_segment *s)
{
    if (has(s, F_SYN) && e->state == ZEEK_TCP_PARTIAL && peer->state == ZEEK_TCP_INACTIVE &&
        !has(s, F_ACK))
        set_state(e, ZEEK_TCP_SYN_SENT);   /* SYN_after_partial */

    if (has(s, F_FIN) && !has(s, F_RST)) {
        set_state(e, ZEEK_TCP_CLOSED);
        /* The peer sent FIN then RST, and now we close too: that was a
         * normal termination after all. */
        if (peer->state == ZEEK_TCP_RESET && peer->prev_state == ZEEK_TCP_CLOSED)
            set_state(peer, ZEEK_TCP_CLOSED);
    }
    if (has(s, F_RST))
        set_state(e, ZEEK_TCP_RESET);
}

/* UpdateClosedState: after our FIN, a RST counts unless the peer has
 * closed too (then the FIN exchange already ended the connection). */
static void update_closed(struct zeek_endpoint *e, const struct zeek_endpoint *peer,
                          const struct zeek_segment *s)
{
    if (has(s, F_RST) && peer->state != ZEEK_TCP_CLOSED)
        set_state(e, ZEEK_TCP_RESET);
}

static void update_state(struct zeek_conn *z, struct zeek_endpoint *e, struct zeek_endpoint *peer,
                         bool is_orig, const struct zeek_segment *s)
{
    switch (e->state) {
    case ZEEK_TCP_INACTIVE:
        update_inactive(z, e, peer, is_orig, s);
        break;
    case ZEEK_TCP_SYN_SENT:
    case ZEEK_TCP_SYN_ACK_SENT:
        update_syn_sent(e, s);
        break;
    case ZEEK_TCP_ESTABLISHED:
    case ZEEK_TCP_PARTIAL:
        update_established(e, peer, s);
        break;
    case ZEEK_TCP_CLOSED:
        update_closed(e, peer, s);
        break;
    default:    /* RESET: nothing moves it */
        break;
    }
}

/* TCPSessionAdapter::Process, the parts that feed history and state, in
 * its order. Checksums are not checked: a bad one would make Zeek record
 * 'c' and drop the packet, but segments here carry none. */
bool zeek_add(struct zeek_conn *z, const struct zeek_segment *s)
{
    int side = s->orig ? 0 : 1;
    struct zeek_endpoint *e = &z->end[side];
    struct zeek_endpoint *peer = &z->end[!side];
    bool is_orig = (side == 0) != (z->flipped != 0);
    uint32_t past = s->seq + segment_len(s);
    bool moves_last_time = !e->did_close || !peer->did_close;

    if (moves_last_time)
        z->last_ns = s->ts_ns;        /* Conn()->SetLastTime, before the state moves */
    init_endpoint(e, s, past);
    update_history(z, e, is_orig, s, s->seq - e->start_seq);

    /* update_window: a zero window is 'w', unless it comes with or after
     * this side's RST, or after the peer's FIN. Scaling can't make a zero
     * window nonzero, so the raw value is enough. */
    if (s->window == 0 && !has(s, F_RST) && peer->state != ZEEK_TCP_CLOSED &&
        e->state != ZEEK_TCP_RESET)
        scaled_history(z, is_orig, &e->win0, 'W');

    if (has(s, F_FIN))
        e->fin_seen = 1;
    if (has(s, F_ACK))
        note_ack(peer, s);
    update_last_seq(z, e, is_orig, s, past);
    update_state(z, e, peer, is_orig, s);
    /* Every state's update asks ConnectionClosed for a FIN or a RST, or
     * finds the side closed already (Update*State). Zeek waits while its
     * reassembler holds data before the FIN (DataPending); without that
     * reassembler, a side is closed at once. */
    if ((has(s, F_FIN) || has(s, F_RST)) && !e->did_close) {
        e->did_close = 1;
        /* ConnectionClosed: with this, is the connection over? Then all
         * timers go (CancelTimers) and the delete timer is set. If not,
         * an attempt timer still set can no longer fire (zeek.h). */
        bool complete = e->state == ZEEK_TCP_RESET || peer->did_close || peer->state == ZEEK_TCP_INACTIVE;
        z->due_ns = complete ? ns_after(z->last_ns, TCP_CLOSE_DELAY) : INT64_MAX;
    }
    return moves_last_time;
}

void zeek_bad_checksum(struct zeek_conn *z, int orig, uint32_t *count)
{
    scaled_history(z, (orig != 0) != (z->flipped != 0), count, 'C');
}

bool zeek_saw_syn(const struct zeek_conn *z)
{
    return (z->hist_seen & (HIST_SYN_PKT | HIST_SYN_PKT << 8)) != 0;
}

void zeek_gap_letter(struct zeek_conn *z, int orig, uint32_t *count)
{
    scaled_history(z, (orig != 0) != (z->flipped != 0), count, 'G');
}

/* TCPSessionAdapter::IsReuse, for a segment of a connection in progress. */
static bool is_reuse(const struct zeek_conn *z, const struct zeek_segment *s)
{
    const struct zeek_endpoint *orig = zeek_end(z, true), *resp = zeek_end(z, false);
    const struct zeek_endpoint *conn_orig = orig;

    if (s->bad_offset || !has(s, F_SYN))
        return false;
    if (has(s, F_ACK)) {
        if (orig->state != ZEEK_TCP_INACTIVE)
            return false;               /* not a half connection */
        conn_orig = resp;
    }
    if (orig->did_close || resp->did_close)
        return true;                    /* IsClosed(): any new SYN starts over */
    if (s->seq == conn_orig->start_seq)
        return false;                   /* a retransmitted SYN */
    /* The SYN of a handshake whose SYN-ACK came first: zeek_add flips. */
    return has(s, F_ACK) || conn_orig->state != ZEEK_TCP_SYN_ACK_SENT || resp->state != ZEEK_TCP_INACTIVE ||
           s->seq != resp->start_seq;
}

bool zeek_starts_new(const struct zeek_conn *z, const struct zeek_segment *s)
{
    const struct zeek_endpoint *orig = zeek_end(z, true), *resp = zeek_end(z, false);

    if (orig->state == ZEEK_TCP_INACTIVE && resp->state == ZEEK_TCP_INACTIVE) {
        /* Nothing processed (only dropped segments): the first ExpireTimer,
         * tcp_SYN_timeout after the start, removes it once last_time is
         * tcp_connection_linger (also 5 s) behind; a SYN is a reuse
         * unless its number is 0, the start Zeek has not set. */
        if (s->ts_ns > ns_after(z->last_ns, TCP_SYN_TIMEOUT))
            return true;
        return is_reuse(z, s);
    }
    if (s->ts_ns >= z->due_ns) {
        if (orig->did_close || resp->did_close)
            return true;                /* ConnDeleteTimer */
        if ((orig->state == ZEEK_TCP_SYN_SENT || orig->state == ZEEK_TCP_SYN_ACK_SENT) &&
            resp->state == ZEEK_TCP_INACTIVE)
            return true;                /* AttemptTimer: the SYN is still unanswered */
    }
    /* ExpireTimer, for the one close the delete timer does not cover: a
     * side that closed with a FIN and then reset. Zeek looks every
     * tcp_session_timer (6 s); here the first packet past
     * tcp_connection_linger (5 s) of quiet ends it, up to 6 s early. */
    if ((orig->did_close || resp->did_close) &&
        (orig->state == ZEEK_TCP_RESET || resp->state == ZEEK_TCP_RESET) &&
        s->ts_ns > ns_after(z->last_ns, TCP_CONNECTION_LINGER))
        return true;
    if (s->ts_ns >= ns_after(z->last_ns, TCP_INACTIVITY_TIMEOUT))
        return true;
    return is_reuse(z, s);
}

/* ---- the summary ------------------------------------------------------ */

/* TCP_Endpoint::Size, reduced to what conn_state asks: zero or not. */
static bool no_data_acked(const struct zeek_endpoint *e)
{
    return e->ack_seq == e->start_seq || e->ack_seq == e->start_seq + 1;
}

static uint32_t endpoint_size(const struct zeek_endpoint *e, const struct zeek_endpoint *peer)
{
    /* A half-open connection found and aborted: its sequence numbers say
     * nothing about data. */
    if (e->prev_state == ZEEK_TCP_SYN_SENT && e->state == ZEEK_TCP_RESET &&
        peer->state == ZEEK_TCP_INACTIVE && !no_data_acked(e))
        return 0;

    /* Zeek compares 64-bit positions that count wraps; seq_delta is the
     * 32-bit equivalent. */
    uint32_t top = seq_diff(e->last_seq, e->ack_seq) > 0 ? e->last_seq : e->ack_seq;
    uint32_t size = top - e->start_seq;
    if (size != 0)
        size--;     /* the SYN */
    if (e->fin_seen && size != 0)
        size--;     /* the FIN */
    return size;
}

/* main.zeek's RSTOS0 test, the pattern  \^?S[^HAFGIQ]*R.*  matched against
 * the whole history: the originator's SYN, then its RST, with no SYN-ACK,
 * ACK, FIN, gap, 'I' or 'Q' from the originator in between. */
static bool syn_then_rst(const char *h)
{
    if (*h == '^')
        h++;
    if (*h++ != 'S')
        return false;
    for (; *h != '\0'; h++) {
        if (*h == 'R')
            return true;
        if (strchr("HAFGIQ", *h) != NULL)
            return false;
    }
    return false;
}

static bool inactive(enum zeek_tcp_state st)
{
    return st == ZEEK_TCP_INACTIVE || st == ZEEK_TCP_PARTIAL;
}

/* main.zeek's conn_state(), branch by branch. What each code means, in
 * the words of Zeek's conn.log documentation:
 *   S0      Connection attempt seen, no reply.
 *   S1      Connection established, not terminated.
 *   SF      Normal establishment and termination.
 *   REJ     Connection attempt rejected.
 *   S2      Connection established and close attempt by originator seen
 *           (but no reply from responder).
 *   S3      Connection established and close attempt by responder seen
 *           (but no reply from originator).
 *   RSTO    Connection established, originator aborted (sent a RST).
 *   RSTR    Responder sent a RST.
 *   RSTOS0  Originator sent a SYN followed by a RST, we never saw a
 *           SYN-ACK from the responder.
 *   RSTRH   Responder sent a SYN ACK followed by a RST, we never saw a SYN
 *           from the (purported) originator.
 *   SH      Originator sent a SYN followed by a FIN, we never saw a SYN ACK
 *           from the responder (hence the connection was "half" open).
 *   SHR     Responder sent a SYN ACK followed by a FIN, we never saw a SYN
 *           from the originator.
 *   OTH     No SYN seen, just midstream traffic (one example of this is a
 *           "partial connection" that was not later closed).
 * The code is decided from the two endpoint states, so the descriptions
 * are typical rather than exact: e.g. an established connection that both
 * sides reset with no data counts as REJ. */
const char *zeek_conn_state(const struct zeek_conn *z)
{
    const struct zeek_endpoint *o = zeek_end(z, true), *r = zeek_end(z, false);
    enum zeek_tcp_state os = o->state, rs = r->state;

    if (rs == ZEEK_TCP_RESET) {
        if (os == ZEEK_TCP_SYN_SENT || os == ZEEK_TCP_SYN_ACK_SENT ||
            (os == ZEEK_TCP_RESET && endpoint_size(o, r) == 0 && endpoint_size(r, o) == 0))
            return "REJ";
        return inactive(os) ? "RSTRH" : "RSTR";
    }
    if (os == ZEEK_TCP_RESET) {
        if (inactive(rs)) {
            char h[ZEEK_HISTORY_MAX + 1];
            zeek_history(z, h, sizeof h);
            return syn_then_rst(h) ? "RSTOS0" : "OTH";
        }
        return "RSTO";
    }
    if (rs == ZEEK_TCP_CLOSED && os == ZEEK_TCP_CLOSED)
        return "SF";
    if (os == ZEEK_TCP_CLOSED)
        return inactive(rs) ? "SH" : "S2";
    if (rs == ZEEK_TCP_CLOSED)
        return inactive(os) ? "SHR" : "S3";
    if (os == ZEEK_TCP_SYN_SENT && rs == ZEEK_TCP_INACTIVE)
        return "S0";
    if (os == ZEEK_TCP_ESTABLISHED && rs == ZEEK_TCP_ESTABLISHED)
        return "S1";
    return "OTH";
}

void zeek_history(const struct zeek_conn *z, char *buf, size_t n)
{
    if (n == 0)
        return;
    size_t len = z->hist_len > ZEEK_HISTORY_MAX ? ZEEK_HISTORY_MAX : z->hist_len;
    if (len > n - 1)
        len = n - 1;
    memcpy(buf, z->hist, len);
    buf[len] = '\0';
}

bool zeek_history_truncated(const struct zeek_conn *z)
{
    return z->hist_len > ZEEK_HISTORY_MAX;
}

/* TCPAnalyzer::WantConnection's guess at the true responder, for a
 * connection whose first packet is not a bare SYN. */
bool zeek_first_packet_flips(uint16_t flags, uint16_t src_port, uint16_t dst_port,
                             bool src_likely_server, bool dst_likely_server)
{
    bool syn = (flags & F_SYN) != 0, ack = (flags & F_ACK) != 0;

    if ((syn && !ack) || !src_likely_server)
        return false;
    /* Both plausible: flip only if it isn't a SYN-ACK (stealth scans send
     * those) and the destination port is the higher one. */
    if (dst_likely_server)
        return !syn && src_port < dst_port;
    return true;
}

void zeek_flip(struct zeek_conn *z)
{
    flip_roles(z);
}

bool zeek_flipped(const struct zeek_conn *z)
{
    return z->flipped != 0;
}

enum zeek_tcp_state zeek_endpoint_state(const struct zeek_conn *z, int orig)
{
    return (enum zeek_tcp_state)zeek_end(z, orig != 0)->state;
}

uint64_t zeek_endpoint_bytes(const struct zeek_conn *z, int orig)
{
    const struct zeek_endpoint *e = zeek_end(z, orig != 0), *peer = zeek_end(z, orig == 0);
    return endpoint_size(e, peer);
}
