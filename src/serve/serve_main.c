/* serve_main(): the `synfin serve` command line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve/serve.h"
#include "serve/serve_signals.h"

#define MAX_TIMEOUT_S 86400

static const char usage[] =
    "Usage: synfin serve [--host HOST] [--port PORT] [--timeout SECONDS] [--busy-poll US]\n"
    "\n"
    "Run a small HTTP/1.1 server that answers every request with \"Hello World!\"\n"
    "(200, text/plain) and prints \"METHOD URL\" for each request, like the Node.js\n"
    "  http.createServer((req, res) => { console.log(req.method, req.url);\n"
    "                                    res.end('Hello World!') }).listen(4000, 'localhost')\n"
    "It supports keep-alive, pipelining, HEAD and Connection: close, and is meant\n"
    "as the server side of TCP experiments (see `synfin demo`).\n"
    "\n"
    "Options:\n"
    "  --host HOST        name or address to listen on (default localhost); of its\n"
    "                     addresses the first that works is used, IPv4 first\n"
    "  --port PORT        TCP port, 0 to 65535 (default 4000); 0 picks a free port,\n"
    "                     which the start line shows\n"
    "  --timeout SECONDS  a request's headers must arrive within SECONDS, or it gets\n"
    "                     408 Request Timeout; idle keep-alive connections close\n"
    "                     after the same time (1 to 86400, default 10)\n"
    "  --busy-poll US     after handling events, look for more without sleeping\n"
    "                     for up to US microseconds before sleeping (0 to 10000,\n"
    "                     default 50; 0 sleeps at once): under load it saves the\n"
    "                     kernel's wakeups, which on loopback cost the client's\n"
    "                     CPU; idle, it costs US of CPU time after the last event\n"
    "  -h, --help         show this help\n"
    "Options also take the form --port=PORT.\n"
    "\n"
    "Output (stdout, one line at a time): \"Start server on HOST:PORT\" once\n"
    "listening, then \"METHOD URL\" per request, e.g. \"GET /\".\n"
    "Errors: 400 malformed request, 431 headers over 8 KiB, 408 slow request.\n"
    "SIGINT (Ctrl-C) or SIGTERM closes all connections and exits.\n"
    "\n"
    "Exit status: 0 stopped by a signal, 1 runtime error (e.g. the port is in\n"
    "use), 2 bad usage.\n";

/* One line on stderr, exit status 2. */
__attribute__((format(printf, 1, 2))) static int bad_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("synfin serve: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs(" (see synfin serve --help)\n", stderr);
    va_end(ap);
    return 2;
}

/* A decimal number in [lo, hi], nothing else. */
static int parse_number(const char *s, long lo, long hi, int *out)
{
    if (*s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* Matches "--name VALUE" (advancing *i) or "--name=VALUE". 1 and *value
 * set, 0 if argv[*i] is another option, -1 if the value is missing. */
static int option(char **argv, int argc, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return 0;
    if (argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

/* An option that takes a number: its name, its range, what it counts
 * ("expected <this> from lo to hi") and where it goes. */
struct number_option {
    const char *name;
    int lo, hi;
    const char *counts;
    int *value;
};

/* argv[*i] as one of the n options: 0 if it is none of them, 1 if its
 * value is stored, -1 if refused (said on stderr). */
static int number_option(char **argv, int argc, int *i, const struct number_option *options, size_t n)
{
    for (const struct number_option *o = options; o < options + n; o++) {
        const char *v;
        int m = option(argv, argc, i, o->name, &v);
        if (m == 0)
            continue;
        if (m < 0) {
            bad_usage("option %s needs a value", o->name);
            return -1;
        }
        if (parse_number(v, o->lo, o->hi, o->value) < 0) {
            bad_usage("invalid %s '%s': expected %s from %d to %d", o->name, v, o->counts, o->lo, o->hi);
            return -1;
        }
        return 1;
    }
    return 0;
}

int serve_main(int argc, char **argv)
{
    struct serve_config cfg = {
        .host = SERVE_DEFAULT_HOST,
        .port = SERVE_DEFAULT_PORT,
        .timeout_s = SERVE_DEFAULT_TIMEOUT_S,
        .busy_poll_us = SERVE_DEFAULT_BUSY_POLL_US,
        .log = stdout,
    };
    const struct number_option numbers[] = {
        { "--port", 0, 65535, "a number", &cfg.port },
        { "--timeout", 1, MAX_TIMEOUT_S, "whole seconds", &cfg.timeout_s },
        { "--busy-poll", 0, SERVE_MAX_BUSY_POLL_US, "microseconds", &cfg.busy_poll_us },
    };
    for (int i = 1; i < argc; i++) {
        const char *v;
        int m;
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return 0;
        }
        if ((m = option(argv, argc, &i, "--host", &v)) != 0) {
            if (m < 0)
                return bad_usage("option --host needs a value");
            if (!*v)
                return bad_usage("invalid --host '': empty");
            cfg.host = v;
        } else if ((m = number_option(argv, argc, &i, numbers, sizeof numbers / sizeof numbers[0])) != 0) {
            if (m < 0)
                return 2;
        } else if (argv[i][0] == '-') {
            return bad_usage("unknown option '%s'", argv[i]);
        } else {
            return bad_usage("unexpected argument '%s'", argv[i]);
        }
    }

    /* Signals first, so a SIGTERM right after the start line is not lost. */
    int sfd = serve_signals_open();
    if (sfd < 0) {
        fprintf(stderr, "synfin serve: signalfd: %s\n", strerror(errno));
        return 1;
    }
    char err[256];
    int lfd = serve_listen(cfg.host, cfg.port, &cfg.port, err, sizeof err);
    if (lfd < 0) {
        fprintf(stderr, "synfin serve: %s\n", err);
        close(sfd);
        return 1;
    }
    int rc = serve_run(lfd, &cfg, sfd);
    close(sfd);
    fflush(stdout);
    return rc;
}
