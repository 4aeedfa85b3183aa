/* Compile a display filter, free it, and print a refusal as tshark does. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "present/dfilter_impl.h"

void df_free(struct dfilter *df)
{
    if (!df)
        return;
    for (int i = 0; i < df->nnode; i++)
        if (df->node[i].kind == N_MATCHES) {
            pcre2_match_data_free(df->node[i].match_data);
            pcre2_code_free(df->node[i].regex);
        }
    free(df->node);
    free(df->strings);
    free(df->scratch);
    free(df);
}

#define SCRATCH_BYTES (64 * 1024)

struct dfilter *df_compile(const char *text, struct df_error *err)
{
    memset(err, 0, sizeof *err);
    err->at = -1;
    struct df_lexer *lx = malloc(sizeof *lx);
    struct dfilter *df = calloc(1, sizeof *df);
    if (!lx || !df) {
        free(lx);
        free(df);
        df_err(err, -1, 0, "out of memory");
        return NULL;
    }
    bool ok = df_lex(lx, text, err);
    if (ok) {
        /* Every node comes from a token, but a set item and a slice add one. */
        df->node_cap = 3 * lx->ntok + 8;
        df->node = calloc((size_t)df->node_cap, sizeof *df->node);
        df->strings_cap = (uint32_t)strlen(text) + (uint32_t)lx->ntok + 1;
        df->strings = malloc(df->strings_cap);
        df->scratch_cap = SCRATCH_BYTES;
        df->scratch = malloc(df->scratch_cap);
        if (!df->node || !df->strings || !df->scratch) {
            df_err(err, -1, 0, "out of memory");
            ok = false;
        }
    }
    ok = ok && df_parse(df, lx, err);
    free(lx);
    if (!ok) {
        df_free(df);
        return NULL;
    }
    return df;
}

void df_error_print(FILE *to, const char *text, const struct df_error *err)
{
    fprintf(to, "synfin: %s\n", err->msg);
    if (err->at < 0)
        return;
    fputs("    ", to);
    for (const char *s = text; *s; s++)
        fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '.' : *s, to);   /* never a raw control byte */
    fputs("\n    ", to);
    for (int i = 0; i < err->at; i++)
        fputc(' ', to);
    fputc('^', to);
    for (int i = 1; i < err->len; i++)
        fputc('~', to);
    fputc('\n', to);
}
