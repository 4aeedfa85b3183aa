/* A burst of short HTTP connections on 127.0.0.1:PORT, for the live-capture
 * tests (tests/t_live.sh) and the live bench without wrk (bench/live.sh).
 *
 *   http_burst PORT CONNECTIONS WORKERS
 *     WORKERS processes, each opening its share of CONNECTIONS one after
 *     another: connect, "GET / HTTP/1.1" with "Connection: close", read the
 *     whole answer to the server's close, close. Prints
 *       http_burst: N connections, N answered 200, N failed in MS ms
 *     and exits 0 when every one was answered 200.
 *   http_burst -d SECONDS PORT WORKERS
 *     the same, for SECONDS instead of a number of connections.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char request[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One connection; 1 if it was answered 200 and closed by the server. */
static int one_connection(int port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct timeval tv = { 10, 0 };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 0;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int good = 0;
    if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        send(fd, request, sizeof request - 1, MSG_NOSIGNAL) == (ssize_t)sizeof request - 1) {
        char buf[4096];
        size_t len = 0;
        ssize_t n;
        while ((n = recv(fd, buf + len, sizeof buf - 1 - len, 0)) > 0 && len + (size_t)n < sizeof buf - 1)
            len += (size_t)n;
        good = n == 0 && len >= 13 && strncmp(buf, "HTTP/1.1 200 ", 13) == 0;
    }
    close(fd);
    return good;
}

int main(int argc, char **argv)
{
    long seconds = 0;
    if (argc == 5 && strcmp(argv[1], "-d") == 0) {
        seconds = atol(argv[2]);
        argv += 2;
        argc -= 2;
    }
    if (argc != (seconds ? 3 : 4)) {
        fprintf(stderr, "usage: http_burst PORT CONNECTIONS WORKERS | http_burst -d SECONDS PORT WORKERS\n");
        return 2;
    }
    int port = atoi(argv[1]);
    long total = seconds ? 0 : atol(argv[2]);
    int workers = atoi(argv[seconds ? 2 : 3]);
    if (port <= 0 || workers <= 0 || (!seconds && total <= 0)) {
        fprintf(stderr, "http_burst: bad arguments\n");
        return 2;
    }
    int pipefd[2];
    if (pipe(pipefd) < 0)
        return 1;
    long start = now_ms();
    for (int w = 0; w < workers; w++) {
        if (fork() == 0) {
            long share = total / workers + (w < total % workers), done = 0, good = 0;
            while (seconds ? now_ms() - start < seconds * 1000 : done < share) {
                good += one_connection(port);
                done++;
            }
            long counts[2] = { done, good };
            if (write(pipefd[1], counts, sizeof counts) != sizeof counts)
                _exit(1);
            _exit(0);
        }
    }
    close(pipefd[1]);
    long done = 0, good = 0, counts[2];
    while (read(pipefd[0], counts, sizeof counts) == sizeof counts) {
        done += counts[0];
        good += counts[1];
    }
    while (wait(NULL) > 0)
        ;
    printf("http_burst: %ld connections, %ld answered 200, %ld failed in %ld ms\n", done, good, done - good,
           now_ms() - start);
    return done > 0 && good == done ? 0 : 1;
}
