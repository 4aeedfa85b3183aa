/* The default output: one line a frame with Wireshark's columns, then the
 * segment's step. Coloured as Wireshark's default rules colour TCP: SYN
 * and FIN segments grey, RST red. */
#include <stdio.h>

#include "present/print.h"

#define COLOR_SYNFIN "\033[30;48;5;250m"
#define COLOR_RST "\033[38;5;229;48;5;124m"
#define COLOR_OFF "\033[0m"

static void pad_left(struct out *o, const char *s, int width)
{
    for (int n = (int)strlen(s); n < width; n++)
        out_char(o, ' ');
    out_str(o, s);
}

static void pad_right(struct out *o, const char *s, int width)
{
    out_str(o, s);
    for (int n = (int)strlen(s); n < width; n++)
        out_char(o, ' ');
}

void print_summary(struct out *o, const struct view *v, bool color)
{
    columns_build(v);
    const struct columns *c = v->cols;
    const char *on = NULL;
    if (color && v->f->has_tcp && !v->f->tcp.hdr_truncated) {
        if (v->f->tcp.flags & TH_RST)
            on = COLOR_RST;
        else if (v->f->tcp.flags & (TH_SYN | TH_FIN))
            on = COLOR_SYNFIN;
    }
    if (on)
        out_str(o, on);
    out_u64_width(o, v->f->number, 5);
    out_char(o, ' ');
    pad_left(o, c->time, 11);
    out_char(o, ' ');
    pad_left(o, c->src, 15);
    out_str(o, " \xe2\x86\x92 ");
    pad_right(o, c->dst, 15);
    out_char(o, ' ');
    pad_right(o, c->proto, 4);
    out_char(o, ' ');
    pad_left(o, c->len, 4);
    out_char(o, ' ');
    out_str(o, c->info);
    if (on)
        out_str(o, COLOR_OFF);
    if (v->step) {
        out_str(o, "  (");
        out_str(o, v->step);
        out_str(o, ": client ");
        out_str(o, tcp_state_name(v->tk->state_client));
        out_str(o, ", server ");
        out_str(o, tcp_state_name(v->tk->state_server));
        out_char(o, ')');
    }
    out_char(o, '\n');
}
