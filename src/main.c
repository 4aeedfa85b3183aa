/* synfin: capture source -> decode -> track -> present. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/options.h"
#include "decode/decode.h"
#include "present/print.h"
#include "serve/serve.h"
#include "source/capture.h"
#include "track/steps.h"
#include "track/streams.h"

/* Read every frame of cap and print it as the options say. */
static int run_capture(struct capture *cap, const struct options *opt)
{
    struct out *o = out_stdout;
    struct stream_table *streams = streams_new();
    if (!streams) {
        fputs("synfin: out of memory\n", stderr);
        return 1;
    }
    bool color = opt->color == COLOR_ALWAYS || (opt->color == COLOR_AUTO && isatty(1));
    struct decode_prefs dprefs = { .check_tcp_checksum = opt->prefs.check_tcp_checksum };
    if (opt->mode == OUT_FIELDS && opt->header)
        print_fields_header(o, opt);

    struct frame f;
    struct track_info tk;
    struct timespec first = { 0, 0 }, prev = { 0, 0 };
    uint64_t printed = 0;
    int rc;
    while ((rc = capture_next(cap, &f)) == 1) {
        decode_frame(&f, &dprefs);
        if (printed == 0)
            first = prev = f.ts;
        struct columns cols = { .built = false };
        struct view v = { .f = &f, .prefs = &opt->prefs, .cols = &cols,
                          .rel_time = time_delta(f.ts, first), .delta_time = time_delta(f.ts, prev) };
        prev = f.ts;
        if (f.has_tcp && f.nip && !f.tcp.hdr_truncated) {
            streams_track(streams, &f, &tk);
            v.tk = &tk;
            v.step = step_name(&f, &tk);
        }
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
        if (o->failed)
            break;
        if (++printed == opt->count)
            break;
    }
    out_flush(o);
    int status = 0;
    if (rc < 0) {
        fprintf(stderr, "synfin: %s\n", cap->err);
        status = 2;
    }
    streams_free(streams);
    return status;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "serve") == 0)
        return serve_main(argc - 1, argv + 1);

    signal(SIGPIPE, SIG_IGN);
    struct options opt;
    bool done;
    int rc = options_parse(&opt, argc, argv, &done);
    if (rc || done)
        return rc;
    if (!opt.read_file) {
        fputs("synfin: no input: give -r FILE (see synfin --help)\n", stderr);
        return 2;
    }
    struct capture cap;
    if (capture_open_file(&cap, opt.read_file, opt.filter) < 0) {
        fprintf(stderr, "synfin: %s\n", cap.err);
        return 2;
    }
    rc = run_capture(&cap, &opt);
    capture_close(&cap);
    return rc;
}
