/* What each statistic (stats_*.c) gives the -z dispatcher (stats.c), and
 * the helpers they share. Internal to the statistics. */
#ifndef SYNFIN_STATS_TAP_H
#define SYNFIN_STATS_TAP_H

#include <stdbool.h>
#include <stdint.h>

#include "present/dfilter.h"
#include "present/out.h"
#include "present/timefmt.h"
#include "present/view.h"

struct stat_ops {
    void (*frame)(void *self, const struct view *v);
    /* false after printing on stderr why it printed nothing */
    bool (*print)(void *self, struct out *o);
    void (*free)(void *self);
};

/* Each constructor takes the part of the -z argument after its name (NULL:
 * none), and those that write times the -t format, and returns NULL after
 * printing the error on stderr. */
void *conv_new(const char *filter, enum time_fmt tf, const struct stat_ops **ops);
void *endp_new(const char *filter, const struct stat_ops **ops);
void *iostat_new(const char *args, enum time_fmt tf, const struct stat_ops **ops);
void *expert_new(const char *args, const struct stat_ops **ops);
void *follow_new(const char *args, const struct stat_ops **ops);

/* The frame reaches tshark's TCP tap: it has a TCP header we track, and
 * its options do not throw (cut by the snapshot length, or malformed),
 * which ends dissect_tcp before it queues the tap. */
bool stats_tcp_tapped(const struct view *v);

/* Compile a tap's filter (NULL or "": none), or print why not; *ok false then. */
struct dfilter *stats_filter(const char *text, bool *ok);

/* A numeric field of the registry (frame.len, tcp.srcport, ...): its first
 * value, or 0 when absent. */
int64_t stats_field_i(const struct view *v, int field_id);
/* frame.time_relative. */
struct timespec stats_rel_time(const struct view *v);

/* Wireshark's nstime_to_sec: seconds as a double. */
double stats_secs(struct timespec t);

/* An address as Wireshark writes it (dotted quad, or RFC 5952 IPv6). */
void stats_addr(const uint8_t *addr, uint8_t len, char *buf, size_t n);

/* Wireshark's format_size with bytes as the unit (SI prefixes, no
 * thousands grouping): "848 bytes", "2211 kB". */
void stats_size(uint64_t bytes, char *buf, size_t n);

/* Grow *arr (of *cap elements of size sz) to hold at least need elements,
 * doubling; false when memory runs out. */
bool stats_grow(void **arr, uint32_t *cap, uint32_t need, size_t sz);

#endif
