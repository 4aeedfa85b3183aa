#include "track/steps.h"

enum { TH_FIN = 0x01, TH_SYN = 0x02, TH_RST = 0x04, TH_ACK = 0x10 };

/* Does ack cover the raw sequence number `end`? */
static bool acks(uint32_t ack, uint32_t end)
{
    return (int32_t)(ack - end) >= 0;
}

const char *step_name(const struct frame *f, const struct track_info *tk)
{
    struct lifecycle *l = &tk->stream->life;
    const struct tcp_layer *t = &f->tcp;
    int d = tk->dir, o = !d;
    uint16_t fl = t->flags;

    if (fl & TH_RST)
        return (fl & TH_ACK) && l->syn && !l->synack ? "refused" : "reset";
    if ((fl & (TH_SYN | TH_ACK)) == TH_SYN) {
        if (l->client < 0)
            l->client = (int8_t)d;
        l->syn = true;
        return "handshake 1/3";
    }
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK)) {
        l->synack = true;
        l->synack_end = t->seq + 1;
        return "handshake 2/3";
    }

    const char *step = NULL;
    if ((fl & TH_ACK) && l->synack && !l->established && d == l->client &&
        t->ack == l->synack_end) {
        l->established = true;
        step = "handshake 3/3";
    }
    /* An ACK of the other side's FIN: the second or the fourth step. */
    bool acks_fin = (fl & TH_ACK) && l->fin[o] && !l->fin_acked[o] && acks(t->ack, l->fin_end[o]);
    if (acks_fin)
        l->fin_acked[o] = true;
    if (fl & TH_FIN) {
        bool first = l->first_fin < 0;
        if (!l->fin[d]) {
            l->fin[d] = true;
            l->fin_end[d] = t->seq + t->seg_len + 1;
            if (first)
                l->first_fin = (int8_t)d;
        }
        if (first || l->first_fin == d)
            return "teardown 1/4";
        /* The second FIN; when it also carries the first FIN's ACK the
         * close takes three segments. */
        return acks_fin ? "teardown 2+3/4" : "teardown 3/4";
    }
    if (acks_fin)
        return o == l->first_fin ? "teardown 2/4" : "teardown 4/4";
    return step;
}
