/* JSON strings and values as tshark's JSON outputs write them. */
#include <string.h>
#include <time.h>

#include "present/jsonw.h"
#include "present/titles.h"
#include "present/xml_escape.h"

void jsonw_text(struct out *o, const uint8_t *p, size_t n, bool ascii, bool tshark)
{
    static const char cntrl[0x20][6] = {
        "u0000", "u0001", "u0002", "u0003", "u0004", "u0005", "u0006", "u0007", "b",     "t",     "n",
        "u000b", "f",     "r",     "u000e", "u000f", "u0010", "u0011", "u0012", "u0013", "u0014", "u0015",
        "u0016", "u0017", "u0018", "u0019", "u001a", "u001b", "u001c", "u001d", "u001e", "u001f",
    };
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = p[i];
        if (ch >= 0x80 && ascii) {
            out_str(o, "\xef\xbf\xbd");
        } else if (ch == 0 && tshark) {
            break;
        } else if (ch < 0x20) {
            out_char(o, '\\');
            if (tshark)
                out_str(o, cntrl[ch]);
            else
                out_printf(o, "u%04x", ch);
        } else if (tshark && ch == '/' && i > 0 && p[i - 1] == '<') {
            out_str(o, "\\/");
        } else {
            if (ch == '"' || ch == '\\')
                out_char(o, '\\');
            out_char(o, (char)ch);
        }
    }
}

void jsonw_utf8(struct out *o, const uint8_t *p, size_t n, bool tshark)
{
    for (size_t i = 0; i < n;) {
        size_t run = i;
        while (run < n && p[run] < 0x80)
            run++;
        if (run > i) {                       /* ASCII: escaped as any text */
            jsonw_text(o, p + i, run - i, false, tshark);
            if (tshark && memchr(p + i, 0, run - i))
                return;                      /* json_dumper stops at a NUL */
            i = run;
            continue;
        }
        uint32_t cp;
        size_t k = utf8_seq(p + i, n - i, &cp);
        if (k == 0) {
            out_str(o, "\xef\xbf\xbd");
            i++;
        } else if (cp < 0xa0) {
            out_printf(o, "\\u%04x", (unsigned)cp);
            i += 2;
        } else {
            out_mem(o, p + i, k);
            i += k;
        }
    }
}

void jsonw_tree_value(struct out *o, const struct field *fd, const struct fval *val)
{
    if (fd->display == D_BYTES && val->p != field_missing) {
        static const char hex[] = "0123456789abcdef";
        char buf[3 * 256];
        for (uint32_t i = 0; i < val->n;) {      /* "aa:bb:cc", 256 bytes at a time */
            size_t n = 0;
            for (uint32_t end = val->n - i > 256 ? i + 256 : val->n; i < end; i++) {
                if (i)
                    buf[n++] = ':';
                buf[n++] = hex[val->p[i] >> 4];
                buf[n++] = hex[val->p[i] & 15];
            }
            out_mem(o, buf, n);
        }
    } else {
        jsonw_e_value(o, fd, val);
    }
}

void jsonw_e_value(struct out *o, const struct field *fd, const struct fval *val)
{
    if (fd->display == D_TEXT || fd->display == D_STR) {
        jsonw_text(o, val->p, val->n, fd->display == D_TEXT, true);
        return;
    }
    if (fd->display == D_UTF8) {
        jsonw_utf8(o, val->p, val->n, true);
        return;
    }
    if (fd->display != D_DATETIME) {
        field_write(o, fd, val);      /* made by synfin: digits, hex, addresses */
        return;
    }
    /* A date: only its time zone's name could hold a byte to escape. */
    struct out tmp;
    out_init(&tmp, -1);
    field_write(&tmp, fd, val);
    jsonw_text(o, (const uint8_t *)tmp.buf, tmp.len, false, true);
}

void jsonw_e_occurrence(struct out *o, const struct view *v, int id, const struct fval *vals, int k)
{
    if (fields[id].display == D_PROTO)
        layer_title(o, v, id, k);     /* synfin-made text (addresses, ports): nothing to escape */
    else
        jsonw_e_value(o, &fields[id], &vals[k]);
}

void jsonw_index(struct out *o, struct timespec ts)
{
    struct tm tm;
    time_t sec = ts.tv_sec;
    if (!localtime_r(&sec, &tm)) {
        out_str(o, "packets-1970-01-01");   /* tshark's strftime of nothing; a frame time localtime refuses */
        return;
    }
    out_printf(o, "packets-%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
