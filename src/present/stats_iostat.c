/* -z io,stat,INTERVAL[,FILTER]...: frames and bytes per time interval, one
 * column per filter (an empty one counts every frame), laid out exactly as
 * tshark 4.0's tap-iostat draws its table: widths from the largest values,
 * the last interval cut at the capture's duration. With a wall-clock -t
 * (a, ad, adoy, u, ud, udoy) each row shows when its interval starts,
 * to the second, as tshark 4.0 does. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/fields.h"
#include "present/stats_tap.h"

#define IOSTAT_MAX_COLS 32

#define IOSTAT_MAX_ROWS 1000000u

/* An interval in which a column saw frames (the others count 0). */
struct iostat_bucket {
    uint64_t k;               /* the interval's number: it starts at k * interval */
    uint32_t frames;
    uint64_t bytes;
};

struct iostat_col {
    char *filter;             /* NULL: "Frames and bytes" (every frame) */
    struct dfilter *df;
    struct iostat_bucket *b;  /* in order of k */
    uint32_t n, cap;
    uint32_t max_frames;
    uint64_t max_bytes;
};

struct iostat {
    enum time_fmt tf;
    bool started;
    int64_t start_secs;       /* tshark's start_time: whole seconds, see iostat_frame */
    uint64_t interval;        /* microseconds; UINT64_MAX: the whole capture */
    unsigned invl_prec;       /* decimals the interval was given with */
    int ncols;
    struct iostat_col col[IOSTAT_MAX_COLS];
    uint64_t last_rel_us;     /* for a frame before the first one */
    struct timespec elapsed;  /* the latest frame's relative time (cfile.elapsed_time) */
    bool oom;
};

static unsigned magnitude(uint64_t val, unsigned max_w)
{
    unsigned mag = 0;
    for (unsigned i = 0; i < max_w; i++) {
        mag++;
        if ((val /= 10) == 0)
            break;
    }
    return mag;
}

static void iostat_count(struct iostat *io, struct iostat_col *c, uint64_t rel_us, uint64_t len)
{
    /* The current interval, or a later one; a frame from before it (time
     * went backwards) counts in the current one, as in tshark. */
    uint64_t k = c->n ? c->b[c->n - 1].k : 0;
    if (io->interval != UINT64_MAX && rel_us / io->interval > k)
        k = rel_us / io->interval;
    if (!c->n || c->b[c->n - 1].k != k) {
        if (!stats_grow((void **)&c->b, &c->cap, c->n + 1, sizeof *c->b)) {
            io->oom = true;
            return;
        }
        c->b[c->n++] = (struct iostat_bucket){ .k = k };
    }
    struct iostat_bucket *b = &c->b[c->n - 1];
    b->frames++;
    b->bytes += len;
    if (b->frames > c->max_frames)
        c->max_frames = b->frames;
    if (b->bytes > c->max_bytes)
        c->max_bytes = b->bytes;
}

static void iostat_frame(void *self, const struct view *v)
{
    struct iostat *io = self;
    struct timespec rel = stats_rel_time(v);
    /* The latest time seen (time may go backwards). */
    if (rel.tv_sec > io->elapsed.tv_sec || (rel.tv_sec == io->elapsed.tv_sec && rel.tv_nsec > io->elapsed.tv_nsec))
        io->elapsed = rel;
    if (io->oom)
        return;
    uint64_t rel_us = io->last_rel_us;
    if (rel.tv_sec >= 0 && rel.tv_nsec >= 0)
        io->last_rel_us = rel_us = (uint64_t)rel.tv_sec * 1000000u + (uint64_t)(rel.tv_nsec + 500) / 1000;
    uint64_t len = (uint64_t)stats_field_i(v, F_FRAME_LEN);
    for (int j = 0; j < io->ncols; j++)
        if (!io->col[j].df || df_match(io->col[j].df, v)) {
            /* The rows' wall clock starts at the first frame any column
             * counts: its seconds less its relative seconds (tshark 4.0
             * drops the fractions, so it can be a second late). */
            if (!io->started) {
                io->started = true;
                io->start_secs = (int64_t)v->f->ts.tv_sec - (int64_t)rel.tv_sec;
            }
            iostat_count(io, &io->col[j], rel_us, len);
        }
}

/* Wireshark's printcenter: the label centred in a column of lenval. */
static void printcenter(struct out *o, const char *label, int lenval, int numpad)
{
    static const char spaces[] = "      ";
    int lenlab = (int)strlen(label);
    int len = (int)strlen(spaces) - (((lenval - lenlab) / 2) + numpad);
    if (len > 0 && len < 6) {
        const char *sp = &spaces[len];
        if ((lenval - lenlab) % 2 == 0)
            out_printf(o, "%s%s%s|", sp, label, sp);
        else
            out_printf(o, "%s%s%s|", sp - 1, label, sp);
    } else if (len > 0 && len <= 15) {
        out_printf(o, "%s|", label);
    }
}

/* Seconds with prec decimals, the fraction cut (display_signed_time). */
static void secs_text(char *buf, size_t n, int64_t ns, unsigned prec)
{
    uint64_t div = 1;
    for (unsigned i = prec; i < 9; i++)
        div *= 10;
    if (prec == 0)
        snprintf(buf, n, "%" PRId64, ns / 1000000000);
    else
        snprintf(buf, n, "%" PRId64 ".%0*" PRIu64, ns / 1000000000, (int)prec,
                 (uint64_t)(ns % 1000000000) / div);
}

/* A line of the box: text, then spaces up to the right border. */
static void boxed(struct out *o, const char *text, unsigned borderlen)
{
    size_t len = strlen(text);
    out_printf(o, "%s%*s\n", text, (int)(borderlen - len), "|");
}

static void draw_filters(struct out *o, const struct iostat *io, unsigned borderlen)
{
    char line[1024];
    for (int j = 0; j < io->ncols; j++) {
        int at = snprintf(line, sizeof line, "%s%2u: ", j == 0 ? "| Col" : "|    ", (unsigned)j + 1);
        const char *f = io->col[j].filter;
        if (!f) {
            snprintf(line + at, sizeof line - (size_t)at, "Frames and bytes");
            boxed(o, line, borderlen);
            continue;
        }
        size_t max_w = borderlen - 11;     /* "| Col XX: " and the closing "|" */
        size_t len_filt = strlen(f);
        while (len_filt > max_w) {
            /* Wrap at the last space before max_w, or at max_w. */
            size_t len = max_w, next = max_w;
            for (size_t i = max_w; i-- > 0;)
                if (f[i] == ' ') {
                    len = i;
                    next = i + 1;
                    break;
                }
            snprintf(line + at, sizeof line - (size_t)at, "%.*s", (int)len, f);
            boxed(o, line, borderlen);
            at = snprintf(line, sizeof line, "|        ");   /* as wide as "| Col 1: " */
            f += next;
            len_filt = strlen(f);
        }
        snprintf(line + at, sizeof line - (size_t)at, "%s", f);
        boxed(o, line, borderlen);
    }
}

static bool iostat_print(void *self, struct out *o)
{
    struct iostat *io = self;
    uint64_t duration = (uint64_t)io->elapsed.tv_sec * 1000000u + (uint64_t)(io->elapsed.tv_nsec + 500) / 1000;
    uint64_t interval;
    bool whole = false;
    if (io->interval > duration || io->interval == UINT64_MAX) {
        interval = duration;
        whole = true;
    } else {
        interval = io->interval;
    }
    unsigned dur_mag = magnitude(duration / 1000000, 5);
    unsigned invl_mag = magnitude(interval / 1000000, 5);
    unsigned invl_prec, borderlen;
    if (interval == duration) {
        invl_prec = dur_mag >= 2 ? 1 : dur_mag == 1 ? 3 : 6;
        borderlen = 30 + dur_mag + (invl_prec == 0 ? 0 : invl_prec + 1);
    } else {
        invl_prec = io->invl_prec;
        borderlen = 25 + (invl_mag > dur_mag ? invl_mag : dur_mag) + (invl_prec == 0 ? 0 : invl_prec + 1);
    }
    uint64_t dv = 1000000;
    for (unsigned i = 0; i < invl_prec; i++)
        dv /= 10;
    if (duration % dv > 5 * (dv / 10)) {
        duration += 5 * (dv / 10);
        duration = duration / dv * dv;
        dur_mag = magnitude(duration / 1000000, 5);
    }
    if (whole)
        interval = duration;
    /* A row an interval, as tshark prints them all; a crafted timestamp can
     * make that trillions of rows, so synfin stops at IOSTAT_MAX_ROWS. */
    uint64_t rows = interval ? duration / interval + (duration % interval != 0) : 1;
    if (rows > IOSTAT_MAX_ROWS) {
        fprintf(stderr, "synfin: -z io,stat: a capture of %" PRIu64 ".%06u s in intervals of %" PRIu64 ".%06u s "
                        "makes %" PRIu64 " rows, more than the %u synfin prints: give a longer interval\n",
                duration / 1000000, (unsigned)(duration % 1000000), interval / 1000000,
                (unsigned)(interval % 1000000), rows, IOSTAT_MAX_ROWS);
        return false;
    }

    unsigned invl_col_w = invl_prec == 0 ? 2 * dur_mag + 8 : 2 * dur_mag + 2 * invl_prec + 10;
    unsigned min_w = time_fmt_dated(io->tf) ? 23 : 12;     /* room for a date, or "> Dur|" twice */
    if (invl_col_w < min_w)
        invl_col_w = min_w;
    unsigned fr_w[IOSTAT_MAX_COLS], val_w[IOSTAT_MAX_COLS];
    unsigned tabrow_w = invl_col_w;
    for (int j = 0; j < io->ncols; j++) {
        fr_w[j] = magnitude(io->col[j].max_frames, 15);
        if (fr_w[j] < 6)
            fr_w[j] = 6;
        val_w[j] = magnitude(io->col[j].max_bytes, 15);
        if (val_w[j] < 5)
            val_w[j] = 5;
        tabrow_w += fr_w[j] + 3 + val_w[j] + 3;
    }
    if (borderlen < tabrow_w)
        borderlen = tabrow_w;
    unsigned maxfltr_w = 0;
    for (int j = 0; j < io->ncols; j++) {
        unsigned k = io->col[j].filter ? (unsigned)strlen(io->col[j].filter) + 11 : 26;
        if (k > maxfltr_w)
            maxfltr_w = k;
    }
    if (maxfltr_w > borderlen && borderlen < 102)
        borderlen = maxfltr_w < 102 ? maxfltr_w : 102;
    if (borderlen - tabrow_w == 1)
        borderlen++;

    /* The box's head: title, duration, interval, the columns' filters. */
    out_char(o, '\n');
    for (unsigned i = 0; i < borderlen; i++)
        out_char(o, '=');
    out_printf(o, "\n|%-*s|\n", (int)borderlen - 2, " IO Statistics");
    out_printf(o, "|%-*s|\n", (int)borderlen - 2, "");
    /* The duration in microseconds when the interval is whole seconds. */
    unsigned dur_prec = invl_prec == 0 ? 6 : invl_prec;
    int mag = (int)magnitude((uint64_t)io->elapsed.tv_sec, 5);
    int dur_w = mag + (invl_prec == 0 ? 0 : (int)invl_prec + 1);
    char num[48];
    /* As tshark: seconds plus nanoseconds / 1e9 as a double, printed with
     * %.*f, so a half-way value rounds as that double does (3 s + 0.5005 s
     * is 3.50049999... and prints 3.500; exact decimal rounding said 3.501). */
    snprintf(num, sizeof num, "%.*f", (int)dur_prec, (double)io->elapsed.tv_sec + io->elapsed.tv_nsec / 1e9);
    /* tshark 4.0 pads the microseconds with spaces, not zeros ("1. 15215"). */
    for (char *p = strchr(num, '.'); invl_prec == 0 && p && p[1] == '0' && p[2]; p++)
        p[1] = ' ';
    /* The padding assumes numbers of mag digits before the point (a longer
     * one pushes the right border out, as in tshark 4.0). */
    int pad = (int)borderlen - 18 - (mag + (int)dur_prec + 1);
    out_printf(o, "| Duration: %*s secs%*s|\n", dur_w, num, pad > 0 ? pad : 0, "");
    secs_text(num, sizeof num, (int64_t)(interval / 1000000) * 1000000000 + (int64_t)(interval % 1000000) * 1000,
              invl_prec);
    pad = (int)borderlen - 18 - dur_w;
    out_printf(o, "| Interval: %*s secs%*s|\n", dur_w, num, pad > 0 ? pad : 0, "");
    out_printf(o, "|%-*s|\n", (int)borderlen - 2, "");
    draw_filters(o, io, borderlen);
    out_str(o, "|-");
    for (unsigned i = 0; i + 3 < borderlen; i++)
        out_char(o, '-');
    out_str(o, "|\n");

    /* The table's head. */
    char filler[160] = "";
    if (tabrow_w < borderlen)
        snprintf(filler, sizeof filler, "%*s", (int)(borderlen - tabrow_w), "|");
    out_printf(o, "|%*s", (int)invl_col_w - 1, "|");
    for (int j = 0; j < io->ncols; j++)
        out_printf(o, "%-2d%*s|", j + 1, (int)(fr_w[j] + val_w[j] + 3), "");
    /* The interval column's head; tshark 4.0 has none for -t u, and not
     * even the line's end before it. */
    const char *label = "\n| Interval";
    int label_w = 11;
    if (time_fmt_dated(io->tf))
        label = "\n| Date and time", label_w = 16;
    else if (io->tf == TF_ABSOLUTE)
        label = "\n| Time    ";
    else if (io->tf == TF_UTC)
        label = "";
    out_printf(o, "%s%s%*s", filler, label, (int)invl_col_w - label_w + 1, "|");
    for (int j = 0; j < io->ncols; j++) {
        printcenter(o, "Frames", (int)fr_w[j], 1);
        printcenter(o, "Bytes", (int)val_w[j], 1);
    }
    out_printf(o, "%s\n|-", filler);
    for (unsigned i = 0; i + 3 < tabrow_w; i++)
        out_char(o, '-');
    out_printf(o, "|%s\n", filler);

    /* A row per interval; the last one ends at the duration. */
    uint32_t at[IOSTAT_MAX_COLS] = { 0 };
    bool last_row = false;
    uint64_t row = 0;
    for (uint64_t t = 0; t < duration; t += interval, row++) {
        uint64_t end = t + interval;
        if (end >= duration) {
            last_row = true;
            end = duration;
        }
        if (time_fmt_absolute(io->tf)) {
            char when[48];
            struct timespec ts = { .tv_sec = (time_t)(io->start_secs + (int64_t)(t / 1000000)) };
            fmt_abs_time(when, sizeof when, ts, io->tf, 0);
            out_printf(o, "| %s |", when);
        } else if (invl_prec == 0) {
            if (last_row) {
                int maxw = dur_mag >= 3 ? (int)dur_mag + 1 : 3;
                out_printf(o, "| %s%*u <> %-*s|", dur_mag == 1 ? " " : "", (int)dur_mag, (unsigned)(t / 1000000),
                           maxw, "Dur");
            } else {
                out_printf(o, dur_mag == 1 ? "|  %*u <> %*u  |" : "| %*u <> %*u |", (int)dur_mag,
                           (unsigned)(t / 1000000), (int)dur_mag, (unsigned)(end / 1000000));
            }
        } else {
            out_printf(o, "| %*u.%0*u <> %*u.%0*u |", (int)dur_mag, (unsigned)(t / 1000000), (int)invl_prec,
                       (unsigned)(t % 1000000 / dv), (int)dur_mag, (unsigned)(end / 1000000), (int)invl_prec,
                       (unsigned)(end % 1000000 / dv));
        }
        for (int j = 0; j < io->ncols; j++) {
            const struct iostat_col *c = &io->col[j];
            uint32_t frames = 0;
            uint64_t bytes = 0;
            while (at[j] < c->n && c->b[at[j]].k < row)
                at[j]++;
            if (at[j] < c->n && c->b[at[j]].k == row)
                frames = c->b[at[j]].frames, bytes = c->b[at[j]].bytes;
            out_printf(o, " %*u | %*" PRIu64 " |", (int)fr_w[j], frames, (int)val_w[j], bytes);
        }
        out_printf(o, "%s\n", filler);
        if (last_row)
            break;
    }
    for (unsigned i = 0; i < borderlen; i++)
        out_char(o, '=');
    out_char(o, '\n');
    return true;
}

static void iostat_free(void *self)
{
    struct iostat *io = self;
    for (int j = 0; j < io->ncols; j++) {
        free(io->col[j].filter);
        free(io->col[j].b);
        df_free(io->col[j].df);
    }
    free(io);
}

static const struct stat_ops iostat_ops = { iostat_frame, iostat_print, iostat_free };

/* The decimals an interval was written with: 0.01 -> 2, 1 -> 0; an
 * integral interval written with zeros after the point keeps them as
 * tshark does (1.00 -> 2; with no filter after it tshark shows 6). */
static unsigned interval_prec(uint64_t interval, const char *text)
{
    unsigned prec = 6;
    for (uint64_t i = 10; i < 10000000; i *= 10) {
        if (interval % i > 0)
            break;
        prec--;
    }
    if (prec == 0) {
        const char *comma = strchr(text, ','), *dot = strchr(text, '.');
        if (dot && (!comma || dot < comma)) {
            size_t n = comma ? (size_t)(comma - dot - 1) : 6;
            if (n)
                prec = n < 6 ? (unsigned)n : 6;
        }
    }
    return prec;
}

void *iostat_new(const char *args, enum time_fmt tf, const struct stat_ops **ops)
{
    *ops = &iostat_ops;
    if (tf == TF_DELTA || tf == TF_DELTA_DISPLAYED || tf == TF_EPOCH) {
        fputs("synfin: -z io,stat takes -t r, a, ad, adoy, u, ud or udoy only (as tshark)\n", stderr);
        return NULL;
    }
    size_t alen = strlen(args);
    char *end;
    double iv = strtod(args, &end);
    if (end == args || (*end && *end != ',') || (alen && args[alen - 1] == ',')) {
        fputs("synfin: -z io,stat: expected io,stat,INTERVAL[,FILTER]... (no empty last filter)\n", stderr);
        return NULL;
    }
    struct iostat *io = calloc(1, sizeof *io);
    if (!io) {
        fputs("synfin: out of memory\n", stderr);
        return NULL;
    }
    io->tf = tf;
    if (iv == 0) {
        io->interval = UINT64_MAX;
    } else {
        io->interval = (uint64_t)(iv * 1000000.0 + 0.5);
        io->invl_prec = interval_prec(io->interval, args);
    }
    /* The filters: comma-separated, an empty one counts every frame. */
    const char *f = *end == ',' ? end + 1 : NULL;
    while (f) {
        if (io->ncols == IOSTAT_MAX_COLS) {
            fprintf(stderr, "synfin: -z io,stat: at most %d columns\n", IOSTAT_MAX_COLS);
            iostat_free(io);
            return NULL;
        }
        const char *comma = strchr(f, ',');
        size_t n = comma ? (size_t)(comma - f) : strlen(f);
        struct iostat_col *c = &io->col[io->ncols++];
        if (n) {
            c->filter = strndup(f, n);
            if (!c->filter) {
                fputs("synfin: out of memory\n", stderr);
                iostat_free(io);
                return NULL;
            }
            static const char *const calc[] = { "FRAMES", "BYTES", "COUNT", "SUM", "MIN", "MAX", "AVG", "LOAD" };
            for (size_t i = 0; i < sizeof calc / sizeof calc[0]; i++)
                if (strncmp(c->filter, calc[i], strlen(calc[i])) == 0) {
                    fprintf(stderr, "synfin: -z io,stat: %s(): calculations are not supported, only filters\n",
                            calc[i]);
                    iostat_free(io);
                    return NULL;
                }
            bool ok;
            c->df = stats_filter(c->filter, &ok);
            if (!ok) {
                iostat_free(io);
                return NULL;
            }
        }
        f = comma ? comma + 1 : NULL;
    }
    if (io->ncols == 0)
        io->ncols = 1;
    return io;
}
