/* Zeek's content gaps, as conn.log shows them: missed_bytes and the
 * history letters 'G' (originator) and 'g' (responder).
 *
 * Zeek reassembles every TCP connection (dpd_reassemble_first_packets).
 * When one side acknowledges bytes the other side's reassembler never got
 * (not captured, or cut by the snapshot length), the reassembler skips
 * them as a gap (TCP_Reassembler::Undelivered, reached from AckReceived
 * through DataBlockList::Trim). A gap counts, in missed_bytes (the
 * content_gap event of base/protocols/conn/main.zeek) and as a letter
 * (TCP_Endpoint::Gap, scaled 1, 10, 100, ...), only while both sides are
 * established or closing cleanly (established_or_cleanly_closing). Lost
 * segments that are sent again before the ACK passes them are no gap.
 *
 * What is kept of each reassembler: the next byte to deliver, the highest
 * acknowledgment seen (trim), the FIN's place, and the out-of-order
 * blocks above the next byte, as up to ZEEK_GAP_BLOCKS intervals (no
 * payload). Beyond that the two closest intervals are joined, which can
 * only hide a hole of a capture with more than that many holes open at
 * once. Sequence numbers are 32-bit, relative to the side's start: a side
 * sending more than 4 GiB is not modelled. Zeek's IsPartial() (which
 * silences a gap ending at relative 2 at most) is read as "no SYN from
 * either side yet". */
#ifndef SYNFIN_ZEEK_GAPS_H
#define SYNFIN_ZEEK_GAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "track/zeek.h"

enum { ZEEK_GAP_BLOCKS = 8 };

struct zeek_reasm {
    uint32_t last;            /* last_reassem_seq: the next byte to deliver */
    uint32_t trim;            /* trim_seq: acknowledged up to here */
    uint32_t fin_seq;         /* the side's FIN_seq, once fin */
    uint32_t gaps;            /* gaps counted, for the scaled letter */
    uint8_t nblocks;
    bool fin, skip;           /* skip: Zeek stopped delivering (skip_deliveries) */
    uint32_t lo[ZEEK_GAP_BLOCKS], hi[ZEEK_GAP_BLOCKS];   /* out-of-order data, sorted, disjoint, above last */
};

struct zeek_gaps {
    struct zeek_reasm side[2];   /* [0]: the caller's originator (zeek_segment.orig), [1]: responder */
    uint64_t missed;             /* conn.log's missed_bytes */
};

void zeek_gaps_init(struct zeek_gaps *g);

/* After zeek_add(z, s) of the same segment: its ACK, which may reveal a
 * gap in the peer's data, then its payload (captured: how many of its
 * s->len bytes were captured). */
void zeek_gaps_add(struct zeek_gaps *g, struct zeek_conn *z, const struct zeek_segment *s, uint32_t captured);

#endif
