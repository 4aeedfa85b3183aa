/* JSON text for the JSON outputs: strings escaped as tshark's json_dumper
 * escapes them, and the frame's tree as tshark's -T json and -T ek lay it
 * out (jtree.c builds it from the registry; json_tshark.c and json_ek.c
 * write it). */
#ifndef SYNFIN_JSONW_H
#define SYNFIN_JSONW_H

#include "present/fields.h"
#include "present/out.h"
#include "present/view.h"

/* The bytes p[0..n) as the inside of a JSON string. ascii: packet text
 * read as ASCII, a byte above 0x7f is U+FFFD (as Wireshark's strings);
 * tshark: json_dumper's escapes (\n, \r, \t, \b, \f, "<\/"), otherwise
 * every control byte as \u00XX (-T jsonl's form). Stops at a NUL under
 * tshark, as json_dumper reads a C string. */
void jsonw_text(struct out *o, const uint8_t *p, size_t n, bool ascii, bool tshark);

/* Text meant as UTF-8 (D_UTF8) as the inside of a JSON string: valid
 * characters as they are (C1 controls as \u0080..\u009f), each invalid
 * byte as U+FFFD, as Wireshark makes such strings valid; ASCII as
 * jsonw_text with tshark's escapes or not. */
void jsonw_utf8(struct out *o, const uint8_t *p, size_t n, bool tshark);

/* One value as tshark's JSON writes it in its tree (FTREPR_DISPLAY): bytes
 * colon-separated, packet text as it is; the rest as -T fields writes it. */
void jsonw_tree_value(struct out *o, const struct field *fd, const struct fval *val);

/* One value as tshark's -T json/-T ek -e writes it: -T fields' text, but
 * packet text as it is. */
void jsonw_e_value(struct out *o, const struct field *fd, const struct fval *val);

/* Occurrence k of field id (vals: its values) as -e writes it: a protocol
 * its title, as -T fields (empty where synfin has none). */
void jsonw_e_occurrence(struct out *o, const struct view *v, int id, const struct fval *vals, int k);

/* "packets-YYYY-MM-DD": the index tshark names from the frame's local date. */
/* The time a frame's index and time stamp are made of: 0 for a record
 * without one (a pcapng SPB or custom block), as tshark. */
static inline struct timespec jsonw_frame_time(const struct frame *f)
{
    return f->no_ts ? (struct timespec){ 0, 0 } : f->ts;
}

void jsonw_index(struct out *o, struct timespec ts);

/* ---- The tree ---- */
enum jnode_kind {
    JN_FIELD,     /* a registry field's value (key: its name) */
    JN_TEXT,      /* a text-only item: the key is its label */
    JN_EXPERT,    /* "_ws.expert": an expert item's subtree */
    JN_STR,       /* a key and a string made here (_ws.expert.message ...) */
};

struct jnode {
    uint8_t kind;
    int16_t field;            /* JN_FIELD */
    uint32_t key, keylen;     /* JN_TEXT, JN_STR: the key's bytes in the arena */
    uint32_t str, strlen;     /* JN_STR: the value's bytes in the arena; a JN_FIELD layer with no
                               * children: its title, which tshark's JSON writes then */
    struct fval val;          /* JN_FIELD */
    int32_t child, last, next;   /* -1: none */
};

enum { JTREE_NODES = 8192, JTREE_ARENA = 1 << 16 };

struct jtree {
    int n;
    bool full;                /* nodes or arena ran out: the rest left out */
    uint32_t arena_len;
    struct jnode node[JTREE_NODES];
    char arena[JTREE_ARENA];
};

/* The frame's layers as tshark 4.0's tree, for the fields synfin has;
 * node 0 is the "layers" object. The tree lives in t until the next call. */
void jtree_build(struct jtree *t, const struct view *v);

/* Whether node has a value of its own (a field that is not FT_NONE nor a
 * protocol layer); a JSON key with children and a value takes "_tree". */
bool jtree_has_value(const struct jnode *nd);

static inline const char *jtree_str(const struct jtree *t, uint32_t off) { return t->arena + off; }

#endif
