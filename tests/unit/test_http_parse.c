/* Unit tests of the HTTP head parser (src/serve/http_parse.c) and the
 * chunked body skipper (src/serve/http_chunked.c). */
#include <stdio.h>
#include <string.h>

#include "serve/http_chunked.h"
#include "serve/http_parse.h"

static int failed;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    failed |= !ok;
}

static int eq(struct http_slice s, const char *lit)
{
    return s.len == strlen(lit) && memcmp(s.ptr, lit, s.len) == 0;
}

static long parse(const char *s, struct http_request *req)
{
    return http_parse_request(s, strlen(s), req);
}

static struct http_request req;  /* large: keep it off the stack */

static void test_simple(void)
{
    const char *s = "GET / HTTP/1.1\r\n\r\n";
    check(parse(s, &req) == (long)strlen(s), "simple GET: consumes the whole head");
    check(eq(req.method, "GET") && eq(req.path, "/") && req.minor_version == 1 &&
              req.num_headers == 0,
          "simple GET: method, path, version, no headers");
    check(parse("GET /a?b=1&c=%20 HTTP/1.0\r\n\r\n", &req) > 0 && eq(req.path, "/a?b=1&c=%20") &&
              req.minor_version == 0,
          "HTTP/1.0 request with a query string");
    check(parse("OPTIONS * HTTP/1.1\r\n\r\n", &req) > 0 && eq(req.method, "OPTIONS") &&
              eq(req.path, "*"),
          "asterisk-form target");
    /* The slices point into the buffer: zero copy. */
    const char *buf = "HEAD /x HTTP/1.1\r\nHost: h\r\n\r\n";
    check(http_parse_request(buf, strlen(buf), &req) > 0 && req.method.ptr == buf &&
              req.path.ptr == buf + 5 && req.headers[0].value.ptr == buf + 24,
          "slices point into the input buffer");
}

static void test_headers(void)
{
    const char *s = "POST /form HTTP/1.1\r\n"
                    "Host: example.com\r\n"
                    "content-LENGTH:   5  \r\n"
                    "X-Empty:\r\n"
                    "X-Text: a b\tc \xc3\xa9\r\n"
                    "\r\nhello";
    long n = parse(s, &req);
    check(n == (long)(strlen(s) - 5), "headers: head length excludes the body");
    check(req.num_headers == 4, "headers: four fields");
    check(eq(req.headers[0].name, "Host") && eq(req.headers[0].value, "example.com"),
          "headers: name and value");
    check(eq(req.headers[1].value, "5"), "headers: whitespace around the value is trimmed");
    check(eq(req.headers[2].value, ""), "headers: empty value");
    check(eq(req.headers[3].value, "a b\tc \xc3\xa9"), "headers: inner SP, HTAB and UTF-8 kept");
    const struct http_slice *cl = http_header_find(req.headers, req.num_headers, "Content-Length");
    check(cl && eq(*cl, "5"), "headers: lookup is case-insensitive");
    check(http_header_find(req.headers, req.num_headers, "Cookie") == NULL,
          "headers: missing header is NULL");
    check(http_header_count(req.headers, req.num_headers, "HOST") == 1, "headers: count by name");
    uint64_t v = 0;
    check(cl && http_content_length(*cl, &v) == 0 && v == 5, "Content-Length 5 parses");
    struct http_slice bad[] = { { "", 0 }, { "1a", 2 }, { "-1", 2 }, { "+1", 2 }, { "1 2", 3 },
                                { "1234567890123456789", 19 } };
    int all_bad = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        all_bad &= http_content_length(bad[i], &v) == -1;
    check(all_bad, "invalid Content-Length values are refused");
    struct http_slice list = { "keep-alive , Upgrade", 20 };
    check(http_list_has(list, "upgrade") && http_list_has(list, "Keep-Alive") &&
              !http_list_has(list, "close"),
          "Connection list tokens, case-insensitive");
    struct http_slice closed = { "closed", 6 };
    check(!http_list_has(closed, "close"), "list token match is whole-word");
}

static void test_pipelined(void)
{
    const char *s = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n";
    long n1 = parse(s, &req);
    check(n1 == (long)strlen(s) / 2 && eq(req.path, "/1"), "pipelined: first request alone");
    long n2 = parse(s + n1, &req);
    check(n2 == n1 && eq(req.path, "/2"), "pipelined: second request after the first");
}

static void test_incomplete(void)
{
    const char *s = "GET /path HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n";
    size_t len = strlen(s);
    int all = 1;
    for (size_t i = 0; i < len; i++)
        all &= http_parse_request(s, i, &req) == HTTP_PARSE_INCOMPLETE;
    check(all, "incomplete: every proper prefix needs more bytes");
    check(http_parse_request(s, len, &req) == (long)len, "incomplete: the whole head parses");
    check(http_parse_request("", 0, &req) == HTTP_PARSE_INCOMPLETE, "incomplete: empty input");
    check(http_parse_request("\r\n\r\n", 4, &req) == HTTP_PARSE_INCOMPLETE,
          "incomplete: only empty lines");
}

static void test_line_ends(void)
{
    check(parse("GET / HTTP/1.1\nHost: a\n\n", &req) == 24 && req.num_headers == 1,
          "bare LF line ends are accepted");
    check(parse("\r\n\nGET / HTTP/1.1\r\n\r\n", &req) == 21 && eq(req.method, "GET"),
          "empty lines before the request line are skipped");
    check(parse("GET / HTTP/1.1\rHost: a\r\n\r\n", &req) == HTTP_PARSE_MALFORMED,
          "bare CR is malformed");
    check(parse("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n", &req) == HTTP_PARSE_MALFORMED,
          "CR inside a header value is malformed");
}

static void test_malformed(void)
{
    static const char *const bad[] = {
        "GET  / HTTP/1.1\r\n\r\n",           /* two spaces */
        "GET / HTTP/1.1 \r\n\r\n",           /* trailing space */
        " GET / HTTP/1.1\r\n\r\n",           /* leading space */
        "GET / HTTP/2.0\r\n\r\n",            /* not HTTP/1.x */
        "GET / http/1.1\r\n\r\n",            /* version is case-sensitive */
        "GET / HTTP/1.x\r\n\r\n",
        "GET /\r\n\r\n",                     /* HTTP/0.9 */
        "G(T / HTTP/1.1\r\n\r\n",            /* not a token */
        "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        "GET / HTTP/1.1\r\nName : v\r\n\r\n", /* space before the colon */
        "GET / HTTP/1.1\r\n: v\r\n\r\n",      /* empty name */
        "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", /* obsolete line folding */
        "hello\r\n\r\n",
    };
    int all = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long r = parse(bad[i], &req);
        if (r != HTTP_PARSE_MALFORMED) {
            printf("# unexpected %ld for case %zu\n", r, i);
            all = 0;
        }
    }
    check(all, "malformed request lines and headers are refused");
    check(parse("GET / HTTP/1.1\r\nHost: x\r\nBad", &req) == HTTP_PARSE_INCOMPLETE &&
              parse("GET / HTTP/1.1\r\nHost: x\r\nBad ", &req) == HTTP_PARSE_MALFORMED,
          "malformed is reported as soon as it is seen");
    check(parse("GET /a b HTTP/1.1\r\n\r\n", &req) == HTTP_PARSE_MALFORMED,
          "space inside the target is refused");
}

static void test_control_chars(void)
{
    static const char *const bad[] = {
        "GET /a\x01 HTTP/1.1\r\n\r\n",
        "GET /a\x7f HTTP/1.1\r\n\r\n",
        "GET /a\t HTTP/1.1\r\n\r\n",
        "GET /\xc3\xa9 HTTP/1.1\r\n\r\n",
        "G\x01T / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\x01\r\n\r\n",
        "GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n",
        "GET / HTTP/1.1\r\nX\x02: a\r\n\r\n",
    };
    int all = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        all &= parse(bad[i], &req) == HTTP_PARSE_MALFORMED;
    check(all, "control characters (and non-ASCII) in method, target, headers are refused");
    const char nul[] = "GET /a\0b HTTP/1.1\r\n\r\n";
    check(http_parse_request(nul, sizeof nul - 1, &req) == HTTP_PARSE_MALFORMED,
          "NUL in the target is refused");
    const char nulv[] = "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n";
    check(http_parse_request(nulv, sizeof nulv - 1, &req) == HTTP_PARSE_MALFORMED,
          "NUL in a header value is refused");
    check(parse("GET /\x01", &req) == HTTP_PARSE_MALFORMED,
          "a control character is refused before the head is complete");
}

static void test_oversize(void)
{
    static char buf[20000];
    size_t n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\n");
    for (int i = 0; i < HTTP_MAX_HEADERS; i++)
        n += (size_t)sprintf(buf + n, "X-%d: %d\r\n", i, i);
    strcpy(buf + n, "\r\n");
    check(http_parse_request(buf, n + 2, &req) == (long)n + 2 &&
              req.num_headers == HTTP_MAX_HEADERS,
          "HTTP_MAX_HEADERS headers fit");
    strcpy(buf + n, "X-last: 1\r\n\r\n");
    check(http_parse_request(buf, strlen(buf), &req) == HTTP_PARSE_TOO_MANY_HEADERS,
          "one header more is HTTP_PARSE_TOO_MANY_HEADERS");
    /* A 9 KiB header: the parser has no size limit of its own; the server
     * answers 431 above SERVE_HEAD_MAX using the byte count. */
    n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nX-Big: ");
    memset(buf + n, 'a', 9216);
    n += 9216;
    check(http_parse_request(buf, n, &req) == HTTP_PARSE_INCOMPLETE,
          "9 KiB header without its end is incomplete");
    strcpy(buf + n, "\r\n\r\n");
    check(http_parse_request(buf, n + 4, &req) == (long)n + 4 && req.headers[0].value.len == 9216,
          "9 KiB header parses, its length tells the server to answer 431");
}

static void test_response(void)
{
    struct http_response res;
    const char *s = "HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\nHello World!";
    check(http_parse_response(s, strlen(s), &res) == (long)strlen(s) - 12 && res.status == 200 &&
              eq(res.reason, "OK") && res.num_headers == 1 && res.minor_version == 1,
          "response: status line and a header");
    check(http_parse_response("HTTP/1.0 204\r\n\r\n", 16, &res) == 16 && res.status == 204 &&
              res.reason.len == 0,
          "response: status without a reason");
    check(http_parse_response("HTTP/1.1 431 Request Header Fields Too Large\r\n", 45, &res) ==
              HTTP_PARSE_INCOMPLETE,
          "response: incomplete head");
    check(http_parse_response("HTTP/1.1 20x OK\r\n\r\n", 19, &res) == HTTP_PARSE_MALFORMED &&
              http_parse_response("ICY 200 OK\r\n\r\n", 14, &res) == HTTP_PARSE_MALFORMED,
          "response: malformed status lines");
}

static long skip_all(const char *s, size_t len, bool *done)
{
    struct http_chunked ch;
    http_chunked_init(&ch);
    return http_chunked_skip(&ch, s, len, done);
}

static void test_chunked(void)
{
    bool done;
    const char *s = "5\r\nhello\r\n1A;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\nGET /";
    size_t body = strlen(s) - 5;
    check(skip_all(s, strlen(s), &done) == (long)body && done,
          "chunked: body ends before the next request");
    struct http_chunked ch;
    http_chunked_init(&ch);
    size_t used = 0;
    done = false;
    for (size_t i = 0; i < body && !done; i++) {
        long r = http_chunked_skip(&ch, s + i, 1, &done);
        if (r < 0)
            break;
        used += (size_t)r;
    }
    check(done && used == body, "chunked: fed one byte at a time");
    const char *t = "3\nabc\n0\nTrailer: x\r\nOther: y\n\r\n";
    check(skip_all(t, strlen(t), &done) == (long)strlen(t) && done,
          "chunked: bare LF and trailer fields");
    check(skip_all("5\r\nhel", 7, &done) == 7 && !done, "chunked: incomplete body");
    check(skip_all("x\r\n", 3, &done) == -1, "chunked: size that is not hex");
    check(skip_all("\r\n", 2, &done) == -1, "chunked: empty size");
    check(skip_all("3\r\nabcX", 7, &done) == -1, "chunked: data not followed by CRLF");
    check(skip_all("1000000000000000\r\n", 18, &done) == -1, "chunked: size over 15 hex digits");
}

int main(void)
{
    test_simple();
    test_headers();
    test_pipelined();
    test_incomplete();
    test_line_ends();
    test_malformed();
    test_control_chars();
    test_oversize();
    test_response();
    test_chunked();
    return failed;
}
