/* -x: each frame's bytes as hex and ASCII, 16 a line, as tshark prints
 * them (epan/print.c's print_hex_data_buffer), then each further data
 * source of the frame under its title. */
#include "present/fields_frag.h"
#include "present/hexdump.h"
#include "present/print.h"

size_t hexdump_line(char *line, const uint8_t *p, size_t n, uint64_t off, int digits, enum hexdump_layout layout)
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
        if (i == 7 && layout == HEXDUMP_FOLLOW)
            line[k++] = ' ';
    }
    line[k++] = ' ';
    if (layout == HEXDUMP_PRINT)
        line[k++] = ' ';
    for (size_t i = 0; i < n; i++)
        line[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '.';
    return k;
}

/* One data source in print.c's layout, with as many offset digits (4 to
 * 8) as the source's last offset needs. */
static void dump_source(struct out *o, const uint8_t *p, uint32_t len)
{
    int digits = 4;
    while (digits < 8 && len && ((uint64_t)(len - 1) >> (4 * digits)) != 0)
        digits++;
    char line[HEXDUMP_LINE];
    for (uint32_t off = 0; off < len; off += 16) {
        size_t k = hexdump_line(line, p + off, len - off < 16 ? len - off : 16, off, digits, HEXDUMP_PRINT);
        line[k++] = '\n';
        out_mem(o, line, k);
    }
}

void print_hex_block(struct out *o, const uint8_t *p, uint32_t len)
{
    dump_source(o, p, len);
}

/* A frame with one data source is dumped bare; with more, tshark titles
 * each, "Frame (N bytes):" first, then the sources in the order the
 * dissectors added them: the datagram an IP header reassembled (after
 * the frame's bytes, see ipdefrag.h), then the TCP PDU reassembled for
 * HTTP. tshark's later ones (a de-chunked or decompressed HTTP body) are
 * not printed. */
void print_hex(struct out *o, const struct view *v)
{
    const struct frame *f = v->f;
    const struct ip_layer *ip = frag_reassembled_ip(v, 4);
    int version = 4;
    if (!ip)
        ip = frag_reassembled_ip(v, 6), version = 6;
    struct fval pdu;
    bool tcp = field_get(F_TCP_REASSEMBLED_DATA, v, &pdu, 1) == 1;
    if (ip || tcp)
        out_printf(o, "Frame (%u bytes):\n", f->caplen);
    dump_source(o, f->data, f->caplen);
    if (ip) {
        out_printf(o, "Reassembled IPv%d (%u bytes):\n", version, ip->reasm_len);
        dump_source(o, f->data + f->caplen, ip->reasm_len);
    }
    if (tcp) {
        out_printf(o, "Reassembled TCP (%u bytes):\n", pdu.n);
        dump_source(o, pdu.p, pdu.n);
    }
    out_char(o, '\n');
}
