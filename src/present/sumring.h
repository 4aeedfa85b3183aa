/* Lines printed on a second thread. The main thread decodes, tracks and
 * filters each frame and writes the frame's record into a ring: a summary
 * record (sumrec.h) or a -T fields record (fieldrec.h). A printer thread
 * expands the records and prints the lines, in order, to the output it was
 * given. From sumring_start to sumring_finish only the printer touches
 * that output, except after sumring_frame said no (below).
 *
 * The ring is SUMRING_BATCHES batches of records. The main thread hands
 * over a whole batch at a time (one atomic store per batch); either side
 * that finds the ring full or empty sleeps on a condition variable, and
 * the other wakes it only when it is asleep, so while both run there is no
 * system call. */
#ifndef SYNFIN_SUMRING_H
#define SYNFIN_SUMRING_H

#include <stdbool.h>
#include <stddef.h>

#include "present/out.h"
#include "present/view.h"

struct sumring;

/* Start the printer of summary lines on o. batch: records a batch holds at
 * most (tests use 1 for a hand-over a frame). NULL: no thread could be made
 * (print as before). */
struct sumring *sumring_start(struct out *o, const struct prefs *prefs, bool color, unsigned batch);

/* The same for -T fields lines of ff (fieldrec_usable(ff) must hold). */
struct fields_format;
struct sumring *sumring_start_fields(struct out *o, const struct fields_format *ff, unsigned batch);

/* Queue v's line. False when its record does not fit in a batch (a field
 * of many kilobytes): then every line queued is printed, and the caller
 * prints this one on o itself. */
bool sumring_frame(struct sumring *r, const struct view *v);

/* The output failed (a closed pipe, a full disk): stop reading frames. */
bool sumring_failed(const struct sumring *r);

/* Print what is queued, stop the printer and free the ring. */
void sumring_finish(struct sumring *r);

#endif
