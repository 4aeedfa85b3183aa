/* A compiled filter on one frame. Each operand yields a list of values
 * (a field occurs any number of times); a comparison holds for any pair of
 * them, or for all with all_eq, !=, or "all". A comparison with a side that
 * has no value is false, so "ip.dst != 10.0.0.1" keeps only frames with an
 * ip.dst, as in Wireshark. No allocation: values live on the stack, and the
 * bytes that functions make in the filter's scratch buffer. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <pcre2.h>
#include <string.h>

#include "decode/nstime.h"
#include "present/dfilter_impl.h"

#define MAXV MAX_OCCURRENCES
#define ORDER_NONE 2        /* order(): two values that do not compare */

struct ctx {
    const struct dfilter *df;
    const struct view *v;
    uint32_t scratch_used;
    int lost;               /* values arithmetic gave none for (an overflow, a division by zero) */
};

static uint8_t *scratch(struct ctx *c, uint32_t n)
{
    if (n > c->df->scratch_cap - c->scratch_used)
        return NULL;
    uint8_t *p = c->df->scratch + c->scratch_used;
    c->scratch_used += n;
    return p;
}

/* The layer a field's k-th value comes from (see per_layer in the parser). */
static int layer_of(const struct df_node *n, int k)
{
    return n->per_layer ? k / n->per_layer + 1 : 1;
}

static int field_values(struct ctx *c, const struct df_node *n, struct dval *out)
{
    struct fval fv[MAXV];
    const struct field *fd = &fields[n->field];
    int got = fd->get(fd, c->v, fv, MAXV), k = 0;
    for (int i = 0; i < got; i++) {
        if (n->layer_lo && (layer_of(n, i) < n->layer_lo || layer_of(n, i) > n->layer_hi))
            continue;
        struct dval *d = &out[k];
        memset(d, 0, sizeof *d);
        switch (df_kind_of(fd->type)) {
        case K_INT: d->i = fv[i].i, d->ity = (uint8_t)df_int_type_of(fd->type); break;
        case K_TIME:
            d->i = time_ns(fv[i].t), d->secs = fv[i].t.tv_sec, d->nsecs = (int32_t)fv[i].t.tv_nsec;
            break;
        case K_IPV4:
            d->p = fv[i].p, d->n = 4, d->prefix = 32;
            d->i = (int64_t)((uint32_t)d->p[0] << 24 | (uint32_t)d->p[1] << 16 | (uint32_t)d->p[2] << 8 | d->p[3]);
            break;
        case K_IPV6: d->p = fv[i].p, d->n = 16, d->prefix = 128; break;
        case K_BYTES:
            if (fv[i].p == field_missing)
                continue;
            d->p = fv[i].p, d->n = fv[i].n;
            d->tail = fd->type == T_PROTOCOL ? (uint32_t)fv[i].i : fv[i].n;
            break;
        default:
            d->i = 1;                               /* a label: present */
            break;
        }
        k++;
    }
    return k;
}

static int values(struct ctx *c, int ni, struct dval *out);
static int order(enum df_kind kind, const struct dval *x, const struct dval *y);

/* The bytes contains and matches search: a protocol's run to its data's end. */
static uint32_t span(const struct dval *d) { return d->tail > d->n ? d->tail : d->n; }

/* The bytes a value spans, for slices. */
static bool value_bytes(const struct df_node *base, const struct dval *d, const uint8_t **p, uint32_t *n)
{
    switch (df_kind_of(base->type)) {
    case K_BYTES: case K_IPV4: case K_IPV6:
        *p = d->p, *n = d->n;
        return d->p != NULL || d->n == 0;
    default:
        return false;
    }
}

/* Wireshark 4.0 makes a slice of every value: the bytes of each range
 * that lies within it, in order; a range that does not is left out, so a
 * slice can be empty (p NULL), and then it compares as empty bytes but
 * neither exists alone nor matches. */
static int slice_values(struct ctx *c, const struct df_node *n, struct dval *out)
{
    struct dval in[MAXV];
    int got = values(c, n->a, in), k = 0;
    for (int i = 0; i < got; i++) {
        const uint8_t *p;
        uint32_t len;
        if (!value_bytes(&c->df->node[n->a], &in[i], &p, &len))
            continue;
        /* Ranges count from the value's length; "frame" may be readable
         * only in part (see frame_readable in fields.c). */
        const struct df_node *base = &c->df->node[n->a];
        uint32_t readable = base->kind == N_FIELD && base->field == F_PROTO_FRAME && in[i].tail < len ? in[i].tail : len;
        uint32_t spans[DF_MAX_RANGES][2], total = 0;
        int nspan = 0;
        for (int r = 0; r < n->nrange; r++) {
            const struct df_range *rg = &n->range[r];
            int64_t s = rg->start < 0 ? (int64_t)len + rg->start : rg->start;
            int64_t e = rg->to_end ? (int64_t)len - 1 : rg->end < 0 ? (int64_t)len + rg->end : rg->end;
            if (s >= 0 && e >= s && e < (int64_t)readable)
                spans[nspan][0] = (uint32_t)s, spans[nspan][1] = (uint32_t)(e - s + 1), total += spans[nspan++][1];
        }
        struct dval *d = &out[k];
        memset(d, 0, sizeof *d);
        if (nspan == 1) {
            d->p = p + spans[0][0];
        } else if (nspan > 1) {
            uint8_t *buf = scratch(c, total);
            if (!buf)
                continue;
            for (int r = 0, at = 0; r < nspan; at += (int)spans[r][1], r++)
                memcpy(buf + at, p + spans[r][0], spans[r][1]);
            d->p = buf;
        }
        d->n = d->tail = total;
        k++;
    }
    return k;
}

static uint32_t type_size(uint8_t type)
{
    switch (type) {
    case T_BOOLEAN: case T_UINT8: case T_INT8: return 1;
    case T_UINT16: case T_INT16: return 2;
    case T_UINT24: return 3;
    case T_IPv6: return 16;
    case T_UINT64: return 8;
    case T_ABSOLUTE_TIME: case T_RELATIVE_TIME: return 8;
    default: return 4;
    }
}

static int64_t int_order(int64_t a, int64_t b) { return (a > b) - (a < b); }

/* Wireshark 4.0 compares times with nstime_cmp(), on their seconds and
 * nanoseconds as held (see struct dval), and narrows the difference of the
 * seconds to an int: two times more than 2^31 s apart compare the wrong
 * way round, and tshark keeps frames by that rule (crafted captures have
 * such times). */
#define NS_PER_S 1000000000
static int time_order(const struct dval *a, const struct dval *b)
{
    if (a->secs == b->secs)
        return (int)int_order(a->nsecs, b->nsecs);
    int32_t d = (int32_t)(uint32_t)((uint64_t)a->secs - (uint64_t)b->secs);   /* (int)(a->secs - b->secs) */
    return (d > 0) - (d < 0);
}

static int call_values(struct ctx *c, const struct df_node *n, struct dval *out)
{
    struct dval in[MAXV];
    const struct df_node *arg = &c->df->node[n->args[0]];
    int got = values(c, n->args[0], in), k = 0;
    switch (n->func) {
    case FN_COUNT:
        memset(out, 0, sizeof *out);
        out[0].i = got;
        return got > 0;                             /* count() of an absent field has no value */
    case FN_LEN:
        for (int i = 0; i < got; i++) {
            memset(&out[k], 0, sizeof out[k]);
            enum df_kind kind = df_kind_of(arg->type);
            out[k++].i = kind == K_BYTES ? in[i].n : type_size(arg->type);
        }
        return k;
    case FN_UPPER:
    case FN_LOWER:
        for (int i = 0; i < got; i++) {
            uint8_t *buf = scratch(c, in[i].n);
            if (!buf && in[i].n)
                continue;
            for (uint32_t j = 0; j < in[i].n; j++)
                buf[j] = (uint8_t)(n->func == FN_UPPER ? toupper(in[i].p[j]) : tolower(in[i].p[j]));
            memset(&out[k], 0, sizeof out[k]);
            out[k].p = buf, out[k].n = out[k].tail = in[i].n, k++;
        }
        return k;
    case FN_STRING:
        for (int i = 0; i < got; i++) {
            uint8_t *buf = scratch(c, 64);
            if (!buf)
                continue;
            memset(&out[k], 0, sizeof out[k]);
            out[k].p = buf;
            out[k].n = out[k].tail = df_value_text(arg->type, &in[i], (char *)buf, 64);
            k++;
        }
        return k;
    case FN_ABS:
        /* Wireshark 4.0 takes a time as negative only when its seconds are
         * (so abs(-0.5) stays -0.5). */
        for (int i = 0; i < got; i++) {
            bool negative = df_kind_of(arg->type) == K_TIME ? in[i].secs < 0
                                                            : (in[i].ity == IT_S32 || in[i].ity == IT_S64) && in[i].i < 0;
            out[k] = in[i];
            if (negative && in[i].ity == IT_S32)     /* as C's int32 negation wraps in Wireshark */
                out[k].i = (int32_t)(0u - (uint32_t)in[i].i);
            else if (negative)
                out[k].i = (int64_t)(0 - (uint64_t)in[i].i), out[k].secs = -in[i].secs, out[k].nsecs = -in[i].nsecs;
            k++;
        }
        return k;
    case FN_MAX:
    case FN_MIN: {
        /* Wireshark 4.0 (df_func_compare) takes the arguments last to first
         * and takes a value over the one kept when it is greater (max) or
         * less (min), or when the two do not compare. */
        bool have = false;
        for (int a = n->nargs - 1; a >= 0; a--) {
            if (a != 0 || n->nargs > 1)            /* args[0]'s are in `in` until another's come */
                got = values(c, n->args[a], in);
            for (int i = 0; i < got; i++) {
                int o = have ? order(df_kind_of(arg->type), &in[i], &out[0]) : 0;
                if (!have || o == ORDER_NONE || o == (n->func == FN_MAX ? 1 : -1))
                    out[0] = in[i], have = true;
            }
        }
        return have;
    }
    }
    return 0;
}

/* A call: an argument with no value (arithmetic that gave none) makes
 * the call have none, and the comparison fail even under "all". */
static int func_values(struct ctx *c, const struct df_node *n, struct dval *out)
{
    int lost = c->lost;
    int got = call_values(c, n, out);
    c->lost = lost;
    return got;
}

/* Integer arithmetic as Wireshark 4.0 does it (ftype-integer.c): in the
 * left value's type, the right one's bits read in it; an overflow or a
 * division by zero gives no value; an unsigned subtraction below zero
 * goes signed, within the signed range. */
static bool int_arith(int op, const struct dval *x, const struct dval *y, struct dval *d)
{
    bool wide = x->ity == IT_U64 || x->ity == IT_S64;
    d->ity = x->ity;
    if (x->ity == IT_U32 || x->ity == IT_U64) {
        uint64_t a = (uint64_t)x->i, b = (uint64_t)y->i, r, max = wide ? UINT64_MAX : UINT32_MAX;
        if (!wide)
            a &= UINT32_MAX, b &= UINT32_MAX;
        switch (op) {
        case TK_PLUS: if (__builtin_add_overflow(a, b, &r) || r > max) return false; break;
        case TK_MINUS:
            if (b > a) {
                int64_t smax = wide ? INT64_MAX : INT32_MAX;
                if (a > (uint64_t)smax || b > (uint64_t)smax)
                    return false;
                d->i = (int64_t)a - (int64_t)b;
                d->ity = wide ? IT_S64 : IT_S32;
                return true;
            }
            r = a - b;
            break;
        case TK_STAR: if (__builtin_mul_overflow(a, b, &r) || r > max) return false; break;
        case TK_SLASH: if (b == 0) return false; r = a / b; break;
        case TK_PERCENT: if (b == 0) return false; r = a % b; break;
        case TK_BITAND: r = a & b; break;
        default: return false;
        }
        d->i = (int64_t)r;
        return true;
    }
    int64_t a = x->i, b = y->i, r, min = wide ? INT64_MIN : INT32_MIN, max = wide ? INT64_MAX : INT32_MAX;
    if (!wide)
        b = (int32_t)(uint32_t)(uint64_t)b;
    switch (op) {
    case TK_PLUS: if (__builtin_add_overflow(a, b, &r)) return false; break;
    case TK_MINUS: if (__builtin_sub_overflow(a, b, &r)) return false; break;
    case TK_STAR: if (__builtin_mul_overflow(a, b, &r)) return false; break;
    case TK_SLASH: if (b == 0 || (a == min && b == -1)) return false; r = a / b; break;
    case TK_PERCENT: if (b == 0 || (a == min && b == -1)) return false; r = a % b; break;
    case TK_BITAND: r = a & b; break;
    default: return false;
    }
    if (r < min || r > max)
        return false;
    d->i = r;
    return true;
}

/* Times add and subtract as Wireshark's nstime_sum and nstime_delta do:
 * seconds and nanoseconds apart, then of one sign. */
static bool time_arith(int op, const struct dval *x, const struct dval *y, struct dval *d)
{
    if (op != TK_PLUS && op != TK_MINUS)
        return false;
    int64_t sign = op == TK_PLUS ? 1 : -1;
    int64_t s = x->secs + sign * y->secs, ns = (int64_t)x->nsecs + sign * y->nsecs;
    if (ns >= NS_PER_S)
        ns -= NS_PER_S, s++;
    else if (ns <= -NS_PER_S)
        ns += NS_PER_S, s--;
    if (s > 0 && ns < 0)
        ns += NS_PER_S, s--;
    else if (s < 0 && ns > 0)
        ns -= NS_PER_S, s++;
    d->secs = s, d->nsecs = (int32_t)ns;
    d->i = (int64_t)((uint64_t)s * NS_PER_S + (uint64_t)ns);
    return true;
}

static int arith_values(struct ctx *c, const struct df_node *n, struct dval *out)
{
    struct dval a[MAXV], b[MAXV];
    int na = values(c, n->a, a), nb = values(c, n->b, b), k = 0;
    enum df_kind kind = df_kind_of(n->type);
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb && k < MAXV; j++) {
            struct dval *d = &out[k];
            memset(d, 0, sizeof *d);
            if (kind == K_BYTES) {                  /* slice & bytes: same length */
                uint8_t *buf = a[i].n == b[j].n ? scratch(c, a[i].n) : NULL;
                if (!buf)
                    continue;
                for (uint32_t x = 0; x < a[i].n; x++)
                    buf[x] = a[i].p[x] & b[j].p[x];
                d->p = buf, d->n = d->tail = a[i].n;
                k++;
                continue;
            }
            if (kind == K_TIME ? time_arith(n->op, &a[i], &b[j], d) : int_arith(n->op, &a[i], &b[j], d))
                k++;
            else
                c->lost++;
        }
    return k;
}

static int values(struct ctx *c, int ni, struct dval *out)
{
    const struct df_node *n = &c->df->node[ni];
    switch (n->kind) {
    case N_FIELD: return field_values(c, n, out);
    case N_LITERAL: out[0] = n->lit; return 1;
    case N_SLICE: return slice_values(c, n, out);
    case N_FUNC: return func_values(c, n, out);
    case N_ARITH: return arith_values(c, n, out);
    case N_NEG: {
        int got = values(c, n->a, out), k = 0;
        for (int i = 0; i < got; i++) {
            struct dval d = out[i];
            if (df_kind_of(n->type) == K_INT) {
                /* Wireshark 4.0: an unsigned value turns signed (none if
                 * it is past the signed range); a signed one wraps. */
                switch (d.ity) {
                case IT_U32: if ((uint64_t)d.i > INT32_MAX) { c->lost++; continue; } d.ity = IT_S32; d.i = -d.i; break;
                case IT_U64: if ((uint64_t)d.i > INT64_MAX) { c->lost++; continue; } d.ity = IT_S64; d.i = -d.i; break;
                case IT_S32: d.i = (int32_t)(0u - (uint32_t)d.i); break;
                default: d.i = (int64_t)(0 - (uint64_t)d.i); break;
                }
            } else {
                d.i = (int64_t)(0 - (uint64_t)d.i), d.secs = -d.secs, d.nsecs = -d.nsecs;
            }
            out[k++] = d;
        }
        return k;
    }
    default: return 0;
    }
}

/* Order of x and y (-1, 0, 1, or ORDER_NONE: they do not compare); for
 * addresses with a CIDR prefix, 0 when x lies in y's network or y in x's. */
static int order(enum df_kind kind, const struct dval *x, const struct dval *y)
{
    switch (kind) {
    case K_INT: {
        /* Wireshark 4.0 reads both in the left value's signedness; a
         * negative value is no unsigned one, nor one past 2^63 - 1 a
         * signed one: the two do not compare. */
        bool x_signed = x->ity == IT_S32 || x->ity == IT_S64, y_signed = y->ity == IT_S32 || y->ity == IT_S64;
        if (!x_signed) {
            if (y_signed && y->i < 0)
                return ORDER_NONE;
            uint64_t a = (uint64_t)x->i, b = (uint64_t)y->i;
            return (a > b) - (a < b);
        }
        if (!y_signed && (uint64_t)y->i > INT64_MAX)
            return ORDER_NONE;
        return (int)int_order(x->i, y->i);
    }
    case K_TIME:
        return time_order(x, y);
    case K_IPV4: {
        int bits = x->prefix < y->prefix ? x->prefix : y->prefix;
        uint32_t mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
        uint32_t a = (uint32_t)x->i & mask, b = (uint32_t)y->i & mask;
        return (a > b) - (a < b);
    }
    case K_IPV6: {
        int bits = x->prefix < y->prefix ? x->prefix : y->prefix;
        for (int i = 0; i < 16; i++) {
            int keep = bits >= 8 ? 8 : bits > 0 ? bits : 0;
            bits -= keep;
            uint8_t mask = (uint8_t)(keep == 0 ? 0 : 0xff << (8 - keep));
            uint8_t a = x->p[i] & mask, b = y->p[i] & mask;
            if (a != b)
                return a < b ? -1 : 1;
        }
        return 0;
    }
    case K_BYTES: {
        uint32_t m = x->n < y->n ? x->n : y->n;
        int r = m ? memcmp(x->p, y->p, m) : 0;
        if (r)
            return r < 0 ? -1 : 1;
        return (x->n > y->n) - (x->n < y->n);
    }
    default:
        return 0;
    }
}

/* Wireshark 4.0 orders protocols by their length, then their bytes
 * (_tvbcmp): "ip > \"a\"" holds for any IPv4 header. */
static int protocol_order(const struct dval *x, const struct dval *y)
{
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return order(K_BYTES, x, y);
}

static bool holds(enum df_cmp cmp, int o)
{
    if (o == ORDER_NONE)
        return false;
    switch (cmp) {
    case C_EQ: return o == 0;
    case C_NE: return o != 0;
    case C_GT: return o > 0;
    case C_GE: return o >= 0;
    case C_LT: return o < 0;
    case C_LE: return o <= 0;
    }
    return false;
}

static enum df_kind kind_of_node(const struct ctx *c, int ni) { return df_kind_of(c->df->node[ni].type); }

static bool in_set(struct ctx *c, const struct df_node *n, const struct dval *x, enum df_kind kind)
{
    struct dval lo[MAXV], hi[MAXV];
    for (int it = n->next; it >= 0; it = c->df->node[it].next) {
        const struct df_node *item = &c->df->node[it];
        int nl = values(c, item->a, lo);
        if (item->a == item->b) {
            for (int i = 0; i < nl; i++)
                if (order(kind, x, &lo[i]) == 0)
                    return true;
            continue;
        }
        int nh = values(c, item->b, hi);
        for (int i = 0; i < nl; i++)
            for (int j = 0; j < nh; j++)
                if (holds(C_GE, order(kind, x, &lo[i])) && holds(C_LE, order(kind, x, &hi[j])))
                    return true;
    }
    return false;
}

/* Whether one value x of a relation's left side passes it, against the
 * right side's nb values b (comparisons and contains). */
static bool value_passes(struct ctx *c, const struct df_node *n, const struct dval *x, const struct dval *b, int nb)
{
    /* contains and matches search a protocol to its data's end; "frame"
     * only as far as it is readable (frame_readable in fields.c). */
    const struct df_node *a = &c->df->node[n->a];
    uint32_t hay = a->kind == N_FIELD && a->field == F_PROTO_FRAME ? x->tail : span(x);
    switch (n->kind) {
    case N_CMP: {
        /* With all, x must hold against every right-hand value too. */
        /* A slice compares bytes with bytes, whatever the other side is
         * (an address's bytes, a protocol's). */
        const struct df_node *b_node = &c->df->node[n->b];
        bool sliced = a->kind == N_SLICE || b_node->kind == N_SLICE;
        enum df_kind kind = sliced ? K_BYTES : kind_of_node(c, n->a);
        if (kind == K_NONE)
            kind = kind_of_node(c, n->b);
        /* Values that do not compare pass under "all" (and "!=", which is
         * !(a == b) in Wireshark 4.0, and "==="), and fail under "any". */
        bool protocol = a->type == T_PROTOCOL || b_node->type == T_PROTOCOL;
        for (int j = 0; j < nb; j++) {
            int o = protocol ? protocol_order(x, &b[j]) : order(kind, x, &b[j]);
            bool h = o == ORDER_NONE ? n->all : holds(n->cmp, o);
            if (h != n->all)
                return !n->all;
        }
        return n->all;
    }
    case N_IN:
        return in_set(c, n, x, kind_of_node(c, n->a));
    case N_CONTAINS: {
        /* An empty needle: Wireshark finds it in bytes (memmem), though
         * not in an empty slice, and never in a string or a protocol. */
        uint8_t ta = c->df->node[n->a].type;
        bool empty_found = ta == T_BYTES || ta == T_ETHER;
        for (int j = 0; j < nb; j++)
            if (b[j].n == 0 ? empty_found && x->p != NULL
                            : hay >= b[j].n && memmem(x->p, hay, b[j].p, b[j].n) != NULL)
                return true;
        return false;
    }
    case N_MATCHES:
        return x->p && pcre2_match(n->regex, x->p, hay, 0, 0, n->match_data, NULL) >= 0;
    default:
        return false;
    }
}

static bool test(struct ctx *c, int ni)
{
    const struct df_node *n = &c->df->node[ni];
    struct dval a[MAXV], b[MAXV];
    switch (n->kind) {
    case N_AND: return test(c, n->a) && test(c, n->b);
    case N_OR: return test(c, n->a) || test(c, n->b);
    case N_XOR: return test(c, n->a) != test(c, n->b);
    case N_NOT: return !test(c, n->a);
    case N_EXISTS: {
        int na = values(c, n->a, a);
        if (c->df->node[n->a].kind != N_SLICE)
            return na > 0;
        for (int i = 0; i < na; i++)
            if (a[i].n > 0)
                return true;
        return false;
    }
    case N_TRUTH: {
        int na = values(c, n->a, a);
        for (int i = 0; i < na; i++) {
            if (kind_of_node(c, n->a) != K_BYTES && a[i].i != 0)
                return true;
            for (uint32_t j = 0; kind_of_node(c, n->a) == K_BYTES && j < a[i].n; j++)
                if (a[i].p[j])
                    return true;
        }
        return false;
    }
    case N_CMP: case N_IN: case N_CONTAINS: case N_MATCHES: {
        /* Wireshark 4.0's quantifiers over the left side's values: any
         * (one passes) or all (every one passes); none: false. */
        c->lost = 0;
        int na = values(c, n->a, a);
        bool a_lost = c->lost > 0;
        c->lost = 0;
        int nb = n->kind == N_CMP || n->kind == N_CONTAINS ? values(c, n->b, b) : 1;
        bool b_lost = c->lost > 0;
        if ((!na && !a_lost) || (!nb && !b_lost))
            return false;               /* a field that is not there */
        if (!na || !nb)
            return n->all;              /* arithmetic that gave no value: "all" holds over none */
        for (int i = 0; i < na; i++)
            if (value_passes(c, n, &a[i], b, nb) != n->all)
                return !n->all;
        return n->all;
    }
    default:
        return false;
    }
}

bool df_match(const struct dfilter *df, const struct view *v)
{
    if (df->root < 0)
        return true;
    struct ctx c = { .df = df, .v = v };
    return test(&c, df->root);
}
