/* -V: the detail tree, laid out as Wireshark's: one block a protocol,
 * bit lines for flags, options one by one, derived values in brackets.
 * Labels come from the field registry; values from its getters. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "present/fields.h"
#include "present/print.h"

/* The first value of field id, written into buf; "" when absent. */
static const char *value(const struct view *v, int id, char *buf, size_t n)
{
    struct fval vals[MAX_OCCURRENCES];
    struct out tmp;
    out_init(&tmp, -1);
    if (fields[id].get(v, vals, MAX_OCCURRENCES) > 0)
        field_write(&tmp, &fields[id], &vals[0]);
    size_t len = tmp.len < n - 1 ? tmp.len : n - 1;
    memcpy(buf, tmp.buf, len);
    buf[len] = 0;
    return buf;
}

static bool has(const struct view *v, int id)
{
    struct fval vals[MAX_OCCURRENCES];
    return fields[id].get(v, vals, MAX_OCCURRENCES) > 0;
}

static void indent(struct out *o, int depth)
{
    for (int i = 0; i < depth; i++)
        out_str(o, "    ");
}

/* "    Label: value" from the registry, with an optional suffix. */
static void field_line(struct out *o, const struct view *v, int depth, int id, bool derived, const char *suffix)
{
    if (!has(v, id))
        return;
    char buf[256];
    indent(o, depth);
    if (derived)
        out_char(o, '[');
    out_str(o, fields[id].label);
    out_str(o, ": ");
    out_str(o, value(v, id, buf, sizeof buf));
    if (suffix)
        out_str(o, suffix);
    if (derived)
        out_char(o, ']');
    out_char(o, '\n');
}

/* A bit line: the bits of a 12-bit field drawn with dots, as
 * ".... ..1. = Syn: Set". */
static void bit_line(struct out *o, int depth, uint16_t value, int bit, int nbits, const char *label)
{
    indent(o, depth);
    for (int i = nbits - 1; i >= 0; i--) {
        out_char(o, i == bit ? (char)('0' + (value >> i & 1)) : '.');
        if (i && i % 4 == 0)
            out_char(o, ' ');
    }
    out_printf(o, " = %s: %s\n", label, value >> bit & 1 ? "Set" : "Not set");
}

static void detail_frame(struct out *o, const struct view *v)
{
    const struct frame *f = v->f;
    char buf[64];
    out_printf(o, "Frame %llu: %u bytes on wire (%llu bits), %u bytes captured (%llu bits)\n",
               (unsigned long long)f->number, f->len, f->len * 8ull, f->caplen, f->caplen * 8ull);
    const char *link = link_display_name(f->linktype);
    out_printf(o, "    Encapsulation type: %s (%d)\n", link ? link : "Unknown", f->linktype);
    struct tm tm;
    time_t sec = f->ts.tv_sec;
    gmtime_r(&sec, &tm);
    strftime(buf, sizeof buf, "%b %d, %Y %H:%M:%S", &tm);
    out_printf(o, "    Arrival Time: %s.%09ld UTC\n", buf, f->ts.tv_nsec);
    field_line(o, v, 1, F_FRAME_TIME_EPOCH, false, " seconds");
    field_line(o, v, 1, F_FRAME_TIME_DELTA, true, " seconds");
    field_line(o, v, 1, F_FRAME_TIME_REL, true, " seconds");
    field_line(o, v, 1, F_FRAME_NUMBER, false, NULL);
    field_line(o, v, 1, F_FRAME_LEN, false, " bytes");
    field_line(o, v, 1, F_FRAME_CAP_LEN, false, " bytes");
}

static void detail_link_ip(struct out *o, const struct view *v)
{
    const struct frame *f = v->f;
    char a[64], b[64];
    for (int i = 0; i < f->neth; i++) {
        const uint8_t *p = f->data + f->eth[i].off;
        snprintf(a, sizeof a, "%02x:%02x:%02x:%02x:%02x:%02x", p[6], p[7], p[8], p[9], p[10], p[11]);
        snprintf(b, sizeof b, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
        out_printf(o, "Ethernet II, Src: %s, Dst: %s\n", a, b);
        out_printf(o, "    Destination: %s\n    Source: %s\n    Type: 0x%04x\n", b, a, f->eth[i].type);
    }
    for (int i = 0; i < f->nvlan; i++)
        out_printf(o, "802.1Q Virtual LAN, PRI: %u, ID: %u\n", f->vlan[i].tci >> 13, f->vlan[i].tci & 0xfff);
    for (int i = 0; i < f->nip; i++) {
        const struct ip_layer *ip = &f->ip[i];
        if (ip->version == 4 && frame_has(f, ip->off, 20)) {
            inet_ntop(AF_INET, f->data + ip->off + 12, a, sizeof a);
            inet_ntop(AF_INET, f->data + ip->off + 16, b, sizeof b);
            out_printf(o, "Internet Protocol Version 4, Src: %s, Dst: %s\n", a, b);
            out_printf(o, "    0100 .... = Version: 4\n    .... %d%d%d%d = Header Length: %u bytes (%u)\n",
                       ip->hdr_len >> 5 & 1, ip->hdr_len >> 4 & 1, ip->hdr_len >> 3 & 1, ip->hdr_len >> 2 & 1,
                       ip->hdr_len, ip->hdr_len / 4);
            out_printf(o, "    Differentiated Services Field: 0x%02x\n", ip->tos);
            if (ip->len_from_frame)   /* as Wireshark words it */
                out_printf(o, "    [Total Length: %u bytes (reported as 0, presumed to be because of "
                              "\"TCP segmentation offload\" (TSO))]\n", ip_total_len(ip));
            else
                out_printf(o, "    Total Length: %u\n", ip->len);
            out_printf(o, "    Identification: 0x%04x (%u)\n    Flags: 0x%x%s%s\n", ip->id, ip->id, ip->frag >> 13,
                       ip->frag & 0x4000 ? ", Don't fragment" : "", ip->frag & 0x2000 ? ", More fragments" : "");
            out_printf(o, "    Fragment Offset: %u\n    Time to Live: %u\n    Protocol: %u\n", (ip->frag & 0x1fff) * 8,
                       ip->ttl, ip->proto);
            out_printf(o, "    Header Checksum: 0x%04x [validation disabled]\n", ip->checksum);
            out_printf(o, "    Source Address: %s\n    Destination Address: %s\n", a, b);
        } else if (ip->version == 6 && frame_has(f, ip->off, 40)) {
            inet_ntop(AF_INET6, f->data + ip->off + 8, a, sizeof a);
            inet_ntop(AF_INET6, f->data + ip->off + 24, b, sizeof b);
            out_printf(o, "Internet Protocol Version 6, Src: %s, Dst: %s\n", a, b);
            out_printf(o, "    0110 .... = Version: 6\n    Flow Label: 0x%05x\n    Payload Length: %u\n",
                       ip->vtcflow & 0xfffff, ip->plen);
            out_printf(o, "    Next Header: %u\n    Hop Limit: %u\n", ip->nxt, ip->hlim);
            out_printf(o, "    Source Address: %s\n    Destination Address: %s\n", a, b);
        }
    }
}

static const char *option_name(uint8_t kind)
{
    switch (kind) {
    case TCPOPT_EOL: return "End of Option List (EOL)";
    case TCPOPT_NOP: return "No-Operation (NOP)";
    case TCPOPT_MSS: return "Maximum segment size";
    case TCPOPT_WSCALE: return "Window scale";
    case TCPOPT_SACK_PERM: return "SACK permitted";
    case TCPOPT_SACK: return "SACK";
    case TCPOPT_TIMESTAMP: return "Timestamps";
    case TCPOPT_MD5: return "TCP MD5 signature";
    case TCPOPT_USER_TO: return "User Timeout";
    case TCPOPT_AO: return "TCP AO";
    case TCPOPT_MPTCP: return "Multipath TCP";
    case TCPOPT_TFO: return "TCP Fast Open";
    case TCPOPT_ACC_ECN_0:
    case TCPOPT_ACC_ECN_1: return "Accurate ECN";
    case TCPOPT_EXP_FD:
    case TCPOPT_EXP_FE: return "Experimental";
    default: return "Unknown";
    }
}

static void detail_options(struct out *o, const struct view *v)
{
    const struct tcp_layer *t = &v->f->tcp;
    const struct track_info *k = v->tk;
    if (t->hdr_len <= 20 || t->bogus_hdr_len)
        return;
    out_printf(o, "    Options: (%u bytes)", t->hdr_len - 20u);
    for (int i = 0; i < t->nopt; i++)
        out_printf(o, "%s%s", i ? ", " : ", ", option_name(t->opt[i].kind));
    out_char(o, '\n');
    for (int i = 0; i < t->nopt; i++) {
        const struct tcp_option *op = &t->opt[i];
        if (op->cut) {
            out_printf(o, "        %s (cut by the capture length)\n", option_name(op->kind));
            continue;
        }
        if (op->bad_len) {
            out_printf(o, "        %s (option length = %u bytes is invalid)\n", option_name(op->kind), op->len);
            continue;
        }
        switch (op->kind) {
        case TCPOPT_MSS: out_printf(o, "        TCP Option - Maximum segment size: %u bytes\n", t->mss); break;
        case TCPOPT_WSCALE:
            out_printf(o, "        TCP Option - Window scale: %u (multiply by %u)\n", t->ws_shift,
                       1u << tcp_ws_shift(t));
            break;
        case TCPOPT_TIMESTAMP:
            out_printf(o, "        TCP Option - Timestamps: TSval %u, TSecr %u\n", t->tsval, t->tsecr);
            break;
        case TCPOPT_SACK:
            out_str(o, "        TCP Option - SACK");
            if (k)
                for (int s = 0; s < t->nsack; s++)
                    out_printf(o, " %u-%u", k->sack_le[s], k->sack_re[s]);
            out_char(o, '\n');
            break;
        default: out_printf(o, "        TCP Option - %s\n", option_name(op->kind)); break;
        }
        out_printf(o, "            Kind: %u\n", op->kind);
        if (op->kind != TCPOPT_EOL && op->kind != TCPOPT_NOP)
            out_printf(o, "            Length: %u\n", op->len);
    }
}

/* The completeness value in words, as Wireshark's detail shows it. */
static const char *completeness_words(unsigned c)
{
    switch (c) {
    case 1: return "Incomplete, SYN_SENT";
    case 3: return "Incomplete, CLIENT_ESTABLISHED";
    case 7: return "Incomplete, ESTABLISHED";
    case 15: return "Incomplete, DATA";
    case 31: case 47: case 63: return "Complete, WITH_DATA";
    case 23: case 39: case 55: return "Complete, NO_DATA";
    default: return "Incomplete";
    }
}

static void detail_tcp(struct out *o, const struct view *v)
{
    const struct tcp_layer *t = &v->f->tcp;
    char buf[64];
    out_printf(o, "Transmission Control Protocol, Src Port: %u, Dst Port: %u", t->sport, t->dport);
    if (has(v, F_TCP_SEQ))
        out_printf(o, ", Seq: %s", value(v, F_TCP_SEQ, buf, sizeof buf));
    if ((t->flags & TH_ACK) && has(v, F_TCP_ACK))
        out_printf(o, ", Ack: %s", value(v, F_TCP_ACK, buf, sizeof buf));
    if (has(v, F_TCP_LEN))
        out_printf(o, ", Len: %s", value(v, F_TCP_LEN, buf, sizeof buf));
    out_char(o, '\n');
    field_line(o, v, 1, F_TCP_SRCPORT, false, NULL);
    field_line(o, v, 1, F_TCP_DSTPORT, false, NULL);
    field_line(o, v, 1, F_TCP_STREAM, true, NULL);
    if (has(v, F_TCP_COMPLETENESS))
        out_printf(o, "    [%s: %s (%u)]\n", fields[F_TCP_COMPLETENESS].label,
                   completeness_words(v->tk->completeness), v->tk->completeness);
    field_line(o, v, 1, F_TCP_LEN, true, NULL);
    bool rel = v->prefs->relative_seq && v->tk;
    field_line(o, v, 1, F_TCP_SEQ, false, rel ? "    (relative sequence number)" : NULL);
    field_line(o, v, 1, F_TCP_SEQ_RAW, false, NULL);
    field_line(o, v, 1, F_TCP_NXTSEQ, true, rel ? "    (relative sequence number)" : NULL);
    field_line(o, v, 1, F_TCP_ACK, false, rel && (t->flags & TH_ACK) ? "    (relative ack number)" : NULL);
    field_line(o, v, 1, F_TCP_ACK_RAW, false, NULL);
    if (has(v, F_TCP_HDR_LEN)) {
        unsigned off = t->hdr_len / 4;
        out_printf(o, "    %d%d%d%d .... = Header Length: %u bytes (%u)\n", off >> 3 & 1, off >> 2 & 1, off >> 1 & 1,
                   off & 1, t->hdr_len, off);
    }
    if (!has(v, F_TCP_FLAGS))
        return;
    columns_build(v);
    const char *info = v->cols->info;
    const char *lb = strchr(info, '['), *rb = lb ? strchr(lb, ']') : NULL;
    out_printf(o, "    Flags: 0x%03x (%.*s)\n", t->flags, lb && rb ? (int)(rb - lb - 1) : 0, lb ? lb + 1 : "");
    indent(o, 2);
    out_printf(o, "%c%c%c. .... .... = Reserved: %s\n", '0' + (t->flags >> 11 & 1), '0' + (t->flags >> 10 & 1),
               '0' + (t->flags >> 9 & 1), t->flags & TH_RESERVED ? "Set" : "Not set");
    static const int flag_ids[] = { F_TCP_FLAGS_AE, F_TCP_FLAGS_CWR, F_TCP_FLAGS_ECE, F_TCP_FLAGS_URG,
                                    F_TCP_FLAGS_ACK, F_TCP_FLAGS_PUSH, F_TCP_FLAGS_RESET, F_TCP_FLAGS_SYN,
                                    F_TCP_FLAGS_FIN };
    for (int i = 0; i < 9; i++)
        bit_line(o, 2, t->flags, 8 - i, 12, fields[flag_ids[i]].label);
    field_line(o, v, 2, F_TCP_FLAGS_STR, true, NULL);
    field_line(o, v, 1, F_TCP_WINDOW_SIZE_VALUE, false, NULL);
    field_line(o, v, 1, F_TCP_WINDOW_SIZE, true, NULL);
    field_line(o, v, 1, F_TCP_WINDOW_SCALEFACTOR, true, NULL);
    if (has(v, F_TCP_CHECKSUM)) {
        static const char *const status[] = { "Bad", "Good", "Unverified", "Not present" };
        out_printf(o, "    Checksum: %s [%s]\n", value(v, F_TCP_CHECKSUM, buf, sizeof buf),
                   t->csum_status == CSUM_UNVERIFIED ? "unverified" : t->csum_status == CSUM_GOOD ? "correct" : "incorrect");
        out_printf(o, "    [Checksum Status: %s]\n", status[t->csum_status & 3]);
    }
    field_line(o, v, 1, F_TCP_URGENT_POINTER, false, NULL);
    detail_options(o, v);
    if (has(v, F_TCP_TIME_REL)) {
        out_str(o, "    [Timestamps]\n");
        field_line(o, v, 2, F_TCP_TIME_REL, true, " seconds");
        field_line(o, v, 2, F_TCP_TIME_DELTA, true, " seconds");
    }
    if (has(v, F_TCP_PAYLOAD))
        out_printf(o, "    TCP payload (%u bytes)\n", t->seg_len);
    field_line(o, v, 1, F_SYNFIN_STEP, true, NULL);
    field_line(o, v, 1, F_SYNFIN_STATE_CLIENT, true, NULL);
    field_line(o, v, 1, F_SYNFIN_STATE_SERVER, true, NULL);
}

void print_detail(struct out *o, const struct view *v, bool only_tcp)
{
    if (only_tcp) {
        print_summary(o, v, false);
    } else {
        detail_frame(o, v);
        detail_link_ip(o, v);
    }
    if (v->f->has_tcp)
        detail_tcp(o, v);
    if (v->f->truncated && v->f->has_tcp)
        out_str(o, "[Packet size limited during capture: TCP truncated]\n");
    else if (v->f->malformed)
        out_str(o, "[Malformed Packet]\n");
    out_char(o, '\n');
}
