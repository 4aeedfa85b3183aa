/* Zeek's per-connection summary for TCP: the conn.log fields conn_state
 * ("SF", "REJ", ...) and history ("ShADadFf", ...), computed the way Zeek
 * computes them, from the segments of one connection in capture order.
 *
 * Sources (Zeek 6/7): scripts/base/protocols/conn/main.zeek (the meaning of
 * every state and letter, and the function conn_state() that maps the two
 * endpoint states to a code); src/packet_analysis/protocol/tcp/
 * TCPSessionAdapter.cc (per-packet processing: update_history,
 * update_window, update_last_seq, the Update*State machine);
 * src/analyzer/protocol/tcp/TCP_Endpoint.{h,cc} (endpoint states, Size(),
 * the scaled 't'/'w' entries); src/Conn.cc (CheckHistory,
 * ScaledHistoryEntry, FlipRoles and its '^').
 *
 * Elsewhere: 'c'/'C' come from the caller, who checks the segment
 * (zeek_bad_checksum); 'g'/'G' and missed_bytes from zeek_gaps.h, a model
 * of Zeek's reassembler kept beside this.
 *
 * What is not modelled, and why:
 *   'x' analysis partial: a Zeek resource limit, nothing seen on the wire.
 *   ExpireTimer (tcp_SYN_timeout, then every tcp_session_timer) is
 *       modelled where the delete timer does not cover it (a side that
 *       closed and then reset; a connection of only dropped segments), as
 *       the first packet past tcp_connection_linger: Zeek's 6 s ticks,
 *       which depend on every other connection's packets, can make it
 *       later. Zeek's close deferral while its reassembler holds data
 *       (DataPending) is not modelled. The partial-close and reset
 *       timers: Zeek 6/7's base scripts handle neither event that would
 *       arm them.
 *   Sequence-number wraparound (a side sending more than 4 GiB): Zeek
 *       counts wraps to size endpoints in 64 bits; here sizes are 32-bit.
 *       conn_state only asks whether a size is zero, in one branch (REJ). */
#ifndef SYNFIN_ZEEK_H
#define SYNFIN_ZEEK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One segment as the connection summary sees it. orig: 1 when sent by the
 * originator (the side that sent the first packet of the connection; the
 * caller decides), 0 when sent by the responder. seq/ack raw. */
struct zeek_segment {
    int orig;
    uint16_t flags;           /* TCP flags, 12 bits: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ... */
    uint32_t seq, ack, len;   /* len: payload bytes */
    uint16_t window;          /* raw, unscaled: only zero or not matters */
    int64_t ts_ns;            /* capture time in ns, from any fixed point (the stream's start): Zeek's timers run on it */
    bool bad_offset;          /* a data offset under 5 words: never a reuse (IsReuse) */
};

/* Zeek's TCP endpoint states (EndpointState in TCP_Endpoint.h). */
enum zeek_tcp_state {
    ZEEK_TCP_INACTIVE,        /* no SYN (or other packets) seen for this side */
    ZEEK_TCP_SYN_SENT,        /* SYN seen, but no ack */
    ZEEK_TCP_SYN_ACK_SENT,    /* SYN ack seen, no initial SYN */
    ZEEK_TCP_PARTIAL,         /* data seen, but no SYN */
    ZEEK_TCP_ESTABLISHED,     /* SYN ack seen (implicit for SYN sent by responder) */
    ZEEK_TCP_CLOSED,          /* FIN seen */
    ZEEK_TCP_RESET            /* RST seen */
};

/* Longest history kept. Zeek's is unbounded; longer ones are cut here and
 * zeek_history_truncated() says so. Real ones rarely pass 15 letters. */
enum { ZEEK_HISTORY_MAX = 20 };

/* One side of the connection: the TCP_Endpoint fields that history and
 * conn_state depend on. Sequence numbers are raw; hist_last_* are relative
 * to start_seq, as Zeek keeps them. */
struct zeek_endpoint {
    uint32_t start_seq, last_seq, ack_seq;
    uint32_t last_syn, last_fin, last_rst;   /* hist_last_SYN/FIN/RST */
    uint32_t rxmt, win0;      /* retransmissions and zero windows so far */
    uint8_t state, prev_state;   /* enum zeek_tcp_state */
    uint8_t fin_seen;         /* FIN_cnt > 0 */
    uint8_t did_close;        /* a FIN or RST from it was processed (ConnectionClosed) */
};

/* 112 bytes, no pointers: copy it, keep it in a table (did_close fills a
 * byte the endpoint's padding had). Times are ns on the segments' clock. */
struct zeek_conn {
    struct zeek_endpoint end[2];   /* [0]: the caller's originator, [1]: the caller's responder */
    int64_t last_ns;          /* Connection::last_time: conn.log's duration ends here */
    /* Zeek's one timer that can still end the connection (INT64_MAX: none). While
     * neither side has closed, the AttemptTimer (an unanswered SYN);
     * once one has, the ConnDeleteTimer if the close completed it. A
     * close that does not complete it leaves no attempt that could fire
     * (that needs the originator's SYN unanswered, and neither side
     * closed), so the two never need to be held at once. */
    int64_t due_ns;
    uint16_t hist_seen;       /* Connection::hist_seen: letters recorded once; originator's in the low byte */
    uint8_t hist_len;         /* letters in hist[]; ZEEK_HISTORY_MAX + 1 once some were dropped */
    uint8_t flipped;          /* Zeek swapped the roles: its originator is end[1] */
    char hist[ZEEK_HISTORY_MAX];   /* not NUL-terminated */
};

void zeek_init(struct zeek_conn *z);
/* zeek_init for a connection Zeek makes at ts_ns (its start and first
 * last_time), before its first segment is fed. */
void zeek_start(struct zeek_conn *z, int64_t ts_ns);

/* A segment Zeek drops for its TCP checksum (TCPAnalyzer::ValidateChecksum,
 * without -C): 'C' (originator) or 'c' at the 1st, 10th, 100th, ... of
 * that side (TCP_Endpoint::ChecksumError); nothing else of it counts.
 * orig as in struct zeek_segment; *count is the caller's per side. */
void zeek_bad_checksum(struct zeek_conn *z, int orig, uint32_t *count);
/* A content gap in the data of the caller's originator (orig != 0) or
 * responder: 'G' or 'g', scaled as 'C' (TCP_Endpoint::Gap; zeek_gaps.h). */
void zeek_gap_letter(struct zeek_conn *z, int orig, uint32_t *count);
/* Whether either side has sent a SYN (its 'S' or 'H' letter is in). */
bool zeek_saw_syn(const struct zeek_conn *z);

/* Feed one segment, in capture order. True when the segment moves Zeek's
 * last_time, from which conn.log's duration is taken: every segment until
 * both sides have closed (TCPSessionAdapter::Process sets it before the
 * segment's own FIN or RST is processed, only while !orig->did_close ||
 * !resp->did_close). So a teardown's last ACK is not in the duration. */
bool zeek_add(struct zeek_conn *z, const struct zeek_segment *s);

/* Whether Zeek takes this segment, of the same addresses and ports, as the
 * first of a new connection (a new conn.log row): a timer has removed the
 * connection by the segment's time, or the segment is a reuse. Timers fire
 * before a packet of their time or later (TimerMgr::Advance), so each
 * test below but ExpireTimer's is exact however sparse the capture:
 *   AttemptTimer, tcp_attempt_delay (5 s) after the originator's first
 *       SYN, while that SYN is still unanswered (S0);
 *   ConnDeleteTimer, tcp_close_delay (5 s) after last_time, once a side's
 *       close completed the connection (both FINs, or a RST, or a FIN
 *       from a side whose peer was never seen: ConnectionClosed);
 *   the inactivity timer, tcp_inactivity_timeout (5 min) after last_time;
 *   ExpireTimer, when nothing but dropped segments came (after
 *       tcp_SYN_timeout, 5 s), or when a side closed and then reset (5 s
 *       quiet, see above);
 *   IsReuse: a SYN without ACK (or a SYN-ACK while Zeek's originator was
 *       never seen) on a connection either side has closed, or, on an
 *       open one, with another initial sequence number than the
 *       originator's (unless it is the SYN of a SYN-ACK seen first).
 * Call it before zeek_add, from the second segment on; when it says yes,
 * write the row and start over with zeek_start (and the flip rule). */
bool zeek_starts_new(const struct zeek_conn *z, const struct zeek_segment *s);

/* conn.log's conn_state: "S0", "S1", "SF", "REJ", "S2", "S3", "RSTO",
 * "RSTR", "RSTOS0", "RSTRH", "SH", "SHR" or "OTH". */
const char *zeek_conn_state(const struct zeek_conn *z);

/* conn.log's history, NUL-terminated into buf (cut to n - 1 letters). */
void zeek_history(const struct zeek_conn *z, char *buf, size_t n);
bool zeek_history_truncated(const struct zeek_conn *z);

/* Role flips. Zeek swaps originator and responder, and records '^', in two
 * cases. (1) A SYN from the responder arrives after the originator's first
 * packet was a SYN-ACK: the capture reordered the handshake. zeek_add()
 * does this one by itself. (2) When it creates the connection, if the
 * first packet is not a bare SYN and its source port looks like a server's
 * (IPBasedAnalyzer::NewConn and TCPAnalyzer::WantConnection). That needs
 * Zeek's likely_server_ports, which the caller has to supply:
 * zeek_first_packet_flips() is the rule, and zeek_flip() before the first
 * zeek_add() applies it (Zeek also never flips when the destination is a
 * broadcast address). streams.c does this on every stream's first frame. Either way the caller keeps marking segments by
 * its own originator; zeek_flipped() says whether the conn.log originator
 * (the one conn_state and the letter case refer to) is the other side. */
bool zeek_first_packet_flips(uint16_t flags, uint16_t src_port, uint16_t dst_port,
                             bool src_likely_server, bool dst_likely_server);

/* Whether Zeek (6.1-7.x, default scripts) has this TCP port in
 * likely_server_ports, and whether an address is one Zeek never flips
 * toward (IPAddr::IsBroadcast). zeek_ports.c. */
bool zeek_likely_server_port(uint16_t port);
bool zeek_broadcast(const uint8_t *addr, int addr_len);
void zeek_flip(struct zeek_conn *z);
bool zeek_flipped(const struct zeek_conn *z);

/* Zeek's state of its originator (orig != 0) or responder (orig == 0). */
enum zeek_tcp_state zeek_endpoint_state(const struct zeek_conn *z, int orig);
/* conn.log's orig_bytes (orig != 0) or resp_bytes: TCP_Endpoint::Size(),
 * the sequence space the side covered (its highest sequence number sent
 * or acknowledged, less its start, the SYN and the FIN). So bytes resent
 * are counted once, and bytes never captured are counted too. */
uint64_t zeek_endpoint_bytes(const struct zeek_conn *z, int orig);

#endif
