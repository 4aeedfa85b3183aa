/* Each segment explained in one plain sentence, with the real numbers of
 * the capture, in English or Chinese. */
#ifndef SYNFIN_EXPLAIN_H
#define SYNFIN_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "present/out.h"
#include "track/segments.h"

enum lang { LANG_EN, LANG_ZH };

/* The language LANG / LC_ALL / LC_MESSAGES ask for. */
enum lang lang_from_env(void);

/* One segment's sentence ("client → server SYN, seq=0: ..."), or false
 * for a segment the explanations pass over. */
bool explain_segment(enum lang lang, const struct seg_record *s, char *buf, size_t n);

void explain_print(struct out *o, enum lang lang, const struct seg_record *segs, size_t n);

#endif
