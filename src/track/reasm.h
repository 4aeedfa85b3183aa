/* TCP reassembly: one connection's two byte streams rebuilt in sequence
 * order, as Wireshark's Follow TCP Stream rebuilds them (packet-tcp.c,
 * follow_tcp_tap_listener and check_follow_fragments, 4.0):
 *
 * - A segment's bytes that extend its direction's stream are appended as a
 *   chunk; the part of a retransmission or overlap already seen is dropped
 *   (the first copy of a byte wins), and only its new tail is kept.
 * - A segment that starts beyond the stream's end is held back until the
 *   bytes before it arrive, then appended in sequence order.
 * - When the other side acknowledges past held-back bytes, the hole before
 *   them is never filled: it becomes a chunk "[N bytes missing in capture
 *   file]" (with its NUL, as Wireshark writes it) and the held bytes follow.
 * - Bytes cut by the snapshot length are not invented: the stream moves
 *   past them as Wireshark's does.
 *
 * The result is the list of chunks in the order Wireshark prints them,
 * each from one direction. Memory is bounded (below): past a cap, a
 * connection takes no more bytes, and synfin says so on stderr (once a
 * process for each cap). No allocation per segment: the chunks, their
 * bytes and the held-back segments live in buffers that grow by doubling. */
#ifndef SYNFIN_REASM_H
#define SYNFIN_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes one connection may hold (its chunks and its held-back segments,
 * both directions): 64 MiB. */
#define REASM_CONN_CAP   ((size_t)64 << 20)
/* Bytes all connections of the process may hold together: 256 MiB. */
#define REASM_TOTAL_CAP  ((size_t)256 << 20)

/* Sides of a connection, as Follow names them: the client sent the first
 * segment seen, the server is the other side. */
enum { REASM_CLIENT = 0, REASM_SERVER = 1 };

struct reasm_chunk {
    uint8_t dir;              /* REASM_CLIENT or REASM_SERVER */
    bool missing;             /* the "[N bytes missing in capture file]" marker */
    uint64_t frame;           /* the frame that brought it (or revealed the gap) */
    size_t off, len;          /* its bytes: reasm_bytes() + off */
};

/* One segment as the reassembly needs it. seq and ack are the relative
 * numbers Wireshark shows (tcp.seq, tcp.ack); seglen is tcp.len; data the
 * captured payload bytes (caplen of them, caplen <= seglen). */
struct reasm_seg {
    uint64_t frame;
    int dir;                  /* the caller's name for the sender, 0 or 1; the first
                                 segment's sender becomes REASM_CLIENT */
    uint32_t seq, ack;
    uint32_t seglen;
    bool syn;
    const uint8_t *data;
    uint32_t caplen;
};

struct reasm_conn;

/* A connection with nothing yet; NULL when memory runs out. */
struct reasm_conn *reasm_new(void);
void reasm_free(struct reasm_conn *c);

/* Take one segment, in capture order. */
void reasm_segment(struct reasm_conn *c, const struct reasm_seg *s);

/* The chunks so far, in order, and the bytes their offsets index. */
const struct reasm_chunk *reasm_chunks(const struct reasm_conn *c, size_t *n);
const uint8_t *reasm_bytes(const struct reasm_conn *c);

/* A cap stopped this connection from taking more bytes. */
bool reasm_capped(const struct reasm_conn *c);

/* Heap bytes held by every connection now. */
size_t reasm_total_held(void);

#endif
