/* libFuzzer target: the display-filter compiler and evaluator. The input is
 * a filter's text; when it compiles, it runs on two decoded frames (a SYN
 * with options and a segment carrying an HTTP request), so the evaluator
 * meets every kind of value: integers, addresses, bytes, strings, times. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "present/dfilter.h"

/* Ethernet, IPv4 127.0.0.1 → 127.0.0.1, TCP 55016 → 4000. */
static const uint8_t syn[] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x3c, 0x1c, 0x46, 0x40, 0x00, 0x40, 0x06, 0x20, 0x74, 127, 0, 0, 1, 127, 0, 0, 1,
    0xd6, 0xe8, 0x0f, 0xa0, 0x12, 0x34, 0x56, 0x78, 0, 0, 0, 0, 0xa0, 0x02, 0xff, 0xd7, 0xfe, 0x30, 0, 0,
    0x02, 0x04, 0xff, 0xd7, 0x04, 0x02, 0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0, 0x01, 0x03, 0x03, 0x07,
};
static const uint8_t get[] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00,
    0x45, 0x00, 0x00, 0x3a, 0x1c, 0x47, 0x40, 0x00, 0x40, 0x06, 0x20, 0x75, 127, 0, 0, 1, 127, 0, 0, 1,
    0xd6, 0xe8, 0x0f, 0xa0, 0x12, 0x34, 0x56, 0x79, 0x9a, 0xbc, 0xde, 0xf1, 0x50, 0x18, 0x02, 0x00, 0xfe, 0x2e, 0, 0,
    'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1', '\r', '\n', '\r', '\n',
};

static void run_on(const struct dfilter *df, const uint8_t *bytes, uint32_t n, uint64_t number)
{
    /* The frame in a buffer of its own size, so ASan sees any read past it. */
    uint8_t *copy = malloc(n);
    if (!copy)
        abort();
    memcpy(copy, bytes, n);
    struct frame f;
    memset(&f, 0, sizeof f);
    f.number = number;
    f.ts.tv_sec = 1700000000;
    f.ts.tv_nsec = (long)number * 1000;
    f.caplen = f.len = n;
    f.data = copy;
    f.linktype = 1;
    struct decode_prefs dprefs = { .check_tcp_checksum = false };
    decode_frame(&f, &dprefs);
    struct prefs prefs = { .relative_seq = true, .time_format = TF_RELATIVE };
    struct columns cols = { .built = false };
    struct view v = { .f = &f, .prefs = &prefs, .cols = &cols };
    (void)df_match(df, &v);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = '\0';
    struct df_error err;
    struct dfilter *df = df_compile(text, &err);
    if (df) {
        run_on(df, syn, sizeof syn, 1);
        run_on(df, get, sizeof get, 2);
        df_free(df);
    } else if (err.at > (int)size || err.len < 0 || err.len > (int)size + 1) {
        abort();                   /* a refusal must point inside the text */
    }
    free(text);
    return 0;
}
