/* Everything the presenters may read about one frame: the decoded bytes,
 * what tracking derived, the preferences, and the columns once built. */
#ifndef SYNFIN_VIEW_H
#define SYNFIN_VIEW_H

#include "decode/packet.h"
#include "present/timefmt.h"
#include "track/ipdefrag.h"
#include "track/streams.h"
#include "track/udpconv.h"

struct prefs {
    bool check_tcp_checksum;      /* -o tcp.check_checksum:TRUE */
    bool relative_seq;            /* -o tcp.relative_sequence_numbers (default TRUE) */
    enum time_fmt time_format;    /* -t (default TF_RELATIVE) */
    bool data_dump;               /* -V without -x: a Data block dumps its bytes (tshark's print_hex_for_data) */
    /* -V, -O, -T fields, json or ek: tshark prints the protocol tree, and
     * a protocol item's length set after it was added counts (tcp's, to
     * its header); else only the length it was added with (the segment). */
    bool tree_shown;
};

struct columns {
    bool built;
    char time[48], src[64], dst[64], proto[16], len[16];
    char info[1024];
    uint16_t time_len, src_len, dst_len, proto_len, len_len, info_len;   /* strlen of each */
};

struct view {
    const struct frame *f;
    const struct track_info *tk;  /* NULL without a TCP header */
    const struct prefs *prefs;
    struct timespec rel_time;     /* frame.time_relative */
    struct timespec delta_time;   /* frame.time_delta */
    struct timespec delta_shown;  /* frame.time_delta_displayed: since the last frame -Y kept */
    struct columns *cols;         /* filled on first use by columns_build */
    const char *step;             /* the segment's step in its connection, or NULL */
    /* In the frame that completed an IP datagram (the ip_layer marked
     * reassembled), its fragments; else NULL. The defragmenter's: valid
     * while this frame is the current one, so never kept in a record. */
    const struct defrag_done *frags;
    /* The UDP conversations of the frame's UDP headers (udp.stream and its
     * times), or NULL when it has none. Valid while the frame is the
     * current one, like frags. */
    const struct udpconv_frame *udp;
};

void columns_build(const struct view *v);

/* Whether the columns are UDP's: the walk ends with a UDP header, with no
 * TCP or ICMP in the frame. */
bool columns_udp(const struct frame *f);

/* The TCP flags in words, as Info writes them between brackets ("SYN, ACK"). */
void tcp_flag_words(const struct view *v, char *buf, size_t n);

/* The analysis labels as Info shows them ("[TCP Retransmission]"), or "". */
void analysis_label_text(const struct seq_result *a, char *buf, size_t n);

#endif
