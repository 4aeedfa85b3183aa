/* -T ek: tshark 4.0's Elasticsearch bulk lines, two a frame: the index
 * line, then {"timestamp": milliseconds, "layers": ...}. In the tree form
 * tshark flattens each protocol: every field below it (subtrees included)
 * becomes a key of the protocol's object, named parent-protocol_field with
 * dots as underscores ("tcp_tcp_srcport"); same-named items under the same
 * parent become one array; protocols and expert items stay objects. */
#include <stdio.h>
#include <time.h>

#include "present/jsonw.h"
#include "present/print.h"

static struct jtree tree;
static int flat[JTREE_NODES], flat_parent[JTREE_NODES];
static uint32_t flat_hash[JTREE_NODES];   /* of the group key: compared before the names */
static int flat_top;
static bool taken[JTREE_NODES];

/* A node that stays an object (FT_PROTOCOL): a layer, an expert item. */
static bool is_object(const struct jnode *nd)
{
    return nd->kind == JN_EXPERT || (nd->kind == JN_FIELD && fields[nd->field].display == D_PROTO);
}

/* Its abbreviation, as ek groups by it. */
static const char *abbrev(const struct jtree *t, int i, size_t *n)
{
    const struct jnode *nd = &t->node[i];
    const char *s = nd->kind == JN_FIELD ? fields[nd->field].name
                    : nd->kind == JN_EXPERT ? "_ws.expert"
                    : nd->kind == JN_STR ? jtree_str(t, nd->key) : "text";
    *n = nd->kind == JN_STR ? nd->keylen : strlen(s);
    return s;
}

static bool same_group(const struct jtree *t, int a, int pa, int b, int pb)
{
    size_t na, nb, qa, qb;
    const char *sa = abbrev(t, a, &na), *sb = abbrev(t, b, &nb);
    if (na != nb || memcmp(sa, sb, na) != 0)
        return false;
    const char *ra = abbrev(t, pa, &qa), *rb = abbrev(t, pb, &qb);
    return qa == qb && memcmp(ra, rb, qa) == 0;
}

static void name_part(struct out *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        out_char(o, s[i] == '.' ? '_' : s[i]);
}

/* ek_write_name: a protocol's own abbreviation; a field's protocol, "_",
 * its abbreviation. */
static void write_name(struct out *o, const struct jtree *t, int i, int layer)
{
    const struct jnode *nd = &t->node[i];
    out_char(o, '"');
    if (nd->kind == JN_FIELD) {
        const char *nm = fields[nd->field].name;
        if (nd->field == F_IP_VERSION && layer >= 0 && t->node[layer].field == F_PROTO_IPV6) {
            out_str(o, "ipv6_");          /* IPv6 registers an ip.version of its own */
        } else if (fields[nd->field].type != T_PROTOCOL) {
            const char *dot = strchr(nm, '.');
            name_part(o, nm, dot ? (size_t)(dot - nm) : strlen(nm));
            out_char(o, '_');
        }
        name_part(o, nm, strlen(nm));
    } else if (nd->kind == JN_EXPERT) {
        out_str(o, "_ws_expert");
    } else if (nd->kind == JN_STR) {
        out_str(o, "_ws_expert_");
        name_part(o, jtree_str(t, nd->key), nd->keylen);
    } else {
        out_str(o, "text");
    }
    out_str(o, "\":");
}

static void write_value(struct out *o, const struct jtree *t, int i)
{
    const struct jnode *nd = &t->node[i];
    if (nd->kind == JN_TEXT || nd->kind == JN_STR) {
        out_char(o, '"');
        if (nd->kind == JN_TEXT)
            jsonw_text(o, (const uint8_t *)jtree_str(t, nd->key), nd->keylen, false, true);
        else
            jsonw_utf8(o, (const uint8_t *)jtree_str(t, nd->str), nd->strlen, true);
        out_char(o, '"');
        return;
    }
    const struct field *fd = &fields[nd->field];
    if (fd->type == T_NONE) {
        out_str(o, "null");
    } else if (fd->type == T_BOOLEAN) {
        out_str(o, nd->val.i ? "true" : "false");
    } else if (fd->type == T_ABSOLUTE_TIME) {
        struct tm tm;
        time_t sec = nd->val.t.tv_sec;
        if (gmtime_r(&sec, &tm))
            out_printf(o, "\"%04d-%02d-%02dT%02d:%02d:%02d.%09ldZ\"", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, (long)nd->val.t.tv_nsec);
        else
            out_str(o, "\"Not representable\"");
    } else {
        out_char(o, '"');
        jsonw_tree_value(o, fd, &nd->val);
        out_char(o, '"');
    }
}

/* FNV-1a of node i's abbreviation and its parent's: equal for a group. */
static uint32_t group_hash(const struct jtree *t, int i, int parent)
{
    size_t n, m;
    const char *a = abbrev(t, i, &n), *b = abbrev(t, parent, &m);
    uint32_t h = 2166136261u;
    for (size_t k = 0; k < n; k++)
        h = (h ^ (uint8_t)a[k]) * 16777619u;
    h = (h ^ 0xff) * 16777619u;
    for (size_t k = 0; k < m; k++)
        h = (h ^ (uint8_t)b[k]) * 16777619u;
    return h;
}

static void collect(const struct jtree *t, int parent)
{
    for (int c = t->node[parent].child; c >= 0; c = t->node[c].next) {
        flat[flat_top] = c, flat_parent[flat_top] = parent, flat_hash[flat_top] = group_hash(t, c, parent);
        taken[flat_top++] = false;
        if (!is_object(&t->node[c]) && t->node[c].child >= 0)
            collect(t, c);
    }
}

/* Chain each collected item [base, end) to the next of its group (-1: the
 * last), through a table of the groups met so far (stamped, so it is never
 * cleared). */
enum { GROUP_SLOTS = 2 * JTREE_NODES };
static int32_t next_same[JTREE_NODES];
static struct { uint32_t stamp, hash; int32_t first; } slot[GROUP_SLOTS];
static uint32_t stamp;

static void chain_groups(const struct jtree *t, int base, int end)
{
    stamp++;
    for (int a = end - 1; a >= base; a--) {
        next_same[a] = -1;
        for (uint32_t s = flat_hash[a] % GROUP_SLOTS;; s = (s + 1) % GROUP_SLOTS) {
            if (slot[s].stamp != stamp) {
                slot[s].stamp = stamp, slot[s].hash = flat_hash[a], slot[s].first = a;
                break;
            }
            int b = slot[s].first;
            if (slot[s].hash == flat_hash[a] && same_group(t, flat[a], flat_parent[a], flat[b], flat_parent[b])) {
                next_same[a] = b;
                slot[s].first = a;
                break;
            }
        }
    }
}

/* proto_tree_write_node_ek: node's descendants as one object's keys. */
static void write_object(struct out *o, const struct jtree *t, int node, int layer)
{
    int base = flat_top;
    collect(t, node);
    int end = flat_top;
    chain_groups(t, base, end);
    bool first = true;
    out_char(o, '{');
    for (int a = base; a < end; a++) {
        if (taken[a])
            continue;
        int count = 0;
        for (int b = a; b >= 0; b = next_same[b])
            count++;
        if (!first)
            out_char(o, ',');
        first = false;
        write_name(o, t, flat[a], layer);
        if (count > 1)
            out_char(o, '[');
        for (int b = a; b >= 0; b = next_same[b]) {
            taken[b] = true;
            if (b != a)
                out_char(o, ',');
            if (is_object(&t->node[flat[b]]))
                write_object(o, t, flat[b], t->node[flat[b]].kind == JN_FIELD ? flat[b] : layer);
            else
                write_value(o, t, flat[b]);
        }
        if (count > 1)
            out_char(o, ']');
    }
    out_char(o, '}');
    flat_top = base;
}

static void head(struct out *o, const struct view *v)
{
    out_str(o, "{\"index\":{\"_index\":\"");
    struct timespec ts = jsonw_frame_time(v->f);
    jsonw_index(o, ts);
    out_str(o, "\",\"_type\":\"doc\"}}\n{\"timestamp\":\"");
    /* milliseconds as tshark writes them: the seconds, then the
     * milliseconds in three digits ("0000" at the epoch) */
    out_i64(o, (int64_t)ts.tv_sec);
    char ms[24];
    out_mem(o, ms, fmt_u64(ms, (uint64_t)(ts.tv_nsec / 1000000), 3));
    out_str(o, "\",\"layers\":");
}

void print_ek(struct out *o, const struct view *v)
{
    head(o, v);
    jtree_build(&tree, v);
    flat_top = 0;
    write_object(o, &tree, 0, -1);
    out_str(o, "}\n");
}

void print_ek_e(struct out *o, const struct fields_format *ff, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    bool first = true;
    head(o, v);
    out_char(o, '{');
    for (int i = 0; i < ff->nfields; i++) {
        const struct field *fd = &fields[ff->field_ids[i]];
        int n = fd->get(fd, v, vals, MAX_OCCURRENCES);
        if (n == 0)
            continue;
        if (!first)
            out_char(o, ',');
        first = false;
        out_char(o, '"');
        name_part(o, fd->name, strlen(fd->name));
        out_str(o, "\":[");
        for (int k = 0; k < n; k++) {
            if (k)
                out_char(o, ',');
            out_char(o, '"');
            jsonw_e_occurrence(o, v, ff->field_ids[i], vals, k);
            out_char(o, '"');
        }
        out_char(o, ']');
    }
    out_str(o, "}}\n");
}
