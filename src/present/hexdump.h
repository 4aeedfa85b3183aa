/* One line of a hex dump in the layout of tshark's follow hex: offset, 16
 * bytes in hex (a space more after the eighth), the same bytes as
 * characters with the unprintable ones as '.'. `synfin follow` prints
 * it; -x has print.c's layout (print_hex.c). */
#ifndef SYNFIN_HEXDUMP_H
#define SYNFIN_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>

#define HEXDUMP_LINE 96   /* room for one line, 8 offset digits at most */

/* Write the line for p[0..n) (n <= 16) at offset off, with `digits` (4 or
 * 8) offset digits, into line; returns its length, without a newline. */
size_t hexdump_line(char *line, const uint8_t *p, size_t n, uint64_t off, int digits);

#endif
