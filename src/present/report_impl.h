/* The report's collected state, shared by its collector (report.c) and
 * its page writer (report_html.c). */
#ifndef SYNFIN_REPORT_IMPL_H
#define SYNFIN_REPORT_IMPL_H

#include <stdbool.h>
#include <zlib.h>

#include "present/conns.h"
#include "present/report.h"
#include "present/report_seg.h"

/* A connection drawn: its segments, as many as the bounds allow. */
struct report_conn {
    uint32_t stream;
    char client[80], server[80];  /* "client ADDR:PORT", "server ADDR:PORT" */
    struct rseg *segs;
    size_t n, cap;
    uint64_t seen;                /* segments of it in the capture */
};

/* A growing byte buffer (the detail trees); stops growing at its cap. */
struct report_buf {
    char *p;
    size_t len, cap, limit;
    bool full;                    /* something did not fit */
};

struct report {
    struct report_opts opts;
    const uint32_t *only;         /* report_draw_only's streams, or NULL */
    size_t nonly;
    struct report_conn *conns;    /* drawn connections, in stream order */
    size_t nconns, cap_conns;
    size_t nsegs;                 /* drawn segments, all connections */
    uint64_t segs_over;           /* segments not drawn: past a bound */
    /* The overview's numbers: frames read; of the connections in the
     * report (with -Y, those with a kept frame), their segments and the
     * time from the first one's start to the last one's end. */
    uint64_t frames, tcp_frames;
    struct timespec first_ts, last_ts;
    bool have_ts;
    /* Per drawn frame, its detail tree and bytes: one JSON object, gzip
     * compressed as it grows (a detail compresses about tenfold). */
    struct report_buf detail;
    z_stream z;
    bool z_ready, z_done;
    uint64_t details;             /* frames with a detail */
    uint64_t detail_raw;          /* its size before compression */
    struct conn_cells *rows;      /* the table */
    size_t nrows;
    uint64_t rows_over;
};

/* The drawn connection of stream, or NULL (conns is sorted by stream). */
struct report_conn *report_conn_find(const struct report *r, uint32_t stream);

/* The page, from what was collected (report_html.c). */
void report_html(struct out *o, const struct report *r);

/* Bytes as base64 (RFC 4648, with padding). */
void report_base64(struct out *o, const uint8_t *p, size_t n);

/* s as JSON string contents: quotes, backslashes and control bytes
 * escaped, broken UTF-8 as U+FFFD, and < > & as \u003c \u003e \u0026, so packet text sitting in a
 * <script> element can neither end it nor open a comment in it. */
void report_json_text(struct out *o, const char *s, size_t n);

#endif
