#include "serve/response.h"

#include <stdio.h>
#include <string.h>

static size_t put(int n)
{
    /* snprintf into RESPONSE_MAX cannot truncate: the pieces are bounded
     * (date 29 chars, timeout <= 86400, fixed reasons). */
    return n < 0 ? 0 : n >= RESPONSE_MAX ? RESPONSE_MAX - 1 : (size_t)n;
}

size_t response_hello(char *out, const char *date, bool head_only, bool keep_alive,
                      int timeout_s)
{
    char ka[40] = "";
    if (keep_alive)
        snprintf(ka, sizeof ka, "Keep-Alive: timeout=%d\r\n", timeout_s);
    return put(snprintf(out, RESPONSE_MAX,
                             "HTTP/1.1 200 OK\r\n"
                             "Content-Type: text/plain\r\n"
                             "Content-Length: %zu\r\n"
                             "Date: %s\r\n"
                             "Connection: %s\r\n"
                             "%s"
                             "\r\n"
                             "%s",
                             strlen(RESPONSE_BODY), date, keep_alive ? "keep-alive" : "close", ka,
                             head_only ? "" : RESPONSE_BODY));
}

static const char *reason(int status)
{
    switch (status) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    default: return "Error";
    }
}

size_t response_error(char *out, const char *date, int status)
{
    const char *r = reason(status);
    return put(snprintf(out, RESPONSE_MAX,
                             "HTTP/1.1 %d %s\r\n"
                             "Content-Type: text/plain\r\n"
                             "Content-Length: %zu\r\n"
                             "Date: %s\r\n"
                             "Connection: close\r\n"
                             "\r\n"
                             "%s\n",
                             status, r, strlen(r) + 1, date, r));
}

size_t response_continue(char *out)
{
    static const char text[] = "HTTP/1.1 100 Continue\r\n\r\n";
    memcpy(out, text, sizeof text - 1);
    return sizeof text - 1;
}
