/* Capture files. gzip is found by content, not by name: zlib's gzread
 * passes plain files through unchanged, so every file is read through it.
 * Classic pcap files are read by our own reader (see pcap_classic.h);
 * pcapng goes through libpcap, over a FILE made on the same stream. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "source/capture.h"

/* The stream under libpcap, with the magic number we read ahead given back first. */
struct gz_source {
    gzFile gz;
    uint8_t magic[4];
    int magic_len, magic_pos;
};

static ssize_t gz_cookie_read(void *cookie, char *buf, size_t size)
{
    struct gz_source *src = cookie;
    size_t done = 0;
    while (src->magic_pos < src->magic_len && done < size)
        buf[done++] = (char)src->magic[src->magic_pos++];
    if (size - done > (1u << 30))
        size = done + (1u << 30);
    int n = gzread(src->gz, buf + done, (unsigned)(size - done));
    if (n < 0) {
        errno = EIO;
        return -1;
    }
    return (ssize_t)done + n;
}

static int gz_cookie_close(void *cookie)
{
    struct gz_source *src = cookie;
    int rc = gzclose(src->gz) == Z_OK ? 0 : -1;
    free(src);
    return rc;
}

static int open_with_libpcap(struct capture *cap, gzFile gz, const uint8_t magic[4], int magic_len)
{
    struct gz_source *src = calloc(1, sizeof *src);
    if (!src) {
        gzclose(gz);
        snprintf(cap->err, sizeof cap->err, "%s: out of memory", cap->name);
        return -1;
    }
    src->gz = gz;
    memcpy(src->magic, magic, 4);
    src->magic_len = magic_len;
    cookie_io_functions_t io = { .read = gz_cookie_read, .close = gz_cookie_close };
    FILE *fp = fopencookie(src, "r", io);
    if (!fp) {
        gz_cookie_close(src);
        snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, strerror(errno));
        return -1;
    }
    char perr[PCAP_ERRBUF_SIZE];
    cap->pcap = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, perr);
    if (!cap->pcap) {
        fclose(fp);
        snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, perr);
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

int capture_open_file(struct capture *cap, const char *path, const char *bpf)
{
    memset(cap, 0, sizeof *cap);
    cap->name = path;
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(cap->err, sizeof cap->err, "%s: %s", path, strerror(errno));
        return -1;
    }
    /* A plain classic pcap file is mapped whole: no copy of its bytes. */
    struct stat st;
    uint8_t head[4];
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 4 && pread(fd, head, 4, 0) == 4 &&
        pcap_classic_magic(head)) {
        void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (map != MAP_FAILED) {
            close(fd);
            madvise(map, (size_t)st.st_size, MADV_SEQUENTIAL);
            char err[256];
            if (pcap_classic_open(&cap->classic, NULL, (const uint8_t *)map + 4, (size_t)st.st_size - 4, head, err,
                                  sizeof err) < 0) {
                snprintf(cap->err, sizeof cap->err, "%s: %s", path, err);
                pcap_classic_close(&cap->classic);
                return -1;
            }
            return classic_ready(cap, bpf);
        }
    }
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        snprintf(cap->err, sizeof cap->err, "%s: cannot read", path);
        return -1;
    }
    gzbuffer(gz, 256 * 1024);
    uint8_t magic[4] = { 0 };
    int n = gzread(gz, magic, sizeof magic);
    if (n < 4) {
        gzclose(gz);
        snprintf(cap->err, sizeof cap->err, "%s: %s", path, n < 0 ? "cannot read" : "too short to be a capture file");
        return -1;
    }
    if (pcap_classic_magic(magic)) {
        char err[256];
        if (pcap_classic_open(&cap->classic, gz, NULL, 0, magic, err, sizeof err) < 0) {
            snprintf(cap->err, sizeof cap->err, "%s: %s", path, err);
            pcap_classic_close(&cap->classic);
            gzclose(gz);
            return -1;
        }
        return classic_ready(cap, bpf);
    }
    if (open_with_libpcap(cap, gz, magic, n) < 0)
        return -1;
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
    for (;;) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(cap->pcap, &h, &data);
        if (rc == 0)
            return CAPTURE_IDLE;             /* live, non-blocking: the ring is drained */
        if (rc == PCAP_ERROR_BREAK)
            return CAPTURE_END;              /* end of a file */
        if (rc < 0) {
            snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, pcap_geterr(cap->pcap));
            return -1;
        }
        f->ts.tv_sec = h->ts.tv_sec;
        f->ts.tv_nsec = h->ts.tv_usec;       /* nanoseconds: opened at nano precision */
        f->len = h->len;
        f->caplen = h->caplen;
        f->data = data;
        f->linktype = pcap_datalink(cap->pcap);
        f->ts_nsec = cap->nsec;
        return 1;
    }
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
        return 1;
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
        if (cap->classic.gz)
            gzclose(cap->classic.gz);
        pcap_classic_close(&cap->classic);
        cap->is_classic = false;
    }
}
