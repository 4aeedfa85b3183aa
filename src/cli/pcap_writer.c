#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/pcap_writer.h"

int pw_open(struct pcap_writer *w, pcap_t *p, const char *path)
{
    w->path = path;
    w->error = 0;
    w->fp = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!w->fp) {
        fprintf(stderr, "synfin: cannot write %s: %s\n", path, strerror(errno));
        return -1;
    }
    /* glibc takes a size only with a buffer: NULL would mean 4 KiB. */
    setvbuf(w->fp, w->buf, _IOFBF, sizeof w->buf);
    w->dump = pcap_dump_fopen(p, w->fp);
    if (!w->dump) {
        fprintf(stderr, "synfin: cannot write %s: %s\n", path, pcap_geterr(p));
        if (w->fp != stdout)
            fclose(w->fp);
        return -1;
    }
    /* pcap_dump writes the handle's precision: hand it that unit. */
    w->micro = pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_MICRO;
    w->linktype = pcap_datalink(p);
    w->other_link = 0;
    return 0;
}

int pw_owned_fd(const struct pcap_writer *w)
{
    struct stat st;
    int fd = fileno(w->fp);
    return w->fp != stdout && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fd : -1;
}

bool pw_frame(struct pcap_writer *w, const struct frame *f)
{
    if (f->linktype != w->linktype) {
        w->other_link++;
        return true;
    }
    struct pcap_pkthdr h = { .ts = { f->ts.tv_sec, w->micro ? f->ts.tv_nsec / 1000 : f->ts.tv_nsec },
                             .caplen = f->caplen, .len = f->len };
    errno = 0;
    pcap_dump((u_char *)w->dump, &h, f->data);
    if (ferror(w->fp)) {                     /* pcap_dump says nothing itself */
        w->error = errno ? errno : EIO;
        return false;
    }
    return true;
}

bool pw_flush(struct pcap_writer *w)
{
    if (w->error)
        return false;
    errno = 0;
    if (pcap_dump_flush(w->dump) < 0 || ferror(w->fp)) {
        w->error = errno ? errno : EIO;
        return false;
    }
    return true;
}

int pw_close(struct pcap_writer *w)
{
    pw_flush(w);
    pcap_dump_close(w->dump);
    if (w->other_link)
        fprintf(stderr, "synfin: %s: %llu frames left out: their link type is not the file's (%d)\n", w->path,
                (unsigned long long)w->other_link, w->linktype);
    if (w->error && w->error != EPIPE) {
        fprintf(stderr, "synfin: cannot write %s: %s\n", w->path, strerror(w->error));
        return -1;
    }
    return 0;
}
