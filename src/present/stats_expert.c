/* -z expert[,LEVEL][,FILTER]: the expert infos Wireshark's TCP dissector
 * raises, counted by severity and text, as tshark's tap-expert prints
 * them: Errors, Warns, Notes, Chats, each in the order first seen. Only
 * TCP's own infos: synfin does not dissect what TCP carries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "decode/decode.h"
#include "decode/dlt.h"
#include "present/fields.h"
#include "present/stats_tap.h"
#include "present/tcp_option_notes.h"
#include "track/seq.h"

enum { SEV_COMMENT, SEV_CHAT, SEV_NOTE, SEV_WARN, SEV_ERROR, SEV_COUNT };
enum { GRP_SEQUENCE, GRP_PROTOCOL, GRP_MALFORMED };

static const char *const group_name[] = { "Sequence", "Protocol", "Malformed" };

struct expert_entry {
    uint64_t frequency;
    uint8_t group;
    const char *proto;        /* the dissector that raised it: "TCP", or "MPTCP" for its options */
    char summary[104];
};

struct expert_list {
    struct expert_entry *e;
    uint32_t n, cap;
};

/* What Wireshark's TCP conversation data remembers for these infos. */
enum {
    EX_CLOSING_0 = 1,         /* side 0 sent the first FIN */
    EX_CLOSING_1 = 2,
    EX_TFO_DATA = 4,          /* the SYN carried a TFO cookie and data */
};

struct expert_stream {
    uint8_t flags;
    uint32_t tfo_ack;         /* the SYN-ACK's ACK that accepts the data */
};

struct expert {
    int lowest;               /* the lowest severity shown */
    struct dfilter *df;
    struct expert_list sev[SEV_COUNT];
    struct expert_stream *streams;   /* by tcp.stream */
    uint32_t nstreams;
    bool oom;
    bool recording;           /* this frame passes the filter: its infos count */
};

static void expert_add_by(struct expert *x, int sev, int group, const char *proto, const char *summary)
{
    if (!x->recording)
        return;
    if (sev < x->lowest || x->oom)
        return;
    struct expert_list *l = &x->sev[sev];
    for (uint32_t i = 0; i < l->n; i++)
        if (strcmp(l->e[i].summary, summary) == 0 && strcmp(l->e[i].proto, proto) == 0) {
            l->e[i].frequency++;
            return;
        }
    if (!stats_grow((void **)&l->e, &l->cap, l->n + 1, sizeof *l->e)) {
        x->oom = true;
        return;
    }
    struct expert_entry *e = &l->e[l->n++];
    e->frequency = 1;
    e->group = (uint8_t)group;
    e->proto = proto;
    snprintf(e->summary, sizeof e->summary, "%s", summary);
}

static void expert_add(struct expert *x, int sev, int group, const char *summary)
{
    expert_add_by(x, sev, group, "TCP", summary);
}

static struct expert_stream *expert_stream(struct expert *x, uint32_t idx)
{
    if (idx >= x->nstreams) {
        uint32_t cap = x->nstreams;
        if (!stats_grow((void **)&x->streams, &cap, idx + 1, sizeof *x->streams)) {
            x->oom = true;
            return NULL;
        }
        memset(x->streams + x->nstreams, 0, (size_t)(cap - x->nstreams) * sizeof *x->streams);
        x->nstreams = cap;
    }
    return &x->streams[idx];
}

/* A TCP Fast Open cookie (not a cookie request) among the options. */
static bool has_tfo_cookie(const struct view *v)
{
    const struct tcp_layer *t = &v->f->tcp;
    for (int i = 0; i < t->nopt; i++) {
        const struct tcp_option *o = &t->opt[i];
        if (o->bad_len || o->cut)
            continue;
        if (o->kind == TCPOPT_TFO && o->len > 2)
            return true;
        if ((o->kind == TCPOPT_EXP_FD || o->kind == TCPOPT_EXP_FE) && o->len > 4 &&
            v->f->data[o->off + 2] == 0xf9 && v->f->data[o->off + 3] == 0x89)
            return true;
    }
    return false;
}

/* The header and its flags, in the order dissect_tcp adds their infos. */
static void expert_header(struct expert *x, const struct view *v, struct expert_stream *es)
{
    char text[104];
    unsigned flags = (unsigned)stats_field_i(v, F_TCP_FLAGS);
    unsigned sport = (unsigned)stats_field_i(v, F_TCP_SRCPORT), dport = (unsigned)stats_field_i(v, F_TCP_DSTPORT);
    uint32_t ack_raw = (uint32_t)stats_field_i(v, F_TCP_ACK_RAW);
    if (!(flags & TH_ACK) && ack_raw != 0)
        expert_add(x, SEV_NOTE, GRP_PROTOCOL, "The acknowledgment number field is nonzero while the ACK flag is not set");
    if (flags & TH_SYN) {
        if (flags & TH_ACK) {
            snprintf(text, sizeof text, "Connection establish acknowledge (SYN+ACK): server port %u", sport);
            expert_add(x, SEV_CHAT, GRP_SEQUENCE, text);
            if (es->flags & EX_TFO_DATA)
                expert_add(x, SEV_NOTE, GRP_SEQUENCE,
                           ack_raw == es->tfo_ack ? "TCP SYN-ACK accepting TFO data" : "TCP SYN-ACK ignoring TFO data");
        } else {
            snprintf(text, sizeof text, "Connection establish request (SYN): server port %u", dport);
            expert_add(x, SEV_CHAT, GRP_SEQUENCE, text);
        }
    }
    if (flags & TH_FIN) {
        expert_add(x, SEV_CHAT, GRP_SEQUENCE, "Connection finish (FIN)");
        /* The side that sends the first FIN initiates the closing. */
        int d = v->tk->dir;
        uint8_t mine = d ? EX_CLOSING_1 : EX_CLOSING_0, peer = d ? EX_CLOSING_0 : EX_CLOSING_1;
        if (es->flags & peer) {
            expert_add(x, SEV_NOTE, GRP_SEQUENCE, "This frame undergoes the connection closing");
        } else {
            es->flags |= mine;
            expert_add(x, SEV_NOTE, GRP_SEQUENCE, "This frame initiates the connection closing");
        }
    }
    if (flags & TH_RST)
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "Connection reset (RST)");
    if (!(flags & TH_URG) && stats_field_i(v, F_TCP_URGENT_POINTER) != 0)
        expert_add(x, SEV_NOTE, GRP_PROTOCOL, "The urgent pointer field is nonzero while the URG flag is not set");
}

/* What the option dissectors say of lengths (and of a window scale shift
 * above 14), option by option, as they read them (before any of them gives
 * up on the frame). */
static void expert_option_lengths(struct expert *x, const struct view *v)
{
    const struct tcp_layer *t = &v->f->tcp;
    char text[80];
    /* An option that threw says nothing more (the exception is its note),
     * but for a SACK option too short for one block: its dissector notes the
     * block that would go past its end (from length 3) before it throws. */
    for (int i = 0, noted = tcp_options_noted(t); i < noted; i++) {
        const struct tcp_option *o = &t->opt[i];
        if (tcp_option_length_note(o, text, sizeof text)) {
            expert_add(x, SEV_NOTE, GRP_SEQUENCE, text);
        } else if (tcp_sack_unended(o)) {
            /* A block begun and not ended (the first one, shorter, threw). */
            expert_add(x, SEV_ERROR, GRP_MALFORMED, fields[F_TCP_SUBOPTION_MALFORMED].label);
        } else if (o->kind == TCPOPT_WSCALE && stats_field_i(v, F_TCP_WS_SHIFT_INVALID)) {
            /* said as the option is read, before a later one may throw */
            expert_add(x, SEV_WARN, GRP_PROTOCOL, fields[F_TCP_WS_SHIFT_INVALID].label);
        }
    }
}

/* The options. */
static void expert_options(struct expert *x, const struct view *v, struct expert_stream *es)
{
    const struct tcp_layer *t = &v->f->tcp;
    unsigned flags = t->flags;
    if ((flags & TH_SYN) && !(flags & TH_ACK) && has_tfo_cookie(v)) {
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "TCP SYN with TFO Cookie");
        if (t->seg_len > 0) {
            es->flags |= EX_TFO_DATA;
            es->tfo_ack = t->seq + 1 + t->seg_len;
        }
    }
    /* D-SACK (RFC 2883): the first block lies below the cumulative ACK. */
    if (t->nsack > 0 && (flags & TH_ACK) && seq_lt(t->sack_le[0], t->ack))
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "D-SACK Sequence");
    /* Checked after the options when there are some, and not when their
     * padding was bad. */
    if ((flags & TH_SYN) && t->hdr_len > 20 && !t->bad_padding && !t->mss_option)
        expert_add(x, SEV_NOTE, GRP_PROTOCOL, "The SYN packet does not contain a MSS option");
}

/* The SEQ/ACK analysis, in tcp_print_sequence_number_analysis's order. */
static void expert_analysis(struct expert *x, const struct view *v)
{
    const struct seq_result *a = &v->tk->an;
    uint32_t f = a->flags;
    if (f & A_REUSED_PORTS)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE,
                   "A new tcp session is started with the same ports as an earlier session in this trace");
    if (f & A_LOST_PACKET)
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "Previous segment(s) not captured (common at capture start)");
    if (f & A_ACK_LOST_PACKET)
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "ACKed segment that wasn't captured (common at capture start)");
    if (f & A_KEEP_ALIVE)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "TCP keep-alive segment");
    if (f & A_WINDOW_UPDATE)
        expert_add(x, SEV_CHAT, GRP_SEQUENCE, "TCP window update");
    if (f & A_WINDOW_FULL)
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "TCP window specified by the receiver is now completely full");
    if (f & A_KEEP_ALIVE_ACK)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "ACK to a TCP keep-alive segment");
    if (f & A_DUPLICATE_ACK) {
        char text[64];
        snprintf(text, sizeof text, "Duplicate ACK (#%u)", (unsigned)stats_field_i(v, F_A_DUPLICATE_ACK_NUM));
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, text);
    }
    if (f & A_ZERO_WINDOW_PROBE)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "TCP Zero Window Probe");
    if (f & A_ZERO_WINDOW)
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "TCP Zero Window segment");
    if (f & A_ZERO_WINDOW_PROBE_ACK)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "ACK to a TCP Zero Window Probe");
    if (f & A_SPURIOUS_RETRANSMISSION)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "This frame is a (suspected) spurious retransmission");
    if (f & A_FAST_RETRANSMISSION)
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "This frame is a (suspected) fast retransmission");
    if (f & A_ANY_RETRANSMISSION)         /* with the fast or spurious note above, as tshark */
        expert_add(x, SEV_NOTE, GRP_SEQUENCE, "This frame is a (suspected) retransmission");
    if (f & A_OUT_OF_ORDER)
        expert_add(x, SEV_WARN, GRP_SEQUENCE, "This frame is a (suspected) out-of-order segment");
}

static void expert_frame(void *self, const struct view *v)
{
    struct expert *x = self;
    if (!v->tk || x->oom)
        return;
    /* Every frame moves the per-stream state (which side sent the first
     * FIN, TFO data), as in the dissector; only the filter's frames add
     * infos. */
    x->recording = !x->df || df_match(x->df, v);
    struct expert_stream *es = expert_stream(x, v->tk->stream->index);
    if (!es)
        return;
    /* Ethernet's warnings first, as it adds them: a group source address
     * (each header's), an IEEE 802.3 length past the frame's end. */
    struct fval group_src[MAX_OCCURRENCES];
    for (int i = 0, n = field_get(F_ETH_SRC_NOT_GROUP, v, group_src, MAX_OCCURRENCES); i < n; i++)
        expert_add_by(x, SEV_WARN, GRP_PROTOCOL, "Ethernet", fields[F_ETH_SRC_NOT_GROUP].label);
    const struct frame *fr = v->f;
    if (fr->linktype == DLT_EN10MB && fr->neth && fr->eth[0].off == 0 && fr->eth[0].type <= 1500 &&
        14u + fr->eth[0].type > frame_reported_len(fr))
        expert_add_by(x, SEV_ERROR, GRP_MALFORMED, "Ethernet", "Length field value goes past the end of the payload");
    expert_header(x, v, es);
    if (v->f->tcp.bad_padding)       /* said before the padding may throw */
        expert_add(x, SEV_ERROR, GRP_PROTOCOL, "Non-zero header padding");
    expert_option_lengths(x, v);
    if (!stats_tcp_tapped(v)) {
        /* The options threw (the last one read): dissect_tcp went no further. */
        const char *threw = tcp_options_threw(&v->f->tcp);
        if (threw)
            expert_add_by(x, SEV_ERROR, GRP_MALFORMED, threw, "Malformed Packet (Exception occurred)");
        return;
    }
    expert_options(x, v, es);
    expert_analysis(x, v);
}

static void expert_print_level(const struct expert_list *l, const char *label, struct out *o)
{
    if (l->n == 0)
        return;
    uint64_t total = 0;
    for (uint32_t i = 0; i < l->n; i++)
        total += l->e[i].frequency;
    out_printf(o, "\n%s (%llu)\n=============\n   Frequency      Group           Protocol  Summary\n", label,
               (unsigned long long)total);
    for (uint32_t i = 0; i < l->n; i++)
        out_printf(o, "%12llu %10s %18s  %s\n", (unsigned long long)l->e[i].frequency, group_name[l->e[i].group],
                   l->e[i].proto, l->e[i].summary);
}

static bool expert_print(void *self, struct out *o)
{
    struct expert *x = self;
    expert_print_level(&x->sev[SEV_ERROR], "Errors", o);
    expert_print_level(&x->sev[SEV_WARN], "Warns", o);
    expert_print_level(&x->sev[SEV_NOTE], "Notes", o);
    expert_print_level(&x->sev[SEV_CHAT], "Chats", o);
    expert_print_level(&x->sev[SEV_COMMENT], "Comments", o);
    return true;
}

static void expert_free(void *self)
{
    struct expert *x = self;
    for (int i = 0; i < SEV_COUNT; i++)
        free(x->sev[i].e);
    free(x->streams);
    df_free(x->df);
    free(x);
}

static const struct stat_ops expert_ops = { expert_frame, expert_print, expert_free };

void *expert_new(const char *args, const struct stat_ops **ops)
{
    *ops = &expert_ops;
    struct expert *x = calloc(1, sizeof *x);
    if (!x) {
        fputs("synfin: out of memory\n", stderr);
        return NULL;
    }
    /* A level first (a prefix, any case, as tshark reads it), then ",FILTER";
     * without a level, all of args is the filter. */
    static const struct { const char *name; int sev; } levels[] = {
        { "error", SEV_ERROR }, { "warn", SEV_WARN }, { "note", SEV_NOTE }, { "chat", SEV_CHAT },
        { "comment", SEV_COMMENT },
    };
    const char *filter = *args ? args : NULL;
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        size_t n = strlen(levels[i].name);
        if (strncasecmp(args, levels[i].name, n) == 0) {
            x->lowest = levels[i].sev;
            filter = args[n] == ',' ? args + n + 1 : NULL;
            break;
        }
    }
    bool ok;
    x->df = stats_filter(filter, &ok);
    if (!ok) {
        free(x);
        return NULL;
    }
    return x;
}
