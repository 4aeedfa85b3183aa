/* IPv4 and IPv6 fragment reassembly, as Wireshark 4.0 does it by default
 * (packet-ip.c with ip.defragment on, packet-ipv6.c with ipv6.defragment
 * on, epan/reassemble.c's fragment_add): the decoder marks a fragment it
 * stopped at (ip_layer's defrag); this module keeps its payload, keyed by
 * source, destination and, for IPv4, the identification XORed with the
 * protocol and, for private or link-local addresses, the VLAN id, for IPv6 the Fragment header's identification
 * (Wireshark's keys), and in the frame that completes the datagram puts the datagram's
 * payload after the frame's bytes and has the decoder go on from there,
 * so that frame gets the transport header, stream and analysis as tshark
 * shows them. Earlier fragments keep only their IP fields.
 *
 * State, so it sits between decode and track. Memory is bounded: at most
 * DEFRAG_MAX_DATAGRAMS datagrams in progress, DEFRAG_MAX_FRAGS fragments
 * each, DEFRAG_MAX_HELD bytes of fragment payload in all (the oldest
 * datagram is dropped to make room), and a datagram whose last fragment is
 * DEFRAG_TIMEOUT_S seconds older than a new fragment (capture time) is
 * dropped. Unfragmented frames cost one test of a flag and no
 * allocation. */
#ifndef SYNFIN_IPDEFRAG_H
#define SYNFIN_IPDEFRAG_H

#include <stdbool.h>
#include <stddef.h>

#include "decode/packet.h"

#define DEFRAG_MAX_DATAGRAMS 1024
#define DEFRAG_MAX_FRAGS 64
#define DEFRAG_MAX_HELD (8u << 20)
#define DEFRAG_TIMEOUT_S 120

struct defrag;

struct defrag *defrag_new(void);
void defrag_free(struct defrag *d);

/* A frame whose last IP header is a fragment for the defragmenter
 * (defrag_frame calls it). */
bool defrag_fragment(struct defrag *d, struct frame *f);

/* Give a decoded frame to the defragmenter. When its last IP header is a
 * fragment that completes a datagram, f->data and f->buflen then name a
 * buffer the defragmenter owns (the frame's caplen bytes, then the
 * datagram's payload), valid until the next call, and the frame has been
 * decoded on from there (decode_reassembled); the result is true. Any
 * other frame is left as it was, at the cost of this test (inline: the
 * path of every unfragmented frame). */
static inline bool defrag_frame(struct defrag *d, struct frame *f)
{
    if (!f->nip || !f->ip[f->nip - 1].defrag)
        return false;
    return defrag_fragment(d, f);
}

/* The fragments of the datagram the last frame defrag_frame returned true
 * for completed, as Wireshark's fragment tree (reassemble.c's
 * show_fragment_tree) lists them: in order of offset, one after those of
 * the same offset, each with the flags reassemble.c's fragment_add_work
 * gives it. It lives in the defragmenter (no allocation per frame) and,
 * like the frame's buffer, is valid until the next call: readers on the
 * main thread only (the -V, -T fields and JSON printers, filters), never
 * a record handed to another thread. */
enum {
    DEFRAG_F_OVERLAP = 1,      /* ip.fragment.overlap */
    DEFRAG_F_CONFLICT = 2,     /* ip.fragment.overlap.conflict */
    DEFRAG_F_MULTITAIL = 4,    /* ip.fragment.multipletails */
    DEFRAG_F_TOOLONG = 8,      /* ip.fragment.toolongfragment */
};
/* Flags that make a fragment an error (ip.fragment.error, not ip.fragment). */
#define DEFRAG_F_ERROR (DEFRAG_F_CONFLICT | DEFRAG_F_MULTITAIL | DEFRAG_F_TOOLONG)
struct defrag_piece {
    uint32_t frame;            /* its frame number */
    uint32_t off, len;         /* in the datagram's payload, as sent */
    uint8_t flags;
};
struct defrag_done {
    uint8_t n;                 /* pieces, at most DEFRAG_MAX_FRAGS */
    uint32_t datalen;          /* the reassembled payload's length */
    struct defrag_piece piece[DEFRAG_MAX_FRAGS];
};
const struct defrag_done *defrag_done(const struct defrag *d);

/* Counts, for tests and the README's figures. */
struct defrag_stats {
    size_t datagrams;       /* in progress now */
    size_t held;            /* bytes of fragment payload held now */
    unsigned long long completed, expired, evicted, refused;
};
void defrag_stats(const struct defrag *d, struct defrag_stats *s);

#endif
