/* The TCP graphs of the report: time-sequence (tcptrace style), throughput,
 * RTT and window, plain SVG written from C; tgraph_script adds zoom to a
 * time range and the readout of the point under the pointer. */
#ifndef SYNFIN_TCP_GRAPH_H
#define SYNFIN_TCP_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "present/out.h"
#include "present/report_seg.h"

/* The four graphs of one direction of a connection: dir FROM_CLIENT plots the
 * data the client sends and the ACKs/windows/SACKs the server returns
 * (FROM_SERVER the reverse). segs in capture order, times since the
 * connection's start. Writes <div class="tgraphs"> holding four
 * <svg class="graph" data-kind="tseq|tput|rtt|win" data-dir="c2s|s2c"
 * data-stream="N">; each plotted point is an element of class "pt" with
 * data-frame and a <title>. */
void tgraph_svg(struct out *o, const struct rseg *segs, size_t n, int dir, uint32_t stream);

/* Whether any segment sent that way carries data (len > 0). */
bool tgraph_has_data(const struct rseg *segs, size_t n, int dir);

/* Above this many segments in the connection, the secondary series (the win
 * graph's points, the ACK, window and in-flight lines) keep at most one
 * vertex per plot unit; the data points (one per data segment) are all kept. */
enum { TGRAPH_THIN_ABOVE = 20000 };

extern const char tgraph_style[];    /* CSS, inlined once by the report */
/* JS, inlined once by the report: an IIFE whose one global is
 * window.synfinGraph = { scan(root) }; it sets up the graphs present when the
 * DOM is ready, and scan(root) sets up graphs inserted later (each once). */
extern const char tgraph_script[];

#endif
