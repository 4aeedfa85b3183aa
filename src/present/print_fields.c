/* -T fields: the -e fields in order, as tshark writes them. */
#include "present/fields.h"
#include "present/titles.h"
#include "present/print.h"

void print_fields_header(struct out *o, const struct fields_format *ff)
{
    for (int i = 0; i < ff->nfields; i++) {
        if (i)
            out_char(o, ff->separator);
        out_str(o, fields[ff->field_ids[i]].name);
    }
    out_char(o, '\n');
}

void print_field_values(struct out *o, const struct fields_format *ff, int i, const struct fval *vals, int n,
                        const struct view *v)
{
    if (n == 0)
        return;
    const struct field *fd = &fields[ff->field_ids[i]];
    char q = ff->quote == 'd' ? '"' : ff->quote == 's' ? '\'' : 0;
    int from = 0, to = n;
    if (ff->occurrence == 'f')
        to = 1;
    else if (ff->occurrence == 'l')
        from = n - 1;
    if (q)
        out_char(o, q);
    for (int k = from; k < to; k++) {
        if (k > from)
            out_char(o, ff->aggregator);
        if (fd->display == D_PROTO)             /* a protocol writes its title */
            layer_title(o, v, ff->field_ids[i], k);
        else
            field_write(o, fd, &vals[k]);
    }
    if (q)
        out_char(o, q);
}

void print_fields(struct out *o, const struct fields_format *ff, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    for (int i = 0; i < ff->nfields; i++) {
        if (i)
            out_char(o, ff->separator);
        print_field_values(o, ff, i, vals, field_get(ff->field_ids[i], v, vals, MAX_OCCURRENCES), v);
    }
    out_char(o, '\n');
}
