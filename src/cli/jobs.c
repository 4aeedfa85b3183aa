#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/jobs.h"
#include "present/out.h"

struct slot {
    pid_t pid;                /* 0: not started (or reaped, with status set) */
    int out, err;             /* its temporary files, -1 when closed */
    int status;               /* its exit status, once reaped */
    bool started, done;
};

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
    (void)sig;
    stop = 1;
}

int jobs_default(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* An unlinked temporary file: gone from the disk once its last fd closes. */
static int temp_file(const char *prog)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/synfin-job.XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "%s: cannot make a temporary file in %s: %s\n", prog, dir && dir[0] ? dir : "/tmp",
                strerror(errno));
        return -1;
    }
    unlink(path);
    return fd;
}

static void close_slot(struct slot *s)
{
    if (s->out >= 0)
        close(s->out);
    if (s->err >= 0)
        close(s->err);
    s->out = s->err = -1;
}

/* Start job i. 0, or 1 after an error line (nothing started). */
static int start(struct slot *slots, int n, int i, int (*job)(void *, int), void *arg, const char *prog)
{
    struct slot *s = &slots[i];
    s->out = temp_file(prog);
    s->err = s->out < 0 ? -1 : temp_file(prog);
    if (s->err < 0) {
        close_slot(s);
        return 1;
    }
    out_flush(out_stdout);        /* nothing of ours may be written twice */
    fflush(NULL);
    /* Blocked until the job can stop cleanly (see jobs.h). */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        if (dup2(s->out, 1) < 0 || dup2(s->err, 2) < 0)
            _exit(1);
        for (int j = 0; j < n; j++)
            close_slot(&slots[j]);
        int rc = job(arg, i);
        out_flush(out_stdout);
        fflush(NULL);
        _exit(rc);
    }
    int fork_errno = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        fprintf(stderr, "%s: cannot start a worker: %s\n", prog, strerror(fork_errno));
        close_slot(s);
        return 1;
    }
    s->pid = pid;
    s->started = true;
    return 0;
}

/* Copy a temporary file from its start to fd. false: fd failed (errno). */
static bool copy_out(int from, int to)
{
    char buf[1 << 16];
    off_t at = 0;
    for (;;) {
        ssize_t n = pread(from, buf, sizeof buf, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return true;          /* a temporary file that cannot be read back: nothing to copy */
        at += n;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(to, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                if (w == 0)
                    errno = ENOSPC;
                return false;
            }
            done += w;
        }
    }
}

static void ask_to_stop(struct slot *slots, int n)
{
    for (int i = 0; i < n; i++)
        if (slots[i].started && !slots[i].done)
            kill(slots[i].pid, SIGTERM);
}

/* Wait for one worker; false when there is none left to wait for. */
static bool reap(struct slot *slots, int n, bool *asked)
{
    if (stop && !*asked)          /* a signal that came while we were copying */
        ask_to_stop(slots, n), *asked = true;
    int st;
    pid_t pid = waitpid(-1, &st, 0);
    if (pid < 0) {
        if (errno == EINTR) {
            if (stop && !*asked)
                ask_to_stop(slots, n), *asked = true;
            return true;
        }
        return false;
    }
    for (int i = 0; i < n; i++)
        if (slots[i].started && !slots[i].done && slots[i].pid == pid) {
            slots[i].done = true;
            slots[i].status = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
        }
    return true;
}

int jobs_run(int n, int njobs, int (*job)(void *arg, int i), void *arg, const char *prog, const char *const *names)
{
    struct slot *slots = calloc((size_t)n, sizeof *slots);
    if (!slots) {
        fprintf(stderr, "%s: out of memory\n", prog);
        return 1;
    }
    for (int i = 0; i < n; i++)
        slots[i].out = slots[i].err = -1;
    struct sigaction sa, old_int, old_term, old_pipe;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;      /* no SA_RESTART: waitpid returns on a signal */
    sigemptyset(&sa.sa_mask);
    stop = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sa.sa_handler = SIG_IGN;      /* a closed standard output is EPIPE, handled below */
    sigaction(SIGPIPE, &sa, &old_pipe);

    int window = njobs > n / 4 ? n : 4 * njobs;
    int running = 0, next_start = 0, status = 0;
    bool asked = false, broken_pipe = false, failed = false;
    for (int next_copy = 0; next_copy < n;) {
        while (!stop && !failed && running < njobs && next_start < n && next_start < next_copy + window) {
            if (start(slots, n, next_start, job, arg, prog)) {
                failed = true;    /* no temporary file or no process: stop starting, finish the rest */
                status = 1;
                break;
            }
            next_start++, running++;
        }
        struct slot *s = &slots[next_copy];
        if (!s->started)
            break;                /* stopped, or failed to start: nothing more to write */
        if (!s->done) {
            if (!reap(slots, n, &asked))
                break;
            running = 0;
            for (int i = 0; i < next_start; i++)
                running += slots[i].started && !slots[i].done;
            continue;
        }
        copy_out(s->err, 2);
        if (!broken_pipe && !copy_out(s->out, 1)) {
            if (errno == EPIPE) {
                broken_pipe = true;
            } else {
                fprintf(stderr, "%s: cannot write the output: %s\n", prog, strerror(errno));
                status = 1;
            }
            stop = 1;
            ask_to_stop(slots, n), asked = true;
        }
        close_slot(s);
        if (s->status < 0)        /* killed: a run-time failure, whatever the signal */
            fprintf(stderr, "%s: %s: the worker reading it died of signal %d (%s)\n", prog, names[next_copy],
                    -s->status, strsignal(-s->status));
        int st = s->status < 0 || s->status > 2 ? 1 : s->status;
        if (st == 1 || (st == 2 && status == 0))
            status = st;
        next_copy++;
    }
    /* Stopped early: wait for every worker still running. */
    for (int i = 0; i < n; i++) {
        if (slots[i].started && !slots[i].done)
            while (!slots[i].done && reap(slots, n, &asked))
                ;
        close_slot(&slots[i]);
    }
    free(slots);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    if (broken_pipe) {
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
    }
    return status;
}
