/* The SVG ladder and the XML escaper on crafted input: escaping of hostile
 * bytes, the style's colours against Wireshark's table, one g.seg per
 * segment, a lost segment's short arrow, the fold of an idle gap, the
 * explanation notes, and the time to write 2,500 segments. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decode/packet.h"
#include "present/ladder_svg.h"
#include "present/xml_escape.h"

static int fails;

static void expect(bool ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    fails += !ok;
}

static char text[1 << 22];
static struct out o;

/* Run fn's output through a temporary file into text. */
static void capture_begin(void)
{
    char name[] = "/tmp/test_ladder_svg.XXXXXX";
    int fd = mkstemp(name);
    unlink(name);
    out_init(&o, fd);
}

static size_t capture_end(void)
{
    out_flush(&o);
    off_t n = lseek(o.fd, 0, SEEK_CUR);
    lseek(o.fd, 0, SEEK_SET);
    size_t got = n > 0 ? (size_t)read(o.fd, text, n < (off_t)sizeof text - 1 ? (size_t)n : sizeof text - 1) : 0;
    text[got] = 0;
    close(o.fd);
    return got;
}

static size_t count(const char *hay, const char *needle)
{
    size_t c = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        c++;
    return c;
}

static struct rseg segs[2500];

static void make(size_t n, bool gap)
{
    memset(segs, 0, sizeof segs);
    for (size_t i = 0; i < n; i++) {
        struct rseg *r = &segs[i];
        r->s.frame = i + 1;
        r->s.from = i % 2 ? FROM_SERVER : FROM_CLIENT;
        long us = (long)i * 20 + (gap && i >= n / 2 ? 3000000 : 0);
        r->s.t.tv_sec = us / 1000000, r->s.t.tv_nsec = us % 1000000 * 1000;
        r->s.flags = TH_ACK;
        r->s.seq = (uint32_t)i * 100, r->s.ack = 1, r->s.len = i % 2 ? 0 : 100;
        snprintf(r->state[0], sizeof r->state[0], "ESTABLISHED");
        snprintf(r->state[1], sizeof r->state[1], "ESTABLISHED");
    }
}

int main(void)
{
    capture_begin();
    xml_text(&o, "a<b>&\"c\" \x01\x1b[31m\x7f tab\t");
    xml_text_n(&o, "\xc3\xa9 \xe4\xbd\xa0 \xff \xc2\x85 \xed\xa0\x80 x\0y", 19);
    capture_end();
    expect(strcmp(text, "a&lt;b&gt;&amp;&quot;c&quot; [31m tab\xc3\xa9 \xe4\xbd\xa0 \xef\xbf\xbd  \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd xy") == 0,
           "xml_text: & < > \" escaped, control bytes and C1 dropped, broken UTF-8 and surrogates replaced");

    /* The style's chip colours are Wireshark's, as report_seg.c has them. */
    bool same = true;
    for (int c = RC_TCP; c <= RC_HTTP; c++) {
        char want[96];
        snprintf(want, sizeof want, ".c%d rect{fill:%s}.ladder .c%d .chip text{fill:%s}", c, rseg_colour_bg[c], c,
                 rseg_colour_fg[c]);
        if (!strstr(ladder_svg_style, want))
            same = false, printf("# missing from ladder_svg_style: %s\n", want);
    }
    expect(same, "ladder_svg_style: each rule's chip in rseg_colour_bg/fg");

    make(10, true);
    segs[2].lost = true;
    segs[4].colour = RC_RST;
    snprintf(segs[0].s.step, sizeof segs[0].s.step, "handshake 1/3");
    snprintf(segs[2].s.payload_start, sizeof segs[2].s.payload_start, "<script>&");
    snprintf(segs[3].s.label, sizeof segs[3].s.label, "[TCP Dup ACK 2#1]");
    snprintf(segs[6].state[1], sizeof segs[6].state[1], "CLOSE-WAIT");
    struct ladder_svg_opts opt = { "client 10.0.0.1:1234", "server <10.0.0.2>:80", true, true, LANG_EN };
    capture_begin();
    ladder_svg(&o, segs, 10, &opt);
    capture_end();
    expect(strncmp(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=", 50) == 0,
           "standalone: XML prolog and xmlns");
    expect(count(text, "<g class=\"seg") == 10, "one g.seg per segment");
    expect(count(text, "class=\"seg c0 lost\" data-frame=\"3\" data-i=\"2\"") == 1, "the lost segment: class seg lost");
    expect(count(text, "<path class=\"x\"") == 1, "one cross, on the lost segment");
    expect(count(text, "class=\"seg c2\" data-frame=\"5\"") == 1, "the colour class of the rule");
    expect(count(text, "<text class=\"step\" x=\"624\" y=\"48\">handshake 1/3</text>") == 1, "the step beside its arrow");
    expect(count(text, ">[TCP Dup ACK 2#1]</text>") == 1, "the analysis label");
    expect(count(text, "class=\"fold\"") == 1 && count(text, "3.0 s idle") == 1, "the 3 s gap folded once, with its length");
    expect(count(text, "data-side=\"client\"") == 1 && count(text, "data-side=\"server\"") == 3,
           "states written where they change: client once, server ESTABLISHED, CLOSE-WAIT, ESTABLISHED");
    expect(count(text, "&lt;script&gt;&amp;") == 1 && !strstr(text, "<script") && count(text, "server &lt;10.0.0.2&gt;:80") == 2,
           "payload and names escaped in the notes, the header and the title");
    expect(count(text, "class=\"note\"") >= 5, "explanation notes beside the arrows");

    opt.standalone = false, opt.explain = false;
    capture_begin();
    ladder_svg(&o, segs, 10, &opt);
    capture_end();
    expect(strncmp(text, "<svg class=\"ladder\" viewBox=\"0 0 900 ", 37) == 0 && !strstr(text, "<style") &&
               !strstr(text, "xmlns") && !strstr(text, "class=\"note\""),
           "inline: no prolog, no style, no namespace, no notes without explain");

    /* 2,500 segments, twice (the first warms the caches), to /dev/null. */
    make(2500, false);
    for (size_t i = 0; i < 2500; i += 50)
        segs[i].lost = true, snprintf(segs[i].s.label, sizeof segs[i].s.label, "[TCP Retransmission]");
    out_init(&o, open("/dev/null", O_WRONLY));
    opt.explain = true;
    double best = 1e9;
    for (int k = 0; k < 3; k++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        ladder_svg(&o, segs, 2500, &opt);
        out_flush(&o);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        best = ms < best ? ms : best;
    }
    close(o.fd);
#ifdef __SANITIZE_ADDRESS__
    double limit = 250;       /* ASan's checks make each write slower */
#else
    double limit = 50;
#endif
    printf("# 2500 segments with notes: %.1f ms\n", best);
    char what[80];
    snprintf(what, sizeof what, "2,500 segments with notes written in under %.0f ms", limit);
    expect(best < limit, what);
    return fails != 0;
}
