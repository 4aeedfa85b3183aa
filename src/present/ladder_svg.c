/* The ladder as SVG. Written in two passes over the same layout: the first
 * only measures the height (the viewBox comes first in the file), the
 * second writes. No allocation: a row's layout lives on the stack. */
#include <stdio.h>
#include <string.h>

#include "decode/nstime.h"
#include "decode/packet.h"
#include "present/ladder.h"
#include "present/ladder_svg.h"
#include "present/xml_escape.h"

/* The geometry, in viewBox units (about CSS pixels at full width). */
enum {
    W = 900,          /* viewBox width; the height grows with the segments */
    TX = 60,          /* the time column's right edge */
    CX = 150,         /* the client's line */
    SX = 530,         /* the server's line */
    RX = 624,         /* the right column: step, analysis label, explanation */
    TOP = 26,         /* where the lines start, under the addresses */
    FIRST = 44,       /* the first arrow */
    MIN_STEP = 22,    /* the least vertical distance between two arrows */
    MAX_STEP = 110,   /* the most the timing alone spreads two arrows */
    SLANT_MAX = 66,   /* the most an arrow drops between its two lines */
    FOLD_H = 30,      /* the height of a folded idle gap */
    LINE = 12,        /* the right column's line height */
    CHAR_PX = 6,      /* a monospace character at 10px, for widths */
    RIGHT_UNITS = (W - RX - 4) / CHAR_PX,
    MAX_LINES = 12,
};

/* One colour class per Wireshark rule (enum rseg_colour): the label's chip
 * takes its background and text colours, as the packet list's row does.
 * test_ladder_svg checks these against rseg_colour_bg/fg. */
#define LSVG_LIGHT                                                                                            \
    "svg.ladder{font:10px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}"                              \
    ".ladder text{fill:#222}"                                                                                 \
    ".ladder .hdr{font-weight:bold;text-anchor:middle}"                                                       \
    ".ladder .t{text-anchor:end;fill:#666}"                                                                   \
    ".ladder .life{stroke:#555;stroke-width:1.5;fill:none;pointer-events:none}"                               \
    ".ladder .a{stroke:#333;stroke-width:1.2;fill:none}"                                                      \
    ".ladder .c2 .a{stroke:#a40000}"                                                                          \
    ".ladder .c3 .a,.ladder .c4 .a{stroke:#d03030}"                                                           \
    ".ladder .x{stroke:#d00000;stroke-width:2}"                                                               \
    ".ladder .chip text{text-anchor:middle;white-space:pre}"                                                  \
    ".ladder .c0 rect{fill:#e7e6ff}.ladder .c0 .chip text{fill:#12272e}"                                      \
    ".ladder .c1 rect{fill:#a0a0a0}.ladder .c1 .chip text{fill:#12272e}"                                      \
    ".ladder .c2 rect{fill:#a40000}.ladder .c2 .chip text{fill:#fffc9c}"                                      \
    ".ladder .c3 rect{fill:#12272e}.ladder .c3 .chip text{fill:#f78787}"                                      \
    ".ladder .c4 rect{fill:#12272e}.ladder .c4 .chip text{fill:#f78787}"                                      \
    ".ladder .c5 rect{fill:#e4ffc7}.ladder .c5 .chip text{fill:#12272e}"                                      \
    ".ladder .step{font-weight:bold}"                                                                         \
    ".ladder .label{fill:#a40000}"                                                                            \
    ".ladder .note{font-family:system-ui,sans-serif;fill:#444}"                                               \
    ".ladder .state{fill:#1a5fb4;font-weight:bold}"                                                           \
    ".ladder .state[data-side=client]{text-anchor:end}"                                                       \
    ".ladder .fold path{stroke:#777;stroke-width:1.5;fill:none}"                                              \
    ".ladder .fold text{fill:#777;text-anchor:middle;font-style:italic}"                                      \
    ".ladder g.seg:hover .a{stroke-width:2.5}"
#define LSVG_DARK                                                                                             \
    "@media (prefers-color-scheme:dark){"                                                                     \
    ".ladder text{fill:#ddd}.ladder .t{fill:#aaa}"                                                            \
    ".ladder .life{stroke:#aaa}.ladder .a{stroke:#ccc}"                                                       \
    ".ladder .c2 .a{stroke:#ff6b6b}.ladder .c3 .a,.ladder .c4 .a{stroke:#f78787}"                             \
    ".ladder .label{fill:#ff8080}.ladder .note{fill:#bbb}.ladder .state{fill:#8cb8ff}"                        \
    ".ladder .fold path{stroke:#999}.ladder .fold text{fill:#999}}"

const char ladder_svg_style[] = LSVG_LIGHT LSVG_DARK;

/* One row of the layout: a segment, its place and what its right column holds. */
struct row {
    int y, h;                 /* its start; the distance to the next arrow, a fold excluded */
    int arrive;               /* where it reaches the other line */
    bool fold;                /* an idle gap follows, folded */
    int64_t gap_ns;
    int nlines;               /* in the right column: step, label, note lines */
    int nnote;
    char note[768];
    int note_off[MAX_LINES], note_len[MAX_LINES];
};

struct lay {
    const struct rseg *segs;
    size_t n;
    const struct ladder_svg_opts *opt;
    int64_t typical_ns;       /* the usual spacing between segments: the median gap */
};

static int64_t gap_ns(const struct lay *L, size_t i)
{
    if (i + 1 >= L->n)
        return 0;
    int64_t g = time_ns_between(L->segs[i + 1].s.t, L->segs[i].s.t);
    return g > 0 ? g : 0;
}

/* The median gap, to a factor of two: a histogram of log2(gap), no sort. */
static int64_t typical_gap(const struct lay *L)
{
    size_t bins[64] = { 0 }, total = 0;
    for (size_t i = 0; i + 1 < L->n; i++) {
        int64_t g = gap_ns(L, i);
        if (g > 0)
            bins[63 - __builtin_clzll((unsigned long long)g)]++, total++;
    }
    size_t seen = 0;
    for (int k = 0; k < 64 && total; k++)
        if ((seen += bins[k]) * 2 >= total)
            return (int64_t)(((uint64_t)3 << k) / 2);   /* the middle of [2^k, 2^(k+1)) */
    return 1000;
}

/* log2(r) for r >= 1, piecewise linear between powers of two: monotonic,
 * and no libm. */
static double log2ish(double r)
{
    int k = 0;
    while (r >= 2 && k < 200)
        r /= 2, k++;
    return k + (r - 1);
}

/* How far apart timing alone puts two arrows: the usual gap is MIN_STEP,
 * and each doubling adds half of it, up to MAX_STEP. */
static int time_px(const struct lay *L, int64_t g)
{
    if (g <= L->typical_ns)
        return MIN_STEP;
    double px = MIN_STEP * (1 + 0.5 * log2ish((double)g / (double)L->typical_ns));
    return px > MAX_STEP ? MAX_STEP : (int)px;
}

/* An idle gap: over a second (as the text ladder folds), or over 100 ms and
 * a thousand times the usual spacing (a retransmission timeout). */
static bool folded(const struct lay *L, int64_t g)
{
    return g >= NS_PER_SEC || (g >= NS_PER_SEC / 10 && g / 1000 > L->typical_ns);
}

/* Screen width of a UTF-8 character in units of CHAR_PX: wide scripts take two. */
static int units(uint32_t cp) { return cp >= 0x1100 ? 2 : 1; }

static uint32_t utf8_next(const char *s, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    uint32_t cp = p[0];
    size_t len = 1;
    if (cp >= 0xf0 && p[1] && p[2] && p[3])
        cp = (uint32_t)(p[0] & 7) << 18 | (uint32_t)(p[1] & 63) << 12 | (uint32_t)(p[2] & 63) << 6 | (p[3] & 63), len = 4;
    else if (cp >= 0xe0 && p[1] && p[2])
        cp = (uint32_t)(p[0] & 15) << 12 | (uint32_t)(p[1] & 63) << 6 | (p[2] & 63), len = 3;
    else if (cp >= 0xc0 && p[1])
        cp = (uint32_t)(p[0] & 31) << 6 | (p[1] & 63), len = 2;
    *i += len;
    return cp;
}

/* Break the note into lines of RIGHT_UNITS, at spaces where there are any. */
static void wrap_note(struct row *r, const char *s)
{
    size_t i = 0, start = 0, space = 0, len = strlen(s);
    int width = 0;
    r->nnote = 0;
    while (i < len && r->nnote < MAX_LINES) {
        size_t at = i;
        uint32_t cp = utf8_next(s, &i);
        if (cp == ' ' && width == 0) {        /* no space at a line's start */
            start = i;
            continue;
        }
        if (cp == ' ')
            space = at;
        if (width + units(cp) > RIGHT_UNITS) {
            size_t end = space > start ? space : at;
            r->note_off[r->nnote] = (int)start;
            r->note_len[r->nnote++] = (int)(end - start);
            start = i = end;
            width = 0;
            space = 0;
            continue;
        }
        width += units(cp);
    }
    if (start < len && r->nnote < MAX_LINES) {
        r->note_off[r->nnote] = (int)start;
        r->note_len[r->nnote++] = (int)(len - start);
    }
}

/* Row i at height y: its size, its right column, the fold after it. */
static void layout_row(const struct lay *L, size_t i, int y, struct row *r)
{
    const struct rseg *g = &L->segs[i];
    r->y = y;
    r->nnote = 0;
    r->note[0] = 0;
    if (L->opt->explain && explain_segment(L->opt->lang, &g->s, r->note, sizeof r->note)) {
        /* The arrow shows who and the numbers; keep what is said, from its quote on. */
        const char *q = strchr(r->note, '"');
        if (q && q != r->note)
            memmove(r->note, q, strlen(q) + 1);
        wrap_note(r, r->note);
    }
    r->nlines = (g->s.step[0] != 0) + (g->s.label[0] != 0) + r->nnote;
    int content = r->nlines * LINE + 2 > MIN_STEP ? r->nlines * LINE + 2 : MIN_STEP;
    r->gap_ns = gap_ns(L, i);
    r->fold = i + 1 < L->n && folded(L, r->gap_ns);
    int t = i + 1 < L->n && !r->fold ? time_px(L, r->gap_ns) : MIN_STEP;
    r->h = content > t ? content : t;
    r->arrive = y + (r->h < SLANT_MAX ? r->h : SLANT_MAX);
}

static int next_y(const struct row *r) { return r->y + r->h + (r->fold ? FOLD_H : 0); }

/* Square root by Newton's method: the unit vector of an arrow, without libm. */
static double root(double v)
{
    double x = v > 1 ? v : 1;
    for (int k = 0; k < 30; k++)
        x = (x + v / x) / 2;
    return x;
}

static void seg_time(struct out *o, struct timespec t)
{
    out_frac(o, (int64_t)t.tv_sec, t.tv_nsec, 6);
}

static void gap_text(struct out *o, int64_t g)
{
    if (g >= NS_PER_SEC)
        out_printf(o, "%.1f s idle", (double)g / NS_PER_SEC);
    else
        out_printf(o, "%lld ms idle", (long long)(g / 1000000));
}

/* The state labels: each side's last one, to write only changes and keep
 * two labels on one line from overlapping. */
struct states {
    char last[2][16];
    int last_y[2];
};

static void state_label(struct out *o, struct states *st, int side, const char *state, int y)
{
    if (strcmp(st->last[side], state) == 0)
        return;
    snprintf(st->last[side], sizeof st->last[side], "%s", state);
    if (y < st->last_y[side] + 11)
        y = st->last_y[side] + 11;
    st->last_y[side] = y;
    out_printf(o, "<text class=\"state\" data-side=\"%s\" x=\"%d\" y=\"%d\">", side == FROM_CLIENT ? "client" : "server",
               side == FROM_CLIENT ? CX - 6 : SX + 6, y);
    xml_text(o, state);
    out_str(o, "</text>");
}

static void arrow(struct out *o, const struct rseg *g, size_t i, const struct row *r)
{
    const struct seg_record *s = &g->s;
    int x0 = s->from == FROM_CLIENT ? CX : SX, x1 = s->from == FROM_CLIENT ? SX : CX;
    double dx = x1 - x0, dy = r->arrive - r->y, len = root(dx * dx + dy * dy);
    double ux = dx / len, uy = dy / len;
    out_printf(o, "<g class=\"seg c%u%s\" data-frame=\"%llu\" data-i=\"%zu\">", g->colour, g->lost ? " lost" : "",
               (unsigned long long)s->frame, i);
    out_printf(o, "<text class=\"t\" x=\"%d\" y=\"%d\">", TX, r->y + 3);
    seg_time(o, s->t);
    out_str(o, "</text>");
    if (g->lost) {
        /* Lost on the way: the arrow stops at 60% with a cross. */
        double ex = x0 + 0.6 * dx, ey = r->y + 0.6 * dy;
        out_printf(o, "<path class=\"a\" d=\"M%d %dL%.1f %.1f\"/>", x0, r->y, ex, ey);
        out_printf(o, "<path class=\"x\" d=\"M%.1f %.1fl10 10m0-10l-10 10\"/>", ex - 5, ey - 5);
    } else {
        /* An open head: two strokes back from the tip, 8 long, 4 aside. */
        double bx = x1 - 8 * ux, by = r->arrive - 8 * uy;
        out_printf(o, "<path class=\"a\" d=\"M%d %dL%d %dM%.1f %.1fL%d %dL%.1f %.1f\"/>", x0, r->y, x1, r->arrive,
                   bx - 4 * uy, by + 4 * ux, x1, r->arrive, bx + 4 * uy, by - 4 * ux);
    }
    /* The label in a chip under the arrow's middle, along the arrow, read left to right. */
    char fl[48], text[128];
    flags_text(s->flags, fl, sizeof fl);
    int n = s->flags & TH_ACK ? snprintf(text, sizeof text, "%s  seq=%u ack=%u len=%u", fl, s->seq, s->ack, s->len)
                              : snprintf(text, sizeof text, "%s  seq=%u len=%u", fl, s->seq, s->len);
    int w = n * CHAR_PX + 6;
    double c = dx > 0 ? ux : -ux, sn = dx > 0 ? uy : -uy;
    out_printf(o, "<g class=\"chip\" transform=\"matrix(%.4f %.4f %.4f %.4f %.1f %.1f)\">"
                  "<rect x=\"%d\" y=\"2\" width=\"%d\" height=\"12\" rx=\"2\"/><text y=\"11\">",
               c, sn, -sn, c, (x0 + x1) / 2.0, r->y + dy / 2, -w / 2, w);
    xml_text(o, text);
    out_str(o, "</text></g>");
    int ly = r->y + 4;
    if (s->step[0]) {
        out_printf(o, "<text class=\"step\" x=\"%d\" y=\"%d\">", RX, ly);
        xml_text(o, s->step);
        out_str(o, "</text>");
        ly += LINE;
    }
    if (s->label[0]) {
        out_printf(o, "<text class=\"label\" x=\"%d\" y=\"%d\">", RX, ly);
        xml_text(o, s->label);
        out_str(o, "</text>");
        ly += LINE;
    }
    if (r->nnote) {
        out_printf(o, "<text class=\"note\" x=\"%d\" y=\"%d\">", RX, ly);
        for (int k = 0; k < r->nnote; k++) {
            out_printf(o, "<tspan x=\"%d\" dy=\"%d\">", RX, k ? LINE : 0);
            xml_text_n(o, r->note + r->note_off[k], (size_t)r->note_len[k]);
            out_str(o, "</tspan>");
        }
        out_str(o, "</text>");
    }
    out_str(o, "</g>");
}

/* The two lines from y0 to y1. */
static void lifelines(struct out *o, int y0, int y1)
{
    out_printf(o, "<path class=\"life\" d=\"M%d %dV%dM%d %dV%d\"/>", CX, y0, y1, SX, y0, y1);
}

static void fold_mark(struct out *o, int y, int64_t g)
{
    out_printf(o, "<g class=\"fold\"><path d=\"M%d %dl12-4M%d %dl12-4M%d %dl12-4M%d %dl12-4\"/>"
                  "<text x=\"%d\" y=\"%d\">",
               CX - 6, y + 13, CX - 6, y + 19, SX - 6, y + 13, SX - 6, y + 19, (CX + SX) / 2, y + FOLD_H / 2 + 4);
    gap_text(o, g);
    out_str(o, "</text></g>");
}

/* An endpoint's address over its line, kept inside the picture. */
static void header(struct out *o, const char *name, int x)
{
    int half = (int)strlen(name) * CHAR_PX / 2 + 2;
    if (x - half < 0)
        x = half;
    if (x + half > W)
        x = W - half;
    out_printf(o, "<text class=\"hdr\" x=\"%d\" y=\"16\">", x);
    xml_text(o, name);
    out_str(o, "</text>");
}

void ladder_svg(struct out *o, const struct rseg *segs, size_t n, const struct ladder_svg_opts *opt)
{
    struct lay L = { segs, n, opt, 0 };
    L.typical_ns = typical_gap(&L);
    struct row r;
    int y = FIRST;
    for (size_t i = 0; i < n; i++) {
        layout_row(&L, i, y, &r);
        y = next_y(&r);
    }
    int height = (n ? y : FIRST + MIN_STEP) + 16;

    if (opt->standalone)
        out_str(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" ");
    else
        out_str(o, "<svg ");
    out_printf(o, "class=\"ladder\" viewBox=\"0 0 %d %d\" width=\"100%%\">", W, height);
    if (opt->standalone) {
        out_str(o, "\n<title>");
        xml_text(o, opt->client);
        out_str(o, " \xe2\x86\x94 ");
        xml_text(o, opt->server);
        out_str(o, "</title>\n<style>" LSVG_LIGHT "</style>\n");
        out_printf(o, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n", W, height);
    }
    out_printf(o, "<text class=\"hdr\" x=\"%d\" y=\"16\">time</text>", TX - 18);
    header(o, opt->client, CX);
    header(o, opt->server, SX);
    out_char(o, '\n');

    struct states st = { { "", "" }, { -100, -100 } };
    int life_from = TOP;
    y = FIRST;
    for (size_t i = 0; i < n; i++) {
        const struct rseg *g = &segs[i];
        layout_row(&L, i, y, &r);
        arrow(o, g, i, &r);
        /* The sender's state where it sends, the receiver's where the arrow arrives. */
        int from = g->s.from == FROM_SERVER ? FROM_SERVER : FROM_CLIENT;
        state_label(o, &st, from, g->state[from], r.y + 9);
        state_label(o, &st, !from, g->state[!from], r.arrive - 2);
        out_char(o, '\n');
        if (r.fold) {
            int fy = r.y + r.h;
            lifelines(o, life_from, fy + 8);
            fold_mark(o, fy, r.gap_ns);
            out_char(o, '\n');
            life_from = fy + FOLD_H - 8;
        }
        y = next_y(&r);
    }
    lifelines(o, life_from, height - 8);
    out_str(o, "\n</svg>\n");
}
