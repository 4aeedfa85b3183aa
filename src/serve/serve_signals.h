/* Signal setup shared by serve_main() and serve_spawn()'s child. */
#ifndef SYNFIN_SERVE_SERVE_SIGNALS_H
#define SYNFIN_SERVE_SERVE_SIGNALS_H

/* Ignore SIGPIPE (a client or a log pipe going away is an error return,
 * not death), block SIGINT and SIGTERM and return a signalfd that becomes
 * readable when one arrives: serve_run()'s stop fd. -1 with errno on
 * failure. */
int serve_signals_open(void);

#endif
