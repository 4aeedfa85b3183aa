/* `synfin conns -T zeek`: the connections as Zeek's conn.log, in Zeek's
 * ASCII log format (the TSV that zeek-cut, RITA, Zui and the Splunk and
 * Elastic ingest read): the # header lines, one row a connection, #close. */
#ifndef SYNFIN_CONNS_ZEEK_H
#define SYNFIN_CONNS_ZEEK_H

#include "present/out.h"
#include "track/streams.h"

/* #separator ... #types; the #open time is the local time now, as Zeek's. */
void zeek_log_open(struct out *o);

/* One connection's row, with Zeek's roles (after its flip): the stream's
 * current Zeek connection (streams_zeek_parts). A stream Zeek kept
 * nothing of (no zpart) has no row. */
void zeek_log_row(struct out *o, const struct stream *s);

/* The same row as Zeek's JSON logs write it (LogAscii::use_json): one
 * object a line, unset fields left out, no header. */
void zeek_json_row(struct out *o, const struct stream *s);

/* #close and the local time now. */
void zeek_log_close(struct out *o);

#endif
