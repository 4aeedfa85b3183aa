/* IPv4 and IPv6 reassembly fields (see fields_frag.h). Each is present
 * only in the frame that completed a datagram, as tshark's single pass
 * shows them: the fragment tree hangs off the IP header that was the
 * datagram's last fragment. */
#include "present/fields_frag.h"

const struct ip_layer *frag_reassembled_ip(const struct view *v, int version)
{
    if (!v->frags)
        return NULL;
    for (int k = 0; k < v->f->nip; k++) {
        const struct ip_layer *ip = &v->f->ip[k];
        /* The payload lies after the frame's bytes (ipdefrag.c). */
        if (ip->version == version && ip->reassembled && ip->reasm_len == v->frags->datalen &&
            frame_has(v->f, v->f->caplen, ip->reasm_len))
            return ip;
    }
    return NULL;
}

static int payload(const struct view *v, int version, bool label, struct fval *val, int max)
{
    const struct ip_layer *ip = frag_reassembled_ip(v, version);
    if (!ip || max < 1)
        return 0;
    if (label)
        val[0].i = 1;
    else
        val[0].p = v->f->data + v->f->caplen, val[0].n = ip->reasm_len;
    return 1;
}

/* The frame numbers of the fragments with (error) or without error
 * flags, in the list's order. */
static int frames(const struct view *v, int version, bool error, struct fval *val, int max)
{
    if (!frag_reassembled_ip(v, version))
        return 0;
    int n = 0;
    for (int k = 0; k < v->frags->n && n < max; k++)
        if (!(v->frags->piece[k].flags & DEFRAG_F_ERROR) == !error)
            val[n++].i = v->frags->piece[k].frame;
    return n;
}

int frag_row_flag(int id)
{
    switch (id) {
    case F_IP_FRAGMENT_OVERLAP: case F_IPV6_FRAGMENT_OVERLAP: return DEFRAG_F_OVERLAP;
    case F_IP_FRAGMENT_OVERLAP_CONFLICT: case F_IPV6_FRAGMENT_OVERLAP_CONFLICT: return DEFRAG_F_CONFLICT;
    case F_IP_FRAGMENT_MULTIPLETAILS: case F_IPV6_FRAGMENT_MULTIPLETAILS: return DEFRAG_F_MULTITAIL;
    case F_IP_FRAGMENT_TOOLONGFRAGMENT: case F_IPV6_FRAGMENT_TOOLONGFRAGMENT: return DEFRAG_F_TOOLONG;
    default: return 0;
    }
}

/* One true value for each fragment with the row's flag. */
static int flags(const struct field *fd, const struct view *v, int version, struct fval *val, int max)
{
    if (!frag_reassembled_ip(v, version))
        return 0;
    int flag = frag_row_flag((int)(fd - fields)), n = 0;
    for (int k = 0; k < v->frags->n && n < max; k++)
        if (v->frags->piece[k].flags & flag)
            val[n++].i = 1;
    return n;
}

static int one(const struct view *v, int version, bool count, struct fval *val, int max)
{
    if (!frag_reassembled_ip(v, version) || max < 1)
        return 0;
    val[0].i = count ? v->frags->n : v->frags->datalen;
    return 1;
}

FRAG_GETTER(get_ip_fragments) { (void)fd; return payload(v, 4, false, val, max); }
FRAG_GETTER(get_ipv6_fragments) { (void)fd; return payload(v, 6, true, val, max); }   /* FT_NONE */
FRAG_GETTER(get_ip_fragment) { (void)fd; return frames(v, 4, false, val, max); }
FRAG_GETTER(get_ipv6_fragment) { (void)fd; return frames(v, 6, false, val, max); }
FRAG_GETTER(get_ip_fragment_error) { (void)fd; return frames(v, 4, true, val, max); }
FRAG_GETTER(get_ipv6_fragment_error) { (void)fd; return frames(v, 6, true, val, max); }
FRAG_GETTER(get_ip_fragment_flag) { return flags(fd, v, 4, val, max); }
FRAG_GETTER(get_ipv6_fragment_flag) { return flags(fd, v, 6, val, max); }
FRAG_GETTER(get_ip_fragment_count) { (void)fd; return one(v, 4, true, val, max); }
FRAG_GETTER(get_ipv6_fragment_count) { (void)fd; return one(v, 6, true, val, max); }
FRAG_GETTER(get_ip_reassembled_length) { (void)fd; return one(v, 4, false, val, max); }
FRAG_GETTER(get_ipv6_reassembled_length) { (void)fd; return one(v, 6, false, val, max); }
FRAG_GETTER(get_ip_reassembled_data) { (void)fd; return payload(v, 4, false, val, max); }
FRAG_GETTER(get_ipv6_reassembled_data) { (void)fd; return payload(v, 6, false, val, max); }
FRAG_GETTER(get_frag_reassembled_in) { (void)fd; (void)v; (void)val; (void)max; return 0; }
