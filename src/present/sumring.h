/* Summary lines printed on a second thread. The main thread decodes,
 * tracks and filters each frame and writes the frame's summary record
 * (sumrec.h) into a ring; a printer thread expands the records and prints
 * the lines, in order, to the output it was given. From sumring_start to
 * sumring_finish only the printer touches that output.
 *
 * The ring is SUMRING_BATCHES batches of records. The main thread hands
 * over a whole batch at a time (one atomic store per batch); either side
 * that finds the ring full or empty sleeps on a condition variable, and
 * the other wakes it only when it is asleep and half the ring waits for it
 * (batches, or room), so while both run there is no system call, and a
 * sleeper wakes to a burst of work, not to each batch. */
#ifndef SYNFIN_SUMRING_H
#define SYNFIN_SUMRING_H

#include <stdbool.h>
#include <stddef.h>

#include "present/out.h"
#include "present/view.h"

struct sumring;

/* Start the printer on o. batch: records a batch holds at most (tests use
 * 1 for a hand-over a frame). between: NULL, or work for the printer's
 * core after a batch when no more than one other waits (the source's
 * pages mapped in ahead of the reader; the reader does it when the
 * printer is behind). NULL: no thread could be made (print as before). */
struct sumring *sumring_start(struct out *o, const struct prefs *prefs, bool color, unsigned batch,
                              void (*between)(void));

/* Queue v's line. */
void sumring_frame(struct sumring *r, const struct view *v);

/* Print every line queued so far and write it out, without waiting for a
 * full batch (the input is about to wait for a slow pipe). */
void sumring_flush(struct sumring *r);

/* The output failed (a closed pipe, a full disk): stop reading frames. */
bool sumring_failed(const struct sumring *r);

/* Print what is queued, stop the printer and free the ring. */
void sumring_finish(struct sumring *r);

#endif
