/* What Follow TCP Stream feeds its reassembly from one frame, shared by
 * -z follow,tcp (stats_follow.c) and `synfin follow` (follow_view.c) so
 * both rebuild the same bytes. */
#ifndef SYNFIN_FOLLOW_TAP_H
#define SYNFIN_FOLLOW_TAP_H

#include <stdbool.h>

#include "present/view.h"
#include "track/reasm.h"

/* Fill seg from the frame in v, sent by the caller's side `side` (0 or 1),
 * when tshark's follow tap would see it; false when it would not (no TCP
 * header tracked, options that throw, a bogus header length, no segment
 * length). seg->data points into the frame. */
bool follow_tap_seg(const struct view *v, int side, struct reasm_seg *seg);

#endif
