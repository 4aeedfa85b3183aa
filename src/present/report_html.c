/* The report's page: one HTML file with everything inline. The overview
 * and the connection table are plain HTML, the ladders and graphs plain
 * SVG, so the page reads with scripts off; the script adds sorting,
 * narrowing and pages to the table, and the segment detail on a click. */
#include <stdio.h>
#include <string.h>

#include "present/ladder_svg.h"
#include "present/report_impl.h"
#include "present/tcp_graph.h"
#include "present/xml_escape.h"
#include "report_assets.h"

/* The page's words, in English and Chinese (--lang). */
enum word {
    W_TITLE, W_OVERVIEW, W_CONNECTIONS, W_FRAMES, W_SEGMENTS, W_CONNS, W_DURATION, W_HANDSHAKES,
    W_CLOSED, W_CONN_STATE, W_NARROW, W_LADDER, W_GRAPHS, W_C2S, W_S2C, W_DETAIL_NONE, W_CLICK, W_COUNT
};
static const char *const words[W_COUNT][2] = {
    [W_TITLE] = { "synfin report", "synfin 报告" },
    [W_OVERVIEW] = { "Overview", "概览" },
    [W_CONNECTIONS] = { "Connections", "连接" },
    [W_FRAMES] = { "Frames read", "读取的帧" },
    [W_SEGMENTS] = { "TCP segments", "TCP 报文段" },
    [W_CONNS] = { "Connections", "连接数" },
    [W_DURATION] = { "Duration", "时长" },
    [W_HANDSHAKES] = { "Handshakes complete", "完成的握手" },
    [W_CLOSED] = { "How they closed", "如何关闭" },
    [W_CONN_STATE] = { "Zeek conn_state", "Zeek conn_state" },
    [W_NARROW] = { "narrow: address, port, state, history\xe2\x80\xa6", "筛选：地址、端口、状态、history\xe2\x80\xa6" },
    [W_LADDER] = { "Ladder", "时序图" },
    [W_GRAPHS] = { "TCP graphs", "TCP 图表" },
    [W_C2S] = { "client to server", "客户端到服务器" },
    [W_S2C] = { "server to client", "服务器到客户端" },
    [W_DETAIL_NONE] = { "This frame's detail is past the report's size bound.", "此帧的细节超出了报告的大小上限。" },
    [W_CLICK] = { "Click an arrow to see its segment's fields and bytes; click a field to see its bytes.",
                  "点击箭头查看该报文段的字段和字节；点击字段查看它的字节。" },
};

static const char *word(const struct report *r, enum word w) { return words[w][r->opts.lang == LANG_ZH]; }

/* Zeek's own words for each conn_state (base/protocols/conn/main.zeek). */
static const char *conn_state_meaning(const char *st)
{
    static const char *const m[][2] = {
        { "S0", "Connection attempt seen, no reply." },
        { "S1", "Connection established, not terminated." },
        { "SF", "Normal establishment and termination." },
        { "REJ", "Connection attempt rejected." },
        { "S2", "Established, close attempt by originator seen (but no reply from responder)." },
        { "S3", "Established, close attempt by responder seen (but no reply from originator)." },
        { "RSTO", "Connection established, originator aborted (sent a RST)." },
        { "RSTR", "Responder sent a RST." },
        { "RSTOS0", "Originator sent a SYN followed by a RST, no SYN-ACK from the responder." },
        { "RSTRH", "Responder sent a SYN-ACK followed by a RST, no SYN from the originator." },
        { "SH", "Originator sent a SYN followed by a FIN, no SYN-ACK from the responder." },
        { "SHR", "Responder sent a SYN-ACK followed by a FIN, no SYN from the originator." },
        { "OTH", "No SYN seen, just midstream traffic." },
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i][0], st) == 0)
            return m[i][1];
    return "";
}

/* A count by name, for the overview's small tables. */
struct tally {
    char name[48];
    uint64_t n;
};
enum { TALLY_MAX = 32 };

static void tally_add(struct tally *t, size_t *n, const char *name, size_t name_len)
{
    if (name_len >= sizeof t->name)
        name_len = sizeof t->name - 1;
    for (size_t i = 0; i < *n; i++)
        if (strlen(t[i].name) == name_len && memcmp(t[i].name, name, name_len) == 0) {
            t[i].n++;
            return;
        }
    if (*n == TALLY_MAX)
        return;
    memcpy(t[*n].name, name, name_len);
    t[*n].name[name_len] = 0;
    t[(*n)++].n = 1;
}

static void number(struct out *o, const char *label, const char *value)
{
    out_str(o, "<div><dt>");
    xml_text(o, label);
    out_str(o, "</dt><dd>");
    xml_text(o, value);
    out_str(o, "</dd></div>\n");
}

static void overview(struct out *o, const struct report *r)
{
    struct tally closed[TALLY_MAX], states[TALLY_MAX];
    size_t nclosed = 0, nstates = 0;
    uint64_t complete = 0;
    for (size_t i = 0; i < r->nrows; i++) {
        const struct conn_cells *c = &r->rows[i];
        const char *in = strstr(c->close, " in ");          /* "reset by client in ESTABLISHED": by whom, not where */
        tally_add(closed, &nclosed, c->close, in ? (size_t)(in - c->close) : strlen(c->close));
        tally_add(states, &nstates, c->conn_state, strlen(c->conn_state));
        if (strncmp(c->handshake, "complete", 8) == 0)
            complete++;
    }
    char buf[64];
    out_printf(o, "<section id=\"overview\"><h2>%s</h2>\n<dl class=\"numbers\">\n", word(r, W_OVERVIEW));
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->frames);
    number(o, word(r, W_FRAMES), buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)r->tcp_frames);
    number(o, word(r, W_SEGMENTS), buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)(r->nrows + r->rows_over));
    number(o, word(r, W_CONNS), buf);
    struct timespec d = r->have_ts ? time_delta(r->last_ts, r->first_ts) : (struct timespec){ 0, 0 };
    fmt_frac(buf, d.tv_sec, d.tv_nsec, 6);
    strcat(buf, " s");
    number(o, word(r, W_DURATION), buf);
    snprintf(buf, sizeof buf, "%llu", (unsigned long long)complete);
    number(o, word(r, W_HANDSHAKES), buf);
    out_str(o, "</dl>\n<div class=\"counts-wrap\">\n");
    out_printf(o, "<div><h3>%s</h3><table class=\"counts\" id=\"close-kinds\">\n", word(r, W_CLOSED));
    for (size_t i = 0; i < nclosed; i++) {
        out_printf(o, "<tr><td class=\"n\">%llu</td><td>", (unsigned long long)closed[i].n);
        xml_text(o, closed[i].name);
        out_str(o, "</td></tr>\n");
    }
    out_printf(o, "</table></div>\n<div><h3>%s</h3><table class=\"counts\" id=\"conn-states\">\n",
               word(r, W_CONN_STATE));
    for (size_t i = 0; i < nstates; i++) {
        out_printf(o, "<tr><td class=\"n\">%llu</td><th>", (unsigned long long)states[i].n);
        xml_text(o, states[i].name);
        out_str(o, "</th><td class=\"muted\">");
        xml_text(o, conn_state_meaning(states[i].name));
        out_str(o, "</td></tr>\n");
    }
    out_str(o, "</table></div>\n</div>\n</section>\n");
}

static void cell(struct out *o, const char *text, bool num)
{
    out_str(o, num ? "<td class=\"num\">" : "<td>");
    xml_text(o, text);
    out_str(o, "</td>");
}

static const struct conn_cells *row_of(const struct report *r, uint32_t stream)
{
    size_t lo = 0, hi = r->nrows;          /* rows are in stream order */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->rows[mid].index < stream)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < r->nrows && r->rows[lo].index == stream ? &r->rows[lo] : NULL;
}

static void table(struct out *o, const struct report *r)
{
    static const char *const heads[] = {
        "stream", "client", "server", "start", "duration", "c>s pkts", "c>s bytes", "s>c pkts", "s>c bytes",
        "handshake", "close", "client state", "server state", "service", "zeek", "history",
    };
    static const bool numeric[] = { 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
    out_printf(o, "<section id=\"connections\"><h2>%s</h2>\n", word(r, W_CONNECTIONS));
    out_str(o, "<div class=\"tools\"><input id=\"conn-filter\" type=\"search\" placeholder=\"");
    xml_text(o, word(r, W_NARROW));
    out_str(o, "\" aria-label=\"narrow the table\">"
               "<span id=\"pager\" hidden><button class=\"prev\">&lsaquo;</button> <span class=\"range\"></span> "
               "<button class=\"next\">&rsaquo;</button></span></div>\n");
    out_str(o, "<div class=\"table-wrap\"><table id=\"conns\"><thead><tr>");
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        out_str(o, numeric[i] ? "<th data-k=\"num\">" : "<th>");
        xml_text(o, heads[i]);
        out_str(o, "</th>");
    }
    out_str(o, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->nrows; i++) {
        const struct conn_cells *c = &r->rows[i];
        char n[4][24];
        for (int k = 0; k < 2; k++) {
            snprintf(n[2 * k], sizeof n[0], "%llu", (unsigned long long)c->pkts[k]);
            snprintf(n[2 * k + 1], sizeof n[0], "%llu", (unsigned long long)c->bytes[k]);
        }
        /* Rows past the first page start hidden (the script pages them;
         * with scripts off, the <noscript> style shows them all), so a
         * page of 100,000 rows lays out one page on load. */
        out_printf(o, "<tr data-stream=\"%u\"%s><td class=\"num\" data-v=\"%u\">", c->index,
                   i >= REPORT_PAGE_ROWS ? " class=\"later\"" : "", c->index);
        if (report_conn_find(r, c->index))
            out_printf(o, "<a href=\"#conn-%u\">%u</a></td>", c->index, c->index);
        else
            out_printf(o, "%u</td>", c->index);
        char client[72];
        snprintf(client, sizeof client, "%s%s", c->client, c->client_guessed ? "?" : "");
        cell(o, client, false);
        cell(o, c->server, false);
        cell(o, c->start, true);
        cell(o, c->duration, true);
        for (int k = 0; k < 4; k++)
            cell(o, n[k], true);
        cell(o, c->handshake, false);
        cell(o, c->close, false);
        cell(o, c->client_state, false);
        cell(o, c->server_state, false);
        cell(o, c->service ? c->service : "-", false);
        cell(o, c->conn_state, false);
        cell(o, c->history, false);
        out_str(o, "</tr>\n");
    }
    out_str(o, "</tbody></table></div>\n");
    if (r->rows_over)
        out_printf(o, "<p class=\"note-line\">%llu more connections are past the table's bound of %d rows.</p>\n",
                   (unsigned long long)r->rows_over, REPORT_ROWS);
    size_t drawn = 0;
    for (size_t i = 0; i < r->nconns; i++)
        drawn += row_of(r, r->conns[i].stream) != NULL;
    if (drawn < r->nrows)
        out_printf(o, "<p class=\"note-line\">Ladders and graphs are drawn for %zu of the %zu connections (the "
                      "report's bound: the first %d); a linked stream number leads to its drawing.</p>\n",
                   drawn, r->nrows, REPORT_DRAWN);
    out_str(o, "</section>\n");
}

static void connection(struct out *o, const struct report *r, const struct report_conn *c)
{
    const struct conn_cells *row = row_of(r, c->stream);
    if (!row)                              /* no frame of it kept by -Y */
        return;
    out_printf(o, "<section class=\"conn\" id=\"conn-%u\" data-stream=\"%u\">\n<h2>tcp.stream %u: ", c->stream,
               c->stream, c->stream);
    xml_text(o, row->client);
    out_str(o, " \xe2\x86\x92 ");
    xml_text(o, row->server);
    out_str(o, "</h2>\n<p class=\"conn-facts\">");
    out_printf(o, "%llu segments \xc2\xb7 handshake ", (unsigned long long)c->seen);
    xml_text(o, row->handshake);
    out_str(o, " \xc2\xb7 close ");
    xml_text(o, row->close);
    out_str(o, " \xc2\xb7 Zeek ");
    xml_text(o, row->conn_state);
    out_str(o, " ");
    xml_text(o, row->history);
    out_str(o, "</p>\n");
    if (c->seen > c->n)
        out_printf(o, "<p class=\"note-line\">The first %zu of %llu segments are drawn (the report's bounds: %d a "
                      "connection, %d in all).</p>\n",
                   c->n, (unsigned long long)c->seen, REPORT_CONN_SEGS, REPORT_SEGS);
    out_printf(o, "<h3>%s</h3>\n<p class=\"muted\">", word(r, W_LADDER));
    xml_text(o, word(r, W_CLICK));
    out_str(o, "</p>\n<div class=\"figure\">\n");
    struct ladder_svg_opts lo = { .client = c->client, .server = c->server, .standalone = false,
                                  .explain = c->n <= REPORT_EXPLAIN_SEGS, .lang = r->opts.lang };
    ladder_svg(o, c->segs, c->n, &lo);
    out_str(o, "</div>\n");
    bool any = false;
    for (int dir = FROM_CLIENT; dir <= FROM_SERVER; dir++) {
        if (!tgraph_has_data(c->segs, c->n, dir))
            continue;
        if (!any)
            out_printf(o, "<h3>%s</h3>\n", word(r, W_GRAPHS));
        any = true;
        out_printf(o, "<h4>%s</h4>\n", word(r, dir == FROM_CLIENT ? W_C2S : W_S2C));
        tgraph_svg(o, c->segs, c->n, dir, c->stream);
    }
    out_str(o, "</section>\n");
}

void report_html(struct out *o, const struct report *r)
{
    const char *title = r->opts.title ? r->opts.title : "";
    out_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"color-scheme\" content=\"light dark\">\n<title>",
               r->opts.lang == LANG_ZH ? "zh" : "en");
    xml_text(o, word(r, W_TITLE));
    out_str(o, ": ");
    xml_text(o, title);
    /* Errors are caught from the first script on, for the tests and for anyone looking. */
    out_str(o, "</title>\n<script>(function(){var d=document.documentElement;"
               "function note(m){d.dataset.errors=(d.dataset.errors||\"\")+m+\"\\n\";}"
               "window.addEventListener(\"error\",function(e){note(e.message||\"error\");});"
               "window.addEventListener(\"unhandledrejection\",function(e){"
               "note(String(e.reason&&e.reason.message||e.reason));});})();</script>\n<style>\n");
    out_str(o, report_css);
    out_str(o, ladder_svg_style);
    out_str(o, tgraph_style);
    out_str(o, "</style>\n<noscript><style>#conns tr.later { display: table-row; }</style></noscript>\n"
               "</head>\n<body>\n<main>\n<header><h1>");
    xml_text(o, title);
    out_str(o, "</h1><p class=\"muted\">");
    xml_text(o, word(r, W_TITLE));
    out_str(o, "</p>\n<nav class=\"toc\">");
    out_printf(o, "<a href=\"#overview\">%s</a><a href=\"#connections\">%s</a>", word(r, W_OVERVIEW),
               word(r, W_CONNECTIONS));
    for (size_t i = 0; i < r->nconns && i < 20; i++)
        if (row_of(r, r->conns[i].stream))
            out_printf(o, "<a href=\"#conn-%u\">tcp.stream %u</a>", r->conns[i].stream, r->conns[i].stream);
    out_str(o, "</nav></header>\n");
    overview(o, r);
    table(o, r);
    for (size_t i = 0; i < r->nconns; i++)
        connection(o, r, &r->conns[i]);
    if (r->segs_over || r->detail.full)
        out_printf(o, "<p class=\"note-line\">%llu segments are past the drawing bounds; %s</p>\n",
                   (unsigned long long)r->segs_over,
                   r->detail.full ? "some frames' details are past the detail bound." : "every drawn frame has its detail.");
    out_str(o, "</main>\n<aside id=\"detail\" hidden data-none=\"");
    xml_text(o, word(r, W_DETAIL_NONE));
    out_str(o, "\"><div class=\"head\"><h3 class=\"title\"></h3><button class=\"close\" aria-label=\"close\">"
               "&times;</button></div>\n<div class=\"tree\"></div>\n<pre class=\"hex\"></pre>\n</aside>\n");
    /* The details: one JSON object, gzip, base64 (report.js reads it with
     * the browser's DecompressionStream on the first click). */
    out_str(o, "<script type=\"application/octet-stream\" id=\"frames\" data-encoding=\"gzip base64\">");
    report_base64(o, (const uint8_t *)r->detail.p, r->detail.len);
    /* One element a script, so an error in one does not stop the others. */
    out_str(o, "</script>\n<script>\n");
    out_str(o, report_js);
    out_str(o, "</script>\n<script>\n");
    out_str(o, tgraph_script);
    /* Ready: once the DOM is loaded (the graphs are set up then) and a
     * #frame link is shown; a failure is noted, and the page is ready still. */
    out_str(o, "</script>\n<script>(function(){var d=document.documentElement;"
               "var shown=window.synfinReport?window.synfinReport.ready:Promise.resolve();"
               "var loaded=new Promise(function(ok){if(document.readyState!==\"loading\")ok();"
               "else document.addEventListener(\"DOMContentLoaded\",ok);});"
               "function ready(){d.dataset.ready=\"1\";}"
               "Promise.all([shown,loaded]).then(ready,function(e){"
               "d.dataset.errors=(d.dataset.errors||\"\")+String(e&&e.message||e)+\"\\n\";ready();});"
               "})();</script>\n</body>\n</html>\n");
}
