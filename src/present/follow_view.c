/* `synfin follow`: see follow_view.h.
 *
 * How bytes are shown. A chunk made only of printable ASCII and line ends
 * (all \n, or all \r\n) is text and printed as lines, the way Wireshark's
 * Follow dialog shows an HTTP exchange; its header says when the lines end
 * in CRLF, so nothing is lost. Any other chunk (a tab, a lone \r, an ESC,
 * a byte above 0x7e ...) is binary and printed as -x prints a frame: hex
 * and characters, 16 bytes a line, the offset counted in that direction's
 * stream like Wireshark's "Hex Dump" view. We do not print such a chunk as
 * text with '.' for the odd bytes (Wireshark's ASCII view) because that
 * loses bytes: here the header's byte count and the dump give back exactly
 * the bytes -z follow,tcp,raw gives, and a control byte (an escape sequence
 * in the payload) never reaches the terminal, since only 0x20..0x7e and
 * newlines are ever written from a payload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "present/follow_tap.h"
#include "present/follow_view.h"
#include "present/hexdump.h"
#include "present/ladder.h"

#define C_CLIENT "\033[31m"   /* Wireshark's Follow: client red, server blue */
#define C_SERVER "\033[34m"
#define C_STEP "\033[1m"
#define C_OFF "\033[0m"

struct fv_step {
    uint64_t frame;
    uint32_t before, after;   /* chunks before and after the frame was taken */
    uint16_t flags;
    bool from_client;
    char step[40];
};

struct fv_stream {
    uint32_t index;
    struct reasm_conn *rc;
    char client[80], server[80];
    int client_side;          /* the stream's side (0/1) that is the client */
    int first_side;           /* the side of the first segment reasm took (its REASM_CLIENT) */
    bool fed, kept, printed_any;
    size_t printed;           /* chunks printed */
    uint64_t pos[2];          /* bytes of each reasm direction printed (hex offsets) */
    uint64_t sent[2];         /* payload bytes by client [0] and server [1] */
    uint64_t missing;         /* "bytes missing" chunks */
    struct fv_step *steps;
    size_t nsteps, steps_cap, steps_dropped;
};

struct fview {
    struct out *o;
    bool color, immediate;
    struct fv_stream **by_index;  /* tcp.stream -> its state, NULL once printed or retired */
    size_t cap;
    int64_t current;          /* immediate: the stream printed last, -1 none */
    uint64_t shown;           /* streams printed */
};

struct fview *fview_new(struct out *o, bool color, bool immediate)
{
    struct fview *fv = calloc(1, sizeof *fv);
    if (fv) {
        fv->o = o, fv->color = color, fv->immediate = immediate;
        fv->current = -1;
    }
    return fv;
}

static void stream_free(struct fv_stream *st)
{
    if (st) {
        reasm_free(st->rc);
        free(st->steps);
        free(st);
    }
}

void fview_free(struct fview *fv)
{
    if (!fv)
        return;
    for (size_t i = 0; i < fv->cap; i++)
        stream_free(fv->by_index[i]);
    free(fv->by_index);
    free(fv);
}

static void color_on(struct fview *fv, const char *c)
{
    if (fv->color)
        out_str(fv->o, c);
}

static void color_off(struct fview *fv)
{
    if (fv->color)
        out_str(fv->o, C_OFF);
}

static void stream_header(struct fview *fv, struct fv_stream *st)
{
    if (fv->shown || fv->current >= 0)
        out_char(fv->o, '\n');
    out_printf(fv->o, "=== tcp.stream %u: %s <-> %s ===\n", st->index, st->client, st->server);
    fv->current = st->index;
    st->printed_any = true;
}

/* Is p[0..n) text (printable ASCII and line ends of one kind)? */
static bool is_text(const uint8_t *p, size_t n, bool *crlf)
{
    size_t lf = 0, crlf_n = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c >= 0x20 && c < 0x7f)
            continue;
        if (c == '\n')
            lf++;
        else if (c == '\r' && i + 1 < n && p[i + 1] == '\n')
            crlf_n++, i++;
        else
            return false;
    }
    *crlf = crlf_n > 0;
    return !(lf && crlf_n);
}

static void print_text(struct fview *fv, const char *col, const uint8_t *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && p[e] != '\n' && p[e] != '\r')
            e++;
        color_on(fv, col);
        out_mem(fv->o, p + i, e - i);
        color_off(fv);
        out_char(fv->o, '\n');
        i = e < n && p[e] == '\r' ? e + 2 : e + 1;
    }
}

static void print_dump(struct fview *fv, const char *col, const uint8_t *p, size_t n, uint64_t off)
{
    char line[HEXDUMP_LINE];
    for (size_t i = 0; i < n; i += 16) {
        size_t k = hexdump_line(line, p + i, n - i < 16 ? n - i : 16, off + i, 8, HEXDUMP_FOLLOW);
        color_on(fv, col);
        out_mem(fv->o, line, k);
        color_off(fv);
        out_char(fv->o, '\n');
    }
}

static void print_chunk(struct fview *fv, struct fv_stream *st, const struct reasm_chunk *c, const uint8_t *p)
{
    int sender = c->dir == REASM_CLIENT ? st->first_side : !st->first_side;
    bool client = sender == st->client_side;
    const char *col = client ? C_CLIENT : C_SERVER;
    color_on(fv, col);
    out_printf(fv->o, "%s %s, frame %llu: ", client ? ">>" : "<<", client ? "client" : "server",
               (unsigned long long)c->frame);
    if (c->missing) {
        /* reasm's own text, "[N bytes missing in capture file]" and a NUL. */
        size_t n = strnlen((const char *)p, c->len);
        out_mem(fv->o, p, n);
        color_off(fv);
        out_char(fv->o, '\n');
        st->missing++;
    } else {
        bool crlf = false, text = is_text(p, c->len, &crlf);
        out_printf(fv->o, "%zu byte%s%s", c->len, plural_s(c->len),
                   !text ? " (binary: hex dump)" : crlf ? " (lines end in CRLF)" : "");
        color_off(fv);
        out_char(fv->o, '\n');
        if (text)
            print_text(fv, col, p, c->len);
        else
            print_dump(fv, col, p, c->len, st->pos[c->dir]);
        st->sent[!client] += c->len;
    }
    st->pos[c->dir] += c->len;
}

static void print_chunks_upto(struct fview *fv, struct fv_stream *st, size_t upto)
{
    size_t n;
    const struct reasm_chunk *ch = reasm_chunks(st->rc, &n);
    const uint8_t *bytes = reasm_bytes(st->rc);
    if (upto > n)
        upto = n;
    for (; st->printed < upto; st->printed++)
        print_chunk(fv, st, &ch[st->printed], bytes + ch[st->printed].off);
}

static void print_step(struct fview *fv, const struct fv_step *s)
{
    char fl[48];
    flags_text(s->flags, fl, sizeof fl);
    color_on(fv, C_STEP);
    out_printf(fv->o, "-- %s (%s from %s, frame %llu)", s->step, fl, s->from_client ? "client" : "server",
               (unsigned long long)s->frame);
    color_off(fv);
    out_char(fv->o, '\n');
}

/* Print what the stream holds and has not printed: its steps where they
 * happened between the chunks, then the chunks after the last step. */
static void drain(struct fview *fv, struct fv_stream *st)
{
    if (!st->printed_any || (fv->immediate && fv->current != (int64_t)st->index))
        stream_header(fv, st);
    for (size_t i = 0; i < st->nsteps; i++) {
        const struct fv_step *s = &st->steps[i];
        print_chunks_upto(fv, st, s->before);
        /* A FIN or RST closes what the segment carried: its data first. */
        bool after_data = (s->flags & (TH_FIN | TH_RST)) != 0;
        if (after_data)
            print_chunks_upto(fv, st, s->after);
        print_step(fv, s);
    }
    st->nsteps = 0;
    size_t n;
    reasm_chunks(st->rc, &n);
    print_chunks_upto(fv, st, n);
    if (st->steps_dropped) {
        out_printf(fv->o, "-- (%zu more steps not shown: over %d held before the stream was shown)\n",
                   st->steps_dropped, FVIEW_MAX_PENDING_STEPS);
        st->steps_dropped = 0;
    }
}

static void footer(struct fview *fv, struct fv_stream *st)
{
    out_printf(fv->o, "=== end of tcp.stream %u: client sent %llu bytes, server sent %llu bytes", st->index,
               (unsigned long long)st->sent[0], (unsigned long long)st->sent[1]);
    if (st->missing)
        out_printf(fv->o, ", %llu gap%s", (unsigned long long)st->missing, plural_s(st->missing));
    if (reasm_capped(st->rc))
        out_str(fv->o, ", cut by the reassembly cap");
    out_str(fv->o, " ===\n");
}

static struct fv_stream *stream_get(struct fview *fv, const struct view *v)
{
    uint32_t idx = v->tk->stream->index;
    if (idx >= fv->cap) {
        size_t cap = fv->cap ? fv->cap : 64;
        while (cap <= idx)
            cap *= 2;
        struct fv_stream **p = realloc(fv->by_index, cap * sizeof *p);
        if (!p)
            return NULL;
        memset(p + fv->cap, 0, (cap - fv->cap) * sizeof *p);
        fv->by_index = p, fv->cap = cap;
    }
    struct fv_stream *st = fv->by_index[idx];
    if (st)
        return st;
    if (!(st = calloc(1, sizeof *st)) || !(st->rc = reasm_new())) {
        free(st);
        return NULL;
    }
    st->index = idx;
    fv->by_index[idx] = st;
    return st;
}

void fview_frame(struct fview *fv, const struct view *v)
{
    const struct track_info *k = v->tk;
    struct fv_stream *st = stream_get(fv, v);
    if (!st) {
        static bool said;
        if (!said)
            fputs("synfin follow: out of memory; some streams are left out\n", stderr);
        said = true;
        return;
    }
    int client_side = k->from_client ? k->dir : !k->dir;
    if (!st->client[0] || client_side != st->client_side) {
        st->client_side = client_side;
        ladder_endpoints(k->stream, client_side, st->client, st->server, sizeof st->client);
    }
    if (k->stream->kept)
        st->kept = true;
    size_t before;
    reasm_chunks(st->rc, &before);
    struct reasm_seg seg;
    if (follow_tap_seg(v, k->dir, &seg)) {
        if (!st->fed)
            st->first_side = k->dir, st->fed = true;
        reasm_segment(st->rc, &seg);
    }
    if (k->step[0]) {
        if (st->nsteps == st->steps_cap && st->steps_cap < FVIEW_MAX_PENDING_STEPS) {
            size_t cap = st->steps_cap ? st->steps_cap * 2 : 8;
            struct fv_step *p = realloc(st->steps, cap * sizeof *p);
            if (p)
                st->steps = p, st->steps_cap = cap;
        }
        if (st->nsteps < st->steps_cap) {
            size_t after;
            reasm_chunks(st->rc, &after);
            struct fv_step *s = &st->steps[st->nsteps++];
            *s = (struct fv_step){ .frame = v->f->number, .before = (uint32_t)before, .after = (uint32_t)after,
                                   .flags = v->f->tcp.flags, .from_client = k->from_client };
            snprintf(s->step, sizeof s->step, "%s", k->step);
        } else {
            st->steps_dropped++;
        }
    }
    if (fv->immediate && st->kept) {
        drain(fv, st);
        out_flush(fv->o);
    }
}

static void finish(struct fview *fv, struct fv_stream *st)
{
    if (st->kept) {
        drain(fv, st);
        footer(fv, st);
        fv->shown++;
        fv->current = -1;
    }
    fv->by_index[st->index] = NULL;
    stream_free(st);
}

void fview_retire(struct fview *fv, uint32_t index)
{
    if (index < fv->cap && fv->by_index[index]) {
        finish(fv, fv->by_index[index]);
        out_flush(fv->o);
    }
}

uint64_t fview_end(struct fview *fv)
{
    for (size_t i = 0; i < fv->cap; i++)
        if (fv->by_index[i])
            finish(fv, fv->by_index[i]);
    out_flush(fv->o);
    return fv->shown;
}
