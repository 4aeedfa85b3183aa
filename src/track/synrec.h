/* SYN records: a connection whose only frame so far is one pure SYN without
 * payload, kept in 44 bytes (IPv4) or 68 (IPv6) in place of a stream's 600
 * and more. A record holds what the tracker read from that SYN, so tracking
 * the SYN again gives the stream back byte for byte (streams.c does that
 * when a second frame comes, and for the rows at the end). This is what
 * keeps a SYN flood, or a scan, in bounded memory with exact output.
 *
 * Records live in arenas (arena.h), in the order they are added, and
 * never move. */
#ifndef SYNFIN_SYNREC_H
#define SYNFIN_SYNREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/packet.h"
#include "track/arena.h"

/* bits of synrec.bits */
enum {
    SYNREC_HAS_WS = 1 << 0,   /* the SYN had a window scale option */
    SYNREC_ACC_ECN_OPT = 1 << 1, /* ... an AccECN option */
    SYNREC_REUSED = 1 << 2,   /* it opened a stream on reused ports */
    SYNREC_KEPT = 1 << 3,     /* stream.kept */
    SYNREC_REPORTED = 1 << 4, /* stream.reported */
    SYNREC_GONE = 1 << 5,     /* made into a stream again: the record is void */
    SYNREC_ZEEK_SHIFT = 6,    /* bits 6-7: what Zeek's TCP analyzer did with the SYN (streams.c) */
};

/* What the tracker reads from such a SYN (28 bytes, 2 of them padding). */
struct synrec_syn {
    uint32_t number;          /* frame number */
    uint32_t ts_sec, ts_nsec; /* its time */
    uint32_t seq, ack;        /* as sent */
    uint16_t win, flags;      /* as sent */
    uint8_t ws_shift;         /* the window scale option as sent */
    uint8_t bits;
    uint16_t ip_bytes;        /* its IP bytes as Zeek counts them (frame_ip_bytes) */
};

/* One record: 44 bytes with IPv4 addresses, 68 with IPv6. */
struct synrec {
    uint32_t index;           /* tcp.stream */
    uint16_t port[2];         /* the stream's ports, as its key holds them */
    struct synrec_syn syn;
    uint8_t addr[];           /* addr_len bytes of the stream's addr[0], then of addr[1] */
};

/* If the frame can be kept as a record (a pure SYN, no payload, no SACK,
 * lengths sound, frame number and time that fit: a damaged fraction read
 * as negative nanoseconds does not), fill *syn and say yes. */
bool synrec_take(const struct frame *f, struct synrec_syn *syn);

/* A frame that tracks as the recorded SYN did: only the fields the tracker
 * reads are set. `f` is scratch owned by the caller. */
void synrec_frame(const struct synrec_syn *syn, struct frame *f);

/* An arena of records whose addresses are addr_len (4 or 16) bytes
 * (chunks of 65,536: 2.75 MiB with IPv4, 4.25 MiB with IPv6). */
struct synrec_arena {
    struct arena a;           /* a.count: records added */
    uint8_t addr_len;
};

void synrec_arena_init(struct synrec_arena *a, uint8_t addr_len);
void synrec_arena_free(struct synrec_arena *a);
size_t synrec_arena_bytes(const struct synrec_arena *a);
/* A new record at the end, or NULL when memory ran out. */
struct synrec *synrec_add(struct synrec_arena *a, uint32_t index, const uint8_t *addr0, const uint8_t *addr1,
                          const uint16_t port[2], const struct synrec_syn *syn);
/* The i-th record added (i < count). */
struct synrec *synrec_at(const struct synrec_arena *a, size_t i);

#endif
