/* The output modes, one file each; all take a view of one frame. */
#ifndef SYNFIN_PRINT_H
#define SYNFIN_PRINT_H

#include "present/out.h"
#include "present/view.h"

#define MAX_FIELDS 1024  /* -e fields at once: the registry's every field and more */

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
/* -T jsonl (jsonl.c): one flat object a line. */
void print_jsonl(struct out *o, const struct view *v);
/* -T json (json_tshark.c): tshark's array; begin and end write its brackets. */
void print_json_begin(struct out *o);
void print_json(struct out *o, const struct view *v);
void print_json_e(struct out *o, const struct fields_format *ff, const struct view *v);
void print_json_end(struct out *o);
/* -T ek (json_ek.c): tshark's Elasticsearch bulk lines. */
void print_ek(struct out *o, const struct view *v);
void print_ek_e(struct out *o, const struct fields_format *ff, const struct view *v);
void print_summary(struct out *o, const struct view *v, bool color);
void print_detail(struct out *o, const struct view *v, bool only_tcp);
/* -V with, for each line that shows bytes of the frame, where they lie:
 * the report's byte view. */
enum { DETAIL_SPANS_MAX = 256 };
struct detail_span {
    uint32_t at;                  /* the line's first byte in o */
    uint32_t off, len;            /* its bytes in the frame */
};
struct detail_spans {
    size_t n;
    struct detail_span v[DETAIL_SPANS_MAX];
};
void print_detail_spans(struct out *o, const struct view *v, struct detail_spans *sp);
/* The HTTP part of -V (print_detail_http.c). */
void detail_http(struct out *o, const struct view *v);
void print_hex(struct out *o, const struct view *v);
/* A block of bytes dumped as -x dumps a data source (print.c's layout,
 * offsets from 0): -V's Data block shows its bytes so, as tshark's does. */
void print_hex_block(struct out *o, const uint8_t *p, uint32_t len);

#endif
