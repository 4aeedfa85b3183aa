/* `synfin conns`: one row per connection. */
#ifndef SYNFIN_CONNS_H
#define SYNFIN_CONNS_H

#include <stdbool.h>

#include "present/out.h"
#include "track/streams.h"

void conns_header(struct out *o);

/* One connection; t0 is the capture's first timestamp. json: one object a line. */
void conns_row(struct out *o, const struct stream *s, struct timespec t0, bool json);

#endif
