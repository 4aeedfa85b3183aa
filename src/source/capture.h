/* Capture sources: a capture file (pcap or pcapng, plain or gzip, or stdin,
 * read by our own readers) or a live interface (libpcap), giving frames one
 * at a time. */
#ifndef SYNFIN_CAPTURE_H
#define SYNFIN_CAPTURE_H

#include <pcap/pcap.h>
#include <stdbool.h>
#include <stdio.h>

#include "decode/packet.h"
#include "source/pcap_classic.h"
#include "source/pcapng.h"

struct capture {
    pcap_t *pcap;              /* live; for a file, a dead handle: -f's compiler, -w's writer */
    const char *name;          /* file name or interface, for messages */
    struct bpf_program filter; /* -f on a file: applied per frame so numbers stay the file's */
    bool has_filter;
    int filter_linktype;       /* the link type it was compiled for */
    const char *bpf;           /* -f, compiled again for a pcapng interface of another link type */
    bool live;
    struct instream in;        /* a file's bytes (plain or gzip), when in_open */
    bool in_open;
    bool is_classic;           /* read by our classic pcap reader, not libpcap */
    struct pcap_classic classic;
    bool is_pcapng;            /* read by our pcapng reader */
    struct pcapng ng;
    bool nsec;                 /* timestamps carry nanoseconds */
    int buffer_mib;            /* live: the kernel ring's size */
    uint64_t frames_read;      /* every frame, filtered or not: the frame number */
    char err[PCAP_ERRBUF_SIZE + 256];
};

/* Open a file ("-" for stdin). Returns 0, or -1 with cap->err set. */
/* A plain regular file is mapped (filemap.h; SYNFIN_MAP=0: never) and a
 * pager thread maps its pages in ahead of the reader; paged: another
 * thread does that instead, calling capture_page_ahead between its jobs. */
int capture_open_file(struct capture *cap, const char *path, const char *bpf, bool paged);

/* Does the file start as a capture file does (pcap or pcapng, plain or
 * gzip)? 1 yes, 0 no, -1 it cannot be opened or read (capture_open_file
 * will say why). Reads its first bytes only. */
int capture_sniff_file(const char *path);

/* Whether text compiles as a capture filter (BPF) for Ethernet: tshark's
 * test before it says a display filter may be one. */
bool capture_filter_compiles(const char *text);

/* Live captures: the kernel hands packets over in blocks, a block when it
 * is full or, at the latest, this many milliseconds after a packet arrived
 * (its timer looks at the open block this often). */
#define CAPTURE_BLOCK_MS 50
/* The kernel ring when -B does not say: a burst of 140,000 packets a second
 * on lo fills it in about a second even if nothing reads it. */
#define CAPTURE_DEFAULT_BUFFER_MIB 32

enum { CAPTURE_ERROR = -1, CAPTURE_END = 0, CAPTURE_FRAME = 1, CAPTURE_IDLE = 2 };

/* Next frame that passes the filter, into f (data points into the
 * reader's or libpcap's buffer, valid until the next call). CAPTURE_FRAME: a frame; CAPTURE_END:
 * end of file; CAPTURE_ERROR: read error (cap->err says why); CAPTURE_IDLE
 * (live only): nothing in the ring now, so write what is buffered and call
 * capture_wait. */
int capture_next(struct capture *cap, struct frame *f);

/* A file read from a pipe: call fn(arg) before each read that would wait
 * for the writer (instream.h). No effect on other sources. */
void capture_before_wait(struct capture *cap, void (*fn)(void *), void *arg);

/* Live: sleep until the kernel hands over packets, ms pass, or a signal. */
void capture_wait(struct capture *cap, int ms);

void capture_close(struct capture *cap);

/* For another thread, between two of its jobs: map in the pages of the
 * capture file being read ahead of its reader (filemap.h). Does nothing
 * when no file is mapped. */
void capture_page_ahead(void);

/* How far a file has been read, for a progress line: *done bytes of the
 * file (compressed bytes for gzip) of *total (0: unknown, as on a pipe).
 * Cheap: no system call. */
void capture_position(const struct capture *cap, uint64_t *done, uint64_t *total);

/* Capture live on iface (the filter runs in the kernel; see capture_live.c).
 * Returns 0, or -1 with cap->err set (one line, with the remedy when the
 * right to capture is missing). */
int capture_open_live(struct capture *cap, const char *iface, const char *bpf, int snaplen, int buffer_mib);

/* The kernel's counts for a live capture: 0, or -1 if there are none. */
int capture_stats(struct capture *cap, unsigned *received, unsigned *dropped);

/* -D: the interfaces libpcap can capture on, one a line. */
int capture_list_interfaces(FILE *out, char *err, size_t errlen);

/* Started as root: become `user` (as tcpdump's -Z), giving them keep_fd
 * (-1: none) first. Does nothing when not root. */
int drop_privileges(const char *user, int keep_fd, char *err, size_t errlen);

#endif
