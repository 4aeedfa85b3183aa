/* `synfin ladder`: draw one connection of a capture as a ladder diagram. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/session.h"
#include "cli/subcommands.h"
#include "present/explain.h"
#include "present/ladder.h"
#include "present/ladder_svg.h"
#include "present/report_seg.h"

struct ladder_state {
    uint32_t stream;
    uint64_t from;            /* first frame to draw */
    size_t max, nsegs, seen;
    struct seg_record *segs;  /* the text ladder's records */
    struct rseg *rsegs;       /* --svg: the report's, with states, colour, losses */
    char client[80], server[80];
    bool svg;                 /* --svg: a standalone SVG file on standard output */
    bool explain;             /* --explain: each segment's sentence, in lang */
    enum lang lang;
    bool max_given;
    bool stream_given;        /* --stream N was said */
    bool kept;                /* -Y kept a frame of the stream */
};

static void on_frame(void *arg, const struct view *v)
{
    struct ladder_state *l = arg;
    const struct track_info *k = v->tk;
    if (k->stream->index != l->stream)
        return;
    if (k->stream->kept)
        l->kept = true;
    if (l->seen++ == 0)                       /* the client's side: the sender's, or the other */
        ladder_endpoints(k->stream, k->from_client ? k->dir : !k->dir, l->client, l->server, sizeof l->client);
    if (l->nsegs == l->max || v->f->number < l->from)
        return;
    if (l->svg)
        rseg_fill(&l->rsegs[l->nsegs++], v);
    else
        seg_record_fill(&l->segs[l->nsegs++], v);
}

/* -Y without --stream: the first connection with a frame the filter keeps. */
struct first_kept {
    bool found;
    uint32_t stream;
};

static void on_frame_find(void *arg, const struct view *v)
{
    struct first_kept *fk = arg;
    if (!fk->found && v->tk->stream->kept) {
        fk->found = true;
        fk->stream = v->tk->stream->index;
        session_stop();
    }
}

/* A first pass over the file: 0 with l->stream set, or the exit status
 * after one line on stderr. */
static int find_first_kept(const struct options *opt, struct ladder_state *l)
{
    if (strcmp(opt->read_file, "-") == 0) {
        fputs("synfin ladder: -Y on standard input needs --stream N (see synfin ladder --help)\n", stderr);
        return 2;
    }
    struct options pass = *opt;
    pass.write_file = NULL;
    struct first_kept fk = { false, 0 };
    struct session_hooks hooks = { .frame = on_frame_find, .arg = &fk };
    int rc = session_run(&pass, &hooks);
    if (rc)
        return rc;
    if (!fk.found) {
        fprintf(stderr, "synfin ladder: no TCP frame of %s matches -Y '%s'\n", opt->read_file, opt->display_filter);
        return 2;
    }
    l->stream = fk.stream;
    return 0;
}

static const char ladder_usage[] =
    "Usage: synfin ladder -r FILE [--svg] [--explain] [--lang en|zh] [--stream N] [--max N] [--from FRAME] [-f FILTER] [-Y FILTER]\n"
    "\n"
    "Draw one connection (tcp.stream N, default 0) as a ladder diagram: client and\n"
    "server as two columns, one arrow per segment with its flags, relative seq/ack and\n"
    "length, the time on the left, the step and Wireshark's analysis label on the\n"
    "right. Idle gaps over a second are folded into one line. --max N draws the first N\n"
    "segments (default 60) and says how many more there are; --from FRAME starts the\n"
    "drawing at that frame (times stay relative to the connection's start).\n"
    "-Y FILTER (display filter, Wireshark's language) picks the connection: without\n"
    "--stream, the first one with a frame the filter keeps (-Y 'tcp.flags.reset == 1':\n"
    "the first reset connection); with --stream N, N only if one of its frames is kept.\n"
    "The whole connection is drawn, kept frames or not.\n"
    "\n"
    "--svg writes the ladder as a standalone SVG file to standard output instead\n"
    "(synfin ladder -r F --svg > ladder.svg), for documents and slides: the two\n"
    "lines with their addresses, each arrow slanted by its timing and labelled with\n"
    "flags, seq, ack and len in Wireshark's colours, its step and analysis labels\n"
    "beside it, each endpoint's RFC 9293 state along its line where it changes,\n"
    "idle gaps folded (over a second, or a timeout far longer than the usual\n"
    "spacing), and segments later retransmitted drawn as arrows that stop short\n"
    "with a cross. With --svg, --max defaults to 10000 and the count of segments\n"
    "left out goes to standard error.\n"
    "--explain adds each segment's plain sentence, as synfin demo says it (beside its\n"
    "arrow with --svg, under the drawing without); --lang en|zh picks the language\n"
    "(default from LANG).\n"
    "Reading a file for over a second with stderr on a terminal shows a progress line\n"
    "there (percent, frames/s, time left), erased at the end; -q: none.\n";

/* Take --stream N and --max N out of argv; the rest are tshark's options. */
static int take_own_options(int *argc, char **argv, struct ladder_state *l)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        bool is_stream = strcmp(argv[i], "--stream") == 0, is_max = strcmp(argv[i], "--max") == 0;
        bool is_from = strcmp(argv[i], "--from") == 0;
        if (strcmp(argv[i], "--svg") == 0 || strcmp(argv[i], "--explain") == 0) {
            *(argv[i][2] == 's' ? &l->svg : &l->explain) = true;
            continue;
        }
        if (strcmp(argv[i], "--lang") == 0) {
            const char *v = i + 1 < *argc ? argv[i + 1] : "";
            if (strcmp(v, "en") != 0 && strcmp(v, "zh") != 0) {
                fprintf(stderr, "synfin ladder: --lang '%s': expected en or zh\n", v);
                return 2;
            }
            l->lang = strcmp(v, "zh") == 0 ? LANG_ZH : LANG_EN;
            i++;
            continue;
        }
        if (!is_stream && !is_max && !is_from) {
            argv[out++] = argv[i];
            continue;
        }
        char *end;
        long v = i + 1 < *argc ? strtol(argv[i + 1], &end, 10) : -1;
        if (i + 1 >= *argc || *end || v < (is_max ? 1 : 0) || v > 100000000) {
            fprintf(stderr, "synfin ladder: %s needs a number%s (see synfin ladder --help)\n", argv[i],
                    is_max ? " from 1" : "");
            return 2;
        }
        if (is_stream)
            l->stream = (uint32_t)v, l->stream_given = true;
        else if (is_from)
            l->from = (uint64_t)v;
        else
            l->max = (size_t)v, l->max_given = true;
        i++;
    }
    *argc = out;
    if (l->svg && !l->max_given)
        l->max = 10000;
    return 0;
}

static int ladder_svg_run(struct ladder_state *l, int rc)
{
    struct out *o = out_stdout;
    rseg_mark_lost(l->rsegs, l->nsegs);
    struct ladder_svg_opts so = { .client = l->client, .server = l->server, .standalone = true,
                                  .explain = l->explain, .lang = l->lang };
    ladder_svg(o, l->rsegs, l->nsegs, &so);
    out_flush(o);
    if (l->seen > l->nsegs && !l->from)
        fprintf(stderr, "synfin ladder: tcp.stream %u has %zu more segments (--max %zu draws them)\n", l->stream,
                l->seen - l->nsegs, l->seen);
    free(l->rsegs);
    return rc;
}

static int ladder_run(struct options *opt, struct ladder_state *l)
{
    if (!opt->read_file) {
        fputs("synfin ladder: give a capture with -r FILE (see synfin ladder --help)\n", stderr);
        return 2;
    }
    opt->quiet = true;
    int rc;
    if (opt->dfilter && !l->stream_given && (rc = find_first_kept(opt, l)) != 0)
        return rc;
    if (l->svg)
        l->rsegs = calloc(l->max, sizeof *l->rsegs);
    else
        l->segs = calloc(l->max, sizeof *l->segs);
    if (!l->segs && !l->rsegs) {
        fputs("synfin ladder: out of memory\n", stderr);
        return 1;
    }
    struct session_hooks hooks = { .frame = on_frame, .arg = l };
    rc = session_run(opt, &hooks);
    if (l->seen == 0 || (opt->dfilter && !l->kept)) {
        if (rc == 0 && l->seen == 0)
            fprintf(stderr, "synfin ladder: %s has no TCP stream %u\n", opt->read_file, l->stream);
        else if (rc == 0)
            fprintf(stderr, "synfin ladder: no frame of TCP stream %u of %s matches -Y '%s'\n", l->stream,
                    opt->read_file, opt->display_filter);
        free(l->segs);
        free(l->rsegs);
        return rc ? rc : 2;
    }
    if (l->svg)
        return ladder_svg_run(l, rc);
    struct out *o = out_stdout;
    out_printf(o, "tcp.stream %u: %zu segments\n", l->stream, l->seen);
    ladder_print(o, l->client, l->server, l->segs, l->nsegs);
    if (l->explain) {
        out_str(o, l->lang == LANG_ZH ? "\n每一步在说什么：\n" : "\nWhat each step says:\n");
        explain_print(o, l->lang, l->segs, l->nsegs);
    }
    if (l->seen > l->nsegs && !l->from)
        out_printf(o, "... %zu more segments (--max %zu draws them)\n", l->seen - l->nsegs, l->seen);
    out_flush(o);
    free(l->segs);
    return rc;
}

int ladder_main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(ladder_usage, stdout);
            return 0;
        }
    struct ladder_state l = { .max = 60, .lang = lang_from_env() };
    int rc = take_own_options(&argc, argv, &l);
    if (rc)
        return rc;
    struct options opt;
    bool done;
    rc = options_parse(&opt, argc, argv, &done);
    if (rc || done)
        return rc;
    rc = ladder_run(&opt, &l);
    options_free(&opt);
    return rc;
}
