#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/session.h"
#include "decode/decode.h"
#include "present/print.h"
#include "source/capture.h"
#include "track/streams.h"

static struct capture cap;
static bool cap_open;
static volatile sig_atomic_t stop_requested;

/* Safe in a signal handler: the loop sees the flag after at most one wait
 * (a signal also cuts the wait short). */
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
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
}

int session_open(const struct options *opt)
{
    if (cap_open)
        return 0;
    stop_requested = 0;
    int rc;
    if (opt->read_file)
        rc = capture_open_file(&cap, opt->read_file, opt->filter);
    else
        rc = capture_open_live(&cap, opt->interface ? opt->interface : "lo", opt->filter, opt->snaplen,
                               opt->buffer_mib);
    if (rc < 0) {
        fprintf(stderr, "synfin: %s\n", cap.err);
        /* An unreadable file or a bad filter is bad input; a capture
         * that cannot start is a runtime failure. */
        return opt->read_file || strstr(cap.err, "filter") ? 2 : 1;
    }
    cap_open = true;
    return 0;
}

/* -w: a pcap file (or "-", standard output) behind a large stdio buffer,
 * so that writing costs one write() for many packets. NULL, with one line
 * said on stderr, if it cannot be opened. */
static pcap_dumper_t *open_dump(const char *path, FILE **fp_out)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "synfin: cannot write %s: %s\n", path, strerror(errno));
        return NULL;
    }
    setvbuf(fp, NULL, _IOFBF, 1 << 20);
    pcap_dumper_t *dump = pcap_dump_fopen(cap.pcap, fp);
    if (!dump) {
        fprintf(stderr, "synfin: cannot write %s: %s\n", path, pcap_geterr(cap.pcap));
        if (fp != stdout)
            fclose(fp);
        return NULL;
    }
    *fp_out = fp;
    return dump;
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

int session_run(const struct options *opt, const struct session_hooks *hooks)
{
    int status = session_open(opt);
    if (status)
        return status;
    catch_signals();
    struct out *o = out_stdout;
    struct stream_table *streams = streams_new();
    if (!streams) {
        fputs("synfin: out of memory\n", stderr);
        cap_open = false;
        capture_close(&cap);
        return 1;
    }
    pcap_dumper_t *dump = NULL;
    FILE *dump_fp = NULL;
    if (opt->write_file) {
        dump = open_dump(opt->write_file, &dump_fp);
        if (!dump) {
            streams_free(streams);
            cap_open = false;
            capture_close(&cap);
            return 1;
        }
    }
    if (cap.live && !opt->keep_privileges) {
        char err[256];
        if (drop_privileges(opt->user ? opt->user : "nobody", dump ? fileno(dump_fp) : -1, err, sizeof err) < 0) {
            fprintf(stderr, "synfin: %s\n", err);
            status = 1;
            goto done;
        }
    }
    if (cap.live) {
        /* Live captures run for hours: connections that are over leave. */
        streams_retire_after(streams, opt->linger_s ? opt->linger_s - 1 : 10, 600, hooks ? hooks->retire : NULL,
                             hooks ? hooks->arg : NULL);
        fprintf(stderr, "Capturing on '%s'\n", cap.name);
        if (opt->duration)
            alarm(opt->duration);
    }

    bool print = !opt->quiet && (!opt->write_file || opt->print_while_writing);
    bool color = opt->color == COLOR_ALWAYS || (opt->color == COLOR_AUTO && isatty(1));
    struct decode_prefs dprefs = { .check_tcp_checksum = opt->prefs.check_tcp_checksum };
    /* pcap_dump writes the handle's precision: hand it that unit. */
    bool dump_micro = dump && pcap_get_tstamp_precision(cap.pcap) == PCAP_TSTAMP_PRECISION_MICRO;
    if (print && opt->mode == OUT_FIELDS && opt->header)
        print_fields_header(o, opt);

    struct frame f;
    struct track_info tk;
    struct timespec first = { 0, 0 }, prev = { 0, 0 };
    struct drop_watch drops = { 0, 0 };
    uint64_t count = 0;
    int rc = CAPTURE_END;
    /* After a stop is asked (signal, -a, a subcommand): the packets the
     * kernel already holds are still read, within DRAIN_MS. */
    enum { DRAIN_MS = 2000 };
    int64_t drain_until = 0;
    bool waited_for_last_block = false;
    for (;;) {
        if (stop_requested && !drain_until) {
            if (!cap.live)
                break;
            drain_until = monotonic_ms() + DRAIN_MS;
        }
        rc = capture_next(&cap, &f);
        if (rc == CAPTURE_IDLE) {
            /* The ring is drained: now is the time to write. */
            out_flush(o);
            if (dump)
                pcap_dump_flush(dump);
            drop_watch_check(&drops);
            if (drain_until) {
                /* The block the kernel is filling is handed over at most
                 * CAPTURE_BLOCK_MS after it was opened: wait for it once. */
                if (waited_for_last_block || monotonic_ms() >= drain_until)
                    break;
                struct timespec pause = { 0, 2 * CAPTURE_BLOCK_MS * 1000000L };
                while (nanosleep(&pause, &pause) < 0 && errno == EINTR)
                    ;
                waited_for_last_block = true;
            } else {
                capture_wait(&cap, 250);
            }
            continue;
        }
        if (rc != CAPTURE_FRAME)
            break;
        if (dump) {
            struct pcap_pkthdr h = { .ts = { f.ts.tv_sec, dump_micro ? f.ts.tv_nsec / 1000 : f.ts.tv_nsec },
                                     .caplen = f.caplen, .len = f.len };
            pcap_dump((u_char *)dump, &h, f.data);
        }
        decode_frame(&f, &dprefs);
        if (count == 0)
            first = prev = f.ts;
        struct columns cols = { .built = false };
        struct view v = { .f = &f, .prefs = &opt->prefs, .cols = &cols,
                          .rel_time = time_delta(f.ts, first), .delta_time = time_delta(f.ts, prev) };
        prev = f.ts;
        if (f.has_tcp && f.nip && !f.tcp.hdr_truncated) {
            streams_track(streams, &f, &tk);
            v.tk = &tk;
            v.step = tk.step[0] ? tk.step : NULL;
        }
        if (print) {
            switch (opt->mode) {
            case OUT_FIELDS: print_fields(o, opt, &v); break;
            case OUT_JSON: print_json(o, &v); break;
            case OUT_SUMMARY:
                if (opt->detail)
                    print_detail(o, &v, opt->only_proto != NULL);
                else
                    print_summary(o, &v, color);
                if (opt->hex)
                    print_hex(o, &f);
                break;
            }
        }
        if (hooks && hooks->frame && v.tk)
            hooks->frame(hooks->arg, &v);
        if (o->failed)
            break;
        if (++count == opt->count)
            break;
        if (cap.live && (count & 0xffff) == 0)
            drop_watch_check(&drops);         /* a flood may never leave the ring empty */
        if (drain_until && (count & 0xff) == 0 && monotonic_ms() >= drain_until)
            break;
    }
    if (hooks && hooks->end)
        hooks->end(hooks->arg, streams, first);
    out_flush(o);
    if (rc == CAPTURE_ERROR) {
        fprintf(stderr, "synfin: %s\n", cap.err);
        status = cap.live ? 1 : 2;
    }
    if (o->failed && o->error != EPIPE) {
        /* Output is the product: a full disk is a failure, not a quiet end. */
        fprintf(stderr, "synfin: cannot write the output: %s\n", strerror(o->error));
        status = 1;
    }
    if (cap.live) {
        unsigned recv, drop;
        alarm(0);
        if (capture_stats(&cap, &recv, &drop) == 0)
            fprintf(stderr, "%llu packets captured, %u dropped by kernel\n", (unsigned long long)count, drop);
        if (hooks && opt->quiet)
            fprintf(stderr, "%u connections, %llu retired from memory\n", streams_count(streams),
                    (unsigned long long)streams_retired(streams));
    }
done:
    if (dump) {
        if (pcap_dump_flush(dump) < 0 || ferror(dump_fp)) {
            fprintf(stderr, "synfin: cannot write %s: %s\n", opt->write_file, strerror(errno));
            status = 1;
        }
        if (dump_fp == stdout)
            fflush(stdout);
        else
            pcap_dump_close(dump);
    }
    streams_free(streams);
    cap_open = false;                 /* before closing: a signal must not touch a closed handle */
    capture_close(&cap);
    return status;
}
