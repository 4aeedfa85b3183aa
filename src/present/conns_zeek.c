/* conn.log rows. The columns and types are Zeek 6.x/7.0's Conn::Info
 * (scripts/base/protocols/conn/main.zeek); the values follow its set_conn:
 * duration and the byte counts only when the duration is above zero (the
 * duration runs to Zeek's last_time, which stops once both sides closed),
 * local_orig/local_resp unset (no Site::local_nets), history unset when
 * empty. Zeek's ASCII writer prints time and interval with 6 decimals,
 * unset as "-" and an empty set as "(empty)". Its JSON writer (-T
 * zeekjson) leaves unset fields out and writes times and intervals as
 * doubles. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/nstime.h"
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
 * time, stream number and part), so the same capture gives the same uids. */
static void uid(const struct stream *s, const struct zeek_part *p, char out[19])
{
    static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    uint64_t h = mix((uint64_t)s->index << 32 ^ (uint64_t)s->port[0] << 16 ^ s->port[1]);
    h = mix(h ^ (uint64_t)p->first_ts.tv_sec);
    h = mix(h ^ (uint64_t)p->first_ts.tv_nsec);
    if (p->number)
        h = mix(h ^ p->number);
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

/* One row's values, by Zeek's rules (set_conn), for both writers. */
struct zeek_row {
    struct zeek_part part;      /* counts by stream side */
    int orig, resp;             /* the stream's sides that Zeek calls originator and responder */
    char uid[19];
    char history[ZEEK_HISTORY_MAX + 1];   /* "": unset */
    const char *service;        /* NULL: unset */
    bool has_duration;          /* duration and byte counts are set only above zero */
    double duration;            /* Zeek's last_time - start_time, in its doubles */
    uint64_t bytes[2];          /* orig_bytes, resp_bytes */
};

/* Zeek sizes an endpoint in 64 bits, counting sequence-number wraps; the
 * span zeek_endpoint_bytes gives is 32-bit. The payload seen says how many
 * times 4 GiB to add: the whole number nearest to its excess. */
static uint64_t with_wraps(uint32_t span, uint64_t seen)
{
    if (seen <= span)
        return span;
    return span + ((seen - span + (1ull << 31)) >> 32 << 32);
}

/* A time as Zeek holds it: a double of seconds, from the microseconds
 * libpcap gives it (Zeek opens files at microsecond precision). */
static double zeek_time(struct timespec t)
{
    return (double)t.tv_sec + (double)(t.tv_nsec / 1000) / 1e6;
}

static void row_values(const struct stream *s, struct zeek_row *r)
{
    r->part = *s->zpart;
    /* The part's first segment came from side first_dir; Zeek's originator
     * is the other side when it flipped the roles. */
    r->orig = r->part.first_dir ^ (zeek_flipped(&s->zeek) ? 1 : 0);
    r->resp = !r->orig;
    uid(s, &r->part, r->uid);
    zeek_history(&s->zeek, r->history, sizeof r->history);
    r->service = zeek_service_name(&s->service);
    /* Zeek's last_time stops once both sides have closed (zeek_add). */
    struct timespec last = time_add_ns(s->first_ts, s->zeek.last_ns);   /* on the stream's clock */
    r->duration = zeek_time(last) - zeek_time(r->part.first_ts);
    r->bytes[0] = with_wraps((uint32_t)zeek_endpoint_bytes(&s->zeek, 1), r->part.bytes[r->orig]);
    r->bytes[1] = with_wraps((uint32_t)zeek_endpoint_bytes(&s->zeek, 0), r->part.bytes[r->resp]);
    r->has_duration = r->duration > 0;
}

void zeek_log_row(struct out *o, const struct stream *s)
{
    if (!s->zpart)
        return;
    struct zeek_row r;
    row_values(s, &r);
    time_value(o, r.part.first_ts);
    out_printf(o, "\t%s\t", r.uid);
    addr(o, s, r.orig);
    out_printf(o, "\t%u\t", s->port[r.orig]);
    addr(o, s, r.resp);
    out_printf(o, "\t%u\ttcp\t%s\t", s->port[r.resp], r.service ? r.service : "-");
    if (r.has_duration) {
        out_printf(o, "%.6f", r.duration);           /* Zeek's ASCII writer: the double, 6 decimals */
        out_printf(o, "\t%llu\t%llu", (unsigned long long)r.bytes[0], (unsigned long long)r.bytes[1]);
    } else {
        out_str(o, "-\t-\t-");
    }
    out_printf(o, "\t%s\t-\t-\t%llu\t%s\t%llu\t%llu\t%llu\t%llu\t-\n", zeek_conn_state(&s->zeek),
               (unsigned long long)r.part.gaps.missed, r.history[0] ? r.history : "-", (unsigned long long)r.part.pkts[r.orig],
               (unsigned long long)r.part.ip_bytes[r.orig], (unsigned long long)r.part.pkts[r.resp],
               (unsigned long long)r.part.ip_bytes[r.resp]);
}

/* A double laid out as Zeek's JSON writer (rapidjson's Writer::Double)
 * lays it out: decimal notation when the point falls within 21 digits
 * (".0" after a whole number), else d.ddde-N. The digits are the shortest
 * that read back as the same double; rapidjson's Grisu2 sometimes ends in
 * another digit of the same double (a third of durations, one time in a
 * thousand, against rapidjson 1.1.0): a reader gets the same value. */
static void json_double(struct out *o, double d)
{
    char sci[40];
    for (int prec = 0; prec < 17; prec++) {   /* the shortest %e that round-trips */
        snprintf(sci, sizeof sci, "%.*e", prec, d);
        if (strtod(sci, NULL) == d)
            break;
    }
    const char *p = sci;
    if (*p == '-')
        out_char(o, '-'), p++;
    char digits[20];
    int n = 0;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9')
            digits[n++] = *p;
    int kk = atoi(p + 1) + 1;                 /* digits[0] stands kk - 1 places left of the point */
    if (n == 1 && digits[0] == '0')
        kk = 1;
    if (n <= kk && kk <= 21) {                /* a whole number */
        out_mem(o, digits, (size_t)n);
        for (int i = n; i < kk; i++)
            out_char(o, '0');
        out_str(o, ".0");
    } else if (0 < kk && kk <= 21) {
        out_mem(o, digits, (size_t)kk);
        out_char(o, '.');
        out_mem(o, digits + kk, (size_t)(n - kk));
    } else if (-6 < kk && kk <= 0) {
        out_str(o, "0.");
        for (int i = kk; i < 0; i++)
            out_char(o, '0');
        out_mem(o, digits, (size_t)n);
    } else {
        out_char(o, digits[0]);
        if (n > 1) {
            out_char(o, '.');
            out_mem(o, digits + 1, (size_t)(n - 1));
        }
        out_printf(o, "e%d", kk - 1);
    }
}

void zeek_json_row(struct out *o, const struct stream *s)
{
    if (!s->zpart)
        return;
    struct zeek_row r;
    row_values(s, &r);
    out_str(o, "{\"ts\":");
    json_double(o, zeek_time(r.part.first_ts));
    out_printf(o, ",\"uid\":\"%s\",\"id.orig_h\":\"", r.uid);
    addr(o, s, r.orig);
    out_printf(o, "\",\"id.orig_p\":%u,\"id.resp_h\":\"", s->port[r.orig]);
    addr(o, s, r.resp);
    out_printf(o, "\",\"id.resp_p\":%u,\"proto\":\"tcp\"", s->port[r.resp]);
    if (r.service)
        out_printf(o, ",\"service\":\"%s\"", r.service);
    if (r.has_duration) {
        out_str(o, ",\"duration\":");
        json_double(o, r.duration);
        out_printf(o, ",\"orig_bytes\":%llu,\"resp_bytes\":%llu", (unsigned long long)r.bytes[0],
                   (unsigned long long)r.bytes[1]);
    }
    out_printf(o, ",\"conn_state\":\"%s\",\"missed_bytes\":%llu", zeek_conn_state(&s->zeek),
               (unsigned long long)r.part.gaps.missed);
    if (r.history[0])
        out_printf(o, ",\"history\":\"%s\"", r.history);
    out_printf(o, ",\"orig_pkts\":%llu,\"orig_ip_bytes\":%llu,\"resp_pkts\":%llu,\"resp_ip_bytes\":%llu}\n",
               (unsigned long long)r.part.pkts[r.orig], (unsigned long long)r.part.ip_bytes[r.orig],
               (unsigned long long)r.part.pkts[r.resp], (unsigned long long)r.part.ip_bytes[r.resp]);
}
