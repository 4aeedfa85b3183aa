/* The progress line's text (cli/progress.c): pv's fields, a bar that fills
 * what the terminal's width leaves, never wider than the width less one,
 * printable ASCII only, and the unsized form (a pipe) without percent. */
#include <stdio.h>
#include <string.h>

#include "cli/progress.h"

static int fails;

static void expect(bool ok, const char *what, const char *got)
{
    printf("%s - %s (got '%s')\n", ok ? "ok" : "not ok", what, got);
    fails += !ok;
}

static bool printable(const char *s)
{
    for (; *s; s++)
        if (*s < 0x20 || *s > 0x7e)
            return false;
    return true;
}

int main(void)
{
    char b[512];
    size_t n;

    n = progress_format(b, 80, 2.0, 1234567, 43, 100);
    expect(n == 79 && strlen(b) == 79, "80 columns: the bar makes the line 79 long", b);
    expect(strncmp(b, " 43% [", 6) == 0, "80 columns: the percent first, then the bar", b);
    expect(strstr(b, "] 1.2M frames  617k frames/s  ETA 0:03") && b[n - 1] == '3',
           "80 columns: frames, frames a second, and the time left at the average speed", b);
    expect(strstr(b, "=>") && !strstr(b, "> =") && printable(b), "80 columns: '=' then '>' then spaces", b);

    n = progress_format(b, 30, 2.0, 1234567, 43, 100);
    expect(n == 29 && strncmp(b, " 43% 1.2M frames  617k frames", 29) == 0, "30 columns: no bar, cut at 29", b);

    n = progress_format(b, 1, 2.0, 1234567, 43, 100);
    expect(n <= 1, "1 column: nothing wider", b);

    n = progress_format(b, 5000, 2.0, 1234567, 43, 100);
    expect(n < 5000 && n < sizeof b && printable(b), "5000 columns: bounded", b);

    progress_format(b, 80, 2.0, 1234567, 100, 100);
    expect(strncmp(b, "100% [=", 7) == 0 && !strchr(b, '>') && strstr(b, "ETA 0:00"), "done: a full bar", b);

    progress_format(b, 80, 0.5, 10, 0, 100);
    expect(strncmp(b, "  0% [>", 7) == 0 && strstr(b, "ETA ?"), "nothing read yet: no time left to say", b);

    progress_format(b, 80, 1.0, 5, 1, 10000);
    expect(strstr(b, "5 frames  5 frames/s  ETA 2:46:39") != NULL, "hours: H:MM:SS", b);

    n = progress_format(b, 80, 5.0, 999, 0, 0);
    expect(strcmp(b, "999 frames  200 frames/s  0:05") == 0, "no size: frames, rate and time so far", b);

    progress_format(b, 80, 1.0, 1000, 200, 100);
    expect(!strchr(b, '%') && strstr(b, "1.0k frames  1.0k frames/s  0:01"), "read past the size: as unsized", b);

    progress_format(b, 80, 1.0, 999500, 0, 0);
    expect(strncmp(b, "1.0M frames  1.0M frames/s", 26) == 0, "999,500 rounds to 1.0M, not 1000k", b);
    progress_format(b, 80, 1.0, 12345678901ULL, 0, 0);
    expect(strncmp(b, "12G frames", 10) == 0, "billions: G", b);

    return fails != 0;
}
