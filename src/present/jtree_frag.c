/* JSON: the fragment tree of the IP header that completed a datagram, as
 * tshark writes it in that header's layer: ip.fragments (its value the
 * reassembled payload; IPv6's a label, so the object itself) holding each
 * fragment's ip.fragment, or ip.fragment.error when a flag makes it one,
 * with its flags beneath it, then the count, length and data. */
#include "present/fields_frag.h"
#include "present/jtree_impl.h"

void jtree_frag(struct jtree *t, const struct view *v, const struct ip_layer *ip, int l)
{
    if (frag_reassembled_ip(v, ip->version) != ip)
        return;
    bool v4 = ip->version == 4;
    int row = v4 ? 0 : 1;
    static const int flag_rows[2][4] = {
        { F_IP_FRAGMENT_OVERLAP, F_IP_FRAGMENT_OVERLAP_CONFLICT, F_IP_FRAGMENT_MULTIPLETAILS,
          F_IP_FRAGMENT_TOOLONGFRAGMENT },
        { F_IPV6_FRAGMENT_OVERLAP, F_IPV6_FRAGMENT_OVERLAP_CONFLICT, F_IPV6_FRAGMENT_MULTIPLETAILS,
          F_IPV6_FRAGMENT_TOOLONGFRAGMENT },
    };
    int tree = jt_field(t, v, l, v4 ? F_IP_FRAGMENTS : F_IPV6_FRAGMENTS, 0);
    if (tree < 0)
        return;
    int kgood = 0, kerr = 0, kflag[4] = { 0, 0, 0, 0 };
    for (int k = 0; k < v->frags->n; k++) {
        uint8_t flags = v->frags->piece[k].flags;
        int node = flags & DEFRAG_F_ERROR ? jt_field(t, v, tree, v4 ? F_IP_FRAGMENT_ERROR : F_IPV6_FRAGMENT_ERROR, kerr++)
                                          : jt_field(t, v, tree, v4 ? F_IP_FRAGMENT : F_IPV6_FRAGMENT, kgood++);
        for (int b = 0; b < 4; b++)
            if (flags & frag_row_flag(flag_rows[row][b]))
                jt_field(t, v, node, flag_rows[row][b], kflag[b]++);
    }
    jt_field(t, v, tree, v4 ? F_IP_FRAGMENT_COUNT : F_IPV6_FRAGMENT_COUNT, 0);
    jt_field(t, v, tree, v4 ? F_IP_REASSEMBLED_LENGTH : F_IPV6_REASSEMBLED_LENGTH, 0);
    jt_field(t, v, tree, v4 ? F_IP_REASSEMBLED_DATA : F_IPV6_REASSEMBLED_DATA, 0);
}
