/* tcpscen: make real kernel TCP traffic for one test scenario.
 *
 *   tcpscen SCENARIO PORT
 *
 * Runs both ends itself: the listening socket (if any) is made first, then
 * the process forks; the child is the server, the parent the client. All on
 * 127.0.0.1 (or ::1 for "ipv6"). Meant to run inside a fresh network
 * namespace while dumpcap captures on lo (see make.sh); the sysctls and nft
 * rules a scenario needs are set by make.sh, not here.
 *
 * Scenarios: hello refused halfclose rst keepalive ipv6 tfo ecn lossy many
 * zerowin. Exit status 0 when the traffic went as planned, 1 otherwise (with
 * a message on stderr). Every scenario is bounded by alarm().
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *who = "tcpscen";
static int port;
static int family = AF_INET;

static void die(const char *fmt, ...)
{
    va_list ap;
    int e = errno;
    fprintf(stderr, "tcpscen: %s: ", who);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (e)
        fprintf(stderr, ": %s", strerror(e));
    fputc('\n', stderr);
    exit(1);
}

/* die() without an errno message */
#define fail(...) (errno = 0, die(__VA_ARGS__))

static void msleep(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static socklen_t mkaddr(struct sockaddr_storage *ss, int p)
{
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((unsigned short)p);
        a->sin6_addr = in6addr_loopback;
        return sizeof *a;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)ss;
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)p);
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return sizeof *a;
}

static void setopt(int fd, int level, int name, int val, const char *what)
{
    if (setsockopt(fd, level, name, &val, sizeof val) != 0)
        die("setsockopt %s", what);
}

/* A listening socket on the scenario's port. rcvbuf > 0 sets SO_RCVBUF
 * before listen() so that accepted sockets inherit it (and the window scale
 * is chosen for it); tfo > 0 enables TCP Fast Open with that queue length. */
static int listener(int rcvbuf, int tfo)
{
    struct sockaddr_storage ss;
    socklen_t len = mkaddr(&ss, port);
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    setopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (rcvbuf > 0)
        setopt(fd, SOL_SOCKET, SO_RCVBUF, rcvbuf, "SO_RCVBUF");
    if (tfo > 0)
        setopt(fd, IPPROTO_TCP, TCP_FASTOPEN, tfo, "TCP_FASTOPEN");
    if (bind(fd, (struct sockaddr *)&ss, len) != 0)
        die("bind port %d", port);
    if (listen(fd, 64) != 0)
        die("listen");
    return fd;
}

static int connect_to(int p)
{
    struct sockaddr_storage ss;
    socklen_t len = mkaddr(&ss, p);
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    if (connect(fd, (struct sockaddr *)&ss, len) != 0)
        die("connect port %d", p);
    return fd;
}

static int accept_one(int lfd)
{
    int fd = accept(lfd, NULL, NULL);
    if (fd < 0)
        die("accept");
    return fd;
}

static void write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            die("write");
        }
        p += w;
        n -= (size_t)w;
    }
}

static void write_str(int fd, const char *s)
{
    write_all(fd, s, strlen(s));
}

/* Read until the buffer holds the string `end` (or EOF); returns bytes read. */
static size_t read_until(int fd, char *buf, size_t cap, const char *end)
{
    size_t n = 0;
    buf[0] = '\0';
    while (n + 1 < cap && !strstr(buf, end)) {
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            die("read");
        }
        if (r == 0)
            break;
        n += (size_t)r;
        buf[n] = '\0';
    }
    return n;
}

/* Read and discard until EOF; returns the byte count. With allow_reset, a
 * connection reset counts as EOF. */
static size_t drain(int fd, int allow_reset)
{
    char buf[65536];
    size_t total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (allow_reset && errno == ECONNRESET)
                return total;
            die("read");
        }
        if (r == 0)
            return total;
        total += (size_t)r;
    }
}

static void xclose(int fd)
{
    if (close(fd) != 0)
        die("close");
}

static const char http_req[] =
    "GET / HTTP/1.1\r\n"
    "Host: localhost\r\n"
    "User-Agent: tcpscen/1\r\n"
    "Accept: */*\r\n"
    "\r\n";

static const char http_resp[] =
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 12\r\n"
    "Connection: keep-alive\r\n"
    "\r\n"
    "Hello World!";

/* ---- servers (child) and clients (parent) ---- */

/* The classic: one request, one response; the client closes first. */
static void hello_server(int lfd)
{
    char buf[4096];
    int fd = accept_one(lfd);
    read_until(fd, buf, sizeof buf, "\r\n\r\n");
    write_str(fd, http_resp);
    drain(fd, 0);           /* until the client's FIN */
    xclose(fd);
}

static void hello_client(void)
{
    char buf[4096];
    int fd = connect_to(port);
    write_str(fd, http_req);
    size_t n = read_until(fd, buf, sizeof buf, "Hello World!");
    if (!strstr(buf, "Hello World!"))
        fail("short response (%zu bytes)", n);
    xclose(fd);
}

static void refused_client(void)
{
    struct sockaddr_storage ss;
    socklen_t len = mkaddr(&ss, port);
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    if (connect(fd, (struct sockaddr *)&ss, len) == 0)
        fail("connect to a closed port succeeded");
    if (errno != ECONNREFUSED)
        die("connect: expected ECONNREFUSED");
    errno = 0;
    xclose(fd);
}

/* Client sends, then shutdown(SHUT_WR); the server keeps sending after the
 * FIN, then closes. */
static void halfclose_server(int lfd)
{
    char chunk[3000];
    int fd = accept_one(lfd);
    size_t got = drain(fd, 0);
    if (got == 0)
        fail("no request before FIN");
    for (int i = 0; i < 3; i++) {
        memset(chunk, 'a' + i, sizeof chunk);
        write_all(fd, chunk, sizeof chunk);
        msleep(20);
    }
    xclose(fd);
}

static void halfclose_client(void)
{
    int fd = connect_to(port);
    write_str(fd, "upload 1\nupload 2\nthat is all\n");
    if (shutdown(fd, SHUT_WR) != 0)
        die("shutdown");
    size_t got = drain(fd, 0);
    if (got != 9000)
        fail("got %zu bytes after half-close, expected 9000", got);
    xclose(fd);
}

/* Some data both ways, then an abortive close by the client. */
static void rst_server(int lfd)
{
    char buf[2000];
    int fd = accept_one(lfd);
    size_t n = 0;
    while (n < 1000) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r <= 0)
            fail("read request: EOF or error");
        n += (size_t)r;
    }
    memset(buf, 'r', 1000);
    write_all(fd, buf, 1000);
    drain(fd, 1);           /* ends with ECONNRESET */
    close(fd);
}

static void rst_client(void)
{
    char buf[1000];
    int fd = connect_to(port);
    memset(buf, 'q', sizeof buf);
    write_all(fd, buf, sizeof buf);
    size_t n = 0;
    while (n < sizeof buf) {
        ssize_t r = read(fd, buf, sizeof buf - n);
        if (r <= 0)
            fail("read reply: EOF or error");
        n += (size_t)r;
    }
    msleep(50);
    struct linger lg = { 1, 0 };
    if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) != 0)
        die("SO_LINGER");
    xclose(fd);             /* sends RST */
}

/* One exchange, then 3.5 s of silence with keep-alive every second. */
static void keepalive_server(int lfd)
{
    char buf[256];
    int fd = accept_one(lfd);
    read_until(fd, buf, sizeof buf, "\n");
    write_str(fd, "pong\n");
    drain(fd, 0);
    xclose(fd);
}

static void keepalive_client(void)
{
    char buf[256];
    int fd = connect_to(port);
    setopt(fd, SOL_SOCKET, SO_KEEPALIVE, 1, "SO_KEEPALIVE");
    setopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, 1, "TCP_KEEPIDLE");
    setopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, 1, "TCP_KEEPINTVL");
    setopt(fd, IPPROTO_TCP, TCP_KEEPCNT, 5, "TCP_KEEPCNT");
    write_str(fd, "ping\n");
    read_until(fd, buf, sizeof buf, "\n");
    msleep(3500);
    xclose(fd);
}

/* TCP Fast Open: two connections; the first gets a cookie, the second sends
 * its request in the SYN. */
static void tfo_server(int lfd)
{
    char buf[4096];
    for (int i = 0; i < 2; i++) {
        int fd = accept_one(lfd);
        read_until(fd, buf, sizeof buf, "\r\n\r\n");
        write_str(fd, http_resp);
        drain(fd, 0);
        xclose(fd);
    }
}

static void tfo_client(void)
{
    char buf[4096];
    struct sockaddr_storage ss;
    socklen_t len = mkaddr(&ss, port);
    for (int i = 0; i < 2; i++) {
        int fd = socket(family, SOCK_STREAM, 0);
        if (fd < 0)
            die("socket");
        ssize_t w = sendto(fd, http_req, sizeof http_req - 1, MSG_FASTOPEN,
                           (struct sockaddr *)&ss, len);
        if (w < 0)
            die("sendto MSG_FASTOPEN");
        if ((size_t)w < sizeof http_req - 1)
            write_all(fd, http_req + w, sizeof http_req - 1 - (size_t)w);
        read_until(fd, buf, sizeof buf, "Hello World!");
        if (!strstr(buf, "Hello World!"))
            fail("short response");
        xclose(fd);
        msleep(50);
    }
}

/* Bulk: ~2 MB from client to server, then a short reply. */
#define BULK (2 * 1024 * 1024)

static void lossy_server(int lfd)
{
    char buf[64];
    int fd = accept_one(lfd);
    size_t got = drain(fd, 0);
    snprintf(buf, sizeof buf, "got %zu\n", got);
    write_str(fd, buf);
    xclose(fd);
}

static void lossy_client(void)
{
    static char chunk[16384];
    char buf[64];
    int fd = connect_to(port);
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (char)('0' + i % 64);
    for (size_t sent = 0; sent < BULK; sent += sizeof chunk)
        write_all(fd, chunk, sizeof chunk);
    if (shutdown(fd, SHUT_WR) != 0)
        die("shutdown");
    read_until(fd, buf, sizeof buf, "\n");
    if (atol(buf + 4) != BULK || strncmp(buf, "got ", 4) != 0)
        fail("server reply '%s', expected 'got %d'", buf, BULK);
    xclose(fd);
}

/* 200 short sequential connections: a line each way, client closes. */
#define MANY 200

static void many_server(int lfd)
{
    char buf[256];
    for (int i = 0; i < MANY; i++) {
        int fd = accept_one(lfd);
        read_until(fd, buf, sizeof buf, "\n");
        char *nl = strchr(buf, '\n');
        if (nl)
            *nl = '\0';
        char out[300];
        snprintf(out, sizeof out, "re: %s\n", buf);
        write_str(fd, out);
        drain(fd, 0);
        xclose(fd);
    }
}

static void many_client(void)
{
    char buf[256], line[64];
    for (int i = 0; i < MANY; i++) {
        int fd = connect_to(port);
        snprintf(line, sizeof line, "line %d\n", i);
        write_str(fd, line);
        read_until(fd, buf, sizeof buf, "\n");
        if (strncmp(buf, "re: line ", 9) != 0)
            fail("bad reply on connection %d", i);
        xclose(fd);
    }
}

/* A receiver with a small buffer that does not read for a second: the
 * sender fills the window, then probes the zero window. */
#define ZW_BYTES (256 * 1024)

static void zerowin_server(int lfd)
{
    int fd = accept_one(lfd);
    msleep(1000);
    size_t got = drain(fd, 0);
    if (got != ZW_BYTES)
        fail("got %zu bytes, expected %d", got, ZW_BYTES);
    write_str(fd, "done\n");
    xclose(fd);
}

static void zerowin_client(void)
{
    static char chunk[8192];
    char buf[64];
    int fd = connect_to(port);
    memset(chunk, 'z', sizeof chunk);
    for (size_t sent = 0; sent < ZW_BYTES; sent += sizeof chunk)
        write_all(fd, chunk, sizeof chunk);
    if (shutdown(fd, SHUT_WR) != 0)
        die("shutdown");
    read_until(fd, buf, sizeof buf, "\n");
    if (strcmp(buf, "done\n") != 0)
        fail("bad reply");
    xclose(fd);
}

struct scen {
    const char *name;
    int fam;
    int rcvbuf;             /* listener SO_RCVBUF, 0 = default */
    int tfo;                /* listener TCP_FASTOPEN queue, 0 = off */
    int seconds;            /* alarm */
    void (*server)(int);    /* NULL: no listener */
    void (*client)(void);
};

static const struct scen scens[] = {
    { "hello",     AF_INET,  0,    0,  5,  hello_server,     hello_client },
    { "refused",   AF_INET,  0,    0,  5,  NULL,             refused_client },
    { "halfclose", AF_INET,  0,    0,  5,  halfclose_server, halfclose_client },
    { "rst",       AF_INET,  0,    0,  5,  rst_server,       rst_client },
    { "keepalive", AF_INET,  0,    0,  10, keepalive_server, keepalive_client },
    { "ipv6",      AF_INET6, 0,    0,  5,  hello_server,     hello_client },
    { "tfo",       AF_INET,  0,    16, 5,  tfo_server,       tfo_client },
    { "ecn",       AF_INET,  0,    0,  5,  hello_server,     hello_client },
    { "lossy",     AF_INET,  0,    0,  18, lossy_server,     lossy_client },
    { "many",      AF_INET,  0,    0,  15, many_server,      many_client },
    { "zerowin",   AF_INET,  4096, 0,  10, zerowin_server,   zerowin_client },
};

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tcpscen SCENARIO PORT\nscenarios:");
        for (size_t i = 0; i < sizeof scens / sizeof scens[0]; i++)
            fprintf(stderr, " %s", scens[i].name);
        fputc('\n', stderr);
        return 2;
    }
    const struct scen *s = NULL;
    for (size_t i = 0; i < sizeof scens / sizeof scens[0]; i++)
        if (strcmp(argv[1], scens[i].name) == 0)
            s = &scens[i];
    if (!s) {
        fprintf(stderr, "tcpscen: unknown scenario '%s'\n", argv[1]);
        return 2;
    }
    port = atoi(argv[2]);
    if (port <= 0 || port > 65535) {
        fprintf(stderr, "tcpscen: bad port '%s'\n", argv[2]);
        return 2;
    }
    family = s->fam;
    signal(SIGPIPE, SIG_IGN);
    alarm((unsigned)s->seconds);   /* SIGALRM kills both ends if stuck */

    if (!s->server) {
        who = "client";
        s->client();
        return 0;
    }
    int lfd = listener(s->rcvbuf, s->tfo);
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        who = "server";
        s->server(lfd);
        _exit(0);
    }
    close(lfd);
    who = "client";
    s->client();
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            die("waitpid");
    }
    if (WIFSIGNALED(st))
        fail("server killed by signal %d", WTERMSIG(st));
    if (WEXITSTATUS(st) != 0)
        fail("server failed");
    return 0;
}
