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

/* The label Wireshark gives a status code ("Moved Permanently"), or NULL. */
const char *http_status_text(unsigned code);

#endif
