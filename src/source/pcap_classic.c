#include <pcap/dlt.h>
#include <stdio.h>
#include <string.h>

#include "source/fileorder.h"
#include "source/pcap_classic.h"

bool pcap_classic_magic(const uint8_t m[4])
{
    uint32_t be = (uint32_t)m[0] << 24 | m[1] << 16 | m[2] << 8 | m[3];
    return be == 0xa1b2c3d4 || be == 0xd4c3b2a1 || be == 0xa1b23c4d || be == 0x4d3cb2a1;
}

/* A record cut by a block's end is carried into the next block's front. */
#define CARRY_MAX (16 + PCAP_MAX_RECORD)

int pcap_classic_open(struct pcap_classic *r, struct instream *in, const uint8_t magic[4], bool paged, char *err,
                      size_t errlen)
{
    memset(r, 0, sizeof *r);
    uint32_t host;
    memcpy(&host, magic, 4);
    r->swap = host != 0xa1b2c3d4 && host != 0xa1b23c4d;
    r->nsec = host == 0xa1b23c4d || host == 0x4d3cb2a1;
    struct recbuf *b = &r->b;
    if (recbuf_open(b, in, CARRY_MAX, paged, err, errlen) < 0)
        return -1;
    if (!recbuf_need(b, 20)) {
        recbuf_explain(b, "the pcap file header is cut short", err, errlen);
        return -1;
    }
    const uint8_t *h = b->buf + b->pos;   /* after the magic: version, zone, sigfigs, snaplen, linktype */
    uint16_t major = file_u16(h, r->swap);
    if (major != 2) {
        snprintf(err, errlen, "pcap version %u is not supported", major);
        return -1;
    }
    r->snaplen = file_u32(h + 12, r->swap);
    uint32_t lt = file_u32(h + 16, r->swap) & 0x03ffffff;
    r->linktype = lt == 101 ? DLT_RAW : (int)lt;    /* LINKTYPE_RAW is DLT_RAW */
    b->pos += 20;
    return 0;
}

int pcap_classic_next(struct pcap_classic *r, struct frame *f, char *err, size_t errlen)
{
    struct recbuf *b = &r->b;
    if (!recbuf_between(b)) {
        recbuf_explain(b, "", err, errlen);
        return -1;
    }
    if (!recbuf_need(b, 16)) {
        if (recbuf_clean_end(b))
            return 0;
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a record header (%zu of 16 bytes)",
                 b->len - b->pos);
        recbuf_explain(b, missing, err, errlen);
        return -1;
    }
    const uint8_t *h = b->buf + b->pos;
    uint32_t sec = file_u32(h, r->swap), frac = file_u32(h + 4, r->swap);
    uint32_t caplen = file_u32(h + 8, r->swap), len = file_u32(h + 12, r->swap);
    if (caplen > PCAP_MAX_RECORD) {
        snprintf(err, errlen, "a record says it holds %u bytes, more than the %u any capture may", caplen,
                 PCAP_MAX_RECORD);
        return -1;
    }
    if (!recbuf_need(b, 16 + caplen)) {
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a record (%zu of %u bytes)",
                 b->len - b->pos - 16, caplen);
        recbuf_explain(b, missing, err, errlen);
        return -1;
    }
    f->ts.tv_sec = sec;
    /* As Wireshark: microseconds times 1000 in 32 bits, so a damaged
     * fraction shows as Wireshark shows it. */
    f->ts.tv_nsec = (int32_t)(r->nsec ? frac : frac * 1000u);
    f->caplen = caplen;
    f->len = len;
    f->data = b->buf + b->pos + 16;
    f->linktype = r->linktype;
    f->link_swapped = r->swap;
    f->ts_nsec = r->nsec;
    f->no_ts = false;
    f->record = REC_PACKET;
    f->ncomment = 0;
    f->section = 0;        /* no pcapng section or interface */
    f->iface = NULL;
    f->pkt.present = 0;
    b->pos += 16 + caplen;
    recbuf_prefetch(b);
    return 1;
}

void pcap_classic_close(struct pcap_classic *r)
{
    recbuf_close(&r->b);
}

uint64_t pcap_classic_file_pos(const struct pcap_classic *r)
{
    return recbuf_file_pos(&r->b);
}
