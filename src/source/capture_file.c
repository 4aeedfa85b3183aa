/* Capture files. gzip is found by content, not by name (see instream.h);
 * classic pcap and pcapng files are read by our own readers (see
 * pcap_classic.h, pcapng.h), mapped or read ahead (recbuf.h). libpcap only
 * compiles a -f filter and writes -w, through a dead handle. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/capture.h"
#include "source/filemap.h"

static int set_filter(struct capture *cap, const char *bpf);

/* Our reader is open: a libpcap handle only to compile the filter for the
 * file's (first interface's) link type, and to write -w. */
static int reader_ready(struct capture *cap, int linktype, const char *bpf)
{
    cap->pcap = pcap_open_dead_with_tstamp_precision(linktype, PCAP_MAX_RECORD,
                                                     cap->nsec ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
    if (!cap->pcap) {
        snprintf(cap->err, sizeof cap->err, "%s: out of memory", cap->name);
        capture_close(cap);
        return -1;
    }
    return set_filter(cap, bpf);
}

/* Fail opening: the message is "FILE: reason", and what was opened is closed. */
static int open_failed(struct capture *cap, const char *why)
{
    snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, why);
    capture_close(cap);
    return -1;
}

int capture_open_file(struct capture *cap, const char *path, const char *bpf, bool paged)
{
    memset(cap, 0, sizeof *cap);
    cap->name = path;
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(cap->err, sizeof cap->err, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        snprintf(cap->err, sizeof cap->err, "%s: is a directory", path);
        return -1;
    }
    if (instream_open(&cap->in, fd) < 0) {
        snprintf(cap->err, sizeof cap->err, "%s: %s", path, cap->in.err);
        instream_close(&cap->in);
        return -1;
    }
    cap->in_open = true;
    uint8_t magic[4] = { 0 };
    int n = 0;
    while (n < 4) {
        ssize_t got = instream_read(&cap->in, magic + n, sizeof magic - (size_t)n);
        if (got < 0)
            return open_failed(cap, instream_error(&cap->in));
        if (got == 0)
            break;
        n += (int)got;
    }
    if (n < 4)
        return open_failed(cap, "too short to be a capture file");
    char err[256];
    if (pcap_classic_magic(magic)) {
        cap->is_classic = true;
        if (pcap_classic_open(&cap->classic, &cap->in, magic, paged, err, sizeof err) < 0)
            return open_failed(cap, err);
        cap->nsec = cap->classic.nsec;
        return reader_ready(cap, cap->classic.linktype, bpf);
    }
    if (pcapng_magic(magic)) {
        cap->is_pcapng = true;
        if (pcapng_open(&cap->ng, &cap->in, paged, err, sizeof err) < 0)
            return open_failed(cap, err);
        /* Interfaces may differ; -w writes nanoseconds, as libpcap did. */
        cap->nsec = true;
        return reader_ready(cap, pcapng_first_linktype(&cap->ng), bpf);
    }
    return open_failed(cap, "unknown file format");
}

static int set_filter(struct capture *cap, const char *bpf)
{
    if (bpf && *bpf) {
        if (pcap_compile(cap->pcap, &cap->filter, bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
            snprintf(cap->err, sizeof cap->err, "invalid filter '%s': %s", bpf, pcap_geterr(cap->pcap));
            capture_close(cap);
            return -1;
        }
        cap->has_filter = true;
        cap->bpf = bpf;
        cap->filter_linktype = pcap_datalink(cap->pcap);
    }
    return 0;
}

bool capture_filter_compiles(const char *text)
{
    pcap_t *dead = pcap_open_dead(DLT_EN10MB, 64);
    struct bpf_program prog;
    bool ok = dead && pcap_compile(dead, &prog, text, 0, 0) == 0;
    if (ok)
        pcap_freecode(&prog);
    if (dead)
        pcap_close(dead);
    return ok;
}

/* A pcapng file's interfaces may have other link types than the first:
 * the filter is compiled again for the frame's, when it changes (once per
 * change; files rarely mix). 0, or -1 with cap->err. */
static int filter_for(struct capture *cap, int linktype)
{
    if (linktype == cap->filter_linktype)
        return 0;
    pcap_t *dead = pcap_open_dead(linktype, PCAP_MAX_RECORD);
    struct bpf_program prog;
    if (!dead || pcap_compile(dead, &prog, cap->bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
        snprintf(cap->err, sizeof cap->err, "%s: filter '%s' does not fit link type %d: %s", cap->name, cap->bpf,
                 linktype, dead ? pcap_geterr(dead) : "out of memory");
        if (dead)
            pcap_close(dead);
        return -1;
    }
    pcap_close(dead);
    pcap_freecode(&cap->filter);
    cap->filter = prog;
    cap->filter_linktype = linktype;
    return 0;
}

/* The next frame from libpcap (live captures). */
static int next_from_libpcap(struct capture *cap, struct frame *f)
{
    struct pcap_pkthdr *h;
    const u_char *data;
    int rc = pcap_next_ex(cap->pcap, &h, &data);
    if (rc == 0)
        return CAPTURE_IDLE;                 /* live, non-blocking: the ring is drained */
    if (rc == PCAP_ERROR_BREAK)
        return CAPTURE_END;                  /* end of a file */
    if (rc < 0) {
        snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, pcap_geterr(cap->pcap));
        return CAPTURE_ERROR;
    }
    f->ts.tv_sec = h->ts.tv_sec;
    f->ts.tv_nsec = h->ts.tv_usec;           /* nanoseconds: opened at nano precision */
    f->len = h->len;
    f->caplen = h->caplen;
    f->data = data;
    f->linktype = pcap_datalink(cap->pcap);
    f->link_swapped = false;                 /* live: our own order */
    f->ts_nsec = cap->nsec;
    f->no_ts = false;
    f->record = REC_PACKET;
    f->ncomment = 0;
    f->section = 0;        /* no pcapng section or interface */
    f->iface = NULL;
    f->pkt.present = 0;
    return CAPTURE_FRAME;
}

int capture_next(struct capture *cap, struct frame *f)
{
    for (;;) {
        int rc;
        if (cap->is_classic || cap->is_pcapng) {
            char err[256];
            rc = cap->is_classic ? pcap_classic_next(&cap->classic, f, err, sizeof err)
                                 : pcapng_next(&cap->ng, f, err, sizeof err);
            if (rc < 0)
                snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, err);
        } else {
            rc = next_from_libpcap(cap, f);
        }
        if (rc != CAPTURE_FRAME)
            return rc;
        cap->frames_read++;
        if (cap->has_filter) {
            /* A pcapng block shown as a frame has no packet to match. */
            if (f->linktype == PCAPNG_NO_LINKTYPE)
                continue;
            if (filter_for(cap, f->linktype) < 0)
                return CAPTURE_ERROR;
            struct pcap_pkthdr h = { .caplen = f->caplen, .len = f->len };
            if (!pcap_offline_filter(&cap->filter, &h, f->data))
                continue;
        }
        f->number = cap->frames_read;
        return CAPTURE_FRAME;
    }
}

void capture_before_wait(struct capture *cap, void (*fn)(void *), void *arg)
{
    if (cap->in_open) {
        cap->in.before_wait = fn;
        cap->in.before_wait_arg = arg;
    }
}

void capture_page_ahead(void)
{
    fmap_page_ahead();
}

void capture_close(struct capture *cap)
{
    if (cap->has_filter)
        pcap_freecode(&cap->filter);
    cap->has_filter = false;
    if (cap->pcap)
        pcap_close(cap->pcap);
    cap->pcap = NULL;
    if (cap->is_classic) {
        pcap_classic_close(&cap->classic);
        cap->is_classic = false;
    }
    if (cap->is_pcapng) {
        pcapng_close(&cap->ng);
        cap->is_pcapng = false;
    }
    if (cap->in_open)
        instream_close(&cap->in);
    cap->in_open = false;
}

void capture_position(const struct capture *cap, uint64_t *done, uint64_t *total)
{
    *done = *total = 0;
    if (!cap->in_open)
        return;
    const struct instream *in = &cap->in;
    *done = cap->is_classic ? pcap_classic_file_pos(&cap->classic)
            : cap->is_pcapng ? pcapng_file_pos(&cap->ng) : instream_file_pos(in);
    *total = in->size;
}

/* libpcap's other savefile magic numbers: pcapng's section header (the same
 * either byte order) and Kuznetzov's modified pcap, each way round. */
static bool other_capture_magic(const uint8_t m[4])
{
    uint32_t be = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
    return be == 0x0a0d0d0a || be == 0xa1b2cd34 || be == 0x34cdb2a1;
}

int capture_sniff_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    struct instream in;
    int verdict = -1;
    if (instream_open(&in, fd) == 0) {
        uint8_t magic[4];
        size_t n = 0;
        ssize_t got = 1;
        while (n < sizeof magic && (got = instream_read(&in, magic + n, sizeof magic - n)) > 0)
            n += (size_t)got;
        if (n == sizeof magic)
            verdict = pcap_classic_magic(magic) || other_capture_magic(magic);
        else if (got == 0)
            verdict = 0;              /* shorter than any capture's header */
    }
    instream_close(&in);
    return verdict;
}
