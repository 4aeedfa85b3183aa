#include <stdint.h>
#include <string.h>

#include "present/xml_escape.h"

size_t utf8_seq(const uint8_t *p, size_t n, uint32_t *cp)
{
    uint8_t c = p[0];
    size_t len;
    uint32_t v, min;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2, v = c & 0x1f, min = 0x80;
    else if (c >= 0xe0 && c <= 0xef)
        len = 3, v = c & 0x0f, min = 0x800;
    else if (c >= 0xf0 && c <= 0xf4)
        len = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

void xml_text_n(struct out *o, const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    size_t i = 0, run = 0;      /* bytes p[i-run..i) to copy as they are */
    while (i < n) {
        uint8_t c = p[i];
        const char *rep = NULL;
        size_t skip = 1;
        if (c >= 0x20 && c < 0x7f) {
            switch (c) {
            case '&': rep = "&amp;"; break;
            case '<': rep = "&lt;"; break;
            case '>': rep = "&gt;"; break;
            case '"': rep = "&quot;"; break;
            default: run++, i++; continue;
            }
        } else if (c >= 0x80) {
            uint32_t cp = 0;
            size_t len = utf8_seq(p + i, n - i, &cp);
            if (len && cp >= 0xa0 && cp != 0xfffe && cp != 0xffff) {
                run += len, i += len;
                continue;
            }
            /* C1 controls are dropped, broken bytes shown as U+FFFD. */
            if (len)
                skip = len, rep = "";
            else
                rep = "\xef\xbf\xbd";
        } else {
            rep = "";           /* C0 controls and DEL: dropped */
        }
        out_mem(o, p + i - run, run);
        run = 0;
        out_str(o, rep);
        i += skip;
    }
    out_mem(o, p + i - run, run);
}

void xml_text(struct out *o, const char *s)
{
    xml_text_n(o, s, strlen(s));
}
