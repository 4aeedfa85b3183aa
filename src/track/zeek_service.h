/* Zeek's conn.log `service` column for TCP, as far as synfin has analyzers:
 * "http", or nothing ("-").
 *
 * Zeek puts a protocol in `service` when that protocol's analyzer confirms
 * the connection (analyzer_confirmation_info). For HTTP (Zeek 6/7):
 * - The analyzer is attached either by the responder's port (HTTP's
 *   likely ports in scripts/base/protocols/http/main.zeek: 80, 81, 631,
 *   1080, 3128, 8000, 8080, 8888), or by dynamic protocol detection
 *   (scripts/base/protocols/http/dpd.sig): the originator's payload
 *   matches /^[[:space:]]*(GET|HEAD|POST)[[:space:]]*\/ and the responder's
 *   /^HTTP\/[0-9]/.
 * - It confirms on the first request line it parses (HTTP_Analyzer::
 *   HTTP_RequestLine, then HTTP_Request): a method token, whitespace, and
 *   either a version "HTTP/" or, for HTTP/0.9, a method of at least three
 *   characters and a URI.
 * Here the first payload of each side stands for its stream's start, which
 * is what the signature engine and the first request line see unless the
 * first line spans segments. 1 byte of state a connection. */
#ifndef SYNFIN_ZEEK_SERVICE_H
#define SYNFIN_ZEEK_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

struct zeek_service { uint8_t bits; };

/* Feed one segment's captured payload (n bytes, n may be 0), in capture
 * order; orig: sent by the originator. resp_port: the responder's port. */
void zeek_service_add(struct zeek_service *zs, bool orig, uint16_t resp_port, const uint8_t *p, uint32_t n);

/* "http", or NULL when no analyzer confirmed. */
const char *zeek_service_name(const struct zeek_service *zs);

#endif
