/* A frame's tree as tshark 4.0 builds it for -T json and -T ek, with the
 * fields synfin has: which field sits under which, in tshark's order, each
 * value read from the registry (k: the field's occurrence in this frame).
 * What tshark shows that synfin has no field for (eth.*_resolved, the
 * payload's dissectors' layers, ...) is left out. This file: the nodes,
 * the frame, link and IP layers; jtree_tcp.c and jtree_http.c the rest. */
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "present/jtree_impl.h"

int jt_add(struct jtree *t, int parent, uint8_t kind)
{
    if (t->n >= JTREE_NODES) {
        t->full = true;
        return -1;
    }
    int i = t->n++;
    struct jnode *nd = &t->node[i];
    *nd = (struct jnode){ .kind = kind, .field = -1, .child = -1, .last = -1, .next = -1 };
    if (parent >= 0) {
        struct jnode *p = &t->node[parent];
        if (p->last >= 0)
            t->node[p->last].next = i;
        else
            p->child = i;
        p->last = i;
    }
    return i;
}

/* Copy s into the arena; its offset, or UINT32_MAX when full. */
uint32_t jt_keep(struct jtree *t, const char *s, size_t n)
{
    if (t->arena_len + n > JTREE_ARENA) {
        t->full = true;
        return UINT32_MAX;
    }
    uint32_t at = t->arena_len;
    memcpy(t->arena + at, s, n);
    t->arena_len += (uint32_t)n;
    return at;
}

/* A value's node. Text synfin made (D_STR: host names, flags, columns)
 * lives in getters' static slots that the next getter's call may reuse:
 * it is copied into the arena. */
int jt_value(struct jtree *t, int parent, int id, const struct fval *val)
{
    if (parent < 0)
        return -1;
    int i = jt_add(t, parent, JN_FIELD);
    if (i < 0)
        return -1;
    t->node[i].field = (int16_t)id, t->node[i].val = *val;
    if (fields[id].display == D_STR) {
        uint32_t at = jt_keep(t, (const char *)val->p, val->n);
        t->node[i].val.p = at == UINT32_MAX ? val->p : (const uint8_t *)t->arena + at;
        if (at == UINT32_MAX)
            t->node[i].val.n = 0;
    }
    return i;
}

/* Field id's k-th value under parent; the node, or -1 when absent. */
int jt_field(struct jtree *t, const struct view *v, int parent, int id, int k)
{
    if (parent < 0)
        return -1;
    struct fval vals[MAX_OCCURRENCES];
    if (k < 0 || field_get(id, v, vals, MAX_OCCURRENCES) <= k)
        return -1;
    return jt_value(t, parent, id, &vals[k]);
}

/* Every value of field id, in order (a PDU's tcp.segment list runs long). */
void jt_field_all(struct jtree *t, const struct view *v, int parent, int id)
{
    static struct fval vals[JTREE_NODES];
    int n = parent < 0 ? 0 : fields[id].get(&fields[id], v, vals, JTREE_NODES);
    for (int k = 0; k < n; k++)
        if (jt_value(t, parent, id, &vals[k]) < 0)
            return;
}

int jt_text(struct jtree *t, int parent, const char *label)
{
    if (parent < 0)
        return -1;
    uint32_t at = jt_keep(t, label, strlen(label));
    int i = at == UINT32_MAX ? -1 : jt_add(t, parent, JN_TEXT);
    if (i >= 0)
        t->node[i].key = at, t->node[i].keylen = (uint32_t)strlen(label);
    return i;
}

static void jt_str(struct jtree *t, int parent, const char *key, const char *value)
{
    uint32_t k = jt_keep(t, key, strlen(key)), s = jt_keep(t, value, strlen(value));
    int i = k == UINT32_MAX || s == UINT32_MAX ? -1 : jt_add(t, parent, JN_STR);
    if (i >= 0)
        t->node[i].key = k, t->node[i].keylen = (uint32_t)strlen(key), t->node[i].str = s,
        t->node[i].strlen = (uint32_t)strlen(value);
}

/* An expert item's message, severity and group, under its node e. */
static void expert_body(struct jtree *t, int e, const char *message, int sev, int group)
{
    char n[16];
    jt_str(t, e, "_ws.expert.message", message);
    snprintf(n, sizeof n, "%d", sev);
    jt_str(t, e, "_ws.expert.severity", n);
    snprintf(n, sizeof n, "%d", group);
    jt_str(t, e, "_ws.expert.group", n);
}

/* An expert item under parent: "_ws.expert": {its field, message, severity, group}. */
void jt_expert(struct jtree *t, const struct view *v, int parent, int id, const char *message, int sev,
               int group)
{
    if (parent < 0)
        return;
    int e = jt_add(t, parent, JN_EXPERT);
    if (e < 0)
        return;
    if (id >= 0)
        jt_field(t, v, e, id, 0);
    expert_body(t, e, message, sev, group);
}


bool jt_present(const struct view *v, int id)
{
    struct fval vals[MAX_OCCURRENCES];
    return field_get(id, v, vals, MAX_OCCURRENCES) > 0;
}

#define EXPERT_MESSAGE_MAX 239

/* "pkt_comment": each comment with its expert item, before the frame. */
static void layer_comments(struct jtree *t, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    int n = field_get(F_FRAME_COMMENT, v, vals, MAX_OCCURRENCES);
    int l = n ? jt_field(t, v, 0, F_PROTO_PKT_COMMENT, 0) : -1;
    for (int k = 0; k < n; k++) {
        /* The message is a C string in the tree, as in Wireshark: the
         * comment up to a NUL, and at most the 239 bytes of Wireshark's
         * item label (ITEM_LABEL_LENGTH), cut before a character, not in
         * it (its JSON text is escaped when written). */
        static char msg[EXPERT_MESSAGE_MAX + 1];
        size_t len = strnlen((const char *)vals[k].p, vals[k].n);
        if (len > EXPERT_MESSAGE_MAX) {
            len = EXPERT_MESSAGE_MAX;
            while (len > 0 && (vals[k].p[len] & 0xc0) == 0x80)
                len--;
        }
        memcpy(msg, vals[k].p, len);
        msg[len] = 0;
        int c = jt_value(t, l, F_FRAME_COMMENT, &vals[k]);
        jt_expert(t, v, c, F_FRAME_COMMENT_EXPERT, msg, SEV_COMMENT, GRP_COMMENT);
    }
}

static void layer_frame(struct jtree *t, const struct view *v)
{
    static const int ids[] = { F_FRAME_ENCAP_TYPE, F_FRAME_TIME, F_FRAME_OFFSET_SHIFT, F_FRAME_TIME_EPOCH,
                               F_FRAME_TIME_DELTA, F_FRAME_TIME_DELTA_DISPLAYED, F_FRAME_TIME_REL,
                               F_FRAME_NUMBER, F_FRAME_LEN, F_FRAME_CAP_LEN, F_FRAME_DROP_COUNT, F_FRAME_MARKED,
                               F_FRAME_IGNORED, F_FRAME_P2P_DIR, F_FRAME_CB_PEN, F_FRAME_CB_COPY, F_FRAME_PROTOCOLS };
    int l = jt_field(t, v, 0, F_PROTO_FRAME, 0);
    jt_field(t, v, l, F_FRAME_SECTION_NUMBER, 0);          /* pcapng: the section, the interface and its names */
    int ifc = jt_field(t, v, l, F_FRAME_INTERFACE_ID, 0);
    jt_field(t, v, ifc, F_FRAME_INTERFACE_NAME, 0);
    jt_field(t, v, ifc, F_FRAME_INTERFACE_DESCRIPTION, 0);
    jt_field(t, v, l, F_FRAME_INTERFACE_QUEUE, 0);
    int flags = jt_field(t, v, l, F_FRAME_PACKET_FLAGS, 0);   /* its parts follow it in the registry */
    for (int id = F_FRAME_PACKET_FLAGS + 1; id <= F_FRAME_PACKET_FLAGS_SYMBOL_ERROR; id++)
        jt_field(t, v, flags, id, 0);
    jt_field(t, v, l, F_FRAME_PACKET_ID, 0);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        jt_field(t, v, l, ids[i], 0);
}

/* Ethernet header i: each address with its subtree (eth.addr and the bits
 * again, as any address: occurrence 2i for the destination, 2i+1 the source). */
static void layer_eth(struct jtree *t, const struct view *v, int i, int *ktype, int parent)
{
    int l = jt_field(t, v, parent, F_PROTO_ETH, i);
    for (int side = 0; side < 2; side++) {
        int a = jt_field(t, v, l, side ? F_ETH_SRC : F_ETH_DST, i);
        int k = 2 * i + side;
        struct fval ig[MAX_OCCURRENCES];
        if (side && field_get(F_ETH_SRC_IG, v, ig, MAX_OCCURRENCES) > i && ig[i].i)   /* as in -V */
            jt_expert(t, v, a, F_ETH_SRC_NOT_GROUP, fields[F_ETH_SRC_NOT_GROUP].label, SEV_WARN, GRP_PROTOCOL);
        jt_field(t, v, a, side ? F_ETH_SRC_OUI : F_ETH_DST_OUI, i);
        jt_field(t, v, a, F_ETH_ADDR, k);
        jt_field(t, v, a, F_ETH_ADDR_OUI, k);
        jt_field(t, v, a, side ? F_ETH_SRC_LG : F_ETH_DST_LG, i);
        jt_field(t, v, a, F_ETH_LG, k);
        jt_field(t, v, a, side ? F_ETH_SRC_IG : F_ETH_DST_IG, i);
        jt_field(t, v, a, F_ETH_IG, k);
    }
    if (v->f->eth[i].type >= 1536)
        jt_field(t, v, l, F_ETH_TYPE, (*ktype)++);
    if (i == 0) {                     /* what the outer frame holds past its IP datagram */
        int pad = jt_field(t, v, l, F_ETH_PADDING, 0), tr = jt_field(t, v, l, F_ETH_TRAILER, 0);
        if (tr >= 0 && pad < 0)
            jt_expert(t, v, tr, -1, "Didn't find padding of zeros, and an undecoded trailer exists. "
                      "There may be padding of non-zeros.", SEV_NOTE, GRP_PROTOCOL);
    }
}

static void layer_vlan(struct jtree *t, const struct view *v, int k, int parent)
{
    int l = jt_field(t, v, parent, F_PROTO_VLAN, k);
    jt_field(t, v, l, F_VLAN_PRIORITY, k);
    jt_field(t, v, l, F_VLAN_DEI, k);
    jt_field(t, v, l, F_VLAN_ID, k);
    jt_field(t, v, l, F_VLAN_ETYPE, k);
}

/* IP header i, the k-th of its version (ip.version counts every header),
 * under parent (the root, or the ICMP error that quotes it). */
static void layer_ip(struct jtree *t, const struct view *v, int i, int *k4, int *k6, int parent)
{
    const struct ip_layer *ip = &v->f->ip[i];
    if (ip->version == 4 && frame_has(v->f, ip->off, 1)) {   /* cut: the fields captured */
        int k = (*k4)++;
        int l = jt_field(t, v, parent, F_PROTO_IP, k);
        jt_field(t, v, l, F_IP_VERSION, i);
        jt_field(t, v, l, F_IP_HDR_LEN, k);
        int ds = jt_field(t, v, l, F_IP_DSFIELD, k);
        jt_field(t, v, ds, F_IP_DSCP, k);
        jt_field(t, v, ds, F_IP_ECN, k);
        jt_field(t, v, l, F_IP_LEN, k);
        jt_field(t, v, l, F_IP_ID, k);
        int fl = jt_field(t, v, l, F_IP_FLAGS, k);
        jt_field(t, v, fl, F_IP_FLAGS_RB, k);
        jt_field(t, v, fl, F_IP_FLAGS_DF, k);
        jt_field(t, v, fl, F_IP_FLAGS_MF, k);
        jt_field(t, v, l, F_IP_FRAG_OFFSET, k);
        jt_field(t, v, l, F_IP_TTL, k);
        jt_field(t, v, l, F_IP_PROTO, k);
        jt_field(t, v, l, F_IP_CHECKSUM, k);
        jt_field(t, v, l, F_IP_CHECKSUM_STATUS, k);
        jt_field(t, v, l, F_IP_SRC, k);
        jt_field(t, v, l, F_IP_ADDR, 2 * k);
        jt_field(t, v, l, F_IP_SRC_HOST, k);
        jt_field(t, v, l, F_IP_HOST, 2 * k);
        jt_field(t, v, l, F_IP_DST, k);
        jt_field(t, v, l, F_IP_ADDR, 2 * k + 1);
        jt_field(t, v, l, F_IP_DST_HOST, k);
        jt_field(t, v, l, F_IP_HOST, 2 * k + 1);
        jtree_frag(t, v, ip, l);
    } else if (ip->version == 6 && frame_has(v->f, ip->off, 40)) {
        int k = (*k6)++;
        int l = jt_field(t, v, parent, F_PROTO_IPV6, k);
        jt_field(t, v, l, F_IPV6_VERSION, k);
        jt_field(t, v, l, F_IP_VERSION, i);
        int tc = jt_field(t, v, l, F_IPV6_TCLASS, k);
        jt_field(t, v, tc, F_IPV6_TCLASS_DSCP, k);
        jt_field(t, v, tc, F_IPV6_TCLASS_ECN, k);
        jt_field(t, v, l, F_IPV6_FLOW, k);
        jt_field(t, v, l, F_IPV6_PLEN, k);
        jt_field(t, v, l, F_IPV6_NXT, k);
        jt_field(t, v, l, F_IPV6_HLIM, k);
        jt_field(t, v, l, F_IPV6_SRC, k);
        jt_field(t, v, l, F_IPV6_ADDR, 2 * k);
        jt_field(t, v, l, F_IPV6_SRC_HOST, k);
        jt_field(t, v, l, F_IPV6_HOST, 2 * k);
        jt_field(t, v, l, F_IPV6_DST, k);
        jt_field(t, v, l, F_IPV6_ADDR, 2 * k + 1);
        jt_field(t, v, l, F_IPV6_DST_HOST, k);
        jt_field(t, v, l, F_IPV6_HOST, 2 * k + 1);
        jtree_frag(t, v, ip, l);
    }
}

/* An ICMP or ICMPv6 message under parent: its layer node. The quoted
 * message is its field's second occurrence when of the error's version. */
static int layer_icmp(struct jtree *t, const struct view *v, const struct icmp_layer *m, int parent)
{
    bool v4 = m->version == 4;
    int k = m == &v->f->icmp_quoted && v->f->icmp.version == m->version;
    int l = jt_field(t, v, parent, v4 ? F_PROTO_ICMP : F_PROTO_ICMPV6, k);
    jt_field(t, v, l, v4 ? F_ICMP_TYPE : F_ICMPV6_TYPE, k);
    jt_field(t, v, l, v4 ? F_ICMP_CODE : F_ICMPV6_CODE, k);
    jt_field(t, v, l, v4 ? F_ICMP_CHECKSUM : F_ICMPV6_CHECKSUM, k);
    jt_field(t, v, l, v4 ? F_ICMP_CHECKSUM_STATUS : F_ICMPV6_CHECKSUM_STATUS, k);
    return l;
}

/* The link, IP and tunnel layers in the order the decoder walked them
 * (struct frame's walk), as the -V tree: the k-th layer of a kind named in
 * the walk is the frame's k-th header of that kind, when it has one. What
 * an ICMP error quotes (IP, TCP or UDP header, ICMP message) goes inside
 * its layer, as in tshark's tree: returns whether the TCP layer went there. */
static bool layers_link_ip(struct jtree *t, const struct view *v)
{
    const struct frame *f = v->f;
    int e = 0, tag = 0, i = 0, k4 = 0, k6 = 0, ktype = 0, m = 0;
    int parent = 0;                   /* the root "layers", or the error's layer */
    bool tcp_inside = false;
    uint8_t seen[LL_COUNT] = { 0 };
    for (int w = 0; w < f->nwalk; w++) {
        switch (f->walk[w]) {
        case LL_ETH:          /* FabricPath's outer header is named eth but is not one of eth[] */
            if (e < f->neth && f->eth[e].off == f->walk_off[w])
                layer_eth(t, v, e++, &ktype, parent);
            break;
        case LL_VLAN:         /* every tag the walk read (a cut one names its layer only) */
            if (tag < MAX_VLAN && frame_has(f, f->walk_off[w], 2))
                layer_vlan(t, v, tag++, parent);
            else if (tag == MAX_VLAN)
                jt_field(t, v, parent, F_PROTO_VLAN, tag);   /* one too many, not read (link_vlan) */
            break;
        case LL_IPV4:
        case LL_IPV6:
            if (i < f->nip)
                layer_ip(t, v, i++, &k4, &k6, parent);
            break;
        case LL_ICMP:
        case LL_ICMPV6:           /* the error first, then an ICMP message it quotes */
            if (m == 0 && f->has_icmp) {
                int l = layer_icmp(t, v, &f->icmp, parent);
                m++;
                if (f->icmp.error && l >= 0)
                    parent = l;
            } else if (m == 1 && f->has_icmp_quoted) {
                layer_icmp(t, v, &f->icmp_quoted, parent);
                m++;
            }
            break;
        case LL_TCP:
            if (f->has_tcp && f->tcp.quoted && parent > 0 && !tcp_inside) {
                jtree_tcp(t, v, parent);
                tcp_inside = true;
            }
            break;
        case LL_PPPOE: case LL_PPP: case LL_MPLS: case LL_8021AD: case LL_8021AH: case LL_VNTAG: case LL_CFP:
            jtree_link_layer(t, v, f->walk[w], seen[f->walk[w]]++, f->walk_off[w]);
            break;
        default:
            jtree_walk_layer(t, v, f->walk[w], seen[f->walk[w]]++, parent);
            /* A quoted UDP header hands its payload to the tree's root
             * (Wireshark's decode_udp_ports): what follows is not nested. */
            if (f->walk[w] == LL_UDP)
                parent = 0;
            break;
        }
    }
    return tcp_inside;
}

void jtree_build(struct jtree *t, const struct view *v)
{
    t->n = 0;
    t->full = false;
    t->arena_len = 0;
    jt_add(t, -1, JN_TEXT);              /* "layers" */
    layer_comments(t, v);
    layer_frame(t, v);
    bool tcp_inside = layers_link_ip(t, v);
    if (v->f->has_tcp) {
        if (!tcp_inside)
            jtree_tcp(t, v, 0);
        jtree_http(t, v);
    }
}

bool jtree_has_value(const struct jnode *nd)
{
    if (nd->kind == JN_STR)
        return true;
    if (nd->kind != JN_FIELD)
        return false;
    const struct field *fd = &fields[nd->field];
    return fd->type != T_NONE && fd->display != D_PROTO;
}
