/* serve_listen(): resolve the host and open the listening socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve/serve.h"

/* "127.0.0.1:4000" or "[::1]:4000" */
static void format_addr(const struct sockaddr *sa, char *out, size_t n)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
        port = ntohs(in->sin_port);
        snprintf(out, n, "%s:%d", ip, port);
    } else {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
        port = ntohs(in6->sin6_port);
        snprintf(out, n, "[%s]:%d", ip, port);
    }
}

static int bound_port_of(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static int try_listen(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
        return -1;
    int one = 1;
    /* Restarting the server must not wait for old connections in TIME_WAIT. */
    /* Responses are written whole: Nagle must not hold back the next one
     * while a previous one is unacknowledged. Accepted sockets inherit
     * TCP_NODELAY from the listener (Linux), which saves a call a client. */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, SOMAXCONN) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int serve_listen(const char *host, int port, int *bound_port, char *err, size_t errlen)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
    };
    struct addrinfo *res;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int g = getaddrinfo(host, service, &hints, &res);
    if (g != 0) {
        snprintf(err, errlen, "cannot resolve host '%s': %s", host,
                 g == EAI_SYSTEM ? strerror(errno) : gai_strerror(g));
        return -1;
    }
    /* IPv4 first: "localhost" then means 127.0.0.1, which is what clients
     * such as `synfin demo` (and most people typing an address) use. The
     * first failure is the one reported. */
    int fd = -1;
    err[0] = '\0';
    for (int pass = 0; pass < 2 && fd < 0; pass++) {
        for (const struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
            if ((ai->ai_family == AF_INET) != (pass == 0))
                continue;
            if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
                continue;
            fd = try_listen(ai);
            if (fd < 0 && !err[0]) {
                char addr[INET6_ADDRSTRLEN + 16];
                format_addr(ai->ai_addr, addr, sizeof addr);
                snprintf(err, errlen, "cannot listen on %s: %s", addr, strerror(errno));
            }
        }
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (!err[0])
            snprintf(err, errlen, "cannot listen on %s:%d: no IPv4 or IPv6 address", host, port);
        return -1;
    }
    if (bound_port)
        *bound_port = port ? port : bound_port_of(fd);
    return fd;
}
