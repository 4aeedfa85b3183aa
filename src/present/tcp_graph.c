/* The TCP graphs of one direction of a connection, as plain SVG.
 *
 * Each graph is an outer <svg> in screen-like units (G_W x G_H) holding the
 * title, the axes and their labels, and an inner <svg class="plot"> whose
 * viewBox maps time to 0..XU and the value to YU..0 with
 * preserveAspectRatio="none": tgraph_script zooms to a time range by
 * changing that viewBox alone and rewriting the x-axis labels; strokes do not
 * scale (vector-effect in tgraph_style). Coordinates are written as integers
 * in those units, so a point costs a few bytes. All graphs of a connection
 * share one time axis (0 to a round value past its last segment), so zooming
 * one zooms them all. */
#include <stdio.h>

#include "decode/packet.h"
#include "present/tcp_graph.h"
#include "track/seq.h"

enum {
    /* Rows: title and reset (16), legend (32), the plot, tick labels, the
     * x unit, the readout line (G_H - 4). */
    G_W = 480, G_H = 284,                      /* outer viewBox */
    G_ML = 56, G_MR = 12, G_MT = 40, G_MB = 48, /* margins around the plot */
    G_PW = G_W - G_ML - G_MR, G_PH = G_H - G_MT - G_MB,
    XU = 100000, YU = 10000,                   /* inner plot units */
    THIN_BINS = 2000,                          /* x bins of a thinned secondary series */
};

static const char *const dir_name[2] = { [FROM_CLIENT] = "c2s", [FROM_SERVER] = "s2c" };

static double secs(struct timespec t) { return (double)t.tv_sec + (double)t.tv_nsec / 1e9; }

/* A round tick step (1, 2 or 5 times a power of ten) near raw; the same rule
 * as nice() in tgraph_script. */
static double nice_step(double raw)
{
    if (!(raw > 0))
        return 1;
    double p = 1;
    while (p * 10 <= raw)
        p *= 10;
    while (p > raw)
        p /= 10;
    double m = raw / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/* Decimals a label needs to show multiples of step (as decimals() in the script). */
static int step_decimals(double step)
{
    int d = 0;
    while (d < 9 && step < 0.9999) {
        step *= 10;
        d++;
    }
    return d;
}

/* v with `dec` decimals (at most 9), rounded; negatives print as 0. */
static void out_fixed(struct out *o, double v, int dec)
{
    uint64_t scale = 1;
    for (int i = 0; i < dec; i++)
        scale *= 10;
    uint64_t r = v > 0 ? (uint64_t)(v * (double)scale + 0.5) : 0;
    out_u64(o, r / scale);
    if (dec > 0) {
        char frac[10];
        uint64_t f = r % scale;
        frac[0] = '.';
        for (int i = dec; i > 0; i--, f /= 10)
            frac[i] = (char)('0' + f % 10);
        out_mem(o, frac, (size_t)dec + 1);
    }
}

/* An axis from 0: its tick step and the round value at its top. */
struct axis {
    double step, max;
    double div;          /* labels divided by this ... */
    const char *suffix;  /* ... and followed by this: "", "k", "M", "G" */
    int dec;
};

static struct axis axis_make(double vmax, int nticks, bool si)
{
    struct axis a = { .div = 1, .suffix = "" };
    if (!(vmax > 0))
        vmax = 1;
    a.step = nice_step(vmax / nticks);
    a.max = a.step;
    while (a.max < vmax * (1 - 1e-12))
        a.max += a.step;
    if (si) {
        static const char *const sfx[] = { "k", "M", "G" };
        for (int i = 0; i < 3 && a.max >= a.div * 1000; i++) {
            a.div *= 1000;
            a.suffix = sfx[i];
        }
    }
    a.dec = step_decimals(a.step / a.div);
    return a;
}

static long xunit(double t, double tmax)
{
    double x = t / tmax * XU;
    return x < 0 ? 0 : x > XU ? XU : (long)(x + 0.5);
}

/* The value's height in plot units; above the axis top clips (down to -YU). */
static long yunit(double v, const struct axis *a)
{
    double y = YU - v / a->max * YU;
    return y < -YU ? -YU : y > YU ? YU : (long)(y + (y < 0 ? -0.5 : 0.5));
}

/* --- the frame of one graph --------------------------------------------- */

static void attr_num(struct out *o, const char *name, long v)
{
    out_char(o, ' ');
    out_str(o, name);
    out_str(o, "=\"");
    out_i64(o, v);
    out_char(o, '"');
}

static void x_ticks(struct out *o, double tmax, const struct axis *xa)
{
    out_str(o, "<g class=\"xt\">");
    for (int k = 0; k * xa->step <= tmax * (1 + 1e-9); k++) {
        double t = k * xa->step;
        long x = G_ML + (long)(t / tmax * G_PW + 0.5);
        out_str(o, "<line class=\"tick\"");
        attr_num(o, "x1", x);
        attr_num(o, "x2", x);
        attr_num(o, "y1", G_MT + G_PH);
        attr_num(o, "y2", G_MT + G_PH + 4);
        out_str(o, "/><text class=\"xl\"");
        attr_num(o, "x", x);
        attr_num(o, "y", G_MT + G_PH + 15);
        out_char(o, '>');
        out_fixed(o, t, xa->dec);
        out_str(o, "</text>");
    }
    out_str(o, "</g>\n");
}

static void y_ticks(struct out *o, const struct axis *ya)
{
    out_str(o, "<g class=\"yt\">");
    for (int k = 0; k * ya->step <= ya->max * (1 + 1e-9); k++) {
        double v = k * ya->step;
        long y = G_MT + G_PH - (long)(v / ya->max * G_PH + 0.5);
        out_str(o, "<line class=\"grid\"");
        attr_num(o, "x1", G_ML);
        attr_num(o, "x2", G_ML + G_PW);
        attr_num(o, "y1", y);
        attr_num(o, "y2", y);
        out_str(o, "/><text class=\"yl\"");
        attr_num(o, "x", G_ML - 4);
        attr_num(o, "y", y + 4);
        out_char(o, '>');
        if (k == 0)
            out_char(o, '0');
        else {
            out_fixed(o, v / ya->div, ya->dec);
            out_str(o, ya->suffix);
        }
        out_str(o, "</text>");
    }
    out_str(o, "</g>\n");
}

/* Everything of a graph up to its plot's series: the outer svg, title,
 * readout line, reset button, axes, and the opened plot. */
static void graph_open(struct out *o, const char *kind, int dir, uint32_t stream, const char *title,
                       double tmax, const struct axis *xa, const struct axis *ya)
{
    out_str(o, "<svg class=\"graph\" data-kind=\"");
    out_str(o, kind);
    out_str(o, "\" data-dir=\"");
    out_str(o, dir_name[dir]);
    out_str(o, "\" data-stream=\"");
    out_u64(o, stream);
    out_str(o, "\" data-t1=\"");
    out_printf(o, "%.9g", tmax);
    out_str(o, "\" viewBox=\"0 0 ");
    out_u64(o, G_W);
    out_char(o, ' ');
    out_u64(o, G_H);
    out_str(o, "\" role=\"img\" aria-label=\"");
    out_str(o, title);
    out_str(o, "\">\n<text class=\"gtitle\" x=\"8\" y=\"16\">");
    out_str(o, title);
    out_str(o, "</text><text class=\"readout\" x=\"8\"");
    attr_num(o, "y", G_H - 4);
    out_str(o, "></text><text class=\"reset\"");
    attr_num(o, "x", G_W - G_MR);
    out_str(o, " y=\"16\">reset zoom</text>\n");
    y_ticks(o, ya);
    x_ticks(o, tmax, xa);
    out_str(o, "<text class=\"unit\"");
    attr_num(o, "x", G_ML + G_PW / 2);
    attr_num(o, "y", G_MT + G_PH + 29);
    out_str(o, ">time (s)</text><rect class=\"frame\"");
    attr_num(o, "x", G_ML);
    attr_num(o, "y", G_MT);
    attr_num(o, "width", G_PW);
    attr_num(o, "height", G_PH);
    out_str(o, "/>\n<svg class=\"plot\"");
    attr_num(o, "x", G_ML);
    attr_num(o, "y", G_MT);
    attr_num(o, "width", G_PW);
    attr_num(o, "height", G_PH);
    out_str(o, " viewBox=\"0 0 ");
    out_u64(o, XU);
    out_char(o, ' ');
    out_u64(o, YU);
    out_str(o, "\" preserveAspectRatio=\"none\"><rect class=\"bg\" width=\"");
    out_u64(o, XU);
    out_str(o, "\" height=\"");
    out_u64(o, YU);
    out_str(o, "\"/><rect class=\"sel\" width=\"0\" height=\"");
    out_u64(o, YU);
    out_str(o, "\"/>\n");
}

static void graph_close(struct out *o) { out_str(o, "</svg></svg>\n"); }

/* --- points --------------------------------------------------------------- */

/* `<path class="pt[ retrans]" data-frame="F" d="Mx y` ... */
static void pt_open(struct out *o, const struct rseg *r, bool retrans, long x, long y)
{
    out_str(o, retrans ? "<path class=\"pt retrans\" data-frame=\"" : "<path class=\"pt\" data-frame=\"");
    out_u64(o, r->s.frame);
    out_str(o, "\" d=\"M");
    out_i64(o, x);
    out_char(o, ' ');
    out_i64(o, y);
}

/* ... `"><title>frame F, t=T s` ... */
static void pt_title(struct out *o, const struct rseg *r)
{
    out_str(o, "\"><title>frame ");
    out_u64(o, r->s.frame);
    out_str(o, ", t=");
    out_frac(o, r->s.t.tv_sec, r->s.t.tv_nsec, 6);
    out_str(o, " s");
}

static void pt_close(struct out *o) { out_str(o, "</title></path>\n"); }

/* A dot: a zero-length subpath drawn with round caps (see tgraph_style). */
static void dot_open(struct out *o, const struct rseg *r, long x, long y)
{
    pt_open(o, r, false, x, y);
    out_str(o, "h0");
    pt_title(o, r);
}

/* --- step lines (ACK, window, in flight) -------------------------------------- */

/* A step line through (x, y) points in time order. When thinning, a change
 * waits for the next x bin and only the bin's last value is drawn; otherwise
 * every change is drawn (changes at one x unit still collapse). */
struct stepline {
    struct out *o;
    long binw;
    bool started, pending;
    long lastx, lasty, pendx, pendy;
};

static void step_begin(struct stepline *l, struct out *o, const char *cls, bool thin)
{
    *l = (struct stepline){ .o = o, .binw = thin ? XU / THIN_BINS : 1 };
    out_str(o, "<path class=\"");
    out_str(o, cls);
    out_str(o, "\" d=\"");
}

static void step_emit(struct stepline *l)
{
    out_char(l->o, 'H');
    out_i64(l->o, l->pendx);
    out_char(l->o, 'V');
    out_i64(l->o, l->pendy);
    l->lastx = l->pendx;
    l->lasty = l->pendy;
    l->pending = false;
}

static void step_add(struct stepline *l, long x, long y)
{
    if (!l->started) {
        out_char(l->o, 'M');
        out_i64(l->o, x);
        out_char(l->o, ' ');
        out_i64(l->o, y);
        l->started = true;
        l->lastx = x;
        l->lasty = y;
        return;
    }
    if (l->pending && x / l->binw != l->pendx / l->binw)
        step_emit(l);
    if (l->pending) {
        l->pendy = y;
        if (y == l->lasty)
            l->pending = false;
    } else if (y != l->lasty) {
        l->pending = true;
        l->pendx = x;
        l->pendy = y;
    }
}

static void step_end(struct stepline *l, long xend)
{
    if (l->pending)
        step_emit(l);
    if (l->started && xend > l->lastx) {
        out_char(l->o, 'H');
        out_i64(l->o, xend);
    }
    out_str(l->o, "\"/>\n");
}

/* --- the graphs ------------------------------------------------------------------ */

struct gctx {
    struct out *o;
    const struct rseg *segs;
    size_t n;
    int dir;
    uint32_t stream;
    double tmax;          /* time at the plot's right edge */
    struct axis xa;
    bool thin;
};

static bool is_data(const struct rseg *r, int dir) { return r->s.from == dir && r->s.len > 0; }
static bool is_ack(const struct rseg *r, int dir) { return r->s.from != dir && (r->s.flags & TH_ACK); }

static void legend(struct out *o, const char *const *items)
{
    out_str(o, "<text class=\"legend\"");
    attr_num(o, "x", G_ML);
    out_str(o, " y=\"32\">");
    for (int i = 0; items[i]; i += 2) {
        out_str(o, "<tspan class=\"");
        out_str(o, items[i]);
        out_str(o, "\">&#9632;</tspan> ");
        out_str(o, items[i + 1]);
        out_str(o, items[i + 2] ? " " : "");
    }
    out_str(o, "</text>\n");
}

static void graph_tseq(const struct gctx *g)
{
    struct out *o = g->o;
    double top = 1, wintop = 0;
    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (is_data(r, g->dir) && (double)r->s.seq + r->s.len > top)
            top = (double)r->s.seq + r->s.len;
        if (is_ack(r, g->dir)) {
            if (r->s.ack > top)
                top = r->s.ack;
            if ((double)r->s.ack + r->win > wintop)
                wintop = (double)r->s.ack + r->win;
        }
    }
    /* The receive window can dwarf a small transfer: it may lift the axis
     * to four times the data's height; above that it is off the scale, and
     * the legend says so. */
    bool win_above = wintop > 4 * top;
    struct axis ya = axis_make(win_above || wintop < top ? top : wintop, 4, true);
    graph_open(o, "tseq", g->dir, g->stream, "Sequence numbers (bytes), tcptrace style", g->tmax, &g->xa, &ya);

    struct stepline win, ack;
    step_begin(&win, o, "rwin", g->thin);
    for (size_t i = 0; i < g->n; i++)
        if (is_ack(&g->segs[i], g->dir))
            step_add(&win, xunit(secs(g->segs[i].s.t), g->tmax),
                     yunit((double)g->segs[i].s.ack + g->segs[i].win, &ya));
    step_end(&win, XU);
    step_begin(&ack, o, "ack", g->thin);
    for (size_t i = 0; i < g->n; i++)
        if (is_ack(&g->segs[i], g->dir))
            step_add(&ack, xunit(secs(g->segs[i].s.t), g->tmax), yunit(g->segs[i].s.ack, &ya));
    step_end(&ack, XU);

    out_str(o, "<path class=\"sack\" d=\"");
    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (r->s.from == g->dir)
            continue;
        for (int k = 0; k < r->nsack && k < RSEG_MAX_SACK; k++) {
            out_char(o, 'M');
            out_i64(o, xunit(secs(r->s.t), g->tmax));
            out_char(o, ' ');
            out_i64(o, yunit(r->sack_le[k], &ya));
            out_char(o, 'V');
            out_i64(o, yunit(r->sack_re[k], &ya));
        }
    }
    out_str(o, "\"/>\n");

    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (!is_data(r, g->dir))
            continue;
        pt_open(o, r, r->retransmission, xunit(secs(r->s.t), g->tmax), yunit(r->s.seq, &ya));
        out_char(o, 'V');
        out_i64(o, yunit((double)r->s.seq + r->s.len, &ya));
        pt_title(o, r);
        out_str(o, ", seq ");
        out_u64(o, r->s.seq);
        out_str(o, ", len ");
        out_u64(o, r->s.len);
        if (r->retransmission)
            out_str(o, ", retransmission");
        pt_close(o);
    }
    out_str(o, "</svg>\n");
    static const char *const items[] = { "l-data", "data", "l-re", "retrans", "l-ack", "ACK",
                                         "l-win", "window", "l-sack", "SACK", NULL };
    static const char *const items_above[] = { "l-data", "data", "l-re", "retrans", "l-ack", "ACK",
                                               "l-win", "window (above)", "l-sack", "SACK", NULL };
    legend(o, win_above ? items_above : items);
    out_str(o, "</svg>\n");
}

/* Throughput at each data segment: the bytes sent in the window (t - w, t], over w. */
static double tput_window(const struct gctx *g)
{
    double first = -1, last = 0;
    for (size_t i = 0; i < g->n; i++)
        if (is_data(&g->segs[i], g->dir)) {
            double t = secs(g->segs[i].s.t);
            if (first < 0)
                first = t;
            last = t;
        }
    double w = (last - first) / 20;
    return w < 0.001 ? 0.001 : w > 1 ? 1 : w;
}

/* Calls back with each data segment's rate; returns the largest. */
static double tput_each(const struct gctx *g, double w, const struct axis *ya)
{
    double sum = 0, max = 0;
    size_t lo = 0;
    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (!is_data(r, g->dir))
            continue;
        double t = secs(r->s.t);
        sum += r->s.len;
        for (; lo < i; lo++)
            if (is_data(&g->segs[lo], g->dir)) {
                if (secs(g->segs[lo].s.t) > t - w)
                    break;
                sum -= g->segs[lo].s.len;
            }
        double rate = sum / w;
        if (rate > max)
            max = rate;
        if (ya) {
            dot_open(g->o, r, xunit(t, g->tmax), yunit(rate, ya));
            out_str(g->o, ", ");
            out_fixed(g->o, rate / 1000, 1);
            out_str(g->o, " kB/s");
            pt_close(g->o);
        }
    }
    return max;
}

static void graph_tput(const struct gctx *g)
{
    double w = tput_window(g);
    struct axis ya = axis_make(tput_each(g, w, NULL), 4, true);
    char title[80];
    snprintf(title, sizeof title, "Throughput (bytes/s, %g ms moving average)", w * 1000 < 1 ? 1 : (double)(long)(w * 1000 + 0.5));
    graph_open(g->o, "tput", g->dir, g->stream, title, g->tmax, &g->xa, &ya);
    tput_each(g, w, &ya);
    out_str(g->o, "</svg></svg>\n");
}

static void graph_rtt(const struct gctx *g)
{
    double max = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->segs[i].s.from != g->dir && g->segs[i].ack_rtt * 1000 > max)
            max = g->segs[i].ack_rtt * 1000;
    struct axis ya = axis_make(max, 4, false);
    graph_open(g->o, "rtt", g->dir, g->stream, "Round-trip time (ms) of each ACK", g->tmax, &g->xa, &ya);
    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (r->s.from == g->dir || r->ack_rtt < 0)
            continue;
        dot_open(g->o, r, xunit(secs(r->s.t), g->tmax), yunit(r->ack_rtt * 1000, &ya));
        out_str(g->o, ", RTT ");
        out_fixed(g->o, r->ack_rtt * 1000, 3);
        out_str(g->o, " ms, ACK ");
        out_u64(g->o, r->s.ack);
        pt_close(g->o);
    }
    graph_close(g->o);
}

/* Bytes in flight after segment i: this side's highest sequence sent less the
 * other side's last ACK. */
struct flight {
    bool sent, acked;
    uint32_t high, ack;
};

static bool flight_step(struct flight *f, const struct rseg *r, int dir)
{
    if (r->s.from == dir && r->s.len > 0) {
        if (!f->sent || seq_gt(r->nxtseq, f->high))
            f->high = r->nxtseq;
        f->sent = true;
        return f->acked;
    }
    if (is_ack(r, dir)) {
        f->ack = r->s.ack;
        f->acked = true;
        return f->sent;
    }
    return false;
}

static double flight_bytes(const struct flight *f)
{
    return seq_gt(f->high, f->ack) ? (double)(uint32_t)(f->high - f->ack) : 0;
}

static void graph_win(const struct gctx *g)
{
    double max = 0;
    struct flight f = { 0 };
    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (r->s.from != g->dir && r->win > max)
            max = r->win;
        if (flight_step(&f, r, g->dir) && flight_bytes(&f) > max)
            max = flight_bytes(&f);
    }
    struct axis ya = axis_make(max, 4, true);
    graph_open(g->o, "win", g->dir, g->stream, "Receive window and bytes in flight", g->tmax, &g->xa, &ya);
    struct stepline fl;
    step_begin(&fl, g->o, "flight", g->thin);
    f = (struct flight){ 0 };
    for (size_t i = 0; i < g->n; i++)
        if (flight_step(&f, &g->segs[i], g->dir))
            step_add(&fl, xunit(secs(g->segs[i].s.t), g->tmax), yunit(flight_bytes(&f), &ya));
    step_end(&fl, fl.lastx);
    long lastbin = -1;
    for (size_t i = 0; i < g->n; i++) {
        const struct rseg *r = &g->segs[i];
        if (r->s.from == g->dir)
            continue;
        long x = xunit(secs(r->s.t), g->tmax);
        /* Thinned: one point per x bin, and every zero window. */
        if (g->thin && x / (XU / THIN_BINS) == lastbin && r->win > 0)
            continue;
        lastbin = x / (XU / THIN_BINS);
        dot_open(g->o, r, x, yunit(r->win, &ya));
        out_str(g->o, ", window ");
        out_u64(g->o, r->win);
        out_str(g->o, " bytes");
        pt_close(g->o);
    }
    out_str(g->o, "</svg>\n");
    static const char *const items[] = { "l-win", "window", "l-flight", "in flight", NULL };
    legend(g->o, items);
    out_str(g->o, "</svg>\n");
}

bool tgraph_has_data(const struct rseg *segs, size_t n, int dir)
{
    for (size_t i = 0; i < n; i++)
        if (is_data(&segs[i], dir))
            return true;
    return false;
}

void tgraph_svg(struct out *o, const struct rseg *segs, size_t n, int dir, uint32_t stream)
{
    struct gctx g = { .o = o, .segs = segs, .n = n, .dir = dir == FROM_SERVER, .stream = stream,
                      .thin = n > TGRAPH_THIN_ABOVE };
    double last = 0;
    for (size_t i = 0; i < n; i++)
        if (secs(segs[i].s.t) > last)
            last = secs(segs[i].s.t);
    g.xa = axis_make(last > 0 ? last : 0.001, 5, false);
    g.tmax = g.xa.max;
    out_str(o, "<div class=\"tgraphs\">\n");
    graph_tseq(&g);
    graph_tput(&g);
    graph_rtt(&g);
    graph_win(&g);
    out_str(o, "</div>\n");
}
