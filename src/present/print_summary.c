/* The default output: one line a frame with Wireshark's columns, then the
 * segment's step. Coloured as Wireshark's default rules colour TCP: SYN
 * and FIN segments grey, RST red. */
#include <stdio.h>
#include <string.h>

#include "present/print.h"

#define COLOR_SYNFIN "\033[30;48;5;250m"
#define COLOR_RST "\033[38;5;229;48;5;124m"
#define COLOR_OFF "\033[0m"

/* The line is assembled in the output buffer itself: one room check,
 * then each column copied and padded with memset (a character at a time,
 * through out_char, was a sixth of the printing thread). */
static char *pad_left(char *p, const char *s, size_t len, size_t width)
{
    if (len < width) {
        memset(p, ' ', width - len);
        p += width - len;
    }
    memcpy(p, s, len);
    return p + len;
}

static char *pad_right(char *p, const char *s, size_t len, size_t width)
{
    memcpy(p, s, len);
    p += len;
    if (len < width) {
        memset(p, ' ', width - len);
        p += width - len;
    }
    return p;
}

static char *put(char *p, const char *s, size_t len)
{
    memcpy(p, s, len);
    return p + len;
}

#define put_lit(p, lit) put((p), "" lit, sizeof(lit) - 1)

/* The longest line: the number, every column at its largest, the colour
 * codes and the step with the two longest state names. */
enum { LINE_MAX = 20 + 1 + sizeof(((struct columns *)0)->time) + 1 + sizeof(((struct columns *)0)->src) + 5 +
                  sizeof(((struct columns *)0)->dst) + 1 + sizeof(((struct columns *)0)->proto) + 1 +
                  sizeof(((struct columns *)0)->len) + 1 + sizeof(((struct columns *)0)->info) + 64 +
                  sizeof(((struct track_info *)0)->step) + 64 };
_Static_assert(LINE_MAX < sizeof(((struct out *)0)->buf) / 2, "a line fits the output buffer");

void print_summary(struct out *o, const struct view *v, bool color)
{
    columns_build(v);
    const struct columns *c = v->cols;
    const char *on = NULL;
    if (color && v->f->has_tcp && !v->f->tcp.hdr_truncated && !v->f->tcp.quoted) {
        if (v->f->tcp.flags & TH_RST)
            on = COLOR_RST;
        else if (v->f->tcp.flags & (TH_SYN | TH_FIN))
            on = COLOR_SYNFIN;
    }
    if (on)
        out_str(o, on);
    out_u64_width(o, v->f->number, 5);
    out_reserve(o, LINE_MAX);
    char *p = o->buf + o->len;
    *p++ = ' ';
    p = pad_left(p, c->time, c->time_len, 11);
    *p++ = ' ';
    p = pad_left(p, c->src, c->src_len, 15);
    p = put_lit(p, " \xe2\x86\x92 ");
    p = pad_right(p, c->dst, c->dst_len, 15);
    *p++ = ' ';
    p = pad_right(p, c->proto, c->proto_len, 4);
    *p++ = ' ';
    p = pad_left(p, c->len, c->len_len, 4);
    *p++ = ' ';
    p = put(p, c->info, c->info_len);
    if (on)
        p = put_lit(p, COLOR_OFF);
    if (v->step) {
        const char *client = tcp_state_name(v->tk->state_client), *server = tcp_state_name(v->tk->state_server);
        p = put_lit(p, "  (");
        p = put(p, v->step, strnlen(v->step, sizeof v->tk->step - 1));
        p = put_lit(p, ": client ");
        p = put(p, client, strlen(client));
        p = put_lit(p, ", server ");
        p = put(p, server, strlen(server));
        *p++ = ')';
    }
    *p++ = '\n';
    o->len = (size_t)(p - o->buf);
}
