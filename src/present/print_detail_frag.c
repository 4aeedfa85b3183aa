/* -V: the fragment tree of the IP header that completed a datagram, as
 * Wireshark's reassemble.c (show_fragment_tree, show_fragment) writes it
 * under that header:
 *   [3 IPv4 Fragments (140 bytes): #8(48), #7(48), #9(44)]
 *       [Frame: 8, payload: 0-47 (48 bytes)]
 *       ...
 *           [Fragment overlap: True]         (a fragment's flags)
 *       [Fragment count: 3]
 *       [Reassembled IPv4 length: 140]
 *       [Reassembled IPv4 data: 9c40...]     (36 bytes, then an ellipsis) */
#include "present/detail_impl.h"
#include "present/fields_frag.h"

static const char *plural(uint32_t n, const char *one, const char *many) { return n == 1 ? one : many; }

void detail_frag(struct out *o, const struct view *v, const struct ip_layer *ip, int d)
{
    if (frag_reassembled_ip(v, ip->version) != ip)
        return;
    bool v4 = ip->version == 4;
    const struct defrag_done *fl = v->frags;
    uint32_t len = ip->reasm_len;
    dt_indent(o, d);
    out_printf(o, "[%u %s (%u %s): ", fl->n, fields[fl->n == 1 ? (v4 ? F_IP_FRAGMENT : F_IPV6_FRAGMENT)
                                                              : (v4 ? F_IP_FRAGMENTS : F_IPV6_FRAGMENTS)].label,
               len, plural(len, "byte", "bytes"));
    for (int k = 0; k < fl->n; k++)
        out_printf(o, "%s#%u(%u)", k ? ", " : "", fl->piece[k].frame, fl->piece[k].len);
    out_str(o, "]\n");
    static const int flag_rows[2][4] = {
        { F_IP_FRAGMENT_OVERLAP, F_IP_FRAGMENT_OVERLAP_CONFLICT, F_IP_FRAGMENT_MULTIPLETAILS,
          F_IP_FRAGMENT_TOOLONGFRAGMENT },
        { F_IPV6_FRAGMENT_OVERLAP, F_IPV6_FRAGMENT_OVERLAP_CONFLICT, F_IPV6_FRAGMENT_MULTIPLETAILS,
          F_IPV6_FRAGMENT_TOOLONGFRAGMENT },
    };
    for (int k = 0; k < fl->n; k++) {
        const struct defrag_piece *p = &fl->piece[k];
        dt_indent(o, d + 1);
        if (p->len)
            out_printf(o, "[Frame: %u, payload: %u-%u (%u %s)]\n", p->frame, p->off, p->off + p->len - 1, p->len,
                       plural(p->len, "byte", "bytes"));
        else
            out_printf(o, "[Frame: %u (no data)]\n", p->frame);
        for (int b = 0; b < 4; b++) {
            int id = flag_rows[v4 ? 0 : 1][b];
            if (p->flags & frag_row_flag(id)) {
                dt_indent(o, d + 2);
                out_printf(o, "[%s: True]\n", fields[id].label);
            }
        }
    }
    dt_line(o, v, d + 1, v4 ? F_IP_FRAGMENT_COUNT : F_IPV6_FRAGMENT_COUNT, true, NULL);
    dt_line(o, v, d + 1, v4 ? F_IP_REASSEMBLED_LENGTH : F_IPV6_REASSEMBLED_LENGTH, true, NULL);
    const uint8_t *data = v->f->data + v->f->caplen;
    dt_indent(o, d + 1);
    out_printf(o, "[%s: ", fields[v4 ? F_IP_REASSEMBLED_DATA : F_IPV6_REASSEMBLED_DATA].label);
    if (len)
        dt_bytes(o, data, len);
    else
        out_str(o, "<MISSING>");
    out_str(o, "]\n");
}
