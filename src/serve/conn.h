/* One client connection of the server: reads requests, queues responses,
 * writes them, handles its timeout and closes itself. */
#ifndef SYNFIN_SERVE_CONN_H
#define SYNFIN_SERVE_CONN_H

#include <stdint.h>

struct server;
struct conn;

/* Take over the accepted, non-blocking socket fd: allocate the connection
 * (its buffers are the only memory it uses), watch it in the loop and arm
 * its deadline. Returns 0, or -1 (fd closed) if out of memory. */
int conn_open(struct server *srv, int fd);

/* Its deadline passed: answer 408, or close. (server.c finds c from its
 * struct deadline, which is the first member of struct conn.) */
void conn_timeout(struct conn *c);

/* Close the socket and free the connection. */
void conn_close(struct conn *c);

#endif
