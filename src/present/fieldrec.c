/* -T fields records: see fieldrec.h.
 *
 * A record: its size (uint32), then for each -e field the count of its
 * values (uint8, at most MAX_OCCURRENCES) and the values, each by its
 * field's display:
 *   D_DEC, D_HEX                 int64
 *   D_ABSTIME, D_RELTIME,
 *   D_DATETIME                   int64 seconds, int64 nanoseconds
 *   D_ETHER, D_IPV4, D_IPV6      the address's 6, 4 or 16 bytes
 *   D_BYTES, D_STR, D_TEXT,
 *   D_UTF8                       uint32 length, then the bytes
 *                                (FIELDREC_MISSING: <MISSING>)
 * Everything is copied with memcpy: no alignment inside a record. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "present/fieldrec.h"
#include "present/fields.h"

#define FIELDREC_MISSING UINT32_MAX

static size_t address_len(enum field_display d)
{
    return d == D_ETHER ? 6 : d == D_IPV4 ? 4 : d == D_IPV6 ? 16 : 0;
}

bool fieldrec_usable(const struct fields_format *ff)
{
    for (int i = 0; i < ff->nfields; i++)
        if (fields[ff->field_ids[i]].display == D_PROTO)
            return false;
    return true;
}

size_t fieldrec_fill(void *dst, size_t room, const struct view *v, const struct fields_format *ff)
{
    unsigned char *rec = dst, *p = rec + 4, *end = rec + room;
    struct fval vals[MAX_OCCURRENCES];
    for (int i = 0; i < ff->nfields; i++) {
        enum field_display d = fields[ff->field_ids[i]].display;
        int n = field_get(ff->field_ids[i], v, vals, MAX_OCCURRENCES);
        /* Each value takes at most 16 bytes, or 4 and its own bytes. */
        if (end - p < 1 + 16 * n)
            return 0;
        *p++ = (unsigned char)n;
        for (const struct fval *val = vals; val < vals + n; val++) {
            switch (d) {
            case D_DEC:
            case D_HEX:
                memcpy(p, &val->i, 8);
                p += 8;
                break;
            case D_ABSTIME:
            case D_RELTIME:
            case D_DATETIME: {
                int64_t t[2] = { (int64_t)val->t.tv_sec, (int64_t)val->t.tv_nsec };
                memcpy(p, t, 16);
                p += 16;
                break;
            }
            case D_ETHER:
            case D_IPV4:
            case D_IPV6:
                memcpy(p, val->p, address_len(d));
                p += address_len(d);
                break;
            case D_BYTES:
            case D_STR:
            case D_TEXT:
            case D_UTF8: {
                bool missing = d == D_BYTES && val->p == field_missing;
                uint32_t len = missing ? FIELDREC_MISSING : val->n;
                memcpy(p, &len, 4);
                p += 4;
                if (!missing && val->n) {
                    if ((size_t)(end - p) < (size_t)val->n + 16 * (size_t)(vals + n - val))
                        return 0;     /* room for it and 16 bytes for each value after it */
                    memcpy(p, val->p, val->n);
                    p += val->n;
                }
                break;
            }
            case D_PROTO:
                break;
            }
        }
    }
    size_t size = ((size_t)(p - rec) + 7) & ~(size_t)7;
    if (size > room)
        return 0;
    uint32_t size32 = (uint32_t)size;
    memcpy(rec, &size32, 4);
    return size;
}

size_t fieldrec_size(const void *rec)
{
    uint32_t size;
    memcpy(&size, rec, 4);
    return size;
}

void fieldrec_print(struct out *o, const void *rec, const struct fields_format *ff)
{
    const unsigned char *p = (const unsigned char *)rec + 4;
    struct fval vals[MAX_OCCURRENCES];
    for (int i = 0; i < ff->nfields; i++) {
        if (i)
            out_char(o, ff->separator);
        enum field_display d = fields[ff->field_ids[i]].display;
        int n = *p++;
        for (int k = 0; k < n; k++) {
            struct fval *val = &vals[k];
            switch (d) {
            case D_DEC:
            case D_HEX:
                memcpy(&val->i, p, 8);
                p += 8;
                break;
            case D_ABSTIME:
            case D_RELTIME:
            case D_DATETIME: {
                int64_t t[2];
                memcpy(t, p, 16);
                p += 16;
                val->t = (struct timespec){ .tv_sec = (time_t)t[0], .tv_nsec = (long)t[1] };
                break;
            }
            case D_ETHER:
            case D_IPV4:
            case D_IPV6:
                val->p = p;
                p += address_len(d);
                break;
            case D_BYTES:
            case D_STR:
            case D_TEXT:
            case D_UTF8: {
                uint32_t len;
                memcpy(&len, p, 4);
                p += 4;
                if (len == FIELDREC_MISSING) {
                    val->p = field_missing;
                    val->n = 0;
                } else {
                    val->p = p;
                    val->n = len;
                    p += len;
                }
                break;
            }
            case D_PROTO:
                break;
            }
        }
        print_field_values(o, ff, i, vals, n, NULL);
    }
    out_char(o, '\n');
}

/* Lines of up to 64 KiB (the out buffer) with records of up to 16 KiB are
 * compared; a longer one (a payload field) is printed directly. */
static _Alignas(8) unsigned char check_rec[16 << 10];
static struct out direct_out = { .fd = -1 }, record_out = { .fd = -1 };

bool fieldrec_verify(struct out *o, const struct fields_format *ff, const struct view *v)
{
    direct_out.len = 0;
    direct_out.failed = false;
    print_fields(&direct_out, ff, v);
    if (direct_out.failed) {                  /* it overflowed: no room to compare */
        print_fields(o, ff, v);
        return true;
    }
    bool same = true;
    if (fieldrec_fill(check_rec, sizeof check_rec, v, ff)) {
        record_out.len = 0;
        fieldrec_print(&record_out, check_rec, ff);
        same = record_out.len == direct_out.len && memcmp(record_out.buf, direct_out.buf, direct_out.len) == 0;
    }
    if (!same)
        fprintf(stderr, "synfin: frame %llu: its field record prints\n%.*sinstead of\n%.*s",
                (unsigned long long)v->f->number, (int)record_out.len, record_out.buf, (int)direct_out.len,
                direct_out.buf);
    out_mem(o, direct_out.buf, direct_out.len);
    return same;
}
