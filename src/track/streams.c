/* The stream table: an open-addressing hash from the address/port pair to
 * the stream, and the streams themselves, each in its own heap block so
 * that a stream never moves once made and leaves memory as soon as it is
 * retired.
 *
 * Memory follows the connections in memory, not the ones there have been:
 * each holds one node (sizeof(struct stream_node): 648 bytes, plus
 * malloc's few), its unacknowledged segments (a buffer a closed connection
 * gives back) and 2 to 16 flow-table slots of 16 bytes (the table has at
 * least MIN_SLOTS); a retired connection holds nothing. One long-lived
 * connection among thousands retired therefore keeps its node and a small
 * table (about 6 KB in all, tests/unit/test_streams.c), not a page of
 * streams. Allocation is per connection, never per packet.
 *
 * Reading a file, a stream whose only frame is one pure SYN becomes a SYN
 * record (synrec.h: 44 bytes, 68 with IPv6) once young_max newer streams
 * have been made. It becomes a stream again, by tracking its SYN once
 * more, when its flow sends another frame, and for the listing at the end.
 * The output is the same either way; a SYN flood or a scan then holds
 * 44 bytes and 2 to 4 slots a SYN instead of a node and its buffers.
 *
 * Reading a file, a stream that is over (closed, and quiet for
 * FREEZE_CLOSED_S of capture time) or idle (FREEZE_IDLE_S) is frozen
 * (freeze.h): its state goes, packed, to a spill file, and a 32-byte record
 * (56 with IPv6) stays in the table. Its next frame, or the listing at the
 * end, thaws it back byte for byte, so the output does not change. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "decode/decode.h"
#include "track/freeze.h"
#include "track/streams.h"
#include "track/synrec.h"

/* A stream and its place in the list of streams in memory, in index order
 * (streams are made in index order and only ever leave it). */
struct stream_node {
    struct stream s;          /* first: a struct stream * is its node's address */
    struct stream_node *prev, *next;
    /* Reading a file: the node's place in the quiet list of open or of
     * closed streams, least recently seen first (freezing reads the heads). */
    struct stream_node *quiet_prev, *quiet_next;
    int8_t quiet_list;        /* QUIET_OPEN, QUIET_CLOSED, or -1: in neither */
};

enum { QUIET_OPEN, QUIET_CLOSED };

struct quiet_list {
    struct stream_node *head, *tail;
};

/* A slot's ref: 0 empty, REF_TOMB (a retired stream was here), a node's
 * address, a SYN record's address tagged with REF_SYN4 or REF_SYN6, or a
 * frozen stream's record tagged with REF_FROZEN (records are 4-byte
 * aligned, nodes 16; REF_TOMB alone has no address). */
struct slot {
    uint32_t hash;
    uintptr_t ref;
};

enum { REF_SYN4 = 1, REF_SYN6 = 2, REF_TOMB = 3, REF_FROZEN = 3, REF_TAGS = 3 };

#define MIN_SLOTS 64u

/* Newest streams kept whole before a lone SYN becomes a record: a SYN-ACK
 * normally comes long before 1024 other connections open. */
#define YOUNG_MAX 1024u

/* Freezing (file reading): a closed stream quiet this long in capture time,
 * or any stream this long idle (the design's §2.3: a late frame then costs
 * a thaw, never a wrong value); and how many streams each frame looks at. */
#define FREEZE_CLOSED_S 60
#define FREEZE_IDLE_S 300
#define FREEZE_LOOKS 8

/* A stream among the youngest, and its first frame if that can be a record. */
struct young {
    struct stream_node *node;
    bool fits;
    struct synrec_syn syn;
};

/* The table is rebuilt without a pause: the old slots are moved into the
 * new table a few at a time, on every lookup, while both are searched (the
 * new one first; it shadows the old). */
struct stream_table {
    struct stream_node *first, *last;   /* the streams in memory, in index order */
    uint32_t count;           /* streams made: the next stream's index */
    uint32_t live;            /* streams in memory */
    struct slot *slots;
    uint32_t mask;            /* slots - 1 */
    uint32_t used;            /* filled slots of `slots`, tombstones included */
    struct slot *old;         /* the table being moved from, or NULL */
    uint32_t old_mask, moved; /* old's size - 1; how many of its slots are moved */

    /* Retiring (live captures): a closed connection quiet for linger_s, or
     * any quiet for idle_s, leaves the table and memory. */
    bool retiring;
    uint32_t linger_s, idle_s;
    struct stream_node *sweep; /* next stream the sweep looks at; NULL: the first */
    uint64_t retired;
    void (*on_retire)(void *arg, struct stream *s);
    void *retire_arg;

    /* SYN records (file reading only, not while retiring). */
    uint32_t young_max;       /* whole streams kept before a lone SYN becomes a record */
    struct young *young;      /* a ring of YOUNG_MAX + 1; NULL: no records */
    uint32_t young_head, young_n;
    struct synrec_arena rec4, rec6;
    bool unsorted;            /* the node list is out of index order (a record came back) */
    struct stream_node *scratch;   /* a record made whole for streams_each */
    struct frame *replay;     /* the frame a record is tracked again from */

    /* Frozen streams (file reading only, not while retiring); the sweep
     * pointer above walks the streams for them. */
    bool freezing;
    uint32_t freeze_closed_s, freeze_idle_s, freeze_looks;
    struct quiet_list quiet[2];   /* by QUIET_OPEN, QUIET_CLOSED */
    int64_t freeze_due;       /* no sweep finds a head to freeze before this capture second */
    struct freeze_store frozen;
    uint8_t *freeze_buf;      /* one stream's state, unpacked */
    size_t freeze_buf_cap;
    bool said_spill_error;

    bool rows_only;           /* streams_rows_only: no SEQ/ACK analysis, no HTTP messages */
    bool no_zeek;             /* streams_no_zeek: no Zeek history, state or service */
    void (*on_part_end)(void *arg, struct stream *s);   /* streams_zeek_parts */
    void *part_arg;
    uint8_t replay_verdict;   /* enum zeek_verdict of the SYN a record replays */
    bool zeek_checksums;      /* Zeek drops segments with bad checksums (no -C) */
    uint64_t zeek_segments, zeek_bad_sums;   /* segments seen, and dropped for checksums */
};

/* A secret of the process, mixed into every flow hash, so that no capture
 * can be made whose flows all land in one run of the table. */
static uint64_t hash_seed;

#define MOVE_STEP 16          /* old slots moved per lookup: done well before the next rebuild */

struct flow_key {
    uint8_t addr_len;
    const uint8_t *addr[2];
    uint16_t port[2];
};

static void young_off(struct stream_table *t);
static uint8_t zeek_record_bits(const struct stream_table *t, const struct frame *f);

/* What a stream holds on the heap besides its node. */
static void stream_free_parts(struct stream *s)
{
    analysis_free(&s->an);
    http_free(s->http);
    s->http = NULL;
    free(s->zpart);
    s->zpart = NULL;
}

struct stream_table *streams_new(void)
{
    struct stream_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    while (!hash_seed && getrandom(&hash_seed, sizeof hash_seed, 0) != sizeof hash_seed)
        hash_seed = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15u | 1;   /* no getrandom: weaker, still per run */
    t->mask = MIN_SLOTS - 1;
    t->slots = calloc(t->mask + 1, sizeof *t->slots);
    t->young_max = YOUNG_MAX;
    t->young = calloc(YOUNG_MAX + 1, sizeof *t->young);
    if (!t->slots || !t->young) {
        streams_free(t);
        return NULL;
    }
    synrec_arena_init(&t->rec4, 4);
    synrec_arena_init(&t->rec6, 16);
    freeze_init(&t->frozen);
    t->freezing = true;
    t->freeze_closed_s = FREEZE_CLOSED_S;
    t->freeze_idle_s = FREEZE_IDLE_S;
    t->freeze_looks = FREEZE_LOOKS;
    t->freeze_due = INT64_MIN;
    return t;
}

void streams_young_max(struct stream_table *t, uint32_t young_max)
{
    if (young_max < t->young_max)
        t->young_max = young_max;     /* the ring has room for more, never less */
}

void streams_no_records(struct stream_table *t)
{
    young_off(t);
    t->freezing = false;
}

void streams_freeze_after(struct stream_table *t, uint32_t closed_s, uint32_t idle_s, uint32_t looks)
{
    t->freeze_closed_s = closed_s;
    t->freeze_idle_s = idle_s;
    t->freeze_looks = looks;
    t->freeze_due = INT64_MIN;
}

void streams_free(struct stream_table *t)
{
    if (!t)
        return;
    for (struct stream_node *n = t->first, *next; n; n = next) {
        next = n->next;
        stream_free_parts(&n->s);
        free(n);
    }
    free(t->slots);
    free(t->old);
    free(t->young);
    free(t->scratch);
    free(t->replay);
    synrec_arena_free(&t->rec4);
    synrec_arena_free(&t->rec6);
    freeze_free(&t->frozen);
    free(t->freeze_buf);
    free(t);
}

uint32_t streams_count(const struct stream_table *t)
{
    return t->count;
}

/* One side of a flow (address and port) mixed to 64 bits (MurmurHash3's
 * finalizer): a few multiplies a side, where byte-wise FNV took 2% of a
 * summary run. */
static uint64_t side_hash(const uint8_t *addr, uint8_t addr_len, uint16_t port)
{
    uint64_t x;
    if (addr_len == 4) {
        uint32_t a;
        memcpy(&a, addr, 4);
        x = (uint64_t)a << 16 | port;
    } else {
        uint64_t hi, lo;
        memcpy(&hi, addr, 8);
        memcpy(&lo, addr + 8, 8);
        x = hi * 0x9e3779b97f4a7c15u ^ lo ^ (uint64_t)port << 48;
    }
    x ^= hash_seed;
    x ^= x >> 33, x *= 0xff51afd7ed558ccdu;
    x ^= x >> 33, x *= 0xc4ceb9fe1a85ec53u;
    return x ^ x >> 33;
}

/* A hash that is the same for both directions of a flow. */
static uint32_t flow_hash(const struct flow_key *k)
{
    uint64_t x = side_hash(k->addr[0], k->addr_len, k->port[0]) + side_hash(k->addr[1], k->addr_len, k->port[1]);
    uint32_t h = (uint32_t)(x ^ x >> 32);
    return h ? h : 1;
}

/* Two addresses of len bytes (4 or 16) alike: compared in line, as words
 * (two calls to memcmp a frame were 2% of the reading thread). */
static bool addr_eq(const uint8_t *a, const uint8_t *b, uint8_t len)
{
    if (len == 4) {
        uint32_t x, y;
        memcpy(&x, a, 4);
        memcpy(&y, b, 4);
        return x == y;
    }
    uint64_t x[2], y[2];
    memcpy(x, a, 16);
    memcpy(y, b, 16);
    return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

/* Which side of stream key s is key k's first endpoint: 0, 1, or -1 for no match. */
static int flow_match(const struct flow_key *s, const struct flow_key *k)
{
    if (s->addr_len != k->addr_len)
        return -1;
    for (int d = 0; d < 2; d++)
        if (s->port[d] == k->port[0] && s->port[!d] == k->port[1] && addr_eq(s->addr[d], k->addr[0], k->addr_len) &&
            addr_eq(s->addr[!d], k->addr[1], k->addr_len))
            return d;
    return -1;
}

static struct flow_key stream_key(const struct stream *s)
{
    return (struct flow_key){ .addr_len = s->addr_len, .addr = { s->addr[0], s->addr[1] },
                              .port = { s->port[0], s->port[1] } };
}

/* Not a node: a SYN record or a frozen stream (never REF_TOMB: lookups skip it). */
static bool ref_is_record(uintptr_t ref)
{
    return (ref & REF_TAGS) != 0;
}

static bool ref_is_frozen(uintptr_t ref)
{
    return (ref & REF_TAGS) == REF_FROZEN;
}

static struct freeze_rec *ref_frozen(uintptr_t ref)
{
    return (struct freeze_rec *)(ref & ~(uintptr_t)REF_TAGS);
}

static struct synrec *ref_record(uintptr_t ref)
{
    return (struct synrec *)(ref & ~(uintptr_t)REF_TAGS);
}

static struct stream_node *ref_node(uintptr_t ref)
{
    return (struct stream_node *)ref;
}

static struct flow_key record_key(const struct synrec *r, uint8_t addr_len)
{
    return (struct flow_key){ .addr_len = addr_len, .addr = { r->addr, r->addr + addr_len },
                              .port = { r->port[0], r->port[1] } };
}

static struct flow_key frozen_key(const struct freeze_rec *r)
{
    return (struct flow_key){ .addr_len = r->addr_len, .addr = { r->addr, r->addr + r->addr_len },
                              .port = { r->port[0], r->port[1] } };
}

/* The key of a slot's stream: whole, a SYN record or frozen. */
static struct flow_key ref_key(uintptr_t ref)
{
    if (!ref_is_record(ref))
        return stream_key(&ref_node(ref)->s);
    if (ref_is_frozen(ref))
        return frozen_key(ref_frozen(ref));
    return record_key(ref_record(ref), (ref & REF_TAGS) == REF_SYN4 ? 4 : 16);
}

/* The slot of the key in table (slots, mask), or the empty slot where it would go. */
static struct slot *slot_find(struct slot *slots, uint32_t mask, const struct flow_key *k, uint32_t hash, int *dir)
{
    for (uint32_t j = hash & mask;; j = (j + 1) & mask) {
        struct slot *sl = &slots[j];
        if (!sl->ref)
            return sl;
        if (sl->ref != REF_TOMB && sl->hash == hash) {
            struct flow_key sk = ref_key(sl->ref);
            if ((*dir = flow_match(&sk, k)) >= 0)
                return sl;
        }
    }
}

/* Move a few slots of the old table into the new one. */
static void table_move_some(struct stream_table *t)
{
    if (!t->old)
        return;
    for (int n = 0; n < MOVE_STEP && t->moved <= t->old_mask; n++, t->moved++) {
        struct slot *o = &t->old[t->moved];
        if (!o->ref || o->ref == REF_TOMB)
            continue;
        struct flow_key k = ref_key(o->ref);
        int dir;
        struct slot *sl = slot_find(t->slots, t->mask, &k, o->hash, &dir);
        if (!sl->ref) {                       /* not shadowed by a newer entry */
            *sl = *o;
            t->used++;
        }
    }
    if (t->moved > t->old_mask) {
        free(t->old);
        t->old = NULL;
    }
}

/* Rebuild the table at the size the streams in it call for: more than four
 * slots a stream, so it doubles as they come and shrinks as they leave
 * (tombstones are dropped either way). It at most quarters at a time: the
 * new table then has room for the S/16 lookups the move of S slots takes. */
static void table_rebuild(struct stream_table *t)
{
    while (t->old)                            /* never two moves at once */
        table_move_some(t);
    uint64_t size = (uint64_t)t->mask + 1, want = MIN_SLOTS;
    while (want <= (uint64_t)t->live * 4)
        want *= 2;
    if (want > size * 2)
        want = size * 2;
    if (want < size / 4)
        want = size / 4;
    if (want > (uint64_t)UINT32_MAX + 1)
        abort();
    struct slot *ns = calloc(want, sizeof *ns);
    if (!ns)
        abort();
    t->old = t->slots;
    t->old_mask = t->mask;
    t->moved = 0;
    t->slots = ns;
    t->mask = (uint32_t)(want - 1);
    t->used = 0;
}

/* After a burst, give the table back as the streams leave. */
static void table_shrink_if_sparse(struct stream_table *t)
{
    if (!t->old && t->mask + 1 > MIN_SLOTS && (uint64_t)t->live * 16 < (uint64_t)t->mask + 1)
        table_rebuild(t);
}

/* The slot of the key's newest stream (in the new table or the old), or NULL. */
static struct slot *table_get(struct stream_table *t, const struct flow_key *k, uint32_t hash, int *dir)
{
    table_move_some(t);
    struct slot *sl = slot_find(t->slots, t->mask, k, hash, dir);
    if (sl->ref || !t->old)
        return sl->ref ? sl : NULL;
    sl = slot_find(t->old, t->old_mask, k, hash, dir);
    return sl->ref ? sl : NULL;
}

/* Make the key's newest stream n. */
static void table_put(struct stream_table *t, const struct flow_key *k, uint32_t hash, struct stream_node *n)
{
    if ((t->used + 1) * 2 > t->mask + 1)
        table_rebuild(t);
    int dir;
    struct slot *sl = slot_find(t->slots, t->mask, k, hash, &dir);
    if (!sl->ref)
        t->used++;
    sl->hash = hash;
    sl->ref = (uintptr_t)n;
}

/* Put to (or, to REF_TOMB: drop from) table (slots, mask) in place of from. */
static void table_swap(struct slot *slots, uint32_t mask, uint32_t hash, uintptr_t from, uintptr_t to)
{
    for (uint32_t j = hash & mask; slots[j].ref; j = (j + 1) & mask)
        if (slots[j].ref == from) {
            slots[j].ref = to;
            return;
        }
}

static void table_forget(struct slot *slots, uint32_t mask, uint32_t hash, const struct stream_node *n)
{
    table_swap(slots, mask, hash, (uintptr_t)n, REF_TOMB);
}

/* A stream's state as stream_new makes it, before its first frame. */
static void stream_init(struct stream *s, const struct flow_key *k, uint32_t index)
{
    memset(s, 0, sizeof *s);
    s->index = index;
    lifecycle_init(&s->life);
    analysis_init(&s->an);
    zeek_init(&s->zeek);
    s->addr_len = k->addr_len;
    for (int d = 0; d < 2; d++) {
        memcpy(s->addr[d], k->addr[d], k->addr_len);
        s->port[d] = k->port[d];
        s->half[d].win_scale = WS_UNKNOWN;
    }
}

static struct stream_node *node_new(struct stream_table *t)
{
    struct stream_node *n = malloc(sizeof *n);
    if (!n)
        abort();
    n->quiet_list = -1;
    n->next = NULL;
    n->prev = t->last;
    if (t->last)
        t->last->next = n;
    else
        t->first = n;
    t->last = n;
    return n;
}

static void quiet_unlink(struct stream_table *t, struct stream_node *n)
{
    if (n->quiet_list < 0)
        return;
    struct quiet_list *l = &t->quiet[n->quiet_list];
    if (n->quiet_prev)
        n->quiet_prev->quiet_next = n->quiet_next;
    else
        l->head = n->quiet_next, t->freeze_due = INT64_MIN;
    if (n->quiet_next)
        n->quiet_next->quiet_prev = n->quiet_prev;
    else
        l->tail = n->quiet_prev;
    n->quiet_list = -1;
}

/* n was just seen: to the end of the quiet list its state puts it in. */
static void quiet_touch(struct stream_table *t, struct stream_node *n)
{
    int8_t list = n->s.life.close != CLOSE_NONE ? QUIET_CLOSED : QUIET_OPEN;
    if (n->quiet_list == list && t->quiet[list].tail == n) {
        if (t->quiet[list].head == n)
            t->freeze_due = INT64_MIN;        /* the head's time moved */
        return;                               /* already there: a burst of one stream's frames */
    }
    quiet_unlink(t, n);
    n->quiet_list = list;
    struct quiet_list *l = &t->quiet[list];
    n->quiet_next = NULL;
    n->quiet_prev = l->tail;
    if (l->tail)
        l->tail->quiet_next = n;
    else
        l->head = n, t->freeze_due = INT64_MIN;
    l->tail = n;
}

/* The node leaves the list of streams (and any quiet list). */
static void node_unlink(struct stream_table *t, struct stream_node *n)
{
    quiet_unlink(t, n);
    if (t->sweep == n)
        t->sweep = n->next;
    if (n->prev)
        n->prev->next = n->next;
    else
        t->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        t->last = n->prev;
}

/* The frame's times in its stream (tcp.time_relative, tcp.time_delta;
 * not on the rows-only path), then the stream's last time is the frame's. */
static void stream_clock(const struct stream_table *t, struct stream *s, struct timespec ts, struct track_info *out)
{
    if (!t->rows_only) {
        out->rel_time = time_delta(ts, s->first_ts);
        out->delta_time = time_delta(ts, s->last_ts);
    }
    s->last_ts = ts;
}

/* Entry i of the young ring, counted from its oldest. */
static struct young *young_at(struct stream_table *t, uint32_t i)
{
    return &t->young[(t->young_head + i) % (YOUNG_MAX + 1)];
}

static struct stream *stream_new(struct stream_table *t, const struct flow_key *k)
{
    struct stream_node *n = node_new(t);
    stream_init(&n->s, k, t->count++);
    t->live++;
    if (t->young) {
        struct young *y = young_at(t, t->young_n++);
        y->node = n;
        y->fits = false;
    }
    return &n->s;
}

static void stream_segment(struct stream_table *t, struct stream *s, int dir, bool is_new, bool reused,
                           const struct frame *f, struct track_info *out);
static void stream_quote(struct stream_table *t, struct stream *s, int dir, bool is_new, bool reused,
                         const struct frame *f, struct track_info *out);

/* The bits of a record that stand for the stream's own flags. */
static uint8_t record_flags(const struct stream *s)
{
    return (s->kept ? SYNREC_KEPT : 0) | (s->reported ? SYNREC_REPORTED : 0);
}

/* Make s the stream record r stands for: a new stream with r's key and
 * index, and r's SYN tracked again into it. */
static void record_make_whole(struct stream_table *t, const struct synrec *r, const struct flow_key *k,
                              struct stream *s)
{
    struct track_info scratch;
    memset(&scratch, 0, sizeof scratch);
    stream_init(s, k, r->index);
    synrec_frame(&r->syn, t->replay);
    t->replay_verdict = (uint8_t)(r->syn.bits >> SYNREC_ZEEK_SHIFT);
    bool reused = (r->syn.bits & SYNREC_REUSED) != 0;
    stream_segment(t, s, 0, !reused, reused, t->replay, &scratch);
    s->kept = (r->syn.bits & SYNREC_KEPT) != 0;
    s->reported = (r->syn.bits & SYNREC_REPORTED) != 0;
}

/* The record in slot sl becomes a whole stream again, at the end of the list. */
static struct stream_node *record_thaw(struct stream_table *t, struct slot *sl)
{
    struct synrec *r = ref_record(sl->ref);
    struct flow_key k = ref_key(sl->ref);
    struct stream_node *n = node_new(t);
    record_make_whole(t, r, &k, &n->s);
    r->syn.bits |= SYNREC_GONE;
    sl->ref = (uintptr_t)n;
    t->unsorted = true;
    return n;
}

/* The oldest young stream leaves the ring; a lone SYN becomes a record. */
static void young_pop(struct stream_table *t)
{
    struct young *y = &t->young[t->young_head];
    t->young_head = (t->young_head + 1) % (YOUNG_MAX + 1);
    t->young_n--;
    if (!y->node)                             /* frozen while young */
        return;
    struct stream *s = &y->node->s;
    if (!y->fits || s->frames != 1)
        return;
    if (!t->replay) {                         /* the first record: what replaying needs */
        t->scratch = malloc(sizeof *t->scratch);
        t->replay = calloc(1, sizeof *t->replay);
        if (!t->scratch || !t->replay) {
            free(t->scratch);
            free(t->replay);
            t->scratch = NULL;
            t->replay = NULL;
            return;                           /* no memory: it stays whole */
        }
    }
    struct flow_key k = stream_key(s);
    struct synrec_arena *a = s->addr_len == 4 ? &t->rec4 : &t->rec6;
    struct synrec_syn syn = y->syn;
    syn.bits |= record_flags(s);
    struct synrec *r = synrec_add(a, s->index, k.addr[0], k.addr[1], s->port, &syn);
    if (!r)
        return;                               /* no memory: it stays whole */
    uintptr_t ref = (uintptr_t)r | (s->addr_len == 4 ? REF_SYN4 : REF_SYN6);
    uint32_t hash = flow_hash(&k);
    table_swap(t->slots, t->mask, hash, (uintptr_t)y->node, ref);
    if (t->old)
        table_swap(t->old, t->old_mask, hash, (uintptr_t)y->node, ref);
    node_unlink(t, y->node);
    stream_free_parts(s);
    free(y->node);
}

/* No records: live captures retire streams instead. Before the first frame. */
static void young_off(struct stream_table *t)
{
    t->young_n = 0;
    free(t->young);
    t->young = NULL;
}

/* A frozen stream's state: a byte of FROZE_ bits, the stream's own bytes
 * (its pointers zeroed), then its Zeek part and its HTTP conversation if
 * it has them. */
enum { FROZE_ZPART = 1, FROZE_HTTP = 2 };

static size_t frozen_state_max(void)
{
    return 1 + sizeof(struct stream) + sizeof(struct zeek_part) + http_conv_size();
}

/* Freeze node n: its state to the spill file, a record in its slots, and
 * the node gone. False (n stays whole): segments still unacknowledged or
 * an HTTP message unfinished (state held outside the stream's bytes), or
 * no room to freeze it. */
static bool stream_freeze(struct stream_table *t, struct stream_node *n)
{
    struct stream *s = &n->s;
    if (s->an.flow[0].nsegs || s->an.flow[1].nsegs || (s->http && !http_settle(s->http)))
        return false;
    if (!t->freeze_buf) {
        t->freeze_buf_cap = frozen_state_max();
        if (!(t->freeze_buf = malloc(t->freeze_buf_cap)))
            return false;
    }
    analysis_release(&s->an, false);
    uint8_t *p = t->freeze_buf;
    p[0] = (uint8_t)((s->zpart ? FROZE_ZPART : 0) | (s->http ? FROZE_HTTP : 0));
    memcpy(p + 1, s, sizeof *s);
    static const size_t pointers[] = { offsetof(struct stream, http), offsetof(struct stream, zpart),
                                       offsetof(struct stream, an.flow[0].segs),
                                       offsetof(struct stream, an.flow[1].segs) };
    for (size_t i = 0; i < sizeof pointers / sizeof pointers[0]; i++)
        memset(p + 1 + pointers[i], 0, sizeof(void *));
    size_t len = 1 + sizeof *s;
    if (s->zpart) {
        memcpy(p + len, s->zpart, sizeof *s->zpart);
        len += sizeof *s->zpart;
    }
    if (s->http) {
        memcpy(p + len, s->http, http_conv_size());
        len += http_conv_size();
    }
    struct flow_key k = stream_key(s);
    struct freeze_rec *r = freeze_put(&t->frozen, s->index, s->addr_len, k.addr[0], k.addr[1], s->port, p, len);
    if (!r)
        return false;
    r->bits = (uint8_t)((s->kept ? FREEZE_KEPT : 0) | (s->reported ? FREEZE_REPORTED : 0));
    uintptr_t ref = (uintptr_t)r | REF_FROZEN;
    uint32_t hash = flow_hash(&k);
    table_swap(t->slots, t->mask, hash, (uintptr_t)n, ref);
    if (t->old)
        table_swap(t->old, t->old_mask, hash, (uintptr_t)n, ref);
    /* Among the young (the newest young_n streams, in index order in the
     * ring), its entry is let go. */
    uint32_t young_from = t->count - t->young_n;
    if (s->index >= young_from)
        young_at(t, s->index - young_from)->node = NULL;
    node_unlink(t, n);
    stream_free_parts(s);
    free(n);
    return true;
}

/* Make s the stream frozen record r stands for. Should its state not read
 * back (the spill file's disk failed), s is a new stream with r's key and
 * index, and stderr says so once. */
static void frozen_make_whole(struct stream_table *t, const struct freeze_rec *r, struct stream *s)
{
    const uint8_t *p = t->freeze_buf;
    size_t n = freeze_get(&t->frozen, r, t->freeze_buf, t->freeze_buf_cap);
    uint8_t bits = n ? p[0] : 0;
    size_t want = 1 + sizeof *s + (bits & FROZE_ZPART ? sizeof *s->zpart : 0) +
                  (bits & FROZE_HTTP ? http_conv_size() : 0);
    if (n != want) {
        if (!t->said_spill_error)
            fprintf(stderr, "synfin: the state of a connection set aside in the spill file could not be read "
                            "back: tcp.stream %u and any other such is analysed afresh\n", r->index);
        t->said_spill_error = true;
        struct flow_key k = frozen_key(r);
        stream_init(s, &k, r->index);
        return;
    }
    memcpy(s, p + 1, sizeof *s);
    size_t at = 1 + sizeof *s;
    if (bits & FROZE_ZPART) {
        if (!(s->zpart = malloc(sizeof *s->zpart)))
            abort();
        memcpy(s->zpart, p + at, sizeof *s->zpart);
        at += sizeof *s->zpart;
    }
    if ((bits & FROZE_HTTP) && !(s->http = http_conv_copy(p + at)))
        abort();
    s->kept = (r->bits & FREEZE_KEPT) != 0;
    s->reported = (r->bits & FREEZE_REPORTED) != 0;
}

/* The frozen stream in slot sl is whole again, at the end of the list. */
static struct stream_node *frozen_thaw(struct stream_table *t, struct slot *sl)
{
    struct freeze_rec *r = ref_frozen(sl->ref);
    struct stream_node *n = node_new(t);
    frozen_make_whole(t, r, &n->s);
    r->bits |= FREEZE_GONE;
    sl->ref = (uintptr_t)n;
    t->unsorted = true;
    /* In a quiet list at once: should the frame that thawed it open a new
     * stream on its ports instead (a SYN with another ISN), nothing else
     * would put it back, and it would stay whole to the end. */
    quiet_touch(t, n);
    return n;
}

/* Freeze the streams over or idle: the heads of the two quiet lists. A
 * stream that cannot be frozen yet (buffers in use) goes to the end of its
 * list. It runs before the frame's lookup, so no stream is in a caller's
 * hands. A frame with nothing to freeze costs one comparison: a head is
 * frozen when time_delta(now, its last_ts).tv_sec >= after, so not while
 * now.tv_sec < last_ts.tv_sec + after - 1 (the second lost to nanoseconds,
 * and time_delta's 0 for less than a second back); freeze_due keeps the
 * least such second of the two heads, and any change of a head (or of a
 * head's time) sets it to INT64_MIN, a sweep at the next frame. (A gap
 * past time_delta's wrap, 2^63 s, could freeze later than it would: only
 * memory, never output, depends on when a stream freezes.) */
static void streams_freeze_sweep(struct stream_table *t, struct timespec now)
{
    if (now.tv_sec < t->freeze_due)
        return;
    int64_t due = INT64_MAX;
    for (int l = 0; l < 2; l++) {
        int64_t after = l == QUIET_CLOSED ? t->freeze_closed_s : t->freeze_idle_s;
        for (uint32_t i = 0; i < t->freeze_looks && t->quiet[l].head; i++) {
            struct stream_node *n = t->quiet[l].head;
            if (time_delta(now, n->s.last_ts).tv_sec < after)
                break;
            if (!stream_freeze(t, n))
                quiet_touch(t, n);
        }
        if (!t->quiet[l].head)
            continue;
        int64_t at;
        if (__builtin_add_overflow((int64_t)t->quiet[l].head->s.last_ts.tv_sec, after - 1, &at))
            at = INT64_MIN;
        due = at < due ? at : due;
    }
    t->freeze_due = due;
}

/* Wireshark 4.0's port reuse: a pure SYN with another initial sequence
 * number than its side's base opens a new stream on the flow. */
static bool opens_new_stream(const struct tcp_layer *th, bool base_set, uint32_t base_seq)
{
    return (th->flags & (TH_SYN | TH_ACK)) == TH_SYN && base_set && th->seq != base_seq;
}

/* Find the frame's stream, or make a new one for a new flow. *is_new says
 * the flow had no stream before. A SYN record is made whole, unless the
 * frame is a pure SYN from its sender with another ISN: then the record
 * stays as it is, superseded, and its ref is in *superseded (NULL returned). */
static struct stream *stream_lookup(struct stream_table *t, const struct frame *f, int *dir, bool *is_new,
                                    uintptr_t *superseded)
{
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    struct flow_key k = { .addr_len = ip->version == 4 ? 4 : 16,
                          .port = { f->tcp.sport, f->tcp.dport } };
    k.addr[0] = f->data + ip_shown_addr_off(ip, 0);
    k.addr[1] = f->data + ip_shown_addr_off(ip, 1);

    uint32_t hash = flow_hash(&k);
    *dir = 0;
    *is_new = false;
    struct slot *found = table_get(t, &k, hash, dir);
    if (found && !ref_is_record(found->ref))
        return &ref_node(found->ref)->s;
    if (found && ref_is_frozen(found->ref))
        return &frozen_thaw(t, found)->s;
    if (found) {
        /* a record's side 0 has its SYN's number as base; side 1 has none */
        if (opens_new_stream(&f->tcp, *dir == 0, ref_record(found->ref)->syn.seq)) {
            *superseded = found->ref;
            return NULL;
        }
        return &record_thaw(t, found)->s;
    }
    struct stream *n = stream_new(t, &k);
    table_put(t, &k, hash, (struct stream_node *)n);
    *dir = 0;
    *is_new = true;
    return n;
}

/* A pure SYN with a new initial sequence number on a known flow opens a
 * new stream: the ports were reused. The table then points at the new one;
 * the old one (its slot's ref: a node or a record) stays in memory until
 * it is retired. */
static struct stream *stream_reuse(struct stream_table *t, uintptr_t old)
{
    struct flow_key k = ref_key(old);
    uint32_t hash = flow_hash(&k);
    if (t->old)                               /* or the move would bring it back */
        table_swap(t->old, t->old_mask, hash, old, REF_TOMB);
    struct stream *n = stream_new(t, &k);
    table_put(t, &k, hash, (struct stream_node *)n);
    return n;
}

static int by_index(const void *a, const void *b)
{
    uint32_t x = (*(struct stream_node *const *)a)->s.index, y = (*(struct stream_node *const *)b)->s.index;
    return (x > y) - (x < y);
}

/* The next live record of arena a from *i on, or NULL. */
static struct synrec *next_record(const struct synrec_arena *a, size_t *i)
{
    for (; *i < a->a.count; ++*i) {
        struct synrec *r = synrec_at(a, *i);
        if (!(r->syn.bits & SYNREC_GONE))
            return r;
    }
    return NULL;
}

static int frozen_by_index(const void *a, const void *b)
{
    uint32_t x = (*(struct freeze_rec *const *)a)->index, y = (*(struct freeze_rec *const *)b)->index;
    return (x > y) - (x < y);
}

/* The frozen streams' records that stand for a stream, in index order
 * (they are in the order they were frozen); *n says how many. */
static struct freeze_rec **frozen_sorted(const struct stream_table *t, size_t *n)
{
    const struct arena *arenas[2] = { &t->frozen.rec4, &t->frozen.rec6 };
    struct freeze_rec **all = malloc((arenas[0]->count + arenas[1]->count + 1) * sizeof *all);
    if (!all)
        abort();
    *n = 0;
    for (int a = 0; a < 2; a++)
        for (size_t i = 0; i < arenas[a]->count; i++) {
            struct freeze_rec *r = arena_at(arenas[a], i);
            if (!(r->bits & FREEZE_GONE))
                all[(*n)++] = r;
        }
    qsort(all, *n, sizeof *all, frozen_by_index);
    return all;
}

void streams_each(struct stream_table *t, void (*fn)(void *arg, struct stream *s), void *arg)
{
    if (!t->rec4.a.count && !t->rec6.a.count && !t->frozen.rec4.count && !t->frozen.rec6.count) {
        for (struct stream_node *n = t->first; n; n = n->next)
            fn(arg, &n->s);
        return;
    }
    /* Four lists in index order: the whole streams, each arena's SYN
     * records, and the frozen streams. */
    size_t nodes_n = 0, ni = 0, i4 = 0, i6 = 0, frozen_n, fi = 0;
    for (struct stream_node *n = t->first; n; n = n->next)
        nodes_n++;
    struct stream_node **nodes = malloc((nodes_n ? nodes_n : 1) * sizeof *nodes);
    if (!nodes || (!t->scratch && !(t->scratch = malloc(sizeof *t->scratch))))
        abort();
    for (struct stream_node *n = t->first; n; n = n->next)
        nodes[ni++] = n;
    if (t->unsorted)
        qsort(nodes, nodes_n, sizeof *nodes, by_index);
    struct freeze_rec **frozen = frozen_sorted(t, &frozen_n);
    ni = 0;
    for (;;) {
        struct synrec *r4 = next_record(&t->rec4, &i4), *r6 = next_record(&t->rec6, &i6), *r = r4;
        uint8_t len = 4;
        if (!r || (r6 && r6->index < r->index))
            r = r6, len = 16;
        struct freeze_rec *fr = fi < frozen_n ? frozen[fi] : NULL;
        if (ni < nodes_n && (!r || nodes[ni]->s.index < r->index) && (!fr || nodes[ni]->s.index < fr->index)) {
            fn(arg, &nodes[ni++]->s);
            continue;
        }
        /* A record or a frozen stream is listed as the stream it stands
         * for, made in scratch; what fn changes of kept and reported is
         * written back. */
        struct stream *s = &t->scratch->s;
        if (fr && (!r || fr->index < r->index)) {
            frozen_make_whole(t, fr, s);
            fn(arg, s);
            fr->bits = (uint8_t)((fr->bits & ~(FREEZE_KEPT | FREEZE_REPORTED)) | (s->kept ? FREEZE_KEPT : 0) |
                                 (s->reported ? FREEZE_REPORTED : 0));
            stream_free_parts(s);
            fi++;
            continue;
        }
        if (!r)
            break;
        struct flow_key k = record_key(r, len);
        record_make_whole(t, r, &k, s);
        fn(arg, s);
        r->syn.bits = (uint8_t)((r->syn.bits & ~(SYNREC_KEPT | SYNREC_REPORTED)) | record_flags(s));
        stream_free_parts(s);
        if (len == 4)
            i4++;
        else
            i6++;
    }
    free(nodes);
    free(frozen);
}

void streams_rows_only(struct stream_table *t)
{
    t->rows_only = true;
}

void streams_zeek_parts(struct stream_table *t, void (*on_part_end)(void *arg, struct stream *s), void *arg,
                        bool checksums)
{
    t->on_part_end = on_part_end;
    t->part_arg = arg;
    t->zeek_checksums = checksums;
}

void streams_zeek_checksum_counts(const struct stream_table *t, uint64_t *segments, uint64_t *bad)
{
    *segments = t->zeek_segments;
    *bad = t->zeek_bad_sums;
}

void streams_no_zeek(struct stream_table *t)
{
    t->no_zeek = true;
}

void streams_retire_after(struct stream_table *t, uint32_t linger_s, uint32_t idle_s,
                          void (*on_retire)(void *arg, struct stream *s), void *arg)
{
    t->retiring = true;
    t->freezing = false;
    young_off(t);
    t->linger_s = linger_s;
    t->idle_s = idle_s;
    t->on_retire = on_retire;
    t->retire_arg = arg;
}

uint64_t streams_retired(const struct stream_table *t)
{
    return t->retired;
}

uint64_t streams_frozen(const struct stream_table *t)
{
    uint64_t n = 0;
    const struct arena *arenas[2] = { &t->frozen.rec4, &t->frozen.rec6 };
    for (int a = 0; a < 2; a++)
        for (size_t i = 0; i < arenas[a]->count; i++)
            n += !(((const struct freeze_rec *)arena_at(arenas[a], i))->bits & FREEZE_GONE);
    return n;
}

uint64_t streams_spill_bytes(const struct stream_table *t)
{
    return t->frozen.size;
}

uint32_t streams_live(const struct stream_table *t)
{
    return t->live;
}

size_t streams_bytes_held(const struct stream_table *t)
{
    size_t n = sizeof *t + ((size_t)t->mask + 1) * sizeof *t->slots;
    if (t->old)
        n += ((size_t)t->old_mask + 1) * sizeof *t->old;
    for (const struct stream_node *s = t->first; s; s = s->next)
        n += sizeof *s + analysis_bytes_held(&s->s.an) + http_bytes_held(s->s.http) +
             (s->s.zpart ? sizeof *s->s.zpart : 0);
    if (t->young)
        n += (YOUNG_MAX + 1) * sizeof *t->young;
    if (t->replay)
        n += sizeof *t->scratch + sizeof *t->replay;
    return n + synrec_arena_bytes(&t->rec4) + synrec_arena_bytes(&t->rec6) + freeze_bytes_held(&t->frozen) +
           t->freeze_buf_cap;
}

/* The stream leaves the table and memory (its node is freed). */
static void stream_retire(struct stream_table *t, struct stream_node *n)
{
    if (t->on_retire)
        t->on_retire(t->retire_arg, &n->s);
    struct flow_key k = stream_key(&n->s);
    uint32_t hash = flow_hash(&k);
    table_forget(t->slots, t->mask, hash, n);
    if (t->old)
        table_forget(t->old, t->old_mask, hash, n);
    stream_free_parts(&n->s);
    node_unlink(t, n);
    free(n);
    t->live--;
    t->retired++;
    table_shrink_if_sparse(t);
}

/* Look at a few streams, oldest first and round again, and retire the
 * quiet ones. It runs before the frame's lookup, so no stream is in hand.
 * Then the table goes on shrinking, a quarter a move, while frames come. */
static void streams_sweep(struct stream_table *t, struct timespec now)
{
    uint32_t looks = t->live < 8 ? t->live : 8;
    for (uint32_t n = 0; n < looks && t->live; n++) {
        struct stream_node *s = t->sweep ? t->sweep : t->first;
        t->sweep = s->next;
        /* whole seconds quiet (not a difference of whole-second clocks,
         * which calls 10.99 to 11.00 a second) */
        int64_t quiet = time_delta(now, s->s.last_ts).tv_sec;
        if ((s->s.life.close != CLOSE_NONE && quiet >= (int64_t)t->linger_s) || quiet >= (int64_t)t->idle_s)
            stream_retire(t, s);
    }
    table_shrink_if_sparse(t);
}

/* Completeness after this frame, as Wireshark 4.0 moves it forward: a new
 * flow counts only a pure SYN (with data: TCP Fast Open). */
static uint8_t completeness_next(uint8_t c, bool is_new, uint16_t fl, uint32_t seglen)
{
    if (is_new)
        return (fl & (TH_SYN | TH_ACK)) == TH_SYN ? (seglen ? 1 | 8 : 1) : 0;
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
        c |= 2;
    if ((fl & (TH_SYN | TH_ACK)) == TH_ACK)
        c |= seglen ? 8 : 4;
    if ((fl & (TH_FIN | TH_ACK)) == (TH_FIN | TH_ACK))
        c |= 16;
    if (fl & TH_RST)
        c |= 32;
    return c;
}

/* Window scaling, after a segment's options: any WS option sets its
 * sender's shift; a SYN without one turns scaling off both ways, and a
 * SYN-ACK answering a SYN without one keeps it off. */
static inline void window_scale_after(struct stream *s, int dir, const struct tcp_layer *th)
{
    struct half_stream *fwd = &s->half[dir], *rev = &s->half[!dir];
    if (th->has_ws)
        fwd->win_scale = (int8_t)tcp_ws_shift(th);
    if (th->flags & TH_SYN) {
        if (fwd->win_scale == WS_UNKNOWN)
            fwd->win_scale = rev->win_scale = WS_NONE;
        else if ((th->flags & TH_ACK) && rev->win_scale == WS_NONE)
            fwd->win_scale = WS_NONE;
    }
}
/* A header an ICMP error quotes (Wireshark's in_error_pkt): Wireshark
 * finds or makes its conversation, as for any segment, and times it
 * within it; with no segment length, nothing is analysed, and the numbers
 * shown are the raw ones. The flags still move the completeness and a FIN
 * the closing. A young stream it touches is no lone SYN any more: it is
 * not made a record, which would forget the quote. */
static void stream_quote(struct stream_table *t, struct stream *s, int dir, bool is_new, bool reused,
                         const struct frame *f, struct track_info *out)
{
    const struct tcp_layer *th = &f->tcp;
    uint16_t fl = th->flags;
    for (uint32_t i = 0; i < t->young_n; i++) {
        struct young *y = young_at(t, i);
        if (y->node == (struct stream_node *)s)
            y->fits = false;
    }
    if (reused) {
        s->completeness = 1;
        out->an.present = true;
        out->an.flags |= A_REUSED_PORTS;
    }
    out->stream = s;
    out->dir = dir;
    out->completeness = s->completeness;
    if (s->frames == 0 && s->quotes == 0)
        s->first_ts = s->last_ts = f->ts;
    s->quotes++;
    stream_clock(t, s, f->ts, out);
    out->rel_seq = th->seq;
    out->rel_ack = th->ack;
    out->window = th->win;
    out->scale = s->half[dir].win_scale;
    int client = s->life.client < 0 ? 0 : s->life.client;
    out->state_client = s->life.state[client];
    out->state_server = s->life.state[!client];
    out->from_client = dir == client;
    if (th->bogus_hdr_len)
        return;
    if ((fl & TH_FIN) && !s->closing[!dir])
        s->closing[dir] = out->fin_active = true;
    if (!t->rows_only)            /* tcp.completeness: no row shows it */
        s->completeness = completeness_next(s->completeness, is_new, fl, 0);
    /* Its options are read as any segment's (measured: tshark 4.0 shows
     * -2 after a quoted SYN without a window scale option). */
    window_scale_after(s, dir, th);
}

void streams_track(struct stream_table *t, const struct frame *f, struct track_info *out)
{
    const struct tcp_layer *th = &f->tcp;
    int dir;
    bool is_new, reused = false;
    if (t->retiring)
        streams_sweep(t, f->ts);
    /* Only now: the stream of the last frame may be in a caller's hands until this call. */
    while (t->young_n > t->young_max)
        young_pop(t);
    if (t->freezing)
        streams_freeze_sweep(t, f->ts);
    uintptr_t superseded = 0;
    struct stream *s = stream_lookup(t, f, &dir, &is_new, &superseded);
    memset(out, 0, sizeof *out);

    if (!s || opens_new_stream(th, s->half[dir].base_set, s->half[dir].base_seq)) {
        s = stream_reuse(t, s ? (uintptr_t)s : superseded);   /* s is its node's address */
        dir = 0;
        reused = true;
    }
    if (th->quoted) {
        stream_quote(t, s, dir, is_new, reused, f, out);
        if (t->freezing)
            quiet_touch(t, (struct stream_node *)s);
        return;
    }
    stream_segment(t, s, dir, is_new, reused, f, out);
    if (t->freezing)
        quiet_touch(t, (struct stream_node *)s);
    if (t->young_n && s->frames == 1 && !s->quotes) {   /* made by this frame: the newest young stream */
        struct young *y = young_at(t, t->young_n - 1);
        if (y->node == (struct stream_node *)s && (y->fits = synrec_take(f, &y->syn)) && reused)
            y->syn.bits |= SYNREC_REUSED;
        if (y->node == (struct stream_node *)s && y->fits && t->on_part_end)
            y->syn.bits |= zeek_record_bits(t, f);
    }
}

/* TCPAnalyzer's two tests of a TCP header cut short (snapshot length) or
 * lied about, before it processes a segment: with options false,
 * CheckHeaderTrunc (20 bytes captured, and an IP payload of 0 (offload)
 * or at least 20), which fails before any connection is looked up; with
 * options true, ExtractTCP_Header (the data offset's whole header within
 * both), which fails after Zeek has made the connection. */
static bool zeek_header_whole(const struct frame *f, bool options)
{
    const struct tcp_layer *th = &f->tcp;
    uint32_t captured = f->buflen > th->off ? f->buflen - th->off : 0;
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    uint32_t ip_payload = ip->reassembled ? ip->reasm_len : ip->payload_len;
    uint32_t need = options ? th->hdr_len : 20;
    if (options && th->hdr_len < 20)
        return false;
    return captured >= need && (options ? ip_payload >= need : ip_payload == 0 || ip_payload >= need);
}

/* What Zeek's TCP analyzer does with a segment. The first four fit a SYN
 * record's two bits; ZV_BAD_IP is kept as ZV_NO_CONN there. */
enum zeek_verdict {
    ZV_READ,       /* processed and counted */
    ZV_NO_CONN,    /* no connection for it: a TCP header under 20 bytes (CheckHeaderTrunc) */
    ZV_UNREAD,     /* its connection, nothing else: a header cut or lied about (ExtractTCP_Header) */
    ZV_BAD_SUM,    /* its connection and the letter C or c: a bad TCP checksum */
    ZV_BAD_IP,     /* nothing at all: a bad IPv4 header checksum (IPAnalyzer) */
};

static enum zeek_verdict zeek_verdict(const struct stream_table *t, const struct frame *f)
{
    if (f == t->replay)
        return (enum zeek_verdict)t->replay_verdict;
    for (int i = 0; t->zeek_checksums && i < f->nip; i++)
        if (ip4_sum_ok(f, &f->ip[i]) == 0)
            return ZV_BAD_IP;
    if (!zeek_header_whole(f, false))
        return ZV_NO_CONN;
    if (!zeek_header_whole(f, true))
        return ZV_UNREAD;
    if (t->zeek_checksums && tcp_sum_ok(f) == 0)
        return ZV_BAD_SUM;
    return ZV_READ;
}

/* A SYN record keeps Zeek's verdict on its SYN in two bits, for when it
 * is tracked again from the record (which holds no bytes to check). */
static uint8_t zeek_record_bits(const struct stream_table *t, const struct frame *f)
{
    enum zeek_verdict v = zeek_verdict(t, f);
    return (uint8_t)((v == ZV_BAD_IP ? ZV_NO_CONN : v) << SYNREC_ZEEK_SHIFT);
}

/* Zeek's view of the segment: its history and state, its service, and
 * with streams_zeek_parts where Zeek's connection ends within the stream
 * and the next begins, and what it drops for checksums. */
static void zeek_track(struct stream_table *t, struct stream *s, int dir, bool first, const struct frame *f)
{
    const struct tcp_layer *th = &f->tcp;
    bool replayed = f == t->replay;       /* a SYN record's SYN: counted when it came */
    /* Times on the stream's own clock: any capture time, even past 2262,
     * keeps its differences. */
    struct zeek_segment zs = { .flags = th->flags, .seq = th->seq, .ack = th->ack, .len = th->seg_len,
                               .window = th->win, .ts_ns = time_ns_between(f->ts, s->first_ts),
                               .bad_offset = !replayed && th->hdr_len < 20 };
    struct zeek_part *p = s->zpart;
    enum zeek_verdict v = ZV_READ;
    if (t->on_part_end) {
        v = zeek_verdict(t, f);
        t->zeek_segments += !replayed;
        t->zeek_bad_sums += !replayed && (v == ZV_BAD_IP || v == ZV_BAD_SUM);
        if (v == ZV_BAD_IP || v == ZV_NO_CONN)
            return;
        if (!p) {                                /* the stream's first segment Zeek sees */
            p = s->zpart = calloc(1, sizeof *p);
            if (!p)
                abort();
            first = true;
        } else if (!first && zeek_starts_new(&s->zeek, &zs)) {
            t->on_part_end(t->part_arg, s);
            s->service = (struct zeek_service){ 0 };
            s->kept = s->reported = false;       /* they were the part's */
            *p = (struct zeek_part){ .number = p->number + 1 };
            first = true;
        }
        if (first) {
            zeek_start(&s->zeek, zs.ts_ns);
            zeek_gaps_init(&p->gaps);
            p->first_ts = f->ts;
            p->first_dir = (uint8_t)dir;
        }
    }
    int orig_dir = p ? p->first_dir : 0;
    zs.orig = dir == orig_dir;
    /* Zeek's new connection: a first packet that is not a bare SYN, from
     * a likely server port, flips the roles (not toward a broadcast). */
    if (first && zeek_first_packet_flips(th->flags, th->sport, th->dport, zeek_likely_server_port(th->sport),
                                         zeek_likely_server_port(th->dport)) &&
        !zeek_broadcast(s->addr[!dir], s->addr_len))
        zeek_flip(&s->zeek);
    if (p) {
        if (v == ZV_UNREAD)
            return;
        if (v == ZV_BAD_SUM) {
            zeek_bad_checksum(&s->zeek, zs.orig, &p->bad_sums[dir]);
            return;
        }
        p->pkts[dir]++;
        p->bytes[dir] += th->seg_len;
        p->ip_bytes[dir] += frame_ip_bytes(f);
    }
    zeek_add(&s->zeek, &zs);
    uint32_t have = frame_bytes_in(f, th->payload_off, th->seg_len);
    if (p)
        zeek_gaps_add(&p->gaps, &s->zeek, &zs, have);
    zeek_service_add(&s->service, zs.orig, s->port[!orig_dir], have ? f->data + th->payload_off : NULL, have);
}

/* Track one frame of stream s, from side dir. */
static void stream_segment(struct stream_table *t, struct stream *s, int dir, bool is_new, bool reused,
                           const struct frame *f, struct track_info *out)
{
    const struct tcp_layer *th = &f->tcp;
    uint16_t fl = th->flags;
    if (reused) {
        s->completeness = 1;
        out->an.present = true;
        out->an.flags |= A_REUSED_PORTS;
    }
    struct half_stream *fwd = &s->half[dir], *rev = &s->half[!dir];
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) && fwd->base_set && th->seq != fwd->base_seq) {
        fwd->base_seq = th->seq;
        out->an.present = true;
        out->an.flags |= A_REUSED_PORTS;
    }
    /* Accurate ECN: negotiated by a SYN with AE, CWR and ECE and a SYN-ACK
     * answering it; after that the three bits are the ACE counter. */
    if ((fl & (TH_SYN | TH_ACK)) == TH_SYN)
        s->acc_ecn_syn = (fl & (TH_AE | TH_CWR | TH_ECE)) == (TH_AE | TH_CWR | TH_ECE);
    if ((fl & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
        s->acc_ecn_synack = (fl & (TH_AE | TH_CWR)) == TH_CWR || (fl & (TH_AE | TH_ECE)) == TH_AE;
    out->ace_mode = !(fl & TH_SYN) && ((s->acc_ecn_syn && s->acc_ecn_synack) || s->acc_ecn_option);
    out->stream = s;
    out->dir = dir;
    out->completeness = s->completeness;

    bool first = s->frames++ == 0;
    if (first && !s->quotes)              /* else a quote's frame was the stream's first */
        s->first_ts = s->last_ts = f->ts;
    stream_clock(t, s, f->ts, out);

    out->rel_seq = th->seq;
    out->rel_ack = th->ack;
    out->window = th->win;
    out->scale = fwd->win_scale;
    /* Sequence numbers are relative to a SYN's own number, else to one
     * before the first number seen; an ACK fixes the peer's base. */
    bool have_seglen = th->have_seglen && !th->short_segment;
    if (have_seglen) {
        if (!fwd->base_set) {
            fwd->base_seq = (fl & TH_SYN) ? th->seq : th->seq - 1;
            fwd->base_set = true;
        }
        if (!rev->base_set && (fl & TH_ACK)) {
            rev->base_seq = th->ack - 1;
            rev->base_set = true;
        }
        if (!t->rows_only) {
            struct seq_segment sg = { .frame = f->number, .ts = f->ts, .seq = th->seq, .ack = th->ack,
                                      .seglen = th->seg_len, .flags = fl, .window = th->win,
                                      .base_seq = fwd->base_seq, .peer_win_scale = rev->win_scale };
            analysis_segment(&s->an, dir, &sg, &out->an);
        }
        out->rel_seq = th->seq - fwd->base_seq;
        if (fl & TH_ACK)
            out->rel_ack = th->ack - rev->base_seq;
        if (!(fl & TH_SYN) && fwd->win_scale >= 0)
            out->window = (int64_t)th->win << fwd->win_scale;
        out->has_next_seq = !th->bogus_hdr_len;
        out->next_seq = out->rel_seq + th->seg_len + ((fl & (TH_SYN | TH_FIN)) ? 1 : 0);
    }
    lifecycle_segment(&s->life, f, dir, first, (out->an.flags & A_REUSED_PORTS) != 0, out->step, sizeof out->step);
    if (s->life.close != CLOSE_NONE && !t->rows_only)   /* rows only: no buffers to give back */
        analysis_release(&s->an, true);       /* a closed connection keeps no empty buffers */
    int client = s->life.client < 0 ? 0 : s->life.client;
    out->state_client = s->life.state[client];
    out->state_server = s->life.state[!client];
    out->from_client = dir == client;
    s->pkts[dir]++;
    s->bytes[dir] += th->seg_len;
    s->ip_bytes[dir] += frame_ip_bytes(f);
    if (!t->no_zeek)
        zeek_track(t, s, dir, first, f);
    for (int i = 0; i < th->nsack; i++) {
        out->sack_le[i] = th->sack_le[i] - rev->base_seq;
        out->sack_re[i] = th->sack_re[i] - rev->base_seq;
    }
    if (th->sack_short_le)         /* a SACK option too short for a block: its left edge */
        out->sack_le[0] = th->sack_le[0] - rev->base_seq;
    if (th->bogus_hdr_len)
        return;
    if (!t->rows_only)
        http_segment(&s->http, f, dir, th->seq, &out->http);
    /* A FIN initiates the closing unless the peer has initiated it. */
    if ((fl & TH_FIN) && !s->closing[!dir])
        s->closing[dir] = out->fin_active = true;
    if (!t->rows_only)            /* tcp.completeness: no row shows it */
        s->completeness = completeness_next(s->completeness, is_new, fl, th->seg_len);

    if (th->has_acc_ecn_opt)
        s->acc_ecn_option = true;
    analysis_after_options(&s->an, dir, f->ts, fl, th->sack_le, th->sack_re, th->nsack, &out->an);
    window_scale_after(s, dir, th);
}
