/* The client (src/serve/http_client.c) against a real server started with
 * serve_spawn() on a free loopback port. */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "serve/http_client.h"
#include "serve/serve.h"

static int failed;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    failed |= !ok;
}

/* As `synfin demo`: start the server as root, give up root, and stop it
 * all the same, by closing the pipe serve_spawn handed back. Last, since
 * it gives up root for good. */
static void stop_without_signals(void)
{
    if (geteuid() != 0) {
        printf("# skip: stopping a root server after giving up root needs root\n");
        return;
    }
    struct serve_config cfg = { .host = "127.0.0.1", .port = 0, .timeout_s = 2 };
    char err[256] = "", status[64], body[64];
    int port = 0, stop_fd = -1;
    pid_t pid = serve_spawn(&cfg, &port, &stop_fd, err, sizeof err);
    check(pid > 0 && stop_fd >= 0, "serve_spawn with a stop fd starts a server");
    if (pid <= 0)
        return;
    int r = http_get("127.0.0.1", port, "/", status, sizeof status, body, sizeof body);
    check(r == 0 && !strcmp(body, "Hello World!"), "it answers");
    bool dropped = setgid(65534) == 0 && setuid(65534) == 0;
    errno = 0;
    check(dropped && kill(pid, SIGTERM) < 0 && errno == EPERM, "after giving up root, kill() may not stop it");
    check(serve_stop(pid, stop_fd) == 0, "closing the stop fd does: it exits 0 and is reaped");
    errno = 0;
    r = http_get("127.0.0.1", port, "/", status, sizeof status, body, sizeof body);
    check(r == -1 && errno == ECONNREFUSED, "its port is closed");
}

int main(void)
{
    FILE *log = tmpfile();
    if (!log) {
        perror("tmpfile");
        return 1;
    }
    struct serve_config cfg = { .host = "127.0.0.1", .port = 0, .timeout_s = 2, .log = log };
    char err[256] = "", status[64], body[64], line[128];
    int port = 0;
    pid_t pid = serve_spawn(&cfg, &port, NULL, err, sizeof err);
    check(pid > 0 && port > 0, "serve_spawn starts a server on a free port");
    if (pid <= 0) {
        printf("# %s\n", err);
        return 1;
    }

    int r = http_get("127.0.0.1", port, "/", status, sizeof status, body, sizeof body);
    check(r == 0 && !strcmp(status, "HTTP/1.1 200 OK"), "GET / status line");
    check(r == 0 && !strcmp(body, "Hello World!"), "GET / body");
    r = http_get("localhost", port, "/second?x=1", status, sizeof status, body, 6);
    check(r == 0 && !strcmp(body, "Hello"), "body truncated to the caller's buffer");

    int lfd = serve_listen("127.0.0.1", port, NULL, err, sizeof err);
    char want[128];
    snprintf(want, sizeof want, "cannot listen on 127.0.0.1:%d: Address already in use", port);
    check(lfd < 0 && !strcmp(err, want), "serve_listen on a port in use fails with a clear message");

    kill(pid, SIGTERM);
    int st = -1;
    check(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "the server exits 0 on SIGTERM");

    errno = 0;
    r = http_get("127.0.0.1", port, "/", status, sizeof status, body, sizeof body);
    check(r == -1 && errno == ECONNREFUSED, "GET on a closed port fails with ECONNREFUSED");

    rewind(log);
    int lines = 0, start = 0, get1 = 0, get2 = 0;
    snprintf(want, sizeof want, "Start server on 127.0.0.1:%d\n", port);
    while (fgets(line, sizeof line, log)) {
        lines++;
        start |= lines == 1 && !strcmp(line, want);
        get1 |= !strcmp(line, "GET /\n");
        get2 |= !strcmp(line, "GET /second?x=1\n");
    }
    check(start && get1 && get2 && lines == 3, "log: start line, then one line per request");
    fclose(log);
    stop_without_signals();
    return failed;
}
