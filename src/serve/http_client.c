#include "serve/http_client.h"

#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "serve/http_parse.h"

#define HEAD_BUF 16384

static int connect_to(const char *host, int port)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV };
    struct addrinfo *res;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    if (getaddrinfo(host, service, &hints, &res) != 0) {
        errno = ENXIO;
        return -1;
    }
    int fd = -1, err = ECONNREFUSED;
    struct timeval tv = { HTTP_CLIENT_TIMEOUT_S, 0 };
    /* IPv4 first, like serve_listen(). */
    for (int pass = 0; pass < 2 && fd < 0; pass++) {
        for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
            if ((ai->ai_family == AF_INET) != (pass == 0))
                continue;
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
            if (fd < 0) {
                err = errno;
                continue;
            }
            /* On Linux SO_SNDTIMEO also bounds connect(). */
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
            if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
                err = errno == EINPROGRESS ? ETIMEDOUT : errno;
                close(fd);
                fd = -1;
            }
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        errno = err;
    return fd;
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* recv() that treats a timeout as ETIMEDOUT. */
static ssize_t recv_some(int fd, char *p, size_t n)
{
    for (;;) {
        ssize_t r = recv(fd, p, n, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            errno = ETIMEDOUT;
        return r;
    }
}

/* Append to the caller's NUL-terminated buffer as far as it fits. */
static void keep(char *dst, size_t cap, size_t *used, const char *src, size_t n)
{
    size_t room = cap - 1 - *used;
    if (n > room)
        n = room;
    memcpy(dst + *used, src, n);
    *used += n;
    dst[*used] = '\0';
}

static int get(int fd, const char *host, int port, const char *path, char *status_line,
               size_t sl, char *body, size_t bl)
{
    char buf[HEAD_BUF];
    bool v6 = strchr(host, ':') != NULL;
    int n = snprintf(buf, sizeof buf,
                     "GET %s HTTP/1.1\r\nHost: %s%s%s:%d\r\nUser-Agent: synfin/0.1\r\n"
                     "Accept: */*\r\n\r\n",
                     path, v6 ? "[" : "", host, v6 ? "]" : "", port);
    if (n < 0 || (size_t)n >= sizeof buf) {
        errno = EMSGSIZE;
        return -1;
    }
    if (send_all(fd, buf, (size_t)n) < 0)
        return -1;

    /* Read until a final (non-1xx) response head is complete. */
    struct http_response res;
    size_t len = 0;
    long head;
    for (;;) {
        head = http_parse_response(buf, len, &res);
        if (head > 0 && res.status < 200) {  /* 100 Continue and such */
            memmove(buf, buf + head, len - (size_t)head);
            len -= (size_t)head;
            continue;
        }
        if (head > 0)
            break;
        if (head != HTTP_PARSE_INCOMPLETE) {
            errno = EPROTO;
            return -1;
        }
        if (len == sizeof buf) {
            errno = EMSGSIZE;
            return -1;
        }
        ssize_t r = recv_some(fd, buf + len, sizeof buf - len);
        if (r < 0)
            return -1;
        if (r == 0) {
            errno = EPROTO;  /* closed before a complete head */
            return -1;
        }
        len += (size_t)r;
    }
    size_t used = 0;
    status_line[0] = '\0';
    size_t line = strcspn(buf, "\r\n");  /* the head ends with a line end */
    keep(status_line, sl, &used, buf, line);

    if (http_header_find(res.headers, res.num_headers, "transfer-encoding")) {
        errno = EPROTO;
        return -1;
    }
    const struct http_slice *cl = http_header_find(res.headers, res.num_headers, "content-length");
    bool until_eof = false;  /* no Content-Length: the body ends with the connection */
    uint64_t want = 0;
    if (res.status == 204 || res.status == 304)
        want = 0;
    else if (!cl)
        until_eof = true;
    else if (http_content_length(*cl, &want) < 0) {
        errno = EPROTO;
        return -1;
    }
    used = 0;
    body[0] = '\0';
    size_t have = len - (size_t)head;
    if (!until_eof && have > want)
        have = (size_t)want;
    keep(body, bl, &used, buf + head, have);
    if (!until_eof)
        want -= have;
    while (until_eof || want) {
        ssize_t r = recv_some(fd, buf, sizeof buf);
        if (r < 0)
            return -1;
        if (r == 0 && until_eof)
            break;
        if (r == 0) {
            errno = EPROTO;  /* closed before the whole body */
            return -1;
        }
        size_t got = !until_eof && (uint64_t)r > want ? (size_t)want : (size_t)r;
        keep(body, bl, &used, buf, got);
        if (!until_eof)
            want -= got;
    }
    return 0;
}

int http_get(const char *host, int port, const char *path, char *status_line, size_t sl,
             char *body, size_t bl)
{
    int fd = connect_to(host, port);
    if (fd < 0)
        return -1;
    int rc = get(fd, host, port, path, status_line, sl, body, bl);
    int e = errno;
    close(fd);  /* everything was read, so this is a FIN, not a RST */
    errno = e;
    return rc;
}
