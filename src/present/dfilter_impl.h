/* The display-filter engine's insides, shared by its files:
 *   dfilter_lex.c    text → tokens
 *   dfilter_parse.c  tokens → a tree of typed nodes (literals parsed by the
 *                    type of what they are compared with)
 *   dfilter_value.c  literals by type; values written as text (string())
 *   dfilter_eval.c   the tree on one frame
 *   dfilter.c        compile, free, and the refusal as tshark prints it */
#ifndef SYNFIN_DFILTER_IMPL_H
#define SYNFIN_DFILTER_IMPL_H

#include <stdint.h>

#include "present/dfilter.h"
#include "present/fields.h"

/* ---- tokens ---- */
enum df_tok {
    TK_END, TK_WORD,          /* a field name or an unquoted literal */
    TK_STRING, TK_RAWSTRING, TK_CHAR,
    TK_LPAREN, TK_RPAREN, TK_LBRACE, TK_RBRACE, TK_LBRACKET, TK_RBRACKET,
    TK_COMMA, TK_DOTDOT, TK_HASH, TK_COLON,
    TK_EQ, TK_NE, TK_ALL_EQ, TK_ANY_NE, TK_GT, TK_GE, TK_LT, TK_LE,
    TK_CONTAINS, TK_MATCHES, TK_IN,
    TK_AND, TK_OR, TK_XOR, TK_NOT, TK_ANY, TK_ALL,
    TK_BITAND, TK_PLUS, TK_MINUS, TK_STAR, TK_SLASH, TK_PERCENT,
};

struct df_token {
    enum df_tok kind;
    int at, len;              /* place in the filter text */
    bool space_before;        /* "A -B": a minus after a space is an operator */
};

#define DF_MAX_TOKENS 1024

struct df_lexer {
    const char *text;
    struct df_token tok[DF_MAX_TOKENS];
    int ntok;
};

/* Split text into tokens; false (with err) on a character that starts none. */
bool df_lex(struct df_lexer *lx, const char *text, struct df_error *err);

/* ---- values ---- */
enum df_kind { K_NONE, K_INT, K_BYTES, K_IPV4, K_IPV6, K_TIME };

/* One value an operand has in a frame, or a literal's value. */
/* K_INT values as Wireshark 4.0 types them (ftype-integer.c): unsigned
 * fields are 32 bits but FT_UINT64's, signed ones 32 bits; a subtraction
 * below zero or a minus sign makes an unsigned value signed. */
enum df_int_type { IT_U32, IT_S32, IT_U64, IT_S64 };

struct dval {
    int64_t i;                /* K_INT (an IT_U64 as its bits); K_TIME in ns; K_IPV4 in host order */
    uint8_t ity;              /* K_INT: enum df_int_type */
    const uint8_t *p;         /* K_BYTES, K_IPV6 (and K_IPV4's bytes, for slices) */
    uint32_t n;               /* length of p; a protocol's header length */
    uint32_t tail;            /* protocols: bytes from p to its data's end (contains) */
    uint8_t prefix;           /* a CIDR literal's bits (32 or 128: a plain address) */
    /* K_TIME as Wireshark holds it, for its comparisons: seconds and
     * nanoseconds, not normalized (a crafted timestamp gives 0 s and
     * -1,000,000,000 ns, which i cannot tell from -1 s). */
    int64_t secs;
    int32_t nsecs;
};

enum df_kind df_kind_of(uint8_t type);
/* The df_int_type of a field type of kind K_INT. */
enum df_int_type df_int_type_of(uint8_t type);

/* ---- the tree ---- */
enum df_node_kind {
    N_FIELD, N_LITERAL, N_SLICE, N_FUNC, N_ARITH, N_NEG,            /* operands */
    N_EXISTS, N_TRUTH, N_CMP, N_IN, N_CONTAINS, N_MATCHES,          /* tests */
    N_AND, N_OR, N_XOR, N_NOT,
    N_SETITEM,                /* one item of an "in" set: a..b, then the next item */
};

enum df_func { FN_LEN, FN_COUNT, FN_UPPER, FN_LOWER, FN_STRING, FN_MAX, FN_MIN, FN_ABS };
enum df_cmp { C_EQ, C_NE, C_GT, C_GE, C_LT, C_LE };

#define DF_MAX_RANGES 8
#define DF_MAX_ARGS 8

struct df_range { int32_t start, end; bool to_end; };  /* end inclusive */

/* One range of a slice, text (NUL-terminated), as Wireshark 4.0's
 * drange_node_from_str reads it: "i:j" j bytes from i, "i-j" i to j, "i"
 * one byte, ":j" the first j, "i:" from i to the end, numbers in any base
 * strtol knows. False with why (whylen bytes) set to Wireshark's words. */
bool df_range_from_text(const char *text, struct df_range *r, char *why, size_t whylen);

struct df_node {
    enum df_node_kind kind;
    uint8_t type;             /* operands: the field type of their values */
    int at, len;              /* place in the text, for messages */
    /* N_FIELD */
    int field;
    int layer_lo, layer_hi;   /* #N or #[a-b]; 0: every layer */
    int per_layer;            /* values each layer gives (0: all from one layer) */
    /* N_LITERAL: its text (unparsed until its type is known), then its value */
    const char *lit_text;     /* NUL-terminated copy (strings unescaped) */
    uint32_t lit_len;
    enum df_tok lit_tok;      /* TK_WORD, TK_STRING, TK_RAWSTRING, TK_CHAR */
    struct dval lit;
    uint8_t lit_addr[16];     /* an IPv6 literal's bytes (its text may be shorter) */
    /* N_SLICE: ranges over child a */
    struct df_range range[DF_MAX_RANGES];
    int nrange;
    /* N_FUNC */
    enum df_func func;
    int args[DF_MAX_ARGS], nargs;
    /* N_ARITH: op (a TK_ code) at op_at, children a and b */
    enum df_tok op;
    int op_at;
    /* N_CMP, N_IN, N_CONTAINS */
    enum df_cmp cmp;
    bool all;                 /* every value must pass (all_eq, !=, "all") */
    bool negate;              /* != and !==: the test is "not equal" */
    int next;                 /* N_IN: its first N_SETITEM; N_SETITEM: the next one (-1: none) */
    void *regex;              /* N_MATCHES: pcre2_code */
    void *match_data;
    int a, b;                 /* children (node indexes), -1 none */
};

struct dfilter {
    struct df_node *node;
    int nnode, node_cap;
    int root;                 /* -1: an empty filter, every frame passes */
    char *strings;            /* literal texts, one allocation */
    uint32_t strings_used, strings_cap;
    uint8_t *scratch;         /* upper(), lower(), string() results of one frame */
    uint32_t scratch_cap;
};

bool df_parse(struct dfilter *df, const struct df_lexer *lx, struct df_error *err);

/* Give literal node ln the value its text means for type `type`; false
 * with err when it means none (an error names the literal's place). */
/* names: a field whose value names the literal may be (-1: none) */
bool df_literal_value(struct df_node *ln, uint8_t type, int names, struct df_error *err);

/* Write value v of type `type` as text (string()): at most cap bytes, returns the length. */
uint32_t df_value_text(uint8_t type, const struct dval *v, char *buf, uint32_t cap);

/* Unescape a quoted string token (raw: only \" is special) into out. */
uint32_t df_unescape(const char *s, int len, bool raw, char *out);

void df_err(struct df_error *err, int at, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
