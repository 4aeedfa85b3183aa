/* Tokens → a tree of typed nodes, by recursive descent. Precedence, lowest
 * first: or, xor, and, not, then one relation (comparison, in, contains,
 * matches, or an operand alone: it must exist, or for arithmetic be
 * non-zero). Operands: &, then + -, then * / %, then unary minus, then a field
 * (with #layer and [slice]), a literal, a function call, or {arithmetic}.
 * A literal gets its value once the type of what it meets is known. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "present/dfilter_impl.h"

#define UNKNOWN_TYPE 0xff     /* a literal's type until it meets a typed operand */

struct parser {
    struct dfilter *df;
    const struct df_lexer *lx;
    int pos;
    struct df_error *err;
    /* Wireshark parses the whole filter before it checks names and
     * types: a refusal of that kind found on the way (a word that is no
     * field, constant arithmetic) waits here; a syntax error anywhere
     * comes first, else the first of them. */
    struct df_error later;
    bool has_later;
    bool syntax_error;
};

static const struct df_token *peek(struct parser *p) { return &p->lx->tok[p->pos]; }
static const struct df_token *take(struct parser *p) { return &p->lx->tok[p->pos++]; }

static bool accept(struct parser *p, enum df_tok kind)
{
    if (peek(p)->kind != kind)
        return false;
    p->pos++;
    return true;
}

/* The refusal of a name or type just written to p->err, found once the
 * syntax of node i is whole: it waits (the first one only) and parsing
 * goes on with i. */
static int later(struct parser *p, int i)
{
    if (!p->has_later)
        p->later = *p->err;
    p->has_later = true;
    return i;
}

static int unexpected(struct parser *p, const struct df_token *t)
{
    p->syntax_error = true;
    if (t->kind == TK_END)
        df_err(p->err, -1, 0, "Unexpected end of filter expression.");
    else
        df_err(p->err, t->at, t->len, "\"%.*s\" was unexpected in this context.", t->len, p->lx->text + t->at);
    return -1;
}

static int new_node(struct parser *p, enum df_node_kind kind, int at, int len)
{
    struct dfilter *df = p->df;
    if (df->nnode == df->node_cap) {
        df_err(p->err, at, len, "The filter is too long.");
        return -1;
    }
    struct df_node *n = &df->node[df->nnode];
    memset(n, 0, sizeof *n);
    n->kind = kind, n->at = at, n->len = len, n->a = n->b = n->next = -1, n->field = -1;
    return df->nnode++;
}

#define NODE(i) (&p->df->node[i])

/* Keep a literal's text (unescaped for strings) in the filter's string pool. */
static const char *keep_text(struct parser *p, const struct df_token *t, uint32_t *len)
{
    struct dfilter *df = p->df;
    uint32_t need = (uint32_t)t->len + 1;
    if (df->strings_used + need > df->strings_cap)
        return NULL;                  /* cannot happen: the pool holds the whole text */
    char *out = df->strings + df->strings_used;
    const char *s = p->lx->text + t->at;
    if (t->kind == TK_STRING)
        *len = df_unescape(s + 1, t->len - 2, false, out);
    else if (t->kind == TK_RAWSTRING)
        *len = df_unescape(s + 2, t->len - 3, true, out);
    else
        memcpy(out, s, (size_t)t->len), *len = (uint32_t)t->len;
    out[*len] = '\0';
    df->strings_used += *len + 1;
    return out;
}

/* ---- types ---- */

static bool stringlike(uint8_t type) { return type == T_STRING; }
static bool byteslike(uint8_t type) { return type == T_BYTES || type == T_PROTOCOL || type == T_ETHER; }

/* The type of operand i's values, giving literals theirs on the way:
 * a literal takes the type of the operand it is combined with. */
static int operand_type(struct parser *p, int i);
static bool arith_allowed(struct parser *p, int i, uint8_t type);

/* Whether Wireshark 4.0 negates a value of type (an integer but a
 * boolean, a relative time); else the refusal, at the operand a. */
static bool negatable(struct parser *p, int a, uint8_t type)
{
    if ((df_kind_of(type) == K_INT && type != T_BOOLEAN) || type == T_RELATIVE_TIME)
        return true;
    df_err(p->err, NODE(a)->at, NODE(a)->len, "%s cannot -.", field_type_codes[type]);
    return false;
}

/* The field whose value names a literal met by node i may use: i's, if i
 * is a field itself (Wireshark looks names up for a field only). */
static int names_of(struct parser *p, int i) { return NODE(i)->kind == N_FIELD ? NODE(i)->field : -1; }

/* Give the literal at lit (or under its minus signs, or each literal of
 * arithmetic on literals) its value as `type`, or as one of the value
 * names of field `names` (-1: none). */
static bool resolve_named(struct parser *p, int lit, uint8_t type, int names)
{
    if (NODE(lit)->kind == N_ARITH) {
        if (!arith_allowed(p, lit, type))
            return false;
        NODE(lit)->type = type;
        return resolve_named(p, NODE(lit)->a, type, -1) && resolve_named(p, NODE(lit)->b, type, -1);
    }
    if (NODE(lit)->kind == N_NEG) {
        int a = NODE(lit)->a;
        if (NODE(a)->lit_tok == TK_STRING || NODE(a)->lit_tok == TK_RAWSTRING) {
            df_err(p->err, NODE(a)->at, NODE(a)->len, "\"%s\" is not a valid arithmetic operand.", NODE(a)->lit_text);
            return false;
        }
        NODE(lit)->type = type;
        if (!resolve_named(p, a, type, -1) || !negatable(p, a, type))
            return false;
        /* An unsigned literal turns signed: Wireshark folds it at once. */
        enum df_int_type it = df_kind_of(type) == K_INT ? df_int_type_of(type) : IT_S32;
        uint64_t u = (uint64_t)NODE(a)->lit.i;
        if (NODE(a)->kind == N_LITERAL && (it == IT_U32 || it == IT_U64) && u > (it == IT_U32 ? INT32_MAX : INT64_MAX)) {
            df_err(p->err, NODE(a)->at, NODE(a)->len, "%s: %llu overflows %s", NODE(a)->lit_text, (unsigned long long)u,
                   it == IT_U32 ? "gint32" : "gint64");
            return false;
        }
        return true;
    }
    return df_literal_value(NODE(lit), type, names, p->err);
}
static bool resolve_literal(struct parser *p, int lit, uint8_t type) { return resolve_named(p, lit, type, -1); }

static int no_type(struct parser *p, int i)
{
    struct df_node *n = NODE(i);
    if (!n->lit_text)                        /* no literal: the text it was made of */
        df_err(p->err, n->at, n->len, "%.*s is neither a field nor a protocol name.", n->len, p->lx->text + n->at);
    else if (n->lit_tok == TK_STRING || n->lit_tok == TK_RAWSTRING)
        df_err(p->err, n->at, n->len, "\"%s\" is neither a field nor a protocol name.", n->lit_text);
    else
        df_err(p->err, n->at, n->len, "%s is neither a field nor a protocol name.", n->lit_text);
    return -1;
}

static void constant_lhs_refused(struct parser *p, int lit)
{
    df_err(p->err, NODE(lit)->at, NODE(lit)->len, "Constant arithmetic expression on the LHS is invalid.");
}

/* The length of the name of the function called at node i. */
static int function_name_len(struct parser *p, int i)
{
    const char *text = p->lx->text;
    int at = NODE(i)->at, len = 0;
    while (isalnum((unsigned char)text[at + len]) || text[at + len] == '_')
        len++;
    return len;
}

/* Where Wireshark points at node i in a message: arithmetic at its
 * operator, a minus sign at itself, a call at the function's name, a
 * slice nowhere (at < 0); else the node's text. */
static void place_of(struct parser *p, int i, int *at, int *len)
{
    const struct df_node *n = NODE(i);
    *at = n->at, *len = n->len;
    if (n->kind == N_ARITH)
        *at = n->op_at, *len = 1;
    else if (n->kind == N_NEG)
        *len = 1;
    else if (n->kind == N_FUNC)
        *len = function_name_len(p, i);
    else if (n->kind == N_SLICE)
        *at = -1, *len = 0;
}

static bool sliceable(uint8_t type)
{
    return byteslike(type) || stringlike(type) || type == T_IPv4 || type == T_IPv6;
}

/* Typed operands a and b that compare, as Wireshark 4.0 has it: a slice
 * with anything that slices; else of one kind, strings with strings only,
 * protocols with protocols only, and a boolean on the left with a boolean. */
static bool compatible(struct parser *p, int a, int b)
{
    uint8_t ta = NODE(a)->type, tb = NODE(b)->type;
    if (ta == T_NONE || tb == T_NONE)
        return false;
    if (NODE(a)->kind == N_SLICE || NODE(b)->kind == N_SLICE)
        return sliceable(ta) && sliceable(tb);
    return df_kind_of(ta) == df_kind_of(tb) && stringlike(ta) == stringlike(tb) &&
           (ta == T_PROTOCOL) == (tb == T_PROTOCOL) && (ta != T_BOOLEAN || tb == T_BOOLEAN);
}

/* Typed operands a and b that do not go together; a call on the right is
 * named by its function and result type, as Wireshark does. */
static int incompatible(struct parser *p, int a, int b)
{
    const struct df_node *x = NODE(a), *y = NODE(b);
    if (x->kind == N_SLICE || y->kind == N_SLICE) {        /* the other side does not slice */
        const struct df_node *z = x->kind == N_SLICE ? y : x;
        df_err(p->err, z->at, z->len, "\"%.*s\" is a %s and cannot be converted into a sequence of bytes.", z->len,
               p->lx->text + z->at, field_type_names[z->type]);
    } else if (y->kind == N_FUNC) {
        int len = function_name_len(p, b);
        df_err(p->err, y->at, len, "%.*s (type=%s) and return value of %.*s() (type=%s) are not of compatible types.",
               x->len, p->lx->text + x->at, field_type_names[x->type], len, p->lx->text + y->at,
               field_type_names[y->type]);
    } else {
        df_err(p->err, y->at, y->len, "%.*s and %.*s are not of compatible types.", x->len, p->lx->text + x->at,
               y->len, p->lx->text + y->at);
    }
    return -1;
}

/* Types a and b (either may be a literal's) for a comparison, or with
 * arithmetic set for arithmetic (whose literals are numbers, never a
 * field's value names): the common type, or -1 with the error set. */
static int pair_type(struct parser *p, int a, int b, bool arithmetic)
{
    int ta = operand_type(p, a);
    if (ta < 0 && ta != -2)
        return -1;
    int tb = operand_type(p, b);
    if (tb < 0 && tb != -2)
        return -1;
    if (ta == -2 && tb == -2)
        return no_type(p, a);
    if (ta == -2)
        return resolve_named(p, a, (uint8_t)tb, arithmetic ? -1 : names_of(p, b)) ? tb : -1;
    if (tb == -2)
        return resolve_named(p, b, (uint8_t)ta, arithmetic ? -1 : names_of(p, a)) ? ta : -1;
    if (!compatible(p, a, b))
        return incompatible(p, a, b);
    return ta;
}

static const char *op_text(enum df_tok op)
{
    switch (op) {
    case TK_PLUS: return "+";
    case TK_MINUS: return "-";
    case TK_STAR: return "*";
    case TK_SLASH: return "/";
    case TK_PERCENT: return "%";
    default: return "&";
    }
}

/* Integers do all arithmetic, times add and subtract, byte strings and
 * slices only mask (&); Wireshark refuses the rest as "FT_IPv4 cannot /.". */
static bool arith_allowed(struct parser *p, int i, uint8_t type)
{
    struct df_node *n = NODE(i);
    enum df_kind k = df_kind_of(type);
    if ((k == K_INT && type != T_BOOLEAN) || (type == T_RELATIVE_TIME && (n->op == TK_PLUS || n->op == TK_MINUS)) ||
        (n->op == TK_BITAND && k == K_BYTES && !stringlike(type)))
        return true;
    int at, len;
    place_of(p, n->a, &at, &len);
    df_err(p->err, at, len, "%s cannot %s.", field_type_codes[type], op_text(n->op));
    return false;
}

/* -2: an untyped literal; -1: an error; else a field type. */
static int operand_type(struct parser *p, int i)
{
    struct df_node *n = NODE(i);
    switch (n->kind) {
    case N_FIELD:
    case N_SLICE:
    case N_FUNC:
        return n->type;
    case N_LITERAL:
        return n->type == UNKNOWN_TYPE ? -2 : n->type;
    case N_NEG: {
        if (n->type != UNKNOWN_TYPE)
            return n->type;
        int t = operand_type(p, n->a);
        if (t == -2)
            return -2;
        if (t >= 0 && !negatable(p, n->a, (uint8_t)t))
            return -1;
        if (t >= 0)
            n->type = (uint8_t)t;
        return t;
    }
    case N_ARITH: {
        if (n->type != UNKNOWN_TYPE)
            return n->type;
        int ta = operand_type(p, n->a), tb = ta == -1 ? -1 : operand_type(p, n->b);
        if (ta == -1 || tb == -1)
            return -1;
        if (ta == -2 && tb == -2)
            return -2;                         /* typed by what it is compared with */
        /* The operation is checked for the typed side's type before the
         * other side's literal is read as that type, as Wireshark does. */
        if ((ta >= 0 && !arith_allowed(p, i, (uint8_t)ta)) || (ta == -2 && !arith_allowed(p, i, (uint8_t)tb)))
            return -1;
        int t = pair_type(p, n->a, n->b, true);
        if (t < 0 || !arith_allowed(p, i, (uint8_t)t))
            return -1;
        n->type = (uint8_t)t;
        return t;
    }
    default:
        return -1;
    }
}

/* ---- operands ---- */

static int parse_arith(struct parser *p);

/* The ranges of slice token t ("[i:j,k]"), split at commas. A refusal
 * here stops the parse at once, as Wireshark's grammar does. */
static bool parse_ranges(struct parser *p, const struct df_token *t, struct df_node *n)
{
    const char *text = p->lx->text;
    int at = t->at + 1, close = t->at + t->len - 1;
    for (;;) {
        int end = at;
        while (end < close && text[end] != ',')
            end++;
        if (end == at) {                       /* "[]", "[,1]", "[1,,2]", "[1,]" */
            struct df_token empty = { .kind = TK_WORD, .at = at, .len = 1 };
            unexpected(p, &empty);
            return false;
        }
        char piece[128], why[300];
        struct df_range r;
        if (n->nrange == DF_MAX_RANGES || end - at >= (int)sizeof piece) {   /* synfin's bounds */
            df_err(p->err, t->at, t->len, "%.*s is not a valid slice.", t->len, text + t->at);
            p->syntax_error = true;
            return false;
        }
        memcpy(piece, text + at, (size_t)(end - at));
        piece[end - at] = '\0';
        if (!df_range_from_text(piece, &r, why, sizeof why)) {
            df_err(p->err, at, end - at, "%s", why);
            p->syntax_error = true;
            return false;
        }
        n->range[n->nrange++] = r;
        if (end == close)
            return true;
        at = end + 1;
    }
}

/* How many values of a field one layer gives, for #N: a field of an
 * address or port pair (src and dst together) two, the rest one; synfin's
 * single TCP layer holds every tcp.* value (0: all from layer 1). */
static int per_layer(int field)
{
    const char *name = fields[field].name;
    if (strncmp(name, "tcp.", 4) == 0)
        return 0;
    if (strcmp(name, "ip.addr") == 0 || strcmp(name, "ipv6.addr") == 0 || strcmp(name, "eth.addr") == 0)
        return 2;
    return 1;
}

static int parse_layer(struct parser *p, int fi)
{
    const struct df_token *t = take(p);
    struct df_node *n = NODE(fi);
    n->per_layer = per_layer(n->field);
    char *e;
    if (t->kind == TK_WORD) {
        long v = strtol(p->lx->text + t->at, &e, 10);
        if (e != p->lx->text + t->at + t->len || v < 1)
            goto bad;
        n->layer_lo = n->layer_hi = (int)v;
        return fi;
    }
    if (t->kind == TK_LBRACKET) {
        struct df_node tmp = { .nrange = 0 };
        if (!parse_ranges(p, t, &tmp))
            return -1;                           /* Wireshark's words on the range */
        if (tmp.nrange != 1 || tmp.range[0].start < 1 || tmp.range[0].to_end)
            goto bad;
        n->layer_lo = tmp.range[0].start, n->layer_hi = tmp.range[0].end;
        return fi;
    }
bad:
    df_err(p->err, t->at, t->len, "%.*s is not a valid layer.", t->len, p->lx->text + t->at);
    return -1;
}

static const struct { const char *name; enum df_func fn; int min, max; } functions[] = {
    { "len", FN_LEN, 1, 1 }, { "count", FN_COUNT, 1, 1 }, { "upper", FN_UPPER, 1, 1 },
    { "lower", FN_LOWER, 1, 1 }, { "string", FN_STRING, 1, 1 }, { "max", FN_MAX, 1, DF_MAX_ARGS },
    { "min", FN_MIN, 1, DF_MAX_ARGS }, { "abs", FN_ABS, 1, 1 },
};

static int parse_call(struct parser *p, const struct df_token *name, size_t which)
{
    int fi = new_node(p, N_FUNC, name->at, name->len);
    if (fi < 0)
        return -1;
    take(p);                                   /* ( */
    struct df_node *n = NODE(fi);
    n->func = functions[which].fn;
    const char *fname = functions[which].name;
    bool refused_before = p->has_later;
    do {
        if (n->nargs == DF_MAX_ARGS)                 /* synfin's bound */
            return unexpected(p, peek(p));
        int a = parse_arith(p);
        if (a < 0)
            return -1;
        n = NODE(fi);
        n->args[n->nargs++] = a;
    } while (accept(p, TK_COMMA));
    const struct df_token *close = peek(p);
    if (!accept(p, TK_RPAREN))
        return unexpected(p, close);
    n->len = close->at + 1 - n->at;
    /* The result's type, kept when the arguments are refused (the refusal
     * waits for the rest of the syntax). */
    n->type = n->func == FN_LEN || n->func == FN_COUNT ? T_UINT32
            : n->func == FN_UPPER || n->func == FN_LOWER || n->func == FN_STRING ? T_STRING : T_INT32;
    if (n->nargs > functions[which].max) {
        df_err(p->err, n->at, function_name_len(p, fi), "Function %s can only accept %d arguments.", fname,
               functions[which].max);
        return later(p, fi);
    }
    /* Wireshark checks what kind of argument a call has before the
     * argument itself: a refusal inside it ("x[0]" of a number) gives way. */
    struct df_node *arg = NODE(n->args[0]);
    bool field_only = n->func != FN_MAX && n->func != FN_MIN && n->func != FN_ABS;
    bool stringwise = n->func == FN_UPPER || n->func == FN_LOWER;
    if (field_only && (arg->kind != N_FIELD || (stringwise && !stringlike(arg->type)))) {
        int at, len;
        place_of(p, n->args[0], &at, &len);
        p->has_later = refused_before;
        df_err(p->err, at, len, stringwise ? "Only string type fields can be used as parameter for %s()"
                                           : "Only fields can be used as parameter for %s()", fname);
        return later(p, fi);
    }
    int t0 = operand_type(p, n->args[0]);
    arg = NODE(n->args[0]);
    /* max(), min(), abs(): a literal or an unknown name first, or no number or time */
    bool numeric = df_kind_of((uint8_t)t0) == K_INT || df_kind_of((uint8_t)t0) == K_TIME;
    if (t0 >= 0 && n->func == FN_ABS && !numeric)
        df_err(p->err, arg->at, arg->len, "'%.*s' is not a valid argument to '%s'()", arg->len, p->lx->text + arg->at,
               fname);
    else if (t0 == -2 || (t0 >= 0 && !field_only && !numeric))
        df_err(p->err, arg->at, arg->len, "Argument '%.*s' is not valid for %s()", arg->len, p->lx->text + arg->at,
               fname);
    if (t0 < 0 || (!field_only && !numeric))
        return later(p, fi);
    switch (n->func) {
    case FN_LEN:
    case FN_COUNT:
    case FN_UPPER:
    case FN_LOWER:
        break;
    case FN_STRING:
        if (stringlike((uint8_t)t0) || byteslike((uint8_t)t0) || t0 == T_NONE) {
            df_err(p->err, arg->at, arg->len, "String conversion for field \"%.*s\" is not supported", arg->len,
                   p->lx->text + arg->at);
            return later(p, fi);
        }
        break;
    case FN_MAX:
    case FN_MIN:
    case FN_ABS:
        for (int k = 1; k < n->nargs; k++) {
            int tk = operand_type(p, n->args[k]);
            if (tk == -2 && !resolve_literal(p, n->args[k], (uint8_t)t0))
                return later(p, fi);
            if (tk == -1)
                return later(p, fi);
            if (tk >= 0 && tk != t0) {             /* one type, not one kind: FT_UINT16 is no FT_UINT32 */
                struct df_node *bad = NODE(n->args[k]);
                df_err(p->err, bad->at, bad->len, "Arguments to '%s' must have the same type (expected %s, got %s)",
                       fname, field_type_codes[t0], field_type_codes[tk]);
                return later(p, fi);
            }
        }
        n->type = (uint8_t)t0;
        break;
    }
    return fi;
}

/* After an opening bracket: what inner parses, then the closing one. */
static int enclosed(struct parser *p, int (*inner)(struct parser *), enum df_tok close)
{
    take(p);
    int e = inner(p);
    if (e < 0)
        return -1;
    if (!accept(p, close))
        return unexpected(p, peek(p));
    return e;
}

static int parse_primary(struct parser *p)
{
    const struct df_token *t = peek(p);
    if (t->kind == TK_LBRACE)
        return enclosed(p, parse_arith, TK_RBRACE);     /* arithmetic grouping */
    if (t->kind == TK_WORD && p->lx->tok[p->pos + 1].kind == TK_LPAREN) {
        for (size_t k = 0; k < sizeof functions / sizeof functions[0]; k++)
            if (strlen(functions[k].name) == (size_t)t->len &&
                strncmp(functions[k].name, p->lx->text + t->at, (size_t)t->len) == 0) {
                take(p);
                return parse_call(p, t, k);
            }
        df_err(p->err, t->at, t->len, "Function '%.*s' does not exist", t->len, p->lx->text + t->at);
        p->syntax_error = true;              /* Wireshark's grammar refuses it at once */
        return -1;
    }
    if (t->kind != TK_WORD && t->kind != TK_STRING && t->kind != TK_RAWSTRING && t->kind != TK_CHAR)
        return unexpected(p, t);
    take(p);
    int i;
    char name[128];
    int f = -1;
    if (t->kind == TK_WORD && t->len < (int)sizeof name) {
        memcpy(name, p->lx->text + t->at, (size_t)t->len);
        name[t->len] = '\0';
        /* Columns are made after filtering: tshark 4.0 does not filter on them. */
        if (strncmp(name, "_ws.col.", 8) != 0)
            f = field_lookup(name);
    }
    if (f >= 0) {
        if ((i = new_node(p, N_FIELD, t->at, t->len)) < 0)
            return -1;
        NODE(i)->field = f;
        NODE(i)->type = fields[f].type;
        if (accept(p, TK_HASH) && parse_layer(p, i) < 0)
            return -1;
    } else {
        if ((i = new_node(p, N_LITERAL, t->at, t->len)) < 0)
            return -1;
        struct df_node *n = NODE(i);
        n->lit_tok = t->kind;
        n->type = UNKNOWN_TYPE;
        n->lit_text = keep_text(p, t, &n->lit_len);
        if (peek(p)->kind == TK_HASH || (peek(p)->kind == TK_LBRACKET && t->kind == TK_WORD))
            return no_type(p, i);              /* a layer or slice of a name that is no field */
    }
    while (peek(p)->kind == TK_LBRACKET && NODE(i)->kind != N_LITERAL) {
        const struct df_token *b = take(p);
        int base_type = NODE(i)->type;
        int s = new_node(p, N_SLICE, NODE(i)->at, b->at + b->len - NODE(i)->at);
        if (s < 0 || !parse_ranges(p, b, NODE(s)))
            return -1;
        NODE(s)->a = i;
        NODE(s)->type = T_BYTES;
        if (!sliceable((uint8_t)base_type)) {
            df_err(p->err, NODE(i)->at, NODE(i)->len, "\"%.*s\" is a %s and cannot be sliced into a sequence of bytes.",
                   NODE(i)->len, p->lx->text + NODE(i)->at, field_type_names[base_type]);
            later(p, s);
        }
        i = s;
    }
    return i;
}

static int parse_unary(struct parser *p)
{
    const struct df_token *t = peek(p);
    if (t->kind == TK_MINUS) {
        take(p);
        /* Wireshark 4.0's grammar negates a literal, field or call only. */
        if (peek(p)->kind == TK_MINUS || peek(p)->kind == TK_LBRACE)
            return unexpected(p, peek(p));
        int a = parse_unary(p);
        if (a < 0)
            return -1;
        int n = new_node(p, N_NEG, t->at, NODE(a)->at + NODE(a)->len - t->at);
        if (n < 0)
            return -1;
        NODE(n)->a = a;
        NODE(n)->type = UNKNOWN_TYPE;
        return n;
    }
    return parse_primary(p);
}

static int binary(struct parser *p, const struct df_token *op, int a, int b)
{
    int n = new_node(p, N_ARITH, NODE(a)->at, NODE(b)->at + NODE(b)->len - NODE(a)->at);
    if (n < 0)
        return -1;
    NODE(n)->op = op->kind, NODE(n)->op_at = op->at, NODE(n)->a = a, NODE(n)->b = b, NODE(n)->type = UNKNOWN_TYPE;
    return n;
}

/* Left-associative arithmetic: operands parsed by next, joined by any
 * operator of ops (ended by TK_END). */
static int arith_level(struct parser *p, const enum df_tok *ops, int (*next)(struct parser *))
{
    int a = next(p);
    while (a >= 0) {
        const struct df_token *op = peek(p);
        const enum df_tok *k = ops;
        while (*k != TK_END && *k != op->kind)
            k++;
        if (*k == TK_END)
            break;
        take(p);
        int b = next(p);
        if (b < 0)
            return -1;
        a = binary(p, op, a, b);
    }
    return a;
}

static int parse_term(struct parser *p)
{
    static const enum df_tok ops[] = { TK_STAR, TK_SLASH, TK_PERCENT, TK_END };
    return arith_level(p, ops, parse_unary);
}

static int parse_sum(struct parser *p)
{
    static const enum df_tok ops[] = { TK_PLUS, TK_MINUS, TK_END };
    return arith_level(p, ops, parse_term);
}

/* Bitwise and binds loosest, as in Wireshark 4.0's grammar: "a & 3 - 1"
 * is a & 2. */
static int parse_arith(struct parser *p)
{
    static const enum df_tok ops[] = { TK_BITAND, TK_END };
    return arith_level(p, ops, parse_sum);
}

/* ---- tests ---- */

static int parse_or(struct parser *p);

/* Operand a refused by relation r (its place is its operator's, as
 * written: "~", "ge", "contains"). */
static int cannot(struct parser *p, int a, int r)
{
    struct df_node *n = NODE(a);
    df_err(p->err, n->at, n->len, "%.*s (type=%s) cannot participate in %.*s comparison.", n->len,
           p->lx->text + n->at, field_type_names[n->type], NODE(r)->len, p->lx->text + NODE(r)->at);
    return -1;
}

/* A set's member, as tshark 4.0's grammar has it: a value, a field or a
 * function call, negated once or not; no arithmetic ("{1+1, 3}": "+" was
 * unexpected) and no braces ("{{1}}"). Members are separated by commas
 * only: 4.0 refuses the whitespace that 3.6 allowed ("{25 26}": "26" was
 * unexpected), which is what taking one member does. */
static int parse_set_member(struct parser *p)
{
    int k = p->pos;
    if (p->lx->tok[k].kind == TK_MINUS)
        k++;                                /* one minus at most: "{--1}" is refused */
    if (p->lx->tok[k].kind == TK_LBRACE || (k > p->pos && p->lx->tok[k].kind == TK_MINUS))
        return unexpected(p, &p->lx->tok[k]);
    return parse_unary(p);
}

static int parse_set(struct parser *p, int t)
{
    if (!accept(p, TK_LBRACE))
        return unexpected(p, peek(p));
    int type = operand_type(p, NODE(t)->a);
    if (type == -2)
        no_type(p, NODE(t)->a);
    if (type == T_NONE)
        cannot(p, NODE(t)->a, t);
    bool typed = type >= 0 && type != T_NONE;
    if (!typed) {
        later(p, t);
        type = T_BYTES;              /* the members' refusals are not shown, nor checked */
    }
    int *link = &NODE(t)->next;
    do {
        int lo = parse_set_member(p);
        if (lo < 0)
            return -1;
        int hi = lo;
        if (accept(p, TK_DOTDOT) && (hi = parse_set_member(p)) < 0)
            return -1;
        for (int k = 0; k < 2; k++) {
            int e = k ? hi : lo;
            if (NODE(e)->kind == N_SLICE) {
                df_err(p->err, -1, 0, "A slice may not appear inside a set.");
                later(p, t);
                continue;
            }
            int te = operand_type(p, e);
            if (te == -2 && !resolve_named(p, e, (uint8_t)type, names_of(p, NODE(t)->a))) {
                later(p, t);
            } else if (te == -1) {
                later(p, t);
            } else if (te >= 0 && typed && !compatible(p, NODE(t)->a, e)) {
                incompatible(p, NODE(t)->a, e);
                later(p, t);
            }
        }
        int item = new_node(p, N_SETITEM, NODE(lo)->at, NODE(hi)->at + NODE(hi)->len - NODE(lo)->at);
        if (item < 0)
            return -1;
        NODE(item)->a = lo, NODE(item)->b = hi, NODE(item)->next = -1;
        *link = item;
        link = &NODE(item)->next;
    } while (accept(p, TK_COMMA));
    if (!accept(p, TK_RBRACE))
        return unexpected(p, peek(p));
    return t;
}

static int parse_matches(struct parser *p, int t)
{
    const struct df_token *rx = take(p);
    int a = NODE(t)->a;
    if (rx->kind == TK_LBRACE)
        return unexpected(p, rx);
    if (rx->kind != TK_STRING && rx->kind != TK_RAWSTRING) {
        /* Any one operand parses; only a string is a pattern, and that is
         * the refusal (not one inside the operand). */
        bool refused_before = p->has_later;
        p->pos--;
        int r = parse_primary(p);
        if (r < 0)
            return -1;
        p->has_later = refused_before;
        int at, len;
        place_of(p, r, &at, &len);
        df_err(p->err, at, len, "Matches requires a double quoted string on the right side.");
        return later(p, t);
    }
    int ta = operand_type(p, a);
    if (ta == -2)
        no_type(p, a);
    else if (ta >= 0 && !stringlike((uint8_t)ta) && !byteslike((uint8_t)ta))
        cannot(p, a, t);
    if (ta < 0 || (!stringlike((uint8_t)ta) && !byteslike((uint8_t)ta)))
        return later(p, t);
    uint32_t len;
    const char *pattern = keep_text(p, rx, &len);
    int code;
    PCRE2_SIZE where;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, PCRE2_CASELESS, &code, &where, NULL);
    if (!re) {
        PCRE2_UCHAR msg[200];
        pcre2_get_error_message(code, msg, sizeof msg);
        df_err(p->err, -1, 0, "Regex compilation error: %s.", (const char *)msg);
        return later(p, t);
    }
    NODE(t)->regex = re;
    NODE(t)->match_data = pcre2_match_data_create_from_pattern(re, NULL);
    if (!NODE(t)->match_data) {
        df_err(p->err, -1, 0, "out of memory");
        return -1;
    }
    return t;
}

/* Wireshark 4.0 refuses arithmetic whose first operand is a literal (or
 * a negated one) as the left side of a comparison, or alone: the literal,
 * or -1 if i is not such arithmetic. */
static int constant_lhs(struct parser *p, int i)
{
    while (NODE(i)->kind == N_ARITH && NODE(NODE(i)->a)->kind == N_ARITH)
        i = NODE(i)->a;               /* down to the first operand */
    int first = NODE(i)->kind == N_ARITH ? NODE(i)->a : -1;
    if (first >= 0 && NODE(first)->kind == N_LITERAL)
        return first;
    if (first >= 0)
        i = first;
    if (NODE(i)->kind == N_NEG && NODE(NODE(i)->a)->kind == N_LITERAL)
        return NODE(i)->a;
    return -1;
}

/* A literal, or a literal under minus signs. */
static bool is_literal(struct parser *p, int i)
{
    while (NODE(i)->kind == N_NEG)
        i = NODE(i)->a;
    return NODE(i)->kind == N_LITERAL;
}

static int parse_relation(struct parser *p)
{
    const struct df_token *t = peek(p);
    if (t->kind == TK_LPAREN)
        return enclosed(p, parse_or, TK_RPAREN);
    int quant = 0;                             /* 1 any, 2 all */
    if (t->kind == TK_ANY || t->kind == TK_ALL)
        quant = take(p)->kind == TK_ANY ? 1 : 2;
    /* Wireshark checks a relation before its operands: a refusal of the
     * relation takes the place of one inside them. */
    bool refused_before = p->has_later;
    int a = parse_arith(p);
    if (a < 0)
        return -1;
    const struct df_token *op = peek(p);
    /* "a not in {...}": tshark 4.0's negated membership, !(a in {...});
     * after an operand "not" may begin nothing else. */
    const struct df_token *not_in = NULL;
    if (op->kind == TK_NOT) {
        not_in = take(p);
        op = peek(p);
        if (op->kind != TK_IN)
            return unexpected(p, op);
    }
    int n;
    bool arith = NODE(a)->kind == N_ARITH || NODE(a)->kind == N_NEG;
    if (not_in && arith)
        return unexpected(p, not_in);
    if (arith && (op->kind == TK_CONTAINS || op->kind == TK_MATCHES || op->kind == TK_IN))
        return unexpected(p, op);
    int lit = constant_lhs(p, a);
    bool relation = op->kind >= TK_EQ && op->kind <= TK_IN;
    if (lit >= 0 && relation) {
        constant_lhs_refused(p, lit);
        later(p, a);
    } else if (is_literal(p, a) && relation) {
        struct df_node *x = NODE(a);
        if (op->kind == TK_IN)
            df_err(p->err, x->at, x->len, "Only a field may be tested for membership in a set.");
        else if (op->kind == TK_CONTAINS || op->kind == TK_MATCHES)
            df_err(p->err, x->at, x->len, "Left side of %.*s expression must be a field or function, not %.*s.",
                   op->len, p->lx->text + op->at, x->len, p->lx->text + x->at);
        else
            df_err(p->err, x->at, x->len, "Left side of \"%.*s\" expression must be a field or function, not %.*s.",
                   op->len, p->lx->text + op->at, x->len, p->lx->text + x->at);
        later(p, a);
    }
    switch (op->kind) {
    case TK_EQ: case TK_NE: case TK_ALL_EQ: case TK_ANY_NE:
    case TK_GT: case TK_GE: case TK_LT: case TK_LE: {
        take(p);
        int b = parse_arith(p);
        if (b < 0 || (n = new_node(p, N_CMP, op->at, op->len)) < 0)
            return -1;
        struct df_node *c = NODE(n);
        c->a = a, c->b = b;
        static const enum df_cmp cmp_of[] = {
            [TK_EQ] = C_EQ, [TK_NE] = C_NE, [TK_ALL_EQ] = C_EQ, [TK_ANY_NE] = C_NE,
            [TK_GT] = C_GT, [TK_GE] = C_GE, [TK_LT] = C_LT, [TK_LE] = C_LE,
        };
        c->cmp = cmp_of[op->kind];
        c->all = op->kind == TK_NE || op->kind == TK_ALL_EQ;
        if (quant)
            c->all = quant == 2;
        /* A label takes part in no relation (booleans and protocols are
         * ordered too): Wireshark asks the left side before the right. */
        int ta = operand_type(p, a);       /* once: a refused literal keeps its type */
        if (ta == T_NONE)
            cannot(p, a, n);
        if (ta == -1 || ta == T_NONE)
            return later(p, n);
        return pair_type(p, a, b, false) < 0 ? later(p, n) : n;
    }
    case TK_IN:
        /* Wireshark 4.0's grammar takes "in" after a field, a slice or a
         * call, and then accepts only the field. */
        if (NODE(a)->kind == N_ARITH || NODE(a)->kind == N_NEG)
            return unexpected(p, op);
        if (NODE(a)->kind == N_SLICE || NODE(a)->kind == N_FUNC) {
            int at, len;
            place_of(p, a, &at, &len);
            p->has_later = refused_before;
            df_err(p->err, at, len, "Only a field may be tested for membership in a set.");
            later(p, a);
        }
        take(p);
        if ((n = new_node(p, N_IN, op->at, op->len)) < 0)
            return -1;
        NODE(n)->a = a;
        NODE(n)->all = quant == 2;
        if ((n = parse_set(p, n)) < 0 || !not_in)
            return n;
        int neg = new_node(p, N_NOT, not_in->at, not_in->len);
        if (neg >= 0)
            NODE(neg)->a = n;
        return neg;
    case TK_CONTAINS: {
        take(p);
        if (peek(p)->kind == TK_LBRACE)     /* one operand: no arithmetic, no minus sign, no braces */
            return unexpected(p, peek(p));
        bool refused_left = p->has_later;
        int b = parse_primary(p);
        if (b < 0 || (n = new_node(p, N_CONTAINS, op->at, op->len)) < 0)
            return -1;
        NODE(n)->a = a, NODE(n)->b = b, NODE(n)->all = quant == 2;
        int ta = operand_type(p, a);
        if (ta == -2)
            return no_type(p, a) < 0 ? later(p, n) : n;
        if (ta < 0)
            return later(p, n);
        if (!stringlike((uint8_t)ta) && !byteslike((uint8_t)ta)) {
            p->has_later = refused_left;
            cannot(p, a, n);
            return later(p, n);
        }
        int tb = operand_type(p, b);
        if (tb == -2) {
            /* A quoted string is sought as its bytes in a byte field. */
            bool quoted = NODE(b)->lit_tok == TK_STRING || NODE(b)->lit_tok == TK_RAWSTRING;
            uint8_t want = quoted && ta == T_ETHER ? T_ETHER   /* refused, as Wireshark does */
                         : quoted ? T_STRING
                         : stringlike((uint8_t)ta) ? T_STRING : T_BYTES;
            if (!resolve_literal(p, b, want))
                return later(p, n);
        } else if (tb < 0) {
            return later(p, n);
        } else if (!compatible(p, a, b)) {
            return incompatible(p, a, b) < 0 ? later(p, n) : n;
        }
        return n;
    }
    case TK_MATCHES:
        take(p);
        if ((n = new_node(p, N_MATCHES, op->at, op->len)) < 0)
            return -1;
        NODE(n)->a = a, NODE(n)->all = quant == 2;
        return parse_matches(p, n);
    default:
        break;
    }
    /* An operand alone. */
    struct df_node *x = NODE(a);
    if ((n = new_node(p, x->kind == N_FIELD || x->kind == N_SLICE ? N_EXISTS : N_TRUTH, x->at, x->len)) < 0)
        return -1;
    NODE(n)->a = a;
    if (x->kind == N_LITERAL || x->kind == N_FUNC || lit >= 0) {
        if (lit >= 0) {
            constant_lhs_refused(p, lit);
        } else if (x->kind == N_FUNC) {
            p->has_later = refused_before;
            df_err(p->err, x->at, function_name_len(p, a), "You cannot test whether a function is present.");
        }
        else
            no_type(p, a);
        return later(p, n);
    }
    int type = NODE(n)->kind == N_TRUTH ? operand_type(p, a) : 0;
    if (type == -2)
        no_type(p, a);
    return type < 0 ? later(p, n) : n;
}

static int parse_not(struct parser *p)
{
    const struct df_token *t = peek(p);
    if (t->kind != TK_NOT)
        return parse_relation(p);
    take(p);
    int a = parse_not(p);
    if (a < 0)
        return -1;
    int n = new_node(p, N_NOT, t->at, t->len);
    if (n >= 0)
        NODE(n)->a = a;
    return n;
}

/* Left-associative chains of one logical operator. */
static int chain(struct parser *p, enum df_tok op, enum df_node_kind kind, int (*next)(struct parser *))
{
    int a = next(p);
    while (a >= 0 && peek(p)->kind == op) {
        const struct df_token *t = take(p);
        int b = next(p);
        if (b < 0)
            return -1;
        int n = new_node(p, kind, t->at, t->len);
        if (n < 0)
            return -1;
        NODE(n)->a = a, NODE(n)->b = b;
        a = n;
    }
    return a;
}

static int parse_and(struct parser *p) { return chain(p, TK_AND, N_AND, parse_not); }
static int parse_xor(struct parser *p) { return chain(p, TK_XOR, N_XOR, parse_and); }
static int parse_or(struct parser *p) { return chain(p, TK_OR, N_OR, parse_xor); }

bool df_parse(struct dfilter *df, const struct df_lexer *lx, struct df_error *err)
{
    struct parser p = { .df = df, .lx = lx, .err = err };
    if (lx->tok[0].kind == TK_END) {
        df->root = -1;
        return true;
    }
    df->root = parse_or(&p);
    if (df->root >= 0 && peek(&p)->kind != TK_END)
        df->root = unexpected(&p, peek(&p));
    if (p.has_later && !p.syntax_error)
        *err = p.later;
    return df->root >= 0 && !p.has_later;
}
