/* `synfin report`: one self-contained HTML page for a capture. The
 * overview in numbers, the connection table, and for the first
 * connections a ladder (SVG), the TCP graphs (SVG) and, for each segment,
 * its detail tree and bytes. Fed frame by frame by any session (a file,
 * or the demo's live capture), written once at the end.
 *
 * Bounds: REPORT_DRAWN connections drawn, REPORT_CONN_SEGS segments each
 * and REPORT_SEGS in all; REPORT_DETAIL_CAP bytes of detail trees and
 * REPORT_FRAME_BYTES bytes of each frame; REPORT_ROWS table rows. What
 * goes past a bound is counted and the page says so. */
#ifndef SYNFIN_REPORT_H
#define SYNFIN_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "present/explain.h"
#include "present/view.h"
#include "track/streams.h"

enum {
    REPORT_DRAWN = 200,
    REPORT_CONN_SEGS = 10000,
    REPORT_SEGS = 50000,
    REPORT_DETAIL_CAP = 64 << 20,
    REPORT_FRAME_BYTES = 2048,
    REPORT_ROWS = 100000,
    REPORT_EXPLAIN_SEGS = 100,    /* notes beside the arrows of connections this short */
    REPORT_PAGE_ROWS = 100,       /* table rows a page */
};

struct report_opts {
    enum lang lang;
    const char *title;            /* the capture's name, as the page heading shows it */
};

struct report;

struct report *report_new(const struct report_opts *opts);
void report_free(struct report *r);

/* Draw these streams (ascending), instead of the first REPORT_DRAWN. */
void report_draw_only(struct report *r, const uint32_t *streams, size_t n);

/* Each frame with a TCP header, in capture order. */
void report_frame(struct report *r, const struct view *v);

/* At the end: every stream, for the table and the overview (those with
 * kept == false are left out), the capture's first timestamp and the
 * number of frames read. */
void report_streams(struct report *r, struct stream_table *streams, struct timespec first_ts, uint64_t frames_read);

/* Write the page to fd. 0, or an errno. */
int report_write(struct report *r, int fd);

#endif
