/* `synfin follow`: a TCP conversation for a person to read. Each stream's
 * bytes come from track/reasm in Follow TCP Stream's order (the same as
 * -z follow,tcp); every run of bytes (a reassembly chunk) gets a header
 * line naming its direction, frame and size, and the connection's steps
 * (handshake, teardown, reset, refused ... as track/lifecycle names them)
 * are lines of their own where they happen between the data. On a terminal
 * the client's lines are red and the server's blue, as Wireshark colours
 * them.
 *
 * Two ways to print: `immediate` prints each stream as its frames arrive
 * (live captures: a chunk shows as soon as it is added), re-announcing the
 * stream when the output moves from one stream to another; otherwise every
 * stream is held until fview_end and printed whole, one after another in
 * tcp.stream order. Either way a stream prints only once one of its frames
 * has been kept by the display filter (stream->kept), and what came before
 * is printed then. */
#ifndef SYNFIN_FOLLOW_VIEW_H
#define SYNFIN_FOLLOW_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "present/out.h"
#include "present/view.h"

/* Steps remembered for a stream not printed yet (beyond them, a line says
 * how many were left out). 4096 x 64 bytes: 256 KiB a stream at most; the
 * bytes themselves are under reasm's caps. */
#define FVIEW_MAX_PENDING_STEPS 4096

struct fview;

struct fview *fview_new(struct out *o, bool color, bool immediate);
void fview_free(struct fview *fv);

/* One frame with a TCP header, in capture order. */
void fview_frame(struct fview *fv, const struct view *v);

/* Live: stream `index` leaves memory; print what it still holds if it was
 * kept, then forget it. */
void fview_retire(struct fview *fv, uint32_t index);

/* The capture is over: print what is left. Returns the number of streams
 * printed in all. */
uint64_t fview_end(struct fview *fv);

#endif
