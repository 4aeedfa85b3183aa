/* Placeholder until the filter engine lands: keeps every frame. */
#include <stdlib.h>
#include <string.h>

#include "present/dfilter.h"

struct dfilter { int unused; };

struct dfilter *df_compile(const char *text, struct df_error *err)
{
    (void)text; (void)err;
    return calloc(1, sizeof(struct dfilter));
}

bool df_match(const struct dfilter *df, const struct view *v) { (void)df; (void)v; return true; }
void df_free(struct dfilter *df) { free(df); }
void df_error_print(FILE *to, const char *text, const struct df_error *err)
{
    (void)text;
    fprintf(to, "synfin: %s\n", err->msg);
}
