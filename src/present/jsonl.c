/* -T jsonl: one flat object a frame a line, keys are Wireshark field names;
 * a field that occurs more than once is an array. Integers (decimal in
 * the registry: counts, ports, booleans, frame numbers) and times in
 * seconds are JSON numbers, so a loader (ClickHouse's JSONEachRow, jq)
 * gets them typed; the rest are strings as -T fields writes them. */
#include "present/fields.h"
#include "present/jsonw.h"
#include "present/print.h"

/* Whether the registry writes this field as a number. */
static bool jsonl_numeric(const struct field *fd)
{
    return fd->display == D_DEC || fd->display == D_ABSTIME || fd->display == D_RELTIME;
}

static void jsonl_value(struct out *o, const struct field *fd, const struct fval *val)
{
    if (jsonl_numeric(fd)) {
        field_write(o, fd, val);
        return;
    }
    out_char(o, '"');
    if (fd->display == D_STR || fd->display == D_TEXT)
        jsonw_text(o, val->p, val->n, fd->display == D_TEXT, false);
    else if (fd->display == D_UTF8)
        jsonw_utf8(o, val->p, val->n, false);
    else
        field_write(o, fd, val);   /* made by synfin: hex, addresses, dates */
    out_char(o, '"');
}

void print_jsonl(struct out *o, const struct view *v)
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
            jsonl_value(o, fd, &vals[k]);
        }
        if (n > 1)
            out_char(o, ']');
    }
    out_str(o, "}\n");
}
