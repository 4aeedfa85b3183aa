/* Text for XML and HTML (element text and double-quoted attributes):
 * & < > " escaped, control characters dropped, invalid UTF-8 replaced, so
 * bytes from a packet can never break the document around them. */
#ifndef SYNFIN_XML_ESCAPE_H
#define SYNFIN_XML_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

#include "present/out.h"

/* The length of the valid UTF-8 sequence at p (n bytes left), or 0. Rejects
 * overlong forms, surrogates and code points past U+10FFFF, which XML
 * forbids or which a reader could decode differently. *cp gets the point. */
size_t utf8_seq(const uint8_t *p, size_t n, uint32_t *cp);

/* s up to its NUL. */
void xml_text(struct out *o, const char *s);

/* n bytes of p (NULs dropped like other control bytes). */
void xml_text_n(struct out *o, const char *p, size_t n);

#endif
