/* The output modes, one file each; all take a view of one frame. */
#ifndef SYNFIN_PRINT_H
#define SYNFIN_PRINT_H

#include "present/out.h"
#include "present/view.h"

#define MAX_FIELDS 256

/* -T fields: which fields, and how they are written (tshark's -e and -E). */
struct fields_format {
    int nfields;
    int field_ids[MAX_FIELDS];    /* -e, as registry ids */
    bool header;                  /* -E header=y */
    char separator;               /* -E separator= */
    char occurrence;              /* -E occurrence=f|l|a */
    char aggregator;              /* -E aggregator= */
    char quote;                   /* -E quote=d|s|n */
};

void print_fields_header(struct out *o, const struct fields_format *ff);
void print_fields(struct out *o, const struct fields_format *ff, const struct view *v);
void print_json(struct out *o, const struct view *v);
void print_summary(struct out *o, const struct view *v, bool color);
void print_detail(struct out *o, const struct view *v, bool only_tcp);
/* The HTTP part of -V (print_detail_http.c). */
void detail_http(struct out *o, const struct view *v);
void print_hex(struct out *o, const struct frame *f);

#endif
