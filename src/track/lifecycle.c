#include <stdio.h>
#include <string.h>

#include "decode/packet.h"
#include "track/lifecycle.h"
#include "track/seq.h"

/* A step that is a fixed phrase: copied, not formatted (snprintf was 2% of
 * a summary run). */
static inline void step_is(char *step, size_t n, const char *phrase)
{
    size_t len = strlen(phrase);
    if (len >= n)
        len = n - 1;
    memcpy(step, phrase, len);
    step[len] = 0;
}

static const char *const state_names[] = {
    [ST_CLOSED] = "CLOSED", [ST_LISTEN] = "LISTEN", [ST_SYN_SENT] = "SYN-SENT",
    [ST_SYN_RECEIVED] = "SYN-RECEIVED", [ST_ESTABLISHED] = "ESTABLISHED", [ST_FIN_WAIT_1] = "FIN-WAIT-1",
    [ST_FIN_WAIT_2] = "FIN-WAIT-2", [ST_CLOSE_WAIT] = "CLOSE-WAIT", [ST_CLOSING] = "CLOSING",
    [ST_LAST_ACK] = "LAST-ACK", [ST_TIME_WAIT] = "TIME-WAIT", [ST_UNKNOWN] = "UNKNOWN",
};

const char *tcp_state_name(enum tcp_state s)
{
    return s <= ST_UNKNOWN ? state_names[s] : "UNKNOWN";
}

void lifecycle_init(struct lifecycle *l)
{
    memset(l, 0, sizeof *l);
    l->client = l->first_fin = l->reset_by = -1;
    l->state[0] = l->state[1] = ST_UNKNOWN;
}

/* Does ack cover the raw sequence number end? */
static bool acks(uint32_t ack, uint32_t end)
{
    return seq_ge(ack, end);
}

static const char *role(const struct lifecycle *l, int side)
{
    return side == l->client ? "client" : "server";
}

/* The first segment of a stream: who is the client, and where we came in. */
static void first_segment(struct lifecycle *l, uint16_t fl, int d, char *step, size_t n)
{
    int o = !d;
    if ((fl & (TH_SYN | TH_ACK)) == TH_SYN) {
        l->client = (int8_t)d;
        l->state[d] = ST_CLOSED;
        l->state[o] = ST_LISTEN;
    } else if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
        l->client = (int8_t)o;                    /* we missed the SYN */
        l->syn = true;
        l->state[o] = ST_SYN_SENT;
        l->state[d] = ST_LISTEN;
    } else {
        l->client = (int8_t)d;
        l->client_guessed = l->midstream = true;
        l->state[0] = l->state[1] = ST_ESTABLISHED;
        l->established = true;
        step_is(step, n, "picked up mid-stream");
    }
}

static void on_reset(struct lifecycle *l, uint16_t fl, int d, char *step, size_t n)
{
    int o = !d;
    if (l->syn && !l->synack && d != l->client && (fl & TH_ACK)) {
        step_is(step, n, "refused");
        l->close = CLOSE_REFUSED;
        l->state[o] = ST_CLOSED;
        l->state[d] = ST_LISTEN;
        l->reset_by = (int8_t)d;
        l->reset_state = ST_LISTEN;
        return;
    }
    snprintf(step, n, "reset by %s in %s", role(l, d), tcp_state_name(l->state[d]));
    if (l->close != CLOSE_RESET) {
        l->reset_by = (int8_t)d;
        l->reset_state = l->state[d];
    }
    l->close = CLOSE_RESET;
    l->state[0] = l->state[1] = ST_CLOSED;
}

static void on_syn(struct lifecycle *l, const struct tcp_layer *t, int d, bool reused, char *step, size_t n)
{
    int o = !d;
    if (!(t->flags & TH_ACK)) {
        if (l->syn && l->syn_seq[d] == t->seq && d == l->client) {
            step_is(step, n, "handshake 1/3 (SYN retransmitted)");
            l->syn_retransmitted = true;
        } else if (l->syn && d != l->client) {
            step_is(step, n, "simultaneous open (SYN)");
            l->simultaneous_open = true;
            l->state[0] = l->state[1] = ST_SYN_RECEIVED;
        } else {
            step_is(step, n, reused ? "handshake 1/3 (ports reused)" : "handshake 1/3");
            l->state[d] = ST_SYN_SENT;
            if (l->state[o] == ST_UNKNOWN || l->state[o] == ST_CLOSED)
                l->state[o] = ST_LISTEN;
        }
        l->syn = true;
        l->syn_seq[d] = t->seq;
        return;
    }
    if (l->simultaneous_open) {
        step_is(step, n, "simultaneous open (SYN, ACK)");
        l->state[d] = ST_ESTABLISHED;            /* its SYN is acknowledged by what it received */
        if (l->synack)
            l->state[0] = l->state[1] = ST_ESTABLISHED, l->established = true;
        l->synack = true;
        return;
    }
    if (l->synack && t->seq + 1 == l->synack_end) {
        step_is(step, n, "handshake 2/3 (SYN, ACK retransmitted)");
        l->synack_seen_retransmitted = true;
        return;
    }
    step_is(step, n, "handshake 2/3");
    l->synack = true;
    l->synack_end = t->seq + 1;
    l->state[d] = ST_SYN_RECEIVED;
}

static void on_fin(struct lifecycle *l, const struct tcp_layer *t, int d, bool acks_fin, char *step, size_t n)
{
    int o = !d;
    uint32_t end = t->seq + t->seg_len + 1;
    if (l->fin[d]) {
        if (end == l->fin_end[d])
            step_is(step, n, "FIN retransmitted");
        return;
    }
    l->fin[d] = true;
    l->fin_end[d] = end;
    if (l->first_fin < 0) {
        l->first_fin = (int8_t)d;
        step_is(step, n, "teardown 1/4");
        l->state[d] = ST_FIN_WAIT_1;
        l->state[o] = ST_CLOSE_WAIT;
        return;
    }
    if (l->fin_acked[o] && !acks_fin) {
        step_is(step, n, "teardown 3/4");
        l->close = CLOSE_FOUR;
        l->state[d] = ST_LAST_ACK;
        l->state[o] = ST_TIME_WAIT;
    } else if (acks_fin) {
        /* The ACK of the first FIN rides on the second FIN. */
        step_is(step, n, "teardown 2+3/4");
        l->close = CLOSE_THREE;
        l->state[d] = ST_LAST_ACK;
        l->state[o] = ST_TIME_WAIT;
    } else {
        step_is(step, n, "simultaneous close (FIN)");
        l->close = CLOSE_SIMULTANEOUS;
        l->state[0] = l->state[1] = ST_CLOSING;
    }
}

void lifecycle_segment(struct lifecycle *l, const struct frame *f, int d, bool first, bool reused, char *step,
                       size_t n)
{
    const struct tcp_layer *t = &f->tcp;
    uint16_t fl = t->flags;
    int o = !d;
    step[0] = 0;
    if (first)
        first_segment(l, fl, d, step, n);
    if (fl & TH_RST) {
        on_reset(l, fl, d, step, n);
        return;
    }
    if (fl & TH_SYN) {
        on_syn(l, t, d, reused, step, n);
        return;
    }
    if ((fl & TH_ACK) && l->synack && !l->established && d == l->client && t->ack == l->synack_end) {
        l->established = true;
        l->state[0] = l->state[1] = ST_ESTABLISHED;
        step_is(step, n, "handshake 3/3");
    }
    /* Data from a side whose peer has closed its direction: a half close. */
    if (t->seg_len > 0 && l->fin[o] && !l->fin[d]) {
        l->data_after_fin[d] = true;
        step_is(step, n, "half close: data after FIN");
    }
    bool acks_fin = (fl & TH_ACK) && l->fin[o] && !l->fin_acked[o] && acks(t->ack, l->fin_end[o]);
    if (acks_fin)
        l->fin_acked[o] = true;
    if (fl & TH_FIN) {
        on_fin(l, t, d, acks_fin, step, n);
        return;
    }
    if (!acks_fin)
        return;
    if (l->close == CLOSE_SIMULTANEOUS) {
        step_is(step, n, "simultaneous close (ACK)");
        l->state[o] = ST_TIME_WAIT;
    } else if (o == l->first_fin && !l->fin[d]) {
        step_is(step, n, "teardown 2/4");
        l->state[o] = ST_FIN_WAIT_2;
    } else {
        step_is(step, n, "teardown 4/4");
        l->state[o] = ST_CLOSED;
        l->state[d] = ST_TIME_WAIT;
    }
}
