#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/options.h"
#include "cli/version.h"
#include "present/dfilter.h"
#include "present/fields.h"
#include "present/stats.h"
#include "source/capture.h"


void usage_print(void)
{
    fputs(
        "synfin " SYNFIN_VERSION ": watch TCP connections open and close.\n"
        "\n"
        "Usage: synfin [options]                   capture or read, and print each frame\n"
        "       synfin conns [options]             one row per connection (conns --help)\n"
        "       synfin ladder -r FILE [--stream N] one connection as a ladder diagram (ladder --help)\n"
        "       synfin follow -r FILE | -i IFACE   the conversations' bytes with their steps (follow --help)\n"
        "       synfin report -r FILE -w PAGE      one HTML page about a capture (report --help)\n"
        "       synfin demo [--port P] [--lang L]  the classic experiment in one command (demo --help)\n"
        "       synfin serve [--host H] [--port P] the classic hello HTTP server (serve --help)\n"
        "\n"
        "Input:\n"
        "  -r FILE        read a capture file: pcap or pcapng, plain or gzip; - for stdin;\n"
        "                 one (synfin conns reads several, and directories)\n"
        "                 (from a pipe, each frame's output goes out before a wait for more)\n"
        "                 (stderr on a terminal: a read over a second shows a progress line\n"
        "                 there as pv does, percent, frames/s, time left, erased at the\n"
        "                 end; not when the frames print on that terminal, nor with -q)\n"
        "  -i IFACE       capture live (default lo); each segment shows within 0.1 s;\n"
        "                 -D lists interfaces\n"
        "  -f FILTER      BPF filter (libpcap syntax); on a file, frame numbers stay the file's\n"
        "                 (compiled for each link type a pcapng file's interfaces have)\n"
        "  -Y FILTER      display filter (Wireshark's language): print and -w only the frames\n"
        "                 it keeps, e.g. -Y 'tcp.flags.syn == 1 && tcp.port == 80'; every\n"
        "                 frame is still analysed (tcp.analysis.* as tshark in one pass)\n"
        "  -c N           stop after N frames read (kept by -Y or not, as tshark);\n"
        "                 -a duration:N  after N seconds\n"
        "  -w FILE        write the capture as pcap, and print no frames (but with -P, -V,\n"
        "                 -x or a -T other than json, as tshark); frames of another link\n"
        "                 type than a pcapng file's first interface's are left out, and\n"
        "                 counted\n"

        "  -s SNAPLEN     snapshot length;  -B MiB  kernel buffer (default 32); drops\n"
        "                 are said on stderr as they happen and in the closing count\n"
        "  -Z USER        user to become after opening a live capture as root (default nobody)\n"
        "\n"
        "Output (as tshark):\n"
        "  (default)      one summary line a frame: No. Time Source Destination Protocol\n"
        "                 Length Info, then the segment's step (handshake 1/3 ... teardown 4/4)\n"
        "                 and both endpoints' TCP states after it\n"
        "  -q             no line a frame (but with -P, -V, -x or -T, as tshark): only\n"
        "                 the statistics (-z) and counts at the end\n"
        "                 (live); no progress line either\n"
        "  -V             the detail tree of each frame (frame, link, IP, TCP), instead\n"
        "                 of the summary line\n"
        "  -O tcp         the detail tree with only TCP expanded\n"
        "  -x             hex and ASCII dump of each frame, instead of the summary line\n"
        "                 (after the tree with -V)\n"
        "  -P, --print    the summary line too: above -V's tree, above -x's dump (a\n"
        "                 blank line between), and with -w or -q; -V and -x print with\n"
        "                 -w or -q as well (as tshark)\n"
        "  -T fields      the fields named with -e, tab separated\n"
        "  -T json        tshark's JSON: an array of {\"_index\", ..., \"_source\": {\"layers\":\n"
        "                 {\"frame\": {...}, \"eth\": ..., \"tcp\": {...}}}}, subtrees and values\n"
        "                 (strings) as tshark 4.0's, for the fields synfin has; with -e:\n"
        "                 \"layers\": {\"tcp.srcport\": [\"43704\"], ...}, every occurrence\n"
        "  -T ek          tshark's Elasticsearch bulk lines: an index line, then the\n"
        "                 frame's {\"timestamp\", \"layers\"} line (keys as tcp_tcp_srcport)\n"
        "  -T jsonl       one flat JSON object a frame a line (jq streams it, ClickHouse's\n"
        "                 FORMAT JSONEachRow loads it); keys are Wireshark field names,\n"
        "                 integers and times JSON numbers, a repeated field an array\n"
        "  -e FIELD       a field for -T fields, json or ek (tcp.seq, ip.src, _ws.col.Info,\n"
        "                 ...); also synfin.step, synfin.state.client, synfin.state.server\n"
        "  -G fields      list every field -e and -Y take: name, label, type (tab-separated)\n"
        "  -z STAT        statistics at the end, as tshark prints them (with -q: only them);\n"
        "                 conv,tcp[,FILTER]  endpoints,tcp[,FILTER]  io,stat,SECS[,FILTER]...\n"
        "                 (SECS 0: the whole capture)  expert[,error|warn|note|chat][,FILTER]\n"
        "                 follow,tcp,ascii|hex|raw,N|ADDR:PORT,ADDR:PORT[,CHUNKS]: one TCP\n"
        "                 stream's data reassembled (N: tcp.stream; [ADDR]:PORT for IPv6;\n"
        "                 CHUNKS: M or M-N), the second side's chunks indented;\n"
        "                 the times of conv,tcp and io,stat follow -t\n"
        "  -E header=y|n  separator=/t|/s|C  occurrence=f|l|a  aggregator=C  quote=d|s|n\n"
        "  -t FORMAT      time, as tshark: r relative (default), d delta, dd delta shown,\n"
        "                 e epoch, a local time, ad with the date, adoy with year/day,\n"
        "                 u ud udoy the same in UTC; also for -z: conv,tcp's Start\n"
        "                 (wall clock to the second, or epoch), io,stat's rows (when\n"
        "                 each interval starts; io,stat refuses d, dd and e, as tshark)\n"
        "  -n             no name resolution (synfin never resolves names)\n"
        "  -o PREF:VALUE  tcp.check_checksum:TRUE|FALSE (default FALSE, as Wireshark),\n"
        "                 tcp.relative_sequence_numbers:TRUE|FALSE (default TRUE)\n"
        "  --color=auto|always|never\n"
        "                 colour SYN/FIN and RST lines as Wireshark does (auto: on a terminal)\n"
        "  -h, --help     this help;  -v, --version  the version and the libraries it runs with\n"
        "\n"
        "Exit status: 0 done, 1 runtime failure, 2 bad usage or an unreadable file.\n",
        stdout);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("synfin: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see synfin --help)\n", stderr);
    return 2;
}

static int set_pref(struct options *o, const char *arg)
{
    const char *colon = strchr(arg, ':');
    if (!colon)
        return usage_error("-o '%s': expected PREF:VALUE", arg);
    size_t n = (size_t)(colon - arg);
    const char *val = colon + 1;
    bool on;
    if (strcasecmp(val, "TRUE") == 0 || strcmp(val, "1") == 0)
        on = true;
    else if (strcasecmp(val, "FALSE") == 0 || strcmp(val, "0") == 0)
        on = false;
    else
        return usage_error("-o '%s': value must be TRUE or FALSE", arg);
    if (n == strlen("tcp.check_checksum") && strncmp(arg, "tcp.check_checksum", n) == 0)
        o->prefs.check_tcp_checksum = on;
    else if (n == strlen("tcp.relative_sequence_numbers") &&
             strncmp(arg, "tcp.relative_sequence_numbers", n) == 0)
        o->prefs.relative_seq = on;
    else if (strncmp(arg, "tcp.", 4) == 0 || strncmp(arg, "ip.", 3) == 0)
        ;   /* other Wireshark preferences: accepted, no effect */
    else
        return usage_error("-o '%s': unknown preference", arg);
    return 0;
}

static int set_E(struct options *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq)
        return usage_error("-E '%s': expected NAME=VALUE", arg);
    const char *val = eq + 1;
    size_t n = (size_t)(eq - arg);
    if (strncmp(arg, "header", n) == 0 && n == 6) {
        o->fields.header = val[0] == 'y' || val[0] == 'Y';
    } else if (strncmp(arg, "separator", n) == 0 && n == 9) {
        if (strcmp(val, "/t") == 0)
            o->fields.separator = '\t';
        else if (strcmp(val, "/s") == 0)
            o->fields.separator = ' ';
        else if (strlen(val) == 1)
            o->fields.separator = val[0];
        else
            return usage_error("-E '%s': separator must be /t, /s or one character", arg);
    } else if (strncmp(arg, "occurrence", n) == 0 && n == 10) {
        if (strcmp(val, "f") && strcmp(val, "l") && strcmp(val, "a"))
            return usage_error("-E '%s': occurrence must be f, l or a", arg);
        o->fields.occurrence = val[0];
    } else if (strncmp(arg, "aggregator", n) == 0 && n == 10) {
        o->fields.aggregator = strcmp(val, "/s") == 0 ? ' ' : val[0];
    } else if (strncmp(arg, "quote", n) == 0 && n == 5) {
        o->fields.quote = val[0];
    } else {
        return usage_error("-E '%s': unknown option", arg);
    }
    return 0;
}

/* A decimal count. On an error: one line, 2, and *out is 0 (never unset). */
static int parse_count(const char *s, uint64_t *out, const char *what)
{
    char *end;
    *out = 0;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-' || s[0] == '+' || s[0] == ' ') {
        fprintf(stderr, "synfin: %s '%s': not a number (see synfin --help)\n", what, s);
        return 2;
    }
    if (errno == ERANGE) {
        fprintf(stderr, "synfin: %s '%s': number too large (see synfin --help)\n", what, s);
        return 2;
    }
    *out = v;
    return 0;
}

/* -Y, once: a refusal is said as tshark says it, and is a usage error. */
static int compile_display_filter(struct options *o)
{
    if (!o->display_filter)
        return 0;
    struct df_error err;
    o->dfilter = df_compile(o->display_filter, &err);
    if (!o->dfilter) {
        df_error_print(stderr, o->display_filter, &err);
        if (capture_filter_compiles(o->display_filter))
            fputs("  Note: That read filter code looks like a valid capture filter;\n"
                  "        maybe you mixed them up?\n", stderr);
        return 2;
    }
    return 0;
}

/* Another file to read, in command-line order. */
static int add_read_file(struct options *o, const char *path)
{
    const char **more = realloc(o->read_files, (size_t)(o->nread_files + 1) * sizeof *more);
    if (!more) {
        fputs("synfin: out of memory\n", stderr);
        return 1;
    }
    o->read_files = more;
    o->read_files[o->nread_files++] = path;
    o->read_file = o->read_files[0];
    return 0;
}

static int parse(struct options *o, int argc, char **argv, bool *done, bool many)
{
    memset(o, 0, sizeof *o);
    o->fields.separator = '\t';
    o->fields.occurrence = 'a';
    o->fields.aggregator = ',';
    o->prefs.relative_seq = true;
    o->prefs.data_dump = true;
    o->prefs.time_format = TF_RELATIVE;
    o->snaplen = 262144;
    *done = false;
    static const struct option longopts[] = {
        { "help", no_argument, 0, 'h' },
        { "version", no_argument, 0, 'v' },
        { "color", required_argument, 0, 1000 },
        { "colour", required_argument, 0, 1000 },
        { "display-filter", required_argument, 0, 'Y' },
        { "print", no_argument, 0, 'P' },
        { 0, 0, 0, 0 },
    };
    optind = 1;
    opterr = 0;
    int c;
    uint64_t num;
    /* "-": operands come in order, as option 1, among the options. */
    while ((c = getopt_long(argc, argv, "-:r:i:f:Y:w:PT:VO:xc:a:s:B:Z:De:E:G:nt:o:qz:hv", longopts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (o->nread_files && !many)
                return usage_error("-r '%s': one file at a time (synfin conns reads several)", optarg);
            if (add_read_file(o, optarg))
                return 1;
            break;
        case 1:
            if (!many)
                return usage_error("unexpected argument '%s'", optarg);
            if (add_read_file(o, optarg))
                return 1;
            break;
        case 'i': o->interface = optarg; break;
        case 'f': o->filter = optarg; break;
        case 'Y': o->display_filter = optarg; break;
        case 'w': o->write_file = optarg; break;
        case 'q': o->quiet = o->quiet_given = true; break;
        case 'P': o->print_summary = true; break;
        case 'T':
            o->mode_given = true;
            if (strcmp(optarg, "fields") == 0) o->mode = OUT_FIELDS;
            else if (strcmp(optarg, "json") == 0) o->mode = OUT_JSON;
            else if (strcmp(optarg, "ek") == 0) o->mode = OUT_EK;
            else if (strcmp(optarg, "jsonl") == 0) o->mode = OUT_JSONL;
            else if (strcmp(optarg, "text") == 0) o->mode = OUT_SUMMARY;
            else return usage_error("-T '%s': expected fields, json, ek, jsonl or text", optarg);
            break;
        case 'V': o->detail = true; break;
        case 'O':
            if (strcmp(optarg, "tcp") != 0)
                return usage_error("-O '%s': only tcp is supported", optarg);
            o->detail = true;
            o->only_proto = optarg;
            break;
        case 'x': o->hex = true, o->prefs.data_dump = false; break;
        case 'c':
            if (parse_count(optarg, &o->count, "-c"))
                return 2;
            break;
        case 'a':
            if (strncmp(optarg, "duration:", 9) != 0)
                return usage_error("-a '%s': expected duration:SECONDS", optarg);
            if (parse_count(optarg + 9, &num, "-a duration"))
                return 2;
            if (num == 0 || num > 86400 * 365)
                return usage_error("-a '%s': duration must be 1 to 31536000 seconds (a year)", optarg);
            o->duration = (uint32_t)num;
            break;
        case 's':
            if (parse_count(optarg, &num, "-s"))
                return 2;
            o->snaplen = num == 0 || num > 262144 ? 262144 : (int)num;
            break;
        case 'B':
            if (parse_count(optarg, &num, "-B"))
                return 2;
            if (num == 0 || num > 2047)
                return usage_error("-B '%s': buffer must be 1 to 2047 MiB", optarg);
            o->buffer_mib = (int)num;
            break;
        case 'Z': o->user = optarg; break;
        case 'D': o->list_interfaces = true; break;
        case 'e': {
            int id = field_lookup(optarg);
            if (id < 0)
                return usage_error("-e '%s': unknown field", optarg);
            if (o->fields.nfields == MAX_FIELDS)
                return usage_error("-e '%s': too many fields", optarg);
            o->fields.field_ids[o->fields.nfields++] = id;
            break;
        }
        case 'E':
            if (set_E(o, optarg))
                return 2;
            break;
        case 'n': break;
        case 'z': {
            char why[160];
            if (!stats_check(optarg, why, sizeof why)) {
                fprintf(stderr, "synfin: -z '%s': %s (see synfin --help)\n", optarg, why);
                return 2;
            }
            if (o->nstats == MAX_STATS)
                return usage_error("-z '%s': too many statistics", optarg);
            o->stats[o->nstats++] = optarg;
            break;
        }
        case 't':
            if (!time_fmt_parse(optarg, &o->prefs.time_format))
                return usage_error("-t '%s': expected r, d, dd, e, a, ad, adoy, u, ud or udoy", optarg);
            break;
        case 'o':
            if (set_pref(o, optarg))
                return 2;
            break;
        case 1000:
            if (strcmp(optarg, "auto") == 0) o->color = COLOR_AUTO;
            else if (strcmp(optarg, "always") == 0) o->color = COLOR_ALWAYS;
            else if (strcmp(optarg, "never") == 0) o->color = COLOR_NEVER;
            else return usage_error("--color '%s': expected auto, always or never", optarg);
            break;
        case 'G':
            if (strcmp(optarg, "fields") != 0)
                return usage_error("-G '%s': only fields is supported", optarg);
            for (int i = 0; i < FIELD_COUNT; i++)
                printf("%s\t%s\t%s\n", fields[i].name, fields[i].label, field_type_codes[fields[i].type]);
            *done = true;
            return 0;
        case 'h': usage_print(); *done = true; return 0;
        case 'v': version_print(); *done = true; return 0;
        case ':': {
            char opt[3] = { '-', (char)optopt, 0 };
            return usage_error("%s needs an argument", opt);
        }
        default: {
            if (optopt) {
                char opt[3] = { '-', (char)optopt, 0 };
                return usage_error("unknown option %s", opt);
            }
            return usage_error("unknown option %s", argv[optind - 1]);
        }
        }
    }
    if (optind < argc)      /* after "--" */
        for (; optind < argc; optind++) {
            if (!many)
                return usage_error("unexpected argument '%s'", argv[optind]);
            if (add_read_file(o, argv[optind]))
                return 1;
        }
    if (o->mode == OUT_FIELDS && o->fields.nfields == 0)
        return usage_error("%s", "-T fields needs at least one -e FIELD");
    if (o->fields.nfields && o->mode != OUT_FIELDS && o->mode != OUT_JSON && o->mode != OUT_EK)
        return usage_error("%s", "-e goes with -T fields, -T json or -T ek");
    o->prefs.tree_shown = o->detail || o->mode == OUT_FIELDS || o->mode == OUT_JSON || o->mode == OUT_EK;
    return compile_display_filter(o);
}

/* A usage error or --help ends the run: what parse allocated goes now. */
static int parsed(struct options *o, int rc, const bool *done)
{
    if (rc || *done)
        options_free(o);
    return rc;
}

int options_parse(struct options *o, int argc, char **argv, bool *done)
{
    int rc = parse(o, argc, argv, done, false);
    return parsed(o, rc, done);
}

int options_parse_many(struct options *o, int argc, char **argv, bool *done)
{
    int rc = parse(o, argc, argv, done, true);
    return parsed(o, rc, done);
}

void options_free(struct options *o)
{
    free(o->read_files);
    o->read_files = NULL;
    o->nread_files = 0;
    if (o->dfilter)
        df_free(o->dfilter);
    o->dfilter = NULL;
}

bool options_use_color(const struct options *o)
{
    const char *no_color = getenv("NO_COLOR");
    return o->color == COLOR_ALWAYS || (o->color == COLOR_AUTO && isatty(1) && !(no_color && no_color[0]));
}
