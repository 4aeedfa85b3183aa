/* A reader for the classic pcap format (both byte orders, microsecond and
 * nanosecond). libpcap cuts records longer than the file's snapshot length
 * and mends odd timestamps; Wireshark shows them as written, and so must
 * we. It is also faster: frames are handed out in place from a big buffer
 * that the file's bytes (see instream.h) are read into; for a regular file
 * that buffer is the file itself, mapped (filemap.h), or for a gzip file a
 * block a second thread has read ahead (readahead.h), so inflating runs
 * beside the decoding. */
#ifndef SYNFIN_PCAP_CLASSIC_H
#define SYNFIN_PCAP_CLASSIC_H

#include <stdbool.h>
#include <stdint.h>
#include "decode/packet.h"
#include "source/filemap.h"
#include "source/instream.h"
#include "source/readahead.h"

#define PCAP_MAX_RECORD 262144u    /* Wireshark's limit for one record */

struct pcap_classic {
    struct instream *in;           /* the file's bytes, after its magic number */
    bool swap;                     /* the file's byte order is not ours */
    bool nsec;                     /* nanosecond timestamps */
    uint32_t snaplen;
    int linktype;                  /* as a DLT_ value */
    uint8_t *buf;                  /* read buffer, or a read-ahead block: frames point into it */
    size_t pos, len, cap;
    bool eof;
    struct readahead *ra;          /* a regular file's bytes come from a thread (readahead.h) */
    uint64_t buf_off;              /* with ra or map: the stream's offset of buf[0] */
    struct fmap map;               /* a regular plain file, mapped: buf points into it */
    uint64_t map_start;            /* the file's offset of buf[0] when mapped */
};

/* Is this the magic number of a classic pcap file? */
bool pcap_classic_magic(const uint8_t magic[4]);

/* Read the file header (the 4 magic bytes already read) from in, which
 * stays the caller's; map: map a plain regular file (filemap.h) instead of
 * reading it ahead. 0, or -1 with err. */
int pcap_classic_open(struct pcap_classic *r, struct instream *in, const uint8_t magic[4], bool map, char *err,
                      size_t errlen);

/* 1: a frame; 0: the end; -1: damaged or cut short (err says how), after
 * every whole frame before that. */
int pcap_classic_next(struct pcap_classic *r, struct frame *f, char *err, size_t errlen);

void pcap_classic_close(struct pcap_classic *r);

/* How far the file has been read for the frames handed out: bytes of the
 * file (compressed ones for gzip). */
uint64_t pcap_classic_file_pos(const struct pcap_classic *r);

#endif
