/* -x: each frame's bytes as hex and ASCII, 16 a line, as tshark prints them. */
#include "present/print.h"

void print_hex(struct out *o, const struct frame *f)
{
    static const char hexdig[] = "0123456789abcdef";
    for (uint32_t off = 0; off < f->caplen; off += 16) {
        char line[80];
        int n = 0;
        for (int s = 12; s >= 0; s -= 4)
            line[n++] = hexdig[(off >> s) & 0xf];
        line[n++] = ' ';
        line[n++] = ' ';
        for (uint32_t i = 0; i < 16; i++) {
            if (off + i < f->caplen) {
                uint8_t b = f->data[off + i];
                line[n++] = hexdig[b >> 4];
                line[n++] = hexdig[b & 0xf];
            } else {
                line[n++] = ' ';
                line[n++] = ' ';
            }
            line[n++] = ' ';
            if (i == 7)
                line[n++] = ' ';
        }
        line[n++] = ' ';
        for (uint32_t i = 0; i < 16 && off + i < f->caplen; i++) {
            uint8_t b = f->data[off + i];
            line[n++] = b >= 0x20 && b < 0x7f ? (char)b : '.';
        }
        line[n++] = '\n';
        out_mem(o, line, (size_t)n);
    }
    out_char(o, '\n');
}
