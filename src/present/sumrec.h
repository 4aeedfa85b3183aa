/* A summary record: what the summary line of one frame reads, copied out
 * of the frame, its tracking result and its bytes, so that another thread
 * can print the line after the main thread has gone on to later frames
 * (sumring.h). The record is expanded back into a frame, a track_info and
 * an http_frame, and the unchanged print_summary prints it: there is one
 * formatter, so the line is the same byte for byte.
 *
 * What print_summary reads (columns.c, print_summary.c): of the frame its
 * number, times, lengths, layer counts, flags, the innermost IP layer, the
 * TCP layer and its options, and the bytes up to the end of the TCP header
 * (addresses, AccECN and experimental option bodies); of the tracking the
 * relative numbers, window, SACK edges, analysis labels, step and states;
 * of HTTP the Protocol and Info it wrote. sumrec_print's poison mode fills
 * everything else with a pattern, so a test sees at once if the formatter
 * starts to read a field the record lacks.
 *
 * A frame whose bytes up to there exceed SUMREC_MAX_BYTES (deep tunnels,
 * long IPv6 extension chains) is printed on the main thread instead, and
 * its record holds the text of the line. */
#ifndef SYNFIN_SUMREC_H
#define SYNFIN_SUMREC_H

#include <stdbool.h>
#include <stddef.h>

#include "present/out.h"
#include "present/view.h"

enum {
    SUMREC_MAX_BYTES = 256,     /* frame bytes a record carries */
    SUMREC_MAX = 4096,          /* the most bytes one record takes */
};

/* Write v's record (v as print_summary would get it) at dst, which has
 * room for SUMREC_MAX bytes. Returns the bytes used, a multiple of 8. */
size_t sumrec_fill(void *dst, const struct view *v, bool color);

/* Print the record at rec as print_summary prints the frame's line.
 * poison: fill what the record does not restore with pattern first. */
void sumrec_print(struct out *o, const void *rec, const struct prefs *prefs, bool color, int poison);

/* Tests (SYNFIN_FORMAT_THREAD=verify): print v's line to o directly, and
 * check that its record prints the same under both poison patterns. false:
 * it does not (both lines are on stderr). */
bool sumrec_verify(struct out *o, const struct view *v, bool color);

/* The record's size in bytes (as sumrec_fill returned it). */
size_t sumrec_size(const void *rec);

#endif
