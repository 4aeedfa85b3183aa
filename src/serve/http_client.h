/* A minimal HTTP/1.1 client for `synfin demo`: one GET, as curl would make
 * it, on a fresh connection that the client closes normally (close() after
 * reading the whole response, so the client sends the first FIN and no RST).
 *
 * The request is exactly
 *   GET PATH HTTP/1.1\r\nHost: HOST:PORT\r\nUser-Agent: synfin/0.1\r\n
 *   Accept: *<no space>/ *\r\n\r\n
 * (i.e. "Accept: " followed by star, slash, star.) The response body is
 * framed by Content-Length, or by the end of the connection if there is
 * none; chunked responses are not supported (EPROTO). 1xx responses are
 * skipped. Every step has a HTTP_CLIENT_TIMEOUT_S timeout. */
#ifndef SYNFIN_SERVE_HTTP_CLIENT_H
#define SYNFIN_SERVE_HTTP_CLIENT_H

#include <stddef.h>

#define HTTP_CLIENT_TIMEOUT_S 5

/* GET path from host:port (host: name or address; IPv4 addresses are tried
 * first). On success returns 0, with the status line (e.g.
 * "HTTP/1.1 200 OK", no line end) in status_line and the body in body, both
 * NUL-terminated and truncated to fit (sl, bl >= 1). On failure returns -1
 * with errno set: ENXIO the host does not resolve, ECONNREFUSED,
 * ETIMEDOUT/EAGAIN (no answer in time), EPROTO the response is not valid
 * HTTP/1.x or is chunked, EMSGSIZE its head is over 16 KiB, ECONNRESET,
 * or another connect/send/recv error. */
int http_get(const char *host, int port, const char *path, char *status_line, size_t sl,
             char *body, size_t bl);

#endif
