/* `synfin serve`: a small HTTP/1.1 server that answers every request with
 * "Hello World!" and logs "METHOD URL" per request, like the Node.js
 *   http.createServer((req, res) => { console.log(req.method, req.url);
 *                                     res.end('Hello World!') }).listen(4000, 'localhost')
 *
 * Three ways to use it:
 *  - serve_main(): the subcommand, with option parsing and signal handling.
 *  - serve_spawn(): run the server in a child process (for `synfin demo`).
 *    The listening socket is bound before fork(), so the caller can connect
 *    as soon as it returns; stop it with serve_stop().
 *  - serve_listen() + serve_run(): run it in the calling process and stop it
 *    by making a file descriptor readable (a signalfd, pipe or eventfd).
 *
 * Server behaviour: keep-alive (HTTP/1.1 default; HTTP/1.0 with
 * "Connection: keep-alive"), pipelining, HEAD, "Connection: close",
 * request bodies skipped (Content-Length, or Transfer-Encoding: chunked;
 * other transfer codings get 501), "Expect: 100-continue" answered with
 * 100 Continue; a chunked request is answered once its body has arrived.
 * Errors close the connection after the response: 400 for a malformed
 * request (including a HTTP/1.1 request without exactly one Host,
 * Content-Length headers that differ, Content-Length with
 * Transfer-Encoding, a broken chunked body), 431 for a head over SERVE_HEAD_MAX bytes, 408 when a request's head
 * has not arrived timeout_s seconds after the connection opened or the
 * previous response was queued. A keep-alive connection with no new request
 * started is closed silently after timeout_s seconds. */
#ifndef SYNFIN_SERVE_SERVE_H
#define SYNFIN_SERVE_SERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#define SERVE_DEFAULT_HOST "localhost"
#define SERVE_DEFAULT_PORT 4000
#define SERVE_DEFAULT_TIMEOUT_S 10
#define SERVE_DEFAULT_BUSY_POLL_US 50
#define SERVE_MAX_BUSY_POLL_US 10000
#define SERVE_HEAD_MAX 8192  /* request line + headers; larger gets 431 */

struct serve_config {
    const char *host;  /* name or address, not NULL; shown as given in the start line */
    int port;          /* the port actually bound (serve_listen's *bound_port) */
    int timeout_s;     /* >= 1 */
    int busy_poll_us;  /* after events, look for more this long before sleeping (0: never) */
    FILE *log;         /* start line and "METHOD URL" lines, flushed per line; NULL: quiet */
    bool outlive_parent; /* serve_spawn: keep serving after the parent exits */
};

/* The subcommand: argv[0] is "serve". Returns the exit status: 0 after
 * SIGINT/SIGTERM, 1 on a runtime error, 2 on bad usage. */
int serve_main(int argc, char **argv);

/* Resolve host (getaddrinfo; IPv4 addresses are tried first) and listen on
 * the first address that works, with SO_REUSEADDR. port 0 picks a free
 * port. Returns the non-blocking listening socket and sets *bound_port
 * (may be NULL); on failure -1 and a one-line message in err, e.g.
 * "cannot listen on 127.0.0.1:4000: Address already in use". */
int serve_listen(const char *host, int port, int *bound_port, char *err, size_t errlen);

/* Serve on listen_fd (which it takes over and closes) until stop_fd
 * (-1: none) becomes readable; stop_fd is not read. Prints
 * "Start server on HOST:PORT" to cfg->log first. Raises the soft
 * RLIMIT_NOFILE to the hard limit. On return all connections are closed.
 * Returns 0 when stopped, 1 on a runtime error (message on stderr). */
int serve_run(int listen_fd, const struct serve_config *cfg, int stop_fd);

/* Listen as serve_listen() (cfg->port may be 0; *bound_port gets the real
 * one), then fork a child that runs serve_run() until SIGTERM or SIGINT, or
 * until the parent dies, and exits 0. With stop_fd (not NULL; not with
 * cfg->outlive_parent), the child also stops when every copy of *stop_fd,
 * the write end of a pipe the caller gets, is closed: stopping it then
 * needs no right to signal it, so a caller that has since given up root
 * can still stop the server it started as root. Output flushes before the
 * fork. Returns the child's pid, or -1 with a message in err. */
pid_t serve_spawn(const struct serve_config *cfg, int *bound_port, int *stop_fd, char *err, size_t errlen);

/* Stop a spawned server and wait for it: close stop_fd, or with stop_fd -1
 * send SIGTERM. Returns its exit status (128 + signal if killed), or -1. */
int serve_stop(pid_t pid, int stop_fd);

#endif
