/* One connection's segments as the ladder diagram and the explanations
 * read them: who sent what, when, with the numbers Wireshark shows. */
#ifndef SYNFIN_SEGMENTS_H
#define SYNFIN_SEGMENTS_H

#include <stdint.h>
#include <time.h>

enum { FROM_CLIENT = 0, FROM_SERVER = 1 };

struct seg_record {
    uint64_t frame;
    struct timespec t;        /* since the connection's first segment */
    int8_t from;              /* FROM_CLIENT or FROM_SERVER */
    uint16_t flags;
    uint32_t seq, ack;        /* relative */
    uint32_t raw_seq;         /* the sender's own number, for the explanations */
    uint32_t len;
    char step[40];            /* "handshake 1/3", ... or "" */
    char label[64];           /* the analysis labels, "[TCP Retransmission]" ..., or "" */
    char payload_start[40];   /* the first printable bytes of the payload */
};

#endif
