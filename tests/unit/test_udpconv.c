/* The UDP conversation table (track/udpconv.h): indexes in order of first
 * appearance, both directions one conversation, times since the first and
 * previous frame, an ICMP quote that gets the index but no times; and its
 * bound: with a cap of 4 conversations, a fifth new one gets no index and
 * no times, while the four known ones go on as before; with the real cap,
 * the table grows past its first sizes (doublings) without losing one. */
#include <pcap/dlt.h>
#include <stdio.h>
#include <string.h>

#include "decode/decode.h"
#include "track/udpconv.h"

static int fails;

static void check(bool ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    fails += !ok;
}

static uint8_t buf[14 + 20 + 8 + 28 + 16];

static void ip4(uint8_t *ip, uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
    memset(ip, 0, 20);
    ip[0] = 0x45, ip[2] = (uint8_t)(len >> 8), ip[3] = (uint8_t)len, ip[8] = 64, ip[9] = proto;
    for (int i = 0; i < 4; i++)
        ip[12 + i] = (uint8_t)(src >> (24 - 8 * i)), ip[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
}

static void udp(uint8_t *u, uint16_t sp, uint16_t dp, uint16_t len)
{
    memset(u, 0, 8);
    u[0] = (uint8_t)(sp >> 8), u[1] = (uint8_t)sp, u[2] = (uint8_t)(dp >> 8), u[3] = (uint8_t)dp;
    u[4] = (uint8_t)(len >> 8), u[5] = (uint8_t)len;
}

/* One UDP datagram src:sp -> dst:dp (8 bytes of payload) at ts_ms, or,
 * quoted, the same header in an ICMP port unreachable from dst. */
static struct udpconv_layer feed(struct udpconv *u, uint32_t src, uint16_t sp, uint32_t dst, uint16_t dp,
                                 int64_t ts_ms, bool quoted)
{
    memset(buf, 0, sizeof buf);
    buf[12] = 0x08;
    uint32_t len;
    if (!quoted) {
        ip4(buf + 14, src, dst, 17, 36);
        udp(buf + 34, sp, dp, 16);
        len = 14 + 36;
    }
    else {
        ip4(buf + 14, dst, src, 1, 20 + 8 + 36);
        buf[34] = 3, buf[35] = 3;
        ip4(buf + 42, src, dst, 17, 36);
        udp(buf + 62, sp, dp, 16);
        len = 14 + 20 + 8 + 36;
    }
    struct frame f = { .number = 1, .ts = { ts_ms / 1000, ts_ms % 1000 * 1000000 }, .len = len, .caplen = len,
                       .data = buf, .linktype = DLT_EN10MB };
    struct decode_prefs prefs = { 0 };
    decode_frame(&f, &prefs);
    struct udpconv_frame r;
    udpconv_frame(u, &f, &r);
    struct udpconv_layer none = { 0 };
    return r.n ? r.l[r.n - 1] : none;
}

static bool is(struct udpconv_layer l, uint32_t stream, int64_t rel_ms, int64_t delta_ms)
{
    return l.has_stream && l.stream == stream && l.has_time && l.rel.tv_sec == rel_ms / 1000 &&
           l.rel.tv_nsec == rel_ms % 1000 * 1000000 && l.delta.tv_sec == delta_ms / 1000 &&
           l.delta.tv_nsec == delta_ms % 1000 * 1000000;
}

int main(void)
{
    uint32_t a = 0x0a000001, b = 0x0a000002, c = 0x0a000003;
    struct udpconv *u = udpconv_new_capped(4);
    check(is(feed(u, a, 1000, b, 53, 1000, false), 0, 0, 0), "a first datagram: stream 0, times 0");
    check(is(feed(u, c, 1000, b, 53, 1100, false), 1, 0, 0), "another address: stream 1");
    check(is(feed(u, b, 53, a, 1000, 1300, false), 0, 300, 300), "the answer: stream 0, 0.3 s since the first and the previous");
    struct udpconv_layer q = feed(u, a, 1001, b, 53, 1400, true);
    check(q.has_stream && q.stream == 2 && !q.has_time, "a quote of a new conversation: stream 2, no times");
    check(is(feed(u, a, 1001, b, 53, 1900, false), 2, 500, 500), "its datagram: times since the quote made it");
    q = feed(u, a, 1001, b, 53, 2000, true);
    check(q.has_stream && q.stream == 2 && !q.has_time, "a quote of a known conversation: its index, no times");
    check(is(feed(u, b, 53, a, 1001, 2100, false), 2, 700, 200), "the quote did not move the previous time");
    check(is(feed(u, a, 1000, b, 54, 2200, false), 3, 0, 0), "another port: stream 3, the fourth (the cap)");
    struct udpconv_layer past = feed(u, a, 1000, b, 55, 2300, false);
    check(!past.has_stream && !past.has_time, "past the cap: a new conversation gets no index and no times");
    past = feed(u, a, 1000, b, 55, 2400, false);
    check(!past.has_stream && !past.has_time, "past the cap: again none for its next datagram");
    check(is(feed(u, a, 1000, b, 53, 2500, false), 0, 1500, 1200), "past the cap: known conversations go on");
    check(udpconv_count(u) == 4, "the table holds 4 conversations, its cap");
    udpconv_free(u);

    u = udpconv_new();
    bool all = true;
    for (uint32_t i = 0; i < 100000; i++)
        all &= is(feed(u, a + (i >> 16), (uint16_t)i, b, 53, 1000, false), i, 0, 0);
    for (uint32_t i = 0; i < 100000; i += 997)
        all &= is(feed(u, b, 53, a + (i >> 16), (uint16_t)i, 2000, false), i, 1000, 1000);
    check(all && udpconv_count(u) == 100000, "100,000 conversations through the doublings: each keeps its index and times");
    udpconv_free(u);
    return fails != 0;
}
