/* Many inputs, one output: run a job for each input in up to N worker
 * processes at once, and write what they printed in the inputs' order, so
 * the output is the same byte for byte whatever N is.
 *
 * Each worker (fork) writes its standard output and standard error to two
 * unlinked temporary files (in $TMPDIR, or /tmp); the parent copies them to
 * its own, error lines first, one input after the other. Memory stays flat:
 * what waits to be copied is on disk, and a job starts only while it is
 * fewer than 4 N inputs ahead of the next to be copied (at most 8 N open
 * temporary files). */
#ifndef SYNFIN_JOBS_H
#define SYNFIN_JOBS_H

/* job(arg, i) runs in a worker with standard output and error redirected;
 * it returns its exit status (0, 1 or 2) and must have flushed what it
 * wrote. SIGINT and SIGTERM are blocked when it starts: a job that reads a
 * capture unblocks them once it can stop cleanly (session_run does).
 *
 * A signal to the parent (SIGINT, SIGTERM) stops the run: no new job
 * starts, the running ones are asked to stop (SIGTERM), and what every
 * started job printed is still written. Returns the exit status of the
 * whole: 1 if any job failed at run time (or died), else 2 if any had bad
 * input, else 0. prog names the program in the parent's own error lines,
 * names[i] the input (a worker that dies: "PROG: NAME: the worker ... died").
 * Standard output closed early (EPIPE): the workers are stopped and the
 * parent dies of SIGPIPE, as a filter in a pipeline does. */
int jobs_run(int n, int njobs, int (*job)(void *arg, int i), void *arg, const char *prog,
             const char *const *names);

/* --jobs 0: the number of CPUs online. */
int jobs_default(void);

#endif
