/* One line of a hex dump: offset, 16 bytes in hex, the same bytes as
 * characters with the unprintable ones as '.'. Two layouts: tshark's
 * follow hex (a space more after the eighth byte; `synfin follow`), and
 * print.c's for -x (none there, two spaces before the characters). */
#ifndef SYNFIN_HEXDUMP_H
#define SYNFIN_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>

#define HEXDUMP_LINE 96   /* room for one line, 8 offset digits at most */

enum hexdump_layout { HEXDUMP_FOLLOW, HEXDUMP_PRINT };

/* Write the line for p[0..n) (n <= 16) at offset off, with `digits` (4 to
 * 8) offset digits, into line; returns its length, without a newline. */
size_t hexdump_line(char *line, const uint8_t *p, size_t n, uint64_t off, int digits, enum hexdump_layout layout);

#endif
