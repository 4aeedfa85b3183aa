/* Each segment's step in its connection's life, as in the classic figures:
 * the three-way handshake and the four-way teardown. */
#ifndef SYNFIN_STEPS_H
#define SYNFIN_STEPS_H

#include "decode/packet.h"
#include "track/streams.h"

/* The step this segment takes ("handshake 1/3", "teardown 2/4", ...), or
 * NULL for a segment that neither opens nor closes. Call once per segment,
 * in order, after streams_track. */
const char *step_name(const struct frame *f, const struct track_info *tk);

#endif
