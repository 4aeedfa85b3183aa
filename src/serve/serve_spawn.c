/* serve_spawn(): the server in a child process, for `synfin demo`. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "serve/serve.h"
#include "serve/serve_signals.h"

pid_t serve_spawn(const struct serve_config *cfg, int *bound_port, char *err, size_t errlen)
{
    int port;
    int lfd = serve_listen(cfg->host, cfg->port, &port, err, errlen);
    if (lfd < 0)
        return -1;
    if (bound_port)
        *bound_port = port;
    pid_t parent = getpid();
    fflush(NULL);  /* or the child would write the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot fork: %s", strerror(errno));
        close(lfd);
        return -1;
    }
    if (pid > 0) {
        close(lfd);  /* the child serves it; connections queue until it accepts */
        return pid;
    }
    /* Child: never outlive the parent (a demo killed with SIGKILL),
     * unless asked to stay (demo --keep). */
    if (!cfg->outlive_parent) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(0);
    } else {
        setsid();
    }
    int sfd = serve_signals_open();
    if (sfd < 0) {
        fprintf(stderr, "synfin serve: signalfd: %s\n", strerror(errno));
        _exit(1);
    }
    struct serve_config c = *cfg;
    c.port = port;
    int rc = serve_run(lfd, &c, sfd);
    if (c.log)
        fflush(c.log);
    _exit(rc);
}
