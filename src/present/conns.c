#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "present/conns.h"

static void endpoint(const struct stream *s, int side, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    inet_ntop(s->addr_len == 4 ? AF_INET : AF_INET6, s->addr[side], a, sizeof a);
    if (s->addr_len == 4)
        snprintf(buf, n, "%s:%u", a, s->port[side]);
    else
        snprintf(buf, n, "[%s]:%u", a, s->port[side]);
}

static void handshake(const struct stream *s, char *buf, size_t n)
{
    const struct lifecycle *l = &s->life;
    const struct timespec *rtt = &s->an.ts_first_rtt;
    if (l->established && !l->midstream) {
        if (rtt->tv_sec || rtt->tv_nsec)
            snprintf(buf, n, "complete %ld.%06lds", (long)rtt->tv_sec, rtt->tv_nsec / 1000);
        else
            snprintf(buf, n, "complete");
    } else if (l->syn || l->synack) {
        snprintf(buf, n, l->syn_retransmitted && !l->synack ? "partial (SYN retried)" : "partial");
    } else {
        snprintf(buf, n, "none");
    }
}

static void how_closed(const struct stream *s, char *buf, size_t n)
{
    const struct lifecycle *l = &s->life;
    const char *who = l->reset_by == l->client ? "client" : "server";
    bool half = l->data_after_fin[0] || l->data_after_fin[1];
    switch (l->close) {
    case CLOSE_FOUR: snprintf(buf, n, half ? "half close, four segments" : "four segments"); break;
    case CLOSE_THREE: snprintf(buf, n, half ? "half close, three segments" : "three segments"); break;
    case CLOSE_SIMULTANEOUS: snprintf(buf, n, "simultaneous"); break;
    case CLOSE_REFUSED: snprintf(buf, n, "refused"); break;
    case CLOSE_RESET: snprintf(buf, n, "reset by %s in %s", who, tcp_state_name(l->reset_state)); break;
    default:
        if (l->syn && !l->synack)
            snprintf(buf, n, "unanswered SYN");
        else if (l->first_fin >= 0)
            snprintf(buf, n, "%s at end of capture", half ? "half closed" : "closing");
        else
            snprintf(buf, n, "open at end of capture");
        break;
    }
}

/* The table's file cell, padded to its column, and the gap after it. */
static void file_cell(struct out *o, const char *shown, int width)
{
    out_str(o, shown);
    for (size_t n = fmt_columns(shown); n < (size_t)width + 2; n++)
        out_char(o, ' ');
}

void conns_header(struct out *o, const struct conns_file *file)
{
    if (file)
        file_cell(o, "file", file->width);
    out_printf(o, "%6s  %-22s %-22s %11s %11s %15s %15s  %-20s %-32s %-12s %-12s %-7s %-6s %s\n", "stream",
               "client", "server", "start", "duration", "c>s pkts/bytes", "s>c pkts/bytes", "handshake", "close",
               "client state", "server state", "service", "zeek", "history");
}

static void json_str(struct out *o, const char *key, const char *val, bool comma)
{
    out_printf(o, "%s\"%s\":\"%s\"", comma ? "," : "", key, val);
}

void conns_cells(const struct stream *s, struct timespec t0, struct conn_cells *r)
{
    const struct lifecycle *l = &s->life;
    int c = l->client < 0 ? 0 : l->client;
    r->index = s->index;
    endpoint(s, c, r->client, sizeof r->client);
    endpoint(s, !c, r->server, sizeof r->server);
    struct timespec st = time_delta(s->first_ts, t0), du = time_delta(s->last_ts, s->first_ts);
    fmt_frac(r->start, st.tv_sec, st.tv_nsec, 6);
    fmt_frac(r->duration, du.tv_sec, du.tv_nsec, 6);
    r->pkts[0] = s->pkts[c], r->bytes[0] = s->bytes[c];
    r->pkts[1] = s->pkts[!c], r->bytes[1] = s->bytes[!c];
    handshake(s, r->handshake, sizeof r->handshake);
    how_closed(s, r->close, sizeof r->close);
    zeek_history(&s->zeek, r->history, sizeof r->history);
    r->client_state = tcp_state_name(l->state[c]);
    r->server_state = tcp_state_name(l->state[!c]);
    r->client_guessed = l->client_guessed;
    r->service = zeek_service_name(&s->service);
    r->conn_state = zeek_conn_state(&s->zeek);
}

/* A file name as a JSON string: '"', '\\' and control bytes escaped, valid
 * UTF-8 as it is, any other byte as U+FFFD (a name is bytes, JSON is text). */
static void json_name(struct out *o, const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    out_char(o, '"');
    while (*p) {
        unsigned c = *p;
        int len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 && c >= 0xc2 ? 2 : (c & 0xf0) == 0xe0 ? 3
                                 : (c & 0xf8) == 0xf0 && c <= 0xf4 ? 4 : 0;
        for (int i = 1; i < len; i++)
            if ((p[i] & 0xc0) != 0x80)
                len = 0;          /* a cut sequence (the NUL ends it too) */
        if (len == 0) {
            out_str(o, "\xef\xbf\xbd");
            p++;
        } else if (c == '"' || c == '\\') {
            out_char(o, '\\');
            out_char(o, (char)c);
            p++;
        } else if (c < 0x20 || c == 0x7f) {
            out_printf(o, "\\u%04x", c);
            p++;
        } else {
            out_mem(o, p, (size_t)len);
            p += len;
        }
    }
    out_char(o, '"');
}

void conns_row(struct out *o, const struct stream *s, struct timespec t0, bool json, const struct conns_file *file)
{
    struct conn_cells r;
    conns_cells(s, t0, &r);
    if (json) {
        if (file) {
            out_str(o, "{\"file\":");
            json_name(o, file->name);
            out_printf(o, ",\"stream\":%u", r.index);
        } else {
            out_printf(o, "{\"stream\":%u", r.index);
        }
        json_str(o, "client", r.client, true);
        json_str(o, "server", r.server, true);
        /* numbers as numbers (jq, ClickHouse's JSONEachRow): seconds with six decimals */
        out_printf(o, ",\"start\":%s,\"duration\":%s", r.start, r.duration);
        out_printf(o, ",\"client_pkts\":%llu,\"client_bytes\":%llu,\"server_pkts\":%llu,\"server_bytes\":%llu",
                   (unsigned long long)r.pkts[0], (unsigned long long)r.bytes[0], (unsigned long long)r.pkts[1],
                   (unsigned long long)r.bytes[1]);
        json_str(o, "handshake", r.handshake, true);
        json_str(o, "close", r.close, true);
        json_str(o, "client_state", r.client_state, true);
        json_str(o, "server_state", r.server_state, true);
        json_str(o, "client_guessed", r.client_guessed ? "yes" : "no", true);
        if (r.service)
            json_str(o, "service", r.service, true);   /* Zeek's JSON logs leave unset fields out */
        json_str(o, "conn_state", r.conn_state, true);
        json_str(o, "history", r.history, true);
        out_str(o, "}\n");
        return;
    }
    char cs_pb[48], sc_pb[48];
    snprintf(cs_pb, sizeof cs_pb, "%llu/%llu", (unsigned long long)r.pkts[0], (unsigned long long)r.bytes[0]);
    snprintf(sc_pb, sizeof sc_pb, "%llu/%llu", (unsigned long long)r.pkts[1], (unsigned long long)r.bytes[1]);
    if (r.client_guessed)
        strncat(r.client, "?", sizeof r.client - strlen(r.client) - 1);
    if (file)
        file_cell(o, file->shown, file->width);
    out_printf(o, "%6u  %-22s %-22s %11s %11s %15s %15s  %-20s %-32s %-12s %-12s %-7s %-6s %s\n", r.index, r.client,
               r.server, r.start, r.duration, cs_pb, sc_pb, r.handshake, r.close, r.client_state, r.server_state,
               r.service ? r.service : "-", r.conn_state, r.history);
}
