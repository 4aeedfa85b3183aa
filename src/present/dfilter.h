/* Display filters (-Y): Wireshark 4.0's filter language, compiled once
 * against the field registry and evaluated on each frame's typed values.
 *   struct df_error err;
 *   struct dfilter *df = df_compile("tcp.port in {80 443}", &err);
 *   if (!df) df_error_print(stderr, text, &err);   // then exit 2
 *   ... if (df_match(df, &view)) keep the frame ...
 * A frame's analysis fields depend only on the frames before it (one pass,
 * as tshark without -2), so a filter can be evaluated as each frame comes. */
#ifndef SYNFIN_DFILTER_H
#define SYNFIN_DFILTER_H

#include <stdbool.h>
#include <stdio.h>

#include "present/view.h"

struct dfilter;

/* Why a filter was refused, and where: the place is a byte offset and a
 * length in the filter text (at < 0: no place, as for an early end). */
struct df_error {
    char msg[256];
    int at, len;
};

/* The compiled filter, or NULL with *err filled. An empty or blank text
 * compiles to a filter that keeps every frame. */
struct dfilter *df_compile(const char *text, struct df_error *err);

bool df_match(const struct dfilter *df, const struct view *v);

void df_free(struct dfilter *df);

/* The refusal as tshark prints it: "synfin: MSG", then the filter and a
 * caret line under the place ("    ^~~~"), each indented by four spaces. */
void df_error_print(FILE *to, const char *text, const struct df_error *err);

#endif
