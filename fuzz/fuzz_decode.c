/* libFuzzer target: the frame decoder alone. The input is a link type,
 * a flags byte and a frame (see frame_input.h). The decoded frame then goes
 * through the summary columns, every registered field and the detail view,
 * without tracking. */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decode/decode.h"
#include "frame_input.h"
#include "present/fields.h"
#include "present/print.h"

static struct out sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink.fd) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd < 0)
            abort();
        out_init(&sink, fd);
    }
    struct frame_input in;
    if (!frame_input_read(data, size, &in))
        return 0;
    /* The frame in a buffer of its own size, so ASan sees any read past it. */
    uint8_t *bytes = malloc(in.caplen ? in.caplen : 1);
    if (!bytes)
        abort();
    memcpy(bytes, in.bytes, in.caplen);
    struct frame f;
    memset(&f, 0, sizeof f);
    f.number = 1;
    f.ts.tv_sec = 1700000000;
    f.caplen = in.caplen;
    f.len = in.len;
    f.data = bytes;
    f.linktype = in.dlt;
    struct decode_prefs dprefs = { .check_tcp_checksum = in.check_checksum };
    decode_frame(&f, &dprefs);

    struct prefs prefs = { .check_tcp_checksum = in.check_checksum, .relative_seq = true, .time_format = TF_RELATIVE };
    struct columns cols = { .built = false };
    struct view v = { .f = &f, .prefs = &prefs, .cols = &cols };
    columns_build(&v);
    struct fval vals[MAX_OCCURRENCES];
    for (int i = 0; i < FIELD_COUNT; i++) {
        int n = field_get(i, &v, vals, MAX_OCCURRENCES);
        for (int k = 0; k < n; k++)
            field_write(&sink, &fields[i], &vals[k]);
    }
    print_detail(&sink, &v, false);
    sink.len = 0;                  /* nothing need reach /dev/null */
    free(bytes);
    return 0;
}
