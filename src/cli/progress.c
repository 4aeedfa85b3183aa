#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"

#define FIRST_NS 1000000000LL         /* nothing for a read shorter than this */
#define REDRAW_NS 250000000LL         /* then at most four redraws a second */
#define MAX_WIDTH 400                 /* a wider terminal gets a line this long */

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

bool progress_wanted(bool frames_to_stdout)
{
    if (!isatty(2))
        return false;
    if (!frames_to_stdout || !isatty(1))
        return true;
    /* Both terminals: the same one unless they are different devices. */
    struct stat o, e;
    return fstat(1, &o) == 0 && fstat(2, &e) == 0 && o.st_rdev != e.st_rdev;
}

void progress_start(struct progress *p, bool on)
{
    memset(p, 0, sizeof *p);
    p->on = on;
    /* Tests: SYNFIN_PROGRESS_AFTER_MS sets the wait, so that a line shows
     * however fast the machine reads. */
    const char *after = getenv("SYNFIN_PROGRESS_AFTER_MS");
    int64_t first = after ? (int64_t)strtoll(after, NULL, 10) * 1000000 : FIRST_NS;
    if (on)
        p->next_ns = (p->start_ns = now_ns()) + first;
}

/* 1234567 -> "1.2M", 612345 -> "612k", 999 -> "999". */
static void human(char *b, size_t n, double v)
{
    const char *unit = "";
    if (v >= 999.5e6)
        v /= 1e9, unit = "G";
    else if (v >= 999.5e3)
        v /= 1e6, unit = "M";
    else if (v >= 999.5)
        v /= 1e3, unit = "k";
    if (*unit && v < 9.95)
        snprintf(b, n, "%.1f%s", v, unit);
    else
        snprintf(b, n, "%.0f%s", v, unit);
}

/* Seconds as M:SS or H:MM:SS (at most 99999 hours). */
static void clock_text(char *b, size_t n, double s)
{
    if (!(s >= 0))
        s = 0;
    if (s > 359999999.0)
        s = 359999999.0;
    unsigned long t = (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(b, n, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(b, n, "%lu:%02lu", t / 60, t % 60);
}

size_t progress_format(char *buf, int width, double elapsed_s, uint64_t frames, uint64_t done, uint64_t total)
{
    if (width < 2)
        width = 2;
    if (width > MAX_WIDTH)
        width = MAX_WIDTH;
    size_t room = (size_t)width - 1;
    char nframes[16], rate[16], when[24], rest[96];
    human(nframes, sizeof nframes, (double)frames);
    human(rate, sizeof rate, elapsed_s > 0 ? (double)frames / elapsed_s : 0);
    bool sized = total > 0 && done <= total;
    char line[MAX_WIDTH + 1];
    size_t len;
    if (sized) {
        /* The time left at the average speed so far, as pv's ETA. */
        if (done > 0)
            clock_text(when, sizeof when, elapsed_s * (double)(total - done) / (double)done);
        else
            snprintf(when, sizeof when, "?");
        snprintf(rest, sizeof rest, "%s frames  %s frames/s  ETA %s", nframes, rate, when);
        unsigned pct = (unsigned)(done * 100 / total);
        size_t fixed = 5 + 3 + strlen(rest);          /* "100% " "[" "] " */
        if (room >= fixed + 10) {
            size_t bar = room - fixed, full = (size_t)((double)bar * (double)done / (double)total);
            char cells[MAX_WIDTH + 1];
            memset(cells, '=', full);
            if (full < bar) {
                cells[full] = '>';
                memset(cells + full + 1, ' ', bar - full - 1);
            }
            cells[bar] = '\0';
            len = (size_t)snprintf(line, sizeof line, "%3u%% [%s] %s", pct, cells, rest);
        } else {
            len = (size_t)snprintf(line, sizeof line, "%3u%% %s", pct, rest);
        }
    } else {
        /* No size to compare with: the time so far, as pv shows it. */
        clock_text(when, sizeof when, elapsed_s);
        len = (size_t)snprintf(line, sizeof line, "%s frames  %s frames/s  %s", nframes, rate, when);
    }
    if (len > room)
        len = room;                                   /* ASCII: any cut is clean */
    memcpy(buf, line, len);
    buf[len] = '\0';
    return len;
}

static void write_all(const char *b, size_t n)
{
    while (n > 0) {
        ssize_t w = write(2, b, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;                                   /* stderr gone: nothing to say it with */
        b += w, n -= (size_t)w;
    }
}

void progress_tick(struct progress *p, uint64_t frames, uint64_t done, uint64_t total)
{
    if (!p->on)
        return;
    int64_t now = now_ns();
    if (now < p->next_ns)
        return;
    p->next_ns = now + REDRAW_NS;
    /* In the background (synfin ... &), the terminal belongs to someone
     * else. (A terminal that is not our controlling one has no foreground:
     * draw, as pv does.) */
    pid_t fg = tcgetpgrp(2);
    if (fg >= 0 && fg != getpgrp())
        return;
    struct winsize ws;
    int width = ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 80;
    char b[MAX_WIDTH + 8];
    b[0] = '\r';
    size_t n = 1 + progress_format(b + 1, width, (double)(now - p->start_ns) / 1e9, frames, done, total);
    memcpy(b + n, "\033[K", 3);                      /* clear what a longer line left */
    write_all(b, n + 3);
    p->drawn = true;
}

void progress_end(struct progress *p)
{
    if (p->on && p->drawn)
        write_all("\r\033[K", 4);
    p->drawn = false;
    p->on = false;
}
