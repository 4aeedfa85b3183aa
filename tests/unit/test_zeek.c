/* Unit tests of Zeek's conn_state and history (src/track/zeek.c).
 *
 * Each case feeds a hand-written connection and compares with what Zeek
 * writes to conn.log. Where the expectation was reasoned out of Zeek's
 * source (scripts/base/protocols/conn/main.zeek, TCPSessionAdapter.cc)
 * rather than taken from its documentation, the comment says how. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "track/zeek.h"

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };
enum { C = 1, S = 0 };              /* sender: client (originator), server */
enum { CISN = 1000, SISN = 5000 };  /* initial sequence numbers */

static int failed;
static struct zeek_conn z;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    failed |= !ok;
}

static void win(int orig, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len, uint16_t window)
{
    struct zeek_segment s = {.orig = orig, .flags = flags, .seq = seq, .ack = ack, .len = len,
                             .window = window};
    zeek_add(&z, &s);
}

static void seg(int orig, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
    win(orig, flags, seq, ack, len, 64240);
}

/* Compare state and history; print what was found when they differ. */
static void expect(const char *what, const char *state, const char *history)
{
    char h[64];
    zeek_history(&z, h, sizeof h);
    const char *st = zeek_conn_state(&z);
    int ok = strcmp(st, state) == 0 && strcmp(h, history) == 0;
    check(ok, what);
    if (!ok)
        printf("# expected %s \"%s\", got %s \"%s\"\n", state, history, st, h);
}

/* Client SYN, server SYN-ACK, client ACK. */
static void handshake(void)
{
    zeek_init(&z);
    seg(C, SYN, CISN, 0, 0);
    seg(S, SYN | ACK, SISN, CISN + 1, 0);
    seg(C, ACK, CISN + 1, SISN + 1, 0);
}

/* Handshake, an 18-byte request, its ACK, a 100-byte response. */
static void exchange(void)
{
    handshake();
    seg(C, PSH | ACK, CISN + 1, SISN + 1, 18);
    seg(S, ACK, SISN + 1, CISN + 19, 0);
    seg(S, PSH | ACK, SISN + 1, CISN + 19, 100);
    seg(C, ACK, CISN + 19, SISN + 101, 0);
}

static void test_sf(void)
{
    exchange();
    seg(C, FIN | ACK, CISN + 19, SISN + 101, 0);
    seg(S, FIN | ACK, SISN + 101, CISN + 20, 0);
    seg(C, ACK, CISN + 20, SISN + 102, 0);
    expect("SF: request, response, client closes first", "SF", "ShADadFf");
    check(zeek_endpoint_state(&z, 1) == ZEEK_TCP_CLOSED &&
              zeek_endpoint_state(&z, 0) == ZEEK_TCP_CLOSED,
          "SF: both endpoints CLOSED");
}

static void test_rej(void)
{
    zeek_init(&z);
    seg(C, SYN, CISN, 0, 0);
    seg(S, RST | ACK, 0, CISN + 1, 0);
    expect("REJ: SYN answered by RST-ACK", "REJ", "Sr");
}

static void test_s0(void)
{
    zeek_init(&z);
    seg(C, SYN, CISN, 0, 0);
    expect("S0: a SYN and nothing else", "S0", "S");
    seg(C, SYN, CISN, 0, 0);
    expect("S0: a retransmitted SYN (same sequence number) adds no letter", "S0", "S");

    /* UpdateInactiveState: a bare ACK from the responder while the
     * originator is in SYN_SENT leaves the responder INACTIVE (Zeek's
     * "eccentric TCPs"), so this is still S0, with its 'a' recorded. */
    seg(S, ACK, SISN, CISN + 1, 0);
    expect("S0: responder's bare ACK before any SYN-ACK keeps it inactive", "S0", "Sa");
}

static void test_s1(void)
{
    exchange();
    expect("S1: established, data both ways, no close", "S1", "ShADad");
}

static void test_rsto(void)
{
    exchange();
    seg(C, RST | ACK, CISN + 19, SISN + 101, 0);
    expect("RSTO: established, originator aborts", "RSTO", "ShADadR");
}

static void test_rstr(void)
{
    exchange();
    seg(S, RST, SISN + 101, 0, 0);
    expect("RSTR: established, responder aborts", "RSTR", "ShADadr");
}

static void test_rstos0(void)
{
    zeek_init(&z);
    seg(C, SYN, CISN, 0, 0);
    seg(C, RST, CISN + 1, 0, 0);
    expect("RSTOS0: originator's SYN then its RST, no SYN-ACK", "RSTOS0", "SR");
}

/* likely_server_ports: the 43 TCP ports of Zeek 6.1-7.x's default scripts
 * (a list out of order would lose some to the binary search). */
static void test_likely_ports(void)
{
    int n = 0;
    for (unsigned p = 0; p <= 65535; p++)
        n += zeek_likely_server_port((uint16_t)p);
    check(n == 43, "likely_server_ports: 43 TCP ports, each found");
    check(zeek_likely_server_port(80) && zeek_likely_server_port(443) && zeek_likely_server_port(22) &&
              zeek_likely_server_port(21) && zeek_likely_server_port(20000),
          "likely_server_ports: http, ssl, ssh, ftp and the first and last");
    check(!zeek_likely_server_port(4000) && !zeek_likely_server_port(0) && !zeek_likely_server_port(65535) &&
              !zeek_likely_server_port(3306),
          "likely_server_ports: not 4000, 0, 65535, nor mysql (registered, never added)");
    static const uint8_t bcast[4] = { 255, 255, 255, 255 }, net_bcast[4] = { 10, 0, 0, 255 },
                         v6[16] = { 0xff, 0xff, 0xff, 0xff };
    check(zeek_broadcast(bcast, 4) && !zeek_broadcast(net_bcast, 4) && !zeek_broadcast(v6, 16),
          "IsBroadcast: 255.255.255.255 only (not a subnet's, not IPv6)");
}

static void test_rstrh(void)
{
    /* The capture starts at the server's SYN-ACK, from port 80: Zeek's
     * likely_server_ports rule makes the server the responder and
     * records '^' before the first packet (IPBasedAnalyzer::NewConn). */
    check(zeek_first_packet_flips(SYN | ACK, 80, 50000, true, false),
          "flip rule: first packet a SYN-ACK from a likely server port");
    check(!zeek_first_packet_flips(SYN, 80, 50000, true, false),
          "flip rule: a bare SYN never flips");
    check(!zeek_first_packet_flips(SYN | ACK, 80, 443, true, true),
          "flip rule: both ports likely servers and a SYN-ACK: no flip");
    check(zeek_first_packet_flips(ACK, 80, 443, true, true),
          "flip rule: both likely servers, no SYN, lower source port: flip");

    zeek_init(&z);
    zeek_flip(&z);
    seg(C, SYN | ACK, SISN, CISN + 1, 0);   /* C: the caller's first sender, the server */
    seg(C, RST, SISN + 1, 0, 0);
    expect("RSTRH: responder's SYN-ACK then its RST, no SYN seen", "RSTRH", "^hr");
    check(zeek_flipped(&z), "RSTRH: roles flipped");

    /* The same code without a flip: the originator's first packet is a
     * bare ACK (PARTIAL), which counts as inactive in conn_state. */
    zeek_init(&z);
    seg(C, ACK, CISN + 1, SISN + 1, 0);
    seg(S, SYN | ACK, SISN, CISN + 1, 0);
    seg(S, RST, SISN + 1, 0, 0);
    expect("RSTRH: originator only ACKed, responder SYN-ACK then RST", "RSTRH", "Ahr");
}

static void test_sh(void)
{
    zeek_init(&z);
    seg(C, SYN, CISN, 0, 0);
    seg(C, FIN, CISN + 1, 0, 0);
    expect("SH: originator's SYN then its FIN, no SYN-ACK", "SH", "SF");
}

static void test_shr(void)
{
    zeek_init(&z);
    zeek_flip(&z);
    seg(C, SYN | ACK, SISN, CISN + 1, 0);
    seg(C, FIN | ACK, SISN + 1, CISN + 1, 0);
    expect("SHR: responder's SYN-ACK then its FIN, no SYN seen", "SHR", "^hf");
}

static void test_s2_s3(void)
{
    exchange();
    seg(C, FIN | ACK, CISN + 19, SISN + 101, 0);
    seg(S, ACK, SISN + 101, CISN + 20, 0);
    expect("S2: originator closes, responder only ACKs", "S2", "ShADadF");

    exchange();
    seg(S, FIN | ACK, SISN + 101, CISN + 19, 0);
    expect("S3: responder closes, originator silent", "S3", "ShADadf");
}

static void test_oth(void)
{
    zeek_init(&z);
    seg(C, PSH | ACK, 70000, 90000, 100);
    seg(S, ACK, 90000, 70100, 0);
    seg(S, PSH | ACK, 90000, 70100, 50);
    expect("OTH: picked up mid-stream, no SYN", "OTH", "Dad");
    check(zeek_endpoint_state(&z, 1) == ZEEK_TCP_PARTIAL &&
              zeek_endpoint_state(&z, 0) == ZEEK_TCP_PARTIAL,
          "OTH: both endpoints PARTIAL");
}

static void test_retransmission(void)
{
    handshake();
    seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    expect("retransmission: the same data segment again is 'T'", "S1", "ShADT");

    seg(C, PSH | ACK, CISN + 51, SISN + 1, 50);
    expect("retransmission: a segment inside data already seen counts too", "S1", "ShADT");
    seg(C, PSH | ACK, CISN + 101, SISN + 1, 10);
    expect("retransmission: new data is not one", "S1", "ShADT");

    seg(S, PSH | ACK, SISN + 1, CISN + 111, 20);
    seg(S, PSH | ACK, SISN + 1, CISN + 111, 20);
    expect("retransmission: the responder's is 't'", "S1", "ShADTdt");

    /* update_last_seq runs after init_endpoint has set last_seq past the
     * SYN's own payload, so the payload never lies beyond it: Zeek counts
     * a SYN with data (TCP Fast Open) as a retransmission. */
    zeek_init(&z);
    seg(C, SYN, CISN, 0, 20);
    expect("retransmission: a SYN carrying data gets 'T' in Zeek", "S0", "ST");
}

static void test_zero_window(void)
{
    exchange();
    win(S, ACK, SISN + 101, CISN + 19, 0, 0);
    expect("zero window: responder advertises 0, 'w'", "S1", "ShADadw");
    win(C, ACK, CISN + 19, SISN + 101, 0, 0);
    expect("zero window: originator advertises 0, 'W'", "S1", "ShADadwW");

    /* update_window: not after the peer's FIN, and not on a RST. */
    exchange();
    seg(C, FIN | ACK, CISN + 19, SISN + 101, 0);
    win(S, ACK, SISN + 101, CISN + 20, 0, 0);
    expect("zero window: ignored after the peer's FIN", "S2", "ShADadF");
    win(S, RST, SISN + 101, 0, 0, 0);
    expect("zero window: ignored on a RST", "RSTR", "ShADadFr");
}

/* 't', 'w' (and Zeek's 'c', 'g') go in again when their count reaches 10,
 * 100, 1000, ... (Connection::ScaledHistoryEntry). */
static void test_repeat_rule(void)
{
    handshake();
    seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    for (int i = 1; i <= 9; i++)
        seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    expect("repeat rule: 9 retransmissions, one 'T'", "S1", "ShADT");
    seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    expect("repeat rule: the 10th adds a second 'T'", "S1", "ShADTT");
    for (int i = 11; i <= 99; i++)
        seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    expect("repeat rule: still two at 99", "S1", "ShADTT");
    seg(C, PSH | ACK, CISN + 1, SISN + 1, 100);
    expect("repeat rule: the 100th adds a third", "S1", "ShADTTT");

    exchange();
    for (int i = 1; i <= 10; i++)
        win(S, ACK, SISN + 101, CISN + 19, 0, 0);
    expect("repeat rule: 10 zero windows, 'ww'", "S1", "ShADadww");

    /* 'a', 'd' are recorded once however many there are. */
    exchange();
    seg(C, PSH | ACK, CISN + 19, SISN + 101, 5);
    seg(S, ACK, SISN + 101, CISN + 24, 0);
    expect("repeat rule: 'D' and 'a' only once", "S1", "ShADad");

    /* 'f' and 'r' again only when the sequence number differs. */
    exchange();
    seg(S, FIN | ACK, SISN + 101, CISN + 19, 0);
    seg(S, FIN | ACK, SISN + 101, CISN + 19, 0);
    expect("repeat rule: a retransmitted FIN adds no 'f'", "S3", "ShADadf");
    seg(S, FIN | ACK, SISN + 101, CISN + 19, 7);
    expect("repeat rule: a FIN ending elsewhere adds another", "S3", "ShADadff");

    exchange();
    seg(S, RST, SISN + 101, 0, 0);
    seg(S, RST, SISN + 101, 0, 0);
    seg(S, RST, SISN + 2000, 0, 0);
    expect("repeat rule: RSTs, same seq once, new seq again", "RSTR", "ShADadrr");
}

static void test_multi_flag(void)
{
    zeek_init(&z);
    seg(C, SYN | FIN, CISN, 0, 0);
    expect("'Q': SYN and FIN together (then SYN_SENT, then CLOSED)", "SH", "Q");

    zeek_init(&z);
    seg(C, SYN | RST, CISN, 0, 0);
    /* conn_state: originator RESET, responder INACTIVE, and the history
     * "Q" does not match RSTOS0's pattern, so main.zeek says OTH. */
    expect("'Q': SYN and RST together", "OTH", "Q");

    handshake();
    seg(C, FIN | RST | ACK, CISN + 1, SISN + 1, 0);
    expect("'I': FIN and RST together (a RST: RSTO)", "RSTO", "ShAI");
}

static void test_flip_on_reordered_handshake(void)
{
    /* The SYN-ACK was captured before its SYN. The caller calls the
     * SYN-ACK's sender the originator; Zeek flips when the SYN shows up
     * (UpdateInactiveState), and letters before the flip keep their case:
     * 'H' from the then-originator, 's' from the then-responder. */
    zeek_init(&z);
    seg(C, SYN | ACK, SISN, CISN + 1, 0);   /* C here is the server */
    seg(S, SYN, CISN, 0, 0);                /* and S the client */
    check(zeek_flipped(&z), "reordered handshake: Zeek flips the roles");
    seg(S, ACK, CISN + 1, SISN + 1, 0);
    seg(S, PSH | ACK, CISN + 1, SISN + 1, 10);
    seg(C, PSH | ACK, SISN + 1, CISN + 11, 30);
    expect("reordered handshake: '^' after the SYN, then the client upper case", "S1",
           "Hs^ADd");
}

static void test_rej_after_handshake(void)
{
    /* main.zeek: both sides RESET and both sizes zero is REJ, even after a
     * complete handshake (no data: Size() is 0 on both sides). */
    handshake();
    seg(C, RST, CISN + 1, 0, 0);
    seg(S, RST, SISN + 1, 0, 0);
    expect("REJ: handshake, then both sides reset with no data", "REJ", "ShARr");

    exchange();
    seg(C, RST, CISN + 19, 0, 0);
    seg(S, RST, SISN + 101, 0, 0);
    expect("RSTR: both reset after data (sizes not zero)", "RSTR", "ShADadRr");
}

static void test_fin_then_rst(void)
{
    /* UpdateEstablishedState: the peer sent FIN then RST, and now this
     * side FINs: the peer goes back to CLOSED, a normal close. */
    exchange();
    seg(C, FIN | ACK, CISN + 19, SISN + 101, 0);
    seg(C, RST, CISN + 20, 0, 0);
    expect("FIN then RST from the originator: RSTO", "RSTO", "ShADadFR");
    seg(S, FIN | ACK, SISN + 101, CISN + 20, 0);
    expect("... then the responder's FIN makes it SF again", "SF", "ShADadFRf");
}

static void test_history_limits(void)
{
    char small[4];
    exchange();
    zeek_history(&z, small, sizeof small);
    check(strcmp(small, "ShA") == 0, "history: cut to the buffer given");

    exchange();
    for (uint32_t i = 0; i < 40; i++)
        seg(S, RST, SISN + 101 + i, 0, 0);
    char h[64];
    zeek_history(&z, h, sizeof h);
    check(zeek_history_truncated(&z) && strlen(h) == ZEEK_HISTORY_MAX,
          "history: longer than ZEEK_HISTORY_MAX is cut and flagged");
    check(sizeof(struct zeek_conn) <= 112, "struct zeek_conn fits in 112 bytes");
}

/* Zeek's duration runs to last_time, which TCPSessionAdapter::Process sets
 * for every packet until both sides have closed (did_close, set in
 * ConnectionClosed for a FIN or a RST): the packet that closes the second
 * side still counts, the ACK after it does not. */
static bool moves(int orig, uint16_t flags, uint32_t seq, uint32_t ack)
{
    struct zeek_segment s = {.orig = orig, .flags = flags, .seq = seq, .ack = ack, .window = 64240};
    return zeek_add(&z, &s);
}

static void test_last_time(void)
{
    handshake();
    bool fin1 = moves(C, FIN | ACK, CISN + 1, SISN + 1);
    bool ack1 = moves(S, ACK, SISN + 1, CISN + 2);
    bool fin2 = moves(S, FIN | ACK, SISN + 1, CISN + 2);
    bool last_ack = moves(C, ACK, CISN + 2, SISN + 2);
    bool late = moves(S, ACK, SISN + 2, CISN + 2);
    check(fin1 && ack1 && fin2 && !last_ack && !late,
          "last_time: moves up to the second FIN, not for the ACKs after both closed");
    handshake();
    bool rst = moves(S, RST | ACK, SISN + 1, CISN + 1);
    bool after_rst = moves(C, ACK, CISN + 1, SISN + 1);
    check(rst && after_rst, "last_time: one side reset, the other not closed: it still moves");
    bool fin = moves(C, FIN | ACK, CISN + 1, SISN + 1);
    bool after = moves(S, ACK, SISN + 1, CISN + 2);
    check(fin && !after, "last_time: RST then the peer's FIN closes both: no more");
}

/* IsReuse on a connection nobody closed: a SYN with another initial
 * sequence number starts a new connection, a retransmitted one does not,
 * nor does the SYN of a handshake whose SYN-ACK came first. */
static void test_reuse_open(void)
{
    struct zeek_segment same = { .orig = C, .flags = SYN, .seq = CISN, .ts_ns = 1 };
    struct zeek_segment other = { .orig = C, .flags = SYN, .seq = CISN + 77, .ts_ns = 1 };
    struct zeek_segment ack = { .orig = C, .flags = ACK, .seq = CISN + 1, .ack = SISN + 1, .ts_ns = 1 };
    /* Nothing processed yet (only dropped segments): the responder's and
     * originator's starts are unset (0), so a SYN numbered otherwise is a
     * reuse, and one numbered 0 is not. */
    zeek_init(&z);
    struct zeek_segment zero = { .orig = C, .flags = SYN, .seq = 0, .ts_ns = 1 };
    check(zeek_starts_new(&z, &same) && !zeek_starts_new(&z, &zero),
          "reuse: nothing processed yet: a SYN numbered other than 0 starts a new connection");
    exchange();
    check(zeek_starts_new(&z, &other), "reuse: a SYN with another ISN on an open connection starts a new one");
    check(!zeek_starts_new(&z, &same), "reuse: the same SYN again does not");
    check(!zeek_starts_new(&z, &ack), "reuse: a bare ACK does not");
    /* The SYN-ACK first (from the caller's originator), then its SYN. */
    zeek_init(&z);
    seg(C, SYN | ACK, SISN, CISN + 1, 0);
    struct zeek_segment syn = { .orig = S, .flags = SYN, .seq = CISN, .ts_ns = 1 };
    check(!zeek_starts_new(&z, &syn), "reuse: the SYN of a SYN-ACK seen first is the same connection");
    syn.seq = CISN + 9;
    check(zeek_starts_new(&z, &syn), "reuse: a SYN not matching that SYN-ACK starts a new one");
}

/* Segments dropped for their checksums: letters C and c, scaled; a
 * connection that never got past them ends after tcp_SYN_timeout. */
static void test_checksums(void)
{
    uint32_t bad_orig = 0, bad_resp = 0;
    zeek_start(&z, 0);
    for (int i = 0; i < 10; i++)
        zeek_bad_checksum(&z, C, &bad_orig);
    zeek_bad_checksum(&z, S, &bad_resp);
    expect("checksums: C at the 1st and 10th from the originator, c from the responder", "OTH", "CCc");
    struct zeek_segment ack = { .orig = C, .flags = ACK, .seq = CISN + 1, .ack = SISN + 1, .ts_ns = 5000000000 };
    check(!zeek_starts_new(&z, &ack), "checksums: nothing processed, 5 s after the start: the same connection");
    ack.ts_ns++;
    check(zeek_starts_new(&z, &ack), "checksums: nothing processed, past 5 s: ExpireTimer removed it");
}

int main(void)
{
    test_sf();
    test_rej();
    test_s0();
    test_s1();
    test_rsto();
    test_rstr();
    test_rstos0();
    test_likely_ports();
    test_rstrh();
    test_sh();
    test_shr();
    test_s2_s3();
    test_oth();
    test_retransmission();
    test_zero_window();
    test_repeat_rule();
    test_multi_flag();
    test_flip_on_reordered_handshake();
    test_rej_after_handshake();
    test_fin_then_rst();
    test_history_limits();
    test_last_time();
    test_reuse_open();
    test_checksums();
    return failed ? 1 : 0;
}
