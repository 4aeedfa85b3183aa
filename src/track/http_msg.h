/* One HTTP/1.x message read the way Wireshark 4.0's HTTP dissector reads it
 * (packet-http.c with req_resp_hdrs.c), leniently: it finds where a message
 * starts and ends in a byte stream and where its parts lie, and names what
 * is missing when the bytes stop early. Pure and bounds-checked: it reads
 * only p[0..n), keeps no state and allocates nothing.
 *
 * The server's own parser (src/serve/http_parse.c) is strict on purpose (it
 * refuses what RFC 9112 forbids); a dissector must show whatever was sent,
 * so this one accepts any line that starts like a request or a response. */
#ifndef SYNFIN_HTTP_MSG_H
#define SYNFIN_HTTP_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTPM_MAX_HDRS 48      /* header lines a message keeps (more are read, not kept) */

enum httpm_kind { HTTPM_REQUEST = 1, HTTPM_RESPONSE, HTTPM_CONTINUATION };

/* What httpm_parse says. */
enum httpm_status {
    HTTPM_DONE,               /* a whole message: len bytes */
    HTTPM_MORE,               /* more bytes first: one more segment (Wireshark's DESEGMENT_ONE_MORE_SEGMENT) */
    HTTPM_MORE_LEN,           /* more bytes first: the message is need bytes long */
    HTTPM_UNTIL_FIN,          /* the body runs until the sender closes */
};

struct httpm_span { uint32_t off, len; };

struct httpm_hdr {
    struct httpm_span line;   /* without its line end */
    struct httpm_span name, value;   /* value: after the colon and blanks */
    uint8_t eol;              /* bytes of the line end (1 or 2) */
};

struct httpm {
    uint8_t kind;             /* enum httpm_kind; 0 until the first line is whole */
    struct httpm_span line;   /* the first line, without its line end */
    uint8_t line_eol;
    struct httpm_span method, uri, version, phrase;   /* request: method uri version; response: version code phrase */
    uint16_t code;            /* response status code */
    bool code_ok;             /* three digits were there */
    uint16_t nhdr;            /* header lines kept */
    uint32_t nhdr_all;        /* header lines seen */
    struct httpm_hdr hdr[HTTPM_MAX_HDRS];
    uint32_t hdr_end;         /* where the empty line after the headers ends (0: not found) */
    uint8_t blank_eol;        /* the empty line's length (1 or 2) */
    int64_t content_length;   /* the Content-Length value, -1: none */
    int content_type;         /* index in hdr of Content-Type, -1: none */
    bool chunked;             /* Transfer-Encoding: chunked */
    struct httpm_span body;   /* the body bytes as sent (chunked: with its framing) */
    uint32_t len;             /* the whole message (HTTPM_DONE) */
    uint64_t need;            /* HTTPM_MORE_LEN: the message's whole length */
};

/* Read the message at p[0..n). head_request: a response here answers a HEAD
 * request (no body). at_fin: the sender has closed, so a body that runs to
 * the close ends at n. */
enum httpm_status httpm_parse(const uint8_t *p, size_t n, bool head_request, bool at_fin, struct httpm *m);

/* Wireshark's line end search (tvb_find_line_end, desegmenting): the length
 * of the line at p[off..n) and in *next where the next one starts; -1 when
 * no line end is there yet (a CR as the last byte waits for its LF). */
long httpm_line(const uint8_t *p, size_t n, size_t off, size_t *next);

/* The "http_tcp" heuristic: the payload's first line starts or ends with
 * "HTTP/1." (any case). */
bool httpm_heuristic(const uint8_t *p, size_t n);

/* The media type of a Content-Type value: up to ';' or a blank. */
struct httpm_span httpm_media_type(const uint8_t *p, struct httpm_span value);

/* The chunked body's data, joined: copies up to cap bytes to out and
 * returns their count. */
size_t httpm_dechunk(const uint8_t *p, struct httpm_span body, uint8_t *out, size_t cap);

/* Text as Wireshark's format_text writes it (Info, the detail view): C
 * escapes for tab, CR and LF, other control bytes in octal, valid UTF-8
 * kept, any other byte U+FFFD. Writes a C string to dst (cap > 0), returns
 * its length; stops early rather than overflow. */
size_t httpm_format(const uint8_t *p, size_t n, char *dst, size_t cap);

#endif
