/* The TCP layer of the JSON tree, as tshark 4.0 lays it out: ports,
 * numbers, the flags with the expert items Wireshark hangs on SYN, FIN and
 * RST, the options one subtree each, Timestamps, the SEQ/ACK analysis with
 * its flags as expert items; then the PDU this frame completes
 * (tcp.segments), a layer of its own. */
#include <stdio.h>

#include "decode/decode.h"
#include "present/icmp_text.h"
#include "present/jtree_impl.h"
#include "present/tcp_option_notes.h"

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
    int o = jt_field(t, v, l, F_TCP_OPTIONS, 0);
    if (o < 0)
        return;
    int nkind = 0, nlen = 0, seen[256] = { 0 }, nunknown = 0, noted = tcp_options_noted(tp);
    struct fval unknown[MAX_OCCURRENCES];
    int unknowns = field_get(F_TCP_OPT_UNKNOWN, v, unknown, MAX_OCCURRENCES);
    for (int i = 0; i < tp->nopt; i++) {
        const struct tcp_option *op = &tp->opt[i];
        if (op->bad_len)
            continue;
        if (field_tcp_nop_before(v, i))   /* in the options, before the NOP */
            jt_expert(t, v, o, F_TCP_NOP, fields[F_TCP_NOP].label, SEV_WARN, GRP_PROTOCOL);
        int id = option_field(op->kind);
        int kind_k = nkind++;
        bool has_len = op->kind != TCPOPT_EOL && op->kind != TCPOPT_NOP && op->len;
        int len_k = has_len ? nlen++ : -1;
        int n;
        /* A quote's option cut by the quote's end has its item (the bytes
         * there are) as option_bytes gives it: kind and length, no value. */
        if (id >= 0 && (!op->cut || (tp->quoted && op->len >= 2)))
            n = jt_field(t, v, o, id, seen[op->kind]++);
        else if (id < 0 && nunknown < unknowns && unknown[nunknown].p == v->f->data + op->off)
            n = jt_field(t, v, o, F_TCP_OPT_UNKNOWN, nunknown++);   /* a kind Wireshark has no dissector for, */
        else                                                   /* also cut short: the bytes there are */
            continue;                 /* a kind Wireshark knows and synfin has no field for, or cut */
        jt_field(t, v, n, F_TCP_OPTION_KIND, kind_k);
        int len = jt_field(t, v, n, F_TCP_OPTION_LEN, len_k);
        char note[80];
        if (i < noted && tcp_option_length_note(op, note, sizeof note))
            jt_expert(t, v, len, F_TCP_OPTION_LEN_INVALID, note, SEV_NOTE, GRP_SEQUENCE);
        if (op->wrong_len || op->cut)
            continue;
        switch (op->kind) {
        case TCPOPT_MSS: jt_field(t, v, n, F_TCP_MSS_VAL, 0); break;
        case TCPOPT_WSCALE: {
            int shift = jt_field(t, v, n, F_TCP_WS_SHIFT, 0);
            if (jt_present(v, F_TCP_WS_SHIFT_INVALID))
                jt_expert(t, v, shift, F_TCP_WS_SHIFT_INVALID, fields[F_TCP_WS_SHIFT_INVALID].label, SEV_WARN,
                          GRP_PROTOCOL);
            jt_field(t, v, n, F_TCP_WS_MULT, 0);
            break;
        }
        case TCPOPT_TIMESTAMP:
            jt_field(t, v, n, F_TCP_TSVAL, 0);
            jt_field(t, v, n, F_TCP_TSECR, 0);
            break;
        case TCPOPT_SACK: {
            struct fval le[MAX_OCCURRENCES];
            int ns = field_get(F_TCP_SACK_LE, v, le, MAX_OCCURRENCES);
            for (int s = 0; s < ns; s++) {
                jt_field(t, v, n, F_TCP_SACK_LE, s);
                jt_field(t, v, n, F_TCP_SACK_RE, s);
            }
            if (tcp_sack_unended(op)) {
                int u = jt_text(t, n, fields[F_TCP_SUBOPTION_MALFORMED].label);
                jt_expert(t, v, u, F_TCP_SUBOPTION_MALFORMED, fields[F_TCP_SUBOPTION_MALFORMED].label, SEV_ERROR,
                          GRP_MALFORMED);
            }
            jt_field(t, v, n, F_TCP_SACK_COUNT, 0);
            jt_field(t, v, n, F_TCP_DSACK_LE, 0);   /* also a SACK too short for a block: its left edge */
            jt_field(t, v, n, F_TCP_DSACK_RE, 0);
            if (jt_present(v, F_TCP_DSACK)) {
                int d = jt_text(t, n, "D-SACK Sequence");
                jt_expert(t, v, d, F_TCP_DSACK, "D-SACK Sequence", SEV_WARN, GRP_SEQUENCE);
            }
            break;
        }
        case TCPOPT_TFO: {
            jt_field(t, v, n, F_TCP_TFO_REQUEST, 0);
            int c = jt_field(t, v, n, F_TCP_TFO_COOKIE, 0);
            if ((tp->flags & TH_SYN) && !(tp->flags & TH_ACK))   /* its expert item has no field synfin has */
                jt_expert(t, v, c, -1, "TCP SYN with TFO Cookie", SEV_NOTE, GRP_SEQUENCE);
            break;
        }
        case TCPOPT_MD5: jt_field(t, v, n, F_TCP_MD5_DIGEST, 0); break;
        case TCPOPT_EXP_FD: case TCPOPT_EXP_FE:
            jt_field(t, v, n, F_TCP_EXP_EXID, 0);
            jt_field(t, v, n, F_TCP_TFO_REQUEST, 0);       /* TCP Fast Open under its experimental kind */
            jt_field(t, v, n, F_TCP_TFO_COOKIE, 0);
            break;
        default:                  /* a kind Wireshark has no dissector for: its bytes */
            jt_field(t, v, n, F_TCP_UNKNOWN_PAYLOAD,
                     field_occurrence_at(F_TCP_UNKNOWN_PAYLOAD, v, v->f->data + op->off + 2));
            break;
        }
    }
    if (jt_present(v, F_TCP_MSS_ABSENT))
        jt_expert(t, v, o, F_TCP_MSS_ABSENT, "The SYN packet does not contain a MSS option", SEV_NOTE, GRP_PROTOCOL);
}

/* The flags with the expert items Wireshark hangs on them. */
static void tcp_flags(struct jtree *t, const struct view *v, int l)
{
    static const int ids[] = { F_TCP_FLAGS_RES, F_TCP_FLAGS_ACE, F_TCP_FLAGS_AE, F_TCP_FLAGS_CWR, F_TCP_FLAGS_ECE,
                               F_TCP_FLAGS_URG, F_TCP_FLAGS_ACK, F_TCP_FLAGS_PUSH, F_TCP_FLAGS_RESET,
                               F_TCP_FLAGS_SYN, F_TCP_FLAGS_FIN, F_TCP_FLAGS_STR };
    const struct tcp_layer *tp = &v->f->tcp;
    int fl = jt_field(t, v, l, F_TCP_FLAGS, 0);
    char msg[96];
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        int n = jt_field(t, v, fl, ids[i], 0);
        switch (ids[i]) {
        case F_TCP_FLAGS_RESET:
            if (jt_present(v, F_TCP_CONNECTION_RST))
                jt_expert(t, v, n, F_TCP_CONNECTION_RST, "Connection reset (RST)", SEV_WARN, GRP_SEQUENCE);
            break;
        case F_TCP_FLAGS_SYN:
            if (jt_present(v, F_TCP_CONNECTION_SYNACK)) {
                snprintf(msg, sizeof msg, "Connection establish acknowledge (SYN+ACK): server port %u", tp->sport);
                jt_expert(t, v, n, F_TCP_CONNECTION_SYNACK, msg, SEV_CHAT, GRP_SEQUENCE);
            } else if (jt_present(v, F_TCP_CONNECTION_SYN)) {
                snprintf(msg, sizeof msg, "Connection establish request (SYN): server port %u", tp->dport);
                jt_expert(t, v, n, F_TCP_CONNECTION_SYN, msg, SEV_CHAT, GRP_SEQUENCE);
            }
            break;
        case F_TCP_FLAGS_FIN:
            if (jt_present(v, F_TCP_CONNECTION_FIN))
                jt_expert(t, v, n, F_TCP_CONNECTION_FIN, "Connection finish (FIN)", SEV_CHAT, GRP_SEQUENCE);
            break;
        case F_TCP_FLAGS_STR:
            if (jt_present(v, F_TCP_CONNECTION_FIN_ACTIVE))
                jt_expert(t, v, n, F_TCP_CONNECTION_FIN_ACTIVE, "This frame initiates the connection closing",
                       SEV_NOTE, GRP_SEQUENCE);
            else if (jt_present(v, F_TCP_CONNECTION_FIN_PASSIVE))
                jt_expert(t, v, n, F_TCP_CONNECTION_FIN_PASSIVE, "This frame undergoes the connection closing",
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
    int fl = jt_field(t, v, a, F_A_FLAGS, 0);
    if (fl < 0)
        return;
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++)
        if (jt_present(v, first[i].id))
            jt_expert(t, v, fl, first[i].id, first[i].message, first[i].sev, GRP_SEQUENCE);
    jt_field(t, v, fl, F_A_RTO, 0);
    jt_field(t, v, fl, F_A_RTO_FRAME, 0);
    for (size_t i = 0; i < sizeof rest / sizeof rest[0]; i++)
        if (jt_present(v, rest[i].id))
            jt_expert(t, v, fl, rest[i].id, rest[i].message, rest[i].sev, GRP_SEQUENCE);
    if (jt_present(v, F_A_DUPLICATE_ACK)) {
        struct fval n[MAX_OCCURRENCES];
        char msg[64];
        field_get(F_A_DUPLICATE_ACK_NUM, v, n, MAX_OCCURRENCES);
        snprintf(msg, sizeof msg, "Duplicate ACK (#%lld)", (long long)n[0].i);
        jt_field(t, v, fl, F_A_DUPLICATE_ACK, 0);
        jt_field(t, v, a, F_A_DUPLICATE_ACK_NUM, 0);
        int d = jt_field(t, v, a, F_A_DUPLICATE_ACK_FRAME, 0);
        jt_expert(t, v, d, F_A_DUPLICATE_ACK, msg, SEV_NOTE, GRP_SEQUENCE);
    }
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (jt_present(v, zero[i].id))
            jt_expert(t, v, fl, zero[i].id, zero[i].message, zero[i].sev, GRP_SEQUENCE);
}

void jtree_tcp(struct jtree *t, const struct view *v, int parent)
{
    int l = jt_field(t, v, parent, F_PROTO_TCP, 0);
    static const int head[] = { F_TCP_SRCPORT, F_TCP_DSTPORT };
    for (size_t i = 0; i < 2; i++)
        jt_field(t, v, l, head[i], 0);
    jt_field_all(t, v, l, F_TCP_PORT);
    bool icmp_ip = tcp_in_icmp_ip(v->f);   /* its sequence number right after the ports */
    if (icmp_ip)
        jt_field(t, v, l, F_TCP_SEQ, 0);
    static const int mid[] = { F_TCP_STREAM, F_TCP_COMPLETENESS, F_TCP_LEN, F_TCP_SEQ, F_TCP_SEQ_RAW,
                               F_TCP_NXTSEQ, F_TCP_ACK };
    for (size_t i = 0; i < sizeof mid / sizeof mid[0]; i++)
        if (!(icmp_ip && mid[i] == F_TCP_SEQ))
            jt_field(t, v, l, mid[i], 0);
    if (jt_present(v, F_TCP_ACK_NONZERO)) {
        int ack = l >= 0 && t->node[l].last >= 0 && t->node[t->node[l].last].field == F_TCP_ACK ? t->node[l].last : -1;
        jt_expert(t, v, ack, F_TCP_ACK_NONZERO, "The acknowledgment number field is nonzero while the ACK flag is not set",
               SEV_NOTE, GRP_PROTOCOL);
    }
    if (jt_present(v, F_A_TFO_ACK)) {
        int ack = l >= 0 && t->node[l].last >= 0 && t->node[t->node[l].last].field == F_TCP_ACK ? t->node[l].last : -1;
        jt_expert(t, v, ack, F_A_TFO_ACK, fields[F_A_TFO_ACK].label, SEV_NOTE, GRP_SEQUENCE);
    }
    jt_field(t, v, l, F_TCP_ACK_RAW, 0);
    jt_field(t, v, l, F_TCP_HDR_LEN, 0);
    tcp_flags(t, v, l);
    static const int win[] = { F_TCP_WINDOW_SIZE_VALUE, F_TCP_WINDOW_SIZE, F_TCP_WINDOW_SCALEFACTOR,
                               F_TCP_CHECKSUM, F_TCP_CHECKSUM_STATUS, F_TCP_URGENT_POINTER };
    for (size_t i = 0; i < sizeof win / sizeof win[0]; i++) {
        int n = jt_field(t, v, l, win[i], 0);
        if (win[i] == F_TCP_URGENT_POINTER && jt_present(v, F_TCP_URGENT_POINTER_NON_ZERO))
            jt_expert(t, v, n, F_TCP_URGENT_POINTER_NON_ZERO,
                   "The urgent pointer field is nonzero while the URG flag is not set", SEV_NOTE, GRP_PROTOCOL);
    }
    tcp_options(t, v, l);
    if (jt_present(v, F_TCP_TIME_REL)) {
        int ts = jt_text(t, l, "Timestamps");
        jt_field(t, v, ts, F_TCP_TIME_REL, 0);
        jt_field(t, v, ts, F_TCP_TIME_DELTA, 0);
    }
    int a = jt_field(t, v, l, F_A_ANALYSIS, 0);
    static const int an[] = { F_A_ACKS_FRAME, F_A_ACK_RTT, F_A_INITIAL_RTT, F_A_BYTES_IN_FLIGHT,
                              F_A_PUSH_BYTES_SENT };
    for (size_t i = 0; i < sizeof an / sizeof an[0]; i++)
        jt_field(t, v, a, an[i], 0);
    if (a >= 0)
        tcp_analysis_flags(t, v, a);
    jt_field(t, v, l, F_TCP_PAYLOAD, 0);
    jt_field(t, v, l, F_TCP_SEGMENT_DATA, 0);
    /* The PDU this frame completes, as a layer of its own. */
    int s = jt_field(t, v, 0, F_TCP_SEGMENTS, 0);
    jt_field_all(t, v, s, F_TCP_SEGMENT);
    jt_field(t, v, s, F_TCP_SEGMENT_COUNT, 0);
    jt_field(t, v, s, F_TCP_REASSEMBLED_LENGTH, 0);
    jt_field(t, v, s, F_TCP_REASSEMBLED_DATA, 0);
}
