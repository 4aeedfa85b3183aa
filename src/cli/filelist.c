#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/filelist.h"
#include "present/out.h"
#include "source/capture.h"

/* path, taken (freed by filelist_free). 0, or 1 out of memory. */
static int add(struct filelist *l, char *path)
{
    char **paths = realloc(l->paths, (size_t)(l->n + 1) * sizeof *paths);
    if (paths)
        l->paths = paths;
    char **shown = realloc(l->shown, (size_t)(l->n + 1) * sizeof *shown);
    if (shown)
        l->shown = shown;
    char *s = path ? malloc(4 * strlen(path) + 1) : NULL;
    if (!paths || !shown || !s) {
        free(path);
        free(s);
        return 1;
    }
    fmt_name(s, path);
    l->paths[l->n] = path;
    l->shown[l->n++] = s;
    return 0;
}

static int by_version(const void *a, const void *b)
{
    return strverscmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *dir, const char *name)
{
    size_t d = strlen(dir);
    while (d > 1 && dir[d - 1] == '/')
        d--;                      /* "day/" and "day" give the same names */
    char *p = malloc(d + strlen(name) + 2);
    if (p)
        sprintf(p, "%.*s/%s", (int)d, dir, name);
    return p;
}

/* The capture files in dir, appended in natural order. */
static int add_dir(struct filelist *l, const char *dir, const char *prog)
{
    char shown_dir[4 * 4096 + 1];
    fmt_name(shown_dir, strlen(dir) > 4096 ? "(a directory)" : dir);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", prog, shown_dir, strerror(errno));
        return 2;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;             /* hidden, as ls and shell globs leave them */
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **more = realloc(names, cap * sizeof *more);
            if (!more) {
                rc = 1;
                break;
            }
            names = more;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = 1;
            break;
        }
        n++;
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, by_version);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = rc ? NULL : join(dir, names[i]);
        free(names[i]);
        if (rc)
            continue;
        struct stat st;
        if (!path) {
            rc = 1;
            continue;
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);           /* subdirectories, sockets, dangling links */
            continue;
        }
        if (capture_sniff_file(path) == 0) {
            char *s = malloc(4 * strlen(path) + 1);
            if (s) {
                fmt_name(s, path);
                fprintf(stderr, "%s: %s: not a capture file (pcap or pcapng, plain or gzip), left out\n", prog, s);
            }
            free(s);
            free(path);
            continue;
        }
        rc = add(l, path);        /* one that cannot be read says so when it is read */
        found += rc == 0;
    }
    free(names);
    if (rc == 0 && found == 0) {
        fprintf(stderr, "%s: %s: no capture file in this directory\n", prog, shown_dir);
        rc = 2;
    }
    return rc;
}

int filelist_expand(struct filelist *l, const char *const *args, int nargs, const char *prog)
{
    memset(l, 0, sizeof *l);
    for (int i = 0; i < nargs; i++) {
        struct stat st;
        int rc;
        if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            l->had_dir = true;
            rc = add_dir(l, args[i], prog);
        } else {
            char *p = strdup(args[i]);
            rc = p ? add(l, p) : 1;
        }
        if (rc) {
            if (rc == 1)
                fprintf(stderr, "%s: out of memory\n", prog);
            filelist_free(l);
            return rc;
        }
    }
    return 0;
}

void filelist_free(struct filelist *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->paths[i]);
        free(l->shown[i]);
    }
    free(l->paths);
    free(l->shown);
    memset(l, 0, sizeof *l);
}
