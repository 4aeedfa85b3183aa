/* A capture session: open the source the options name (a file or a live
 * interface), then decode, track and print every frame, and write it with
 * -w. Used by the tshark-like command line and by `synfin demo`. */
#ifndef SYNFIN_SESSION_H
#define SYNFIN_SESSION_H

#include "cli/options.h"
#include "present/view.h"

/* Called for each frame with a TCP header after it is printed (may be NULL). */
typedef void (*frame_hook)(void *arg, const struct view *v);

/* Run the session to its end (end of file, -c, -a, a signal, or
 * session_stop). Returns the exit status: 0, 1 (runtime failure) or 2
 * (bad input), after printing one line on stderr for 1 and 2. */
int session_run(const struct options *opt, frame_hook hook, void *hook_arg);

/* Ask a running session to stop (safe in a signal handler). */
void session_stop(void);

/* Open the live capture ahead of session_run (so a caller can start
 * traffic only once capture is on). 0, or the exit status on failure. */
int session_open(const struct options *opt);

#endif
