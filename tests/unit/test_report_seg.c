/* rseg_mark_lost (present/report_seg.c): which earlier segment a resent copy
 * marks lost. Wireshark calls a copy a retransmission, or out of order when it
 * comes within the first RTT of the highest segment (common on loopback); the
 * ladder marks the original either way, and only when the bytes were seen. */
#include <stdio.h>
#include <string.h>

#include "decode/packet.h"
#include "present/report_seg.h"

static int failures;

static void ok(int cond, const char *what)
{
    printf("%s - %s\n", cond ? "ok" : "not ok", what);
    failures += !cond;
}

static struct rseg seg(int from, uint16_t flags, uint32_t seq, uint32_t len)
{
    struct rseg r;
    memset(&r, 0, sizeof r);
    r.s.from = (int8_t)from;
    r.s.flags = flags;
    r.s.seq = seq;
    r.s.len = len;
    return r;
}

int main(void)
{
    struct rseg s[8];

    /* 1..3 client data; frame 3 resent as a retransmission. */
    s[0] = seg(0, TH_ACK, 1, 100);
    s[1] = seg(0, TH_ACK, 101, 100);
    s[2] = seg(1, TH_ACK, 1, 0);
    s[3] = seg(0, TH_ACK, 101, 100);
    s[3].retransmission = true;
    rseg_mark_lost(s, 4);
    ok(!s[0].lost && s[1].lost && !s[2].lost && !s[3].lost, "a retransmission marks the earlier copy of its bytes");

    /* The same copy flagged out of order (sent within the first RTT). */
    s[1].lost = false;
    s[3].retransmission = false;
    s[3].out_of_order = true;
    rseg_mark_lost(s, 4);
    ok(s[1].lost && !s[0].lost, "an out-of-order copy of bytes already seen marks the earlier copy");

    /* Out of order, but filling a gap: its bytes were never captured. */
    s[0] = seg(0, TH_ACK, 1, 100);
    s[1] = seg(0, TH_ACK, 201, 100);
    s[2] = seg(0, TH_ACK, 101, 100);
    s[2].out_of_order = true;
    rseg_mark_lost(s, 3);
    ok(!s[0].lost && !s[1].lost && !s[2].lost, "an out-of-order segment that fills a gap marks nothing");

    /* The other side's bytes at the same numbers are not a copy. */
    s[0] = seg(1, TH_ACK, 101, 100);
    s[1] = seg(0, TH_ACK, 101, 100);
    s[1].retransmission = true;
    rseg_mark_lost(s, 2);
    ok(!s[0].lost, "a copy marks only its own side");

    /* A SYN resent: one sequence number, no data. */
    s[0] = seg(0, TH_SYN, 0, 0);
    s[1] = seg(0, TH_SYN, 0, 0);
    s[1].retransmission = true;
    rseg_mark_lost(s, 2);
    ok(s[0].lost && !s[1].lost, "a resent SYN marks the first");

    /* A pure ACK flagged (a keep-alive-like zero span) marks nothing. */
    s[0] = seg(0, TH_ACK, 100, 0);
    s[1] = seg(0, TH_ACK, 100, 0);
    s[1].out_of_order = true;
    rseg_mark_lost(s, 2);
    ok(!s[0].lost, "a segment with no sequence space marks nothing");

    printf("%d passed, %d failed\n", 6 - failures, failures);
    return failures != 0;
}
