/* `synfin report`: write one self-contained HTML page for a capture. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/session.h"
#include "cli/subcommands.h"
#include "present/report.h"

static const char report_usage[] =
    "Usage: synfin report -r FILE -w REPORT.html [-Y FILTER] [--lang en|zh] [-f FILTER] [-c N] [-o PREF]\n"
    "\n"
    "Write one HTML page about a capture, with everything inline (CSS, script, SVG):\n"
    "it makes no request to the network and opens offline, from disk or as an\n"
    "e-mail attachment. The page holds:\n"
    "  - the capture in numbers: frames, TCP segments, connections, duration, how\n"
    "    the connections closed and their Zeek conn_state;\n"
    "  - the connection table (synfin conns' columns), sortable, with a box that\n"
    "    narrows it, 100 rows a page (every row is there with scripts off);\n"
    "  - for the first 200 connections: the ladder diagram (SVG; each arrow with\n"
    "    flags, seq, ack, len, its step and analysis labels in Wireshark's colours,\n"
    "    both endpoints' RFC 9293 states down the sides, lost segments stopping\n"
    "    short, plain-word notes beside the arrows of short connections) and the\n"
    "    TCP graphs of each direction with data (time-sequence as tcptrace draws it,\n"
    "    throughput, RTT, window), which zoom to a time range;\n"
    "  - on a click on an arrow, the segment's detail tree (what -V prints) and its\n"
    "    bytes; a click on a field highlights its bytes.\n"
    "Bounds: 200 connections drawn, 10,000 segments each and 50,000 in all, 64 MiB\n"
    "of detail, the first 2,048 bytes of each frame, 100,000 table rows; the page\n"
    "says when something is past one.\n"
    "\n"
    "  -w FILE        where the page goes (- for standard output)\n"
    "  -Y FILTER      only the connections with a frame the display filter keeps\n"
    "                 (each drawn whole); needs a file, not standard input\n"
    "  --lang en|zh   the page's language and notes (default from LANG)\n"
    "The other options of synfin --help that read a file (-f, -c, -o, -C) apply.\n"
    "Reading the file for over a second with stderr on a terminal shows a progress\n"
    "line there (percent, frames/s, time left), erased at the end; -q: none.\n";

struct report_cli {
    const char *out_path;
    enum lang lang;
};

/* Take -w FILE and --lang out of argv: the rest are tshark's options. */
static int take_own_options(int *argc, char **argv, struct report_cli *rc)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        bool is_w = strcmp(argv[i], "-w") == 0, is_lang = strcmp(argv[i], "--lang") == 0;
        if (!is_w && !is_lang) {
            argv[out++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc) {
            fprintf(stderr, "synfin report: %s needs an argument (see synfin report --help)\n", argv[i]);
            return 2;
        }
        const char *v = argv[++i];
        if (is_w) {
            rc->out_path = v;
        } else if (strcmp(v, "en") == 0 || strcmp(v, "zh") == 0) {
            rc->lang = v[0] == 'z' ? LANG_ZH : LANG_EN;
        } else {
            fprintf(stderr, "synfin report: --lang '%s': expected en or zh\n", v);
            return 2;
        }
    }
    *argc = out;
    return 0;
}

/* -Y: a first pass finds the streams with a kept frame, the first
 * REPORT_DRAWN of which are drawn. */
struct kept_streams {
    uint32_t v[REPORT_DRAWN];
    size_t n;
};

static void collect_kept(void *arg, struct stream *s)
{
    struct kept_streams *k = arg;
    if (s->kept && k->n < REPORT_DRAWN)
        k->v[k->n++] = s->index;
}

static void on_end_first_pass(void *arg, struct stream_table *streams, struct timespec first)
{
    (void)first;
    streams_each(streams, collect_kept, arg);
}

static void on_frame(void *arg, const struct view *v) { report_frame(arg, v); }

static void on_end(void *arg, struct stream_table *streams, struct timespec first)
{
    report_streams(arg, streams, first);
}

static int report_run(struct options *opt, const struct report_cli *cli)
{
    if (!opt->read_file) {
        fputs("synfin report: give a capture with -r FILE (see synfin report --help)\n", stderr);
        return 2;
    }
    if (!cli->out_path) {
        fputs("synfin report: say where the page goes with -w FILE (see synfin report --help)\n", stderr);
        return 2;
    }
    if (opt->dfilter && strcmp(opt->read_file, "-") == 0) {
        fputs("synfin report: -Y needs a file it can read twice, not standard input\n", stderr);
        return 2;
    }
    opt->quiet = true;
    struct kept_streams *kept = NULL;
    int rc;
    if (opt->dfilter) {
        if (!(kept = calloc(1, sizeof *kept))) {
            fputs("synfin report: out of memory\n", stderr);
            return 1;
        }
        struct session_hooks first = { .end = on_end_first_pass, .arg = kept };
        if ((rc = session_run(opt, &first)) != 0) {
            free(kept);
            return rc;
        }
    }
    bool to_stdout = strcmp(cli->out_path, "-") == 0;
    int fd = to_stdout ? 1 : open(cli->out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        fprintf(stderr, "synfin report: %s: %s\n", cli->out_path, strerror(errno));
        free(kept);
        return 1;
    }
    const char *slash = strrchr(opt->read_file, '/');
    struct report_opts ro = { .lang = cli->lang, .title = slash ? slash + 1 : opt->read_file };
    struct report *r = report_new(&ro);
    if (!r) {
        fputs("synfin report: out of memory\n", stderr);
        free(kept);
        if (!to_stdout)
            close(fd);
        return 1;
    }
    if (kept)
        report_draw_only(r, kept->v, kept->n);
    struct session_hooks hooks = { .frame = on_frame, .end = on_end, .arg = r };
    rc = session_run(opt, &hooks);
    if (rc == 0) {
        int err = report_write(r, fd);
        if (err) {
            fprintf(stderr, "synfin report: %s: %s\n", cli->out_path, strerror(err));
            rc = 1;
        }
    }
    if (!to_stdout && close(fd) != 0 && rc == 0) {
        fprintf(stderr, "synfin report: %s: %s\n", cli->out_path, strerror(errno));
        rc = 1;
    }
    report_free(r);
    free(kept);
    return rc;
}

int report_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(report_usage, stdout);
            return 0;
        }
    struct report_cli cli = { .lang = lang_from_env() };
    int rc = take_own_options(&argc, argv, &cli);
    if (rc)
        return rc;
    struct options opt;
    bool done;
    rc = options_parse(&opt, argc, argv, &done);
    if (rc || done)
        return rc;
    if (opt.mode != OUT_SUMMARY || opt.detail || opt.hex || opt.interface) {
        fputs("synfin report: -T, -V, -x and -i do not apply (see synfin report --help)\n", stderr);
        options_free(&opt);
        return 2;
    }
    rc = report_run(&opt, &cli);
    options_free(&opt);
    return rc;
}
