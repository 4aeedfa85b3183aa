/* -T fields lines printed on a second thread: a frame's field record.
 *
 * The main thread gets each -e field's values from the registry (their
 * typed values, struct fval) and copies them into a record: numbers and
 * times as they are, addresses and text as their bytes. The printer
 * thread writes the record with the one writer -T fields uses on the main
 * thread (print_fields_values), so a line cannot differ: it reads no frame,
 * no stream, only the record.
 *
 * A protocol field (-e tcp) writes its layer's title from the frame, so a
 * field list with one is printed on the main thread (fieldrec_usable). */
#ifndef SYNFIN_FIELDREC_H
#define SYNFIN_FIELDREC_H

#include <stdbool.h>
#include <stddef.h>

#include "present/out.h"
#include "present/print.h"
#include "present/view.h"

enum {
    FIELDREC_ROOM = 4096,       /* a batch is handed over when less room than this is left */
};

/* Whether ff's lines can be printed from records. */
bool fieldrec_usable(const struct fields_format *ff);

/* Write v's record for ff into dst (room bytes). Returns the bytes used, a
 * multiple of 8, or 0 when the record needs more room than that. */
size_t fieldrec_fill(void *dst, size_t room, const struct view *v, const struct fields_format *ff);

/* Print the record's line to o. */
void fieldrec_print(struct out *o, const void *rec, const struct fields_format *ff);

/* The record's size in bytes (as fieldrec_fill returned it). */
size_t fieldrec_size(const void *rec);

/* SYNFIN_FORMAT_THREAD=verify: print v's line directly and through its
 * record; false (and both lines on stderr) when they differ. The direct
 * line goes to o. */
bool fieldrec_verify(struct out *o, const struct fields_format *ff, const struct view *v);

#endif
