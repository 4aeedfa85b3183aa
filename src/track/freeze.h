/* Frozen streams: a connection that is over, or idle, kept in memory as a
 * 32-byte record (56 with IPv6): its key, its tcp.stream and where its
 * state lies in a spill file. The state is the stream's own bytes, packed
 * (zero words squeezed out), so thawing gives back exactly what was frozen:
 * a late frame, or the listing at the end, reads the same state as if the
 * stream had stayed whole. The spill file is unlinked from the start (in
 * $TMPDIR, else /tmp) and goes away with the process.
 *
 * Records live in arenas (arena.h), in the order they are frozen, and
 * never move; a record thawed is marked void. */
#ifndef SYNFIN_FREEZE_H
#define SYNFIN_FREEZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "track/arena.h"

/* bits of freeze_rec.bits */
enum {
    FREEZE_GONE = 1 << 0,     /* thawed: the record is void */
    FREEZE_KEPT = 1 << 1,     /* stream.kept, as a listing last left it */
    FREEZE_REPORTED = 1 << 2, /* stream.reported, likewise */
};

/* One record: 32 bytes with IPv4 addresses, 56 with IPv6. */
struct freeze_rec {
    uint32_t index;           /* tcp.stream */
    uint16_t port[2];         /* the stream's ports, as its key holds them */
    uint32_t len;             /* packed bytes in the spill file */
    uint32_t off_lo, off_hi;  /* where they start (4-byte halves keep the record 4-aligned) */
    uint8_t addr_len;         /* 4 or 16 */
    uint8_t bits;
    uint8_t unused[2];
    uint8_t addr[];           /* addr_len bytes of the stream's addr[0], then of addr[1] */
};

struct freeze_store {
    struct arena rec4, rec6;
    int fd;                   /* the spill file, -1 before the first freeze */
    bool failed;              /* it could not be made or written: nothing more is frozen */
    uint64_t size;            /* bytes written to it, those still in buf included */
    uint64_t buf_off;         /* the file offset of buf[0] */
    size_t buf_len;
    uint8_t *buf;             /* writes are gathered here, FREEZE_BUF bytes */
    /* Reads: a window of the file (FREEZE_WINDOW bytes), so the listing
     * at the end, which thaws in about the order things were frozen,
     * reads the file in large pieces. */
    uint8_t *window;
    uint64_t window_off;
    size_t window_len;
};

void freeze_init(struct freeze_store *z);
void freeze_free(struct freeze_store *z);
/* Records held in memory (the spill file's bytes are on disk, not counted). */
size_t freeze_bytes_held(const struct freeze_store *z);

/* Freeze n bytes of state under the key: a new record, or NULL (no memory,
 * no spill file: the caller keeps the stream whole). */
struct freeze_rec *freeze_put(struct freeze_store *z, uint32_t index, uint8_t addr_len, const uint8_t *addr0,
                              const uint8_t *addr1, const uint16_t port[2], const void *state, size_t n);
/* The record's state into out (cap bytes): its length, or 0 if it cannot
 * be read back whole (a read error: the caller stops, as on a damaged file). */
size_t freeze_get(struct freeze_store *z, const struct freeze_rec *r, void *out, size_t cap);

/* The packing, zero words squeezed out (freeze.c). freeze_pack writes at
 * most FREEZE_PACKED_MAX(n) bytes; freeze_unpack reads within its input
 * and writes within cap, and returns the length unpacked, or 0 if the
 * input is not one whole packing that fits. */
#define FREEZE_PACKED_MAX(n) (4 + (n) + ((n) + 63) / 64 + 8)
size_t freeze_pack(const uint8_t *in, size_t n, uint8_t *out);
size_t freeze_unpack(const uint8_t *in, size_t n, uint8_t *out, size_t cap);

#endif
