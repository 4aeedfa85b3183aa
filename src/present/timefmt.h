/* tshark's time formats (-t) and the one rule that writes a wall-clock
 * time in them: the summary's Time column and the statistics (-z conv,tcp
 * start, -z io,stat rows) both write absolute times with it. */
#ifndef SYNFIN_TIMEFMT_H
#define SYNFIN_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

enum time_fmt {
    TF_RELATIVE,              /* r (default): since the first frame */
    TF_DELTA,                 /* d: since the previous frame */
    TF_DELTA_DISPLAYED,       /* dd: since the previous frame shown */
    TF_EPOCH,                 /* e: seconds since 1970 */
    TF_ABSOLUTE,              /* a: local time of day */
    TF_ABSOLUTE_YMD,          /* ad: local date and time */
    TF_ABSOLUTE_YDOY,         /* adoy: local year/day-of-year and time */
    TF_UTC,                   /* u: UTC time of day */
    TF_UTC_YMD,               /* ud */
    TF_UTC_YDOY,              /* udoy */
};

/* tshark's -t letters (r, d, dd, e, a, ad, adoy, u, ud, udoy); false if not one. */
bool time_fmt_parse(const char *s, enum time_fmt *tf);

/* A wall-clock format (a, ad, adoy, u, ud, udoy). */
bool time_fmt_absolute(enum time_fmt tf);
/* One that writes the date (ad, adoy, ud, udoy). */
bool time_fmt_dated(enum time_fmt tf);

/* t (seconds since 1970) as an absolute format writes it, local time or
 * UTC: "HH:MM:SS", "YYYY-MM-DD HH:MM:SS" or "YYYY/DOY HH:MM:SS", then
 * `digits` decimals of t.tv_nsec, cut (0: none). A time the C library
 * cannot break down is written with X for digits, as tshark does. Returns
 * the length written. */
size_t fmt_abs_time(char *buf, size_t n, struct timespec t, enum time_fmt tf, int digits);

#endif
