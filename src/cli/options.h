/* The command line, in tshark's option letters where the job is the same. */
#ifndef SYNFIN_OPTIONS_H
#define SYNFIN_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "present/print.h"
#include "present/view.h"

struct dfilter;

/* -T: text, fields, json (tshark's array), ek (tshark's Elasticsearch bulk
 * lines), jsonl (synfin's one flat object a line). */
enum output_mode { OUT_SUMMARY, OUT_FIELDS, OUT_JSON, OUT_EK, OUT_JSONL };
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define MAX_STATS 16

struct options {
    const char *read_file;        /* -r: the first */
    const char **read_files;      /* every -r FILE, and (options_parse_many) the operands, in order */
    int nread_files;
    const char *interface;        /* -i */
    const char *filter;           /* -f */
    const char *display_filter;   /* -Y, --display-filter: the text */
    struct dfilter *dfilter;      /* -Y compiled, or NULL: every frame is kept */
    const char *write_file;       /* -w */
    bool print_summary;           /* -P: the summary line even with -w, -q, -V or -x */
    enum output_mode mode;        /* -T */
    bool mode_given;              /* -T was given: its frames print even with -q or -w, as tshark's */
    bool detail;                  /* -V */
    const char *only_proto;       /* -O PROTO: detail of that protocol only */
    bool hex;                     /* -x */
    uint64_t count;               /* -c, 0: no limit */
    uint32_t duration;            /* -a duration:N */
    int snaplen;                  /* -s */
    int buffer_mib;               /* -B */
    const char *user;             /* -Z */
    bool quiet;                   /* -q; also conns and ladder: print no frames */
    bool quiet_given;             /* -q as the user gave it: no progress line either */
    uint32_t linger_s;            /* conns --linger + 1: seconds a closed connection stays (live); 0 default */
    bool list_interfaces;         /* -D */
    enum color_mode color;
    struct fields_format fields;  /* -e and -E */
    struct prefs prefs;
    int nstats;
    const char *stats[MAX_STATS]; /* -z, as given */
};

/* Parse argv. On a usage error prints one line to stderr and returns 2;
 * for --help and --version prints and returns 0 with *done set. */
int options_parse(struct options *o, int argc, char **argv, bool *done);

/* The same, but -r may be given more than once and operands are files to
 * read too (synfin conns), all in o->read_files in command-line order. */
int options_parse_many(struct options *o, int argc, char **argv, bool *done);

void usage_print(void);

/* Free what options_parse allocated (the compiled -Y filter, the file list). */
void options_free(struct options *o);

/* Whether to colour standard output: --color always, or auto on a terminal
 * unless NO_COLOR is set and not empty (no-color.org). */
bool options_use_color(const struct options *o);

#endif
