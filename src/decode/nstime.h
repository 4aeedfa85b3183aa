/* Time arithmetic on capture timestamps, in one place. Timestamps come from
 * the file and may be crafted to any value, so nothing here can overflow:
 * differences of seconds wrap as Wireshark's nstime_delta does (time_delta),
 * and conversions to nanoseconds saturate at the int64 limits (about 292
 * years either way), where a multiplication would be undefined. */
#ifndef SYNFIN_NSTIME_H
#define SYNFIN_NSTIME_H

#include <stdint.h>
#include <time.h>

#define NS_PER_SEC 1000000000LL

/* t in nanoseconds, saturated to INT64_MIN or INT64_MAX. */
static inline int64_t time_ns(struct timespec t)
{
    int64_t ns;
    if (__builtin_mul_overflow((int64_t)t.tv_sec, NS_PER_SEC, &ns) ||
        __builtin_add_overflow(ns, (int64_t)t.tv_nsec, &ns))
        return t.tv_sec < 0 ? INT64_MIN : INT64_MAX;
    return ns;
}

/* later - earlier in nanoseconds, saturated. */
static inline int64_t time_ns_between(struct timespec later, struct timespec earlier)
{
    int64_t sec;
    if (__builtin_sub_overflow((int64_t)later.tv_sec, (int64_t)earlier.tv_sec, &sec))
        return later.tv_sec < earlier.tv_sec ? INT64_MIN : INT64_MAX;
    return time_ns((struct timespec){ .tv_sec = (time_t)sec, .tv_nsec = later.tv_nsec - earlier.tv_nsec });
}

/* b - a as Wireshark's nstime_delta computes it: seconds and nanoseconds
 * carry the same sign, and the nanoseconds stay in 32 bits. */
static inline struct timespec time_delta(struct timespec b, struct timespec a)
{
    struct timespec d;
    d.tv_sec = (time_t)((uint64_t)b.tv_sec - (uint64_t)a.tv_sec);   /* wraps, never undefined */
    d.tv_nsec = (int32_t)(uint32_t)((uint64_t)b.tv_nsec - (uint64_t)a.tv_nsec);
    if (b.tv_sec < a.tv_sec && d.tv_nsec > 0)
        d.tv_nsec -= NS_PER_SEC, d.tv_sec++;
    else if (b.tv_sec > a.tv_sec && d.tv_nsec < 0)
        d.tv_nsec += NS_PER_SEC, d.tv_sec--;
    else if (b.tv_sec == a.tv_sec)
        d.tv_sec = 0;
    return d;
}

/* t + ns (ns may be negative), normalised; the seconds wrap, as in
 * time_delta, rather than overflow. */
static inline struct timespec time_add_ns(struct timespec t, int64_t ns)
{
    struct timespec r;
    r.tv_sec = (time_t)((uint64_t)t.tv_sec + (uint64_t)(ns / NS_PER_SEC));
    r.tv_nsec = t.tv_nsec + (long)(ns % NS_PER_SEC);
    if (r.tv_nsec >= NS_PER_SEC)
        r.tv_nsec -= NS_PER_SEC, r.tv_sec = (time_t)((uint64_t)r.tv_sec + 1);
    else if (r.tv_nsec < 0)
        r.tv_nsec += NS_PER_SEC, r.tv_sec = (time_t)((uint64_t)r.tv_sec - 1);
    return r;
}

#endif
