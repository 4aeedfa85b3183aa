/* The walk over a frame's layers and the tables it dispatches on: link type
 * -> first layer, EtherType, IP protocol and UDP port -> next layer. Like
 * Wireshark's dissector tables and Zeek's packet analyzers, a layer does
 * not know its successors' parsers; it reads the number that names the next
 * protocol and looks it up here. */

#include "decode/decode.h"
#include "decode/dlt.h"
#include "decode/layers.h"

static layer_parse_fn *const layer_parsers[LAYER_COUNT] = {
    [LAYER_NULL] = link_null, [LAYER_LOOP] = link_loop, [LAYER_SLL] = link_sll,
    [LAYER_SLL2] = link_sll2, [LAYER_PPP] = link_ppp, [LAYER_FDDI] = link_fddi,
    [LAYER_NFLOG] = link_nflog, [LAYER_ARCNET] = link_arcnet, [LAYER_IPOIB] = link_ipoib,
    [LAYER_JUNIPER] = link_juniper,
    [LAYER_ETH] = link_eth, [LAYER_CFP] = link_cfp, [LAYER_LLC] = link_llc,
    [LAYER_VLAN] = link_vlan, [LAYER_8021AD] = link_8021ad, [LAYER_8021AH] = link_8021ah,
    [LAYER_VNTAG] = link_vntag, [LAYER_PPPOE] = link_pppoe, [LAYER_MPLS] = link_mpls,
    [LAYER_IP_VERSION] = link_ip_version, [LAYER_IP_ANY] = ip_any, [LAYER_IPV4] = ip_v4,
    [LAYER_IPV6] = ip_v6,
    [LAYER_TCP] = tcp_parse, [LAYER_UDP] = tunnel_udp, [LAYER_GRE] = tunnel_gre,
    [LAYER_ERSPAN] = tunnel_erspan, [LAYER_WLAN] = tunnel_wlan, [LAYER_VXLAN] = tunnel_vxlan,
    [LAYER_GENEVE] = tunnel_geneve, [LAYER_GTPU] = tunnel_gtpu, [LAYER_TEREDO] = tunnel_teredo,
    [LAYER_AYIYA] = tunnel_ayiya, [LAYER_ICMP] = icmp_v4, [LAYER_ICMPV6] = icmp_v6,
};

struct layer_key { uint32_t key; enum layer_id layer; };

/* Most frames hit the first entry or two: IPv4, TCP. */
static const struct layer_key by_dlt[] = {
    { DLT_EN10MB, LAYER_ETH }, { DLT_RAW, LAYER_IP_ANY }, { DLT_LINUX_SLL, LAYER_SLL },
    { DLT_LINUX_SLL2, LAYER_SLL2 }, { DLT_NULL, LAYER_NULL }, { DLT_LOOP, LAYER_LOOP },
    { DLT_IPV4, LAYER_IPV4 }, { DLT_IPV6, LAYER_IPV6 }, { DLT_PPP, LAYER_PPP },
    { DLT_FDDI, LAYER_FDDI }, { DLT_NFLOG, LAYER_NFLOG }, { DLT_ARCNET_LINUX, LAYER_ARCNET },
    { DLT_IPOIB, LAYER_IPOIB }, { DLT_JUNIPER_ETHER, LAYER_JUNIPER },
};

static const struct layer_key by_ethertype[] = {
    { 0x0800, LAYER_IPV4 }, { 0x86dd, LAYER_IPV6 }, { 0x8100, LAYER_VLAN },
    { 0x88a8, LAYER_8021AD },            /* an 802.1ad service tag */
    { 0x9100, LAYER_VLAN },              /* the older QinQ EtherType: a plain vlan layer */
    { 0x8847, LAYER_MPLS }, { 0x88e7, LAYER_8021AH }, { 0x8926, LAYER_VNTAG },
    { 0x8848, LAYER_MPLS },              /* MPLS multicast */
    { 0x8864, LAYER_PPPOE },             /* PPPoE session stage */
};

static const struct layer_key by_ipproto[] = {
    { 6, LAYER_TCP }, { 17, LAYER_UDP }, { 4, LAYER_IPV4 }, { 41, LAYER_IPV6 }, { 47, LAYER_GRE },
    { 1, LAYER_ICMP }, { 58, LAYER_ICMPV6 },
};

/* The tunnels synfin knows in UDP, by their IANA ports. */
static const struct layer_key by_udp_port[] = {
    { 4789, LAYER_VXLAN }, { 6081, LAYER_GENEVE }, { 4754, LAYER_GRE }, { 2152, LAYER_GTPU },
    { 3544, LAYER_TEREDO }, { 5072, LAYER_AYIYA },
};

/* The layers the walk names as it tries them: a layer is named even when
 * its header is cut (Wireshark names a dissector it calls), and unnamed
 * again when it declines. Link layers name themselves (and the
 * "ethertype" after them). An IP header named is decoded into the
 * frame's next ip[] unless it is the last layer named (cut, or past
 * MAX_IP), so -V pairs them in order. */
static const uint8_t named_when_tried[LAYER_COUNT] = {
    [LAYER_IPV4] = LL_IPV4, [LAYER_IPV6] = LL_IPV6, [LAYER_TCP] = LL_TCP, [LAYER_UDP] = LL_UDP, [LAYER_GRE] = LL_GRE, [LAYER_ERSPAN] = LL_ERSPAN, [LAYER_WLAN] = LL_WLAN,
    [LAYER_VXLAN] = LL_VXLAN, [LAYER_GENEVE] = LL_GENEVE, [LAYER_GTPU] = LL_GTP,
    [LAYER_TEREDO] = LL_TEREDO, [LAYER_AYIYA] = LL_AYIYA, [LAYER_ICMP] = LL_ICMP, [LAYER_ICMPV6] = LL_ICMPV6,
};

void layer_name(struct frame *f, uint8_t id, uint32_t off)
{
    if (id != LL_NONE && f->nwalk < MAX_WALK) {
        f->walk_off[f->nwalk] = off;
        f->walk[f->nwalk++] = id;
    }
}

static enum layer_id layer_lookup(const struct layer_key *t, size_t n, uint32_t key)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].key == key)
            return t[i].layer;
    return LAYER_END;
}

#define LOOKUP(table, key) layer_lookup(table, sizeof table / sizeof table[0], key)

enum layer_id layer_by_ethertype(const struct layer_pos *at, uint16_t type)
{
    if (at->link_depth > LINK_DEPTH)
        return LAYER_END;
    return LOOKUP(by_ethertype, type);
}

enum layer_id layer_by_ipproto(uint8_t proto)
{
    return LOOKUP(by_ipproto, proto);
}

enum layer_id layer_by_udp_port(uint16_t port)
{
    return LOOKUP(by_udp_port, port);
}

/* A bound on the walk, so that no frame can make it loop without end
 * whatever a parser does. The parsers' own limits stop every frame before
 * it. Between two IP headers, a chain of link layers grows link_depth by 1
 * every 2 layers at most (Ethernet then FabricPath share a depth), and
 * nothing but an LLC goes on past LINK_DEPTH: 2 * 17 + 1 layers, then 2
 * more to reach IP (MPLS or PPPoE, or LLC's IP, then raw IP). At most
 * MAX_IP headers are decoded, the one after them refused, and between two
 * of them is a tunnel of at most 3 layers (UDP, GTP-U declining, VXLAN).
 * With the link type's own layer, one ICMP layer (an error inside its
 * quote ends the walk) and TCP: 1 + 5 * 37 + 4 * 3 + 5 + 1 + 1 = 205
 * layers. The bound is above that, so it never changes what is
 * decoded (a bound of 32 would: TCP behind 15 VLAN tags in VXLAN behind 15
 * 802.1ad tags, which is decoded, is 37 layers; 802.1ad tags are not
 * among the 20 VLAN tags a frame may hold, MAX_VLAN). */
#define LAYER_WALK_MAX 256

static void walk(struct frame *f, struct cursor *c, struct layer_pos *at, enum layer_id id)
{
    for (int n = 0; id != LAYER_END && n < LAYER_WALK_MAX; n++) {
        uint8_t named = f->nwalk;
        if (named_when_tried[id])
            layer_name(f, named_when_tried[id], at->off);
        id = layer_parsers[id](f, c, at);
        if (id == LAYER_DECLINED) {
            f->nwalk = named;         /* a layer that declined is not named */
            id = at->alt;
        }
    }
    /* Wireshark decodes an ICMP error's quote catching what it throws: a
     * quote cut short (as most are) leaves the packet sound. */
    if (f->has_icmp && f->icmp.error)
        f->malformed = f->icmp.malformed_before;
}

void decode_frame(struct frame *f, const struct decode_prefs *prefs)
{
    f->check_tcp_checksum = prefs && prefs->check_tcp_checksum;
    f->tcp_options = prefs ? prefs->tcp_options : TCP_OPTIONS_ALL;
    f->buflen = f->caplen;
    struct cursor c = cursor_make(f->data, f->caplen);
    f->neth = f->nip = f->nwalk = 0;
    f->has_tcp = false;
    f->has_icmp = f->has_icmp_quoted = false;
    f->malformed = false;
    f->truncated = f->caplen < f->len;

    struct layer_pos at = { .off = 0, .end = frame_reported_len(f), .alt = LAYER_END };
    walk(f, &c, &at, LOOKUP(by_dlt, (uint32_t)f->linktype));
}

void decode_reassembled(struct frame *f, uint32_t off, uint32_t len)
{
    if (!f->nip || off > f->buflen || len > f->buflen - off)
        return;
    struct ip_layer *ip = &f->ip[f->nip - 1];
    if (!ip->defrag)
        return;
    ip->reassembled = true;
    ip->reasm_len = len;
    ip->more_fragments = ip->later_fragment = false;
    struct cursor c = cursor_make(f->data, f->buflen);
    struct layer_pos at = { .off = off, .end = off + len, .alt = LAYER_END };
    walk(f, &c, &at, layer_by_ipproto(ip->final_proto));
}
