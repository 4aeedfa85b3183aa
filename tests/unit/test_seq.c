/* Sequence-number comparison (track/seq.h) against Wireshark's macros,
 * written out here as packet-tcp.c has them, over the edges of 2^32. */
#include <stdio.h>

#include "track/seq.h"

#define WS_GT_SEQ(x, y) ((int32_t)((y) - (x)) < 0)
#define WS_LT_SEQ(x, y) ((int32_t)((x) - (y)) < 0)
#define WS_GE_SEQ(x, y) ((int32_t)((y) - (x)) <= 0)
#define WS_LE_SEQ(x, y) ((int32_t)((x) - (y)) <= 0)

int main(void)
{
    static const uint32_t v[] = { 0, 1, 2, 1000, 0x7ffffffe, 0x7fffffff, 0x80000000, 0x80000001,
                                  0xfffffffe, 0xffffffff };
    int n = sizeof v / sizeof v[0], bad = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            uint32_t x = v[i], y = v[j];
            bad += seq_gt(x, y) != WS_GT_SEQ(x, y) || seq_lt(x, y) != WS_LT_SEQ(x, y) ||
                   seq_ge(x, y) != WS_GE_SEQ(x, y) || seq_le(x, y) != WS_LE_SEQ(x, y);
        }
    printf("%s - seq_gt/lt/ge/le agree with Wireshark's GT/LT/GE/LE_SEQ on %d pairs\n", bad ? "not ok" : "ok", n * n);
    int wrap = seq_lt(0xfffffff0u, 0x10) && seq_gt(0x10, 0xfffffff0u) && seq_diff(0x10, 0xfffffff0u) == 0x20;
    printf("%s - across the wrap: 0xfffffff0 is 32 before 0x10\n", wrap ? "ok" : "not ok");
    return bad || !wrap;
}
