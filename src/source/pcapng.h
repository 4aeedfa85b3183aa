/* A reader for pcapng files, in the style of pcap_classic.h: frames are
 * handed out in place from the file's bytes, mapped or read ahead
 * (recbuf.h), every length checked against the block that holds it.
 *
 * It reads what Wireshark reads: any number of sections (each with its own
 * byte order; a new section forgets the interfaces before it), interfaces
 * (IDB) each with its own link type, snapshot length, time resolution
 * (if_tsresol: a power of 10 or of 2, 10^-6 when unsaid) and time offset
 * (if_tsoffset, seconds), and packets from Enhanced (EPB), Simple (SPB) and
 * the obsolete Packet Blocks (PB), with their comments (opt_comment).
 * Custom blocks and systemd journal export blocks are frames too, as
 * Wireshark 4.0 counts them (struct frame's record; link type
 * PCAPNG_NO_LINKTYPE). Every other block (name resolution, interface
 * statistics, decryption secrets, ...) is checked for its lengths and
 * skipped. */
#ifndef SYNFIN_PCAPNG_H
#define SYNFIN_PCAPNG_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/packet.h"
#include "source/recbuf.h"

/* The largest block that carries a packet: an EPB with a record as large as
 * any capture may have (PCAP_MAX_RECORD) and 128 KiB of options, as
 * Wireshark's limit. Other blocks may be larger: they are skipped in
 * pieces. */
#define PCAPNG_MAX_PACKET_BLOCK (32u + 262144u + 131072u)

/* The link type of a block that is a frame but no packet: none decodes it. */
#define PCAPNG_NO_LINKTYPE (-1)

struct pcapng_if {
    int linktype;                  /* as a DLT_ value */
    uint32_t snaplen;
    uint64_t units;                /* time stamp units a second (if_tsresol) */
    int64_t tsoffset;              /* seconds added to every time stamp (if_tsoffset) */
};

/* The names of the file's interfaces, every section's in the order read:
 * Wireshark 4.0 looks a frame's interface id up in this one list (so a
 * later section's frames show the first section's names, there as here).
 * Bounded: PCAPNG_MAX_NAMED interfaces, each text cut at
 * PCAPNG_MAX_IFTEXT bytes, PCAPNG_MAX_IFTEXT_TOTAL bytes in all (past
 * that, an interface's texts are not kept: "unknown"). */
#define PCAPNG_MAX_NAMED 65536u
#define PCAPNG_MAX_IFTEXT 1024u
#define PCAPNG_MAX_IFTEXT_TOTAL (4u << 20)

struct pcapng {
    struct recbuf b;               /* the file's bytes after the first block's type (recbuf.h) */
    bool swap;                     /* the section's byte order is not ours */
    struct pcapng_if *ifs;         /* the section's interfaces, by id */
    uint32_t nif, ifcap;
    struct timespec last_ts;       /* the last record's time: a custom block's */
    uint32_t section;              /* the current section's number, from 1 */
    struct frame_iface *names;     /* the file's interfaces' names (see above), texts malloc'd */
    uint32_t nnames, namecap;
    size_t name_bytes;             /* texts kept, against PCAPNG_MAX_IFTEXT_TOTAL */
    bool failed;                   /* a block before the first packet was damaged: */
    char failure[200];             /* said by the first pcapng_next */
};

/* Is this the type of a pcapng Section Header Block (a pcapng file's start)? */
bool pcapng_magic(const uint8_t magic[4]);

/* Read the first section's header (its block type already read) and the
 * blocks up to its first interface, from in, which stays the caller's;
 * paged: another thread pages a mapped file in (recbuf_open). 0, or -1
 * with err. */
int pcapng_open(struct pcapng *r, struct instream *in, bool paged, char *err, size_t errlen);

/* The link type of the first interface (DLT_EN10MB when there is none
 * before the first packet), for compiling a -f filter. */
int pcapng_first_linktype(const struct pcapng *r);

/* 1: a frame (data valid until the next call); 0: the end; -1: damaged or
 * cut short (err says how), after every whole frame before that. */
int pcapng_next(struct pcapng *r, struct frame *f, char *err, size_t errlen);

void pcapng_close(struct pcapng *r);

/* How far the file has been read for the frames handed out: bytes of the
 * file (compressed ones for gzip). */
uint64_t pcapng_file_pos(const struct pcapng *r);

#endif
