/* Test helper for tests/t_serve.sh: send raw bytes to 127.0.0.1:PORT and
 * show what comes back (no curl/nc/python on a fresh Debian).
 *
 *   http_raw [-n N] [-H] [-t MS] [-c BYTES] PORT < request
 *     connects (saying "http_raw: connected" on stderr), sends stdin as is
 *     (nothing if it is empty), then prints on stdout every byte received,
 *     and on stderr one more line:
 *       http_raw: N responses, closed|open|reset after MS ms
 *     Stops at the end of the connection, after -t MS (default 5000) or,
 *     with -n N, 300 ms after the N-th complete response (long enough to
 *     see a close that follows it). -H: responses have no body (HEAD).
 *     -c BYTES: send in pieces of BYTES with 20 ms pauses.
 *   http_raw -p
 *     prints a TCP port that is free on 127.0.0.1 right now.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        perror("http_raw: free port");
        return 1;
    }
    printf("%d\n", ntohs(a.sin_port));
    close(fd);
    return 0;
}

/* Count the complete responses in buf (heads end with CRLF CRLF; bodies
 * are Content-Length bytes unless head_only). */
static int count_responses(const char *buf, size_t len, int head_only)
{
    int n = 0;
    size_t pos = 0;
    for (;;) {
        const char *end = memmem(buf + pos, len - pos, "\r\n\r\n", 4);
        if (!end)
            return n;
        size_t head = (size_t)(end - (buf + pos)) + 4;
        size_t body = 0;
        const char *cl = memmem(buf + pos, head, "Content-Length: ", 16);
        if (cl && !head_only && strncmp(buf + pos, "HTTP/1.1 1", 10) != 0)
            body = strtoul(cl + 16, NULL, 10);
        if (pos + head + body > len)
            return n;
        pos += head + body;
        if (strncmp(buf + pos - head - body, "HTTP/1.1 1", 10) != 0)
            n++;  /* 1xx responses do not count */
    }
}

int main(int argc, char **argv)
{
    int want = 0, head_only = 0, opt;
    long timeout = 5000, piece = 0;
    while ((opt = getopt(argc, argv, "n:Ht:c:p")) != -1) {
        switch (opt) {
        case 'n': want = atoi(optarg); break;
        case 'H': head_only = 1; break;
        case 't': timeout = atol(optarg); break;
        case 'c': piece = atol(optarg); break;
        case 'p': return free_port();
        default: return 2;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "usage: http_raw [-n N] [-H] [-t MS] [-c BYTES] PORT < request\n");
        return 2;
    }
    static char req[1 << 20], resp[1 << 20];
    size_t rlen = fread(req, 1, sizeof req, stdin);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(argv[optind])),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        perror("http_raw: connect");
        return 1;
    }
    fprintf(stderr, "http_raw: connected\n");
    long start = now_ms();
    for (size_t off = 0; off < rlen;) {
        size_t n = piece > 0 && (size_t)piece < rlen - off ? (size_t)piece : rlen - off;
        ssize_t w = send(fd, req + off, n, MSG_NOSIGNAL);
        if (w < 0) {
            perror("http_raw: send");  /* the server may close early (431): go on reading */
            break;
        }
        off += (size_t)w;
        if (piece > 0 && off < rlen)
            usleep(20000);
    }

    size_t len = 0;
    const char *how = "open";
    long stop = start + timeout;
    for (;;) {
        long left = stop - now_ms();
        if (left <= 0)
            break;
        struct pollfd p = { fd, POLLIN, 0 };
        if (poll(&p, 1, (int)left) <= 0)
            continue;
        ssize_t r = recv(fd, resp + len, sizeof resp - len, 0);
        if (r < 0) {
            how = errno == ECONNRESET ? "reset" : "error";
            break;
        }
        if (r == 0) {
            how = "closed";
            break;
        }
        fwrite(resp + len, 1, (size_t)r, stdout);
        len += (size_t)r;
        if (want && count_responses(resp, len, head_only) >= want && stop > now_ms() + 300)
            stop = now_ms() + 300;
    }
    fflush(stdout);
    fprintf(stderr, "http_raw: %d responses, %s after %ld ms\n", count_responses(resp, len, head_only),
            how, now_ms() - start);
    close(fd);
    return 0;
}
