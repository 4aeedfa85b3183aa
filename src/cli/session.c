#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/pcap_writer.h"
#include "cli/progress.h"
#include "cli/session.h"
#include "decode/decode.h"
#include "present/dfilter.h"
#include "present/fields.h"
#include "present/print.h"
#include "present/stats.h"
#include "present/sumrec.h"
#include "present/sumring.h"
#include "source/capture.h"
#include "track/ipdefrag.h"
#include "track/udpconv.h"
#include "track/streams.h"

static struct capture cap;
static bool cap_open;
static bool paged_by_printer;     /* the printer thread pages a mapped file in (capture_page_ahead) */
static volatile sig_atomic_t stop_requested;

/* Safe in a signal handler: the loop sees the flag at its next wait for the
 * kernel (a signal also cuts that wait short). */
void session_stop(void)
{
    stop_requested = 1;
}

static void on_signal(int sig)
{
    (void)sig;
    session_stop();
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    /* Restart interrupted writes (stdio would drop a -w buffer on EINTR);
     * poll() and nanosleep() still return early, whatever this says. */
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    /* A worker of conns --jobs starts with them blocked (jobs.h): one that
     * came before this handler was set is delivered now, and stops us. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* cap.err names the file, which may come from a directory listing (conns
 * -r DIR): its control bytes are escaped on their way to the terminal. */
static void say_capture_error(void)
{
    char shown[4 * sizeof cap.err + 1];
    fmt_name(shown, cap.err);
    fprintf(stderr, "synfin: %s\n", shown);
}

int session_open(const struct options *opt)
{
    if (cap_open)
        return 0;
    stop_requested = 0;
    int rc;
    if (opt->read_file)
        rc = capture_open_file(&cap, opt->read_file, opt->filter, paged_by_printer);
    else
        rc = capture_open_live(&cap, opt->interface ? opt->interface : "lo", opt->filter, opt->snaplen,
                               opt->buffer_mib);
    if (rc < 0) {
        say_capture_error();
        /* An unreadable file or a bad filter is bad input; a capture
         * that cannot start is a runtime failure. */
        return opt->read_file || strstr(cap.err, "filter") ? 2 : 1;
    }
    cap_open = true;
    return 0;
}

static int64_t monotonic_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Live: say on stderr, at most once a second, that the kernel dropped
 * packets (their number so far), so a loss is never silent. */
struct drop_watch {
    int64_t next_ms;          /* when to ask the kernel again */
    unsigned reported;        /* drops already said */
};

static void drop_watch_check(struct drop_watch *w)
{
    int64_t now = monotonic_ms();
    if (now < w->next_ms)
        return;
    w->next_ms = now + 1000;
    unsigned recv, drop;
    if (capture_stats(&cap, &recv, &drop) == 0 && drop > w->reported) {
        fprintf(stderr, "synfin: the kernel has dropped %u packets so far; -B raises its buffer (now %d MiB)\n", drop,
                cap.buffer_mib);
        w->reported = drop;
    }
}

/* After a stop is asked (a signal, -a, a subcommand), a live capture still
 * reads what the kernel holds: until the ring is drained, then once more
 * after the block the kernel is filling has been handed over (at the latest
 * CAPTURE_BLOCK_MS after a packet arrived; we wait twice that), but never
 * longer than DRAIN_MS. */
enum { DRAIN_MS = 2000 };

struct drain {
    int64_t until_ms;         /* 0: no stop asked yet */
    bool waited_for_last_block;
};

static void sleep_ms(int ms)
{
    struct timespec pause = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&pause, &pause) < 0 && errno == EINTR)
        ;
}

/* The ring is empty. True when the session is over; otherwise it waits for
 * the kernel (or a signal) before returning. */
static bool drain_idle(struct drain *d)
{
    if (!d->until_ms && !stop_requested) {
        capture_wait(&cap, 250);
        return false;
    }
    if (!d->until_ms)
        d->until_ms = monotonic_ms() + DRAIN_MS;
    if (d->waited_for_last_block || monotonic_ms() >= d->until_ms)
        return true;
    sleep_ms(2 * CAPTURE_BLOCK_MS);
    d->waited_for_last_block = true;
    return false;
}

static void print_frame(struct out *o, const struct options *opt, const struct view *v, bool color)
{
    switch (opt->mode) {
    case OUT_FIELDS: print_fields(o, &opt->fields, v); break;
    case OUT_JSON:
        if (opt->fields.nfields)
            print_json_e(o, &opt->fields, v);
        else
            print_json(o, v);
        break;
    case OUT_EK:
        if (opt->fields.nfields)
            print_ek_e(o, &opt->fields, v);
        else
            print_ek(o, v);
        break;
    case OUT_JSONL: print_jsonl(o, v); break;
    case OUT_SUMMARY: {
        /* As tshark 4.0's print_packet: the summary line when nothing else
         * is asked or with -P, then the tree (it ends with a blank line),
         * then the dump, after a blank line of its own when only the
         * summary line is above it. */
        bool summary = opt->print_summary || (!opt->detail && !opt->hex);
        if (summary)
            print_summary(o, v, color);
        if (opt->detail)
            print_detail(o, v, opt->only_proto != NULL);
        if (opt->hex) {
            if (summary && !opt->detail)
                out_char(o, '\n');
            print_hex(o, v);
        }
        break;
    }
    }
}

/* The closing lines of a live capture, as tshark and tcpdump print them. */
static void say_counts(const struct options *opt, const struct session_hooks *hooks, uint64_t count,
                       const struct stream_table *streams)
{
    unsigned recv, drop;
    if (capture_stats(&cap, &recv, &drop) == 0)
        fprintf(stderr, "%llu packets captured, %u dropped by kernel\n", (unsigned long long)count, drop);
    if (hooks && opt->quiet)
        fprintf(stderr, "%u connections, %llu retired from memory\n", streams_count(streams),
                (unsigned long long)streams_retired(streams));
}

static struct pcap_writer writer;     /* static: it holds its 1 MiB buffer */

/* How summary lines are printed (SYNFIN_FORMAT_THREAD: "0" on this thread,
 * "1" on a printer thread even with one CPU, "verify" on this thread and
 * through a summary record too, to prove the record holds what the line
 * reads). By default a file's plain summary lines are printed on a second
 * thread when there is a second CPU (sumring.h); every other mode reads
 * more of the frame, its stream or its HTTP messages than a record holds. */
enum line_printer { LINES_HERE, LINES_THREAD, LINES_VERIFY };

static enum line_printer line_printer(const struct options *opt, const struct session_hooks *hooks, bool print)
{
    const char *knob = getenv("SYNFIN_FORMAT_THREAD");
    bool summary = print && opt->mode == OUT_SUMMARY && !opt->detail && !opt->hex;
    if (knob && strcmp(knob, "verify") == 0)
        return summary ? LINES_VERIFY : LINES_HERE;
    if (!summary || !opt->read_file || opt->write_file || hooks || (knob && strcmp(knob, "0") == 0))
        return LINES_HERE;
    if (knob && strcmp(knob, "1") == 0)
        return LINES_THREAD;
    return sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? LINES_THREAD : LINES_HERE;
}

struct wait_flush {
    struct out *o;                /* this thread's output, when there is no ring */
    struct sumring *ring;         /* or the printer's */
};

static void flush_before_wait(void *arg)
{
    struct wait_flush *w = arg;
    if (w->ring)
        sumring_flush(w->ring);
    else
        out_flush(w->o);
}

int session_run(const struct options *opt, const struct session_hooks *hooks)
{
    /* As tshark: -P, -V, -O, -x and -T print even with -w or -q (not in a
     * subcommand, whose hooks take the frames); but tshark 4.0 writes
     * nothing for -T json with -w. */
    bool asked = !hooks && (opt->print_summary || opt->detail || opt->hex ||
                            (opt->mode_given && !(opt->mode == OUT_JSON && opt->write_file)));
    bool print = asked || (!opt->quiet && (!opt->write_file || opt->print_summary));
    if (print && opt->write_file && strcmp(opt->write_file, "-") == 0) {
        fputs("synfin: -w - writes the capture to standard output, so frames cannot be printed there too\n",
              stderr);
        return 2;
    }
    struct stats *stats = NULL;
    if (opt->nstats && !(stats = stats_open(opt->stats, opt->nstats, opt->prefs.time_format)))
        return 2;
    enum line_printer lines = line_printer(opt, hooks, print);
    paged_by_printer = lines == LINES_THREAD;
    int status = session_open(opt);
    if (status) {
        stats_close(stats);
        return status;
    }
    catch_signals();
    struct out *o = out_stdout;
    struct stream_table *streams = streams_new();
    struct defrag *defrag = defrag_new();
    struct udpconv *udpconv = udpconv_new();
    if (!streams || !defrag || !udpconv) {
        fputs("synfin: out of memory\n", stderr);
        streams_free(streams);
        defrag_free(defrag);
        udpconv_free(udpconv);
        stats_close(stats);
        cap_open = false;
        capture_close(&cap);
        return 1;
    }
    /* Nothing printed per frame, filtered or counted: the rows need less
     * (no SEQ/ACK analysis, no HTTP messages, no TCP options). */
    bool rows_only = hooks && hooks->rows_only && !print && !opt->dfilter && !stats && !opt->write_file;
    if (rows_only)
        streams_rows_only(streams);
    if (hooks && hooks->zeek_part_end)
        streams_zeek_parts(streams, hooks->zeek_part_end, hooks->arg, !hooks->zeek_ignore_checksums);
    if (!hooks)
        streams_no_zeek(streams);
    /* Tests: "1" makes every lone SYN a record on the next frame and
     * freezes every other stream it can (the output must not change),
     * "off" keeps every stream whole. */
    const char *stress = getenv("SYNFIN_STATE_STRESS");
    if (stress && strcmp(stress, "1") == 0) {
        streams_young_max(streams, 0);
        streams_freeze_after(streams, 0, 0, 64);   /* and every stream frozen as soon as it can be */
    }
    else if (stress && strcmp(stress, "off") == 0)
        streams_no_records(streams);
    struct pcap_writer *dump = NULL;
    if (opt->write_file) {
        if (pw_open(&writer, cap.pcap, opt->write_file) < 0) {
            streams_free(streams);
            defrag_free(defrag);
            udpconv_free(udpconv);
            stats_close(stats);
            cap_open = false;
            capture_close(&cap);
            return 1;
        }
        dump = &writer;
    }
    if (cap.live) {
        char err[256];
        if (drop_privileges(opt->user ? opt->user : "nobody", dump ? pw_owned_fd(dump) : -1, err, sizeof err) < 0) {
            fprintf(stderr, "synfin: %s\n", err);
            status = 1;
            goto done;
        }
        /* Live captures run for hours: connections that are over leave. */
        streams_retire_after(streams, opt->linger_s ? opt->linger_s - 1 : 10, 600, hooks ? hooks->retire : NULL,
                             hooks ? hooks->arg : NULL);
        fprintf(stderr, "Capturing on '%s'\n", cap.name);
        if (opt->duration)
            alarm(opt->duration);
    }

    bool color = options_use_color(opt);
    /* -T fields whose every field is read from the headers (and the
     * stream's bases) needs no more either, but a SYN's options: the
     * window scale. */
    bool headers_only = print && opt->mode == OUT_FIELDS && !opt->dfilter && !stats && !opt->write_file && !hooks;
    for (int i = 0; headers_only && i < opt->fields.nfields; i++)
        headers_only = field_is_header_only(opt->fields.field_ids[i]);
    if (headers_only)
        streams_rows_only(streams);
    if (getenv("SYNFIN_SAY_PATH"))    /* tests: which path this run takes */
        fprintf(stderr, "synfin: path: %s\n", rows_only ? "rows-only" : headers_only ? "headers-only" : "full");
    struct decode_prefs dprefs = { .check_tcp_checksum = opt->prefs.check_tcp_checksum,
                                   .tcp_options = rows_only ? TCP_OPTIONS_NONE
                                                  : headers_only ? TCP_OPTIONS_SYN : TCP_OPTIONS_ALL };
    if (print && opt->mode == OUT_FIELDS && opt->fields.header)
        print_fields_header(o, &opt->fields);
    if (print && opt->mode == OUT_JSON)
        print_json_begin(o);

    struct frame f;
    struct track_info tk;
    struct udpconv_frame udp;     /* the frame's UDP conversations */
    struct timespec first = { 0, 0 }, prev = { 0, 0 };
    /* The last frame -Y kept; before the first, a frame's own time (0), as
     * tshark's single pass does. */
    struct timespec prev_shown = { 0, 0 };
    bool any_shown = false;
    struct drop_watch drops = { 0, 0 };
    struct drain drain = { 0, false };
    uint64_t count = 0;
    int rc = CAPTURE_END;
    /* A file that takes more than a second shows how far it is, on stderr
     * when that is a terminal (not with the user's -q). */
    struct progress prog;
    progress_start(&prog, !cap.live && !opt->quiet_given &&
                              progress_wanted(print || (hooks && hooks->prints_per_frame)));
    uint64_t prog_at = PROGRESS_EVERY;    /* frames read at the next look at the clock */
    struct sumring *ring = NULL;
    if (lines == LINES_THREAD) {
        const char *batch = getenv("SYNFIN_FORMAT_BATCH");     /* tests: 1 hands over every frame */
        ring = sumring_start(o, &opt->prefs, color, batch ? (unsigned)atoi(batch) : 256, capture_page_ahead);
    }
    /* Input from a pipe that makes the reader wait: the lines so far go
     * out first (as tshark's -l), not when a batch or the buffer fills. */
    struct wait_flush wait_flush = { o, ring };
    capture_before_wait(&cap, flush_before_wait, &wait_flush);
    while (cap.live || !stop_requested) {
        if (stop_requested && !drain.until_ms)
            drain.until_ms = monotonic_ms() + DRAIN_MS;
        rc = capture_next(&cap, &f);
        if (rc == CAPTURE_IDLE) {
            /* The ring is drained: now is the time to write. */
            out_flush(o);
            if (dump && !pw_flush(dump))
                break;
            drop_watch_check(&drops);
            if (drain_idle(&drain))
                break;
            continue;
        }
        if (rc != CAPTURE_FRAME)
            break;
        decode_frame(&f, &dprefs);
        bool completed = defrag_frame(defrag, &f);
        if (count == 0)
            first = prev = f.ts;
        struct columns cols;      /* 1.2 KiB: not cleared, only marked unbuilt */
        cols.built = false;
        struct view v = { .f = &f, .prefs = &opt->prefs, .cols = &cols,
                          .frags = completed ? defrag_done(defrag) : NULL };
        if (!rows_only) {         /* a row reads no frame's times */
            v.rel_time = time_delta(f.ts, first);
            v.delta_time = time_delta(f.ts, prev);
            v.delta_shown = time_delta(f.ts, any_shown ? prev_shown : f.ts);
        }
        prev = f.ts;
        if (!rows_only && udpconv_frame(udpconv, &f, &udp))     /* nothing reads them on the rows-only path */
            v.udp = &udp;
        if (f.has_tcp && f.nip && !f.tcp.hdr_truncated) {
            streams_track(streams, &f, &tk);
            v.tk = &tk;
            v.step = tk.step[0] ? tk.step : NULL;
        }
        /* Every frame is tracked; -Y decides only what is shown and written. */
        bool kept = !opt->dfilter || df_match(opt->dfilter, &v);
        if (kept && v.tk && !f.tcp.quoted)      /* a quote in an ICMP error makes no row */
            tk.stream->kept = true;
        if (kept)
            prev_shown = f.ts, any_shown = true;
        if (kept && dump && !pw_frame(dump, &f))
            break;
        if (kept && print) {
            if (ring)
                sumring_frame(ring, &v);
            else if (lines == LINES_VERIFY && !sumrec_verify(o, &v, color))
                exit(70);
            else if (lines != LINES_VERIFY)
                print_frame(o, opt, &v, color);
        }
        if (hooks && hooks->frame && v.tk && !f.tcp.quoted)
            hooks->frame(hooks->arg, &v);
        if (stats)
            stats_frame(stats, &v);
        if (ring ? sumring_failed(ring) : o->failed)
            break;
        if (++count == opt->count)
            break;
        /* By frames read, not returned: -f may pass few of them. */
        if (prog.on && cap.frames_read >= prog_at) {
            prog_at = cap.frames_read + PROGRESS_EVERY;
            uint64_t done, total;
            capture_position(&cap, &done, &total);
            /* -c ends the read first: count in frames then. */
            if (opt->count && (!total || (double)count / (double)opt->count > (double)done / (double)total))
                done = count, total = opt->count;
            progress_tick(&prog, cap.frames_read, done, total);
        }
        if (cap.live && (count & 0xffff) == 0)
            drop_watch_check(&drops);         /* a flood may never leave the ring empty */
        if (drain.until_ms && (count & 0xff) == 0 && monotonic_ms() >= drain.until_ms)
            break;                            /* a flood may never let the drain end */
    }
    capture_before_wait(&cap, NULL, NULL);
    if (ring)
        sumring_finish(ring);             /* every line is out before anything else */
    progress_end(&prog);                  /* before anything else reaches the terminal */
    if (print && opt->mode == OUT_JSON)
        print_json_end(o);
    if (hooks && hooks->frames_read)
        *hooks->frames_read = count;
    if (hooks && hooks->end)
        hooks->end(hooks->arg, streams, first);
    if (stats && !stats_print(stats, o))   /* tshark prints them for a cut file too */
        status = 1;
    out_flush(o);
    if (rc == CAPTURE_ERROR) {
        say_capture_error();
        status = cap.live ? 1 : 2;
    }
    if (o->failed && o->error != EPIPE) {
        /* Output is the product: a full disk is a failure, not a quiet end. */
        fprintf(stderr, "synfin: cannot write the output: %s\n", strerror(o->error));
        status = 1;
    }
    if (cap.live) {
        alarm(0);
        say_counts(opt, hooks, count, streams);
    }
done:
    stats_close(stats);
    if (dump && pw_close(dump) < 0)
        status = 1;
    /* Tests: proof that streams were frozen or made records (stderr). */
    if (getenv("SYNFIN_STATE_STATS"))
        fprintf(stderr, "synfin: state: %u streams, %llu frozen at the end, %llu bytes spilled, %zu bytes held\n",
                streams_count(streams), (unsigned long long)streams_frozen(streams),
                (unsigned long long)streams_spill_bytes(streams), streams_bytes_held(streams));
    streams_free(streams);
    defrag_free(defrag);
    udpconv_free(udpconv);
    cap_open = false;
    capture_close(&cap);
    return status;
}
