/* -V: the TCP block's "[SEQ/ACK analysis]" tree, laid out as Wireshark
 * 4.0's tcp_print_sequence_number_analysis: the frame acknowledged and its
 * RTT, the initial RTT, bytes in flight and since the last PSH, then the
 * analysis flags, each an expert item under "[TCP Analysis Flags]", then
 * a duplicate ACK's number and frame. Every value is a registry row's. */
#include <stdio.h>

#include "present/detail_impl.h"

/* One flag's expert item: its severity (Wireshark's ei_tcp_analysis_*;
 * the message is the row's label, the group always Sequence). */
static void seq_flag(struct out *o, const struct view *v, int depth, int id, const char *severity)
{
    if (dt_has(v, id))
        dt_expert(o, depth, severity, "Sequence", fields[id].label);
}

void detail_seq_analysis(struct out *o, const struct view *v, int d)
{
    if (!dt_has(v, F_A_ANALYSIS))
        return;
    dt_indent(o, d + 1);
    out_printf(o, "[%s]\n", fields[F_A_ANALYSIS].label);
    dt_line(o, v, d + 2, F_A_ACKS_FRAME, true, NULL);
    dt_line(o, v, d + 2, F_A_ACK_RTT, true, " seconds");
    dt_line(o, v, d + 2, F_A_INITIAL_RTT, true, " seconds");
    dt_line(o, v, d + 2, F_A_BYTES_IN_FLIGHT, true, NULL);
    dt_line(o, v, d + 2, F_A_PUSH_BYTES_SENT, true, NULL);
    if (!dt_has(v, F_A_FLAGS))
        return;
    int f = d + 3;   /* the flags' expert items hang from the flags line */
    dt_indent(o, d + 2);
    out_printf(o, "[%s]\n", fields[F_A_FLAGS].label);
    seq_flag(o, v, f, F_A_REUSED_PORTS, "Note");
    /* tcp.analysis.retransmission is set on fast and spurious ones too;
     * Wireshark adds its note after theirs, and the RTO lines only to a
     * plain one. */
    bool fast = dt_has(v, F_A_FAST_RETRANSMISSION), spurious = dt_has(v, F_A_SPURIOUS_RETRANSMISSION);
    if (!fast && !spurious && dt_has(v, F_A_RETRANSMISSION)) {
        seq_flag(o, v, f, F_A_RETRANSMISSION, "Note");
        dt_line(o, v, f, F_A_RTO, true, " seconds");
        dt_line(o, v, f, F_A_RTO_FRAME, true, NULL);
    }
    if (fast) {
        seq_flag(o, v, f, F_A_FAST_RETRANSMISSION, "Note");
        seq_flag(o, v, f, F_A_RETRANSMISSION, "Note");
    }
    if (spurious) {
        seq_flag(o, v, f, F_A_SPURIOUS_RETRANSMISSION, "Note");
        seq_flag(o, v, f, F_A_RETRANSMISSION, "Note");
    }
    seq_flag(o, v, f, F_A_OUT_OF_ORDER, "Warning");
    seq_flag(o, v, f, F_A_LOST_SEGMENT, "Warning");
    seq_flag(o, v, f, F_A_ACK_LOST_SEGMENT, "Warning");
    seq_flag(o, v, f, F_A_WINDOW_UPDATE, "Chat");
    seq_flag(o, v, f, F_A_WINDOW_FULL, "Warning");
    seq_flag(o, v, f, F_A_KEEP_ALIVE, "Note");
    seq_flag(o, v, f, F_A_KEEP_ALIVE_ACK, "Note");
    /* A duplicate ACK: a line of its own among the flags (Wireshark words
     * it so), then its number and frame in the analysis tree, the expert
     * item (with the number) under the frame. */
    bool dup = dt_has(v, F_A_DUPLICATE_ACK_NUM);
    if (dup && dt_has(v, F_A_DUPLICATE_ACK)) {
        dt_indent(o, f);
        out_str(o, "[This is a TCP duplicate ack]\n");
    }
    seq_flag(o, v, f, F_A_ZERO_WINDOW_PROBE, "Note");
    seq_flag(o, v, f, F_A_ZERO_WINDOW, "Warning");
    seq_flag(o, v, f, F_A_ZERO_WINDOW_PROBE_ACK, "Note");
    if (dup) {
        dt_line(o, v, d + 2, F_A_DUPLICATE_ACK_NUM, true, NULL);
        dt_line(o, v, d + 2, F_A_DUPLICATE_ACK_FRAME, true, NULL);
        char msg[64];
        snprintf(msg, sizeof msg, "%s (#%lld)", fields[F_A_DUPLICATE_ACK].label,
                 (long long)dt_int_at(v, F_A_DUPLICATE_ACK_NUM, 0));
        dt_expert(o, d + 3, "Note", "Sequence", msg);
    }
}
