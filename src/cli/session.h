/* A capture session: open the source the options name (a file or a live
 * interface), then decode and track every frame, and print it (and write it
 * with -w) when the display filter -Y keeps it; -c counts the frames read,
 * kept or not, as tshark's. Used by the tshark-like command line and by
 * `synfin demo`. */
#ifndef SYNFIN_SESSION_H
#define SYNFIN_SESSION_H

#include "cli/options.h"
#include "present/view.h"

struct stream_table;
struct stream;

/* What a subcommand adds to a session: a call for each frame with a TCP
 * header, after it is printed (for every frame, kept by -Y or not: its
 * stream's `kept` says whether one of its frames was), and one at the end
 * with every stream.
 * Either may be NULL. */
struct session_hooks {
    void (*frame)(void *arg, const struct view *v);
    void (*end)(void *arg, struct stream_table *streams, struct timespec first_ts);
    void (*retire)(void *arg, struct stream *s);   /* live: a connection leaves memory */
    void (*zeek_part_end)(void *arg, struct stream *s);   /* set: Zeek's connections within streams (streams_zeek_parts) */
    bool zeek_ignore_checksums;   /* with zeek_part_end: keep segments with bad checksums (zeek -C) */
    uint64_t *frames_read;        /* if set: the frames read, TCP or not, stored before end is called */
    bool prints_per_frame;        /* frame calls write to standard output (no progress line on its terminal) */
    bool rows_only;               /* the hooks read connection rows only (see streams_rows_only) */
    void *arg;
};

/* Run the session to its end (end of file, -c, -a, a signal, or
 * session_stop). Returns the exit status: 0, 1 (runtime failure) or 2
 * (bad input), after printing one line on stderr for 1 and 2. */
int session_run(const struct options *opt, const struct session_hooks *hooks);

/* Ask a running session to stop (safe in a signal handler). */
void session_stop(void);

/* Open the live capture ahead of session_run (so a caller can start
 * traffic only once capture is on). 0, or the exit status on failure. */
int session_open(const struct options *opt);

#endif
