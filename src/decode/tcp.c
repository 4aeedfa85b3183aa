/* The TCP header and its options, read as Wireshark reads them: the fixed
 * header, then the option list one by one until the data offset, marking an
 * option whose length is missing, too small or runs past the header (the
 * list ends there) and one whose length its kind never has (the list goes
 * on). */
#include <string.h>

#include "decode/decode.h"
#include "decode/layers.h"

uint8_t tcp_option_fixed_len(uint8_t kind)
{
    switch (kind) {
    case TCPOPT_MSS: return 4;
    case TCPOPT_WSCALE: return 3;
    case TCPOPT_SACK_PERM: return 2;
    case TCPOPT_TIMESTAMP: return 10;
    case TCPOPT_MD5: return 18;
    case TCPOPT_USER_TO: return 4;
    default: return 0;
    }
}

/* Whether an option before the last one read was a SACK option. */
static bool sack_before(const struct tcp_layer *t)
{
    for (int i = 0; i + 1 < t->nopt; i++)
        if (t->opt[i].kind == TCPOPT_SACK)
            return true;
    return false;
}
static void decode_options(struct frame *f, struct tcp_layer *t, struct cursor *c, uint32_t off, uint32_t end)
{
    if (f->tcp_options == TCP_OPTIONS_NONE || (f->tcp_options == TCP_OPTIONS_SYN && !(t->flags & TH_SYN)))
        return;                       /* decode_prefs: no one reads them */
    /* Linux's options on every segment after the handshake: NOP, NOP,
     * Timestamps; read at once, as the loop below would read them. */
    if (end - off == 12 && t->nopt == 0 && cursor_has(c, off, 12) && cur_u32_at(c, off) == 0x0101080a) {
        t->opt[0] = (struct tcp_option){ .kind = TCPOPT_NOP, .len = 1, .off = off };
        t->opt[1] = (struct tcp_option){ .kind = TCPOPT_NOP, .len = 1, .off = off + 1 };
        t->opt[2] = (struct tcp_option){ .kind = TCPOPT_TIMESTAMP, .len = 10, .off = off + 2 };
        t->nopt = 3;
        t->has_ts = true;
        t->tsval = cur_u32_at(c, off + 4);
        t->tsecr = cur_u32_at(c, off + 8);
        return;
    }
    while (off < end && t->nopt < MAX_TCPOPT) {
        uint8_t kind = cur_u8_at(c, off);
        if (c->short_read) { t->opts_truncated = true; return; }
        struct tcp_option *o = &t->opt[t->nopt++];
        *o = (struct tcp_option){ .kind = kind, .len = 1, .off = off };
        if (kind == TCPOPT_EOL) {
            /* What follows an EOL is padding: zeros read as more EOLs,
             * anything else is "Non-zero header padding" and ends the list. */
            for (off++; off < end && t->nopt < MAX_TCPOPT; off++) {
                uint8_t pad = cur_u8_at(c, off);
                if (c->short_read) { t->opts_truncated = true; return; }
                if (pad != 0) {
                    /* Wireshark marks the rest as padding: past the capture, that throws. */
                    t->bad_padding = true;
                    t->opts_truncated = !cursor_has(c, off, end - off);
                    return;
                }
                t->opt[t->nopt++] = (struct tcp_option){ .kind = TCPOPT_EOL, .len = 1, .off = off };
            }
            return;
        }
        if (kind == TCPOPT_NOP) {
            off += 1;
            continue;
        }
        if (off + 1 >= end) { o->bad_len = true; o->len = 0; return; }
        uint8_t len = cur_u8_at(c, off + 1);
        if (c->short_read) {
            o->cut = true;
            t->opts_truncated = true;
            return;
        }
        o->len = len;
        if (len < 2 || off + len > end) {
            o->bad_len = true;
            return;
        }
        if (!cursor_has(c, off, len)) {
            o->cut = true;
            t->opts_truncated = true;
            return;
        }
        /* Wireshark's MPTCP dissector reads the subtype's flags past such
         * an option's end, and its SACK dissector a first block: each
         * gives up on the frame. */
        if ((kind == TCPOPT_MPTCP && len < 4) || (kind == TCPOPT_SACK && len < 10)) {
            /* Before it gives up, Wireshark 4.0 shows such a SACK option's
             * count of blocks (0) and, when 4 bytes follow the length, its
             * first left edge, also as a D-SACK left edge. */
            if (kind == TCPOPT_SACK && !sack_before(t)) {
                t->sack_short = true;
                if (len >= 6)
                    t->sack_short_le = true, t->sack_le[0] = cur_u32_at(c, off + 2);
            }
            t->malformed_option = true;
            f->malformed = true;
            return;
        }
        if (kind == TCPOPT_MSS)
            t->mss_option = true;
        /* A fixed-size option of another size: Wireshark's dissector for it
         * notes "option length should be N", reads nothing, and the list
         * goes on by the option's own length. */
        uint8_t want = tcp_option_fixed_len(kind);
        o->wrong_len = want && len != want;
        if (o->wrong_len) {
            off += len;
            continue;
        }
        switch (kind) {
        case TCPOPT_MSS:
            t->has_mss = true, t->mss = cur_u16_at(c, off + 2);
            break;
        case TCPOPT_WSCALE:
            t->has_ws = true, t->ws_shift = cur_u8_at(c, off + 2);
            break;
        case TCPOPT_SACK_PERM:
            t->has_sack_perm = true;
            break;
        case TCPOPT_ACC_ECN_0:
        case TCPOPT_ACC_ECN_1:
            if (len == 2 || len == 5 || len == 8 || len == 11)
                t->has_acc_ecn_opt = true;
            break;
        case TCPOPT_EXP_FD:
        case TCPOPT_EXP_FE:
            if (len >= 4) {
                uint16_t exid = cur_u16_at(c, off + 2);
                if ((exid == 0xacc0 || exid == 0xacc1) && (len == 4 || len == 7 || len == 10 || len == 13))
                    t->has_acc_ecn_opt = true;
            }
            break;
        case TCPOPT_TIMESTAMP:
            t->has_ts = true;
            t->tsval = cur_u32_at(c, off + 2);
            t->tsecr = cur_u32_at(c, off + 6);
            break;
        case TCPOPT_SACK:
            if (t->nsack == 0) {
                for (uint32_t p = off + 2; p + 8 <= off + len && t->nsack < MAX_SACK; p += 8) {
                    t->sack_le[t->nsack] = cur_u32_at(c, p);
                    t->sack_re[t->nsack] = cur_u32_at(c, p + 4);
                    t->nsack++;
                }
            }
            break;
        default:
            break;
        }
        off += len;
    }
}

static void tcp_decode(struct frame *f, struct cursor *c, uint32_t off, uint32_t end,
                       const struct ip_layer *ip)
{
    struct tcp_layer *t = &f->tcp;
    memset(t, 0, offsetof(struct tcp_layer, opt));
    f->has_tcp = true;
    t->off = off;
    t->csum_status = CSUM_UNVERIFIED;
    uint16_t offflags;
    if (cursor_has(c, off, 20)) {             /* the usual case: all 20 bytes, one check */
        const uint8_t *h = c->base + off;
        t->sport = be16_of(h);
        t->dport = be16_of(h + 2);
        t->seq = be32_of(h + 4);
        t->ack = be32_of(h + 8);
        offflags = be16_of(h + 12);
        t->win = be16_of(h + 14);
        t->checksum = be16_of(h + 16);
        t->urgp = be16_of(h + 18);
    } else {
        t->sport = cur_u16_at(c, off);
        t->dport = cur_u16_at(c, off + 2);
        if (c->short_read) {
            f->has_tcp = false;
            f->malformed = true;
            return;
        }
        t->seq = cur_u32_at(c, off + 4);
        t->ack = cur_u32_at(c, off + 8);
        offflags = cur_u16_at(c, off + 12);
        t->win = cur_u16_at(c, off + 14);
        /* Wireshark reads through the window before it shows anything past
         * the ports: without those 16 bytes, the ports are all there is. */
        if (c->short_read) {
            t->hdr_len = (offflags >> 12) * 4;
            t->flags = offflags & 0x0fff;
            t->hdr_truncated = true;
            f->malformed = true;
            return;
        }
        t->checksum = cur_u16_at(c, off + 16);
        t->urgp = cur_u16_at(c, off + 18);
        c->short_read = false;
    }
    t->hdr_len = (offflags >> 12) * 4;
    t->flags = offflags & 0x0fff;
    /* A fragment that was not reassembled has no known segment length. */
    t->have_seglen = !ip->more_fragments;
    uint32_t reported = end > off ? end - off : 0;
    if (reported < 16) {
        /* Captured (padding), but past the packet's own end: Wireshark
         * reads the fixed header out of bounds and gives up after the ports. */
        t->hdr_truncated = true;
        f->malformed = true;
        return;
    }
    if (t->hdr_len < 20) {
        t->bogus_hdr_len = true;            /* Wireshark stops at the header length */
        t->seg_len = reported - t->hdr_len;
        return;
    }
    if (reported < t->hdr_len) {
        /* The IP length leaves no room for the options: Wireshark reads
         * them anyway and runs past the packet's end. */
        t->short_segment = true;
        f->malformed = true;
        decode_options(f, t, c, off + 20, off + reported);
        return;
    }
    t->seg_len = reported - t->hdr_len;
    t->payload_off = off + t->hdr_len;
    /* Verified only when asked, and only when every byte is there. */
    if (f->check_tcp_checksum && t->have_seglen && cursor_has(c, off, reported)) {
        bool sums_to_zero = tcp_checksum(c->base, off, reported, ip) == 0;
        /* 0xffff is the other zero of ones' complement; Wireshark calls it wrong. */
        t->csum_status = sums_to_zero && t->checksum != 0xffff ? CSUM_GOOD : CSUM_BAD;
    }
    decode_options(f, t, c, off + 20, off + t->hdr_len);
}

/* A header an ICMP error quotes (Wireshark's in_error_pkt): only the bytes
 * of the quote are there (end: where the ICMP message, or the quoted IP
 * length, ends), and the segment's length is not known, so there is no
 * tcp.len and no analysis. Wireshark reads on until it runs out of bytes,
 * and what it throws then is caught: nothing is malformed. The checksum,
 * when asked, is summed over the bytes quoted, as Wireshark sums them. */
static void tcp_decode_quoted(struct frame *f, struct cursor *c, uint32_t off, uint32_t end,
                              const struct ip_layer *ip)
{
    struct tcp_layer *t = &f->tcp;
    uint32_t stop = end < c->len ? end : c->len;
    struct cursor q = cursor_make(c->base, stop);
    memset(t, 0, offsetof(struct tcp_layer, opt));
    t->sport = cur_u16_at(&q, off);
    t->dport = cur_u16_at(&q, off + 2);
    if (q.short_read)
        return;                                /* not even the ports: no TCP layer */
    f->has_tcp = true;
    t->off = off;
    t->quoted = true;
    t->quote_end = stop;
    t->csum_status = CSUM_UNVERIFIED;
    t->seq = cur_u32_at(&q, off + 4);
    t->ack = cur_u32_at(&q, off + 8);
    uint16_t offflags = cur_u16_at(&q, off + 12);
    t->win = cur_u16_at(&q, off + 14);
    if (q.short_read) {
        t->hdr_truncated = true;               /* the fields before the window, as far as they go */
        t->hdr_len = (offflags >> 12) * 4;
        return;
    }
    t->hdr_len = (offflags >> 12) * 4;
    t->flags = offflags & 0x0fff;
    t->checksum = cur_u16_at(&q, off + 16);
    t->urgp = cur_u16_at(&q, off + 18);
    q.short_read = false;
    uint32_t reported = end > off ? end - off : 0;
    if (f->check_tcp_checksum && cursor_has(&q, off, reported)) {
        bool sums_to_zero = tcp_checksum(c->base, off, reported, ip) == 0;
        t->csum_status = sums_to_zero && t->checksum != 0xffff ? CSUM_GOOD : CSUM_BAD;
    }
    if (t->hdr_len < 20) {
        t->bogus_hdr_len = true;
        return;
    }
    t->payload_off = off + t->hdr_len;
    t->seg_len = reported > t->hdr_len ? reported - t->hdr_len : 0;   /* what the quote holds */
    decode_options(f, t, &q, off + 20, off + t->hdr_len);
}

/* The last layer of the walk. Only an IP header names TCP, and it was the
 * last one decoded: its pseudo-header sums the segment. */
enum layer_id tcp_parse(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    if (f->has_icmp && f->icmp.error) {
        tcp_decode_quoted(f, c, at->off, at->end, &f->ip[f->nip - 1]);
        /* A quote too short for the ports shows no TCP layer in Wireshark:
         * the name the walk gave it goes. */
        if (!f->has_tcp && f->nwalk && f->walk[f->nwalk - 1] == LL_TCP)
            f->nwalk--;
    } else
        tcp_decode(f, c, at->off, at->end, &f->ip[f->nip - 1]);
    /* Wireshark names the mptcp protocol after tcp once per MPTCP option. */
    for (int i = 0; f->has_tcp && i < f->tcp.nopt; i++)
        if (f->tcp.opt[i].kind == TCPOPT_MPTCP)
            layer_name(f, LL_MPTCP, f->tcp.opt[i].off);
    return LAYER_END;
}
