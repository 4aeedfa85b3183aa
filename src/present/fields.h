/* The field registry: every field synfin shows is named once here, by its
 * Wireshark name, with its label, how its value is written and how it is
 * got from a frame. -T fields, -T json and the -V detail view all read it. */
#ifndef SYNFIN_FIELDS_H
#define SYNFIN_FIELDS_H

#include "present/out.h"
#include "present/view.h"

enum field_display {
    D_DEC,        /* unsigned or signed decimal */
    D_HEX,        /* 0x and `width` hex digits */
    D_BYTES,      /* hex bytes, no separator */
    D_ETHER,      /* aa:bb:cc:dd:ee:ff */
    D_IPV4,
    D_IPV6,
    D_ABSTIME,    /* seconds since the epoch, 9 decimals */
    D_RELTIME,    /* signed seconds, 9 decimals */
    D_STR,        /* text (made by synfin, or packet bytes made safe) */
};

/* One occurrence of a field's value. */
struct fval {
    int64_t i;                /* D_DEC (signed), D_HEX */
    const uint8_t *p;         /* D_BYTES, D_ETHER, D_IPV4, D_IPV6, D_STR */
    uint32_t n;               /* length of p */
    struct timespec t;        /* D_ABSTIME, D_RELTIME */
};

#define MAX_OCCURRENCES 64

struct field {
    const char *name;         /* Wireshark's field name */
    const char *label;        /* as the detail view shows it */
    uint8_t display;
    uint8_t width;            /* hex digits for D_HEX */
    /* Fill up to max values; returns how many (0: the field is absent). */
    int (*get)(const struct view *v, struct fval *vals, int max);
};

enum field_id {
#define FIELD(id, name, label, disp, width, get) id,
#include "present/field_list.h"
#undef FIELD
    FIELD_COUNT
};

extern const struct field fields[FIELD_COUNT];

extern const uint8_t field_missing[1];

/* The field with this name, or -1. */
int field_lookup(const char *name);

/* Write one value as tshark's -T fields writes it. */
void field_write(struct out *o, const struct field *fd, const struct fval *val);

#endif
