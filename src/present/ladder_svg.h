/* The ladder diagram as SVG: client and server as two vertical lines, one
 * arrow per segment slanted by its timing (idle gaps folded), labelled as
 * the text ladder labels it and coloured by Wireshark's rule, with each
 * endpoint's RFC 9293 state written along its line where it changes, lost
 * segments drawn as arrows that stop short, and optionally each segment's
 * explanation beside it. For `synfin ladder --svg` and the HTML report. */
#ifndef SYNFIN_LADDER_SVG_H
#define SYNFIN_LADDER_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "present/explain.h"
#include "present/out.h"
#include "present/report_seg.h"

struct ladder_svg_opts {
    const char *client, *server;   /* "client 127.0.0.1:54321", "server 127.0.0.1:4000" (ladder_endpoints) */
    bool standalone;               /* a whole SVG file: XML prolog, xmlns, its own <style>, light background */
    bool explain;                  /* the explanation sentence beside each arrow it applies to */
    enum lang lang;
};

/* <svg class="ladder"> with one <g class="seg" data-frame="F" data-i="K">
 * per segment (K its index in segs). */
void ladder_svg(struct out *o, const struct rseg *segs, size_t n, const struct ladder_svg_opts *opt);

/* The CSS for the classes ladder_svg writes (light, and dark under
 * prefers-color-scheme), for a page to inline once. */
extern const char ladder_svg_style[];

#endif
