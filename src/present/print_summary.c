/* The default output: one line a frame with Wireshark's columns, then the
 * segment's step. Coloured as Wireshark's default rules colour TCP: SYN
 * and FIN segments grey, RST red. */
#include <stdio.h>

#include "present/print.h"

#define COLOR_SYNFIN "\033[30;48;5;250m"
#define COLOR_RST "\033[38;5;229;48;5;124m"
#define COLOR_OFF "\033[0m"

static void pad_left(struct out *o, const char *s, size_t len, size_t width)
{
    for (size_t n = len; n < width; n++)
        out_char(o, ' ');
    out_mem(o, s, len);
}

static void pad_right(struct out *o, const char *s, size_t len, size_t width)
{
    out_mem(o, s, len);
    for (size_t n = len; n < width; n++)
        out_char(o, ' ');
}

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
    out_char(o, ' ');
    pad_left(o, c->time, c->time_len, 11);
    out_char(o, ' ');
    pad_left(o, c->src, c->src_len, 15);
    out_str(o, " \xe2\x86\x92 ");
    pad_right(o, c->dst, c->dst_len, 15);
    out_char(o, ' ');
    pad_right(o, c->proto, c->proto_len, 4);
    out_char(o, ' ');
    pad_left(o, c->len, c->len_len, 4);
    out_char(o, ' ');
    out_mem(o, c->info, c->info_len);
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
