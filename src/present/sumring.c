#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "present/fieldrec.h"
#include "present/sumrec.h"
#include "present/sumring.h"

enum {
    SUMRING_BATCHES = 4,
    SUMRING_ARENA = 64 << 10,   /* record bytes a batch holds: four batches stay in L2 */
};

struct batch {
    size_t used;                /* bytes of records */
    bool last;                  /* nothing comes after this batch */
    alignas(64) unsigned char arena[SUMRING_ARENA];
};

enum { PRODUCER, CONSUMER };

/* What a ring carries: how a frame's record is written, sized and printed. */
struct records {
    size_t room;                /* a batch is handed over when less than this is left */
    size_t (*fill)(void *dst, size_t room, const struct view *v, const struct sumring *r);
    size_t (*size)(const void *rec);
    void (*print)(struct out *o, const void *rec, const struct sumring *r);
};

/* The fields each side writes sit on lines of their own: the printer reads
 * its settings once, and the main thread's count of records never shares
 * a cache line with what the printer reads (one shared line cost a
 * transfer a frame). */
struct sumring {
    struct out *o;
    struct records recs;
    const struct prefs *prefs;  /* summary lines */
    bool color;
    const struct fields_format *ff;   /* -T fields lines */
    pthread_t printer;
    alignas(64) unsigned batch_max, in_batch;   /* records a batch may hold; records in the open one */
    alignas(64) _Atomic uint32_t head;   /* batches handed over */
    alignas(64) _Atomic uint32_t tail;   /* batches printed */
    _Atomic bool failed;
    _Atomic bool waiting[2];
    pthread_mutex_t lock;
    pthread_cond_t wake[2];
    struct batch batch[SUMRING_BATCHES];
};

/* Sleep until ready(r) holds. Waiting is set before the last look, and the
 * other side looks at waiting after it moved its index (both sequentially
 * consistent): either this side sees the move, or the other sees it asleep
 * and signals under the lock. */
static void sleep_until(struct sumring *r, int who, bool (*ready)(struct sumring *))
{
    pthread_mutex_lock(&r->lock);
    atomic_store(&r->waiting[who], true);
    while (!ready(r))
        pthread_cond_wait(&r->wake[who], &r->lock);
    atomic_store(&r->waiting[who], false);
    pthread_mutex_unlock(&r->lock);
}

static void wake(struct sumring *r, int who)
{
    if (atomic_load(&r->waiting[who])) {
        pthread_mutex_lock(&r->lock);
        pthread_cond_signal(&r->wake[who]);
        pthread_mutex_unlock(&r->lock);
    }
}

static bool has_batch(struct sumring *r)
{
    return atomic_load(&r->head) != atomic_load(&r->tail);
}

static bool has_room(struct sumring *r)
{
    return atomic_load(&r->head) - atomic_load(&r->tail) < SUMRING_BATCHES;
}

static void *printer(void *arg)
{
    struct sumring *r = arg;
    struct out *o = r->o;
    struct records recs = r->recs;
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    for (;;) {
        if (atomic_load_explicit(&r->head, memory_order_acquire) == tail)
            sleep_until(r, CONSUMER, has_batch);
        struct batch *b = &r->batch[tail % SUMRING_BATCHES];
        if (!atomic_load_explicit(&r->failed, memory_order_relaxed)) {
            for (size_t at = 0; at < b->used; at += recs.size(b->arena + at))
                recs.print(o, b->arena + at, r);
            if (o->failed)
                atomic_store(&r->failed, true);
        }
        bool last = b->last;
        atomic_store(&r->tail, ++tail);
        wake(r, PRODUCER);
        if (last)
            return NULL;
    }
}

static struct sumring *start(struct out *o, struct records recs, const struct prefs *prefs, bool color,
                             const struct fields_format *ff, unsigned batch)
{
    struct sumring *r = aligned_alloc(64, (sizeof *r + 63) & ~(size_t)63);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->o = o;
    r->recs = recs;
    r->prefs = prefs;
    r->color = color;
    r->ff = ff;
    r->batch_max = batch ? batch : 1;
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    atomic_init(&r->failed, false);
    atomic_init(&r->waiting[0], false);
    atomic_init(&r->waiting[1], false);
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake[0], NULL);
    pthread_cond_init(&r->wake[1], NULL);
    /* Signals (Ctrl-C, -a, a lease break) stay with the main thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&r->printer, NULL, printer, r);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        free(r);
        return NULL;
    }
    return r;
}

static size_t summary_fill(void *dst, size_t room, const struct view *v, const struct sumring *r)
{
    (void)room;                       /* always SUMREC_MAX or more */
    return sumrec_fill(dst, v, r->color);
}

static void summary_print(struct out *o, const void *rec, const struct sumring *r)
{
    sumrec_print(o, rec, r->prefs, r->color, 0);
}

struct sumring *sumring_start(struct out *o, const struct prefs *prefs, bool color, unsigned batch)
{
    struct records recs = { SUMREC_MAX, summary_fill, sumrec_size, summary_print };
    return start(o, recs, prefs, color, NULL, batch);
}

static size_t fields_fill(void *dst, size_t room, const struct view *v, const struct sumring *r)
{
    return fieldrec_fill(dst, room, v, r->ff);
}

static void fields_print(struct out *o, const void *rec, const struct sumring *r)
{
    fieldrec_print(o, rec, r->ff);
}

struct sumring *sumring_start_fields(struct out *o, const struct fields_format *ff, unsigned batch)
{
    struct records recs = { FIELDREC_ROOM, fields_fill, fieldrec_size, fields_print };
    return start(o, recs, NULL, false, ff, batch);
}

/* Hand the open batch over and open the next one. */
static void hand_over(struct sumring *r, bool last)
{
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    r->batch[head % SUMRING_BATCHES].last = last;
    atomic_store(&r->head, head + 1);
    wake(r, CONSUMER);
    r->in_batch = 0;
    if (last)
        return;
    if (head + 1 - atomic_load_explicit(&r->tail, memory_order_acquire) >= SUMRING_BATCHES)
        sleep_until(r, PRODUCER, has_room);
    r->batch[(head + 1) % SUMRING_BATCHES].used = 0;
}

static bool all_printed(struct sumring *r)
{
    return atomic_load(&r->head) == atomic_load(&r->tail);
}

bool sumring_frame(struct sumring *r, const struct view *v)
{
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    struct batch *b = &r->batch[head % SUMRING_BATCHES];
    if (r->in_batch == r->batch_max || b->used + r->recs.room > SUMRING_ARENA) {
        hand_over(r, false);
        b = &r->batch[++head % SUMRING_BATCHES];
    }
    size_t n = r->recs.fill(b->arena + b->used, SUMRING_ARENA - b->used, v, r);
    if (!n && b->used) {              /* too big for what is left: a fresh batch */
        hand_over(r, false);
        b = &r->batch[++head % SUMRING_BATCHES];
        n = r->recs.fill(b->arena, SUMRING_ARENA, v, r);
    }
    if (!n) {                         /* too big for any batch: the caller prints it */
        if (r->in_batch)
            hand_over(r, false);
        sleep_until(r, PRODUCER, all_printed);
        return false;
    }
    b->used += n;
    r->in_batch++;
    return true;
}

bool sumring_failed(const struct sumring *r)
{
    return atomic_load_explicit(&r->failed, memory_order_relaxed);
}

void sumring_finish(struct sumring *r)
{
    hand_over(r, true);
    pthread_join(r->printer, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake[0]);
    pthread_cond_destroy(&r->wake[1]);
    free(r);
}
