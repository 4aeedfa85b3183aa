/* The stream table over a long live capture: thousands of short
 * connections that open, close and retire while one connection stays open
 * the whole time. The memory the table holds must follow the connections
 * that are live, not the ones that have been (one live connection among
 * 10,000 retired holds a few KB, not a page of streams); the stream
 * numbers, the reuse of a retired flow's ports and the reused-ports
 * detection on the live one stay as before. */
#include <pcap/dlt.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "track/streams.h"

static int fails;

static void check(bool ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    fails += !ok;
}

/* One Ethernet + IPv4 + TCP frame between 10.0.0.1:cport and 10.0.0.2:5000.
 * Not port 80: there HTTP would hold the long connection's one-byte
 * payloads as the start of an unfinished message (up to HTTP_MSG_CAP, as
 * Wireshark waits for a line end), and these tests measure the table. */
enum { SERVER_PORT = 5000 };
struct seg {
    bool from_client;
    uint16_t cport;
    uint8_t flags;
    uint32_t seq, ack;
    uint16_t paylen;
};

static uint8_t buf[14 + 20 + 20 + 64];
static uint64_t frame_no;

static struct track_info track(struct stream_table *t, const struct seg *sg, struct timespec ts)
{
    memset(buf, 0, sizeof buf);
    buf[12] = 0x08;
    uint8_t *ip = buf + 14, *tcp = ip + 20;
    uint16_t ip_len = (uint16_t)(40 + sg->paylen);
    ip[0] = 0x45, ip[2] = (uint8_t)(ip_len >> 8), ip[3] = (uint8_t)ip_len, ip[8] = 64, ip[9] = 6;
    uint8_t client[4] = { 10, 0, 0, 1 }, server[4] = { 10, 0, 0, 2 };
    memcpy(ip + 12, sg->from_client ? client : server, 4);
    memcpy(ip + 16, sg->from_client ? server : client, 4);
    uint16_t sport = sg->from_client ? sg->cport : SERVER_PORT, dport = sg->from_client ? SERVER_PORT : sg->cport;
    tcp[0] = (uint8_t)(sport >> 8), tcp[1] = (uint8_t)sport, tcp[2] = (uint8_t)(dport >> 8), tcp[3] = (uint8_t)dport;
    for (int i = 0; i < 4; i++) {
        tcp[4 + i] = (uint8_t)(sg->seq >> (24 - 8 * i));
        tcp[8 + i] = (uint8_t)(sg->ack >> (24 - 8 * i));
    }
    tcp[12] = 5 << 4, tcp[13] = sg->flags, tcp[14] = 0xff, tcp[15] = 0xff;
    uint32_t len = 14 + ip_len;
    struct frame f = { .number = ++frame_no, .ts = ts, .len = len, .caplen = len, .data = buf,
                       .linktype = DLT_EN10MB };
    struct decode_prefs dp = { 0 };
    decode_frame(&f, &dp);
    struct track_info tk;
    streams_track(t, &f, &tk);
    return tk;
}

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };

/* A whole short connection from cport: handshake, a request, a close. Its stream index. */
static uint32_t short_conn(struct stream_table *t, uint16_t cport, uint32_t isn, struct timespec ts)
{
    uint32_t c = isn, s = isn ^ 0x5a5a5a5a;
    const struct seg segs[] = {
        { true, cport, SYN, c, 0, 0 },             { false, cport, SYN | ACK, s, c + 1, 0 },
        { true, cport, ACK, c + 1, s + 1, 0 },     { true, cport, PSH | ACK, c + 1, s + 1, 10 },
        { false, cport, FIN | ACK, s + 1, c + 11, 0 }, { true, cport, FIN | ACK, c + 11, s + 2, 0 },
        { false, cport, ACK, s + 2, c + 12, 0 },
    };
    uint32_t index = UINT32_MAX;
    for (size_t i = 0; i < sizeof segs / sizeof segs[0]; i++) {
        struct track_info tk = track(t, &segs[i], ts);
        if (i == 0)
            index = tk.stream->index;
        else if (tk.stream->index != index)
            return UINT32_MAX;
    }
    return index;
}

static void list_one(void *arg, struct stream *s)
{
    struct { uint32_t n, bad; } *ls = arg;
    uint32_t want_frames = s->index == 60005 ? 2 : 1;
    bool reused = s->index >= 60000;
    if (s->index != ls->n++ || s->frames != want_frames || !s->life.syn ||
        ((s->an.flow[0].lastsegmentflags & A_REUSED_PORTS) != 0) != reused)
        ls->bad++;
}

int main(void)
{
    struct stream_table *t = streams_new();
    streams_retire_after(t, 1, 600, NULL, NULL);
    struct timespec ts = { 1000, 0 };
    const uint16_t long_port = 40000;
    uint32_t lc = 7000, ls = 9000;              /* the long connection's next numbers */

    const struct seg open[] = { { true, long_port, SYN, lc - 1, 0, 0 },
                                { false, long_port, SYN | ACK, ls - 1, lc, 0 },
                                { true, long_port, ACK, lc, ls, 0 } };
    for (int i = 0; i < 3; i++)
        track(t, &open[i], ts);
    size_t empty = streams_bytes_held(t);

    /* 10,000 short connections, 10 ms apart, while the long one sends a
     * little every 100 ms. */
    bool indices_ok = true;
    const uint32_t n = 10000;
    for (uint32_t i = 0; i < n; i++) {
        ts.tv_nsec += 10000000;
        if (ts.tv_nsec >= 1000000000)
            ts.tv_sec++, ts.tv_nsec -= 1000000000;
        if (short_conn(t, (uint16_t)(1024 + i), 100000 + i * 7919, ts) != i + 1)
            indices_ok = false;
        if (i % 10 == 0) {
            struct seg d = { true, long_port, PSH | ACK, lc, ls, 1 };
            track(t, &d, ts);
            struct seg a = { false, long_port, ACK, ls, ++lc, 0 };
            track(t, &a, ts);
        }
    }
    check(indices_ok, "10,000 short connections get tcp.stream 1 to 10000, in order");

    /* Ten seconds on, the long connection goes on until every short one
     * has left (the sweep looks at a few streams a frame). */
    ts.tv_sec += 10;
    struct track_info tk = { 0 };
    int frames = 0;
    do {
        struct seg a = { false, long_port, ACK, ls, lc, 0 };
        tk = track(t, &a, ts);
    } while (++frames < 100000 && streams_live(t) > 1);
    printf("# %d frames of the long connection to retire the last short ones (%u live)\n", frames, streams_live(t));
    /* The table shrinks a quarter a move, a few slots a frame, as a live
     * capture goes on: a thousand more frames of the long connection. */
    for (int i = 0; i < 1000; i++) {
        struct seg a = { false, long_port, ACK, ls, lc, 0 };
        tk = track(t, &a, ts);
    }
    check(tk.stream->index == 0 && tk.rel_ack == lc - (7000 - 1),
          "the long connection is still stream 0, with its relative numbers");
    check(streams_retired(t) == n, "every short connection retired");
    check(streams_live(t) == 1, "one connection left in memory");
    size_t held = streams_bytes_held(t);
    printf("# bytes held: %zu with one connection open; %zu with it alone and 10,000 retired\n", empty, held);
    /* Before streams left memory one by one, this was 4.7 MB: the pages of
     * 4,096 streams that stream 0 and stream 10000 kept. What is left is
     * the stream, its buffer and a flow table sized for the ~100
     * connections that were lingering at a time. */
    check(held < 8192, "one live connection among 10,000 retired: the table holds under 8 KB");

    /* A retired flow's ports used again: a new stream, numbered next. */
    struct seg syn = { true, 1024, SYN, 5, 0, 0 };
    tk = track(t, &syn, ts);
    check(tk.stream->index == n + 1 && !(tk.an.flags & A_REUSED_PORTS),
          "a retired flow's ports used again open stream 10001 (not a reuse: it left the table)");

    /* The long connection's ports reused with a new SYN: a new stream,
     * flagged, and the old one still retires later. */
    struct seg again = { true, long_port, SYN, 123456, 0, 0 };
    tk = track(t, &again, ts);
    check(tk.stream->index == n + 2 && (tk.an.flags & A_REUSED_PORTS),
          "a new SYN on the long connection's ports: stream 10002, reused ports");
    struct seg synack = { false, long_port, SYN | ACK, 654321, 123457, 0 };
    tk = track(t, &synack, ts);
    check(tk.stream->index == n + 2 && tk.dir == 1, "its SYN-ACK goes to the new stream");
    /* Quiet for longer than the idle time, every stream leaves: the next
     * frame on the long connection's ports opens a new one. */
    ts.tv_sec += 700;
    tk = track(t, &synack, ts);
    check(tk.stream->index == n + 3 && streams_live(t) == 1 && streams_retired(t) == n + 3,
          "after the idle time all three left, and the next frame opens stream 10003");
    check(streams_bytes_held(t) < 8192, "still under 8 KB");

    streams_free(t);

    /* 20,000 connections open at once, all left without a word (idle),
     * then the short ones go on: the flow table shrinks back. */
    t = streams_new();
    streams_retire_after(t, 1, 600, NULL, NULL);
    ts.tv_sec += 1000;
    for (uint32_t i = 0; i < 20000; i++) {
        struct seg s1 = { true, (uint16_t)(1024 + i), SYN, i, 0, 0 };
        track(t, &s1, ts);
    }
    size_t peak = streams_bytes_held(t);
    ts.tv_sec += 700;
    for (uint32_t i = 0; i < 20000; i++) {
        ts.tv_nsec = (long)(i % 100) * 10000000;
        if (i % 100 == 0)
            ts.tv_sec++;
        short_conn(t, (uint16_t)(30000 + i % 1000), 77 + i, ts);
    }
    held = streams_bytes_held(t);
    printf("# 20,000 open at once: %zu bytes; then short ones only: %zu bytes, %u live\n", peak, held, streams_live(t));
    /* What is left follows the connections still lingering (a second's
     * worth, about 100): at most 1 KiB each (a 616-byte block and up to 16
     * slots of 16 bytes) and the smallest table. */
    check(streams_retired(t) >= 20000 && held <= (size_t)streams_live(t) * 1024 + 8192,
          "after a burst, the table shrinks back as streams leave: 1 KiB or less a live connection");
    streams_free(t);

    /* Reading a file: 100,000 lone SYNs (a flood) become SYN records, 44
     * bytes each and their slots, not 616-byte streams; a late SYN-ACK
     * finds its SYN's stream whole again, and the listing has them all. */
    t = streams_new();
    ts.tv_sec += 1000;
    uint64_t first_syn = frame_no + 1;
    for (uint32_t i = 0; i < 100000; i++) {
        struct seg s1 = { true, (uint16_t)(1024 + i % 60000), SYN, 1000 * i, 0, 0 };
        track(t, &s1, ts);                      /* from i = 60,000 on: a new ISN on used ports */
        if (i == 59999)
            ts.tv_sec++;
    }
    held = streams_bytes_held(t);
    printf("# 100,000 lone SYNs from 60,000 ports (40,000 reused): %zu bytes held, %u streams\n", held,
           streams_count(t));
    check(held <= (size_t)100000 * 128, "100,000 lone SYNs: at most 128 bytes a SYN (records, slots, the young)");
    ts.tv_sec += 3600;
    struct seg late = { false, 1029, SYN | ACK, 77, 1000 * 60005 + 1, 0 };
    tk = track(t, &late, ts);
    check(tk.stream->index == 60005 && tk.stream->frames == 2 && tk.an.frame_acked == first_syn + 60005 &&
              tk.rel_ack == 1 && tk.completeness == 1,
          "a SYN-ACK an hour later joins its SYN's stream, made whole: index, frames, acks_frame, relative ack");
    struct listing { uint32_t n, bad; } ls_ = { 0, 0 };
    streams_each(t, list_one, &ls_);
    check(ls_.n == 100000 && ls_.bad == 0, "the listing: every stream once, in index order, with its SYN");
    streams_free(t);
    return fails != 0;
}
