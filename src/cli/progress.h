/* A progress line on stderr while a long file is read, as pv draws one:
 *   43% [=========>          ] 1.2M frames  612k frames/s  ETA 0:03
 * (without the percent, the bar and ETA when the file's size is unknown,
 * as on a pipe). It appears only after a second, is redrawn at most four
 * times a second, fits the terminal's width, and is erased at the end, so
 * it never stays in what the terminal shows. The session asks for it only
 * when stderr is a terminal (see progress_wanted).
 *
 * Cost: the session calls progress_tick once every PROGRESS_EVERY frames;
 * the tick reads the monotonic clock (vDSO, no system call) and returns
 * unless a redraw is due. No allocation: the line is built on the stack. */
#ifndef SYNFIN_PROGRESS_H
#define SYNFIN_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROGRESS_EVERY 4096u          /* frames read between two looks at the clock */

struct progress {
    bool on;
    int64_t start_ns;                 /* CLOCK_MONOTONIC when reading began */
    int64_t next_ns;                  /* no redraw before this */
    bool drawn;                       /* a line is on the terminal */
};

/* Whether a run may draw: stderr is a terminal, and frames printed on
 * standard output (frames_to_stdout) would not land on that same terminal
 * between two redraws. */
bool progress_wanted(bool frames_to_stdout);

/* Start the clock; on false the other calls do nothing. */
void progress_start(struct progress *p, bool on);

/* frames read so far, and the file's bytes read (done) of total (0: unknown). */
void progress_tick(struct progress *p, uint64_t frames, uint64_t done, uint64_t total);

/* Erase the line, if one was drawn. Call before anything else goes to the terminal. */
void progress_end(struct progress *p);

/* The line itself, at most width - 1 characters (the last column is left
 * free: some terminals wrap on it), ASCII only, into buf (size > width).
 * Returns its length. Exposed for the unit test. */
size_t progress_format(char *buf, int width, double elapsed_s, uint64_t frames, uint64_t done, uint64_t total);

#endif
