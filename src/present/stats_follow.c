/* -z follow,tcp,MODE,N[,RANGE]: one TCP stream's bytes, both directions
 * rebuilt by track/reasm, printed as tshark 4.0's follow does (ui/cli/
 * tap-follow.c): ascii (each chunk's length, then its bytes with the
 * unprintable ones as '.'), hex (an offset per direction, 16 bytes a line)
 * or raw (hex digits); the server's chunks indented by a tab. RANGE
 * (MIN or MIN-MAX, from 1) prints only those chunks. The stream is a
 * tcp.stream index, or ADDR:PORT,ADDR:PORT (IPv6 as [ADDR]:PORT). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/follow_tap.h"
#include "present/stats_tap.h"
#include "track/reasm.h"

enum follow_mode { FOLLOW_HEX, FOLLOW_ASCII, FOLLOW_RAW };

struct follow {
    enum follow_mode mode;
    int64_t stream;           /* tcp.stream, or -1: the address pair below */
    uint8_t addr_len;         /* 4 or 16 with an address pair */
    uint8_t addr[2][16];
    uint16_t port[2];
    uint32_t min, max;        /* chunks printed, from 1 */
    char filter[512];         /* as tshark writes it */
    /* Node 0 and 1: the sender of the first segment followed, and its peer. */
    bool have_nodes;
    uint8_t node_len;
    uint8_t node_addr[2][16];
    uint16_t node_port[2];
    struct reasm_conn *rc;
};

static const char *mode_name(enum follow_mode m)
{
    return m == FOLLOW_HEX ? "hex" : m == FOLLOW_ASCII ? "ascii" : "raw";
}

/* The IP header the frame's TCP header belongs to: the innermost. */
static const struct ip_layer *tcp_ip(const struct frame *f)
{
    return f->nip ? &f->ip[f->nip - 1] : NULL;
}

static const uint8_t *ip_addr(const struct frame *f, const struct ip_layer *ip, int dst)
{
    uint32_t off = ip->off + (ip->version == 4 ? 12u + 4u * (unsigned)dst : 8u + 16u * (unsigned)dst);
    return frame_has(f, off, ip->version == 4 ? 4 : 16) ? f->data + off : NULL;
}

static bool pair_matches(const struct follow *fw, const struct frame *f)
{
    const struct ip_layer *ip = tcp_ip(f);
    if (!ip || ip->version != (fw->addr_len == 4 ? 4 : 6))
        return false;
    const uint8_t *src = ip_addr(f, ip, 0), *dst = ip_addr(f, ip, 1);
    if (!src || !dst)
        return false;
    for (int a = 0; a < 2; a++) {
        if (memcmp(src, fw->addr[a], fw->addr_len) == 0 && f->tcp.sport == fw->port[a] &&
            memcmp(dst, fw->addr[!a], fw->addr_len) == 0 && f->tcp.dport == fw->port[!a])
            return true;
    }
    return false;
}

bool follow_tap_seg(const struct view *v, int side, struct reasm_seg *seg)
{
    const struct frame *f = v->f;
    const struct tcp_layer *t = &f->tcp;
    /* tshark queues its follow tap once the header length is known good
     * and the segment length known. */
    if (!stats_tcp_tapped(v) || t->bogus_hdr_len || !t->have_seglen || t->short_segment)
        return false;
    uint32_t have = frame_bytes_in(f, t->payload_off, t->seg_len);
    /* tshark's tap reads the numbers tcp.seq and tcp.ack show: relative
     * unless -o tcp.relative_sequence_numbers:FALSE. */
    bool rel = v->prefs->relative_seq;
    *seg = (struct reasm_seg){ .frame = f->number, .dir = side, .seq = rel ? v->tk->rel_seq : t->seq,
                               .ack = rel ? v->tk->rel_ack : t->ack,
                               .seglen = t->seg_len, .syn = (t->flags & TH_SYN) != 0,
                               .data = have ? f->data + t->payload_off : NULL, .caplen = have };
    return true;
}

static void follow_frame(void *self, const struct view *v)
{
    struct follow *fw = self;
    const struct frame *f = v->f;
    if (!stats_tcp_tapped(v))
        return;
    if (fw->stream >= 0 ? v->tk->stream->index != (uint64_t)fw->stream : !pair_matches(fw, f))
        return;
    const struct stream *s = v->tk->stream;
    int d = v->tk->dir;
    /* Several tcp.streams may share an address pair (a port reused): the
     * side is the address and port, as tshark compares them. */
    int side = !fw->have_nodes || (memcmp(s->addr[d], fw->node_addr[0], fw->node_len) == 0 &&
                                   s->port[d] == fw->node_port[0]) ? 0 : 1;
    struct reasm_seg seg;
    if (!follow_tap_seg(v, side, &seg))
        return;
    if (!fw->have_nodes) {
        fw->have_nodes = true;
        fw->node_len = s->addr_len;
        memcpy(fw->node_addr[0], s->addr[d], s->addr_len);
        memcpy(fw->node_addr[1], s->addr[!d], s->addr_len);
        fw->node_port[0] = s->port[d];
        fw->node_port[1] = s->port[!d];
    }
    reasm_segment(fw->rc, &seg);
}

static void node_line(struct out *o, int n, const struct follow *fw)
{
    if (!fw->have_nodes) {
        out_printf(o, "Node %d: :0\n", n);
        return;
    }
    char buf[64];
    stats_addr(fw->node_addr[n], fw->node_len, buf, sizeof buf);
    if (fw->node_len == 16)
        out_printf(o, "Node %d: [%s]:%u\n", n, buf, fw->node_port[n]);
    else
        out_printf(o, "Node %d: %s:%u\n", n, buf, fw->node_port[n]);
}

static const char hexd[] = "0123456789abcdef";

/* tap-follow.c's follow_print_hex: offset, 16 bytes in hex (a space after
 * the eighth), their characters. */
static void print_hex(struct out *o, bool server, uint32_t offset, const uint8_t *p, size_t len)
{
    char line[80];
    for (size_t i = 0; i < len; i += 16, offset += 16) {
        size_t n = len - i < 16 ? len - i : 16;
        snprintf(line, sizeof line, "%08" PRIX32, offset);
        memset(line + 8, ' ', 2 + 48 + 2);
        size_t h = 10, a = 10 + 48 + 2;
        for (size_t k = 0; k < n; k++) {
            uint8_t c = p[i + k];
            line[h++] = hexd[c >> 4];
            line[h++] = hexd[c & 15];
            h++;
            line[a++] = c >= ' ' && c < 0x7f ? (char)c : '.';
            if (k == 7) {
                line[h++] = ' ';
                line[a++] = ' ';
            }
        }
        if (line[a - 1] == ' ')
            a--;
        if (server)
            out_char(o, '\t');
        out_mem(o, line, a);
        out_char(o, '\n');
    }
}

static bool follow_print(void *self, struct out *o)
{
    static const char sep[] = "===================================================================\n";
    struct follow *fw = self;
    out_char(o, '\n');
    out_str(o, sep);
    out_printf(o, "Follow: tcp,%s\n", mode_name(fw->mode));
    out_printf(o, "Filter: %s\n", fw->filter);
    node_line(o, 0, fw);
    node_line(o, 1, fw);
    size_t n;
    const struct reasm_chunk *ch = reasm_chunks(fw->rc, &n);
    const uint8_t *bytes = reasm_bytes(fw->rc);
    uint32_t pos[2] = { 0, 0 };
    for (size_t i = 0; i < n; i++) {
        const struct reasm_chunk *c = &ch[i];
        const uint8_t *p = bytes + c->off;
        bool server = c->dir == REASM_SERVER;
        uint64_t chunk = (uint64_t)i + 1;
        if (chunk < fw->min || chunk > fw->max) {
            pos[c->dir] += (uint32_t)c->len;
            continue;
        }
        switch (fw->mode) {
        case FOLLOW_HEX:
            print_hex(o, server, pos[c->dir], p, c->len);
            pos[c->dir] += (uint32_t)c->len;
            break;
        case FOLLOW_ASCII:
            out_printf(o, "%s%zu\n", server ? "\t" : "", c->len);
            out_reserve(o, c->len);
            for (size_t k = 0; k < c->len; k++)
                out_char(o, p[k] == '\r' || p[k] == '\n' || (p[k] >= ' ' && p[k] < 0x7f) ? (char)p[k] : '.');
            out_char(o, '\n');
            break;
        case FOLLOW_RAW:
            if (server)
                out_char(o, '\t');
            for (size_t k = 0; k < c->len; k++) {
                out_char(o, hexd[p[k] >> 4]);
                out_char(o, hexd[p[k] & 15]);
            }
            out_char(o, '\n');
            break;
        }
    }
    out_str(o, sep);
    return true;
}

static void follow_free(void *self)
{
    struct follow *fw = self;
    if (fw)
        reasm_free(fw->rc);
    free(fw);
}

static const struct stat_ops follow_ops = { follow_frame, follow_print, follow_free };

/* "ADDR:PORT" or "[ADDR]:PORT" at *p, up to the next ',' or the end. */
static bool parse_endpoint(const char **p, uint8_t *addr, uint8_t *len, uint16_t *port)
{
    char host[81];
    const char *s = *p, *end;
    size_t n;
    if (*s == '[') {
        end = strchr(s, ']');
        if (!end || end[1] != ':')
            return false;
        n = (size_t)(end - s - 1), s++;
        end++;
    } else {
        end = strchr(s, ':');
        if (!end)
            return false;
        n = (size_t)(end - s);
    }
    if (n == 0 || n >= sizeof host)
        return false;
    memcpy(host, s, n);
    host[n] = 0;
    if (inet_pton(AF_INET, host, addr) == 1)
        *len = 4;
    else if (inet_pton(AF_INET6, host, addr) == 1)
        *len = 16;
    else
        return false;
    char *e;
    unsigned long v = strtoul(end + 1, &e, 10);
    if (e == end + 1 || v == 0 || v > 65535 || (*e && *e != ','))
        return false;
    *port = (uint16_t)v;
    *p = e;
    return true;
}

void *follow_new(const char *args, const struct stat_ops **ops)
{
    struct follow *fw = calloc(1, sizeof *fw);
    if (!fw || !(fw->rc = reasm_new())) {
        free(fw);
        fputs("synfin: out of memory\n", stderr);
        return NULL;
    }
    const char *p = args ? args : "";
    const char *why = NULL;
    if (strncmp(p, "ascii", 5) == 0)
        fw->mode = FOLLOW_ASCII, p += 5;
    else if (strncmp(p, "hex", 3) == 0)
        fw->mode = FOLLOW_HEX, p += 3;
    else if (strncmp(p, "raw", 3) == 0)
        fw->mode = FOLLOW_RAW, p += 3;
    else
        why = "Invalid display mode.";
    if (!why && *p != ',')
        why = "Invalid display mode.";
    if (!why) {
        p++;
        char *e;
        unsigned long long idx = strtoull(p, &e, 10);
        if (e != p && *p >= '0' && *p <= '9' && (*e == 0 || *e == ',')) {
            if (idx > INT32_MAX)
                why = "Invalid stream index.";
            fw->stream = (int64_t)idx;
            snprintf(fw->filter, sizeof fw->filter, "tcp.stream eq %" PRId64, fw->stream);
            p = e;
        } else {
            fw->stream = -1;
            uint8_t len0 = 0, len1 = 0;
            if (!parse_endpoint(&p, fw->addr[0], &len0, &fw->port[0]) || *p != ',' ||
                (p++, !parse_endpoint(&p, fw->addr[1], &len1, &fw->port[1])))
                why = "Invalid address.";
            else if (len0 != len1)
                why = "Mismatched IP address types.";
            else {
                fw->addr_len = len0;
                const char *ver = len0 == 16 ? "v6" : "";
                char a0[64], a1[64];
                stats_addr(fw->addr[0], len0, a0, sizeof a0);
                stats_addr(fw->addr[1], len0, a1, sizeof a1);
                snprintf(fw->filter, sizeof fw->filter,
                         "((ip%s.src eq %s and tcp.srcport eq %u) and (ip%s.dst eq %s and tcp.dstport eq %u))"
                         " or ((ip%s.src eq %s and tcp.srcport eq %u) and (ip%s.dst eq %s and tcp.dstport eq %u))",
                         ver, a0, fw->port[0], ver, a1, fw->port[1], ver, a1, fw->port[1], ver, a0, fw->port[0]);
            }
        }
    }
    fw->min = 1, fw->max = UINT32_MAX;
    if (!why && *p == ',') {
        unsigned a, b;
        int n = 0;
        if (sscanf(p, ",%u-%u%n", &a, &b, &n) == 2 && n > 0)
            fw->min = a, fw->max = b, p += n;
        else if (n = 0, sscanf(p, ",%u%n", &a, &n) == 1 && n > 0)
            fw->min = fw->max = a, p += n;
        else
            why = "Invalid range.";
        if (!why && (fw->min < 1 || fw->min > fw->max))
            why = "Invalid range value.";
    }
    if (!why && *p)
        why = "Invalid parameter.";
    if (why) {
        fprintf(stderr, "synfin: follow - %s\n", why);
        follow_free(fw);
        return NULL;
    }
    *ops = &follow_ops;
    return fw;
}
