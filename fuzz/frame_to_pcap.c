/* Turn fuzz_decode inputs into classic pcap files of one frame, so that a
 * crash fuzz_decode finds can be replayed by synfin itself (tests/crashes).
 *   frame_to_pcap INPUT OUTPUT.pcap
 * The frame keeps its link type and lengths; the checksum flag is not kept
 * (t_crashes.sh runs every file with and without tcp.check_checksum). */
#include <stdio.h>
#include <stdlib.h>

#include "frame_input.h"

static void put32(FILE *f, uint32_t v) { fwrite(&v, 4, 1, f); }
static void put16(FILE *f, uint16_t v) { fwrite(&v, 2, 1, f); }

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: frame_to_pcap INPUT OUTPUT.pcap\n", stderr);
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    static uint8_t data[1 << 20];
    size_t size = fread(data, 1, sizeof data, in);
    fclose(in);
    struct frame_input fi;
    if (!frame_input_read(data, size, &fi)) {
        fprintf(stderr, "%s: too short for a fuzz_decode input\n", argv[1]);
        return 2;
    }
    FILE *out = fopen(argv[2], "wb");
    if (!out) {
        perror(argv[2]);
        return 1;
    }
    put32(out, 0xa1b2c3d4);             /* microseconds, our byte order */
    put16(out, 2), put16(out, 4);
    put32(out, 0), put32(out, 0);
    put32(out, 262144), put32(out, (uint32_t)fi.dlt);
    put32(out, 1700000000), put32(out, 0);
    put32(out, fi.caplen), put32(out, fi.len);
    fwrite(fi.bytes, 1, fi.caplen, out);
    return fclose(out) == 0 ? 0 : 1;
}
