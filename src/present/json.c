/* -T json: one object a frame a line, keys are Wireshark field names, every
 * value a string (as tshark's JSON writes them); a field that occurs more
 * than once is an array. */
#include "present/fields.h"
#include "present/print.h"

static void json_string_value(struct out *o, const struct field *fd, const struct fval *val)
{
    /* Field values are made by synfin (numbers, addresses, hex); only
     * D_STR can hold a quote or backslash, from a column. */
    out_char(o, '"');
    if (fd->display == D_STR || fd->display == D_TEXT) {
        for (uint32_t i = 0; i < val->n; i++) {
            uint8_t ch = val->p[i];
            if (ch >= 0x80 && fd->display == D_TEXT) {
                out_str(o, "\xef\xbf\xbd");     /* ASCII text: U+FFFD, as tshark */
            } else if (ch == '"' || ch == '\\') {
                out_char(o, '\\');
                out_char(o, (char)ch);
            } else if (ch < 0x20) {
                out_printf(o, "\\u%04x", ch);
            } else {
                out_char(o, (char)ch);
            }
        }
    } else {
        field_write(o, fd, val);
    }
    out_char(o, '"');
}

void print_json(struct out *o, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    bool first = true;
    out_char(o, '{');
    for (int id = 0; id < FIELD_COUNT; id++) {
        const struct field *fd = &fields[id];
        if (fd->display == D_PROTO)
            continue;
        int n = fd->get(fd, v, vals, MAX_OCCURRENCES);
        if (n == 0)
            continue;
        if (!first)
            out_char(o, ',');
        first = false;
        out_char(o, '"');
        out_str(o, fd->name);
        out_str(o, "\":");
        if (n > 1)
            out_char(o, '[');
        for (int k = 0; k < n; k++) {
            if (k)
                out_char(o, ',');
            json_string_value(o, fd, &vals[k]);
        }
        if (n > 1)
            out_char(o, ']');
    }
    out_str(o, "}\n");
}
