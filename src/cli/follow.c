/* `synfin follow`: the bytes of TCP conversations for a person to read,
 * with the connection's steps between them (present/follow_view.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/session.h"
#include "cli/subcommands.h"
#include "present/follow_view.h"

struct follow_state {
    struct fview *fv;
    int64_t stream;           /* --stream N, or -1: every stream */
    bool seen;                /* a frame of --stream N was seen */
};

static void on_frame(void *arg, const struct view *v)
{
    struct follow_state *f = arg;
    if (f->stream >= 0 && v->tk->stream->index != (uint64_t)f->stream)
        return;
    f->seen = true;
    fview_frame(f->fv, v);
}

static void on_retire(void *arg, struct stream *s)
{
    struct follow_state *f = arg;
    fview_retire(f->fv, s->index);
}

static const char follow_usage[] =
    "Usage: synfin follow -r FILE [--stream N | -Y FILTER] [--color auto|always|never]\n"
    "       synfin follow -i IFACE [-f BPF] [--stream N | -Y FILTER] [--color auto|always|never]\n"
    "\n"
    "Follow TCP Stream, for reading: each connection's bytes in order, both\n"
    "directions rebuilt as Wireshark's Follow TCP Stream (and -z follow,tcp) rebuild\n"
    "them: retransmissions dropped, segments out of order put back in place, a hole\n"
    "shown as \"[N bytes missing in capture file]\".\n"
    "  >> client, frame F: N bytes      a run of bytes the client sent (frame F brought it)\n"
    "  << server, frame F: N bytes      one the server sent\n"
    "  -- handshake 1/3 (SYN from client, frame 1)\n"
    "                                   a step of the connection, where it happened:\n"
    "                                   handshake, teardown, reset, refused, ... (the\n"
    "                                   names of synfin.step, synfin ladder and conns)\n"
    "A run of printable text and line ends is printed as lines (\"lines end in CRLF\"\n"
    "says they were \\r\\n); any other run (binary, tabs, escape sequences) as -x's hex\n"
    "dump, so no control byte of the capture reaches the terminal and the header's\n"
    "byte count with the text or dump gives back every byte.\n"
    "On a terminal the client's lines are red and the server's blue; --color always\n"
    "or never forces it, and NO_COLOR (set, not empty) turns auto off.\n"
    "\n"
    "  -r FILE       read a capture (pcap or pcapng; - is standard input); with\n"
    "                stderr on a terminal, a read over a second shows a progress\n"
    "                line there, erased before the output (-q: none)\n"
    "  -i IFACE      capture live: each run of bytes is printed as it arrives\n"
    "                (Ctrl-C, -c N or -a duration:S end it); -f BPF filters the capture\n"
    "  --stream N    only tcp.stream N (numbered as tshark numbers them)\n"
    "  -Y FILTER     only the connections with a frame the display filter keeps\n"
    "                (Wireshark's language); each is shown whole\n"
    "  --color WHEN  auto (default: a terminal and no NO_COLOR), always or never\n"
    "Neither --stream nor -Y: every connection, one after another (live: as they\n"
    "go, the header line naming the stream again when the output switches stream),\n"
    "each under a header with its index, client and server, and a closing line with\n"
    "the bytes each side sent. From a file, connections are printed once the file is\n"
    "read; the bytes held are bounded by the reassembly caps (64 MiB a connection,\n"
    "256 MiB in all; stderr says when a cap is reached).\n"
    "Exit status: 0; 2 for a usage error or bad input (no such stream, nothing\n"
    "matches -Y, an unreadable file); 1 for a runtime failure.\n";

static int usage(const char *what)
{
    fprintf(stderr, "synfin follow: %s (see synfin follow --help)\n", what);
    return 2;
}

/* Take --stream N out of argv; the rest are tshark's options. */
static int take_own_options(int *argc, char **argv, struct follow_state *f)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--stream") != 0) {
            argv[out++] = argv[i];
            continue;
        }
        char *end;
        long v = i + 1 < *argc ? strtol(argv[i + 1], &end, 10) : -1;
        if (i + 1 >= *argc || *end || !argv[i + 1][0] || v < 0 || v > INT32_MAX) {
            fprintf(stderr, "synfin follow: --stream '%s': needs a tcp.stream index, 0 or more (see synfin follow --help)\n",
                    i + 1 < *argc ? argv[i + 1] : "");
            return 2;
        }
        f->stream = v;
        i++;
    }
    *argc = out;
    return 0;
}

static int follow_run(struct options *opt, struct follow_state *f)
{
    if (opt->read_file && opt->interface)
        return usage("-r and -i cannot go together");
    if (!opt->read_file && !opt->interface)
        return usage("give a capture with -r FILE or an interface with -i IFACE");
    if (opt->mode != OUT_SUMMARY || opt->detail || opt->hex || opt->nstats)
        return usage("-T, -V, -x and -z do not apply");
    if (opt->dfilter && f->stream >= 0)
        return usage("--stream and -Y cannot go together: -Y picks the streams");
    bool color = options_use_color(opt);
    bool live = opt->interface != NULL;
    if (!(f->fv = fview_new(out_stdout, color, live))) {
        fputs("synfin follow: out of memory\n", stderr);
        return 1;
    }
    opt->quiet = true;
    struct session_hooks hooks = { .frame = on_frame, .retire = on_retire, .arg = f,
                                   .prints_per_frame = live };   /* from a file: all at the end */
    int rc = session_run(opt, &hooks);
    uint64_t shown = fview_end(f->fv);
    fview_free(f->fv);
    if (rc || live)
        return rc;
    const char *file = strcmp(opt->read_file, "-") == 0 ? "standard input" : opt->read_file;
    if (f->stream >= 0 && !f->seen) {
        fprintf(stderr, "synfin follow: --stream %lld: %s has no such TCP stream\n", (long long)f->stream, file);
        return 2;
    }
    if (opt->dfilter && !shown) {
        fprintf(stderr, "synfin follow: -Y '%s': no TCP frame of %s matches\n", opt->display_filter, file);
        return 2;
    }
    if (!shown) {
        fprintf(stderr, "synfin follow: %s has no TCP stream\n", file);
        return 2;
    }
    return 0;
}

int follow_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(follow_usage, stdout);
            return 0;
        }
    struct follow_state f = { .stream = -1 };
    int rc = take_own_options(&argc, argv, &f);
    if (rc)
        return rc;
    struct options opt;
    bool done;
    rc = options_parse(&opt, argc, argv, &done);
    if (rc || done)
        return rc;
    rc = follow_run(&opt, &f);
    options_free(&opt);
    return rc;
}
