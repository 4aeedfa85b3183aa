/* -w: the frames of a session written as a classic pcap file (or "-",
 * standard output) behind a 1 MiB stdio buffer, so that writing costs one
 * write() for many packets. A write error is kept, with its errno, for the
 * session to stop on and report. */
#ifndef SYNFIN_PCAP_WRITER_H
#define SYNFIN_PCAP_WRITER_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>

#include "decode/packet.h"

struct pcap_writer {
    const char *path;
    pcap_dumper_t *dump;
    FILE *fp;
    bool micro;               /* the handle writes microseconds: convert */
    int linktype;             /* the file's; a pcapng interface may have another */
    uint64_t other_link;      /* frames of another link type, left out */
    int error;                /* errno of the first failed write, 0: none */
    char buf[1 << 20];
};

/* Open path for the frames of handle p. 0, or -1 after one line on stderr. */
int pw_open(struct pcap_writer *w, pcap_t *p, const char *path);

/* A regular file's descriptor, to hand to the user a live capture becomes;
 * -1 for standard output or a device (/dev/null must stay root's). */
int pw_owned_fd(const struct pcap_writer *w);

/* Write one frame: true, or false with w->error set. A frame of another
 * link type than the file's (a pcapng file's other interface) cannot be
 * in a classic pcap file: it is left out, and pw_close says how many. */
bool pw_frame(struct pcap_writer *w, const struct frame *f);

/* Push the buffer to the file: true, or false with w->error set. */
bool pw_flush(struct pcap_writer *w);

/* Flush and close: 0, or -1 after one line on stderr (EPIPE is quiet). */
int pw_close(struct pcap_writer *w);

#endif
