/* conn.log rows. The columns and types are Zeek 6.x/7.0's Conn::Info
 * (scripts/base/protocols/conn/main.zeek); the values follow its set_conn:
 * duration and the byte counts only when the duration is above zero,
 * local_orig/local_resp unset (no Site::local_nets), history unset when
 * empty. Zeek's ASCII writer prints time and interval with 6 decimals,
 * unset as "-" and an empty set as "(empty)". */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "present/conns_zeek.h"

static const struct {
    const char *name, *type;
} columns[] = {
    { "ts", "time" },           { "uid", "string" },          { "id.orig_h", "addr" },
    { "id.orig_p", "port" },    { "id.resp_h", "addr" },      { "id.resp_p", "port" },
    { "proto", "enum" },        { "service", "string" },      { "duration", "interval" },
    { "orig_bytes", "count" },  { "resp_bytes", "count" },    { "conn_state", "string" },
    { "local_orig", "bool" },   { "local_resp", "bool" },     { "missed_bytes", "count" },
    { "history", "string" },    { "orig_pkts", "count" },     { "orig_ip_bytes", "count" },
    { "resp_pkts", "count" },   { "resp_ip_bytes", "count" }, { "tunnel_parents", "set[string]" },
};
enum { NCOLUMNS = sizeof columns / sizeof columns[0] };

static void stamp(struct out *o, const char *what)
{
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%d-%H-%M-%S", localtime_r(&now, &tm));
    out_printf(o, "#%s\t%s\n", what, when);
}

void zeek_log_open(struct out *o)
{
    out_str(o, "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n");
    stamp(o, "open");
    out_str(o, "#fields");
    for (int i = 0; i < NCOLUMNS; i++)
        out_printf(o, "\t%s", columns[i].name);
    out_str(o, "\n#types");
    for (int i = 0; i < NCOLUMNS; i++)
        out_printf(o, "\t%s", columns[i].type);
    out_str(o, "\n");
}

void zeek_log_close(struct out *o)
{
    stamp(o, "close");
}

/* splitmix64's finaliser: spreads every input bit over the output. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

/* A uid in Zeek's form, "C" and 17 base-62 digits. Zeek draws its uids at
 * random; these come from the connection (its addresses, ports, first
 * time and stream number), so the same capture gives the same uids. */
static void uid(const struct stream *s, char out[19])
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    uint64_t h = mix((uint64_t)s->index << 32 ^ (uint64_t)s->port[0] << 16 ^ s->port[1]);
    h = mix(h ^ (uint64_t)s->first_ts.tv_sec);
    h = mix(h ^ (uint64_t)s->first_ts.tv_nsec);
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < s->addr_len; i += 8) {
            uint64_t w = 0;
            memcpy(&w, s->addr[side] + i, s->addr_len - i < 8 ? (size_t)(s->addr_len - i) : 8);
            h = mix(h ^ w);
        }
    uint64_t words[2] = { h, mix(h) };
    out[0] = 'C';
    for (int i = 0; i < 17; i++) {
        uint64_t *w = &words[i < 9 ? 0 : 1];
        out[1 + i] = digits[*w % 62];
        *w /= 62;
    }
    out[18] = '\0';
}

static void addr(struct out *o, const struct stream *s, int side)
{
    char a[INET6_ADDRSTRLEN];
    inet_ntop(s->addr_len == 4 ? AF_INET : AF_INET6, s->addr[side], a, sizeof a);
    out_str(o, a);
}

static void time_value(struct out *o, struct timespec t)
{
    char buf[FRAC_BUF];
    fmt_frac(buf, t.tv_sec, t.tv_nsec, 6);
    out_str(o, buf);
}

void zeek_log_row(struct out *o, const struct stream *s)
{
    /* Side 0 sent the stream's first frame; Zeek's originator is the other
     * side when it flipped the roles. */
    int orig = zeek_flipped(&s->zeek) ? 1 : 0, resp = !orig;
    char id[19], history[ZEEK_HISTORY_MAX + 1];
    uid(s, id);
    zeek_history(&s->zeek, history, sizeof history);
    const char *service = zeek_service_name(&s->service);
    struct timespec duration = time_delta(s->last_ts, s->first_ts);

    time_value(o, s->first_ts);
    out_printf(o, "\t%s\t", id);
    addr(o, s, orig);
    out_printf(o, "\t%u\t", s->port[orig]);
    addr(o, s, resp);
    out_printf(o, "\t%u\ttcp\t%s\t", s->port[resp], service ? service : "-");
    if (duration.tv_sec > 0 || (duration.tv_sec == 0 && duration.tv_nsec > 0)) {
        time_value(o, duration);
        out_printf(o, "\t%llu\t%llu", (unsigned long long)s->bytes[orig], (unsigned long long)s->bytes[resp]);
    } else {
        out_str(o, "-\t-\t-");
    }
    out_printf(o, "\t%s\t-\t-\t0\t%s\t%llu\t%llu\t%llu\t%llu\t-\n", zeek_conn_state(&s->zeek),
               history[0] ? history : "-", (unsigned long long)s->pkts[orig],
               (unsigned long long)s->ip_bytes[orig], (unsigned long long)s->pkts[resp],
               (unsigned long long)s->ip_bytes[resp]);
}
