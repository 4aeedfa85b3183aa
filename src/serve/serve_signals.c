#include "serve/serve_signals.h"

#include <signal.h>
#include <stddef.h>
#include <sys/signalfd.h>

int serve_signals_open(void)
{
    sigset_t set;
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    /* Blocked signals stay pending and show up on the signalfd, so a
     * signal at any moment, even before the loop runs, stops the server. */
    if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
        return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}
