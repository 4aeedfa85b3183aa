/* Test helper for tests/t_serve.sh: a bounded load on 127.0.0.1:PORT.
 *
 *   http_load PORT CONNECTIONS REQUESTS
 *
 * Opens all CONNECTIONS first (so they are concurrent), then REQUESTS
 * rounds: one keep-alive "GET /load" on every connection, then one response
 * read from each (10 s timeout each). Checks every response is
 * "HTTP/1.1 200" with body "Hello World!". Prints one line and exits 0 if
 * all were right. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static const char request[] = "GET /load HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

/* Read one response; 0 if it is 200 "Hello World!". */
static int read_response(int fd)
{
    char buf[1024];
    size_t len = 0;
    for (;;) {
        char *end = memmem(buf, len, "\r\n\r\n", 4);
        if (end) {
            size_t head = (size_t)(end - buf) + 4;
            char *cl = memmem(buf, head, "Content-Length: ", 16);
            size_t body = cl ? strtoul(cl + 16, NULL, 10) : 0;
            if (len >= head + body)
                return strncmp(buf, "HTTP/1.1 200 ", 13) != 0 || body != 12 ||
                       memcmp(buf + head, "Hello World!", 12) != 0 || len != head + body;
        }
        if (len == sizeof buf)
            return -1;
        ssize_t r = recv(fd, buf + len, sizeof buf - len, 0);
        if (r <= 0)
            return -1;
        len += (size_t)r;
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: http_load PORT CONNECTIONS REQUESTS\n");
        return 2;
    }
    int port = atoi(argv[1]), nconn = atoi(argv[2]), nreq = atoi(argv[3]);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    int *fds = calloc((size_t)nconn, sizeof *fds);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct timeval tv = { 10, 0 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nconn; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (fds[i] < 0) {
            perror("http_load: socket");
            return 1;
        }
        setsockopt(fds[i], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fds[i], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (connect(fds[i], (struct sockaddr *)&a, sizeof a) < 0) {
            fprintf(stderr, "http_load: connect #%d: %s\n", i, strerror(errno));
            return 1;
        }
    }
    long ok = 0, bad = 0;
    for (int r = 0; r < nreq; r++) {
        for (int i = 0; i < nconn; i++)
            if (send(fds[i], request, sizeof request - 1, MSG_NOSIGNAL) != sizeof request - 1)
                bad++;
        for (int i = 0; i < nconn; i++) {
            if (read_response(fds[i]) == 0)
                ok++;
            else
                bad++;
        }
    }
    for (int i = 0; i < nconn; i++)
        close(fds[i]);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    printf("http_load: %d connections x %d requests: %ld ok, %ld failed in %ld ms\n", nconn, nreq,
           ok, bad, ms);
    free(fds);
    return bad == 0 && ok == (long)nconn * nreq ? 0 : 1;
}
