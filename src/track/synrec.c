/* SYN records: the compact form, and the frame that replays it. */
#include <stdlib.h>
#include <string.h>

#include "track/synrec.h"

bool synrec_take(const struct frame *f, struct synrec_syn *syn)
{
    const struct tcp_layer *t = &f->tcp;
    uint32_t ip_bytes = frame_ip_bytes(f);
    if ((t->flags & (TH_SYN | TH_ACK | TH_FIN | TH_RST)) != TH_SYN || !t->have_seglen || t->short_segment ||
        ip_bytes > UINT16_MAX ||
        t->bogus_hdr_len || t->seg_len != 0 || t->nsack != 0 || f->number > UINT32_MAX || f->ts.tv_sec < 0 ||
        f->ts.tv_sec > UINT32_MAX || f->ts.tv_nsec < 0 || f->ts.tv_nsec > UINT32_MAX)
        return false;
    *syn = (struct synrec_syn){ .number = (uint32_t)f->number, .ts_sec = (uint32_t)f->ts.tv_sec,
                                .ts_nsec = (uint32_t)f->ts.tv_nsec, .seq = t->seq, .ack = t->ack,
                                .win = t->win, .flags = t->flags, .ws_shift = t->ws_shift,
                                .ip_bytes = (uint16_t)ip_bytes,
                                .bits = (t->has_ws ? SYNREC_HAS_WS : 0) |
                                        (t->has_acc_ecn_opt ? SYNREC_ACC_ECN_OPT : 0) };
    return true;
}

void synrec_frame(const struct synrec_syn *syn, struct frame *f)
{
    static const uint8_t nothing[1];
    f->number = syn->number;
    f->ts = (struct timespec){ .tv_sec = syn->ts_sec, .tv_nsec = syn->ts_nsec };
    f->len = f->caplen = f->buflen = 0;
    f->data = nothing;        /* no payload: nothing is read, but pointers stay valid */
    struct tcp_layer *t = &f->tcp;
    t->seq = syn->seq;
    t->ack = syn->ack;
    t->win = syn->win;
    t->flags = syn->flags;
    t->seg_len = t->payload_off = 0;
    t->have_seglen = true;
    t->short_segment = t->bogus_hdr_len = false;
    t->nsack = 0;
    t->has_ws = (syn->bits & SYNREC_HAS_WS) != 0;
    t->ws_shift = syn->ws_shift;
    t->has_acc_ecn_opt = (syn->bits & SYNREC_ACC_ECN_OPT) != 0;
    /* One IPv4 layer that frame_ip_bytes reads as the SYN's IP bytes. */
    f->nip = 1;
    f->ip[0] = (struct ip_layer){ .version = 4, .len = syn->ip_bytes };
}

void synrec_arena_init(struct synrec_arena *a, uint8_t addr_len)
{
    arena_init(&a->a, sizeof(struct synrec) + 2u * addr_len);
    a->addr_len = addr_len;
}

void synrec_arena_free(struct synrec_arena *a)
{
    arena_free(&a->a);
}

size_t synrec_arena_bytes(const struct synrec_arena *a)
{
    return arena_bytes(&a->a);
}

struct synrec *synrec_at(const struct synrec_arena *a, size_t i)
{
    return arena_at(&a->a, i);
}

struct synrec *synrec_add(struct synrec_arena *a, uint32_t index, const uint8_t *addr0, const uint8_t *addr1,
                          const uint16_t port[2], const struct synrec_syn *syn)
{
    struct synrec *r = arena_add(&a->a);
    if (!r)
        return NULL;
    r->index = index;
    r->port[0] = port[0];
    r->port[1] = port[1];
    r->syn = *syn;
    memcpy(r->addr, addr0, a->addr_len);
    memcpy(r->addr + a->addr_len, addr1, a->addr_len);
    return r;
}
