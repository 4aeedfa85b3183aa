/* The ladder diagram: client and server as two columns, one arrow per
 * segment with its flags, relative numbers and length, the time on the
 * left and the step on the right, like the classic handshake and teardown
 * figures. Long idle gaps are folded into one line. */
#ifndef SYNFIN_LADDER_H
#define SYNFIN_LADDER_H

#include <stddef.h>

#include "present/out.h"
#include "track/segments.h"

void ladder_print(struct out *o, const char *client, const char *server, const struct seg_record *segs,
                  size_t n);

/* Flag names joined as Wireshark writes them ("SYN, ACK"). */
void flags_text(uint16_t flags, char *buf, size_t n);

#endif
