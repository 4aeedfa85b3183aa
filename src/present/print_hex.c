/* -x: each frame's bytes as hex and ASCII, 16 a line, as tshark prints them. */
#include "present/hexdump.h"
#include "present/print.h"

size_t hexdump_line(char *line, const uint8_t *p, size_t n, uint64_t off, int digits)
{
    static const char hexdig[] = "0123456789abcdef";
    size_t k = 0;
    for (int s = 4 * (digits - 1); s >= 0; s -= 4)
        line[k++] = hexdig[(off >> s) & 0xf];
    line[k++] = ' ';
    line[k++] = ' ';
    for (size_t i = 0; i < 16; i++) {
        if (i < n) {
            line[k++] = hexdig[p[i] >> 4];
            line[k++] = hexdig[p[i] & 0xf];
        } else {
            line[k++] = ' ';
            line[k++] = ' ';
        }
        line[k++] = ' ';
        if (i == 7)
            line[k++] = ' ';
    }
    line[k++] = ' ';
    for (size_t i = 0; i < n; i++)
        line[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
    return k;
}

void print_hex(struct out *o, const struct frame *f)
{
    char line[HEXDUMP_LINE];
    for (uint32_t off = 0; off < f->caplen; off += 16) {
        size_t n = hexdump_line(line, f->data + off, f->caplen - off < 16 ? f->caplen - off : 16, off, 4);
        line[n++] = '\n';
        out_mem(o, line, n);
    }
    out_char(o, '\n');
}
