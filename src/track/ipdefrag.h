/* IPv4 fragment reassembly, as Wireshark 4.0 does it by default
 * (packet-ip.c with ip.defragment on, epan/reassemble.c's fragment_add):
 * the decoder marks a fragment it stopped at (ip_layer's defrag); this
 * module keeps its payload, keyed by source, destination and the IP
 * identification XORed with the protocol and the VLAN id (Wireshark's
 * key), and in the frame that completes the datagram puts the datagram's
 * payload after the frame's bytes and has the decoder go on from there,
 * so that frame gets the transport header, stream and analysis as tshark
 * shows them. Earlier fragments keep only their IP fields.
 *
 * State, so it sits between decode and track. Memory is bounded: at most
 * DEFRAG_MAX_DATAGRAMS datagrams in progress, DEFRAG_MAX_FRAGS fragments
 * each, DEFRAG_MAX_HELD bytes of fragment payload in all (the oldest
 * datagram is dropped to make room), and a datagram whose last fragment is
 * DEFRAG_TIMEOUT_S seconds old (capture time) is dropped. Unfragmented
 * frames cost one test of a flag and no allocation. */
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

/* Give a decoded frame to the defragmenter. When its last IP header is a
 * fragment that completes a datagram, f->data and f->buflen then name a
 * buffer the defragmenter owns (the frame's caplen bytes, then the
 * datagram's payload), valid until the next call, and the frame has been
 * decoded on from there (decode_reassembled); the result is true. Any
 * other frame is left as it was. */
bool defrag_frame(struct defrag *d, struct frame *f);

/* Counts, for tests and the README's figures. */
struct defrag_stats {
    size_t datagrams;       /* in progress now */
    size_t held;            /* bytes of fragment payload held now */
    unsigned long long completed, expired, evicted, refused;
};
void defrag_stats(const struct defrag *d, struct defrag_stats *s);

#endif
