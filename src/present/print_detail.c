/* -V: the detail tree. Placeholder until the full tree lands. */
#include "present/print.h"

void print_detail(struct out *o, const struct view *v, bool only_tcp)
{
    (void)only_tcp;
    print_summary(o, v, false);
}
