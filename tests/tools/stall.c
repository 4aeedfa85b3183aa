/* Test helper for tests/t_live.sh: look at a running command from outside
 * while it is held still, as a slow terminal would hold it.
 *
 *   stall [-s SIGNAL] OUT CMD [ARG...]
 *     runs CMD with its stdout into a pipe of one page (4 KiB), reading
 *     nothing until CMD is blocked writing to it (/proc/PID/syscall: in
 *     write(1, ...)). Then prints what /proc shows of it:
 *       held BYTES                (what CMD had written: all in the pipe)
 *       uid REAL EFFECTIVE SAVED FS
 *       capeff HEX
 *       child PID STATE           (one line per child process)
 *     sends SIGNAL (a number) to CMD alone if asked, reads the rest of its
 *     stdout into OUT, waits for it and prints
 *       exit STATUS | signal N
 *       child PID gone|alive      (the children seen above, at that moment)
 *       total BYTES               (all CMD wrote)
 *     If CMD ends first, "held" is "held none". Gives up after 60 s.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void show_status(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        unsigned a, b, c, d;
        char hex[32];
        if (sscanf(line, "Uid: %u %u %u %u", &a, &b, &c, &d) == 4)
            printf("uid %u %u %u %u\n", a, b, c, d);
        else if (sscanf(line, "CapEff: %31s", hex) == 1)
            printf("capeff %s\n", hex);
    }
    fclose(f);
}

/* Is pid asleep in write(1, ...)? */
static bool blocked_writing_stdout(pid_t pid)
{
    char path[64], buf[128];
    snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    bool yes = fgets(buf, sizeof buf, f) && strncmp(buf, "1 0x1 ", 6) == 0;
    fclose(f);
    return yes;
}

static char child_state(int pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');          /* the name may hold spaces */
    return p && p[1] == ' ' ? p[2] : '?';
}

int main(int argc, char **argv)
{
    int sig = 0, a = 1;
    if (argc > 2 && strcmp(argv[1], "-s") == 0)
        sig = atoi(argv[2]), a = 3;
    if (argc - a < 2) {
        fprintf(stderr, "usage: stall [-s SIGNAL] OUT CMD [ARG...]\n");
        return 2;
    }
    FILE *out = fopen(argv[a], "w");
    int p[2];
    if (!out || pipe(p) < 0) {
        perror("stall");
        return 1;
    }
    fcntl(p[0], F_SETPIPE_SZ, 4096);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(p[1], 1);
        close(p[0]), close(p[1]);
        execvp(argv[a + 1], argv + a + 1);
        _exit(127);
    }
    close(p[1]);

    /* Wait until it is held in a write, or for the command to end. A pipe
     * of one page can hold it with less than a page queued (a write that
     * does not fit waits), so ask the kernel where it sleeps. */
    int queued = 0, st = 0;
    bool ended = false, held = false;
    for (int i = 0; i < 6000 && !held; i++) {
        if (ioctl(p[0], FIONREAD, &queued) == 0 && queued > 0 && blocked_writing_stdout(pid)) {
            held = true;
            break;
        }
        if (waitpid(pid, &st, WNOHANG) == pid) {
            ended = true;
            break;
        }
        nanosleep(&(struct timespec){ 0, 10000000 }, NULL);
    }
    int kids[16], nkids = 0;
    if (held) {
        printf("held %d\n", queued);
        show_status(pid);
        char path[64];
        snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid, (int)pid);
        FILE *f = fopen(path, "r");
        while (f && nkids < 16 && fscanf(f, "%d", &kids[nkids]) == 1) {
            printf("child %d %c\n", kids[nkids], child_state(kids[nkids]));
            nkids++;
        }
        if (f)
            fclose(f);
        if (sig)
            kill(pid, sig);
    } else {
        printf("held none\n");
    }
    fflush(stdout);

    char buf[4096];
    long total = 0;
    ssize_t n;
    while ((n = read(p[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            fwrite(buf, 1, (size_t)n, out), total += n;
    fclose(out);
    if (!ended)
        waitpid(pid, &st, 0);
    if (WIFEXITED(st))
        printf("exit %d\n", WEXITSTATUS(st));
    else
        printf("signal %d\n", WTERMSIG(st));
    for (int i = 0; i < nkids; i++) {
        char path[64];
        struct stat sb;
        snprintf(path, sizeof path, "/proc/%d", kids[i]);
        printf("child %d %s\n", kids[i], stat(path, &sb) == 0 ? "alive" : "gone");
    }
    printf("total %ld\n", total);
    return 0;
}
