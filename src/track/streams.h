/* TCP streams: Wireshark's conversations. Each frame with a TCP header is
 * given a stream (numbered as tcp.stream is), a direction in it, and the
 * per-stream values Wireshark derives: relative sequence and
 * acknowledgment numbers, the next sequence number, the calculated window,
 * the conversation completeness, and times within the stream. */
#ifndef SYNFIN_STREAMS_H
#define SYNFIN_STREAMS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "decode/packet.h"
#include "track/analysis.h"
#include "track/http.h"
#include "track/lifecycle.h"
#include "track/zeek.h"
#include "track/zeek_gaps.h"
#include "track/zeek_service.h"

/* Window scaling as Wireshark keeps it: a shift 0..14, or unknown. */
enum { WS_UNKNOWN = -1, WS_NONE = -2 };

/* One direction of a stream: what its sender has told us. */
struct half_stream {
    uint32_t base_seq;        /* raw seq that relative 0 stands for */
    bool base_set;
    int8_t win_scale;         /* shift to apply to this side's windows: >= 0, WS_UNKNOWN, WS_NONE */
};

/* With streams_zeek_parts: Zeek's current connection within the stream.
 * Zeek ends a connection on its timers and on reuse (zeek_starts_new)
 * where Wireshark's tcp.stream goes on; the stream's zeek and service, and
 * these, then describe the part since. */
struct zeek_part {
    struct timespec first_ts;     /* its first segment's time */
    uint64_t pkts[2], bytes[2], ip_bytes[2];   /* by stream side, as struct stream's */
    uint32_t bad_sums[2];         /* segments Zeek dropped for their checksums, by stream side */
    struct zeek_gaps gaps;        /* its reassemblers' content gaps: missed_bytes, 'G' and 'g' */
    uint32_t number;              /* parts of the stream before it */
    uint8_t first_dir;            /* the stream side that sent its first segment */
};

struct stream {
    uint32_t index;           /* tcp.stream */
    uint8_t addr_len;         /* 4 or 16 */
    uint8_t addr[2][16];      /* [0]: the side that sent the stream's first frame */
    uint16_t port[2];
    struct half_stream half[2];
    uint8_t completeness;     /* bits: 1 SYN, 2 SYN-ACK, 4 ACK, 8 data, 16 FIN, 32 RST */
    bool acc_ecn_syn, acc_ecn_synack, acc_ecn_option;   /* Accurate ECN negotiated */
    bool closing[2];          /* side d sent a FIN while its peer had sent none: it closes actively */
    bool reported;            /* already printed by `synfin conns` */
    bool kept;                /* a frame of it was kept by the display filter (-Y) */
    uint64_t frames;          /* frames seen so far (their own segments, not ICMP quotes) */
    uint32_t quotes;          /* headers of it that ICMP errors quoted */
    struct lifecycle life;
    struct seq_conn an;       /* the SEQ/ACK analysis */
    struct zeek_conn zeek;    /* Zeek's conn_state and history */
    struct zeek_service service;   /* Zeek's service: which analyzer confirmed */
    struct http_conv *http;   /* HTTP on this stream (NULL: none seen) */
    uint64_t pkts[2], bytes[2];   /* segments and payload bytes sent by side 0 and side 1 */
    uint64_t ip_bytes[2];         /* and their IP bytes (frame_ip_bytes), for Zeek's conn.log */
    struct zeek_part *zpart;  /* NULL unless streams_zeek_parts */
    struct timespec first_ts, last_ts;
};

/* What tracking found for one frame. */
struct track_info {
    struct stream *stream;
    int dir;                  /* 0: from addr[0], 1: the other way */
    uint32_t rel_seq, rel_ack, next_seq;
    bool has_next_seq;        /* tcp.nxtseq is shown */
    int64_t window;           /* tcp.window_size */
    int32_t scale;            /* the sender's shift (>= 0), WS_UNKNOWN or WS_NONE */
    uint8_t completeness;     /* as shown on this frame */
    struct timespec rel_time, delta_time;   /* tcp.time_relative, tcp.time_delta */
    uint32_t sack_le[MAX_SACK], sack_re[MAX_SACK];
    struct seq_result an;     /* the SEQ/ACK analysis of this segment */
    char step[40];            /* synfin.step: the segment's step, or "" */
    uint8_t state_client, state_server;   /* after this segment (enum tcp_state) */
    bool from_client;         /* sent by the side that opened the connection */
    bool ace_mode;            /* AE, CWR and ECE read as the AccECN counter */
    bool fin_active;          /* a FIN that initiates the closing (else it undergoes it) */
    struct http_frame *http;  /* what HTTP made of it (NULL: nothing); valid until the next frame */
};

struct stream_table;

struct stream_table *streams_new(void);
void streams_free(struct stream_table *t);
/* Streams made so far (retired ones included): the next tcp.stream. */
uint32_t streams_count(const struct stream_table *t);

/* Call fn for every stream in memory, in index order. A stream kept as a
 * SYN record is handed to fn made whole in scratch: its pointer is valid
 * only during the call, and only `kept` and `reported` may be changed. */
void streams_each(struct stream_table *t, void (*fn)(void *arg, struct stream *s), void *arg);

/* SYN records (see streams.c): a stream whose only frame is a pure SYN
 * becomes one once young_max newer streams were made (default 1024; 0
 * makes every such stream a record on the next frame, which tests use);
 * streams_no_records keeps every stream whole. Call before the first
 * frame. Streams in a caller's hands: the pointer streams_track gave is
 * valid until the next streams_track or streams_each call. */
void streams_young_max(struct stream_table *t, uint32_t young_max);
void streams_no_records(struct stream_table *t);

/* Frozen streams (see streams.c and freeze.h), reading a file: a stream
 * closed and quiet for closed_s seconds of capture time, or quiet for
 * idle_s, is set aside in a spill file and a 32-byte record (56 with IPv6),
 * and made whole again, byte for byte, by its next frame or a listing.
 * Each frame looks at `looks` streams. Default 60 s, 300 s, 8; tests use
 * 0, 0 and more; streams_no_records turns freezing off too. Before the
 * first frame. */
void streams_freeze_after(struct stream_table *t, uint32_t closed_s, uint32_t idle_s, uint32_t looks);
/* Frozen streams in the table now, and bytes written to the spill file. */
uint64_t streams_frozen(const struct stream_table *t);
uint64_t streams_spill_bytes(const struct stream_table *t);

/* Only the connection rows will be read (synfin conns without -Y), or
 * fields from the headers (-T fields): skip the per-segment SEQ/ACK
 * analysis, the HTTP messages, a segment's times in its stream
 * (tcp.time_relative, tcp.time_delta) and tcp.completeness, which no row
 * shows. Lifecycle, Zeek state and service, counts and the handshake's
 * RTT (tcp.analysis.initial_rtt) are kept as always. */
void streams_rows_only(struct stream_table *t);
/* No connection rows will be read (no subcommand): skip Zeek's history,
 * conn_state and service, which only the rows show. */
void streams_no_zeek(struct stream_table *t);
/* Zeek's connections (conn.log rows): Zeek may end one and begin another
 * within a stream (struct zeek_part). on_part_end(arg, s) is called with
 * the stream as the part that ends left it, before the next part's first
 * segment is tracked; then kept and reported start over for the new part.
 * The stream's last part ends with the stream. checksums: Zeek's default,
 * segments with a bad IPv4 header or TCP checksum are dropped (false:
 * zeek -C); a stream of which Zeek kept nothing has no zpart. Before the
 * first frame. */
void streams_zeek_parts(struct stream_table *t, void (*on_part_end)(void *arg, struct stream *s), void *arg,
                        bool checksums);
/* With streams_zeek_parts: TCP segments seen, and those Zeek dropped. */
void streams_zeek_checksum_counts(const struct stream_table *t, uint64_t *segments, uint64_t *bad);

/* Live captures: retire a closed connection quiet for linger_s seconds and
 * any connection quiet for idle_s, calling on_retire first (may be NULL).
 * A retired stream leaves memory: its pointer is no longer valid. */
void streams_retire_after(struct stream_table *t, uint32_t linger_s, uint32_t idle_s,
                          void (*on_retire)(void *arg, struct stream *s), void *arg);
uint64_t streams_retired(const struct stream_table *t);

/* Streams in memory (not retired), and every heap byte the table holds. */
uint32_t streams_live(const struct stream_table *t);
size_t streams_bytes_held(const struct stream_table *t);

/* Track one decoded frame that has a TCP header. A header an ICMP error
 * quotes (tcp.quoted) is given its stream as Wireshark gives it one (made
 * if new, or anew for a SYN with another ISN), its times within it and the
 * conversation completeness it moves; it is no segment of the connection:
 * no analysis, lifecycle, counts, Zeek or HTTP. */
void streams_track(struct stream_table *t, const struct frame *f, struct track_info *out);

#endif
