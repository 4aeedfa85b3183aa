/* tshark's statistics (-z): TCP conversations, TCP endpoints, I/O per
 * interval and expert infos, each fed one view per frame and printed at the
 * end, string for string as tshark 4.0 prints them. */
#ifndef SYNFIN_STATS_H
#define SYNFIN_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "present/out.h"
#include "present/timefmt.h"
#include "present/view.h"

struct stats;

/* Whether arg names a statistic synfin knows ("conv,tcp", "endpoints,tcp",
 * "io,stat,INTERVAL", "expert", each with its options); if not, why, in
 * why (a phrase, no newline). Filters are not compiled here. */
bool stats_check(const char *arg, char *why, size_t n);

/* The statistics of the n -z arguments (each passed stats_check), with
 * their filters compiled, writing times in the -t format tf as tshark does
 * (conv,tcp's start, io,stat's rows); NULL after one error on stderr (bad
 * filter, or a format io,stat refuses: the caller exits 2) or when memory
 * runs out. */
struct stats *stats_open(const char *const *args, int n, enum time_fmt tf);

/* One frame, in capture order. */
void stats_frame(struct stats *st, const struct view *v);

/* All of them, in tshark's order (the last -z first). */
bool stats_print(struct stats *st, struct out *o);

void stats_close(struct stats *st);

#endif
