/* Read-ahead on the second core: a thread reads (and for gzip, inflates) a
 * capture file's bytes into blocks while the main thread decodes the block
 * before. The main thread then makes no read(2) call and no copy but the
 * few bytes of a record cut by a block's end.
 *
 * RA_BLOCKS blocks of RA_BLOCK bytes, each with room in front for the cut
 * record the block before leaves: memory is fixed, whatever the file. */
#ifndef SYNFIN_READAHEAD_H
#define SYNFIN_READAHEAD_H

#include <stddef.h>
#include <stdint.h>

#include "source/instream.h"

enum { RA_BLOCKS = 4, RA_BLOCK = 256 << 10 };

struct readahead;

/* Start reading `in` (which the thread then owns until ra_stop) into blocks
 * with `headroom` bytes of room in front. NULL: no thread (read as before). */
struct readahead *ra_start(struct instream *in, size_t headroom);

/* The next block, with the carry_len bytes at carry (at most headroom: the
 * unread end of the block before) copied in front of it; the block before
 * is given back. Returns where the carried bytes begin and sets *len to
 * carry_len plus the block's bytes. NULL at the end of the data (the block
 * before stays valid; instream_error says whether the end is damage). */
uint8_t *ra_next(struct readahead *ra, const uint8_t *carry, size_t carry_len, size_t *len);

/* How far the file has been read for the block last returned: bytes of the
 * file (compressed ones for gzip), for a progress line. */
uint64_t ra_file_pos(const struct readahead *ra);

/* Stop the thread (it finishes the read it is in) and free the blocks. */
void ra_stop(struct readahead *ra);

#endif
