/* Display filter text → tokens. A word is a field name or an unquoted
 * literal: letters, digits and _ . : - (so 10.0.0.1, aa:bb:cc, fe80::1 and
 * tcp.analysis.ack_rtt are one word each), a CIDR suffix /N, but never "..",

 * which separates a range. A '-' never starts a word: it is a minus (so
 * "A-B" is one word, and "A -B" a subtraction, as in Wireshark). A slice "[...]" is one token: its inside is read
 * by the parser. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "present/dfilter_impl.h"

void df_err(struct df_error *err, int at, int len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->at = at;
    err->len = len;
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == ':' || c == '-';
}

static const struct { const char *word; enum df_tok tok; } keywords[] = {
    { "and", TK_AND }, { "or", TK_OR }, { "xor", TK_XOR }, { "not", TK_NOT },
    { "eq", TK_EQ }, { "any_eq", TK_EQ }, { "ne", TK_NE }, { "all_ne", TK_NE },
    { "all_eq", TK_ALL_EQ }, { "any_ne", TK_ANY_NE },
    { "gt", TK_GT }, { "ge", TK_GE }, { "lt", TK_LT }, { "le", TK_LE },
    { "contains", TK_CONTAINS }, { "matches", TK_MATCHES }, { "in", TK_IN },
    { "any", TK_ANY }, { "all", TK_ALL }, { "bitwise_and", TK_BITAND },
};

/* Symbols, longest first. */
static const struct { const char *sym; enum df_tok tok; } symbols[] = {
    { "===", TK_ALL_EQ }, { "!==", TK_ANY_NE },
    { "==", TK_EQ }, { "!=", TK_NE }, { "~=", TK_ANY_NE }, { ">=", TK_GE }, { "<=", TK_LE },
    { "&&", TK_AND }, { "||", TK_OR }, { "^^", TK_XOR }, { "..", TK_DOTDOT },
    { ">", TK_GT }, { "<", TK_LT }, { "!", TK_NOT }, { "~", TK_MATCHES },
    { "&", TK_BITAND }, { "+", TK_PLUS }, { "-", TK_MINUS }, { "*", TK_STAR }, { "/", TK_SLASH },
    { "%", TK_PERCENT }, { "(", TK_LPAREN }, { ")", TK_RPAREN }, { "{", TK_LBRACE },
    { "}", TK_RBRACE }, { ",", TK_COMMA }, { "#", TK_HASH },
};

/* The end of a quoted token starting at s[i] (the quote), or -1. */
static int quoted_end(const char *s, int i, char q)
{
    for (int k = i + 1; s[k]; k++) {
        if (s[k] == '\\' && s[k + 1])
            k++;
        else if (s[k] == q)
            return k + 1;
    }
    return -1;
}

/* Every backslash of a quoted string (s[open] to s[end - 1]) starts an
 * escape the man page lists. */
static bool escapes_valid(const char *s, int open, int end, struct df_error *err)
{
    for (int k = open + 1; k < end - 1; k++) {
        if (s[k] != '\\')
            continue;
        char c = s[k + 1];
        if (!strchr("'\"\\abfnrtv01234567", c) && !((c == 'x' || c == 'u' || c == 'U') && isxdigit((unsigned char)s[k + 2]))) {
            df_err(err, k, 2, "\\%c is not a valid character escape sequence", c);
            return false;
        }
        k++;
    }
    return true;
}

bool df_lex(struct df_lexer *lx, const char *text, struct df_error *err)
{
    const char *s = text;
    int i = 0;
    lx->text = text;
    lx->ntok = 0;
    for (;;) {
        bool space = false;
        while (isspace((unsigned char)s[i]))
            i++, space = true;
        if (lx->ntok == DF_MAX_TOKENS - 1) {
            df_err(err, i, 1, "The filter is too long.");
            return false;
        }
        struct df_token *t = &lx->tok[lx->ntok++];
        t->at = i;
        t->space_before = space || i == 0;
        if (!s[i]) {
            t->kind = TK_END, t->len = 0;
            return true;
        }
        int start = i;
        if (s[i] == '"' || ((s[i] == 'r' || s[i] == 'R') && s[i + 1] == '"') || s[i] == '\'') {
            char q = s[i] == '\'' ? '\'' : '"';
            int open = s[i] == q ? i : i + 1;
            int end = quoted_end(s, open, q);
            if (end < 0) {
                df_err(err, (int)strlen(s), 1, q == '"' ? "The final quote was missing from a quoted string."
                                                        : "The final quote was missing from a character constant.");
                return false;
            }
            if (q == '"' && open == i && !escapes_valid(s, open, end, err))
                return false;
            t->kind = q == '\'' ? TK_CHAR : open == i ? TK_STRING : TK_RAWSTRING;
            t->len = end - start;
            i = end;
            continue;
        }
        if (s[i] == '[') {
            const char *close = strchr(s + i, ']');
            if (!close) {
                df_err(err, (int)strlen(s), 1, "The right bracket was missing from a slice.");
                return false;
            }
            t->kind = TK_LBRACKET;
            t->len = (int)(close - s) + 1 - i;
            i += t->len;
            continue;
        }
        if (word_char(s[i]) && s[i] != '-' && !(s[i] == '.' && s[i + 1] == '.')) {
            while (word_char(s[i]) && !(s[i] == '.' && s[i + 1] == '.'))
                i++;
            /* A CIDR suffix: address/bits. */
            if (s[i] == '/' && isdigit((unsigned char)s[i + 1]) && memchr(s + start, '.', (size_t)(i - start)) != NULL)
                for (i++; isdigit((unsigned char)s[i]); i++) {}
            else if (s[i] == '/' && isdigit((unsigned char)s[i + 1]) && memchr(s + start, ':', (size_t)(i - start)) != NULL)
                for (i++; isdigit((unsigned char)s[i]); i++) {}
            t->kind = TK_WORD;
            t->len = i - start;
            for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++)
                if (strlen(keywords[k].word) == (size_t)t->len && strncmp(keywords[k].word, s + start, (size_t)t->len) == 0)
                    t->kind = keywords[k].tok;
            continue;
        }
        bool found = false;
        for (size_t k = 0; k < sizeof symbols / sizeof symbols[0]; k++) {
            size_t n = strlen(symbols[k].sym);
            if (strncmp(s + i, symbols[k].sym, n) == 0) {
                t->kind = symbols[k].tok;
                t->len = (int)n;
                i += (int)n;
                found = true;
                break;
            }
        }
        if (!found) {
            df_err(err, i, 1, "\"%c\" was unexpected in this context.", s[i]);
            return false;
        }
    }
}
