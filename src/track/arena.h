/* Arenas: records of one fixed size, added at the end, in chunks that
 * never move, so a record's address stays valid until the arena is freed.
 * No record is freed alone: the compact forms of streams (synrec.h,
 * freeze.h) mark a record void instead. */
#ifndef SYNFIN_ARENA_H
#define SYNFIN_ARENA_H

#include <stddef.h>
#include <stdint.h>

#define ARENA_CHUNK_RECORDS 65536u

struct arena {
    uint8_t **chunks;
    size_t nchunks, count;    /* chunks held; records added */
    size_t size;              /* bytes a record (a multiple of 4) */
};

void arena_init(struct arena *a, size_t record_size);
void arena_free(struct arena *a);
size_t arena_bytes(const struct arena *a);
/* Room for a new record at the end, or NULL when memory ran out. */
void *arena_add(struct arena *a);
/* The i-th record added (i < count). */
void *arena_at(const struct arena *a, size_t i);

#endif
