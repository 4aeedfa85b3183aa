/* Each connection followed through RFC 9293's state diagram from what is
 * on the wire, for both endpoints, and each segment's step in the
 * connection's life: the three-way handshake, the four-way teardown (or
 * the three-segment close Linux often sends), simultaneous open and close,
 * half close, resets (who sent it, in which state), refused connections,
 * retransmitted SYN or FIN, a connection picked up mid-stream, ports reused.
 *
 * The state shown is the one after the segment, as if it arrived at once:
 * on the wire we see it sent, not when the peer processed it. */
#ifndef SYNFIN_LIFECYCLE_H
#define SYNFIN_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

enum tcp_state {
    ST_CLOSED, ST_LISTEN, ST_SYN_SENT, ST_SYN_RECEIVED, ST_ESTABLISHED, ST_FIN_WAIT_1, ST_FIN_WAIT_2,
    ST_CLOSE_WAIT, ST_CLOSING, ST_LAST_ACK, ST_TIME_WAIT, ST_UNKNOWN,
};

const char *tcp_state_name(enum tcp_state s);

/* How a connection opened and closed, for `synfin conns`. */
enum close_kind {
    CLOSE_NONE, CLOSE_FOUR, CLOSE_THREE, CLOSE_SIMULTANEOUS, CLOSE_RESET, CLOSE_REFUSED,
};

struct lifecycle {
    int8_t client;            /* the side (0 or 1) that sent the first SYN; -1 unknown */
    bool client_guessed;      /* no SYN seen: the first sender is taken as client */
    bool syn, synack, established, simultaneous_open, midstream;
    uint8_t state[2];         /* enum tcp_state of side 0 and side 1 */
    bool fin[2];              /* side d has sent a FIN */
    bool fin_acked[2];        /* side d's FIN has been acknowledged */
    bool data_after_fin[2];   /* side d sent data after the other side's FIN */
    uint32_t fin_end[2];      /* raw seq just past side d's FIN */
    uint32_t syn_seq[2];      /* raw ISN of side d's SYN */
    int8_t first_fin;         /* side that closed first, or -1 */
    uint32_t synack_end;      /* raw seq just past the SYN-ACK */
    uint8_t close;            /* enum close_kind */
    int8_t reset_by;          /* side that sent the RST, or -1 */
    uint8_t reset_state;      /* its state when it did */
    bool syn_retransmitted, synack_seen_retransmitted;
};

struct frame;
struct track_info;

void lifecycle_init(struct lifecycle *l);

/* Step and states for one segment from side dir; writes the step (or "")
 * into step (n bytes). Call once per segment, in order. */
void lifecycle_segment(struct lifecycle *l, const struct frame *f, int dir, bool first_segment, bool reused,
                       char *step, size_t n);

#endif
