/* A frame's tree as tshark 4.0 builds it for -T json and -T ek, with the
 * fields synfin has: which field sits under which, in tshark's order, each
 * value read from the registry (k: the field's occurrence in this frame).
 * What tshark shows that synfin has no field for (eth.*_resolved, the
 * payload's dissectors, HTTP's tree, ...) is left out. */
#include <stdio.h>

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
static int field(struct jtree *t, const struct view *v, int parent, int id, int k)
{
    if (parent < 0)
        return -1;
    struct fval vals[MAX_OCCURRENCES];
    if (k < 0 || field_get(id, v, vals, MAX_OCCURRENCES) <= k)
        return -1;
    return jt_value(t, parent, id, &vals[k]);
}

/* Every value of field id, in order (a PDU's tcp.segment list runs long). */
static void field_all(struct jtree *t, const struct view *v, int parent, int id)
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

static void str(struct jtree *t, int parent, const char *key, const char *value)
{
    uint32_t k = jt_keep(t, key, strlen(key)), s = jt_keep(t, value, strlen(value));
    int i = k == UINT32_MAX || s == UINT32_MAX ? -1 : jt_add(t, parent, JN_STR);
    if (i >= 0)
        t->node[i].key = k, t->node[i].keylen = (uint32_t)strlen(key), t->node[i].str = s,
        t->node[i].strlen = (uint32_t)strlen(value);
}

/* Wireshark's expert severities and groups, as its JSON writes them. */
enum { SEV_CHAT = 0x00200000, SEV_NOTE = 0x00400000, SEV_WARN = 0x00600000 };
enum { GRP_SEQUENCE = 0x02000000, GRP_PROTOCOL = 0x09000000 };

/* An expert item under parent: "_ws.expert": {its field, message, severity, group}. */
static void expert(struct jtree *t, const struct view *v, int parent, int id, const char *message, int sev,
                   int group)
{
    if (parent < 0)
        return;
    int e = jt_add(t, parent, JN_EXPERT);
    if (e < 0)
        return;
    char n[16];
    if (id >= 0)
        field(t, v, e, id, 0);
    str(t, e, "_ws.expert.message", message);
    snprintf(n, sizeof n, "%d", sev);
    str(t, e, "_ws.expert.severity", n);
    snprintf(n, sizeof n, "%d", group);
    str(t, e, "_ws.expert.group", n);
}

static bool present(const struct view *v, int id)
{
    struct fval vals[MAX_OCCURRENCES];
    return field_get(id, v, vals, MAX_OCCURRENCES) > 0;
}

static void layer_frame(struct jtree *t, const struct view *v)
{
    static const int ids[] = { F_FRAME_ENCAP_TYPE, F_FRAME_TIME, F_FRAME_OFFSET_SHIFT, F_FRAME_TIME_EPOCH,
                               F_FRAME_TIME_DELTA, F_FRAME_TIME_DELTA_DISPLAYED, F_FRAME_TIME_REL,
                               F_FRAME_NUMBER, F_FRAME_LEN, F_FRAME_CAP_LEN, F_FRAME_MARKED, F_FRAME_IGNORED,
                               F_FRAME_PROTOCOLS };
    int l = field(t, v, 0, F_PROTO_FRAME, 0);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        field(t, v, l, ids[i], 0);
}

/* Ethernet header i: each address with its subtree (eth.addr and the bits
 * again, as any address: occurrence 2i for the destination, 2i+1 the source). */
static void layer_eth(struct jtree *t, const struct view *v, int i, int *ktype)
{
    int l = field(t, v, 0, F_PROTO_ETH, i);
    for (int side = 0; side < 2; side++) {
        int a = field(t, v, l, side ? F_ETH_SRC : F_ETH_DST, i);
        int k = 2 * i + side;
        field(t, v, a, side ? F_ETH_SRC_OUI : F_ETH_DST_OUI, i);
        field(t, v, a, F_ETH_ADDR, k);
        field(t, v, a, F_ETH_ADDR_OUI, k);
        field(t, v, a, side ? F_ETH_SRC_LG : F_ETH_DST_LG, i);
        field(t, v, a, F_ETH_LG, k);
        field(t, v, a, side ? F_ETH_SRC_IG : F_ETH_DST_IG, i);
        field(t, v, a, F_ETH_IG, k);
    }
    if (v->f->eth[i].type >= 1536)
        field(t, v, l, F_ETH_TYPE, (*ktype)++);
    if (i == 0) {                     /* what the outer frame holds past its IP datagram */
        field(t, v, l, F_ETH_PADDING, 0);
        field(t, v, l, F_ETH_TRAILER, 0);
    }
}

static void layer_vlans(struct jtree *t, const struct view *v)
{
    for (int k = 0; k < v->f->nvlan; k++) {
        int l = field(t, v, 0, F_PROTO_VLAN, k);
        field(t, v, l, F_VLAN_PRIORITY, k);
        field(t, v, l, F_VLAN_DEI, k);
        field(t, v, l, F_VLAN_ID, k);
        field(t, v, l, F_VLAN_ETYPE, k);
    }
}

/* IP header i, the k-th of its version (ip.version counts every header). */
static void layer_ip(struct jtree *t, const struct view *v, int i, int *k4, int *k6)
{
    const struct ip_layer *ip = &v->f->ip[i];
    if (ip->version == 4 && frame_has(v->f, ip->off, 20)) {
        int k = (*k4)++;
        int l = field(t, v, 0, F_PROTO_IP, k);
        field(t, v, l, F_IP_VERSION, i);
        field(t, v, l, F_IP_HDR_LEN, k);
        int ds = field(t, v, l, F_IP_DSFIELD, k);
        field(t, v, ds, F_IP_DSCP, k);
        field(t, v, ds, F_IP_ECN, k);
        field(t, v, l, F_IP_LEN, k);
        field(t, v, l, F_IP_ID, k);
        int fl = field(t, v, l, F_IP_FLAGS, k);
        field(t, v, fl, F_IP_FLAGS_RB, k);
        field(t, v, fl, F_IP_FLAGS_DF, k);
        field(t, v, fl, F_IP_FLAGS_MF, k);
        field(t, v, l, F_IP_FRAG_OFFSET, k);
        field(t, v, l, F_IP_TTL, k);
        field(t, v, l, F_IP_PROTO, k);
        field(t, v, l, F_IP_CHECKSUM, k);
        field(t, v, l, F_IP_CHECKSUM_STATUS, k);
        field(t, v, l, F_IP_SRC, k);
        field(t, v, l, F_IP_ADDR, 2 * k);
        field(t, v, l, F_IP_SRC_HOST, k);
        field(t, v, l, F_IP_HOST, 2 * k);
        field(t, v, l, F_IP_DST, k);
        field(t, v, l, F_IP_ADDR, 2 * k + 1);
        field(t, v, l, F_IP_DST_HOST, k);
        field(t, v, l, F_IP_HOST, 2 * k + 1);
    } else if (ip->version == 6 && frame_has(v->f, ip->off, 40)) {
        int k = (*k6)++;
        int l = field(t, v, 0, F_PROTO_IPV6, k);
        field(t, v, l, F_IPV6_VERSION, k);
        field(t, v, l, F_IP_VERSION, i);
        int tc = field(t, v, l, F_IPV6_TCLASS, k);
        field(t, v, tc, F_IPV6_TCLASS_DSCP, k);
        field(t, v, tc, F_IPV6_TCLASS_ECN, k);
        field(t, v, l, F_IPV6_FLOW, k);
        field(t, v, l, F_IPV6_PLEN, k);
        field(t, v, l, F_IPV6_NXT, k);
        field(t, v, l, F_IPV6_HLIM, k);
        field(t, v, l, F_IPV6_SRC, k);
        field(t, v, l, F_IPV6_ADDR, 2 * k);
        field(t, v, l, F_IPV6_SRC_HOST, k);
        field(t, v, l, F_IPV6_HOST, 2 * k);
        field(t, v, l, F_IPV6_DST, k);
        field(t, v, l, F_IPV6_ADDR, 2 * k + 1);
        field(t, v, l, F_IPV6_DST_HOST, k);
        field(t, v, l, F_IPV6_HOST, 2 * k + 1);
    }
}

/* The link and IP layers in the order they sit in the frame, the 802.1Q
 * tags after the first Ethernet header (as the -V tree). */
static void layers_link_ip(struct jtree *t, const struct view *v)
{
    const struct frame *f = v->f;
    int e = 0, i = 0, k4 = 0, k6 = 0, ktype = 0;
    if (f->neth == 0)
        layer_vlans(t, v);
    while (e < f->neth || i < f->nip) {
        if (e < f->neth && (i == f->nip || f->eth[e].off <= f->ip[i].off)) {
            layer_eth(t, v, e, &ktype);
            if (e++ == 0)
                layer_vlans(t, v);
        } else {
            layer_ip(t, v, i++, &k4, &k6);
        }
    }
}

static int option_field(uint8_t kind)
{
    switch (kind) {
    case TCPOPT_EOL: return F_TCP_OPT_EOL;
    case TCPOPT_NOP: return F_TCP_OPT_NOP;
    case TCPOPT_MSS: return F_TCP_OPT_MSS;
    case TCPOPT_WSCALE: return F_TCP_OPT_WSCALE;
    case TCPOPT_SACK_PERM: return F_TCP_SACK_PERM;
    case TCPOPT_SACK: return F_TCP_OPT_SACK;
    case TCPOPT_TIMESTAMP: return F_TCP_OPT_TIMESTAMP;
    case TCPOPT_TFO: return F_TCP_OPT_TFO;
    case TCPOPT_MD5: return F_TCP_OPT_MD5;
    case TCPOPT_EXP_FD: case TCPOPT_EXP_FE: return F_TCP_OPT_EXP;
    default: return -1;
    }
}

static void tcp_options(struct jtree *t, const struct view *v, int l)
{
    const struct tcp_layer *tp = &v->f->tcp;
    int o = field(t, v, l, F_TCP_OPTIONS, 0);
    if (o < 0)
        return;
    int nkind = 0, nlen = 0, seen[256] = { 0 }, nunknown = 0;
    struct fval unknown[MAX_OCCURRENCES];
    int unknowns = field_get(F_TCP_OPT_UNKNOWN, v, unknown, MAX_OCCURRENCES);
    for (int i = 0; i < tp->nopt; i++) {
        const struct tcp_option *op = &tp->opt[i];
        if (op->bad_len)
            continue;
        int id = option_field(op->kind);
        int kind_k = nkind++;
        bool has_len = op->kind != TCPOPT_EOL && op->kind != TCPOPT_NOP && op->len;
        int len_k = has_len ? nlen++ : -1;
        int n;
        if (id >= 0 && !op->cut)
            n = field(t, v, o, id, seen[op->kind]++);
        else if (id < 0 && nunknown < unknowns && unknown[nunknown].p == v->f->data + op->off)
            n = field(t, v, o, F_TCP_OPT_UNKNOWN, nunknown++);   /* a kind Wireshark has no dissector for, */
        else                                                   /* also cut short: the bytes there are */
            continue;                 /* a kind Wireshark knows and synfin has no field for, or cut */
        field(t, v, n, F_TCP_OPTION_KIND, kind_k);
        field(t, v, n, F_TCP_OPTION_LEN, len_k);
        if (op->wrong_len || op->cut)
            continue;
        switch (op->kind) {
        case TCPOPT_MSS: field(t, v, n, F_TCP_MSS_VAL, 0); break;
        case TCPOPT_WSCALE:
            field(t, v, n, F_TCP_WS_SHIFT, 0);
            field(t, v, n, F_TCP_WS_MULT, 0);
            break;
        case TCPOPT_TIMESTAMP:
            field(t, v, n, F_TCP_TSVAL, 0);
            field(t, v, n, F_TCP_TSECR, 0);
            break;
        case TCPOPT_SACK: {
            struct fval le[MAX_OCCURRENCES];
            int ns = field_get(F_TCP_SACK_LE, v, le, MAX_OCCURRENCES);
            for (int s = 0; s < ns; s++) {
                field(t, v, n, F_TCP_SACK_LE, s);
                field(t, v, n, F_TCP_SACK_RE, s);
            }
            field(t, v, n, F_TCP_SACK_COUNT, 0);
            if (present(v, F_TCP_DSACK)) {
                field(t, v, n, F_TCP_DSACK_LE, 0);
                field(t, v, n, F_TCP_DSACK_RE, 0);
                int d = jt_text(t, n, "D-SACK Sequence");
                expert(t, v, d, F_TCP_DSACK, "D-SACK Sequence", SEV_WARN, GRP_SEQUENCE);
            }
            break;
        }
        case TCPOPT_TFO: {
            field(t, v, n, F_TCP_TFO_REQUEST, 0);
            int c = field(t, v, n, F_TCP_TFO_COOKIE, 0);
            if ((tp->flags & TH_SYN) && !(tp->flags & TH_ACK))   /* its expert item has no field synfin has */
                expert(t, v, c, -1, "TCP SYN with TFO Cookie", SEV_NOTE, GRP_SEQUENCE);
            break;
        }
        case TCPOPT_MD5: field(t, v, n, F_TCP_MD5_DIGEST, 0); break;
        case TCPOPT_EXP_FD: case TCPOPT_EXP_FE:
            field(t, v, n, F_TCP_EXP_EXID, 0);
            field(t, v, n, F_TCP_TFO_REQUEST, 0);       /* TCP Fast Open under its experimental kind */
            field(t, v, n, F_TCP_TFO_COOKIE, 0);
            break;
        default: break;
        }
    }
    if (present(v, F_TCP_MSS_ABSENT))
        expert(t, v, o, F_TCP_MSS_ABSENT, "The SYN packet does not contain a MSS option", SEV_NOTE, GRP_PROTOCOL);
}

/* The flags with the expert items Wireshark hangs on them. */
static void tcp_flags(struct jtree *t, const struct view *v, int l)
{
    static const int ids[] = { F_TCP_FLAGS_RES, F_TCP_FLAGS_ACE, F_TCP_FLAGS_AE, F_TCP_FLAGS_CWR, F_TCP_FLAGS_ECE,
                               F_TCP_FLAGS_URG, F_TCP_FLAGS_ACK, F_TCP_FLAGS_PUSH, F_TCP_FLAGS_RESET,
                               F_TCP_FLAGS_SYN, F_TCP_FLAGS_FIN, F_TCP_FLAGS_STR };
    const struct tcp_layer *tp = &v->f->tcp;
    int fl = field(t, v, l, F_TCP_FLAGS, 0);
    char msg[96];
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        int n = field(t, v, fl, ids[i], 0);
        switch (ids[i]) {
        case F_TCP_FLAGS_RESET:
            if (present(v, F_TCP_CONNECTION_RST))
                expert(t, v, n, F_TCP_CONNECTION_RST, "Connection reset (RST)", SEV_WARN, GRP_SEQUENCE);
            break;
        case F_TCP_FLAGS_SYN:
            if (present(v, F_TCP_CONNECTION_SYNACK)) {
                snprintf(msg, sizeof msg, "Connection establish acknowledge (SYN+ACK): server port %u", tp->sport);
                expert(t, v, n, F_TCP_CONNECTION_SYNACK, msg, SEV_CHAT, GRP_SEQUENCE);
            } else if (present(v, F_TCP_CONNECTION_SYN)) {
                snprintf(msg, sizeof msg, "Connection establish request (SYN): server port %u", tp->dport);
                expert(t, v, n, F_TCP_CONNECTION_SYN, msg, SEV_CHAT, GRP_SEQUENCE);
            }
            break;
        case F_TCP_FLAGS_FIN:
            if (present(v, F_TCP_CONNECTION_FIN))
                expert(t, v, n, F_TCP_CONNECTION_FIN, "Connection finish (FIN)", SEV_CHAT, GRP_SEQUENCE);
            break;
        case F_TCP_FLAGS_STR:
            if (present(v, F_TCP_CONNECTION_FIN_ACTIVE))
                expert(t, v, n, F_TCP_CONNECTION_FIN_ACTIVE, "This frame initiates the connection closing",
                       SEV_NOTE, GRP_SEQUENCE);
            else if (present(v, F_TCP_CONNECTION_FIN_PASSIVE))
                expert(t, v, n, F_TCP_CONNECTION_FIN_PASSIVE, "This frame undergoes the connection closing",
                       SEV_NOTE, GRP_SEQUENCE);
            break;
        default: break;
        }
    }
}

struct flag_expert { int id; const char *message; int sev; };

/* tcp.analysis.flags: each flag as an expert item, in Wireshark's order. */
static void tcp_analysis_flags(struct jtree *t, const struct view *v, int a)
{
    static const struct flag_expert first[] = {
        { F_A_FAST_RETRANSMISSION, "This frame is a (suspected) fast retransmission", SEV_NOTE },
        { F_A_SPURIOUS_RETRANSMISSION, "This frame is a (suspected) spurious retransmission", SEV_NOTE },
        { F_A_RETRANSMISSION, "This frame is a (suspected) retransmission", SEV_NOTE },
    };
    static const struct flag_expert rest[] = {
        { F_A_OUT_OF_ORDER, "This frame is a (suspected) out-of-order segment", SEV_WARN },
        { F_A_REUSED_PORTS, "A new tcp session is started with the same ports as an earlier session in this trace",
          SEV_NOTE },
        { F_A_LOST_SEGMENT, "Previous segment(s) not captured (common at capture start)", SEV_WARN },
        { F_A_ACK_LOST_SEGMENT, "ACKed segment that wasn't captured (common at capture start)", SEV_WARN },
        { F_A_WINDOW_UPDATE, "TCP window update", SEV_CHAT },
        { F_A_WINDOW_FULL, "TCP window specified by the receiver is now completely full", SEV_WARN },
        { F_A_KEEP_ALIVE, "TCP keep-alive segment", SEV_NOTE },
        { F_A_KEEP_ALIVE_ACK, "ACK to a TCP keep-alive segment", SEV_NOTE },
    };
    static const struct flag_expert zero[] = {
        { F_A_ZERO_WINDOW_PROBE, "TCP Zero Window Probe", SEV_NOTE },
        { F_A_ZERO_WINDOW, "TCP Zero Window segment", SEV_WARN },
        { F_A_ZERO_WINDOW_PROBE_ACK, "ACK to a TCP Zero Window Probe", SEV_NOTE },
    };
    int fl = field(t, v, a, F_A_FLAGS, 0);
    if (fl < 0)
        return;
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        if (present(v, first[i].id))
            expert(t, v, fl, first[i].id, first[i].message, first[i].sev, GRP_SEQUENCE);
    field(t, v, fl, F_A_RTO, 0);
    field(t, v, fl, F_A_RTO_FRAME, 0);
    for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++)
        if (present(v, rest[i].id))
            expert(t, v, fl, rest[i].id, rest[i].message, rest[i].sev, GRP_SEQUENCE);
    if (present(v, F_A_DUPLICATE_ACK)) {
        struct fval n[MAX_OCCURRENCES];
        char msg[64];
        field_get(F_A_DUPLICATE_ACK_NUM, v, n, MAX_OCCURRENCES);
        snprintf(msg, sizeof msg, "Duplicate ACK (#%lld)", (long long)n[0].i);
        field(t, v, fl, F_A_DUPLICATE_ACK, 0);
        field(t, v, a, F_A_DUPLICATE_ACK_NUM, 0);
        int d = field(t, v, a, F_A_DUPLICATE_ACK_FRAME, 0);
        expert(t, v, d, F_A_DUPLICATE_ACK, msg, SEV_NOTE, GRP_SEQUENCE);
    }
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (present(v, zero[i].id))
            expert(t, v, fl, zero[i].id, zero[i].message, zero[i].sev, GRP_SEQUENCE);
}

static void layer_tcp(struct jtree *t, const struct view *v)
{
    int l = field(t, v, 0, F_PROTO_TCP, 0);
    static const int head[] = { F_TCP_SRCPORT, F_TCP_DSTPORT };
    for (size_t i = 0; i < 2; i++)
        field(t, v, l, head[i], 0);
    field_all(t, v, l, F_TCP_PORT);
    static const int mid[] = { F_TCP_STREAM, F_TCP_COMPLETENESS, F_TCP_LEN, F_TCP_SEQ, F_TCP_SEQ_RAW,
                               F_TCP_NXTSEQ, F_TCP_ACK };
    for (size_t i = 0; i < sizeof mid / sizeof mid[0]; i++)
        field(t, v, l, mid[i], 0);
    if (present(v, F_TCP_ACK_NONZERO)) {
        int ack = l >= 0 && t->node[l].last >= 0 && t->node[t->node[l].last].field == F_TCP_ACK ? t->node[l].last : -1;
        expert(t, v, ack, F_TCP_ACK_NONZERO, "The acknowledgment number field is nonzero while the ACK flag is not set",
               SEV_NOTE, GRP_PROTOCOL);
    }
    field(t, v, l, F_TCP_ACK_RAW, 0);
    field(t, v, l, F_TCP_HDR_LEN, 0);
    tcp_flags(t, v, l);
    static const int win[] = { F_TCP_WINDOW_SIZE_VALUE, F_TCP_WINDOW_SIZE, F_TCP_WINDOW_SCALEFACTOR,
                               F_TCP_CHECKSUM, F_TCP_CHECKSUM_STATUS, F_TCP_URGENT_POINTER };
    for (size_t i = 0; i < sizeof win / sizeof win[0]; i++) {
        int n = field(t, v, l, win[i], 0);
        if (win[i] == F_TCP_URGENT_POINTER && present(v, F_TCP_URGENT_POINTER_NON_ZERO))
            expert(t, v, n, F_TCP_URGENT_POINTER_NON_ZERO,
                   "The urgent pointer field is nonzero while the URG flag is not set", SEV_NOTE, GRP_PROTOCOL);
    }
    tcp_options(t, v, l);
    if (present(v, F_TCP_TIME_REL)) {
        int ts = jt_text(t, l, "Timestamps");
        field(t, v, ts, F_TCP_TIME_REL, 0);
        field(t, v, ts, F_TCP_TIME_DELTA, 0);
    }
    int a = field(t, v, l, F_A_ANALYSIS, 0);
    static const int an[] = { F_A_ACKS_FRAME, F_A_ACK_RTT, F_A_INITIAL_RTT, F_A_BYTES_IN_FLIGHT,
                              F_A_PUSH_BYTES_SENT };
    for (size_t i = 0; i < sizeof an / sizeof an[0]; i++)
        field(t, v, a, an[i], 0);
    if (a >= 0)
        tcp_analysis_flags(t, v, a);
    field(t, v, l, F_TCP_PAYLOAD, 0);
    /* The PDU this frame completes, as a layer of its own. */
    int s = field(t, v, 0, F_TCP_SEGMENTS, 0);
    field_all(t, v, s, F_TCP_SEGMENT);
    field(t, v, s, F_TCP_SEGMENT_COUNT, 0);
    field(t, v, s, F_TCP_REASSEMBLED_LENGTH, 0);
    field(t, v, s, F_TCP_REASSEMBLED_DATA, 0);
}

void jtree_build(struct jtree *t, const struct view *v)
{
    t->n = 0;
    t->full = false;
    t->arena_len = 0;
    jt_add(t, -1, JN_TEXT);              /* "layers" */
    layer_frame(t, v);
    layers_link_ip(t, v);
    if (v->f->has_tcp) {
        layer_tcp(t, v);
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
