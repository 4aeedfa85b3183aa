#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "decode/packet.h"
#include "present/ladder.h"

#define LANE 50               /* columns between the two lifelines */
#define IDLE_FOLD_S 1         /* a gap longer than this gets its own line */

/* Copy the first printable bytes of a payload, up to the end of a line. */
static void payload_start(const struct frame *f, char *buf, size_t n)
{
    size_t k = 0;
    const struct tcp_layer *t = &f->tcp;
    uint32_t have = frame_bytes_in(f, t->payload_off, t->seg_len);
    for (uint32_t i = 0; i < have && k + 1 < n; i++) {
        uint8_t c = f->data[t->payload_off + i];
        if (c == '\r' || c == '\n')
            break;
        buf[k++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
    }
    buf[k] = 0;
}

void seg_record_fill(struct seg_record *s, const struct view *v)
{
    const struct frame *f = v->f;
    const struct track_info *k = v->tk;
    *s = (struct seg_record){ .frame = f->number, .t = k->rel_time, .from = k->from_client ? FROM_CLIENT : FROM_SERVER,
                              .flags = f->tcp.flags, .seq = k->rel_seq, .ack = k->rel_ack, .raw_seq = f->tcp.seq,
                              .len = f->tcp.seg_len };
    snprintf(s->step, sizeof s->step, "%s", k->step);
    if (k->an.present)
        analysis_label_text(&k->an, s->label, sizeof s->label);
    payload_start(f, s->payload_start, sizeof s->payload_start);
}

void ladder_endpoints(const struct stream *s, int client_side, char *client, char *server, size_t n)
{
    char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
    int c = client_side, fam = s->addr_len == 4 ? AF_INET : AF_INET6;
    inet_ntop(fam, s->addr[c], a, sizeof a);
    inet_ntop(fam, s->addr[!c], b, sizeof b);
    snprintf(client, n, "client %s:%u", a, s->port[c]);
    snprintf(server, n, "server %s:%u", b, s->port[!c]);
}

void flags_text(uint16_t flags, char *buf, size_t n)
{
    static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE" };
    /* Read in the order people say them: SYN, ACK before FIN, ACK. */
    static const int order[] = { 1, 0, 2, 3, 4, 5, 6, 7, 8 };
    size_t len = 0;
    buf[0] = 0;
    for (int i = 0; i < 9; i++) {
        int bit = order[i];
        if (flags >> bit & 1)
            len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s", len ? ", " : "", names[bit]);
    }
    if (!len)
        snprintf(buf, n, "<None>");
}

static void arrow(struct out *o, const struct seg_record *s)
{
    char fl[48], label[128];
    flags_text(s->flags, fl, sizeof fl);
    int n;
    if (s->flags & TH_ACK)
        n = snprintf(label, sizeof label, " %s  seq=%u ack=%u len=%u ", fl, s->seq, s->ack, s->len);
    else
        n = snprintf(label, sizeof label, " %s  seq=%u len=%u ", fl, s->seq, s->len);
    if (n > LANE - 6)
        n = LANE - 6, label[n] = 0;
    int dashes = LANE - 2 - n;              /* the head and one leading dash take 2 */
    int lead = 2, trail = dashes - lead;
    out_char(o, '|');
    if (s->from == FROM_CLIENT) {
        for (int i = 0; i < lead; i++) out_char(o, '-');
        out_str(o, label);
        for (int i = 0; i < trail; i++) out_char(o, '-');
        out_char(o, '>');
    } else {
        out_char(o, '<');
        for (int i = 0; i < trail; i++) out_char(o, '-');
        out_str(o, label);
        for (int i = 0; i < lead; i++) out_char(o, '-');
    }
    out_char(o, '|');
}

void ladder_print(struct out *o, const char *client, const char *server, const struct seg_record *segs, size_t n)
{
    out_printf(o, "%12s  %-*s%s\n", "time", LANE + 1, client, server);
    out_printf(o, "%12s  |%*s|\n", "", LANE, "");
    struct timespec prev = { 0, 0 };
    for (size_t i = 0; i < n; i++) {
        const struct seg_record *s = &segs[i];
        double gap = (double)time_ns_between(s->t, prev) / NS_PER_SEC;
        if (i && gap > IDLE_FOLD_S)
            out_printf(o, "%12s  |%*s|  (%.1f s idle)\n", "...", LANE, "", gap);
        prev = s->t;
        char t[24];
        snprintf(t, sizeof t, "%ld.%06ld", (long)s->t.tv_sec, s->t.tv_nsec / 1000);
        out_printf(o, "%12s  ", t);
        arrow(o, s);
        if (s->step[0])
            out_printf(o, "  %s", s->step);
        if (s->label[0])
            out_printf(o, "  %s", s->label);
        out_char(o, '\n');
    }
    out_printf(o, "%12s  |%*s|\n", "", LANE, "");
}
