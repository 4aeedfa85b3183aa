/* -T json and -T ek: the layers found by their place in the walk, UDP and
 * the tunnels in it, in tshark 4.0's order with the fields synfin has. */
#include "decode/decode.h"
#include "present/jtree_impl.h"

static void layer_udp(struct jtree *t, const struct view *v, int k)
{
    int l = jt_field(t, v, 0, F_PROTO_UDP, k);
    jt_field(t, v, l, F_UDP_SRCPORT, k);
    jt_field(t, v, l, F_UDP_DSTPORT, k);
    jt_field(t, v, l, F_UDP_PORT, 2 * k);
    jt_field(t, v, l, F_UDP_PORT, 2 * k + 1);
    jt_field(t, v, l, F_UDP_LENGTH, k);
    jt_field(t, v, l, F_UDP_CHECKSUM, k);
    jt_field(t, v, l, F_UDP_CHECKSUM_STATUS, k);
}

void jtree_walk_layer(struct jtree *t, const struct view *v, uint8_t ll, int k)
{
    switch (ll) {
    case LL_UDP: layer_udp(t, v, k); break;
    case LL_GTP: case LL_TEREDO: case LL_AYIYA: case LL_LLC: case LL_WLAN: jtree_mobile_layer(t, v, ll, k); break;
    default: break;
    }
}
