/* A reader for the classic pcap format (both byte orders, microsecond and
 * nanosecond). libpcap cuts records longer than the file's snapshot length
 * and mends odd timestamps; Wireshark shows them as written, and so must
 * we. It is also faster: frames are handed out in place from the file's
 * bytes, mapped or read ahead (recbuf.h). */
#ifndef SYNFIN_PCAP_CLASSIC_H
#define SYNFIN_PCAP_CLASSIC_H

#include <stdbool.h>
#include <stdint.h>
#include "decode/packet.h"
#include "source/recbuf.h"

#define PCAP_MAX_RECORD 262144u    /* Wireshark's limit for one record */

struct pcap_classic {
    struct recbuf b;               /* the file's bytes after its magic number (recbuf.h) */
    bool swap;                     /* the file's byte order is not ours */
    bool nsec;                     /* nanosecond timestamps */
    uint32_t snaplen;
    int linktype;                  /* as a DLT_ value */
};

/* Is this the magic number of a classic pcap file? */
bool pcap_classic_magic(const uint8_t magic[4]);

/* Read the file header (the 4 magic bytes already read) from in, which
 * stays the caller's; paged: another thread pages a mapped file in
 * (recbuf_open). 0, or -1 with err. */
int pcap_classic_open(struct pcap_classic *r, struct instream *in, const uint8_t magic[4], bool paged, char *err,
                      size_t errlen);

/* 1: a frame; 0: the end; -1: damaged or cut short (err says how), after
 * every whole frame before that. */
int pcap_classic_next(struct pcap_classic *r, struct frame *f, char *err, size_t errlen);

void pcap_classic_close(struct pcap_classic *r);

/* How far the file has been read for the frames handed out: bytes of the
 * file (compressed ones for gzip). */
uint64_t pcap_classic_file_pos(const struct pcap_classic *r);

#endif
