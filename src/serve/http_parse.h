/* Zero-copy parser for HTTP/1.x message heads (request line or status line,
 * then header fields, then the empty line). Ideas from picohttpparser; the
 * code is our own.
 *
 * Nothing is copied or allocated: the parsed pieces are slices pointing into
 * the caller's buffer, valid as long as the buffer is. The parser keeps no
 * state, so after more bytes arrive the caller parses again from the start
 * of the message (heads are at most a few KiB, so this is cheap).
 *
 * Grammar choices (RFC 9112):
 *  - A line ends with CRLF or a bare LF (RFC 9112 2.2 allows accepting a
 *    bare LF); a CR not followed by LF is malformed.
 *  - Empty lines before a request line are skipped (RFC 9112 2.2).
 *  - Method and header names are tokens; the request target must be visible
 *    ASCII (0x21-0x7E): control characters, spaces, DEL and bytes >= 0x80
 *    are rejected. Exactly one space separates the request-line parts.
 *  - Only HTTP/1.x is accepted. Header values may hold SP, HTAB, visible
 *    ASCII and bytes >= 0x80; other control characters are rejected.
 *    Whitespace around a value is trimmed. Whitespace before the colon and
 *    obsolete line folding are rejected.
 *  - Header names compare case-insensitively (see the helpers below).
 *  - Malformed input is reported as soon as it is seen, even if the message
 *    is not complete yet.
 *  - The message body is not parsed: see http_chunked.h and
 *    http_content_length(). */
#ifndef SYNFIN_SERVE_HTTP_PARSE_H
#define SYNFIN_SERVE_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results of the parse functions, besides a positive byte count. */
enum {
    HTTP_PARSE_MALFORMED = -1,
    HTTP_PARSE_INCOMPLETE = -2,
    HTTP_PARSE_TOO_MANY_HEADERS = -3,  /* more than HTTP_MAX_HEADERS fields */
};

#define HTTP_MAX_HEADERS 64

struct http_slice {
    const char *ptr;
    size_t len;
};

struct http_header {
    struct http_slice name, value;
};

struct http_request {
    struct http_slice method;  /* e.g. "GET" */
    struct http_slice path;    /* the request target as sent, e.g. "/a?b=1" */
    int minor_version;         /* 0 for HTTP/1.0, 1 for HTTP/1.1 */
    size_t num_headers;
    struct http_header headers[HTTP_MAX_HEADERS];
};

struct http_response {
    int minor_version;
    int status;                /* 100-999 */
    struct http_slice reason;  /* may be empty */
    size_t num_headers;
    struct http_header headers[HTTP_MAX_HEADERS];
};

/* Parse a request head from buf[0..len). Returns the number of bytes the
 * head takes (including the final empty line), HTTP_PARSE_INCOMPLETE if
 * more bytes are needed, HTTP_PARSE_MALFORMED or
 * HTTP_PARSE_TOO_MANY_HEADERS. *req is only meaningful on success. */
long http_parse_request(const char *buf, size_t len, struct http_request *req);

/* The same for a response head ("HTTP/1.1 200 OK" and header fields). */
long http_parse_response(const char *buf, size_t len, struct http_response *res);

/* True if s equals the NUL-terminated lit, ignoring ASCII case. */
bool http_slice_ieq(struct http_slice s, const char *lit);

/* The value of the first header named name (case-insensitive), or NULL. */
const struct http_slice *http_header_find(const struct http_header *headers, size_t n,
                                          const char *name);

/* Number of headers named name (case-insensitive). */
size_t http_header_count(const struct http_header *headers, size_t n, const char *name);

/* True if the comma-separated list (e.g. a Connection value such as
 * "keep-alive, Upgrade") holds token, ignoring case and whitespace. */
bool http_list_has(struct http_slice list, const char *token);

/* Parse a Content-Length value: 1 to 18 decimal digits. 0 and *out set,
 * or -1 if invalid. */
int http_content_length(struct http_slice value, uint64_t *out);

#endif
