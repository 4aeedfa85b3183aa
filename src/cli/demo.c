/* `synfin demo`: the classic experiment in one command. Start the hello
 * server on 127.0.0.1:PORT, capture lo with "host 127.0.0.1 and port PORT",
 * make one GET / as curl would, then show every segment with its step, the
 * first SYN's TCP header in full, the ladder diagram, the HTTP exchange as
 * synfin follow shows it, and each step in one plain sentence with this
 * run's numbers. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/demo.h"
#include "cli/session.h"
#include "present/explain.h"
#include "present/follow_view.h"
#include "present/ladder.h"
#include "present/print.h"
#include "present/report.h"
#include "serve/http_client.h"
#include "serve/serve.h"

#define MAX_SEGS 64

struct demo_state {
    struct seg_record segs[MAX_SEGS];
    size_t nsegs;
    bool have_syn;
    struct out syn_detail;        /* the first SYN in -O tcp form, kept for after the list */
    char client[64], server[64];
    bool closed;
    struct fview *follow;         /* the connection's bytes, for the HTTP exchange */
    struct report *report;        /* --report: the page, or NULL */
    uint64_t frames;              /* frames read, for the page */
};

static void demo_usage(FILE *to)
{
    fputs("Usage: synfin demo [--port PORT] [--lang en|zh] [--keep] [-w FILE] [--report FILE] [-Z USER]\n"
          "                   [--color=auto|always|never]\n"
          "\n"
          "The classic experiment in one command (root or CAP_NET_RAW):\n"
          "  1. start the hello server on 127.0.0.1:PORT (default 4000),\n"
          "  2. capture lo with the filter 'host 127.0.0.1 and port PORT',\n"
          "  3. make one GET / as curl would; show the server's log line and the body,\n"
          "  4. print every segment with its step, and the first SYN's TCP header in full,\n"
          "  5. draw the connection's ladder diagram, and show the HTTP exchange under it\n"
          "     as synfin follow does (request and answer between the steps),\n"
          "  6. explain each step in one plain sentence with this run's numbers.\n"
          "\n"
          "  --port PORT   the server's port (default 4000)\n"
          "  --lang en|zh  the explanations' language (default from LANG)\n"
          "  --keep        leave the server running afterwards\n"
          "  -w FILE       also save the capture as a pcap file\n"
          "  --report FILE also write the run as synfin report's HTML page (ladder, graphs,\n"
          "                each segment's fields and bytes; see synfin report --help)\n"
          "  -Z USER       user to become once the capture is open (default nobody)\n"
          "  --color=WHEN  colour SYN/FIN and RST lines: auto (default), always, never\n",
          to);
}

static void on_segment(void *arg, const struct view *v)
{
    struct demo_state *d = arg;
    const struct frame *f = v->f;
    const struct track_info *k = v->tk;
    if (d->nsegs < MAX_SEGS) {
        seg_record_fill(&d->segs[d->nsegs++], v);
    }
    fview_frame(d->follow, v);
    if (d->report)
        report_frame(d->report, v);
    if (!d->have_syn && (f->tcp.flags & (TH_SYN | TH_ACK)) == TH_SYN) {
        d->have_syn = true;
        out_init(&d->syn_detail, -1);
        print_detail(&d->syn_detail, v, true);
        ladder_endpoints(k->stream, k->from_client ? k->dir : !k->dir, d->client, d->server, sizeof d->client);
    }
    /* The last ACK of the close, or a reset, ends the experiment. */
    if (v->step && (strcmp(v->step, "teardown 4/4") == 0 || strncmp(v->step, "reset", 5) == 0 ||
                    strcmp(v->step, "refused") == 0)) {
        d->closed = true;
        session_stop();
    }
}

static void on_end(void *arg, struct stream_table *streams, struct timespec first)
{
    struct demo_state *d = arg;
    if (d->report)
        report_streams(d->report, streams, first, d->frames);
}

/* Read one line the server logged, waiting up to ms. */
static bool read_log_line(FILE *log, char *buf, size_t n, int ms)
{
    struct pollfd p = { .fd = fileno(log), .events = POLLIN };
    if (poll(&p, 1, ms) <= 0)
        return false;
    if (!fgets(buf, (int)n, log))
        return false;
    buf[strcspn(buf, "\n")] = 0;
    return true;
}

int demo_main(int argc, char **argv)
{
    int port = SERVE_DEFAULT_PORT;
    bool keep = false;
    enum lang lang = lang_from_env();
    const char *report_path = NULL;
    struct options opt;
    bool done;
    char *fake_argv[] = { "synfin", NULL };
    options_parse(&opt, 1, fake_argv, &done);          /* the defaults */
    static const struct option longopts[] = {
        { "port", required_argument, 0, 'p' }, { "lang", required_argument, 0, 'L' },
        { "keep", no_argument, 0, 'k' }, { "color", required_argument, 0, 'C' },
        { "colour", required_argument, 0, 'C' }, { "report", required_argument, 0, 'R' },
        { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 },
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":w:Z:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': {
            char *end;
            long p = strtol(optarg, &end, 10);
            if (*end || p < 1 || p > 65535) {
                fprintf(stderr, "synfin demo: --port '%s': expected a port from 1 to 65535\n", optarg);
                return 2;
            }
            port = (int)p;
            break;
        }
        case 'L':
            if (strcmp(optarg, "en") == 0) lang = LANG_EN;
            else if (strcmp(optarg, "zh") == 0) lang = LANG_ZH;
            else { fprintf(stderr, "synfin demo: --lang '%s': expected en or zh\n", optarg); return 2; }
            break;
        case 'k': keep = true; break;
        case 'R': report_path = optarg; break;
        case 'w': opt.write_file = optarg; opt.print_summary = true; break;
        case 'Z': opt.user = optarg; break;
        case 'C':
            if (strcmp(optarg, "auto") == 0) opt.color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0) opt.color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0) opt.color = COLOR_NEVER;
            else { fprintf(stderr, "synfin demo: --color '%s': expected auto, always or never\n", optarg); return 2; }
            break;
        case 'h': demo_usage(stdout); return 0;
        case ':': fprintf(stderr, "synfin demo: -%c needs an argument (see synfin demo --help)\n", optopt); return 2;
        default: fprintf(stderr, "synfin demo: unknown option %s (see synfin demo --help)\n", argv[optind - 1]); return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "synfin demo: unexpected argument '%s' (see synfin demo --help)\n", argv[optind]);
        return 2;
    }

    /* 1-2: the server, then the capture, both before the first segment.
     * In this order the server (a fork) does not inherit the capture's
     * socket and ring, which it would keep, as root, with --keep. */
    char filter[64];
    snprintf(filter, sizeof filter, "host 127.0.0.1 and port %d", port);
    opt.interface = "lo";
    opt.filter = filter;
    opt.duration = 10;                /* a bound, should the close never come */
    int logpipe[2];
    if (pipe(logpipe) < 0) {
        perror("synfin demo: pipe");
        return 1;
    }
    FILE *logw = fdopen(logpipe[1], "w"), *logr = fdopen(logpipe[0], "r");
    struct serve_config cfg = { .host = "127.0.0.1", .port = port, .timeout_s = SERVE_DEFAULT_TIMEOUT_S,
                                .busy_poll_us = 0,    /* one request: nothing to gain by spinning */
                                .log = logw, .outlive_parent = keep };
    char err[256], line[512];
    int bound;
    /* The session gives up root before it reads a packet; the server is
     * then stopped by closing stop_fd, which needs no right to signal it.
     * Should the demo die, the kernel closes it and the server stops too. */
    int stop_fd = -1;
    pid_t server = serve_spawn(&cfg, &bound, keep ? NULL : &stop_fd, err, sizeof err);
    fclose(logw);
    if (server < 0) {
        fprintf(stderr, "synfin demo: %s%s\n", err, strstr(err, "in use") ? " (choose another with --port)" : "");
        return 1;
    }
    /* The page is opened now, while the demo may still write where it is
     * run (the session gives up root), and after the server's fork, which
     * must not hold it. */
    int report_fd = -1;
    if (report_path && (report_fd = open(report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        fprintf(stderr, "synfin demo: --report %s: %s\n", report_path, strerror(errno));
        if (!keep)
            serve_stop(server, stop_fd);
        return 1;
    }
    int rc = session_open(&opt);
    if (rc) {
        if (!keep)
            serve_stop(server, stop_fd);
        return rc;
    }
    struct out *o = out_stdout;
    if (read_log_line(logr, line, sizeof line, 2000))
        out_printf(o, "$ synfin serve --host 127.0.0.1 --port %d\n%s\n", port, line);
    out_printf(o, "$ synfin -i lo -f '%s'\n", filter);

    /* 3: one GET /, as curl would make it. */
    char status[128], body[256];
    out_printf(o, "$ curl http://127.0.0.1:%d/\n", port);
    out_flush(o);
    if (http_get("127.0.0.1", port, "/", status, sizeof status, body, sizeof body) < 0) {
        fprintf(stderr, "synfin demo: GET http://127.0.0.1:%d/ failed: %s\n", port, strerror(errno));
        if (!keep)
            serve_stop(server, stop_fd);
        return 1;
    }
    out_printf(o, "%s\n", body);
    if (read_log_line(logr, line, sizeof line, 2000))
        out_printf(o, "server log: %s\n", line);
    out_printf(o, "\nThe segments, as Wireshark lists them, each with its step:\n");
    out_flush(o);

    /* 4: every segment, then the first SYN's header. */
    struct demo_state *d = calloc(1, sizeof *d);
    if (!d) {
        fputs("synfin demo: out of memory\n", stderr);
        if (!keep)
            serve_stop(server, stop_fd);
        return 1;
    }
    if (!(d->follow = fview_new(o, options_use_color(&opt), false))) {
        fputs("synfin demo: out of memory\n", stderr);
        free(d);
        if (!keep)
            serve_stop(server, stop_fd);
        return 1;
    }
    if (report_fd >= 0) {
        struct report_opts ro = { .lang = lang, .title = "synfin demo" };
        d->report = report_new(&ro);
    }
    struct session_hooks hooks = { .frame = on_segment, .end = on_end, .frames_read = &d->frames, .arg = d };
    rc = session_run(&opt, &hooks);
    if (d->have_syn) {
        out_str(o, "\nThe first SYN's TCP header, as Wireshark shows it:\n");
        out_mem(o, d->syn_detail.buf, d->syn_detail.len);
    }

    /* 5-6: the ladder and the explanations. */
    if (d->nsegs) {
        out_str(o, lang == LANG_ZH ? "\n连接的时序图：\n" : "\nThe connection's ladder diagram:\n");
        ladder_print(o, d->client, d->server, d->segs, d->nsegs);
        out_str(o, lang == LANG_ZH ? "\nHTTP 请求与应答（synfin follow）：\n"
                                   : "\nThe HTTP exchange, as synfin follow shows it:\n");
        fview_end(d->follow);
        out_str(o, lang == LANG_ZH ? "\n每一步在说什么：\n" : "\nWhat each step says:\n");
        explain_print(o, lang, d->segs, d->nsegs);
    }
    if (!d->closed)
        out_str(o, "\n(the connection had not finished closing when the capture stopped)\n");
    if (report_fd >= 0) {
        int err = d->report ? report_write(d->report, report_fd) : ENOMEM;
        if (close(report_fd) != 0 && !err)
            err = errno;
        if (err) {
            fprintf(stderr, "synfin demo: --report %s: %s\n", report_path, strerror(err));
            rc = rc ? rc : 1;
        } else {
            out_printf(o, lang == LANG_ZH ? "\n报告：%s\n" : "\nThe report: %s\n", report_path);
        }
        report_free(d->report);
    }
    out_flush(o);
    if (keep) {
        fprintf(stderr, "synfin demo: the server is still running as pid %d (stop it with: kill %d)\n",
                (int)server, (int)server);
    } else if (serve_stop(server, stop_fd) != 0) {
        fprintf(stderr, "synfin demo: the server (pid %d) did not stop cleanly\n", (int)server);
        if (!rc)
            rc = 1;
    }
    fclose(logr);
    fview_free(d->follow);
    free(d);
    return rc;
}
