/* serve_spawn(): the server in a child process, for `synfin demo`. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "serve/serve.h"
#include "serve/serve_signals.h"

/* One fd that is readable when either is: serve_run() watches a single
 * stop fd, and an epoll fd is readable while any fd in it is. */
static int either_fd(int a, int b)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN };
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, a, &ev) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev) < 0)
        return -1;
    return ep;
}

pid_t serve_spawn(const struct serve_config *cfg, int *bound_port, int *stop_fd, char *err, size_t errlen)
{
    int port;
    int lfd = serve_listen(cfg->host, cfg->port, &port, err, errlen);
    if (lfd < 0)
        return -1;
    if (bound_port)
        *bound_port = port;
    /* The lifeline: the parent holds the write end, the child watches the
     * read end, which turns readable (end of file) once every write end
     * is closed: by serve_stop(), or by the kernel when the parent dies. */
    int life[2] = { -1, -1 };
    if (stop_fd && pipe2(life, O_CLOEXEC) < 0) {
        snprintf(err, errlen, "cannot make a pipe: %s", strerror(errno));
        close(lfd);
        return -1;
    }
    pid_t parent = getpid();
    fflush(NULL);  /* or the child would write the parent's buffered output again */
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, errlen, "cannot fork: %s", strerror(errno));
        close(lfd);
        if (stop_fd)
            close(life[0]), close(life[1]);
        return -1;
    }
    if (pid > 0) {
        close(lfd);  /* the child serves it; connections queue until it accepts */
        if (stop_fd) {
            close(life[0]);
            *stop_fd = life[1];
        }
        return pid;
    }
    /* Child: never outlive the parent (a demo killed with SIGKILL),
     * unless asked to stay (demo --keep). */
    if (stop_fd)
        close(life[1]);  /* or the child's own copy would keep the pipe open */
    if (!cfg->outlive_parent) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent)
            _exit(0);
    } else {
        setsid();
    }
    int sfd = serve_signals_open();
    if (sfd >= 0 && stop_fd)
        sfd = either_fd(sfd, life[0]);
    if (sfd < 0) {
        fprintf(stderr, "synfin serve: cannot watch for the stop: %s\n", strerror(errno));
        _exit(1);
    }
    struct serve_config c = *cfg;
    c.port = port;
    int rc = serve_run(lfd, &c, sfd);
    if (c.log)
        fflush(c.log);
    _exit(rc);
}

int serve_stop(pid_t pid, int stop_fd)
{
    if (stop_fd >= 0)
        close(stop_fd);
    else
        kill(pid, SIGTERM);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
