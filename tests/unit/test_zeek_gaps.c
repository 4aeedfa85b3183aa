/* Unit tests of Zeek's content gaps (src/track/zeek_gaps.c): missed_bytes
 * and the letters G and g, reasoned out of Zeek's TCP_Reassembler
 * (AckReceived, Undelivered, Gap) and DataBlockList::Trim. */
#include <stdio.h>
#include <string.h>

#include "track/zeek_gaps.h"

enum { FIN = 0x01, SYN = 0x02, ACK = 0x10 };
enum { C = 1, S = 0 };              /* sender: client (originator), server */
enum { CISN = 1000, SISN = 5000 };

static int failed;
static struct zeek_conn z;
static struct zeek_gaps g;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    failed |= !ok;
}

/* One segment; captured: how much of its payload the capture holds. */
static void seg_cap(int orig, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint32_t captured)
{
    struct zeek_segment s = { .orig = orig, .flags = flags, .seq = seq, .ack = ack, .len = len, .window = 1000 };
    zeek_add(&z, &s);
    zeek_gaps_add(&g, &z, &s, captured);
}

static void seg(int orig, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    seg_cap(orig, flags, seq, ack, len, len);
}

static void start(void)
{
    zeek_start(&z, 0);
    zeek_gaps_init(&g);
    seg(C, SYN, CISN, 0, 0);
    seg(S, SYN | ACK, SISN, CISN + 1, 0);
    seg(C, ACK, CISN + 1, SISN + 1, 0);
}

static void expect(const char *what, uint64_t missed, const char *history)
{
    char h[64];
    zeek_history(&z, h, sizeof h);
    int ok = g.missed == missed && strcmp(h, history) == 0;
    check(ok, what);
    if (!ok)
        printf("# expected %llu \"%s\", got %llu \"%s\"\n", (unsigned long long)missed, history,
               (unsigned long long)g.missed, h);
}

int main(void)
{
    /* The server acknowledges 100 bytes the capture never held. */
    start();
    seg(C, ACK, CISN + 1, SISN + 1, 100);
    seg(S, ACK, SISN + 1, CISN + 201, 0);
    expect("gap: an ACK past 100 bytes not captured", 100, "ShADaG");

    /* Out of order, then filled before the ACK: no gap. */
    start();
    seg(C, ACK, CISN + 101, SISN + 1, 100);
    seg(C, ACK, CISN + 1, SISN + 1, 100);
    seg(S, ACK, SISN + 1, CISN + 201, 0);
    expect("no gap: a hole filled before the ACK passed it", 0, "ShADTa");

    /* The server's data, acknowledged past a hole: 'g', and the hole's size. */
    start();
    seg(S, ACK, SISN + 1, CISN + 1, 10);
    seg(S, ACK, SISN + 31, CISN + 1, 10);
    seg(C, ACK, CISN + 1, SISN + 41, 0);
    expect("gap: the responder's 20 missing bytes between two segments", 20, "ShAdg");

    /* Ten holes in one direction, more than the 8 kept: the two closest
     * are joined, and the one hole between them is not reported. */
    start();
    for (uint32_t i = 0; i < 10; i++)
        seg(C, ACK, CISN + 1 + 20 * i + (i == 5 ? 1 : 0), SISN + 1, 10);
    seg(S, ACK, SISN + 1, CISN + 1 + 200, 0);
    check(g.missed > 0 && g.missed <= 100, "gaps: ten holes held in 8 intervals still count gaps, at most the 100 missing");

    /* A gap while the connection is not established both ways (the
     * client's data acknowledged before any SYN-ACK) is not counted. */
    zeek_start(&z, 0);
    zeek_gaps_init(&g);
    seg(C, SYN, CISN, 0, 0);
    seg(C, ACK, CISN + 1, SISN + 1, 50);
    seg(S, ACK, SISN + 1, CISN + 101, 0);
    check(g.missed == 0, "no gap counted: the server never answered the SYN (not established both ways)");

    /* The FIN's own sequence number is not a byte to miss. */
    start();
    seg(C, ACK | FIN, CISN + 1, SISN + 1, 0);
    seg(S, ACK, SISN + 1, CISN + 2, 0);
    expect("no gap: an ACK of the FIN", 0, "ShAFa");

    /* Eight holes, then a segment that only extends the last block: it
     * needs no new interval, so no two are joined and every hole counts. */
    start();
    for (uint32_t i = 0; i < 8; i++)
        seg(C, ACK, CISN + 11 + 20 * i, SISN + 1, 10);
    seg(C, ACK, CISN + 171, SISN + 1, 10);
    seg(S, ACK, SISN + 1, CISN + 181, 0);
    expect("gaps: eight holes and a block extended: all 80 bytes", 80, "ShADaG");

    /* Payload cut by the snapshot length is never delivered: a gap when ACKed. */
    start();
    seg_cap(C, ACK, CISN + 1, SISN + 1, 100, 10);
    seg(S, ACK, SISN + 1, CISN + 101, 0);
    expect("gap: a segment captured short", 100, "ShADaG");
    return failed ? 1 : 0;
}
