/* Wireshark's SEQ/ACK analysis (packet-tcp.c, tcp_analyze_sequence_number),
 * single pass: retransmissions, out-of-order, lost and ACKed-unseen
 * segments, duplicate ACKs, zero windows and their probes, keep-alives,
 * window updates and full windows, reused ports, the frame each ACK
 * acknowledges and its RTT, a retransmission's RTO, the initial RTT, bytes in flight and bytes
 * sent since the last PSH. */
#ifndef SYNFIN_ANALYSIS_H
#define SYNFIN_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The analysis flags, as Wireshark's TCP_A_ bits. */
enum {
    A_RETRANSMISSION = 0x0001, A_LOST_PACKET = 0x0002, A_ACK_LOST_PACKET = 0x0004,
    A_KEEP_ALIVE = 0x0008, A_DUPLICATE_ACK = 0x0010, A_ZERO_WINDOW = 0x0020,
    A_ZERO_WINDOW_PROBE = 0x0040, A_ZERO_WINDOW_PROBE_ACK = 0x0080, A_KEEP_ALIVE_ACK = 0x0100,
    A_OUT_OF_ORDER = 0x0200, A_FAST_RETRANSMISSION = 0x0400, A_WINDOW_UPDATE = 0x0800,
    A_WINDOW_FULL = 0x1000, A_REUSED_PORTS = 0x2000, A_SPURIOUS_RETRANSMISSION = 0x4000,
    /* What tcp.analysis.retransmission stands for: a fast or spurious
     * retransmission is one too (tshark sets the field and its note on both). */
    A_ANY_RETRANSMISSION = A_RETRANSMISSION | A_FAST_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION,
};

/* A segment sent and not yet acknowledged. */
struct unacked {
    uint64_t frame;
    uint32_t seq, nextseq;
    struct timespec ts;
};

/* One direction's analysis state (Wireshark's tcp_flow_t and its
 * tcp_analyze_seq_flow_info_t). */
struct seq_flow {
    uint32_t nextseq;             /* highest sequence number seen + 1, 0: none yet */
    uint64_t nextseqframe;
    struct timespec nextseqtime;
    uint32_t maxseqtobeacked;
    uint32_t lastack;
    struct timespec lastacktime;
    uint64_t lastnondupack;
    int32_t dupacknum;
    uint32_t window;              /* the last raw window, UINT32_MAX at first */
    uint32_t lastsegmentflags;
    uint32_t push_bytes_sent;
    uint8_t num_sack;             /* SACK blocks of this side's last segment (at most 3) */
    uint32_t sack_le[3], sack_re[3];
    bool valid_bif, push_set_last, is_first_ack;
    bool segs_given_back;         /* its empty buffer was freed once after the close */
    struct unacked *segs;         /* oldest first; grows by doubling, not per packet */
    uint32_t nsegs, capsegs;
};

/* What the analysis says of one segment (Wireshark's tcp_acked). */
struct seq_result {
    bool present;                 /* there is something to show */
    uint32_t flags;
    uint64_t frame_acked;
    struct timespec ack_rtt;
    struct timespec initial_rtt;
    uint32_t dupack_num;
    uint64_t dupack_frame;
    uint32_t bytes_in_flight;
    uint32_t push_bytes_sent;
    struct timespec rto;          /* a retransmission: time since the segment it likely repeats */
    uint64_t rto_frame;           /* that segment's frame */
};

/* The per-connection part. */
struct seq_conn {
    struct seq_flow flow[2];
    struct timespec ts_first_rtt, ts_mru_syn;
};

void analysis_init(struct seq_conn *c);
void analysis_free(struct seq_conn *c);

/* Give back the buffers of directions with nothing left unacknowledged.
 * A closed connection's buffers are given back once (once == true): a side
 * that sends again after that (data after the close, a copy of the
 * connection) keeps the buffer it grew, where freeing and growing it again
 * on every segment cost 100 instructions a frame. */
void analysis_release(struct seq_conn *c, bool once);

/* Heap bytes the connection's buffers hold. */
size_t analysis_bytes_held(const struct seq_conn *c);

/* One segment as the analysis reads it: raw numbers and window. */
struct seq_segment {
    uint64_t frame;
    struct timespec ts;
    uint32_t seq, ack, seglen;
    uint16_t flags;
    uint32_t window;
    uint32_t base_seq;            /* the sender's base, for bytes in flight */
    int peer_win_scale;           /* the peer's shift, -1 unknown, -2 none */
};

/* Analyse a segment from side `dir` before its options are read, as
 * Wireshark does. */
void analysis_segment(struct seq_conn *c, int dir, const struct seq_segment *sg, struct seq_result *r);

/* After the options: the side's SACK blocks (raw), SYN and first-ACK
 * bookkeeping and the initial RTT. */
void analysis_after_options(struct seq_conn *c, int dir, struct timespec ts, uint16_t flags, const uint32_t *sack_le,
                            const uint32_t *sack_re, int nsack, struct seq_result *r);

#endif
