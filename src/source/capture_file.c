/* Capture files. gzip is found by content, not by name (see instream.h:
 * every file, plain or gzip, is read with read(2), never mapped). Classic
 * pcap files are read by our own reader (see pcap_classic.h); pcapng goes
 * through libpcap, over a FILE made on the same stream. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "source/capture.h"

/* The stream under libpcap, with the magic number we read ahead given back first. */
struct cookie_source {
    struct instream *in;
    uint8_t magic[4];
    int magic_len, magic_pos;
};

static ssize_t cookie_read(void *cookie, char *buf, size_t size)
{
    struct cookie_source *src = cookie;
    size_t done = 0;
    while (src->magic_pos < src->magic_len && done < size)
        buf[done++] = (char)src->magic[src->magic_pos++];
    if (done)
        return (ssize_t)done;
    ssize_t n = instream_read(src->in, (uint8_t *)buf, size);
    if (n < 0) {
        errno = EIO;               /* the reason is kept in the stream: see next_from_libpcap */
        return -1;
    }
    return n;
}

static int cookie_close(void *cookie)
{
    free(cookie);                  /* the stream is the capture's: capture_close closes it */
    return 0;
}

static int open_with_libpcap(struct capture *cap, const uint8_t magic[4], int magic_len)
{
    struct cookie_source *src = calloc(1, sizeof *src);
    if (!src) {
        snprintf(cap->err, sizeof cap->err, "%s: out of memory", cap->name);
        return -1;
    }
    src->in = &cap->in;
    memcpy(src->magic, magic, 4);
    src->magic_len = magic_len;
    cookie_io_functions_t io = { .read = cookie_read, .close = cookie_close };
    FILE *fp = fopencookie(src, "r", io);
    if (!fp) {
        cookie_close(src);
        snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, strerror(errno));
        return -1;
    }
    char perr[PCAP_ERRBUF_SIZE];
    cap->pcap = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, perr);
    if (!cap->pcap) {
        fclose(fp);
        const char *why = instream_error(&cap->in);
        snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, why ? why : perr);
        return -1;
    }
    return 0;
}

static int set_filter(struct capture *cap, const char *bpf);

/* Our reader is open: a libpcap handle only to compile the filter for the
 * file's link type. */
static int classic_ready(struct capture *cap, const char *bpf)
{
    cap->is_classic = true;
    cap->nsec = cap->classic.nsec;
    cap->pcap = pcap_open_dead_with_tstamp_precision(cap->classic.linktype, PCAP_MAX_RECORD,
                                                     cap->nsec ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO);
    return set_filter(cap, bpf);
}

/* Fail opening: the message is "FILE: reason", and what was opened is closed. */
static int open_failed(struct capture *cap, const char *why)
{
    snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, why);
    capture_close(cap);
    return -1;
}

int capture_open_file(struct capture *cap, const char *path, const char *bpf, bool map)
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
    if (pcap_classic_magic(magic)) {
        char err[256];
        cap->is_classic = true;
        if (pcap_classic_open(&cap->classic, &cap->in, magic, map, err, sizeof err) < 0)
            return open_failed(cap, err);
        return classic_ready(cap, bpf);
    }
    if (open_with_libpcap(cap, magic, n) < 0) {
        capture_close(cap);
        return -1;
    }
    return set_filter(cap, bpf);
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
    }
    return 0;
}

/* The next frame from libpcap (pcapng and live captures). */
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
        /* A damaged gzip stream says so itself; libpcap would only see EIO. */
        const char *why = cap->in_open ? instream_error(&cap->in) : NULL;
        snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, why ? why : pcap_geterr(cap->pcap));
        return CAPTURE_ERROR;
    }
    f->ts.tv_sec = h->ts.tv_sec;
    f->ts.tv_nsec = h->ts.tv_usec;           /* nanoseconds: opened at nano precision */
    f->len = h->len;
    f->caplen = h->caplen;
    f->data = data;
    f->linktype = pcap_datalink(cap->pcap);
    f->link_swapped = false;                 /* libpcap puts NFLOG's TLVs in our order */
    f->ts_nsec = cap->nsec;
    return CAPTURE_FRAME;
}

int capture_next(struct capture *cap, struct frame *f)
{
    for (;;) {
        int rc;
        if (cap->is_classic) {
            char err[256];
            rc = pcap_classic_next(&cap->classic, f, err, sizeof err);
            if (rc < 0)
                snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, err);
        } else {
            rc = next_from_libpcap(cap, f);
        }
        if (rc != CAPTURE_FRAME)
            return rc;
        cap->frames_read++;
        if (cap->has_filter) {
            struct pcap_pkthdr h = { .caplen = f->caplen, .len = f->len };
            if (!pcap_offline_filter(&cap->filter, &h, f->data))
                continue;
        }
        f->number = cap->frames_read;
        return CAPTURE_FRAME;
    }
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
    if (cap->is_classic) {
        *done = pcap_classic_file_pos(&cap->classic);
    } else {
        /* libpcap reads the stream: only what it has read is known */
        *done = instream_file_pos(in);
    }
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
