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

void print_fields(struct out *o, const struct fields_format *ff, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    char q = ff->quote == 'd' ? '"' : ff->quote == 's' ? '\'' : 0;
    for (int i = 0; i < ff->nfields; i++) {
        if (i)
            out_char(o, ff->separator);
        const struct field *fd = &fields[ff->field_ids[i]];
        int n = fd->get(fd, v, vals, MAX_OCCURRENCES);
        if (n == 0)
            continue;
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
    out_char(o, '\n');
}
