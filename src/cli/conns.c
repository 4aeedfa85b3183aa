/* `synfin conns`: one row per connection. From a file, every connection at
 * the end; live, each one as it ends. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/filelist.h"
#include "cli/jobs.h"
#include "cli/session.h"
#include "cli/subcommands.h"
#include "present/conns.h"
#include "present/conns_zeek.h"

enum zeek_form { ZEEK_NONE, ZEEK_TSV, ZEEK_JSON };   /* -T zeek, -T zeekjson */

struct conns_state {
    bool json, live, header_done;
    const char *file;             /* -r FILE, for the checksum warning */
    const struct conns_file *file_col;   /* several files: the file column, or NULL */
    enum zeek_form zeek;
    struct timespec t0;
    bool have_t0;
};

static void header(struct conns_state *c)
{
    if (c->header_done)
        return;
    if (c->zeek == ZEEK_TSV)
        zeek_log_open(out_stdout);
    else if (!c->json && c->zeek == ZEEK_NONE)
        conns_header(out_stdout, c->file_col);
    c->header_done = true;
}

static void row(struct conns_state *c, struct stream *s)
{
    header(c);
    if (c->zeek == ZEEK_TSV)
        zeek_log_row(out_stdout, s);
    else if (c->zeek == ZEEK_JSON)
        zeek_json_row(out_stdout, s);
    else
        conns_row(out_stdout, s, c->t0, c->json, c->file_col);
    s->reported = true;
}

static void on_frame(void *arg, const struct view *v)
{
    struct conns_state *c = arg;
    if (!c->have_t0)
        c->t0 = v->f->ts, c->have_t0 = true;
    struct stream *s = v->tk->stream;
    /* Live: print a connection when it ends, so a long capture shows them as they go. */
    if (c->live && s->kept && !s->reported && v->step &&
        (strcmp(v->step, "teardown 4/4") == 0 || strcmp(v->step, "refused") == 0 || strncmp(v->step, "reset", 5) == 0)) {
        row(c, s);
        out_flush(out_stdout);
    }
}

/* Live: a connection leaves memory; print it first if it never ended. */
static void on_retire(void *arg, struct stream *s)
{
    struct conns_state *c = arg;
    if (s->kept && !s->reported)
        row(c, s);
}

/* -T zeek, zeekjson: Zeek ended its connection within the stream. */
static void on_zeek_part_end(void *arg, struct stream *s)
{
    struct conns_state *c = arg;
    if (s->kept && !s->reported)
        row(c, s);
}

static void print_unreported(void *arg, struct stream *s)
{
    struct conns_state *c = arg;
    if (s->kept && !s->reported)
        row(c, s);
}

static void on_end(void *arg, struct stream_table *streams, struct timespec first)
{
    struct conns_state *c = arg;
    if (!c->have_t0)
        c->t0 = first;
    header(c);
    streams_each(streams, print_unreported, c);
    if (c->zeek == ZEEK_TSV)
        zeek_log_close(out_stdout);
    /* Zeek's own warning (base/misc/find-checksum-offloading.zeek): over 5%. */
    uint64_t segments, bad;
    streams_zeek_checksum_counts(streams, &segments, &bad);
    if (c->zeek != ZEEK_NONE && bad * 20 > segments)
        fprintf(stderr,
                "synfin conns: %s: %llu of %llu TCP segments have invalid checksums, most likely from NIC "
                "checksum offloading: Zeek discards them, and so does -T zeek; -C keeps them (zeek -C)\n",
                c->file ? c->file : "capture", (unsigned long long)bad, (unsigned long long)segments);
}

static const char conns_usage[] =
    "Usage: synfin conns [-r FILE | -i IFACE] [-f FILTER] [-Y FILTER] [-c N] [-a duration:N] [-B MiB]\n"
    "                    [-w FILE] [--linger S] [-T json|zeek|zeekjson [-C]]\n"
    "       synfin conns [-r] FILE|DIR [-r] FILE|DIR ... [--jobs N] [-f FILTER] [-Y FILTER] [-c N] [-T json]\n"
    "\n"
    "One row per TCP connection: stream, client and server, start, duration, packets\n"
    "and payload bytes each way, the handshake (complete with its initial RTT, partial,\n"
    "none), how it closed (four or three segments, simultaneous, half close, reset by\n"
    "whom and in which state, refused, unanswered SYN, still open at the end), both\n"
    "final states, and Zeek's service ('http' when Zeek's HTTP analyzer would confirm\n"
    "it, by port or by its signatures; '-' otherwise), conn_state and history. A client\n"
    "marked '?' was guessed (no SYN seen: the first sender). Live (-i), each connection\n"
    "is printed when it ends and the rest when the capture stops; a connection leaves\n"
    "memory --linger SECONDS (default 10) after it closed, or after 600 s without a\n"
    "segment, so memory stays flat over hours. -T json: one object per connection a\n"
    "line. -T zeek: Zeek's conn.log in Zeek's own format: the #fields and #types\n"
    "header, the columns ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service\n"
    "duration orig_bytes resp_bytes conn_state local_orig local_resp missed_bytes\n"
    "history orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents, '-' for\n"
    "unset, and #close; the originator is Zeek's, after its role flip. Where Zeek's\n"
    "timers or a reused port end a connection within one stream (an unanswered SYN\n"
    "after 5 s, any packet 5 s after a close, 5 min idle, a new SYN after a close),\n"
    "it is a row of its own, written when it ends. As Zeek, it drops segments with a\n"
    "bad TCP or IPv4 header checksum (history letter C or c; a warning when over 5%\n"
    "of them) unless -C (zeek -C): captures made on lo need -C. zeek-cut and\n"
    "other conn.log readers take it as it is. -T zeekjson: the same rows as Zeek's\n"
    "JSON logs write them (one object a line, unset fields left out, times as\n"
    "seconds). -Y FILTER (display filter, Wireshark's language) lists only the\n"
    "connections with at least one frame it keeps, each with all its frames\n"
    "counted: -Y 'tcp.analysis.retransmission' lists the connections that\n"
    "retransmitted. The capture options of synfin --help (-f, -s,\n"
    "-B, -w, -Z) work here too (-w writes the frames -Y keeps); should the kernel drop\n"
    "packets, stderr says so while the capture runs. Reading a file for over a second\n"
    "with stderr on a terminal shows a progress line there (percent, frames/s, time\n"
    "left), erased at the end; -q: none.\n"
    "\n"
    "Several files (rotated captures: tcpdump -G/-C, dumpcap ring buffers): -r more\n"
    "than once, file operands (so -r day/*.pcap works), or a directory: each file is\n"
    "read alone, as if it were the only one (its streams from 0, times from its first\n"
    "frame, -c N for each, a connection cut by a rotation a row in each file), and\n"
    "its rows come in the order of the command line, a directory's files sorted as\n"
    "ls -v sorts (part2 before part10). Each row starts with its file: a column in\n"
    "the table, a \"file\" key in -T json; with one file (not a directory) the output\n"
    "is as without it. A directory: its regular files (not hidden, not in\n"
    "subdirectories); one that does not start as a capture file (pcap or pcapng,\n"
    "plain or gzip) is left out with a warning. --jobs N reads N files at once in N\n"
    "processes (0: one a CPU; default 1); the output, standard error too, is the same\n"
    "byte for byte whatever N. A file that cannot be read says so in one line, in its\n"
    "place, and the others are still read; the exit status is then 2 (1 if a\n"
    "failure was not the input's). -T zeek and zeekjson and -w take one file:\n"
    "zeek reads several -r as one stream, so join them with mergecap -w first.\n"
    "Ctrl-C: the files being read end where they are, and no new one starts. No\n"
    "progress line with several files.\n";

/* Several files: each read alone, in a worker of its own (jobs.h). */
struct many {
    struct options *opt;
    const struct filelist *files;
    struct conns_file *cols;
    struct session_hooks hooks;
    struct conns_state c;
};

static int read_one(void *arg, int i)
{
    struct many *m = arg;
    m->opt->read_file = m->files->paths[i];
    m->c.file = m->files->shown[i];
    m->c.file_col = &m->cols[i];
    m->c.header_done = true;      /* the parent wrote the one header */
    m->hooks.arg = &m->c;
    return session_run(m->opt, &m->hooks);
}

static int read_many(struct options *opt, const struct filelist *files, const struct session_hooks *hooks,
                     const struct conns_state *c, int njobs)
{
    struct conns_file *cols = calloc((size_t)files->n, sizeof *cols);
    if (!cols) {
        fputs("synfin conns: out of memory\n", stderr);
        return 1;
    }
    int width = 4;                /* "file" */
    for (int i = 0; i < files->n; i++) {
        size_t w = fmt_columns(files->shown[i]);
        width = w > (size_t)width ? (w > 4096 ? 4096 : (int)w) : width;
    }
    for (int i = 0; i < files->n; i++)
        cols[i] = (struct conns_file){ .name = files->paths[i], .shown = files->shown[i], .width = width };
    if (!c->json)
        conns_header(out_stdout, &cols[0]);
    struct many m = { .opt = opt, .files = files, .cols = cols, .hooks = *hooks, .c = *c };
    int rc = jobs_run(files->n, njobs < files->n ? njobs : files->n, read_one, &m, "synfin conns",
                      (const char *const *)files->shown);
    out_flush(out_stdout);
    free(cols);
    return rc;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* What several files cannot do: one line and 2, or 0. */
static int many_refused(const struct options *opt, enum zeek_form zeek)
{
    const char *why = NULL;
    if (zeek)
        why = "-T zeek and -T zeekjson read one file (zeek reads several -r as one stream; synfin reads each "
              "alone): join them with mergecap -w first";
    else if (opt->write_file)
        why = "-w writes the frames of one file (several given: join them with mergecap -w first)";
    if (!why)
        return 0;
    fprintf(stderr, "synfin conns: %s (see synfin conns --help)\n", why);
    return 2;
}

int conns_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(conns_usage, stdout);
            return 0;
        }
    /* --linger SECONDS, --jobs N, -T zeek|zeekjson and -C (Zeek's) are ours; the rest are tshark's options. */
    uint32_t linger = 0;
    int njobs = 1;
    enum zeek_form zeek = ZEEK_NONE;
    bool ignore_checksums = false;
    int kept = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-C") == 0) {
            ignore_checksums = true;
            continue;
        }
        const char *form = strncmp(argv[i], "-T", 2) != 0 ? NULL : argv[i][2] ? argv[i] + 2
                                                                  : i + 1 < argc ? argv[i + 1] : NULL;
        if (form && (strcmp(form, "zeek") == 0 || strcmp(form, "zeekjson") == 0)) {
            zeek = strcmp(form, "zeek") == 0 ? ZEEK_TSV : ZEEK_JSON;
            i += argv[i][2] ? 0 : 1;
            continue;
        }
        if (strcmp(argv[i], "--jobs") == 0) {
            char *end;
            long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : -1;
            if (i + 1 >= argc || !argv[i + 1][0] || *end || v < 0 || v > 256) {
                fputs("synfin conns: --jobs needs a number of processes, 1 to 256, or 0 for one a CPU "
                      "(see synfin conns --help)\n", stderr);
                return 2;
            }
            njobs = v ? (int)v : jobs_default();
            i++;
            continue;
        }
        if (strcmp(argv[i], "--linger") != 0) {
            argv[kept++] = argv[i];
            continue;
        }
        char *end;
        long v = i + 1 < argc ? strtol(argv[i + 1], &end, 10) : -1;
        if (i + 1 >= argc || *end || v < 0 || v > 86400) {
            fputs("synfin conns: --linger needs a number of seconds, 0 to 86400 (see synfin conns --help)\n", stderr);
            return 2;
        }
        linger = (uint32_t)v + 1;          /* 0 in options: the default */
        i++;
    }
    argc = kept;
    struct options opt;
    bool done;
    int rc = options_parse_many(&opt, argc, argv, &done);
    if (rc || done)
        return rc;
    bool many = opt.nread_files > 1 || (opt.nread_files == 1 && is_dir(opt.read_file));
    if (opt.mode == OUT_FIELDS || opt.mode == OUT_EK || opt.mode == OUT_JSONL || opt.fields.nfields || opt.detail ||
        opt.hex) {
        fputs("synfin conns: -T fields, ek and jsonl, -e, -V and -x do not apply (see synfin conns --help)\n", stderr);
        options_free(&opt);
        return 2;
    }
    if (ignore_checksums && !zeek) {
        fputs("synfin conns: -C (keep segments with bad checksums, as zeek -C) applies to -T zeek and -T zeekjson\n",
              stderr);
        options_free(&opt);
        return 2;
    }
    if (zeek && opt.mode != OUT_SUMMARY) {
        fputs("synfin conns: -T zeek, -T zeekjson and -T json: one output format at a time (see synfin conns --help)\n",
              stderr);
        options_free(&opt);
        return 2;
    }
    if (opt.interface && opt.read_file) {
        fputs("synfin conns: a file to read and -i cannot go together (see synfin conns --help)\n", stderr);
        options_free(&opt);
        return 2;
    }
    if (many && (rc = many_refused(&opt, zeek)) != 0) {
        options_free(&opt);
        return rc;
    }
    struct conns_state c = { .json = opt.mode == OUT_JSON, .zeek = zeek, .live = !opt.read_file,
                             .file = opt.read_file };
    opt.quiet = true;
    opt.linger_s = linger;
    struct session_hooks hooks = { .frame = on_frame, .end = on_end, .retire = on_retire, .rows_only = true,
                                   .zeek_part_end = zeek ? on_zeek_part_end : NULL,
                                   .zeek_ignore_checksums = ignore_checksums, .arg = &c };
    if (many) {
        struct filelist files;
        rc = filelist_expand(&files, opt.read_files, opt.nread_files, "synfin conns");
        if (rc == 0) {
            rc = read_many(&opt, &files, &hooks, &c, njobs);
            filelist_free(&files);
        }
    } else {
        rc = session_run(&opt, &hooks);
    }
    options_free(&opt);
    return rc;
}
