/* The bytes of the server's responses. Every response fits in
 * RESPONSE_MAX bytes, so a connection with that much room in its output
 * buffer can always queue the next one. */
#ifndef SYNFIN_SERVE_RESPONSE_H
#define SYNFIN_SERVE_RESPONSE_H

#include <stdbool.h>
#include <stddef.h>

#define RESPONSE_MAX 256
#define RESPONSE_BODY "Hello World!"

/* "200 OK" with body "Hello World!" (no body if head_only, for HEAD).
 * keep_alive picks "Connection: keep-alive" (with "Keep-Alive: timeout=N")
 * or "Connection: close". Returns the length written to out. */
size_t response_hello(char *out, const char *date, bool head_only, bool keep_alive,
                      int timeout_s);

/* An error (400, 408, 431, 501) with a one-line text body and
 * "Connection: close". */
size_t response_error(char *out, const char *date, int status);

/* "HTTP/1.1 100 Continue" (for "Expect: 100-continue"). */
size_t response_continue(char *out);

#endif
