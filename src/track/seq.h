/* TCP sequence-number arithmetic, modulo 2^32 (RFC 9293, section 3.4), as
 * Wireshark's packet-tcp.c writes it (GT_SEQ, LT_SEQ, LE_SEQ, GE_SEQ): the
 * one place these comparisons are written. */
#ifndef SYNFIN_SEQ_H
#define SYNFIN_SEQ_H

#include <stdbool.h>
#include <stdint.h>

/* a - b as a signed distance: how far a is ahead of b. */
static inline int32_t seq_diff(uint32_t a, uint32_t b) { return (int32_t)(a - b); }

/* Written as Wireshark writes them, so that they agree at a distance of
 * exactly 2^31 too (there both seq_gt(x, y) and seq_gt(y, x) hold). */
static inline bool seq_lt(uint32_t x, uint32_t y) { return seq_diff(x, y) < 0; }
static inline bool seq_le(uint32_t x, uint32_t y) { return seq_diff(x, y) <= 0; }
static inline bool seq_gt(uint32_t x, uint32_t y) { return seq_diff(y, x) < 0; }
static inline bool seq_ge(uint32_t x, uint32_t y) { return seq_diff(y, x) <= 0; }

#endif
