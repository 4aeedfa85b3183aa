/* A reader for the classic pcap format (both byte orders, microsecond and
 * nanosecond). libpcap cuts records longer than the file's snapshot length
 * and mends odd timestamps; Wireshark shows them as written, and so must
 * we. It is also faster: frames are handed out in place from a big buffer. */
#ifndef SYNFIN_PCAP_CLASSIC_H
#define SYNFIN_PCAP_CLASSIC_H

#include <stdbool.h>
#include <stdint.h>
#include <zlib.h>

#include "decode/packet.h"

#define PCAP_MAX_RECORD 262144u    /* Wireshark's limit for one record */

struct pcap_classic {
    gzFile gz;                     /* the stream, or NULL when the file is mapped */
    const uint8_t *map;            /* a plain file mapped whole, after its magic number */
    size_t map_len;
    bool swap;                     /* the file's byte order is not ours */
    bool nsec;                     /* nanosecond timestamps */
    uint32_t snaplen;
    int linktype;                  /* as a DLT_ value */
    uint8_t *buf;                  /* read buffer (stream mode) */
    const uint8_t *data;           /* buf, or map */
    size_t pos, len, cap;
    bool eof;
};

/* Is this the magic number of a classic pcap file? */
bool pcap_classic_magic(const uint8_t magic[4]);

/* Read the file header (the 4 magic bytes already read) from gz, or from
 * map (map_len bytes following the magic) when gz is NULL. 0, or -1 with err. */
int pcap_classic_open(struct pcap_classic *r, gzFile gz, const uint8_t *map, size_t map_len,
                      const uint8_t magic[4], char *err, size_t errlen);

/* 1: a frame; 0: the end; -1: damaged (err says how). */
int pcap_classic_next(struct pcap_classic *r, struct frame *f, char *err, size_t errlen);

void pcap_classic_close(struct pcap_classic *r);

#endif
