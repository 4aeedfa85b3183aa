/* Skipping a request body sent with "Transfer-Encoding: chunked"
 * (RFC 9112 7.1). The server never looks at request bodies, so this decoder
 * only finds where the body ends: it checks the framing (hex sizes, line
 * ends) and throws the data away. It is incremental: feed it bytes as they
 * arrive, in pieces of any size.
 *
 * Accepted: chunk sizes of up to 15 hex digits, chunk extensions after ';'
 * (skipped), trailer fields (skipped unchecked), CRLF or bare LF line ends
 * (as in http_parse.h). */
#ifndef SYNFIN_SERVE_HTTP_CHUNKED_H
#define SYNFIN_SERVE_HTTP_CHUNKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct http_chunked {
    int state;
    unsigned digits;  /* hex digits seen in the current size line */
    uint64_t left;    /* data bytes left in the current chunk */
};

void http_chunked_init(struct http_chunked *ch);

/* Consume body bytes from buf[0..len). Returns how many bytes belong to the
 * body (all of len unless the body ends inside buf) and sets *done once the
 * final empty line has been consumed; -1 if the framing is malformed. */
long http_chunked_skip(struct http_chunked *ch, const char *buf, size_t len, bool *done);

#endif
