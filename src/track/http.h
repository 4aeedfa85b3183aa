/* HTTP over TCP as single-pass tshark 4.0 shows it: which payloads are HTTP
 * (the http.tcp.port ports, or the "http_tcp" heuristic, after which the
 * whole conversation is HTTP), and Wireshark's desegmentation (TCP's
 * multi-segment PDUs with http.desegment_headers and desegment_body on): a
 * message spread over segments is dissected in the frame that completes
 * it, the frames before it are "[TCP segment of a reassembled PDU]".
 * Fed in capture order, one direction of a stream at a time. Retransmitted
 * bytes are not given to HTTP again; a gap drops the unfinished message.
 *
 * Memory: a stream's HTTP state is allocated when its first HTTP payload
 * arrives; an unfinished message's bytes and segment list grow by doubling
 * up to HTTP_MSG_CAP bytes a direction (past it the message is given up:
 * its later segments stay "[TCP segment of a reassembled PDU]" and it is
 * never dissected, where Wireshark would reassemble it), and all streams
 * together up to HTTP_TOTAL_CAP (past it, stderr says so once and messages
 * that need more room are given up the same way). A buffer larger than
 * HTTP_KEEP_BYTES is freed once its message is done. No allocation per
 * packet once a stream's buffers have grown. */
#ifndef SYNFIN_HTTP_H
#define SYNFIN_HTTP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "decode/packet.h"
#include "track/http_msg.h"

#define HTTP_MSG_CAP   ((size_t)4 << 20)   /* an unfinished message, one direction */
#define HTTP_TOTAL_CAP ((size_t)256 << 20) /* all unfinished messages of the process together */
#define HTTP_KEEP_BYTES ((size_t)64 << 10) /* a buffer larger than this is freed once its message is done */
#define HTTP_FRAME_MSGS 8                  /* messages one frame shows (more are counted, not shown) */

/* One message in a frame, with what the conversation adds to it. */
struct http_shown {
    struct httpm m;
    uint32_t off;             /* where it starts in the frame's HTTP bytes */
    uint32_t number;          /* http.request_number / http.response_number: its pair's */
    uint64_t request_in;      /* response: its request's frame (0: none) */
    uint64_t prev_request_in; /* the request frame of the pair before its own (0: none) */
    uint64_t prev_response_in;/* and that pair's response frame (0: none) */
    struct timespec time;     /* response: since its request */
    bool head;                /* response to a HEAD request */
    char full_uri[512];       /* request: http.request.full_uri; response: http.response_for.uri (raw bytes) */
};

struct http_seg { uint64_t frame; uint32_t len; };

/* What HTTP made of one frame. */
struct http_frame {
    bool http;                /* the frame is shown as HTTP (Protocol HTTP, an http layer) */
    bool pdu_segment;         /* "[TCP segment of a reassembled PDU]" */
    uint32_t tail;            /* bytes ending the segment, after the messages shown, that start a PDU
                                 to reassemble (Wireshark's "TCP segment data" of them); 0: none */
    bool xml;                 /* Protocol "HTTP/XML" */
    char info[1024];          /* what HTTP wrote in Info ("" : nothing) */
    const uint8_t *data;      /* the bytes HTTP read: the payload or the reassembled PDU */
    uint32_t len;
    uint8_t nmsg;
    struct http_shown msg[HTTP_FRAME_MSGS];
    /* reassembled: the segments of the PDU that ends in this frame */
    uint32_t nseg;
    const struct http_seg *seg;
    uint32_t reassembled_len;
};

struct http_conv;

/* Track one segment of stream s's direction dir. f: the frame; seq: its
 * relative sequence number. Fills out (cleared first). */
struct stream;
void http_segment(struct http_conv **conv, const struct frame *f, int dir, uint32_t seq, struct http_frame **out);
void http_free(struct http_conv *c);
size_t http_bytes_held(const struct http_conv *c);
/* Heap bytes every stream's HTTP state holds now (HTTP_TOTAL_CAP bounds it). */
size_t http_total_held(void);

/* Freezing a stream (freeze.h): a conversation with no unfinished message
 * either way gives back its buffers, and is then plain bytes, http_conv_size
 * of them; it returns false, changing nothing, while a message is pending.
 * http_conv_copy makes a conversation from such bytes (NULL: no memory). */
bool http_settle(struct http_conv *c);
size_t http_conv_size(void);
struct http_conv *http_conv_copy(const void *bytes);

/* tcp.port values Wireshark 4.0 gives to HTTP. */
bool http_port(uint16_t port);

#endif
