/* The one decimal formatter every printer uses (present/out.c fmt_u64),
 * and the dotted IPv4 one (fmt_ipv4):
 * against printf at every power of ten and its neighbours, at the 32-bit
 * boundary, at UINT64_MAX, with widths, and on a range of small numbers. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "present/out.h"

static int fails, checks;

static void same(uint64_t v, int width)
{
    char got[64], want[64];
    size_t n = fmt_u64(got, v, width);
    got[n] = 0;
    snprintf(want, sizeof want, "%0*" PRIu64, width, v);
    checks++;
    if (v <= UINT32_MAX && width <= 1) {
        char got32[16];
        size_t n32 = fmt_u32(got32, (uint32_t)v);
        got32[n32] = 0;
        if (strcmp(got32, want) != 0) {
            if (fails < 10)
                printf("# fmt_u32(%" PRIu64 ") = \"%s\", printf says \"%s\"\n", v, got32, want);
            fails++;
        }
    }
    if (strcmp(got, want) != 0) {
        if (fails < 10)
            printf("# fmt_u64(%" PRIu64 ", %d) = \"%s\", printf says \"%s\"\n", v, width, got, want);
        fails++;
    }
}

/* fmt_ipv4 against printf: every octet value in every position. */
static int ipv4_check(void)
{
    int bad = 0, n = 0;
    for (int pos = 0; pos < 4; pos++)
        for (int v = 0; v < 256; v++) {
            uint8_t a[4] = { 1, 22, 233, 4 };
            a[pos] = (uint8_t)v;
            char got[IPV4_BUF], want[IPV4_BUF];
            size_t len = fmt_ipv4(got, a);
            snprintf(want, sizeof want, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
            n++;
            if (len != strlen(want) || strcmp(got, want) != 0) {
                if (bad < 10)
                    printf("# fmt_ipv4 = \"%s\", printf says \"%s\"\n", got, want);
                bad++;
            }
        }
    printf("%s - fmt_ipv4 writes what printf writes (%d addresses)\n", bad ? "not ok" : "ok", n);
    return bad;
}

/* fmt_frac against printf: seconds and a fraction cut (not rounded) to
 * 1..9 digits, negative times, and a damaged fraction of more than 9 digits. */
static int frac_check(void)
{
    static const long nsecs[] = { 0, 1, 9, 10, 999, 1000, 132000, 999999, 1000000, 123456789, 999999999 };
    int bad = 0, n = 0;
    for (size_t i = 0; i < sizeof nsecs / sizeof nsecs[0]; i++)
        for (int d = 1; d <= 9; d++)
            for (int neg = 0; neg < 2; neg++) {
                int64_t sec = neg ? -3 : 1700000000;
                long ns = nsecs[i];
                char got[64], want[64];
                size_t len = fmt_frac(got, sec, ns, d);
                long cut = ns;
                for (int k = d; k < 9; k++)
                    cut /= 10;
                snprintf(want, sizeof want, "%s%lld.%0*ld", neg ? "-" : "", (long long)(neg ? 3 : sec), d, cut);
                n++;
                if (len != strlen(want) || strcmp(got, want) != 0) {
                    if (bad < 10)
                        printf("# fmt_frac(%lld, %ld, %d) = \"%s\", want \"%s\"\n", (long long)sec, ns, d, got, want);
                    bad++;
                }
            }
    char big[64];
    fmt_frac(big, 0, 1234567890L, 6);         /* a damaged fraction: all its digits, cut as before */
    n++;
    if (strcmp(big, "0.1234567") != 0) {
        printf("# fmt_frac(0, 1234567890, 6) = \"%s\", want \"0.1234567\"\n", big);
        bad++;
    }
    printf("%s - fmt_frac writes the digits printf writes (%d times)\n", bad ? "not ok" : "ok", n);
    return bad;
}

/* File names for the terminal (conns' file column, error lines): control
 * bytes as \xNN, the rest as it is; columns count UTF-8 characters. */
static int name_check(void)
{
    static const struct { const char *name, *shown; size_t cols; } cases[] = {
        { "day/p1.pcap", "day/p1.pcap", 11 },
        { "a\033[31mb", "a\\x1b[31mb", 10 },
        { "tab\there\n", "tab\\x09here\\x0a", 15 },
        { "del\177", "del\\x7f", 7 },
        { "caf\xc3\xa9.pcap", "caf\xc3\xa9.pcap", 9 },       /* UTF-8 stays: one column for two bytes */
        { "back\\slash", "back\\slash", 10 },
        { "", "", 0 },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        size_t n = fmt_name(buf, cases[i].name);
        if (n != strlen(cases[i].shown) || strcmp(buf, cases[i].shown) != 0 || fmt_columns(buf) != cases[i].cols) {
            printf("# fmt_name(case %zu) = \"%s\" (%zu columns), want \"%s\" (%zu)\n", i, buf, fmt_columns(buf),
                   cases[i].shown, cases[i].cols);
            bad++;
        }
    }
    printf("%s - fmt_name escapes control bytes in file names, fmt_columns counts UTF-8 characters\n",
           bad ? "not ok" : "ok");
    return bad;
}

int main(void)
{
    uint64_t p = 1;
    for (int i = 0; i < 20; i++, p *= 10)
        for (int w = 0; w <= 24; w += 3)
            same(p - 1, w), same(p, w), same(p + 1, w);
    for (int w = 0; w <= 24; w += 4)
        same(UINT64_MAX, w), same(UINT32_MAX, w), same((uint64_t)UINT32_MAX + 1, w), same(0, w);
    for (uint64_t v = 0; v < 2000000; v += 3)
        same(v, 0);
    printf("%s - fmt_u64 and fmt_u32 write what printf writes (%d numbers)\n", fails ? "not ok" : "ok", checks);
    int all = fails;
    all += ipv4_check();
    all += frac_check();
    all += name_check();
    return all != 0;
}
