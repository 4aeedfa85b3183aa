/* Time arithmetic on crafted timestamps (decode/nstime.h): conversions to
 * nanoseconds saturate instead of overflowing, and the SEQ/ACK analysis,
 * which compares a gap with the handshake's round trip in nanoseconds,
 * runs on a round trip of thousands of years without undefined behaviour
 * (the UBSan build aborted in analysis.c before). */
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/nstime.h"
#include "track/streams.h"

static int fails;

static void expect(bool ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    fails += !ok;
}

/* Ethernet + IPv4 + TCP (20 bytes) + paylen bytes of data, client 10.0.0.1:1234
 * and server 10.0.0.2:80, one direction or the other. */
static uint8_t frame_bytes[14 + 20 + 20 + 100];

static struct frame tcp_frame(bool from_client, uint32_t seq, uint32_t ack, uint16_t flags, uint16_t paylen,
                              struct timespec ts)
{
    uint8_t *b = frame_bytes;
    memset(b, 0, sizeof frame_bytes);
    b[12] = 0x08;
    uint8_t *ip = b + 14, *tcp = ip + 20;
    uint16_t ip_len = (uint16_t)(40 + paylen);
    ip[0] = 0x45, ip[2] = (uint8_t)(ip_len >> 8), ip[3] = (uint8_t)ip_len, ip[8] = 64, ip[9] = 6;
    ip[12] = 10, ip[15] = from_client ? 1 : 2, ip[16] = 10, ip[19] = from_client ? 2 : 1;
    uint16_t sport = from_client ? 1234 : 80, dport = from_client ? 80 : 1234;
    tcp[0] = (uint8_t)(sport >> 8), tcp[1] = (uint8_t)sport, tcp[2] = (uint8_t)(dport >> 8), tcp[3] = (uint8_t)dport;
    for (int i = 0; i < 4; i++)
        tcp[4 + i] = (uint8_t)(seq >> (24 - 8 * i)), tcp[8 + i] = (uint8_t)(ack >> (24 - 8 * i));
    tcp[12] = 5 << 4, tcp[13] = (uint8_t)flags, tcp[14] = 0xff, tcp[15] = 0xff;
    uint32_t n = 14 + 40 + paylen;
    return (struct frame){ .ts = ts, .len = n, .caplen = n, .data = b, .linktype = DLT_EN10MB };
}

static uint32_t track(struct stream_table *st, uint64_t number, struct frame f)
{
    struct decode_prefs dp = { 0 };
    f.number = number;
    decode_frame(&f, &dp);
    struct track_info tk;
    streams_track(st, &f, &tk);
    return tk.an.flags;
}

int main(void)
{
    const time_t big = (time_t)4000000000000000000LL;     /* seconds: far past what ns can hold */
    expect(time_ns((struct timespec){ 1, 5 }) == 1000000005, "time_ns of 1.000000005 s");
    expect(time_ns((struct timespec){ -1, -5 }) == -1000000005, "time_ns of -1.000000005 s");
    expect(time_ns((struct timespec){ big, 0 }) == INT64_MAX, "time_ns saturates upwards");
    expect(time_ns((struct timespec){ -big, 0 }) == INT64_MIN, "time_ns saturates downwards");
    expect(time_ns((struct timespec){ INT64_MAX / NS_PER_SEC, 999999999 }) == INT64_MAX,
           "time_ns saturates when only the nanoseconds overflow");
    expect(time_ns_between((struct timespec){ big, 0 }, (struct timespec){ -big, 0 }) == INT64_MAX,
           "time_ns_between saturates when the seconds differ by more than int64");
    expect(time_ns_between((struct timespec){ -big, 0 }, (struct timespec){ big, 0 }) == INT64_MIN,
           "time_ns_between saturates downwards");
    expect(time_ns_between((struct timespec){ 10, 1 }, (struct timespec){ 9, 999999999 }) == 2,
           "time_ns_between across a second");
    struct timespec a = time_add_ns((struct timespec){ 10, 999999999 }, 2);
    expect(a.tv_sec == 11 && a.tv_nsec == 1, "time_add_ns carries into the seconds");
    a = time_add_ns((struct timespec){ 10, 1 }, -2);
    expect(a.tv_sec == 9 && a.tv_nsec == 999999999, "time_add_ns borrows from the seconds");
    a = time_add_ns((struct timespec){ 10, 5 }, -3 * NS_PER_SEC - 10);
    expect(a.tv_sec == 6 && a.tv_nsec == 999999995, "time_add_ns of minus 3.00000001 s");
    a = time_add_ns((struct timespec){ INT64_MAX, 999999999 }, 1);
    expect(a.tv_sec == INT64_MIN && a.tv_nsec == 0, "time_add_ns wraps the seconds instead of overflowing");

    /* A handshake whose round trip is 4e18 seconds, then a segment sent
     * twice: the out-of-order check compares with that round trip. */
    struct stream_table *st = streams_new();
    struct timespec t0 = { 1, 0 }, t1 = { big, 0 }, t2 = { big, 1000 };   /* a zero time is "unset" */
    track(st, 1, tcp_frame(true, 100, 0, TH_SYN, 0, t0));
    track(st, 2, tcp_frame(false, 500, 101, TH_SYN | TH_ACK, 0, t0));
    track(st, 3, tcp_frame(true, 101, 501, TH_ACK, 0, t1));
    track(st, 4, tcp_frame(true, 101, 501, TH_ACK | TH_PSH, 10, t1));
    track(st, 5, tcp_frame(true, 131, 501, TH_ACK | TH_PSH, 10, t1));
    uint32_t fl = track(st, 6, tcp_frame(true, 111, 501, TH_ACK | TH_PSH, 10, t2));
    /* Not advanced, 1 us after the highest segment, well within the
     * (saturated) round trip, and not the segment before the highest. */
    expect((fl & A_OUT_OF_ORDER) != 0, "a gap within a round trip of 4e18 s: out of order");
    streams_free(st);
    return fails ? 1 : 0;
}
