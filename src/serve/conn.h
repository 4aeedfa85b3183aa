/* One client connection of the server: reads requests, queues responses,
 * writes them, handles its timeout and closes itself. */
#ifndef SYNFIN_SERVE_CONN_H
#define SYNFIN_SERVE_CONN_H

#include <stdint.h>

struct server;
struct conn;

/* Take over the accepted, non-blocking socket fd: allocate the connection
 * (its buffers are the only memory it uses), arm its deadline and watch it
 * in the loop. Returns 0, or -1 (fd closed) if out of memory or it cannot
 * be watched. */
int conn_open(struct server *srv, int fd);

/* Its deadline passed: answer 408, or close. (server.c finds c from its
 * struct deadline, which is the first member of struct conn.) */
void conn_timeout(struct conn *c);

/* Close the socket and free the connection (kept as a spare for the next
 * one while the server has fewer than CONN_SPARE_MAX). */
void conn_close(struct conn *c);

/* Free the spare connections (when the server stops). */
void conn_free_spares(struct server *srv);

#endif
