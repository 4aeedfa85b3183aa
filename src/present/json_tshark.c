/* -T json: tshark 4.0's array of packets, each {"_index", "_type",
 * "_score", "_source": {"layers": ...}}, pretty-printed as its json_dumper
 * does (two spaces a level). The layers are the frame's tree (jtree.c) or,
 * with -e, each field's values as a list. */
#include "present/jsonw.h"
#include "present/print.h"

static struct jtree tree;             /* static: 500 KiB, reused frame after frame */

static void indent(struct out *o, int n)
{
    for (int i = 0; i < n; i++)
        out_char(o, ' ');
}

static void key(struct out *o, const char *k, size_t n, const char *suffix)
{
    out_char(o, '"');
    jsonw_text(o, (const uint8_t *)k, n, false, true);
    out_str(o, suffix);
    out_str(o, "\": ");
}

static void write_object(struct out *o, const struct jtree *t, int parent, int depth);

/* One node as tshark's write_json_proto_node_list writes it: its value
 * under its name, its children under name_tree (or under its name when it
 * has no value), an empty string when it has neither (a protocol's text). */
static void write_node(struct out *o, const struct jtree *t, int i, int depth, bool *first)
{
    const struct jnode *nd = &t->node[i];
    const char *name;
    size_t len;
    if (nd->kind == JN_FIELD)
        name = fields[nd->field].name, len = strlen(name);
    else if (nd->kind == JN_EXPERT)
        name = "_ws.expert", len = 10;
    else
        name = jtree_str(t, nd->key), len = nd->keylen;
    bool value = jtree_has_value(nd);
    if (value) {
        out_str(o, *first ? "\n" : ",\n");
        *first = false;
        indent(o, depth);
        key(o, name, len, "");
        out_char(o, '"');
        if (nd->kind == JN_STR)
            jsonw_utf8(o, (const uint8_t *)jtree_str(t, nd->str), nd->strlen, true);
        else
            jsonw_tree_value(o, &fields[nd->field], &nd->val);
        out_char(o, '"');
    }
    if (nd->child >= 0 || !value) {
        out_str(o, *first ? "\n" : ",\n");
        *first = false;
        indent(o, depth);
        key(o, name, len, value ? "_tree" : "");
        if (nd->child >= 0) {
            write_object(o, t, i, depth);
        } else if (nd->kind == JN_FIELD && nd->strlen) {   /* a layer with no fields: its title */
            out_char(o, '"');
            jsonw_utf8(o, (const uint8_t *)jtree_str(t, nd->str), nd->strlen, true);
            out_char(o, '"');
        } else if (nd->kind == JN_FIELD && fields[nd->field].type == T_PROTOCOL) {
            out_printf(o, "\"%s\"", fields[nd->field].label);   /* its text, as tshark (a bare Teredo) */
        } else {
            out_str(o, "\"\"");
        }
    }
}

static void write_object(struct out *o, const struct jtree *t, int parent, int depth)
{
    bool first = true;
    out_char(o, '{');
    for (int c = t->node[parent].child; c >= 0; c = t->node[c].next)
        write_node(o, t, c, depth + 2, &first);
    if (!first) {
        out_char(o, '\n');
        indent(o, depth);
    }
    out_char(o, '}');
}

static bool any_frame;

void print_json_begin(struct out *o)
{
    any_frame = false;
    out_char(o, '[');
}

void print_json_end(struct out *o)
{
    out_str(o, any_frame ? "\n]\n" : "]\n");
}

static void packet_head(struct out *o, const struct view *v)
{
    out_str(o, any_frame ? ",\n  {\n    \"_index\": \"" : "\n  {\n    \"_index\": \"");
    any_frame = true;
    jsonw_index(o, jsonw_frame_time(v->f));
    out_str(o, "\",\n    \"_type\": \"doc\",\n    \"_score\": null,\n    \"_source\": {\n      \"layers\": ");
}

static void packet_tail(struct out *o) { out_str(o, "\n    }\n  }"); }

void print_json(struct out *o, const struct view *v)
{
    packet_head(o, v);
    jtree_build(&tree, v);
    write_object(o, &tree, 0, 6);
    packet_tail(o);
}

void print_json_e(struct out *o, const struct fields_format *ff, const struct view *v)
{
    struct fval vals[MAX_OCCURRENCES];
    bool first = true;
    packet_head(o, v);
    out_char(o, '{');
    for (int i = 0; i < ff->nfields; i++) {
        const struct field *fd = &fields[ff->field_ids[i]];
        int n = fd->get(fd, v, vals, MAX_OCCURRENCES);
        if (n == 0)
            continue;
        out_str(o, first ? "\n" : ",\n");
        first = false;
        indent(o, 8);
        key(o, fd->name, strlen(fd->name), "");
        out_char(o, '[');
        for (int k = 0; k < n; k++) {
            out_str(o, k ? ",\n" : "\n");
            indent(o, 10);
            out_char(o, '"');
            jsonw_e_occurrence(o, v, ff->field_ids[i], vals, k);
            out_char(o, '"');
        }
        out_char(o, '\n');
        indent(o, 8);
        out_char(o, ']');
    }
    if (!first) {
        out_char(o, '\n');
        indent(o, 6);
    }
    out_char(o, '}');
    packet_tail(o);
}
