/* -T json and -T ek: the layers found by their place in the walk, UDP and
 * the tunnels in it, in tshark 4.0's order with the fields synfin has. */
#include "decode/decode.h"
#include "present/jtree_impl.h"

static void layer_udp(struct jtree *t, const struct view *v, int k, int parent)
{
    int l = jt_field(t, v, parent, F_PROTO_UDP, k);
    jt_field(t, v, l, F_UDP_SRCPORT, k);
    jt_field(t, v, l, F_UDP_DSTPORT, k);
    jt_field(t, v, l, F_UDP_PORT, 2 * k);
    jt_field(t, v, l, F_UDP_PORT, 2 * k + 1);
    jt_field(t, v, l, F_UDP_LENGTH, k);
    int sum = jt_field(t, v, l, F_UDP_CHECKSUM, k);
    /* A zero checksum (none sent) has its status under it, as in -V. */
    struct fval vals[MAX_OCCURRENCES];
    bool zero = field_get(F_UDP_CHECKSUM, v, vals, MAX_OCCURRENCES) > k && vals[k].i == 0;
    jt_field(t, v, zero ? sum : l, F_UDP_CHECKSUM_STATUS, k);
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
