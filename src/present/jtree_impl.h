/* The tree builder's parts (jtree.c), for the HTTP layer (jtree_http.c). */
#ifndef SYNFIN_JTREE_IMPL_H
#define SYNFIN_JTREE_IMPL_H

#include "present/jsonw.h"

/* A node of kind under parent (-1: none); its index, or -1 when full. */
int jt_add(struct jtree *t, int parent, uint8_t kind);
/* s[0..n) copied into the arena: its offset, or UINT32_MAX when full. */
uint32_t jt_keep(struct jtree *t, const char *s, size_t n);
/* Field id with this value under parent. */
int jt_value(struct jtree *t, int parent, int id, const struct fval *val);
/* A text-only item labelled label under parent. */
int jt_text(struct jtree *t, int parent, const char *label);

/* The frame's HTTP messages, one "http" layer each. */
void jtree_http(struct jtree *t, const struct view *v);

#endif
