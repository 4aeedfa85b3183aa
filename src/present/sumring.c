#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "present/sumrec.h"
#include "present/sumring.h"

enum {
    SUMRING_BATCHES = 8,
    SUMRING_ARENA = 64 << 10,   /* record bytes a batch holds: the ring is half an L2 */
    /* A sleeping side is woken only when this many batches wait for it
     * (or this much room does): a wake-up costs both threads a system
     * call and the sleeper a context switch, and woken for each batch
     * the printer, faster than the reader, slept and woke 3,400 times on
     * big.pcap. The last batch always wakes. */
    SUMRING_WAKE_AT = 4,
};

struct batch {
    size_t used;                /* bytes of records */
    bool last;                  /* nothing comes after this batch */
    alignas(64) unsigned char arena[SUMRING_ARENA];
};

enum { PRODUCER, CONSUMER };

/* The fields each side writes sit on lines of their own: the printer reads
 * its settings once, and the main thread's count of records never shares
 * a cache line with what the printer reads (one shared line cost a
 * transfer a frame). */
struct sumring {
    struct out *o;
    const struct prefs *prefs;
    bool color;
    void (*between)(void);
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
    const struct prefs *prefs = r->prefs;
    bool color = r->color;
    uint32_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    for (;;) {
        if (atomic_load_explicit(&r->head, memory_order_acquire) == tail) {
            out_flush(o);      /* the lines so far go out before a wait (a slow pipe's reader) */
            sleep_until(r, CONSUMER, has_batch);
        }
        struct batch *b = &r->batch[tail % SUMRING_BATCHES];
        if (!atomic_load_explicit(&r->failed, memory_order_relaxed)) {
            for (size_t at = 0; at < b->used; at += sumrec_size(b->arena + at))
                sumrec_print(o, b->arena + at, prefs, color, 0);
            if (o->failed)
                atomic_store(&r->failed, true);
        }
        bool last = b->last;
        atomic_store(&r->tail, ++tail);
        if (SUMRING_BATCHES - (atomic_load(&r->head) - tail) >= SUMRING_WAKE_AT)
            wake(r, PRODUCER);
        if (last)
            return NULL;
        /* The other work only when this thread keeps up: with batches
         * waiting, the main thread (or a later call) does it instead. */
        if (r->between && atomic_load_explicit(&r->head, memory_order_relaxed) - tail <= 1)
            r->between();
    }
}

struct sumring *sumring_start(struct out *o, const struct prefs *prefs, bool color, unsigned batch,
                              void (*between)(void))
{
    struct sumring *r = aligned_alloc(64, (sizeof *r + 63) & ~(size_t)63);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->o = o;
    r->prefs = prefs;
    r->color = color;
    r->between = between;
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

/* Hand the open batch over and open the next one; wake_now: wake the
 * printer however few batches wait. */
static void hand_over(struct sumring *r, bool last, bool wake_now)
{
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    r->batch[head % SUMRING_BATCHES].last = last;
    atomic_store(&r->head, head + 1);
    if (last || wake_now || head + 1 - atomic_load(&r->tail) >= SUMRING_WAKE_AT)
        wake(r, CONSUMER);
    r->in_batch = 0;
    if (last)
        return;
    if (head + 1 - atomic_load_explicit(&r->tail, memory_order_acquire) >= SUMRING_BATCHES)
        sleep_until(r, PRODUCER, has_room);
    r->batch[(head + 1) % SUMRING_BATCHES].used = 0;
}

void sumring_frame(struct sumring *r, const struct view *v)
{
    uint32_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    struct batch *b = &r->batch[head % SUMRING_BATCHES];
    if (r->in_batch == r->batch_max || b->used + SUMREC_MAX > SUMRING_ARENA) {
        hand_over(r, false, false);
        b = &r->batch[(head + 1) % SUMRING_BATCHES];
    }
    b->used += sumrec_fill(b->arena + b->used, v, r->color);
    r->in_batch++;
}

void sumring_flush(struct sumring *r)
{
    if (r->in_batch)
        hand_over(r, false, true);
    else
        wake(r, CONSUMER);     /* batches below the wake-up mark wait for it */
}

bool sumring_failed(const struct sumring *r)
{
    return atomic_load_explicit(&r->failed, memory_order_relaxed);
}

void sumring_finish(struct sumring *r)
{
    hand_over(r, true, true);
    pthread_join(r->printer, NULL);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake[0]);
    pthread_cond_destroy(&r->wake[1]);
    free(r);
}
