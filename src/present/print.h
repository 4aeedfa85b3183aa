/* The output modes, one file each; all take a view of one frame. */
#ifndef SYNFIN_PRINT_H
#define SYNFIN_PRINT_H

#include "cli/options.h"
#include "present/out.h"
#include "present/view.h"

void print_fields_header(struct out *o, const struct options *opt);
void print_fields(struct out *o, const struct options *opt, const struct view *v);
void print_json(struct out *o, const struct view *v);
void print_summary(struct out *o, const struct view *v, bool color);
void print_detail(struct out *o, const struct view *v, bool only_tcp);
/* The HTTP part of -V (print_detail_http.c). */
void detail_http(struct out *o, const struct view *v);
void print_hex(struct out *o, const struct frame *f);

#endif
