/* The getters of the HTTP fields and of TCP's reassembly fields
 * (fields_http.c), for the registry's table in fields.c. */
#ifndef SYNFIN_FIELDS_HTTP_H
#define SYNFIN_FIELDS_HTTP_H

#include "present/fields.h"

#define HTTP_GETTER(name) int name(const struct field *fd, const struct view *v, struct fval *val, int max)
HTTP_GETTER(get_proto_http);
HTTP_GETTER(get_http_request);
HTTP_GETTER(get_http_response);
HTTP_GETTER(get_http_request_method);
HTTP_GETTER(get_http_request_uri);
HTTP_GETTER(get_http_request_version);
HTTP_GETTER(get_http_request_line);
HTTP_GETTER(get_http_request_full_uri);
HTTP_GETTER(get_http_request_number);
HTTP_GETTER(get_http_prev_request_in);
HTTP_GETTER(get_http_response_version);
HTTP_GETTER(get_http_response_code);
HTTP_GETTER(get_http_response_code_desc);
HTTP_GETTER(get_http_response_phrase);
HTTP_GETTER(get_http_response_line);
HTTP_GETTER(get_http_response_number);
HTTP_GETTER(get_http_response_for_uri);
HTTP_GETTER(get_http_request_in);
HTTP_GETTER(get_http_time);
HTTP_GETTER(get_http_header);
HTTP_GETTER(get_http_content_length);
HTTP_GETTER(get_http_file_data);
HTTP_GETTER(get_tcp_segment);
HTTP_GETTER(get_tcp_segments);
HTTP_GETTER(get_tcp_segment_count);
HTTP_GETTER(get_tcp_reassembled_length);
HTTP_GETTER(get_tcp_reassembled_data);

/* The registry's field of the header named at p + name (http.host for
 * "Host"), or -1: the header has none. */
int http_header_field(const uint8_t *p, struct httpm_span name);

/* What tshark 4.0 hands a message's body to, as far as synfin knows it:
 * the media types Wireshark's "data-text-lines" registers for ("Line-based
 * text data"), XML (an XML media type, or such text starting "<?xml"), or
 * something synfin does not dissect (HTTP_BODY_OTHER: another media type,
 * no Content-Type, a continuation). */
enum http_body { HTTP_BODY_NONE, HTTP_BODY_TEXT, HTTP_BODY_XML, HTTP_BODY_OTHER };
enum http_body http_body_kind(const struct httpm *m, const uint8_t *p);

/* A message's body as its media type's dissector gets it (de-chunked):
 * sets *out (valid until the next call), returns its length. */
size_t http_body(const struct httpm *m, const uint8_t *p, const uint8_t **out);

/* The label Wireshark gives a status code ("Moved Permanently"), or NULL. */
const char *http_status_text(unsigned code);

#endif
