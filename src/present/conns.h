/* `synfin conns`: one row per connection. */
#ifndef SYNFIN_CONNS_H
#define SYNFIN_CONNS_H

#include <stdbool.h>

#include "present/out.h"
#include "track/streams.h"

/* Several files: each row starts with the file it came from (table: a
 * column `width` wide, the name shown with control bytes escaped; JSON: a
 * "file" key first, the name as it is). NULL: no file column. */
struct conns_file {
    const char *name;         /* the path, for JSON */
    const char *shown;        /* the path for the table (fmt_name) */
    int width;                /* the table's file column */
};

void conns_header(struct out *o, const struct conns_file *file);

/* One connection's row, cell by cell, client first ([0] client to server). */
struct conn_cells {
    uint32_t index;
    char client[64], server[64];          /* "ADDR:PORT", "[ADDR6]:PORT" */
    char start[FRAC_BUF], duration[FRAC_BUF];
    uint64_t pkts[2], bytes[2];
    char handshake[40], close[48];
    const char *client_state, *server_state;
    bool client_guessed;                  /* no SYN seen: the first sender */
    const char *service;                  /* Zeek's service, NULL when unset */
    const char *conn_state;               /* Zeek's */
    char history[ZEEK_HISTORY_MAX + 1];
};

void conns_cells(const struct stream *s, struct timespec t0, struct conn_cells *r);

/* One connection; t0 is the capture's first timestamp. json: one object a line. */
void conns_row(struct out *o, const struct stream *s, struct timespec t0, bool json, const struct conns_file *file);

#endif
