/* Read-ahead thread: see readahead.h. The blocks form a ring; the thread
 * fills them in turn and the main thread takes them in the same turn. A
 * block is the thread's (being filled or free), filled (waiting), or held
 * by the main thread, which holds one at a time. */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "source/readahead.h"

struct ra_block {
    uint8_t *mem;                  /* headroom, then RA_BLOCK bytes */
    size_t len;                    /* bytes read into it */
    uint64_t file_pos;             /* the file's position after it */
};

struct readahead {
    struct instream *in;
    size_t headroom;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t filled, freed;
    struct ra_block blk[RA_BLOCKS];
    unsigned take;                 /* the next block the main thread takes */
    unsigned nfilled;              /* filled blocks waiting, from take on */
    int held;                      /* the block the main thread holds, or -1 */
    bool ended;                    /* the thread has read to the end (or damage) */
    bool stop;                     /* ra_stop: the thread is to stop */
};

static void *reader(void *arg)
{
    struct readahead *ra = arg;
    unsigned k = 0;
    for (;;) {
        pthread_mutex_lock(&ra->lock);
        while (!ra->stop && ra->nfilled + (ra->held >= 0) == RA_BLOCKS)
            pthread_cond_wait(&ra->freed, &ra->lock);
        bool stop = ra->stop;
        pthread_mutex_unlock(&ra->lock);
        if (stop)
            return NULL;

        /* Block k is free: the ring's next after the filled ones. */
        struct ra_block *b = &ra->blk[k];
        uint8_t *to = b->mem + ra->headroom;
        size_t len = 0;
        bool end = false;
        while (len < RA_BLOCK) {
            ssize_t got = instream_read(ra->in, to + len, RA_BLOCK - len);
            if (got <= 0) {
                end = true;
                break;
            }
            len += (size_t)got;
        }
        b->len = len;
        b->file_pos = instream_file_pos(ra->in);

        pthread_mutex_lock(&ra->lock);
        if (len)
            ra->nfilled++;
        ra->ended = end;
        pthread_cond_signal(&ra->filled);
        pthread_mutex_unlock(&ra->lock);
        if (end)
            return NULL;
        k = (k + 1) % RA_BLOCKS;
    }
}

struct readahead *ra_start(struct instream *in, size_t headroom)
{
    struct readahead *ra = calloc(1, sizeof *ra);
    if (!ra)
        return NULL;
    ra->in = in;
    ra->headroom = headroom;
    ra->held = -1;
    for (int i = 0; i < RA_BLOCKS; i++) {
        ra->blk[i].mem = malloc(headroom + RA_BLOCK);
        if (!ra->blk[i].mem)
            goto fail;
    }
    if (pthread_mutex_init(&ra->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&ra->filled, NULL) != 0 || pthread_cond_init(&ra->freed, NULL) != 0 ||
        pthread_create(&ra->thread, NULL, reader, ra) != 0) {
        pthread_mutex_destroy(&ra->lock);
        goto fail;
    }
    return ra;
fail:
    for (int i = 0; i < RA_BLOCKS; i++)
        free(ra->blk[i].mem);
    free(ra);
    return NULL;
}

uint8_t *ra_next(struct readahead *ra, const uint8_t *carry, size_t carry_len, size_t *len)
{
    pthread_mutex_lock(&ra->lock);
    while (ra->nfilled == 0 && !ra->ended)
        pthread_cond_wait(&ra->filled, &ra->lock);
    if (ra->nfilled == 0) {
        pthread_mutex_unlock(&ra->lock);
        return NULL;
    }
    /* Take the next block and give the held one back in one step: while
     * the carry is copied out of the held block, the thread must not see
     * it free (it is the very block the thread would fill next). */
    unsigned k = ra->take;
    struct ra_block *b = &ra->blk[k];
    uint8_t *start = b->mem + ra->headroom - carry_len;
    if (carry_len)
        memcpy(start, carry, carry_len);
    *len = carry_len + b->len;
    ra->take = (k + 1) % RA_BLOCKS;
    ra->nfilled--;
    ra->held = (int)k;
    pthread_cond_signal(&ra->freed);
    pthread_mutex_unlock(&ra->lock);
    return start;
}

uint64_t ra_file_pos(const struct readahead *ra)
{
    return ra->held >= 0 ? ra->blk[ra->held].file_pos : 0;
}

void ra_stop(struct readahead *ra)
{
    if (!ra)
        return;
    pthread_mutex_lock(&ra->lock);
    ra->stop = true;
    pthread_cond_signal(&ra->freed);
    pthread_mutex_unlock(&ra->lock);
    pthread_join(ra->thread, NULL);
    pthread_cond_destroy(&ra->filled);
    pthread_cond_destroy(&ra->freed);
    pthread_mutex_destroy(&ra->lock);
    for (int i = 0; i < RA_BLOCKS; i++)
        free(ra->blk[i].mem);
    free(ra);
}
