/* Arenas of fixed-size records: see arena.h. */
#include <stdlib.h>

#include "track/arena.h"

void arena_init(struct arena *a, size_t record_size)
{
    *a = (struct arena){ .size = (record_size + 3) & ~(size_t)3 };
}

void arena_free(struct arena *a)
{
    for (size_t i = 0; i < a->nchunks; i++)
        free(a->chunks[i]);
    free(a->chunks);
    arena_init(a, a->size);
}

size_t arena_bytes(const struct arena *a)
{
    return a->nchunks * (ARENA_CHUNK_RECORDS * a->size + sizeof *a->chunks);
}

void *arena_at(const struct arena *a, size_t i)
{
    return a->chunks[i / ARENA_CHUNK_RECORDS] + (i % ARENA_CHUNK_RECORDS) * a->size;
}

void *arena_add(struct arena *a)
{
    if (a->count == a->nchunks * ARENA_CHUNK_RECORDS) {
        uint8_t **chunks = realloc(a->chunks, (a->nchunks + 1) * sizeof *chunks);
        if (!chunks)
            return NULL;
        a->chunks = chunks;
        if (!(chunks[a->nchunks] = malloc(ARENA_CHUNK_RECORDS * a->size)))
            return NULL;
        a->nchunks++;
    }
    return arena_at(a, a->count++);
}
