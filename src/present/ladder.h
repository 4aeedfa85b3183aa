/* The ladder diagram: client and server as two columns, one arrow per
 * segment with its flags, relative numbers and length, the time on the
 * left and the step on the right, like the classic handshake and teardown
 * figures. Long idle gaps are folded into one line. */
#ifndef SYNFIN_LADDER_H
#define SYNFIN_LADDER_H

#include <stddef.h>

#include "present/out.h"
#include "present/view.h"
#include "track/segments.h"

void ladder_print(struct out *o, const char *client, const char *server, const struct seg_record *segs,
                  size_t n);

/* The segment in view v, as the ladder and the explanations read it. */
void seg_record_fill(struct seg_record *s, const struct view *v);

/* "client ADDR:PORT" and "server ADDR:PORT" for a stream whose client is side client_side. */
void ladder_endpoints(const struct stream *s, int client_side, char *client, char *server, size_t n);

/* Flag names joined as Wireshark writes them ("SYN, ACK"). */
void flags_text(uint16_t flags, char *buf, size_t n);

#endif
