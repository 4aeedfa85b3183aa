#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/session.h"
#include "decode/decode.h"
#include "present/print.h"
#include "source/capture.h"
#include "track/streams.h"

static struct capture cap;
static bool cap_open;
static volatile sig_atomic_t stop_requested;

void session_stop(void)
{
    stop_requested = 1;
    if (cap_open)
        capture_stop(&cap);
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
    if (opt->write_file) {
        dump = pcap_dump_open(cap.pcap, opt->write_file);
        if (!dump) {
            fprintf(stderr, "synfin: cannot write %s: %s\n", opt->write_file, pcap_geterr(cap.pcap));
            streams_free(streams);
            cap_open = false;
            capture_close(&cap);
            return 1;
        }
    }
    if (cap.live && !opt->keep_privileges) {
        char err[256];
        if (drop_privileges(opt->user ? opt->user : "nobody", dump ? fileno(pcap_dump_file(dump)) : -1, err,
                            sizeof err) < 0) {
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
    if (print && opt->mode == OUT_FIELDS && opt->header)
        print_fields_header(o, opt);

    struct frame f;
    struct track_info tk;
    struct timespec first = { 0, 0 }, prev = { 0, 0 };
    uint64_t count = 0;
    int rc = 0;
    while (!stop_requested && (rc = capture_next(&cap, &f)) == 1) {
        if (dump) {
            /* pcap_dump writes the handle's precision: hand it that unit. */
            bool micro = pcap_get_tstamp_precision(cap.pcap) == PCAP_TSTAMP_PRECISION_MICRO;
            struct pcap_pkthdr h = { .ts = { f.ts.tv_sec, micro ? f.ts.tv_nsec / 1000 : f.ts.tv_nsec },
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
            if (cap.live)
                out_flush(o);        /* each segment as it arrives */
        }
        if (hooks && hooks->frame && v.tk)
            hooks->frame(hooks->arg, &v);
        if (o->failed)
            break;
        if (++count == opt->count)
            break;
    }
    if (hooks && hooks->end)
        hooks->end(hooks->arg, streams, first);
    out_flush(o);
    if (rc < 0) {
        fprintf(stderr, "synfin: %s\n", cap.err);
        status = cap.live ? 1 : 2;
    }
    if (cap.live) {
        unsigned recv, drop;
        alarm(0);
        if (capture_stats(&cap, &recv, &drop) == 0)
            fprintf(stderr, "%llu packets captured, %u dropped by kernel\n", (unsigned long long)count, drop);
        if (opt->quiet)
            fprintf(stderr, "%u connections, %llu retired from memory\n", streams_count(streams),
                    (unsigned long long)streams_retired(streams));
    }
done:
    if (dump)
        pcap_dump_close(dump);
    streams_free(streams);
    cap_open = false;                 /* before closing: a signal must not touch a closed handle */
    capture_close(&cap);
    return status;
}
