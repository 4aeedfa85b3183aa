/* `synfin report`: write one self-contained HTML page for a capture. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    "says when something is past one. A capture cut short gets the page of the\n"
    "frames before the damage, and exit status 2.\n"
    "\n"
    "  -w FILE        where the page goes (- for standard output); written whole, then\n"
    "                 renamed into place, so a failed run leaves an older page as it was\n"
    "  -Y FILTER      only the connections with a frame the display filter keeps\n"
    "                 (each drawn whole); needs a file, not standard input\n"
    "  --lang en|zh   the page's language and notes (default from LANG)\n"
    "The other options of synfin --help that read a file (-f, -c, -o) apply.\n"
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

/* The pass that fills the report. */
struct report_pass {
    struct report *r;
    uint64_t frames;              /* frames read, TCP or not */
};

static void on_frame(void *arg, const struct view *v)
{
    struct report_pass *p = arg;
    report_frame(p->r, v);
}

static void on_end(void *arg, struct stream_table *streams, struct timespec first)
{
    struct report_pass *p = arg;
    report_streams(p->r, streams, first, p->frames);
}

/* -w names the capture being read: writing would destroy it. */
static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Write the page into a new file beside path, then rename it over path:
 * a failed run leaves whatever was there. 0, or the exit status after
 * one line on stderr. */
static int write_page(struct report *r, const char *path)
{
    if (strcmp(path, "-") == 0) {
        int err = report_write(r, 1);
        if (err)
            fprintf(stderr, "synfin report: standard output: %s\n", strerror(err));
        return err ? 1 : 0;
    }
    size_t n = strlen(path) + sizeof ".XXXXXX";
    char *tmp = malloc(n);
    if (!tmp) {
        fputs("synfin report: out of memory\n", stderr);
        return 1;
    }
    snprintf(tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    int err = fd < 0 ? errno : report_write(r, fd);
    if (fd >= 0 && fchmod(fd, 0644) != 0 && !err)
        err = errno;
    if (fd >= 0 && close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err) {
        fprintf(stderr, "synfin report: %s: %s\n", path, strerror(err));
        if (fd >= 0)
            unlink(tmp);
    }
    free(tmp);
    return err ? 1 : 0;
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
    if (same_file(opt->read_file, cli->out_path)) {
        fprintf(stderr, "synfin report: -w %s is the capture being read\n", cli->out_path);
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
    const char *slash = strrchr(opt->read_file, '/');
    struct report_opts ro = { .lang = cli->lang, .title = slash ? slash + 1 : opt->read_file };
    struct report_pass pass = { .r = report_new(&ro) };
    if (!pass.r) {
        fputs("synfin report: out of memory\n", stderr);
        free(kept);
        return 1;
    }
    if (kept)
        report_draw_only(pass.r, kept->v, kept->n);
    struct session_hooks hooks = { .frame = on_frame, .end = on_end, .frames_read = &pass.frames, .arg = &pass };
    rc = session_run(opt, &hooks);
    /* A capture cut short still gets its page, of the frames before the
     * damage, as tshark still prints them; the status says it was cut. */
    if (pass.frames > 0) {
        int wrc = write_page(pass.r, cli->out_path);
        if (wrc && !rc)
            rc = wrc;
    }
    report_free(pass.r);
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
    if (opt.mode != OUT_SUMMARY || opt.detail || opt.hex || opt.interface || opt.nstats) {
        fputs("synfin report: -T, -V, -x, -z and -i do not apply (see synfin report --help)\n", stderr);
        options_free(&opt);
        return 2;
    }
    rc = report_run(&opt, &cli);
    options_free(&opt);
    return rc;
}
