/* The capture files a command line names: files as given, and directories
 * read as every capture file in them, in natural name order. */
#ifndef SYNFIN_FILELIST_H
#define SYNFIN_FILELIST_H

#include <stdbool.h>

struct filelist {
    char **paths;             /* to open */
    char **shown;             /* for messages and the file column: control bytes escaped */
    int n;
    bool had_dir;             /* a directory was given */
};

/* Each argument is a file, kept as given (a missing or unreadable one is
 * reported when it is read), or a directory: its regular files (symbolic
 * links followed, not its subdirectories, not its hidden files), sorted as
 * `ls -v` does (strverscmp: part2 before part10), those that do not start
 * as a capture file (pcap or pcapng, plain or gzip) left out with one
 * warning line on stderr each. Returns 0; or 2 after one line on stderr
 * (a directory that cannot be read, or with no capture file in it), or 1
 * (out of memory). prog starts the lines. */
int filelist_expand(struct filelist *l, const char *const *args, int nargs, const char *prog);

void filelist_free(struct filelist *l);

#endif
