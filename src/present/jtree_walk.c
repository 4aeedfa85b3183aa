/* -T json and -T ek: the layers found by their place in the walk, UDP and
 * the tunnels in it, in tshark 4.0's order with the fields synfin has. */
#include "decode/decode.h"
#include "present/fields_udpconv.h"
#include "present/jtree_impl.h"

/* Whether the k-th UDP header is carried by IPv6, where a length of 0
 * stands for the IP payload's (RFC 2675). */
static bool udp_jumbo_at(const struct frame *f, int k)
{
    int nip = 0, ku = 0;
    for (int w = 0; w < f->nwalk; w++) {
        nip += f->walk[w] == LL_IPV4 || f->walk[w] == LL_IPV6;
        if (f->walk[w] == LL_UDP && ku++ == k)
            return nip > 0 && nip <= f->nip && f->ip[nip - 1].version == 6;
    }
    return false;
}

/* udp.stream, the Timestamps subtree and udp.payload of the k-th UDP
 * header, in packet-udp.c's order. */
static void layer_udp_conv(struct jtree *t, const struct view *v, int k, int l)
{
    int occ = udpconv_stream_occ(v, k, false);
    if (occ >= 0)
        jt_field(t, v, l, F_UDP_STREAM, occ);
    occ = udpconv_stream_occ(v, k, true);
    if (occ >= 0) {
        int ts = jt_text(t, l, "Timestamps");
        jt_field(t, v, ts, F_UDP_TIME_REL, occ);
        jt_field(t, v, ts, F_UDP_TIME_DELTA, occ);
    }
    /* udp.payload's occurrences skip the headers that have none. */
    const struct frame *f = v->f;
    int pocc = 0, ku = 0;
    struct fval vals[MAX_OCCURRENCES];
    int np = field_get(F_UDP_PAYLOAD, v, vals, MAX_OCCURRENCES);
    for (int w = 0; w < f->nwalk && ku <= k; w++)
        if (f->walk[w] == LL_UDP) {
            bool has = pocc < np && vals[pocc].p == f->data + f->walk_off[w] + 8;
            if (ku++ == k && has)
                jt_field(t, v, l, F_UDP_PAYLOAD, pocc);
            pocc += has;
        }
}

static void layer_udp(struct jtree *t, const struct view *v, int k, int parent)
{
    int l = jt_field(t, v, parent, F_PROTO_UDP, k);
    jt_field(t, v, l, F_UDP_SRCPORT, k);
    jt_field(t, v, l, F_UDP_DSTPORT, k);
    jt_field(t, v, l, F_UDP_PORT, 2 * k);
    jt_field(t, v, l, F_UDP_PORT, 2 * k + 1);
    jt_field(t, v, l, F_UDP_LENGTH, k);
    /* A length below the header's stops the layer there, as in -V. */
    struct fval vals[MAX_OCCURRENCES];
    if (field_get(F_UDP_LENGTH, v, vals, MAX_OCCURRENCES) > k && vals[k].i < 8 &&
        !(vals[k].i == 0 && udp_jumbo_at(v->f, k)))
        return;
    int sum = jt_field(t, v, l, F_UDP_CHECKSUM, k);
    /* A zero checksum (none sent) has its status under it, as in -V. */
    bool zero = field_get(F_UDP_CHECKSUM, v, vals, MAX_OCCURRENCES) > k && vals[k].i == 0;
    /* over IPv6 a zero checksum is illegal: its expert item comes first */
    if (zero && field_get(F_UDP_CHECKSUM_STATUS, v, vals, MAX_OCCURRENCES) > k && vals[k].i == CSUM_ILLEGAL)
        jt_expert(t, v, sum, -1, "Illegal checksum value (0)", SEV_ERROR, GRP_CHECKSUM);
    jt_field(t, v, zero ? sum : l, F_UDP_CHECKSUM_STATUS, k);
    layer_udp_conv(t, v, k, l);
}

void jtree_walk_layer(struct jtree *t, const struct view *v, uint8_t ll, int k, int parent)
{
    switch (ll) {
    case LL_UDP: layer_udp(t, v, k, parent); break;
    case LL_GRE: case LL_ERSPAN: case LL_VXLAN: case LL_GENEVE: jtree_tunnel(t, v, ll, k, parent); break;
    case LL_GTP: case LL_TEREDO: case LL_AYIYA: case LL_LLC: case LL_WLAN: jtree_mobile_layer(t, v, ll, k, parent); break;
    default: break;
    }
}
