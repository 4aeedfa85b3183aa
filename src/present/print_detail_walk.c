/* -V: the blocks of the layers found by their place in the walk, UDP and
 * the tunnels in it, as tshark 4.0 prints them (the lines synfin has
 * fields for). Each value comes from the registry: the k-th layer of a
 * kind is its field's k-th occurrence. */
#include <stdio.h>

#include "decode/decode.h"
#include "present/detail_impl.h"
#include "present/fields_udpconv.h"

/* The k-th UDP header's conversation: its index, then its times (none in
 * an ICMP error's quote), as packet-udp.c adds them after the checksum. */
static void detail_udp_conv(struct out *o, const struct view *v, int k, int d)
{
    int occ = udpconv_stream_occ(v, k, false);
    if (occ < 0)
        return;
    dt_line_at(o, v, d + 1, F_UDP_STREAM, occ, true, NULL);
    occ = udpconv_stream_occ(v, k, true);
    if (occ < 0)
        return;
    dt_indent(o, d + 1);
    out_str(o, "[Timestamps]\n");
    dt_line_at(o, v, d + 2, F_UDP_TIME_REL, occ, true, " seconds");
    dt_line_at(o, v, d + 2, F_UDP_TIME_DELTA, occ, true, " seconds");
}

/* "User Datagram Protocol, Src Port: 4789, Dst Port: 50007" and its
 * header, at depth d; Wireshark verifies no UDP checksum by default. */
static void detail_udp(struct out *o, const struct view *v, int k, uint32_t off, int d)
{
    const struct frame *f = v->f;
    if (!frame_has(f, off, 8))
        return;
    int64_t len = dt_int_at(v, F_UDP_LENGTH, k), sum = dt_int_at(v, F_UDP_CHECKSUM, k);
    dt_mark(o, off, 8);
    dt_indent(o, d);
    out_printf(o, "User Datagram Protocol, Src Port: %lld, Dst Port: %lld\n", (long long)dt_int_at(v, F_UDP_SRCPORT, k),
               (long long)dt_int_at(v, F_UDP_DSTPORT, k));
    dt_line_at(o, v, d + 1, F_UDP_SRCPORT, k, false, NULL);
    dt_line_at(o, v, d + 1, F_UDP_DSTPORT, k, false, NULL);
    /* A length below the header's stops the block; one past the IP
     * payload is shown as Wireshark words it, but in a header an ICMP
     * error quotes (the quote holds what it holds). */
    bool in_error = f->has_icmp && f->icmp.error && off > f->icmp.off;
    const struct ip_layer *ip = frame_ip_carrying(f, off);
    uint32_t ip_payload = ip ? ip->payload_len : 0;
    bool fragment = ip && ip->more_fragments;     /* the rest of the datagram is in other frames */
    char why[48] = "";
    if (len == 0 && ip && ip->version == 6)
        len = ip_payload;          /* RFC 2675's jumbogram: the IP payload's length, shown as 0 */
    else if (len < 8)
        snprintf(why, sizeof why, " (bogus, must be >= 8)");
    else if (ip_payload && len > ip_payload && !in_error && !fragment)
        snprintf(why, sizeof why, " (bogus, payload length %u)", ip_payload);
    dt_line_at(o, v, d + 1, F_UDP_LENGTH, k, false, why);
    if (len < 8)
        return;
    int64_t status = dt_int_at(v, F_UDP_CHECKSUM_STATUS, k);
    dt_line_at(o, v, d + 1, F_UDP_CHECKSUM, k, false,
               sum ? " [unverified]" : status == CSUM_ILLEGAL ? " [zero-value illegal]" : " [zero-value ignored]");
    if (!sum && status == CSUM_ILLEGAL)
        dt_expert(o, d + 2, "Error", "Checksum", "Illegal checksum value (0)");
    /* A name only (BASE_NONE); under the checksum when that is 0. */
    if (status >= 0) {
        dt_indent(o, sum ? d + 1 : d + 2);
        out_printf(o, "[%s: %s]\n", fields[F_UDP_CHECKSUM_STATUS].label,
                   field_value_name(F_UDP_CHECKSUM_STATUS, status));
    }
    detail_udp_conv(o, v, k, d);
    uint32_t payload = frame_bytes_in(f, off + 8, (uint32_t)len - 8);   /* what the length covers and the capture holds */
    if (payload) {
        dt_mark(o, off + 8, payload);
        dt_indent(o, d + 1);
        out_printf(o, "UDP payload (%u byte%s)\n", payload, plural_s(payload));
    }
}

void detail_walk_layer(struct out *o, const struct view *v, uint8_t ll, int k, uint32_t off, int d)
{
    switch (ll) {
    case LL_UDP: detail_udp(o, v, k, off, d); break;
    case LL_GRE: case LL_ERSPAN: case LL_VXLAN: case LL_GENEVE:
        detail_tunnel(o, v, ll, k, off, d);
        break;
    case LL_PPPOE: case LL_PPP: case LL_MPLS: case LL_8021AD: case LL_8021AH: case LL_VNTAG: case LL_CFP:
        detail_link_layer(o, v, ll, k, off);
        break;
    case LL_GTP: case LL_TEREDO: case LL_AYIYA: case LL_LLC:
        if (d == 0)
            detail_mobile_layer(o, v, ll, k, off);
        break;
    case LL_WLAN:
        if (d == 0)
            detail_wlan_layer(o, v, off);
        break;
    default: break;
    }
}
