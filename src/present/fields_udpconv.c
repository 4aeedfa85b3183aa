/* UDP conversation fields and udp.payload (see fields_udpconv.h). */
#include "present/fields_udpconv.h"
#include "present/view.h"
#include "track/udpconv.h"

const struct udpconv_layer *udpconv_layer_at(const struct view *v, int k)
{
    return v->udp && k >= 0 && k < v->udp->n ? &v->udp->l[k] : NULL;
}

int udpconv_stream_occ(const struct view *v, int k, bool time)
{
    const struct udpconv_layer *l = udpconv_layer_at(v, k);
    if (!l || !(time ? l->has_time : l->has_stream))
        return -1;
    int occ = 0;
    for (int i = 0; i < k; i++)
        occ += time ? v->udp->l[i].has_time : v->udp->l[i].has_stream;
    return occ;
}

UDPCONV_GETTER(get_udp_stream)
{
    (void)fd;
    int n = 0;
    for (int k = 0; v->udp && k < v->udp->n && n < max; k++)
        if (v->udp->l[k].has_stream)
            val[n++].i = v->udp->l[k].stream;
    return n;
}

/* Relative (udp.time_relative) or delta (udp.time_delta) times. */
static int udp_times(const struct view *v, struct fval *val, int max, bool rel)
{
    int n = 0;
    for (int k = 0; v->udp && k < v->udp->n && n < max; k++)
        if (v->udp->l[k].has_time)
            val[n++].t = rel ? v->udp->l[k].rel : v->udp->l[k].delta;
    return n;
}

UDPCONV_GETTER(get_udp_time_relative)
{
    (void)fd;
    return udp_times(v, val, max, true);
}

UDPCONV_GETTER(get_udp_time_delta)
{
    (void)fd;
    return udp_times(v, val, max, false);
}

/* udp.payload's bytes for the UDP header at walk place w, carried by the
 * nip-th IP header (from 1): tshark's item covers the rest of the IP
 * payload after the header (the -V line counts what the UDP length
 * covers). */
static uint32_t payload_bytes(const struct frame *f, int w, int nip)
{
    uint32_t off = f->walk_off[w];
    if (!frame_has(f, off, 8) || nip <= 0 || nip > f->nip)
        return 0;
    const struct ip_layer *ip = &f->ip[nip - 1];
    uint32_t ulen = udp_length_used(f, ip, off);
    if (ulen <= 8)
        return 0;                  /* none past a length of 8, whatever the IP payload holds */
    uint32_t end = off + ulen;
    if (ip->reassembled)
        end = f->buflen;
    else if (ip->payload_off == off)
        end = off + ip->payload_len;
    return end > off + 8 ? frame_bytes_in(f, off + 8, end - off - 8) : 0;
}

UDPCONV_GETTER(get_udp_payload)
{
    (void)fd;
    const struct frame *f = v->f;
    int n = 0, nip = 0;
    for (int w = 0; w < f->nwalk && n < max; w++) {
        nip += f->walk[w] == LL_IPV4 || f->walk[w] == LL_IPV6;
        if (f->walk[w] == LL_UDP) {
            uint32_t len = payload_bytes(f, w, nip);
            if (len)
                val[n].p = f->data + f->walk_off[w] + 8, val[n++].n = len;
        }
    }
    return n;
}
