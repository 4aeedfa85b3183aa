/* ICMP (RFC 792) and ICMPv6 (RFC 4443): the type and code, and for an
 * error that quotes the datagram it answers, the way on into the quote,
 * as Wireshark's ICMP dissectors call IP on it with in_error_pkt set. What
 * follows in the quote (usually the first 8 bytes of a TCP header, or the
 * whole segment) is decoded by the same layers, marked as quoted. Any
 * other message (echo, router advertisement, ...) ends the walk. */
#include "decode/decode.h"
#include "decode/layers.h"

#define ICMP_HDR_LEN 8            /* type, code, checksum, 4 bytes by type */

/* The error types whose body is the offending datagram. */
static bool icmp4_quotes(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

static bool icmp6_quotes(uint8_t type)
{
    return type >= 1 && type <= 4;
}

static enum layer_id icmp_parse(struct frame *f, struct cursor *c, struct layer_pos *at, uint8_t version)
{
    uint32_t off = at->off;
    uint8_t type = cur_u8_at(c, off), code = cur_u8_at(c, off + 1);
    if (c->short_read) { f->malformed = true; return LAYER_END; }
    if (f->has_icmp) {
        /* A quoted message (an echo, or an error): Wireshark shows its
         * type and code, and goes no deeper. */
        f->has_icmp_quoted = true;
        f->icmp_quoted = (struct icmp_layer){ .off = off, .version = version, .type = type, .code = code,
                                              .after_ip = f->nip };
        return LAYER_END;
    }
    f->has_icmp = true;
    f->icmp = (struct icmp_layer){ .off = off, .version = version, .type = type, .code = code,
                                   .after_ip = f->nip };
    bool quotes = version == 4 ? icmp4_quotes(type) : icmp6_quotes(type);
    uint32_t quote = off + ICMP_HDR_LEN;
    if (!quotes || quote >= at->end || !cursor_has(c, quote, 1))
        return LAYER_END;
    f->icmp.error = true;
    f->icmp.malformed_before = f->malformed;
    at->off = quote;
    return version == 4 ? LAYER_IPV4 : LAYER_IPV6;
}

enum layer_id icmp_v4(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return icmp_parse(f, c, at, 4);
}

enum layer_id icmp_v6(struct frame *f, struct cursor *c, struct layer_pos *at)
{
    return icmp_parse(f, c, at, 6);
}
