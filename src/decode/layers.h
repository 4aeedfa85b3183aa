/* The decoder as a table of layers (issue 14). Each layer parses its own
 * header and names the one that follows, by EtherType, IP protocol, UDP
 * port or link type, through the dispatch tables of layers.c; one loop
 * there (decode_frame) walks them. No parser calls another file's parser,
 * and none recurses, so a tunnel inside a tunnel is one more turn of the
 * loop, not one more stack frame. Internal to src/decode/. */
#ifndef SYNFIN_LAYERS_H
#define SYNFIN_LAYERS_H

#include "decode/cursor.h"
#include "decode/packet.h"

enum layer_id {
    LAYER_END = 0,            /* nothing more is decoded */
    LAYER_DECLINED,           /* not this protocol after all: the walk goes on
                                 with the alternative the layer before named */
    /* a link type's own header */
    LAYER_NULL, LAYER_LOOP, LAYER_SLL, LAYER_SLL2, LAYER_PPP, LAYER_FDDI, LAYER_NFLOG,
    LAYER_ARCNET, LAYER_IPOIB, LAYER_JUNIPER,
    /* Ethernet and the layers EtherTypes name (link.c) */
    LAYER_ETH, LAYER_CFP, LAYER_LLC, LAYER_VLAN, LAYER_8021AD, LAYER_8021AH, LAYER_VNTAG,
    LAYER_PPPOE, LAYER_MPLS,
    /* IP (ip.c): Wireshark's "ip" by the version nibble, raw IP, IPv4, IPv6 */
    LAYER_IP_VERSION, LAYER_IP_ANY, LAYER_IPV4, LAYER_IPV6,
    /* transport (tcp.c) and tunnels (tunnel.c) */
    LAYER_TCP, LAYER_UDP, LAYER_GRE, LAYER_ERSPAN, LAYER_WLAN, LAYER_VXLAN, LAYER_GENEVE,
    LAYER_GTPU, LAYER_TEREDO, LAYER_AYIYA,
    /* ICMP and ICMPv6 (icmp.c) */
    LAYER_ICMP, LAYER_ICMPV6,
    LAYER_COUNT
};

/* Where the walk stands. A parser finds its header at off, bounded by end
 * (where the enclosing layer ends as it reports its length, which may lie
 * past the captured bytes), and leaves off and end where the layer it
 * names starts and ends. */
struct layer_pos {
    uint32_t off, end;
    /* Link layers nest without end in a hostile frame (tags, LLC, 802.1ah,
     * FabricPath): how deep this chain of them is. It starts again at 0
     * after each IP header; past LINK_DEPTH the rest is left undecoded. */
    int link_depth;
    /* What the walk tries when the named layer declines (LAYER_DECLINED):
     * UDP names the lower port's layer and, here, the higher one's. */
    enum layer_id alt;
};

#define LINK_DEPTH 16

/* Every parser has this one signature. */
typedef enum layer_id layer_parse_fn(struct frame *f, struct cursor *c, struct layer_pos *at);

/* Name a layer in the frame's walk (struct frame's walk), with where its
 * header starts (walk_off). */
void layer_name(struct frame *f, uint8_t id, uint32_t off);

/* The dispatch tables (layers.c). The EtherType one also applies the link
 * depth bound: past it, nothing follows. */
enum layer_id layer_by_ethertype(const struct layer_pos *at, uint16_t type);
enum layer_id layer_by_ipproto(uint8_t proto);
enum layer_id layer_by_udp_port(uint16_t port);

/* link.c */
layer_parse_fn link_null, link_loop, link_sll, link_sll2, link_ppp, link_fddi, link_nflog,
    link_arcnet, link_ipoib, link_juniper;
layer_parse_fn link_eth, link_cfp, link_llc, link_vlan, link_8021ad, link_8021ah, link_vntag,
    link_pppoe, link_mpls, link_ip_version;
/* ip.c */
layer_parse_fn ip_any, ip_v4, ip_v6;
/* tcp.c */
layer_parse_fn tcp_parse;
/* icmp.c */
layer_parse_fn icmp_v4, icmp_v6;
/* tunnel.c */
layer_parse_fn tunnel_udp, tunnel_gre, tunnel_erspan, tunnel_wlan, tunnel_vxlan, tunnel_geneve,
    tunnel_gtpu, tunnel_teredo, tunnel_ayiya;

#endif
