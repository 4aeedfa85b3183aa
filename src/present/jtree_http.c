/* The HTTP layers of the JSON tree: one "http" a message, as tshark 4.0
 * lays it out: the first line (a text item, as formatted) holding method,
 * URI and version or version, code and phrase; each header's field (when
 * the registry has one) and its line; the empty line; then what HTTP
 * derived. Values come from the message the registry's getters read
 * (track/http.h), in the registry's fields. The expert item on the first
 * line (http.chat, a field synfin does not have), the URI's parts and the
 * chunked body's framing are left out. */
#include "present/fields_http.h"
#include "present/jtree_impl.h"

static int span(struct jtree *t, int parent, int id, const uint8_t *p, struct httpm_span s)
{
    struct fval val = { .p = p + s.off, .n = s.len };
    return jt_value(t, parent, id, &val);
}

static int num(struct jtree *t, int parent, int id, int64_t i)
{
    struct fval val = { .i = i };
    return jt_value(t, parent, id, &val);
}

static void text_of(struct jtree *t, int parent, const uint8_t *p, size_t n)
{
    char label[1024];
    httpm_format(p, n, label, sizeof label);
    jt_text(t, parent, label);
}

static void message(struct jtree *t, const struct http_shown *s, const uint8_t *p, const struct fval *file_data,
                    int *kfile, int nfile)
{
    const struct httpm *m = &s->m;
    struct fval proto = { .p = p, .n = m->len, .i = m->len };
    int l = jt_value(t, 0, F_PROTO_HTTP, &proto);
    if (m->kind != HTTPM_CONTINUATION) {
        char line[1024];
        httpm_format(p + m->line.off, (size_t)m->line.len + m->line_eol, line, sizeof line);
        int first = jt_text(t, l, line);
        if (m->kind == HTTPM_REQUEST) {
            span(t, first, F_HTTP_REQUEST_METHOD, p, m->method);
            span(t, first, F_HTTP_REQUEST_URI, p, m->uri);
            span(t, first, F_HTTP_REQUEST_VERSION, p, m->version);
        } else {
            span(t, first, F_HTTP_RESPONSE_VERSION, p, m->version);
            if (m->code_ok) {
                num(t, first, F_HTTP_RESPONSE_CODE, m->code);
                const char *desc = http_status_text(m->code);
                if (desc) {
                    struct fval val = { .p = (const uint8_t *)desc, .n = (uint32_t)strlen(desc) };
                    jt_value(t, first, F_HTTP_RESPONSE_CODE_DESC, &val);
                }
                span(t, first, F_HTTP_RESPONSE_PHRASE, p, m->phrase);   /* read after a code only */
            }
        }
        int line_id = m->kind == HTTPM_REQUEST ? F_HTTP_REQUEST_LINE : F_HTTP_RESPONSE_LINE;
        for (int j = 0; j < m->nhdr; j++) {
            const struct httpm_hdr *hd = &m->hdr[j];
            int id = http_header_field(p, hd->name);
            int h = id >= 0 ? span(t, l, id, p, hd->value) : -1;
            if (id == F_HTTP_CONTENT_LENGTH_HEADER && m->content_length >= 0)
                num(t, h, F_HTTP_CONTENT_LENGTH, m->content_length);
            span(t, l, line_id, p, (struct httpm_span){ hd->line.off, hd->line.len + hd->eol });
        }
        if (m->hdr_end)
            text_of(t, l, p + m->hdr_end - m->blank_eol, m->blank_eol);
        struct fval uri = { .p = (const uint8_t *)s->full_uri, .n = (uint32_t)strlen(s->full_uri) };
        if (m->kind == HTTPM_REQUEST) {
            if (uri.n)
                jt_value(t, l, F_HTTP_REQUEST_FULL_URI, &uri);
            num(t, l, F_HTTP_REQUEST, 1);
            num(t, l, F_HTTP_REQUEST_NUMBER, s->number);
            if (s->prev_request_in)
                num(t, l, F_HTTP_PREV_REQUEST_IN, (int64_t)s->prev_request_in);
        } else {
            num(t, l, F_HTTP_RESPONSE, 1);
            num(t, l, F_HTTP_RESPONSE_NUMBER, s->number);
            if (s->request_in) {
                struct fval time = { .t = s->time };
                jt_value(t, l, F_HTTP_TIME, &time);
            }
            if (s->prev_request_in)
                num(t, l, F_HTTP_PREV_REQUEST_IN, (int64_t)s->prev_request_in);
            if (s->request_in)
                num(t, l, F_HTTP_REQUEST_IN, (int64_t)s->request_in);
            if (uri.n)
                jt_value(t, l, F_HTTP_RESPONSE_FOR_URI, &uri);
        }
    }
    /* The body: the registry's value (de-chunked), one a message that has one. */
    if (m->body.len && *kfile < nfile)
        jt_value(t, l, F_HTTP_FILE_DATA, &file_data[(*kfile)++]);
}

void jtree_http(struct jtree *t, const struct view *v)
{
    const struct http_frame *h = v->tk ? v->tk->http : NULL;
    if (!h || !h->http)
        return;
    struct fval file_data[MAX_OCCURRENCES];
    int nfile = field_get(F_HTTP_FILE_DATA, v, file_data, MAX_OCCURRENCES), kfile = 0;
    for (int i = 0; i < h->nmsg; i++)
        message(t, &h->msg[i], h->data + h->msg[i].off, file_data, &kfile, nfile);
}
