/* tshark's -t formats and how an absolute time is written in them. */
#include <stdio.h>
#include <string.h>

#include "present/timefmt.h"

bool time_fmt_parse(const char *s, enum time_fmt *tf)
{
    static const struct { const char *name; enum time_fmt tf; } names[] = {
        { "r", TF_RELATIVE }, { "d", TF_DELTA },       { "dd", TF_DELTA_DISPLAYED },
        { "e", TF_EPOCH },    { "a", TF_ABSOLUTE },    { "ad", TF_ABSOLUTE_YMD },
        { "adoy", TF_ABSOLUTE_YDOY }, { "u", TF_UTC }, { "ud", TF_UTC_YMD },
        { "udoy", TF_UTC_YDOY },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *tf = names[i].tf;
            return true;
        }
    return false;
}

bool time_fmt_absolute(enum time_fmt tf)
{
    return tf >= TF_ABSOLUTE;
}

bool time_fmt_dated(enum time_fmt tf)
{
    return tf == TF_ABSOLUTE_YMD || tf == TF_ABSOLUTE_YDOY || tf == TF_UTC_YMD || tf == TF_UTC_YDOY;
}

size_t fmt_abs_time(char *buf, size_t n, struct timespec t, enum time_fmt tf, int digits)
{
    struct tm tm;
    time_t sec = t.tv_sec;
    bool utc = tf == TF_UTC || tf == TF_UTC_YMD || tf == TF_UTC_YDOY;
    bool ok = utc ? gmtime_r(&sec, &tm) != NULL : localtime_r(&sec, &tm) != NULL;
    int k;
    if (tf == TF_ABSOLUTE_YMD || tf == TF_UTC_YMD)
        k = ok ? snprintf(buf, n, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                          tm.tm_hour, tm.tm_min, tm.tm_sec)
               : snprintf(buf, n, "XXXX-XX-XX XX:XX:XX");
    else if (tf == TF_ABSOLUTE_YDOY || tf == TF_UTC_YDOY)
        k = ok ? snprintf(buf, n, "%04d/%03d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_yday + 1, tm.tm_hour,
                          tm.tm_min, tm.tm_sec)
               : snprintf(buf, n, "XXXX/XXX XX:XX:XX");
    else
        k = ok ? snprintf(buf, n, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec) : snprintf(buf, n, "XX:XX:XX");
    if (k < 0 || (size_t)k >= n)
        return k < 0 ? 0 : n - 1;
    if (digits > 0) {
        long frac = t.tv_nsec;
        for (int i = digits; i < 9; i++)
            frac /= 10;
        int m = snprintf(buf + k, n - (size_t)k, ".%0*ld", digits, frac);
        if (m > 0)
            k = (size_t)(k + m) < n ? k + m : (int)n - 1;
    }
    return (size_t)k;
}
