/* Unit tests of Zeek's service column (src/track/zeek_service.c): which
 * first payloads make Zeek's HTTP analyzer confirm, by port or by its DPD
 * signatures (scripts/base/protocols/http/dpd.sig, HTTP.cc). */
#include <stdio.h>
#include <string.h>

#include "track/zeek_service.h"

static int failed;

/* The service after the originator sends req and the responder resp
 * (either may be NULL: that side sent nothing). */
static const char *service(uint16_t resp_port, const char *req, const char *resp)
{
    struct zeek_service zs = {0};
    zeek_service_add(&zs, true, resp_port, NULL, 0);   /* the SYN: no payload */
    if (req)
        zeek_service_add(&zs, true, resp_port, (const uint8_t *)req, (uint32_t)strlen(req));
    if (resp)
        zeek_service_add(&zs, false, resp_port, (const uint8_t *)resp, (uint32_t)strlen(resp));
    /* A later payload does not change the verdict: only a stream's start is matched. */
    zeek_service_add(&zs, true, resp_port, (const uint8_t *)"\x16\x03", 2);
    return zeek_service_name(&zs);
}

static void expect(const char *what, const char *got, const char *want)
{
    int ok = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
    printf("%s - zeek service: %s (%s)\n", ok ? "ok" : "not ok", what, got ? got : "-");
    failed |= !ok;
}

int main(void)
{
    const char *get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n", *ok = "HTTP/1.1 200 OK\r\n\r\n";
    expect("port 4000, request and reply match the DPD signatures", service(4000, get, ok), "http");
    expect("port 4000, a request but no reply: dpd_http_server never matches", service(4000, get, NULL), NULL);
    expect("port 4000, a reply that is not HTTP", service(4000, get, "SSH-2.0-OpenSSH\r\n"), NULL);
    expect("port 4000, PUT is not in dpd_http_client", service(4000, "PUT /x HTTP/1.1\r\n\r\n", ok), NULL);
    expect("port 80, PUT: the port attaches the analyzer", service(80, "PUT /x HTTP/1.1\r\n\r\n", NULL), "http");
    expect("port 8888, a request and no reply", service(8888, get, NULL), "http");
    expect("port 80, not a request line (no token)", service(80, "\x16\x03\x01\x02\x00", ok), NULL);
    expect("port 80, a token without a space after it", service(80, "hello\r\n", NULL), NULL);
    expect("port 80, HTTP/0.9: GET and a URI", service(80, "GET /index.html\r\n", NULL), "http");
    expect("port 80, HTTP/0.9 needs a 3-letter method", service(80, "GO /index.html\r\n", NULL), NULL);
    expect("port 4000, empty lines before the request are passed over", service(4000, "\r\n\nGET / HTTP/1.0\r\n", ok), "http");
    expect("port 4000, a blank before GET: the signature matches, the request line does not",
           service(4000, " GET / HTTP/1.0\r\n", ok), NULL);
    expect("port 4000, the first request line is not HTTP, a later one would be",
           service(4000, "X\r\nGET / HTTP/1.0\r\n", ok), NULL);
    expect("port 4000, the server spoke first", service(4000, NULL, ok), NULL);
    expect("port 4000, HEAD with a version split off the segment", service(4000, "HEAD / HTTP/", ok), "http");
    return failed;
}
