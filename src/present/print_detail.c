/* -V: the detail tree, laid out as Wireshark's: one block a protocol,
 * bit lines for flags, options one by one, derived values in brackets.
 * Labels come from the field registry; values from its getters. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode/decode.h"
#include "present/fields.h"
#include "present/fields_walk.h"
#include "present/icmp_text.h"
#include "present/detail_impl.h"
#include "present/print.h"
#include "present/tcp_option_notes.h"
#include "present/titles.h"

/* The report's byte view: while print_detail_spans runs, each line that
 * shows bytes of the frame records where they lie (one call at a time:
 * the presenters run on one thread). */
static struct detail_spans *spans;

void dt_bytes(struct out *o, const uint8_t *p, size_t n)
{
    out_hexbytes(o, p, n > 36 ? 36 : n);
    if (n > 36)
        out_str(o, "\xe2\x80\xa6");
}

void dt_mark(struct out *o, uint32_t off, uint32_t len)
{
    if (spans && spans->n < DETAIL_SPANS_MAX && len)
        spans->v[spans->n++] = (struct detail_span){ (uint32_t)o->len, off, len };
}

/* Derived rows shown where raw ones lie: the relative numbers are read
 * from the raw ones' bytes. */
static int wire_row(int id)
{
    switch (id) {
    case F_TCP_SEQ: return F_TCP_SEQ_RAW;
    case F_TCP_ACK: return F_TCP_ACK_RAW;
    default: return id;
    }
}

void dt_mark_field(struct out *o, const struct view *v, int id, int k)
{
    uint32_t off, len;
    if (spans && field_wire_span(wire_row(id), v, k, &off, &len))
        dt_mark(o, off, len);
}

/* Value k of field id (k-th occurrence), written into buf; "" when absent. */
const char *dt_value_at(const struct view *v, int id, int k, char *buf, size_t n)
{
    struct fval vals[MAX_OCCURRENCES];
    struct out tmp;
    out_init(&tmp, -1);
    if (field_get(id, v, vals, MAX_OCCURRENCES) > k)
        field_write(&tmp, &fields[id], &vals[k]);
    size_t len = tmp.len < n - 1 ? tmp.len : n - 1;
    memcpy(buf, tmp.buf, len);
    buf[len] = 0;
    return buf;
}

const char *dt_value(const struct view *v, int id, char *buf, size_t n) { return dt_value_at(v, id, 0, buf, n); }

/* The typed value k of field id, or -1 when absent (integer fields). */
int64_t dt_int_at(const struct view *v, int id, int k)
{
    struct fval vals[MAX_OCCURRENCES];
    return field_get(id, v, vals, MAX_OCCURRENCES) > k ? vals[k].i : -1;
}

bool dt_has(const struct view *v, int id)
{
    struct fval vals[MAX_OCCURRENCES];
    return field_get(id, v, vals, MAX_OCCURRENCES) > 0;
}

void dt_indent(struct out *o, int depth)
{
    for (int i = 0; i < depth; i++)
        out_str(o, "    ");
}

/* "    Label: value" of field id's k-th value, with an optional suffix. */
void dt_line_at(struct out *o, const struct view *v, int depth, int id, int k, bool derived,
                          const char *suffix)
{
    struct fval vals[MAX_OCCURRENCES];
    if (field_get(id, v, vals, MAX_OCCURRENCES) <= k)
        return;
    dt_mark_field(o, v, id, k);
    dt_indent(o, depth);
    if (derived)
        out_char(o, '[');
    out_str(o, fields[id].label);
    out_str(o, ": ");
    if (field_has_value_names(id) && fields[id].type != T_BOOLEAN) {   /* "TCP (6)", as Wireshark */
        const char *name = field_value_name(id, vals[k].i);
        out_str(o, name ? name : "Unknown");
        out_str(o, " (");
        field_write(o, &fields[id], &vals[k]);
        out_char(o, ')');
    } else if (fields[id].type == T_BOOLEAN) {
        const char *name = field_value_name(id, vals[k].i);     /* a boolean's own words, else Wireshark's */
        out_str(o, name ? name : vals[k].i ? "True" : "False");
    } else {
        field_write(o, &fields[id], &vals[k]);
    }
    if (suffix)
        out_str(o, suffix);
    if (derived)
        out_char(o, ']');
    out_char(o, '\n');
}

void dt_expert(struct out *o, int depth, const char *severity, const char *group, const char *msg)
{
    dt_indent(o, depth);
    out_printf(o, "[Expert Info (%s/%s): %s]\n", severity, group, msg);
    dt_indent(o, depth + 1);
    out_printf(o, "[%s]\n", msg);
    dt_indent(o, depth + 1);
    out_printf(o, "[Severity level: %s]\n", severity);
    dt_indent(o, depth + 1);
    out_printf(o, "[Group: %s]\n", group);
}

void dt_line(struct out *o, const struct view *v, int depth, int id, bool derived, const char *suffix)
{
    dt_line_at(o, v, depth, id, 0, derived, suffix);
}

/* A bit line: the bits of a 12-bit field drawn with dots, as
 * ".... ..1. = Syn: Set", the flag's label and value name from the registry. */
void dt_bit_line(struct out *o, const struct view *v, int depth, uint16_t value, int bit, int nbits, int id)
{
    dt_mark_field(o, v, id, 0);
    dt_indent(o, depth);
    for (int i = nbits - 1; i >= 0; i--) {
        out_char(o, i == bit ? (char)('0' + (value >> i & 1)) : '.');
        if (i && i % 4 == 0)
            out_char(o, ' ');
    }
    out_printf(o, " = %s: %s\n", fields[id].label, field_value_name(id, value >> bit & 1));
}

/* The bits of raw (nbits of them) under fd's mask, the others as dots:
 * ".... ..10" */
static void bits_pattern(struct out *o, int depth, const struct field *fd, uint64_t raw, int nbits)
{
    dt_indent(o, depth);
    for (int i = nbits - 1; i >= 0; i--) {
        out_char(o, fd->wire.mask >> i & 1 ? (char)('0' + (raw >> i & 1)) : '.');
        if (i && i % 4 == 0)
            out_char(o, ' ');
    }
}

void dt_bits_drawn(struct out *o, const struct view *v, int depth, const struct field *fd, uint32_t off, uint32_t len)
{
    uint64_t raw = 0;
    for (uint32_t i = 0; i < len; i++)
        raw = raw << 8 | v->f->data[off + i];
    dt_mark(o, off, len);
    bits_pattern(o, depth, fd, raw, (int)len * 8);
}

void dt_bits_at(struct out *o, const struct view *v, int depth, int id, int k)
{
    const struct field *fd = &fields[id];
    struct fval vals[MAX_OCCURRENCES];
    uint32_t off, len;
    if (!fd->wire.mask || !field_wire_span(id, v, k, &off, &len) || field_get(id, v, vals, MAX_OCCURRENCES) <= k)
        return;
    dt_bits_drawn(o, v, depth, fd, off, len);
    out_printf(o, " = %s: ", fd->label);
    const char *name = field_value_name(id, vals[k].i);
    if (fd->type == T_BOOLEAN)
        out_str(o, name ? name : vals[k].i ? "True" : "False");
    else if (name || field_has_value_names(id)) {   /* "Unknown (31)"; in the row's base: "Integer (0x01)" */
        out_printf(o, "%s (", name ? name : "Unknown");
        field_write(o, fd, &vals[k]);
        out_char(o, ')');
    }
    else
        field_write(o, fd, &vals[k]);
    out_char(o, '\n');
}

/* The frame's pcapng comments, before the frame as Wireshark shows them,
 * each with its expert item; the text escaped (D_UTF8). */
static void detail_comments(struct out *o, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    int n = field_get(F_FRAME_COMMENT, v, vals, MAX_OCCURRENCES);
    if (n == 0)
        return;
    out_printf(o, "%s\n", fields[F_PROTO_PKT_COMMENT].label);
    static const char *const pre[3] = { "    ", "        [Expert Info (Comment/Comment): ", "            [" };
    static const char *const post[3] = { "\n", "]\n", "]\n" };
    for (int k = 0; k < n; k++) {
        for (int line = 0; line < 3; line++) {
            out_str(o, pre[line]);
            field_write(o, &fields[F_FRAME_COMMENT], &vals[k]);
            out_str(o, post[line]);
        }
        out_str(o, "            [Severity level: Comment]\n            [Group: Comment]\n");
    }
}

/* A pcapng packet's interface, as tshark 4.0's frame title ends: " on
 * interface eth0, id 0" (its name escaped: tshark writes it raw). */
static void detail_iface_title(struct out *o, const struct view *v)
{
    struct fval name, id;
    if (field_get(F_FRAME_INTERFACE_NAME, v, &name, 1) < 1 || field_get(F_FRAME_INTERFACE_ID, v, &id, 1) < 1)
        return;
    out_str(o, " on interface ");
    field_write(o, &fields[F_FRAME_INTERFACE_NAME], &name);
    out_str(o, ", id ");
    field_write(o, &fields[F_FRAME_INTERFACE_ID], &id);
    int64_t dir = dt_int_at(v, F_FRAME_P2P_DIR, 0);       /* the flags' direction */
    if (dir >= 0)
        out_str(o, dir ? " (inbound)" : " (outbound)");
}

/* A pcapng packet's flags (not in the frame's bytes): the word, then each
 * part's bits as a header field's, "..10 = Direction: Outbound (0x2)": a
 * name and the value (in hex for the direction), a boolean's Set or Not
 * set, or the number. */
static void detail_pkt_flags(struct out *o, const struct view *v)
{
    int64_t word = dt_int_at(v, F_FRAME_PACKET_FLAGS, 0);
    if (word < 0)
        return;
    dt_line(o, v, 1, F_FRAME_PACKET_FLAGS, false, NULL);
    /* the parts follow the word in the registry, in tshark's order (as -T json reads them) */
    for (int id = F_FRAME_PACKET_FLAGS + 1; id <= F_FRAME_PACKET_FLAGS_SYMBOL_ERROR; id++) {
        const struct field *fd = &fields[id];
        int64_t x = dt_int_at(v, id, 0);
        const char *name = field_value_name(id, x);
        bits_pattern(o, 2, fd, (uint64_t)word, 32);
        out_printf(o, " = %s: ", fd->label);
        if (fd->type == T_BOOLEAN)
            out_str(o, name);
        else if (fd->display == D_HEX)
            out_printf(o, "%s (0x%llx)", name ? name : "Unknown", (unsigned long long)x);
        else if (field_has_value_names(id))
            out_printf(o, "%s (%lld)", name ? name : "Unknown", (long long)x);
        else
            out_i64(o, x);
        out_char(o, '\n');
    }
}

/* A pcapng record's section, and a packet's interface with its names under
 * it: "Interface id: 0 (eth0)". */
static void detail_iface(struct out *o, const struct view *v)
{
    dt_line(o, v, 1, F_FRAME_SECTION_NUMBER, false, NULL);
    struct fval name, id;
    if (field_get(F_FRAME_INTERFACE_NAME, v, &name, 1) < 1 || field_get(F_FRAME_INTERFACE_ID, v, &id, 1) < 1)
        return;
    dt_indent(o, 1);
    out_printf(o, "%s: ", fields[F_FRAME_INTERFACE_ID].label);
    field_write(o, &fields[F_FRAME_INTERFACE_ID], &id);
    out_str(o, " (");
    field_write(o, &fields[F_FRAME_INTERFACE_NAME], &name);
    out_str(o, ")\n");
    dt_line(o, v, 2, F_FRAME_INTERFACE_NAME, false, NULL);
    dt_line(o, v, 2, F_FRAME_INTERFACE_DESCRIPTION, false, NULL);
}

static void detail_frame(struct out *o, const struct view *v)
{
    const struct frame *f = v->f;
    dt_mark(o, 0, f->caplen);
    if (f->record == REC_CUSTOM_BLOCK)       /* Wireshark's titles for the pcapng blocks it shows */
        out_printf(o, "PCAPNG Custom Block %llu: %u bytes (%llu bits) of custom data and options, PEN %s (%u), "
                   "copying %sallowed\n", (unsigned long long)f->number, f->len, f->len * 8ull,
                   pen_name(f->block_pen), f->block_pen, f->block_copy ? "" : "not ");
    else if (f->record == REC_JOURNAL_BLOCK)
        out_printf(o, "Systemd Journal Entry %llu: %u bytes\n", (unsigned long long)f->number, f->len);
    else {
        out_printf(o, "Frame %llu: %u bytes on wire (%llu bits), %u bytes captured (%llu bits)",
                   (unsigned long long)f->number, f->len, f->len * 8ull, f->caplen, f->caplen * 8ull);
        detail_iface_title(o, v);
        out_char(o, '\n');
    }
    detail_iface(o, v);
    dt_line(o, v, 1, F_FRAME_INTERFACE_QUEUE, false, NULL);
    detail_pkt_flags(o, v);
    dt_line(o, v, 1, F_FRAME_PACKET_ID, false, NULL);
    dt_line(o, v, 1, F_FRAME_ENCAP_TYPE, false, NULL);
    dt_line(o, v, 1, F_FRAME_TIME, false, NULL);
    dt_line(o, v, 1, F_FRAME_OFFSET_SHIFT, true, " seconds");
    dt_line(o, v, 1, F_FRAME_TIME_EPOCH, false, " seconds");
    dt_line(o, v, 1, F_FRAME_TIME_DELTA, true, " seconds");
    dt_line(o, v, 1, F_FRAME_TIME_DELTA_DISPLAYED, true, " seconds");
    dt_line(o, v, 1, F_FRAME_TIME_REL, true, " seconds");
    dt_line(o, v, 1, F_FRAME_NUMBER, false, NULL);
    char bits[48];
    snprintf(bits, sizeof bits, " bytes (%llu bits)", f->len * 8ull);
    dt_line(o, v, 1, F_FRAME_LEN, false, bits);
    snprintf(bits, sizeof bits, " bytes (%llu bits)", f->caplen * 8ull);
    dt_line(o, v, 1, F_FRAME_CAP_LEN, false, bits);
    dt_line(o, v, 1, F_FRAME_DROP_COUNT, false, NULL);
    dt_line(o, v, 1, F_FRAME_MARKED, true, NULL);
    dt_line(o, v, 1, F_FRAME_IGNORED, true, NULL);
    dt_line(o, v, 1, F_FRAME_P2P_DIR, false, NULL);
    /* frame.protocols, where it is tshark's whole list: synfin's stops
     * where its decoding does (tshark's goes on into BGP, DNS ...). */
    if (frame_protocols_complete(v))
        dt_line(o, v, 1, F_FRAME_PROTOCOLS, true, NULL);
    if (f->record == REC_CUSTOM_BLOCK)
        out_printf(o, "    Private Enterprise Number: %s (%u)\n    Copying: %s\n", pen_name(f->block_pen),
                   f->block_pen, f->block_copy ? "Allowed" : "Not Allowed");
}

/* Ethernet, VLAN and IP: one block a header, every value from the registry
 * (value k of a field is the k-th header's). */

/* A MAC address's line and, under it, its eth.addr and its LG and IG bits,
 * as tshark shows Destination and Source (eth.addr holds each header's
 * destination, then its source). */
static void detail_eth_addr(struct out *o, const struct view *v, int i, int d, bool src)
{
    dt_line_at(o, v, d, src ? F_ETH_SRC : F_ETH_DST, i, false, NULL);
    if (src && dt_int_at(v, F_ETH_SRC_IG, i) == 1)
        dt_expert(o, d + 1, "Warning", "Protocol", fields[F_ETH_SRC_NOT_GROUP].label);
    dt_line_at(o, v, d + 1, F_ETH_ADDR, 2 * i + src, false, NULL);
    dt_bits_at(o, v, d + 1, src ? F_ETH_SRC_LG : F_ETH_DST_LG, i);
    dt_bits_at(o, v, d + 1, src ? F_ETH_SRC_IG : F_ETH_DST_IG, i);
}

/* What follows the packet (eth.padding, eth.trailer): the frame's one
 * Ethernet header's, as add_ethernet_trailer shows it. */
static void detail_eth_tail(struct out *o, const struct view *v, int i, int d)
{
    if (i)
        return;
    dt_line(o, v, d, F_ETH_PADDING, false, NULL);
    if (dt_has(v, F_ETH_TRAILER)) {
        dt_line(o, v, d, F_ETH_TRAILER, false, NULL);
        if (!dt_has(v, F_ETH_PADDING))
            dt_expert(o, d + 1, "Note", "Protocol",
                      "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.");
    }
}

static void detail_eth(struct out *o, const struct view *v, int i, int d)
{
    const struct frame *f = v->f;
    char src[64], dst[64];
    dt_mark(o, f->eth[i].off, frame_has(f, f->eth[i].off, 14) ? 14 : 0);
    dt_indent(o, d);
    if (f->eth[i].type <= 1500) {
        /* IEEE 802.3: a length where Ethernet II has its type */
        out_str(o, "IEEE 802.3 Ethernet \n");
        detail_eth_addr(o, v, i, d + 1, false);
        detail_eth_addr(o, v, i, d + 1, true);
        dt_indent(o, d + 1);
        out_printf(o, "Length: %u\n", f->eth[i].type);
        detail_eth_tail(o, v, i, d + 1);
        return;
    }
    out_printf(o, "Ethernet II, Src: %s, Dst: %s\n", dt_value_at(v, F_ETH_SRC, i, src, sizeof src),
               dt_value_at(v, F_ETH_DST, i, dst, sizeof dst));
    detail_eth_addr(o, v, i, d + 1, false);
    detail_eth_addr(o, v, i, d + 1, true);
    dt_line_at(o, v, d + 1, F_ETH_TYPE, i, false, NULL);
    detail_eth_tail(o, v, i, d + 1);
}

/* A bit line's start, at depth d: the nbits of raw under mask, dots
 * elsewhere, then " = " (the caller writes the rest). */
static void dt_bits_prefix(struct out *o, int d, uint32_t raw, int nbits, uint32_t mask)
{
    dt_indent(o, d);
    for (int i = nbits - 1; i >= 0; i--) {
        out_char(o, mask >> i & 1 ? (char)('0' + (raw >> i & 1)) : '.');
        if (i && i % 4 == 0)
            out_char(o, ' ');
    }
    out_str(o, " = ");
}

/* Wireshark's short words for a DS field's codepoint and ECN bits, as its
 * IP and IPv6 headers' titles show them: "(DSCP: CS0, ECN: Not-ECT)". */
static void ds_words(struct out *o, unsigned ds)
{
    static const struct { uint8_t dscp; const char *name; } dscp[] = {
        { 0, "CS0" }, { 1, "LE" }, { 8, "CS1" }, { 10, "AF11" }, { 12, "AF12" }, { 14, "AF13" },
        { 16, "CS2" }, { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" }, { 24, "CS3" }, { 26, "AF31" },
        { 28, "AF32" }, { 30, "AF33" }, { 32, "CS4" }, { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" },
        { 40, "CS5" }, { 44, "VA" }, { 46, "EF" }, { 48, "CS6" }, { 56, "CS7" },
    };
    static const char *const ecn[4] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
    const char *name = "Unknown";
    for (size_t i = 0; i < sizeof dscp / sizeof dscp[0]; i++)
        if (dscp[i].dscp == ds >> 2)
            name = dscp[i].name;
    out_printf(o, " (DSCP: %s, ECN: %s)", name, ecn[ds & 3]);
}

/* The IP header i; k4 and k6 count the IPv4 and IPv6 headers shown so
 * far (a field's occurrence among its own kind); d is the block's depth
 * (1 inside an ICMP error, as Wireshark nests the header it quotes). */
static void detail_ip(struct out *o, const struct view *v, int i, int *k4, int *k6, int d)
{
    const struct frame *f = v->f;
    char n[32];
    const struct ip_layer *ip = &f->ip[i];
    uint32_t ip_hdr = frame_has(f, ip->off, ip->hdr_len) ? ip->hdr_len : 0;
    if (!ip->version) {
        int ver = ip->wire_version;
        dt_mark(o, ip->off, ip_hdr);
        dt_indent(o, d);
        ip_title(o, v, i);
        out_char(o, '\n');
        dt_indent(o, d + 1);
        out_printf(o, "%d%d%d%d .... = %s: %d\n", ver >> 3 & 1, ver >> 2 & 1, ver >> 1 & 1, ver & 1,
                   fields[F_IP_VERSION].label, ver);
    } else if (ip->version == 4 && frame_has(f, ip->off, 1)) {   /* cut: the lines captured (ip_has) */
        int k = (*k4)++;
        dt_mark(o, ip->off, ip_hdr);
        dt_indent(o, d);
        ip_title(o, v, i);
        out_char(o, '\n');
        dt_mark_field(o, v, F_IP_VERSION, k);
        dt_indent(o, d + 1);
        out_printf(o, "0100 .... = %s: 4\n", fields[F_IP_VERSION].label);
        int64_t hl = dt_int_at(v, F_IP_HDR_LEN, k);
        dt_mark_field(o, v, F_IP_HDR_LEN, k);
        dt_indent(o, d + 1);
        out_printf(o, ".... %d%d%d%d = %s: %lld bytes (%lld)\n", (int)(hl >> 5 & 1), (int)(hl >> 4 & 1),
                   (int)(hl >> 3 & 1), (int)(hl >> 2 & 1), fields[F_IP_HDR_LEN].label, (long long)hl,
                   (long long)hl / 4);
        /* Lines past the end the enclosing layer gave the header (a
         * PPPoE length inside it) are not there: ip_has. */
        if (ip_has(f, ip, ip->off + 1, 1)) {
            dt_mark_field(o, v, F_IP_DSFIELD, k);
            dt_indent(o, d + 1);
            out_printf(o, "%s: 0x%02x", fields[F_IP_DSFIELD].label, f->data[ip->off + 1]);
            ds_words(o, f->data[ip->off + 1]);
            out_char(o, '\n');
        }
        dt_bits_at(o, v, d + 2, F_IP_DSCP, k);
        dt_bits_at(o, v, d + 2, F_IP_ECN, k);
        dt_mark_field(o, v, F_IP_LEN, k);
        if (ip->len_from_frame) {   /* as Wireshark words it */
            dt_indent(o, d + 1);
            out_printf(o, "[%s: %s bytes (reported as 0, presumed to be because of "
                          "\"TCP segmentation offload\" (TSO))]\n", fields[F_IP_LEN].label,
                       dt_value_at(v, F_IP_LEN, k, n, sizeof n));
        } else
            dt_line_at(o, v, d + 1, F_IP_LEN, k, false, NULL);
        snprintf(n, sizeof n, " (%lld)", (long long)dt_int_at(v, F_IP_ID, k));
        dt_line_at(o, v, d + 1, F_IP_ID, k, false, n);
        if (ip_has(f, ip, ip->off + 6, 1)) {
            dt_mark_field(o, v, F_IP_FLAGS, k);
            dt_bits_prefix(o, d + 1, f->data[ip->off + 6], 8, 0xe0);
            out_printf(o, "%s: 0x%llx%s%s\n", fields[F_IP_FLAGS].label, (long long)dt_int_at(v, F_IP_FLAGS, k),
                       dt_int_at(v, F_IP_FLAGS_DF, k) == 1 ? ", Don't fragment" : "",
                       dt_int_at(v, F_IP_FLAGS_MF, k) == 1 ? ", More fragments" : "");
        }
        dt_bits_at(o, v, d + 2, F_IP_FLAGS_RB, k);
        dt_bits_at(o, v, d + 2, F_IP_FLAGS_DF, k);
        dt_bits_at(o, v, d + 2, F_IP_FLAGS_MF, k);
        /* The field holds 8-byte units, as tshark's; its line shows bytes. */
        if (ip_has(f, ip, ip->off + 6, 2)) {
            dt_mark_field(o, v, F_IP_FRAG_OFFSET, k);
            dt_bits_prefix(o, d + 1, (uint32_t)(f->data[ip->off + 6] << 8 | f->data[ip->off + 7]), 16, 0x1fff);
            out_printf(o, "%s: %lld\n", fields[F_IP_FRAG_OFFSET].label,
                       (long long)dt_int_at(v, F_IP_FRAG_OFFSET, k) * 8);
        }
        dt_line_at(o, v, d + 1, F_IP_TTL, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IP_PROTO, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IP_CHECKSUM, k, false, " [validation disabled]");
        int64_t status = dt_int_at(v, F_IP_CHECKSUM_STATUS, k);
        if (status >= 0) {    /* a name only: BASE_NONE */
            dt_indent(o, d + 1);
            out_printf(o, "[%s: %s]\n", fields[F_IP_CHECKSUM_STATUS].label,
                       field_value_name(F_IP_CHECKSUM_STATUS, status));
        }
        dt_line_at(o, v, d + 1, F_IP_SRC, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IP_DST, k, false, NULL);
        detail_frag(o, v, ip, d + 1);
    } else if (ip->version == 6 && frame_has(f, ip->off, 40)) {
        int k = (*k6)++;
        dt_mark(o, ip->off, ip_hdr);
        dt_indent(o, d);
        ip_title(o, v, i);
        out_char(o, '\n');
        dt_mark_field(o, v, F_IPV6_VERSION, k);
        dt_indent(o, d + 1);
        out_printf(o, "0110 .... = %s: 6\n", fields[F_IP_VERSION].label);
        const uint8_t *h = f->data + ip->off;
        uint32_t word = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
        if (ip_has(f, ip, ip->off, 4)) {   /* not past the enclosing layer's end */
            dt_mark_field(o, v, F_IPV6_TCLASS, k);
            dt_bits_prefix(o, d + 1, word, 32, 0x0ff00000);
            out_printf(o, "%s: 0x%02x", fields[F_IPV6_TCLASS].label, word >> 20 & 0xff);
            ds_words(o, word >> 20 & 0xff);
            out_char(o, '\n');
            dt_bits_at(o, v, d + 2, F_IPV6_TCLASS_DSCP, k);
            dt_bits_at(o, v, d + 2, F_IPV6_TCLASS_ECN, k);
            dt_mark_field(o, v, F_IPV6_FLOW, k);
            dt_bits_prefix(o, d + 1, word & 0xffffff, 24, 0x0fffff);
            out_printf(o, "%s: 0x%05llx\n", fields[F_IPV6_FLOW].label, (long long)dt_int_at(v, F_IPV6_FLOW, k));
        }
        dt_line_at(o, v, d + 1, F_IPV6_PLEN, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IPV6_NXT, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IPV6_HLIM, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IPV6_SRC, k, false, NULL);
        dt_line_at(o, v, d + 1, F_IPV6_DST, k, false, NULL);
        detail_frag(o, v, ip, d + 1);
    }
}

/* "802.1Q Virtual LAN, PRI: 0, DEI: 0, ID: 10", its TCI's bits and the
 * Type (an 802.3 length after the tag is not shown). */
static void detail_vlan(struct out *o, const struct view *v, int t, int d)
{
    dt_indent(o, d);
    out_printf(o, "802.1Q Virtual LAN, PRI: %lld, DEI: %lld, ID: %lld\n", (long long)dt_int_at(v, F_VLAN_PRIORITY, t),
               (long long)dt_int_at(v, F_VLAN_DEI, t), (long long)dt_int_at(v, F_VLAN_ID, t));
    dt_bits_at(o, v, d + 1, F_VLAN_PRIORITY, t);
    dt_bits_at(o, v, d + 1, F_VLAN_DEI, t);
    dt_bits_at(o, v, d + 1, F_VLAN_ID, t);
    /* vlan.etype's occurrence: the tags before this one that have a type */
    const struct frame *f = v->f;
    int e = 0;
    uint32_t off;
    for (int i = 0; i <= t && walk_layer_at(f, LL_VLAN, i, &off); i++) {
        bool typed = frame_has(f, off + 2, 2) && be16_at(f->data + off + 2) > 1500;
        if (i == t && typed)
            dt_line_at(o, v, d + 1, F_VLAN_ETYPE, e, false, NULL);
        e += typed;
    }
}

static void detail_tcp(struct out *o, const struct view *v, int d);

/* Its checksum and Wireshark's verdict, at depth d, in Wireshark's words. */
static void detail_icmp_checksum(struct out *o, const struct view *v, const struct icmp_layer *m, int d)
{
    if (!frame_has(v->f, m->off + 2, 2))
        return;
    unsigned sum = v->f->data[m->off + 2] << 8 | v->f->data[m->off + 3];
    uint16_t shouldbe;
    const char *why;
    int status = icmp_sum_status(v->f, m, &shouldbe, &why);
    dt_mark(o, m->off + 2, 2);
    dt_indent(o, d);
    if (status == CSUM_GOOD) {
        out_printf(o, "Checksum: 0x%04x [correct]\n", sum);
    } else if (status == CSUM_BAD) {
        out_printf(o, "Checksum: 0x%04x incorrect, should be 0x%04x\n", sum, shouldbe);
        char msg[48];
        snprintf(msg, sizeof msg, "Bad checksum [should be 0x%04x]", shouldbe);
        dt_expert(o, d + 1, "Warning", "Checksum", msg);
    } else {
        out_printf(o, "Checksum: 0x%04x [unverified] [%s]\n", sum, why);
    }
    dt_indent(o, d);
    out_printf(o, "[%s: %s]\n", fields[F_ICMP_CHECKSUM_STATUS].label, field_value_name(F_ICMP_CHECKSUM_STATUS, status));
}

/* An ICMP or ICMPv6 message at depth d: its type and code as Wireshark
 * names them. Wireshark nests what an error quotes (the IP header, the
 * TCP or UDP header, an ICMP message) inside this block, one level down:
 * detail_link_ip shows them there. */
static void detail_icmp(struct out *o, const struct view *v, const struct icmp_layer *m, int d)
{
    bool v4 = m->version == 4;
    /* The quoted message is the second occurrence when it is of the error's version. */
    int k = m == &v->f->icmp_quoted && v->f->icmp.version == m->version;
    int64_t type = dt_int_at(v, v4 ? F_ICMP_TYPE : F_ICMPV6_TYPE, k);
    int64_t code = dt_int_at(v, v4 ? F_ICMP_CODE : F_ICMPV6_CODE, k);
    dt_mark(o, m->off, frame_bytes_in(v->f, m->off, 8));
    dt_indent(o, d);
    out_str(o, v4 ? "Internet Control Message Protocol\n" : "Internet Control Message Protocol v6\n");
    const char *tname = icmp_type_name(m), *cname = icmp_code_name(m);
    if (type >= 0)
        dt_indent(o, d + 1);
    if (type >= 0 && v4)
        out_printf(o, "Type: %lld (%s)\n", (long long)type, tname ? tname : "Unknown");
    else if (type >= 0)
        out_printf(o, "Type: %s (%lld)\n", tname ? tname : "Unknown", (long long)type);
    if (code >= 0)
        dt_indent(o, d + 1);
    if (code >= 0 && cname)
        out_printf(o, "Code: %lld (%s)\n", (long long)code, cname);
    else if (code >= 0)
        out_printf(o, "Code: %lld\n", (long long)code);
    detail_icmp_checksum(o, v, m, d + 1);
}

/* Ethernet, 802.1Q and IP headers in the order the decoder walked them
 * (struct frame's walk, which frame.protocols names too): a tunnel's inner
 * Ethernet after the outer IP, each tag where it sits, an ICMP message
 * after the IP header that carries it. The k-th layer of
 * a kind named in the walk is the frame's k-th header of that kind, when
 * it has one (a header cut short is named, not kept). What follows an
 * ICMP error (its quote) is shown inside its block, one level down, the
 * quoted TCP header too: returns whether that was shown here. */
static bool detail_link_ip(struct out *o, const struct view *v)
{
    const struct frame *f = v->f;
    int e = 0, t = 0, i = 0, k4 = 0, k6 = 0, m = 0, d = 0;
    bool tcp_shown = false;
    uint8_t seen[LL_COUNT] = { 0 };   /* the walk layers of each kind shown so far */
    for (int w = 0; w < f->nwalk; w++) {
        switch (f->walk[w]) {
        case LL_ETH:          /* FabricPath's outer header is named eth but is not one of eth[] */
            if (e < f->neth && f->eth[e].off == f->walk_off[w]) {
                /* Inside an ICMP error's block (GRE's Ethernet in the quote)
                 * left out: tshark's address lines add the names it
                 * resolves, which synfin's do not. */
                if (d == 0)
                    detail_eth(o, v, e, d);
                e++;
            }
            break;
        case LL_VLAN:         /* every tag the walk read (a cut one names its layer only) */
            if (t < MAX_VLAN && frame_has(f, f->walk_off[w], 2))
                detail_vlan(o, v, t++, d);
            else if (t == MAX_VLAN) {
                dt_indent(o, d);
                out_str(o, "802.1Q Virtual LAN\n");    /* one too many, not read (link_vlan) */
            }
            break;
        case LL_IPV4:
        case LL_IPV6:
            if (i < f->nip)
                detail_ip(o, v, i++, &k4, &k6, d);
            break;
        case LL_ICMP:
        case LL_ICMPV6:           /* the error first, then an ICMP message it quotes */
            if (m == 0 && f->has_icmp) {
                detail_icmp(o, v, &f->icmp, d), m++;
                d += f->icmp.error;
            } else if (m == 1 && f->has_icmp_quoted) {
                detail_icmp(o, v, &f->icmp_quoted, d), m++;
            }
            break;
        case LL_TCP:
            if (f->has_tcp && f->tcp.quoted && d > 0 && !tcp_shown) {
                detail_tcp(o, v, d);
                tcp_shown = true;
            }
            break;
        default:
            detail_walk_layer(o, v, f->walk[w], seen[f->walk[w]]++, f->walk_off[w], d);
            /* A quoted UDP header hands its payload to the tree's root
             * (Wireshark's decode_udp_ports): what follows is not nested. */
            if (f->walk[w] == LL_UDP)
                d = 0;
            break;
        }
    }
    return tcp_shown;
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

/* "left edge = 5 (relative)": a SACK edge as Wireshark words it, field
 * id's k-th value, in brackets for the D-SACK ones. */
static void sack_edge(struct out *o, const struct view *v, int depth, int id, int k, const char *label, bool derived)
{
    char buf[32];
    if (!dt_value_at(v, id, k, buf, sizeof buf)[0])
        return;
    dt_indent(o, depth);
    out_printf(o, "%s%s = %s%s%s\n", derived ? "[" : "", label, buf, v->prefs->relative_seq ? " (relative)" : "",
               derived ? "]" : "");
}

/* The values under an option whose length is right (its Kind and Length
 * lines written), at depth, from the registry's rows as Wireshark lays
 * them out. */
static void option_values(struct out *o, const struct view *v, int depth, const struct tcp_option *op)
{
    const struct tcp_layer *t = &v->f->tcp;
    switch (op->kind) {
    case TCPOPT_MSS: dt_line(o, v, depth, F_TCP_MSS_VAL, false, NULL); break;
    case TCPOPT_WSCALE:
        dt_line(o, v, depth, F_TCP_WS_SHIFT, false, NULL);
        if (dt_has(v, F_TCP_WS_SHIFT_INVALID))
            dt_expert(o, depth + 1, "Warning", "Protocol", fields[F_TCP_WS_SHIFT_INVALID].label);
        dt_line(o, v, depth, F_TCP_WS_MULT, true, NULL);
        break;
    case TCPOPT_TIMESTAMP:
        dt_line(o, v, depth, F_TCP_TSVAL, false, NULL);
        dt_line(o, v, depth, F_TCP_TSECR, false, NULL);
        break;
    case TCPOPT_SACK: {
        if (t->sack_short)      /* written by the caller, as Wireshark gives up */
            break;
        struct fval le[MAX_OCCURRENCES];
        int ns = field_get(F_TCP_SACK_LE, v, le, MAX_OCCURRENCES);
        for (int s = 0; s < ns; s++) {
            sack_edge(o, v, depth, F_TCP_SACK_LE, s, "left edge", false);
            sack_edge(o, v, depth, F_TCP_SACK_RE, s, "right edge", false);
        }
        if (tcp_sack_unended(op)) {
            dt_indent(o, depth);
            out_printf(o, "%s\n", fields[F_TCP_SUBOPTION_MALFORMED].label);
            dt_expert(o, depth + 1, "Error", "Malformed", fields[F_TCP_SUBOPTION_MALFORMED].label);
        }
        dt_line(o, v, depth, F_TCP_SACK_COUNT, true, NULL);
        if (dt_has(v, F_TCP_DSACK)) {
            sack_edge(o, v, depth, F_TCP_DSACK_LE, 0, "D-SACK Left Edge", true);
            sack_edge(o, v, depth, F_TCP_DSACK_RE, 0, "D-SACK Right Edge", true);
            dt_indent(o, depth);
            out_str(o, "D-SACK Sequence\n");
            dt_expert(o, depth + 1, "Warning", "Sequence", "D-SACK Sequence");
        }
        break;
    }
    case TCPOPT_TFO:
        if (dt_has(v, F_TCP_TFO_REQUEST)) {
            dt_indent(o, depth);
            out_printf(o, "%s\n", fields[F_TCP_TFO_REQUEST].label);
        }
        if (dt_has(v, F_TCP_TFO_COOKIE)) {
            dt_line(o, v, depth, F_TCP_TFO_COOKIE, false, NULL);
            if ((t->flags & (TH_SYN | TH_ACK)) == TH_SYN)   /* tcp.analysis.tfo_syn: no row of its own */
                dt_expert(o, depth + 1, "Note", "Sequence", "TCP SYN with TFO Cookie");
        }
        break;
    case TCPOPT_MD5: dt_line(o, v, depth, F_TCP_MD5_DIGEST, false, NULL); break;
    default:
    {   /* a kind Wireshark has no dissector for: its bytes after the length */
        int k = field_occurrence_at(F_TCP_UNKNOWN_PAYLOAD, v, v->f->data + op->off + 2);
        if (k >= 0)
            dt_line_at(o, v, depth, F_TCP_UNKNOWN_PAYLOAD, k, false, NULL);
        break;
    }
    }
}

/* The options of the TCP header, in a block at depth d. */
static void detail_options(struct out *o, const struct view *v, int d)
{
    const struct tcp_layer *t = &v->f->tcp;
    const struct track_info *k = v->tk;
    if (t->hdr_len <= 20 || t->bogus_hdr_len)
        return;
    if (frame_has(v->f, t->off + 20, t->hdr_len - 20u))
        dt_mark(o, t->off + 20, t->hdr_len - 20u);
    dt_indent(o, d + 1);
    char label[DT_LABEL_MAX + 1];    /* a long list of names is cut there */
    size_t n = (size_t)snprintf(label, sizeof label, "Options: (%u bytes)", t->hdr_len - 20u);
    /* An option whose dissector threw never made it into the title. */
    int titled = tcp_options_threw(t) ? t->nopt - 1 : t->nopt;
    for (int i = 0; i < titled && n < sizeof label - 1; i++) {
        if (!field_tcp_option_known(t->opt[i].kind))   /* with its kind in hex there, as Wireshark's */
            n += (size_t)snprintf(label + n, sizeof label - n, ", Unknown (0x%02x)", t->opt[i].kind);
        else
            n += (size_t)snprintf(label + n, sizeof label - n, ", %s", option_name(t->opt[i].kind));
    }
    out_printf(o, "%s\n", label);
    int noted = tcp_options_noted(t);
    for (int i = 0; i < t->nopt; i++) {
        const struct tcp_option *op = &t->opt[i];
        if (field_tcp_nop_before(v, i))
            dt_expert(o, d + 2, "Warning", "Protocol", fields[F_TCP_NOP].label);
        bool whole = frame_has(v->f, op->off, op->len);
        dt_mark(o, op->off, whole ? op->len : 0);
        /* A quote's option cut by the quote's end: its name, kind and
         * length, as Wireshark adds them before what it reads fails. */
        bool quote_cut = op->cut && t->quoted && op->len >= 2;
        if (op->cut && !quote_cut) {
            dt_indent(o, d + 2);
            out_printf(o, "%s (cut by the capture length)\n", option_name(op->kind));
            continue;
        }
        if (op->bad_len) {
            dt_indent(o, d + 2);
            out_printf(o, "%s (option length = %u bytes is invalid)\n", option_name(op->kind), op->len);
            continue;
        }
        /* A wrong length: the option's name alone, no value (read none). */
        switch (op->wrong_len || quote_cut ? -1 : op->kind) {
        case TCPOPT_MSS: dt_indent(o, d + 2); out_printf(o, "TCP Option - Maximum segment size: %u bytes\n", t->mss); break;
        case TCPOPT_WSCALE:
            dt_indent(o, d + 2);
            out_printf(o, "TCP Option - Window scale: %u (multiply by %u)\n", t->ws_shift,
                       1u << tcp_ws_shift(t));
            break;
        case TCPOPT_TIMESTAMP:
            dt_indent(o, d + 2);
            out_printf(o, "TCP Option - Timestamps: TSval %u, TSecr %u\n", t->tsval, t->tsecr);
            break;
        case TCPOPT_SACK:
            dt_indent(o, d + 2);
            out_str(o, "TCP Option - SACK");
            if (k)
                for (int s = 0; s < t->nsack; s++)
                    out_printf(o, " %u-%u", k->sack_le[s], k->sack_re[s]);
            out_char(o, '\n');
            break;
        default: dt_indent(o, d + 2); out_printf(o, "TCP Option - %s\n", option_name(op->kind)); break;
        }
        dt_mark(o, op->off, whole ? 1 : 0);
        dt_indent(o, d + 3);
        const char *kind_name = field_value_name(F_TCP_OPTION_KIND, op->kind);
        if (kind_name)      /* "Kind: No-Operation (1)", as Wireshark */
            out_printf(o, "Kind: %s (%u)\n", kind_name, op->kind);
        else
            out_printf(o, "Kind: Unknown (%u)\n", op->kind);
        if (op->kind != TCPOPT_EOL && op->kind != TCPOPT_NOP) {
            dt_mark(o, op->off + 1, whole ? 1 : 0);
            dt_indent(o, d + 3);
            out_printf(o, "Length: %u\n", op->len);
        }
        char note[80];
        if (i < noted && tcp_option_length_note(op, note, sizeof note))
            dt_expert(o, d + 4, "Note", "Sequence", note);
        if (!op->wrong_len && !op->cut)
            option_values(o, v, d + 3, op);
        if (op->kind == TCPOPT_SACK && t->sack_short && i == t->nopt - 1) {
            /* Too short for one block: what Wireshark 4.0 shows before it gives up. */
            if (t->sack_short_le && k) {
                dt_indent(o, d + 3);
                out_printf(o, "left edge = %u (relative)\n", k->sack_le[0]);
            }
            if (op->len >= 3) {
                dt_indent(o, d + 3);
                out_printf(o, "%s\n", fields[F_TCP_SUBOPTION_MALFORMED].label);
                dt_expert(o, d + 4, "Error", "Malformed", fields[F_TCP_SUBOPTION_MALFORMED].label);
            }
            dt_indent(o, d + 3);
            out_printf(o, "[%s: 0]\n", fields[F_TCP_SACK_COUNT].label);
            if (t->sack_short_le && k) {
                dt_indent(o, d + 3);
                out_printf(o, "[D-SACK Left Edge = %u (relative)]\n", k->sack_le[0]);
            }
        }
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

/* The expert items Wireshark hangs on a flag's line (id: the flag's row,
 * or the flags string's for the closing ones), at depth. */
static void connection_expert(struct out *o, const struct view *v, int depth, int id)
{
    char msg[96];
    switch (id) {
    case F_TCP_FLAGS_RESET:
        if (dt_has(v, F_TCP_CONNECTION_RST))
            dt_expert(o, depth, "Warning", "Sequence", fields[F_TCP_CONNECTION_RST].label);
        break;
    case F_TCP_FLAGS_SYN:
        if (dt_has(v, F_TCP_CONNECTION_SYNACK)) {
            snprintf(msg, sizeof msg, "%s: server port %u", fields[F_TCP_CONNECTION_SYNACK].label, v->f->tcp.sport);
            dt_expert(o, depth, "Chat", "Sequence", msg);
        } else if (dt_has(v, F_TCP_CONNECTION_SYN)) {
            snprintf(msg, sizeof msg, "%s: server port %u", fields[F_TCP_CONNECTION_SYN].label, v->f->tcp.dport);
            dt_expert(o, depth, "Chat", "Sequence", msg);
        }
        break;
    case F_TCP_FLAGS_FIN:
        if (dt_has(v, F_TCP_CONNECTION_FIN))
            dt_expert(o, depth, "Chat", "Sequence", fields[F_TCP_CONNECTION_FIN].label);
        break;
    case F_TCP_FLAGS_STR:
        if (dt_has(v, F_TCP_CONNECTION_FIN_ACTIVE))
            dt_expert(o, depth, "Note", "Sequence", fields[F_TCP_CONNECTION_FIN_ACTIVE].label);
        else if (dt_has(v, F_TCP_CONNECTION_FIN_PASSIVE))
            dt_expert(o, depth, "Note", "Sequence", fields[F_TCP_CONNECTION_FIN_PASSIVE].label);
        break;
    default: break;
    }
}

/* The TCP block at depth d (1 when an ICMP error quotes the header). */
static void detail_tcp(struct out *o, const struct view *v, int d)
{
    const struct tcp_layer *t = &v->f->tcp;
    char buf[64];
    bool icmp_ip = tcp_in_icmp_ip(v->f);
    dt_mark(o, t->off, frame_has(v->f, t->off, t->hdr_len) ? t->hdr_len : 0);
    dt_indent(o, d);
    tcp_title(o, v);
    out_char(o, '\n');
    dt_line(o, v, d + 1, F_TCP_SRCPORT, false, NULL);
    dt_line(o, v, d + 1, F_TCP_DSTPORT, false, NULL);
    if (icmp_ip)
        dt_line(o, v, d + 1, F_TCP_SEQ, false, NULL);
    dt_line(o, v, d + 1, F_TCP_STREAM, true, NULL);
    if (dt_has(v, F_TCP_COMPLETENESS)) {
        dt_indent(o, d + 1);
        out_printf(o, "[%s: %s (%u)]\n", fields[F_TCP_COMPLETENESS].label,
                   completeness_words(v->tk->completeness), v->tk->completeness);
    }
    dt_line(o, v, d + 1, F_TCP_LEN, true, NULL);
    bool rel = v->prefs->relative_seq && v->tk;
    if (!icmp_ip)
        dt_line(o, v, d + 1, F_TCP_SEQ, false, rel ? "    (relative sequence number)" : NULL);
    dt_line(o, v, d + 1, F_TCP_SEQ_RAW, false, NULL);
    dt_line(o, v, d + 1, F_TCP_NXTSEQ, true, rel ? "    (relative sequence number)" : NULL);
    dt_line(o, v, d + 1, F_TCP_ACK, false, rel && (t->flags & TH_ACK) ? "    (relative ack number)" : NULL);
    if (dt_has(v, F_TCP_ACK_NONZERO))
        dt_expert(o, d + 2, "Note", "Protocol", fields[F_TCP_ACK_NONZERO].label);
    if (dt_has(v, F_A_TFO_ACK))
        dt_expert(o, d + 2, "Note", "Sequence", fields[F_A_TFO_ACK].label);
    dt_line(o, v, d + 1, F_TCP_ACK_RAW, false, NULL);
    if (dt_has(v, F_TCP_HDR_LEN)) {
        unsigned off = t->hdr_len / 4;
        dt_mark_field(o, v, F_TCP_HDR_LEN, 0);
        dt_indent(o, d + 1);
        out_printf(o, "%d%d%d%d .... = Header Length: %u bytes (%u)\n", off >> 3 & 1, off >> 2 & 1, off >> 1 & 1,
                   off & 1, t->hdr_len, off);
    }
    if (!dt_has(v, F_TCP_FLAGS))
        return;
    char words[96];
    tcp_flag_words(v, words, sizeof words);
    dt_mark_field(o, v, F_TCP_FLAGS, 0);
    dt_indent(o, d + 1);
    out_printf(o, "Flags: 0x%03x (%s)\n", t->flags, words);
    dt_mark_field(o, v, F_TCP_FLAGS_RES, 0);
    dt_indent(o, d + 2);
    out_printf(o, "%c%c%c. .... .... = Reserved: %s\n", '0' + (t->flags >> 11 & 1), '0' + (t->flags >> 10 & 1),
               '0' + (t->flags >> 9 & 1), field_value_name(F_TCP_FLAGS_RES, (t->flags & TH_RESERVED) != 0));
    static const int flag_ids[] = { F_TCP_FLAGS_AE, F_TCP_FLAGS_CWR, F_TCP_FLAGS_ECE, F_TCP_FLAGS_URG,
                                    F_TCP_FLAGS_ACK, F_TCP_FLAGS_PUSH, F_TCP_FLAGS_RESET, F_TCP_FLAGS_SYN,
                                    F_TCP_FLAGS_FIN };
    for (int i = 0; i < 9; i++) {
        dt_bit_line(o, v, d + 2, t->flags, 8 - i, 12, flag_ids[i]);
        connection_expert(o, v, d + 3, flag_ids[i]);
    }
    dt_line(o, v, d + 2, F_TCP_FLAGS_STR, true, NULL);
    connection_expert(o, v, d + 3, F_TCP_FLAGS_STR);
    dt_line(o, v, d + 1, F_TCP_WINDOW_SIZE_VALUE, false, NULL);
    dt_line(o, v, d + 1, F_TCP_WINDOW_SIZE, true, NULL);
    int64_t scale = dt_int_at(v, F_TCP_WINDOW_SCALEFACTOR, 0);   /* Wireshark's words for its two codes */
    dt_line(o, v, d + 1, F_TCP_WINDOW_SCALEFACTOR, true,
            scale == -1 ? " (unknown)" : scale == -2 ? " (no window scaling used)" : NULL);
    if (dt_has(v, F_TCP_CHECKSUM)) {
        dt_mark_field(o, v, F_TCP_CHECKSUM, 0);
        dt_indent(o, d + 1);
        out_printf(o, "Checksum: %s [%s]\n", dt_value(v, F_TCP_CHECKSUM, buf, sizeof buf),
                   t->csum_status == CSUM_UNVERIFIED ? "unverified" : t->csum_status == CSUM_GOOD ? "correct" : "incorrect");
        dt_indent(o, d + 1);
        out_printf(o, "[%s: %s]\n", fields[F_TCP_CHECKSUM_STATUS].label,
                   field_value_name(F_TCP_CHECKSUM_STATUS, t->csum_status));   /* a name only: BASE_NONE */
    }
    dt_line(o, v, d + 1, F_TCP_URGENT_POINTER, false, NULL);
    if (dt_has(v, F_TCP_URGENT_POINTER_NON_ZERO))
        dt_expert(o, d + 2, "Note", "Protocol", fields[F_TCP_URGENT_POINTER_NON_ZERO].label);
    detail_options(o, v, d);
    if (dt_has(v, F_TCP_MSS_ABSENT))
        dt_expert(o, d + 2, "Note", "Protocol", fields[F_TCP_MSS_ABSENT].label);
    if (dt_has(v, F_TCP_TIME_REL)) {
        dt_indent(o, d + 1);
        out_str(o, "[Timestamps]\n");
        dt_line(o, v, d + 2, F_TCP_TIME_REL, true, " seconds");
        dt_line(o, v, d + 2, F_TCP_TIME_DELTA, true, " seconds");
    }
    detail_seq_analysis(o, v, d);
    if (dt_has(v, F_TCP_PAYLOAD)) {
        uint32_t end = t->payload_off + t->seg_len < v->f->caplen ? t->payload_off + t->seg_len : v->f->caplen;
        dt_mark(o, t->payload_off, end > t->payload_off ? end - t->payload_off : 0);
        dt_indent(o, d + 1);
        out_printf(o, "TCP payload (%u byte%s)\n", t->seg_len, plural_s(t->seg_len));
    }
    struct fval seg;
    if (field_get(F_TCP_SEGMENT_DATA, v, &seg, 1) == 1) {
        dt_mark_field(o, v, F_TCP_SEGMENT_DATA, 0);
        dt_indent(o, d + 1);
        out_printf(o, "%s%s (%u byte%s)\n", dt_has(v, F_A_RETRANSMISSION) ? "Retransmitted " : "",
                   fields[F_TCP_SEGMENT_DATA].label, seg.n, plural_s(seg.n));
    }
    dt_line(o, v, d + 1, F_SYNFIN_STEP, true, NULL);
    dt_line(o, v, d + 1, F_SYNFIN_STATE_CLIENT, true, NULL);
    dt_line(o, v, d + 1, F_SYNFIN_STATE_SERVER, true, NULL);
}

/* The payload no dissector takes, as Wireshark's data dissector shows it;
 * without -x, tshark's print.c dumps its bytes under the title. */
static void detail_data(struct out *o, const struct view *v)
{
    struct fval data;
    if (field_get(F_DATA_DATA, v, &data, 1) != 1)
        return;
    dt_mark(o, v->f->tcp.payload_off, data.n);
    out_printf(o, "%s (%u byte%s)\n", fields[F_PROTO_DATA].label, data.n, plural_s(data.n));
    if (v->prefs->data_dump) {
        out_char(o, '\n');
        print_hex_block(o, data.p, data.n);
    }
    out_printf(o, "    %s: ", fields[F_DATA_DATA].label);
    dt_bytes(o, data.p, data.n);
    out_char(o, '\n');
    dt_line(o, v, 1, F_DATA_LEN, true, NULL);
}

void print_detail(struct out *o, const struct view *v, bool only_tcp)
{
    bool tcp_shown = false;   /* inside an ICMP error's block */
    if (only_tcp) {
        print_summary(o, v, false);
    } else {
        detail_comments(o, v);
        detail_frame(o, v);
        tcp_shown = detail_link_ip(o, v);
    }
    if (v->f->has_tcp && !tcp_shown)
        detail_tcp(o, v, 0);
    if (v->f->has_tcp && !only_tcp) {
        detail_data(o, v);
        detail_http(o, v);
    }
    const char *threw = v->f->has_tcp ? tcp_options_threw(&v->f->tcp) : NULL;
    if (v->f->truncated && v->f->has_tcp) {
        out_str(o, "[Packet size limited during capture: TCP truncated]\n");
    } else if (threw) {
        out_printf(o, "[Malformed Packet: %s]\n", threw);
        dt_expert(o, 1, "Error", "Malformed", "Malformed Packet (Exception occurred)");
    } else if (v->f->malformed) {
        out_str(o, "[Malformed Packet]\n");
    }
    out_char(o, '\n');
}

void print_detail_spans(struct out *o, const struct view *v, struct detail_spans *sp)
{
    sp->n = 0;
    spans = sp;
    print_detail(o, v, false);
    spans = NULL;
}
