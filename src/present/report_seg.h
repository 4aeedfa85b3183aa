/* One segment as the report draws it: the ladder's record, both endpoints'
 * RFC 9293 states, and what the TCP graphs plot. Filled from the field
 * registry, so every value is the one -T fields and -V show. */
#ifndef SYNFIN_REPORT_SEG_H
#define SYNFIN_REPORT_SEG_H

#include <stdbool.h>
#include <stdint.h>

#include "present/view.h"
#include "track/segments.h"

enum { RSEG_MAX_SACK = 4 };

/* Wireshark's default colouring rule a segment falls under (colorfilters). */
enum rseg_colour { RC_TCP, RC_SYN_FIN, RC_RST, RC_BAD_TCP, RC_CHECKSUM, RC_HTTP };

struct rseg {
    struct seg_record s;          /* frame, time since the connection's first segment, side,
                                     flags, relative seq/ack, len, step, analysis labels */
    char state[2][16];            /* after the segment: [FROM_CLIENT] client's, [FROM_SERVER] server's */
    double t_abs;                 /* frame.time_relative: seconds since the capture's first frame */
    uint32_t win;                 /* tcp.window_size: the window in bytes, scaled when known */
    uint32_t nxtseq;              /* relative seq + len (+1 for SYN and FIN) */
    uint32_t sack_le[RSEG_MAX_SACK], sack_re[RSEG_MAX_SACK];   /* relative SACK blocks */
    uint8_t nsack;
    uint8_t colour;               /* enum rseg_colour */
    bool retransmission;          /* tcp.analysis.retransmission (fast and spurious ones too) */
    bool out_of_order;            /* tcp.analysis.out_of_order: sent within the first RTT of the
                                     highest segment, so it may be a copy Wireshark does not call
                                     a retransmission */
    bool dup_ack, zero_window;
    bool lost;                    /* a later segment of the same side retransmits its bytes */
    double ack_rtt;               /* tcp.analysis.ack_rtt in seconds, or -1 */
};

void rseg_fill(struct rseg *r, const struct view *v);

/* Mark r[i].lost for each segment (data, SYN or FIN) whose sequence space
 * a later segment of the same side sends again: one Wireshark calls a
 * retransmission, or one it calls out of order that repeats bytes already
 * seen (on loopback a resent copy often comes within the first RTT, and
 * Wireshark's analysis then says out of order). */
void rseg_mark_lost(struct rseg *r, size_t n);

/* Wireshark's colours for each rule: background and text, "#rrggbb". */
extern const char *const rseg_colour_bg[], *const rseg_colour_fg[];
extern const char *const rseg_colour_name[];

#endif
