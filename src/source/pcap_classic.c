#include <errno.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "source/pcap_classic.h"

#define BUF_SIZE (4u << 20)

static uint32_t get32(const struct pcap_classic *r, const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return r->swap ? __builtin_bswap32(v) : v;
}

static uint16_t get16(const struct pcap_classic *r, const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return r->swap ? __builtin_bswap16(v) : v;
}

bool pcap_classic_magic(const uint8_t m[4])
{
    uint32_t be = (uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3];
    return be == 0xa1b2c3d4 || be == 0xd4c3b2a1 || be == 0xa1b23c4d || be == 0x4d3cb2a1;
}

/* A record cut by a block's end is carried into the next block's front. */
#define CARRY_MAX (16 + PCAP_MAX_RECORD)

/* Another process is about to write or cut the mapped file (filemap.h):
 * go on with read(2) from the next record, as if the file had never been
 * mapped. false: out of memory (said in the stream's error). */
static bool leave_map(struct pcap_classic *r)
{
    uint64_t file_off = r->map_start + r->pos;
    fmap_close(&r->map);
    r->in->file_pos = r->buf_off + r->pos;
    r->cap = BUF_SIZE;
    r->buf = malloc(r->cap);
    r->len = r->pos = 0;
    if (!r->buf || lseek(r->in->fd, (off_t)file_off, SEEK_SET) < 0) {
        snprintf(r->in->err, sizeof r->in->err, "%s", r->buf ? strerror(errno) : "out of memory");
        r->in->failed = r->in->at_end = true;
        r->eof = true;
        return false;
    }
    return true;
}

/* Make n bytes available from pos; false at the end of the data. */
static bool need(struct pcap_classic *r, size_t n)
{
    if (r->map.base)
        return r->len - r->pos >= n;
    if (r->len - r->pos >= n)
        return true;
    if (r->ra) {
        /* n <= CARRY_MAX, so what is left is less than the carry room, and
         * a block (RA_BLOCK bytes unless it is the last) holds the rest. */
        size_t len;
        const uint8_t *carry = r->buf ? r->buf + r->pos : NULL;   /* no block yet before the first */
        uint8_t *b = ra_next(r->ra, carry, r->len - r->pos, &len);
        if (!b)
            return false;
        r->buf_off += r->pos;
        r->buf = b;
        r->len = len;
        r->pos = 0;
        return r->len >= n || need(r, n);
    }
    memmove(r->buf, r->buf + r->pos, r->len - r->pos);
    r->len -= r->pos;
    r->pos = 0;
    while (r->len < n && !r->eof) {
        ssize_t got = instream_read(r->in, r->buf + r->len, r->cap - r->len);
        if (got <= 0)
            r->eof = true;
        else
            r->len += (size_t)got;
    }
    return r->len >= n;
}

/* Why the data stopped before n bytes: the stream's own reason (damaged
 * compressed data, a read error) when it has one, else what is missing. */
static void explain_short(const struct pcap_classic *r, const char *missing, char *err, size_t errlen)
{
    const char *why = instream_error(r->in);
    snprintf(err, errlen, "%s", why ? why : missing);
}

int pcap_classic_open(struct pcap_classic *r, struct instream *in, const uint8_t magic[4], bool map, char *err,
                      size_t errlen)
{
    memset(r, 0, sizeof *r);
    r->in = in;
    uint32_t host;
    memcpy(&host, magic, 4);
    r->swap = host != 0xa1b2c3d4 && host != 0xa1b23c4d;
    r->nsec = host == 0xa1b23c4d || host == 0x4d3cb2a1;
    r->buf_off = in->file_pos;         /* the magic, read before (the thread owns in from now) */
    off_t at = in->regular && !in->gzip ? lseek(in->fd, 0, SEEK_CUR) : -1;
    if (at >= 0 && fmap_open(&r->map, in->fd, (size_t)at, CARRY_MAX, map)) {
        if ((uint64_t)at <= r->map.size) {
            r->map_start = (uint64_t)at;
            r->buf = r->map.base + at;
            r->len = r->map.size - (size_t)at;
        } else {
            fmap_close(&r->map);
        }
    }
    if (in->regular && !r->map.base)
        r->ra = ra_start(in, CARRY_MAX);
    if (!r->ra && !r->map.base) {
        r->cap = BUF_SIZE;
        r->buf = malloc(r->cap);
        if (!r->buf) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    if (r->map.base && fmap_broken() && !leave_map(r)) {
        explain_short(r, "", err, errlen);
        return -1;
    }
    if (!need(r, 20)) {
        explain_short(r, "the pcap file header is cut short", err, errlen);
        return -1;
    }
    const uint8_t *h = r->buf;         /* after the magic: version, zone, sigfigs, snaplen, linktype */
    uint16_t major = get16(r, h);
    if (major != 2) {
        snprintf(err, errlen, "pcap version %u is not supported", major);
        return -1;
    }
    r->snaplen = get32(r, h + 12);
    uint32_t lt = get32(r, h + 16) & 0x03ffffff;
    r->linktype = lt == 101 ? DLT_RAW : (int)lt;    /* LINKTYPE_RAW is DLT_RAW */
    r->pos = 20;
    return 0;
}

int pcap_classic_next(struct pcap_classic *r, struct frame *f, char *err, size_t errlen)
{
    /* Only here, between records, is the map left: the record handed out
     * next is read whole from the map (the handler's copy holds it) or
     * whole from the file. */
    if (r->map.base) {
        fmap_at(&r->map, r->map_start + r->pos);
        if (fmap_broken() && !leave_map(r)) {
            explain_short(r, "", err, errlen);
            return -1;
        }
    }
    if (!need(r, 16)) {
        if (r->len == r->pos && !instream_error(r->in))
            return 0;
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a record header (%zu of 16 bytes)",
                 r->len - r->pos);
        explain_short(r, missing, err, errlen);
        return -1;
    }
    const uint8_t *h = r->buf + r->pos;
    uint32_t sec = get32(r, h), frac = get32(r, h + 4);
    uint32_t caplen = get32(r, h + 8), len = get32(r, h + 12);
    if (caplen > PCAP_MAX_RECORD) {
        snprintf(err, errlen, "a record says it holds %u bytes, more than the %u any capture may", caplen,
                 PCAP_MAX_RECORD);
        return -1;
    }
    if (!need(r, 16 + caplen)) {
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a record (%zu of %u bytes)",
                 r->len - r->pos - 16, caplen);
        explain_short(r, missing, err, errlen);
        return -1;
    }
    f->ts.tv_sec = sec;
    /* As Wireshark: microseconds times 1000 in 32 bits, so a damaged
     * fraction shows as Wireshark shows it. */
    f->ts.tv_nsec = (int32_t)(r->nsec ? frac : frac * 1000u);
    f->caplen = caplen;
    f->len = len;
    f->data = r->buf + r->pos + 16;
    f->linktype = r->linktype;
    f->link_swapped = r->swap;
    f->ts_nsec = r->nsec;
    r->pos += 16 + caplen;
    /* The reader's loads of each record's first bytes missed the cache (90%
     * of this function's time in perf): ask for the next record's header
     * and frame start now, and for what lies a few records further on. */
    if (r->len - r->pos > 2048) {
        __builtin_prefetch(r->buf + r->pos);
        __builtin_prefetch(r->buf + r->pos + 64);
        __builtin_prefetch(r->buf + r->pos + 1024);
        __builtin_prefetch(r->buf + r->pos + 2048);
    }
    return 1;
}

void pcap_classic_close(struct pcap_classic *r)
{
    if (r->ra)
        ra_stop(r->ra);
    else if (r->map.base)
        fmap_close(&r->map);
    else
        free(r->buf);
    r->ra = NULL;
    r->buf = NULL;
}

uint64_t pcap_classic_file_pos(const struct pcap_classic *r)
{
    const struct instream *in = r->in;
    if (r->map.base)
        return r->buf_off + r->pos;
    if (r->ra)
        return in->gzip ? ra_file_pos(r->ra) : r->buf_off + r->pos;
    uint64_t pos = instream_file_pos(in);
    if (!in->gzip && r->len - r->pos <= pos)
        pos -= r->len - r->pos;                        /* in our buffer, not handed out yet */
    return pos;
}
