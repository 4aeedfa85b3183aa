/* libFuzzer target: the input is a capture file. It goes through the whole
 * pipeline as `synfin -r` takes it (source -> decode -> IPv4 reassembly ->
 * track), and every
 * frame through every output mode: the summary line (with and without
 * colour), -V (whole and -O tcp), -x, -T fields with every registered field,
 * -T json; at the end `synfin conns` (text and json), the ladder and the
 * demo's explanations of the first connection, and -z follow,tcp (streams
 * 0 and 1, the three modes, a chunk range) over the reassembly, and the
 * report's page (ladders, graphs, detail trees and bytes). Output goes to
 * /dev/null.
 *
 * Each input is read twice, through capture_open_file both times:
 *  - as a regular file (a memfd): a classic pcap or pcapng is mapped under
 *    a lease where the kernel gives one (src/source/filemap.h), else read
 *    ahead; gzip goes through zlib;
 *  - when it starts as a classic pcap or pcapng file, also as stdin from a
 *    pipe: through the stream reader, with the stream table retiring
 *    connections as in a live capture. (gzip takes the same zlib path
 *    either way; one pass keeps the target fast.)
 *  As a file, every stream whose only frame is a pure SYN becomes a SYN
 *  record on the next frame (streams_young_max 0), so that making records
 *  whole again is fuzzed on every input.
 * The preferences (-t, -o tcp.relative_sequence_numbers, -o
 * tcp.check_checksum, -E occurrence/quote) turn with the frame number, so
 * each is exercised without a byte of the input spent on choosing them. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli/options.h"
#include "decode/decode.h"
#include "present/conns.h"
#include "present/conns_zeek.h"
#include "present/explain.h"
#include "present/fields.h"
#include "present/ladder.h"
#include "present/print.h"
#include "present/sumrec.h"
#include "present/report.h"
#include "present/stats.h"
#include "source/capture.h"
#include "track/ipdefrag.h"
#include "track/streams.h"

#define LADDER_MAX 64

static struct out sink;           /* on /dev/null */
static struct options opt;        /* -T fields with every registered field */

struct run {
    struct timespec t0;
    bool have_t0;
    size_t nsegs, seen;
    uint32_t stream;              /* the ladder's: the first TCP frame's stream */
    struct seg_record segs[LADDER_MAX];
    char client[80], server[80];
    struct report *report;        /* the page, on the regular-file pass */
    struct defrag *defrag;        /* IPv4 reassembly, as the session runs it */
};

static void conn_rows(void *arg, struct stream *s)
{
    struct run *r = arg;
    /* one file, and one of several (the file column, a name to escape) */
    static const struct conns_file file = { .name = "day/\x1b[0m.pcap", .shown = "day/\\x1b[0m.pcap", .width = 18 };
    conns_row(&sink, s, r->t0, false, NULL);
    conns_row(&sink, s, r->t0, true, NULL);
    conns_row(&sink, s, r->t0, false, &file);
    conns_row(&sink, s, r->t0, true, &file);
    zeek_log_row(&sink, s);
    zeek_json_row(&sink, s);
}

/* Zeek ended its connection within a stream: that part's conn.log rows. */
static void zeek_part_rows(void *arg, struct stream *s)
{
    (void)arg;
    zeek_log_row(&sink, s);
    zeek_json_row(&sink, s);
}

static void setup(void)
{
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0)
        abort();
    out_init(&sink, fd);
    opt.mode = OUT_FIELDS;
    opt.fields.separator = '\t';
    opt.fields.aggregator = ',';
    for (int i = 0; i < FIELD_COUNT && i < MAX_FIELDS; i++)
        opt.fields.field_ids[opt.fields.nfields++] = i;
}

static const char *const follow_args[] = { "follow,tcp,hex,0", "follow,tcp,ascii,1", "follow,tcp,raw,0,2-5" };

static void one_frame(struct run *r, struct stream_table *st, struct stats *stats, struct frame *f,
                      struct timespec *prev)
{
    uint64_t n = f->number;
    struct prefs prefs = { .check_tcp_checksum = n & 1, .relative_seq = !(n & 2), .time_format = (enum time_fmt)(n % 10) };
    struct decode_prefs dprefs = { .check_tcp_checksum = prefs.check_tcp_checksum };
    decode_frame(f, &dprefs);
    /* as session.c: a completing frame's view carries the fragment list */
    const struct defrag_done *frags = r->defrag && defrag_frame(r->defrag, f) ? defrag_done(r->defrag) : NULL;
    if (!r->have_t0)
        r->t0 = *prev = f->ts, r->have_t0 = true;
    struct columns cols = { .built = false };
    struct view v = { .f = f, .prefs = &prefs, .cols = &cols, .rel_time = time_delta(f->ts, r->t0),
                      .delta_time = time_delta(f->ts, *prev), .frags = frags };
    *prev = f->ts;
    struct track_info tk;
    if (f->has_tcp && f->nip && !f->tcp.hdr_truncated) {
        streams_track(st, f, &tk);
        v.tk = &tk;
        v.step = tk.step[0] ? tk.step : NULL;
    }
    opt.fields.occurrence = "afl"[n % 3];
    opt.fields.quote = "nds"[(n / 3) % 3];
    opt.prefs = prefs;
    print_fields(&sink, &opt.fields, &v);
    print_json(&sink, &v);
    print_ek(&sink, &v);
    print_jsonl(&sink, &v);
    if (!sumrec_verify(&sink, &v, n & 1))      /* prints the line, and through its record */
        abort();
    print_detail(&sink, &v, false);
    print_detail(&sink, &v, true);
    print_hex(&sink, &v);
    stats_frame(stats, &v);
    if (v.tk && r->report)
        report_frame(r->report, &v);
    if (v.tk) {
        if (r->seen == 0)
            r->stream = tk.stream->index;
        if (tk.stream->index == r->stream) {
            if (r->seen++ == 0)
                ladder_endpoints(tk.stream, tk.from_client ? tk.dir : !tk.dir, r->client, r->server,
                                 sizeof r->client);
            if (r->nsegs < LADDER_MAX)
                seg_record_fill(&r->segs[r->nsegs++], &v);
        }
    }
}

static void run_file(const char *path, bool live_like)
{
    static struct run r;
    memset(&r, 0, sizeof r);
    struct capture cap;
    if (capture_open_file(&cap, path, NULL, !live_like) < 0)    /* as a file: mapped where it can be */
        return;
    struct stream_table *st = streams_new();
    r.defrag = defrag_new();
    if (!st || !r.defrag)
        abort();
    streams_zeek_parts(st, zeek_part_rows, &r, !live_like);  /* conns -T zeek's parts; checksums with SYN records */
    if (live_like)
        streams_retire_after(st, 10, 600, conn_rows, &r);
    else
        streams_young_max(st, 0);     /* a lone SYN becomes a SYN record at once: fuzz that path too */
    if (!live_like && !(r.report = report_new(&(struct report_opts){ .lang = LANG_EN, .title = "<fuzz>" })))
        abort();
    struct stats *stats = stats_open(follow_args, 3, TF_RELATIVE);
    if (!stats)
        abort();
    struct frame f;
    struct timespec prev = { 0, 0 };
    print_fields_header(&sink, &opt.fields);
    uint64_t frames = 0;
    while (capture_next(&cap, &f) == 1) {
        one_frame(&r, st, stats, &f, &prev);
        frames++;
    }
    stats_print(stats, &sink);
    stats_close(stats);
    conns_header(&sink, NULL);
    streams_each(st, conn_rows, &r);
    if (r.seen) {
        ladder_print(&sink, r.client, r.server, r.segs, r.nsegs);
        explain_print(&sink, LANG_EN, r.segs, r.nsegs);
        explain_print(&sink, LANG_ZH, r.segs, r.nsegs);
    }
    if (r.report) {
        report_streams(r.report, st, r.t0, frames);
        out_flush(&sink);
        report_write(r.report, sink.fd);
        report_free(r.report);
    }
    out_flush(&sink);
    streams_free(st);
    defrag_free(r.defrag);
    capture_close(&cap);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink.fd)
        setup();

    /* A regular file, open only for reading once it is written, so that
     * the reader can take a lease on it and map it. */
    int fd = memfd_create("capture", 0);
    if (fd < 0)
        abort();
    if (size && write(fd, data, size) != (ssize_t)size)
        abort();
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int ro = open(path, O_RDONLY);
    close(fd);
    if (ro < 0)
        abort();
    snprintf(path, sizeof path, "/proc/self/fd/%d", ro);
    run_file(path, false);
    close(ro);

    /* stdin, a pipe holding the whole input and closed after it. */
    if (size < 4 || !(pcap_classic_magic(data) || pcapng_magic(data)))
        return 0;
    int p[2];
    if (pipe(p) < 0)
        abort();
    if ((size_t)fcntl(p[1], F_SETPIPE_SZ, 1 << 20) >= size && (!size || write(p[1], data, size) == (ssize_t)size)) {
        close(p[1]);
        int saved = dup(0);
        dup2(p[0], 0);
        run_file("-", true);
        dup2(saved, 0);
        close(saved);
    } else {
        close(p[1]);
    }
    close(p[0]);
    return 0;
}
