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
 * zerowin, and HTTP/1.1 exchanges: http-pipeline http-chunked http-big
 * http-keepalive http-lost http-head304. Exit status 0 when the traffic went as planned, 1 otherwise (with
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

/* ---- HTTP/1.1 helpers ---- */

/* The HTTP clients bind a fixed source port (the scenario's port + 40000):
 * tshark tries a dissector registered for either port before its HTTP
 * heuristic, and a random ephemeral port may be one (44818 EtherNet/IP,
 * 57000 IRC...); 44012-44016 and 48080 are nobody's. TCP_NODELAY where a
 * message is sent in several writes, so that each write is a segment. */
static int http_connect(int nodelay)
{
    struct sockaddr_storage src, dst;
    socklen_t slen = mkaddr(&src, port + 40000);
    socklen_t dlen = mkaddr(&dst, port);
    int fd = socket(family, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    setopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR");
    if (nodelay)
        setopt(fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    if (bind(fd, (struct sockaddr *)&src, slen) != 0)
        die("bind port %d", port + 40000);
    if (connect(fd, (struct sockaddr *)&dst, dlen) != 0)
        die("connect port %d", port);
    return fd;
}

static int http_accept(int lfd, int nodelay)
{
    int fd = accept_one(lfd);
    if (nodelay)
        setopt(fd, IPPROTO_TCP, TCP_NODELAY, 1, "TCP_NODELAY");
    return fd;
}

/* Read exactly strlen(want) bytes and check they are `want`: each end knows
 * the very bytes the other sends, so any other traffic is a failure. */
static void expect_str(int fd, const char *want)
{
    size_t n = strlen(want), got = 0;
    char buf[4096];
    if (n >= sizeof buf)
        fail("expect_str: %zu bytes is too long", n);
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            die("read");
        }
        if (r == 0)
            fail("EOF after %zu of %zu bytes", got, n);
        got += (size_t)r;
    }
    if (memcmp(buf, want, n) != 0)
        fail("unexpected bytes (wanted '%.40s...')", want);
}

/* Separate writes, each a segment of its own (TCP_NODELAY, and the pause
 * lets the kernel send one before the next is queued). */
static void write_parts(int fd, const char *const *parts)
{
    for (int i = 0; parts[i]; i++) {
        if (i > 0)
            msleep(20);
        write_str(fd, parts[i]);
    }
}

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

/* http-pipeline: three GET requests in one write (one segment); the
 * answers in three segments: the first two responses together, the third
 * split in its body. Connection: close on the third; the server closes. */
static const char pipe_reqs[] =
    "GET /one HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n"
    "GET /two HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n"
    "GET /three HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n"
    "Connection: close\r\n\r\n";
static const char *const pipe_resps[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\none\n"
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\ntwo\n",
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 29\r\n"
    "Connection: close\r\n\r\nthird response, ",
    "in two parts\n",
    NULL
};

static void pipeline_server(int lfd)
{
    int fd = http_accept(lfd, 1);
    expect_str(fd, pipe_reqs);
    write_parts(fd, pipe_resps);
    xclose(fd);
}

static void pipeline_client(void)
{
    char all[1024] = "";
    int fd = http_connect(1);
    write_str(fd, pipe_reqs);
    for (int i = 0; pipe_resps[i]; i++)
        strcat(all, pipe_resps[i]);
    expect_str(fd, all);
    if (drain(fd, 0) != 0)
        fail("bytes after the third response");
    xclose(fd);
}

/* http-chunked: a chunked response in six segments: the headers, a chunk,
 * a chunk, a chunk whose data spans two segments, the last-chunk with an
 * empty trailer. The client closes first. */
static const char chunked_req[] =
    "GET /chunked HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n";
static const char *const chunked_resp[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n",
    "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n",
    "10\r\n0123456789ABCDEF\r\n",
    "1e\r\nthis chunk spans two seg",
    "ments.\r\n",
    "0\r\n\r\n",
    NULL
};

static void chunked_server(int lfd)
{
    int fd = http_accept(lfd, 1);
    expect_str(fd, chunked_req);
    write_parts(fd, chunked_resp);
    drain(fd, 0);
    xclose(fd);
}

static void chunked_client(void)
{
    char all[1024] = "";
    int fd = http_connect(1);
    write_str(fd, chunked_req);
    for (int i = 0; chunked_resp[i]; i++)
        strcat(all, chunked_resp[i]);
    expect_str(fd, all);
    xclose(fd);
}

/* http-big: a 1 MiB body with Content-Length, in MSS-sized segments (make.sh
 * sets a 1500-byte MTU): the headers in a segment of their own, then 724
 * full segments and one of 224 bytes. The send buffer holds the whole body,
 * so that write() never waits for room: a waiting write() pushes the
 * partly filled segment at the tail of the queue, and the cut would depend
 * on timing. Nagle left on. */
#define BIG_BODY (1024 * 1024)
static const char big_req[] =
    "GET /big HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n";
static const char big_head[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1048576\r\n\r\n";

/* Byte i of the body: lines of 63 characters and a newline. */
static char big_byte(size_t i)
{
    return i % 64 == 63 ? '\n' : (char)('0' + i % 64);
}

static void big_server(int lfd)
{
    static char body[BIG_BODY];
    int fd = http_accept(lfd, 0);
    setopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, 4 * BIG_BODY, "SO_SNDBUFFORCE");
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = big_byte(i);
    expect_str(fd, big_req);
    write_str(fd, big_head);
    write_all(fd, body, sizeof body);
    drain(fd, 0);
    xclose(fd);
}

static void big_client(void)
{
    static char buf[65536];
    int fd = http_connect(0);
    write_str(fd, big_req);
    expect_str(fd, big_head);
    size_t got = 0;
    while (got < BIG_BODY) {
        size_t want = BIG_BODY - got < sizeof buf ? BIG_BODY - got : sizeof buf;
        ssize_t r = read(fd, buf, want);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            die("read");
        }
        if (r == 0)
            fail("EOF after %zu body bytes", got);
        for (ssize_t k = 0; k < r; k++)
            if (buf[k] != big_byte(got + (size_t)k))
                fail("body byte %zu differs", got + (size_t)k);
        got += (size_t)r;
    }
    xclose(fd);
}

/* http-keepalive: three exchanges on one connection, 100 ms apart; the
 * second request in two segments, cut inside its Host line. The client
 * closes. */
static const char *const ka_req1[] = {
    "GET /a HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n", NULL };
static const char *const ka_req2[] = {
    "GET /b HTTP/1.1\r\nHost: loc",
    "alhost\r\nUser-Agent: tcpscen/1\r\n\r\n", NULL };
static const char *const ka_req3[] = {
    "GET /c HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n", NULL };
static const char *const *const ka_reqs[] = { ka_req1, ka_req2, ka_req3 };
static const char *const ka_resps[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nfirst\n",
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\nsecond\n",
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nthird\n",
};

static void ka_server(int lfd)
{
    char req[1024];
    int fd = http_accept(lfd, 1);
    for (int i = 0; i < 3; i++) {
        req[0] = '\0';
        for (int j = 0; ka_reqs[i][j]; j++)
            strcat(req, ka_reqs[i][j]);
        expect_str(fd, req);
        write_str(fd, ka_resps[i]);
    }
    drain(fd, 0);
    xclose(fd);
}

static void ka_client(void)
{
    int fd = http_connect(1);
    for (int i = 0; i < 3; i++) {
        if (i > 0)
            msleep(100);
        write_parts(fd, ka_reqs[i]);
        expect_str(fd, ka_resps[i]);
    }
    xclose(fd);
}

/* http-lost: one exchange whose response segment make.sh's nft rule drops
 * once on input (after the capture point): the capture holds it twice,
 * the second time retransmitted by the kernel. The client closes. */
static const char lost_req[] =
    "GET /lost HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n";
static const char lost_resp[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n\r\n"
    "sent twice, got one\n";

static void lost_server(int lfd)
{
    int fd = http_accept(lfd, 1);
    expect_str(fd, lost_req);
    write_str(fd, lost_resp);
    drain(fd, 0);
    xclose(fd);
}

static void lost_client(void)
{
    int fd = http_connect(1);
    write_str(fd, lost_req);
    expect_str(fd, lost_resp);
    xclose(fd);
}

/* http-head304: on one connection, a HEAD answered with headers only (the
 * would-be body's Content-Length, no body), a conditional GET answered 304
 * (no body), and a POST with Expect: 100-continue: the client sends its
 * body after the 100 Continue, the server then answers 200. */
static const char *const hd_reqs[] = {
    "HEAD /page HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n\r\n",
    "GET /page HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n"
    "If-None-Match: \"v1\"\r\n\r\n",
    "POST /upload HTTP/1.1\r\nHost: localhost\r\nUser-Agent: tcpscen/1\r\n"
    "Content-Type: text/plain\r\nContent-Length: 12\r\nExpect: 100-continue\r\n\r\n",
    "hello upload",
};
static const char *const hd_resps[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1234\r\n"
    "ETag: \"v1\"\r\n\r\n",
    "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n",
    "HTTP/1.1 100 Continue\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n",
};

static void head304_server(int lfd)
{
    int fd = http_accept(lfd, 1);
    for (int i = 0; i < 4; i++) {
        expect_str(fd, hd_reqs[i]);
        write_str(fd, hd_resps[i]);
    }
    drain(fd, 0);
    xclose(fd);
}

static void head304_client(void)
{
    int fd = http_connect(1);
    for (int i = 0; i < 4; i++) {
        if (i > 0 && i != 3)    /* the body follows 100 Continue at once */
            msleep(20);
        write_str(fd, hd_reqs[i]);
        expect_str(fd, hd_resps[i]);
    }
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
    { "http-pipeline",  AF_INET, 0, 0, 5,  pipeline_server, pipeline_client },
    { "http-chunked",   AF_INET, 0, 0, 5,  chunked_server,  chunked_client },
    { "http-big",       AF_INET, 0, 0, 10, big_server,      big_client },
    { "http-keepalive", AF_INET, 0, 0, 5,  ka_server,       ka_client },
    { "http-lost",      AF_INET, 0, 0, 10, lost_server,     lost_client },
    { "http-head304",   AF_INET, 0, 0, 5,  head304_server,  head304_client },
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
