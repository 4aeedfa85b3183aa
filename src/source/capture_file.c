/* Capture files through libpcap. gzip is found by content, not by name:
 * zlib's gzread passes plain files through unchanged, so every file is read
 * through it, and libpcap reads a FILE made over that stream. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "source/capture.h"

/* The stream under libpcap, with the first four bytes read ahead: the magic
 * number tells the file's own timestamp precision, which libpcap hides once
 * it has scaled everything to nanoseconds. */
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

static FILE *open_maybe_gzip(const char *path, bool *nsec, char *err, size_t errlen)
{
    int fd = strcmp(path, "-") == 0 ? dup(0) : open(path, O_RDONLY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        snprintf(err, errlen, "%s: cannot read", path);
        return NULL;
    }
    gzbuffer(gz, 256 * 1024);
    struct gz_source *src = calloc(1, sizeof *src);
    if (!src) {
        gzclose(gz);
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    src->gz = gz;
    src->magic_len = gzread(gz, src->magic, sizeof src->magic);
    if (src->magic_len < 0)
        src->magic_len = 0;
    uint32_t m = (uint32_t)src->magic[0] << 24 | src->magic[1] << 16 | src->magic[2] << 8 | src->magic[3];
    *nsec = m == 0xa1b23c4d || m == 0x4d3cb2a1;
    cookie_io_functions_t io = { .read = gz_cookie_read, .close = gz_cookie_close };
    FILE *fp = fopencookie(src, "r", io);
    if (!fp) {
        gz_cookie_close(src);
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
    }
    return fp;
}

int capture_open_file(struct capture *cap, const char *path, const char *bpf)
{
    memset(cap, 0, sizeof *cap);
    cap->name = path;
    FILE *fp = open_maybe_gzip(path, &cap->nsec, cap->err, sizeof cap->err);
    if (!fp)
        return -1;
    char perr[PCAP_ERRBUF_SIZE];
    cap->pcap = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_NANO, perr);
    if (!cap->pcap) {
        fclose(fp);
        snprintf(cap->err, sizeof cap->err, "%s: %s", path, perr);
        return -1;
    }
    if (bpf && *bpf) {
        if (pcap_compile(cap->pcap, &cap->filter, bpf, 1, PCAP_NETMASK_UNKNOWN) < 0) {
            snprintf(cap->err, sizeof cap->err, "invalid filter '%s': %s", bpf, pcap_geterr(cap->pcap));
            pcap_close(cap->pcap);
            cap->pcap = NULL;
            return -1;
        }
        cap->has_filter = true;
    }
    return 0;
}

int capture_next(struct capture *cap, struct frame *f)
{
    for (;;) {
        struct pcap_pkthdr *h;
        const u_char *data;
        int rc = pcap_next_ex(cap->pcap, &h, &data);
        if (rc == 0)
            continue;                        /* live timeout: nothing yet */
        if (rc == PCAP_ERROR_BREAK)
            return 0;
        if (rc < 0) {
            snprintf(cap->err, sizeof cap->err, "%s: %s", cap->name, pcap_geterr(cap->pcap));
            return -1;
        }
        cap->frames_read++;
        if (cap->has_filter && !pcap_offline_filter(&cap->filter, h, data))
            continue;
        f->number = cap->frames_read;
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

void capture_close(struct capture *cap)
{
    if (cap->has_filter)
        pcap_freecode(&cap->filter);
    if (cap->pcap)
        pcap_close(cap->pcap);
    cap->pcap = NULL;
}
