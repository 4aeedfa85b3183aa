/* A display filter's slice ranges, read as Wireshark 4.0 reads them
 * (epan/dfilter/drange.c): see df_range_from_text in dfilter_impl.h. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "present/dfilter_impl.h"

/* A number of a slice range, as Wireshark's drange_str_to_gint32 reads
 * it (strtol base 0: "0x10" and "010" too); the message on failure is
 * about the whole range, what. */
static bool range_number(const char *from, int32_t *out, char **end, char *why, size_t whylen, const char *what)
{
    errno = 0;
    long v = strtol(from, end, 0);
    if (errno == EINVAL || *end == from) {
        snprintf(why, whylen, "\"%s\" is not a valid number.", what);
        return false;
    }
    if (errno == ERANGE || v > INT32_MAX || v < INT32_MIN) {
        snprintf(why, whylen, "\"%s\" causes an integer overflow.", what);
        return false;
    }
    *out = (int32_t)v;
    return true;
}

bool df_range_from_text(const char *text, struct df_range *r, char *why, size_t whylen)
{
    const char *s = text;
    char *e;
    int32_t lower = 0, upper = 0;
    if (*s != ':') {
        if (!range_number(s, &lower, &e, why, whylen, text))
            return false;
        s = e;
    }
    while (isspace((unsigned char)*s))
        s++;
    enum { LENGTH, OFFSET, TO_END } ending = LENGTH;
    bool ok = true;
    if (*s == '-' || *s == ':') {
        ending = *s++ == '-' ? OFFSET : LENGTH;
        if (ending == LENGTH && *s == '\0')
            ending = TO_END;
        else if ((ok = range_number(s, &upper, &e, why, whylen, text)))
            s = e;
    } else if (*s == '\0') {
        upper = 1;
    } else {
        ok = false;
    }
    while (isspace((unsigned char)*s))
        s++;
    if (!ok || *s != '\0') {
        snprintf(why, whylen, "\"%s\" is not a valid range.", text);
        return false;
    }
    r->start = lower;
    r->to_end = ending == TO_END;
    if (ending == LENGTH) {
        if (upper <= 0) {
            snprintf(why, whylen, "Range %s isn't valid because length %d isn't positive", text, upper);
            return false;
        }
        int64_t last = (int64_t)lower + upper - 1;
        r->end = last > INT32_MAX ? INT32_MAX : (int32_t)last;
        if (lower < 0 && last >= 0)
            r->to_end = true;                  /* [-4:4]: to the end */
    } else if (ending == OFFSET) {
        if ((lower < 0 && upper > 0) || (lower > 0 && upper < 0)) {
            snprintf(why, whylen, "Range %s isn't valid because %d and %d have different signs", text, lower, upper);
            return false;
        }
        if (upper <= lower) {
            snprintf(why, whylen, "Range %s isn't valid because %d is greater or equal than %d", text, lower, upper);
            return false;
        }
        r->end = upper;
    }
    return true;
}

