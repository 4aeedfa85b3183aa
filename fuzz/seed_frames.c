/* Seeds for fuzz_decode: every frame of the capture files named on the
 * command line, as fuzz_decode reads its input (the link type as a raw DLT
 * number with the top bit set, a flags byte, the frame), one file each in
 * OUTDIR, named FILE-FRAME. Built like the fuzz targets, by fuzz/seeds.sh.
 *   seed_frames OUTDIR CAPTURE... */
#include <stdio.h>
#include <string.h>

#include "source/capture.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: seed_frames OUTDIR CAPTURE...\n", stderr);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        struct capture cap;
        if (capture_open_file(&cap, argv[i], NULL, false) < 0)
            continue;
        const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        struct frame f;
        while (capture_next(&cap, &f) == 1 && f.number <= 200) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s-%llu", argv[1], base, (unsigned long long)f.number);
            FILE *out = fopen(path, "wb");
            if (!out)
                return 1;
            unsigned char head[3] = { (unsigned char)(0x80 | ((f.linktype >> 8) & 0x7f)), (unsigned char)f.linktype,
                                      f.caplen < f.len ? 1 : 0 };
            fwrite(head, 1, 3, out);
            fwrite(f.data, 1, f.caplen, out);
            fclose(out);
        }
        capture_close(&cap);
    }
    return 0;
}
