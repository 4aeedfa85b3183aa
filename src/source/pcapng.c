#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "source/pcap_classic.h"
#include "source/fileorder.h"
#include "source/pcapng.h"

enum {
    BT_SHB = 0x0a0d0d0a,           /* the same in either byte order */
    BT_IDB = 1,
    BT_PB = 2,                     /* obsolete: a 16-bit interface id and a drop count */
    BT_SPB = 3,
    BT_EPB = 6,
    BT_JOURNAL = 9,                /* systemd journal export: one entry, shown as a frame */
    BT_CUSTOM = 0x00000bad,        /* custom blocks (copy allowed, and not): frames too */
    BT_CUSTOM_NOCOPY = 0x40000bad,
    BOM = 0x1a2b3c4d,
    OPT_ENDOFOPT = 0,
    OPT_COMMENT = 1,
    OPT_PKT_FLAGS = 2,             /* a packet's options (EPB, PB) */
    OPT_PKT_DROPCOUNT = 4,
    OPT_PKT_PACKETID = 5,
    OPT_PKT_QUEUE = 6,
    OPT_PKT_VERDICT = 7,           /* not shown; only its length is checked */
    OPT_IF_NAME = 2,
    OPT_IF_DESCRIPTION = 3,
    OPT_IF_TSRESOL = 9,
    OPT_IF_HARDWARE = 15,
    OPT_IF_TSOFFSET = 14,
};

/* The SHB's type, length and byte-order magic; then its version (4) and
 * section length (8). */
#define SHB_MIN 28u
#define BLOCK_MIN 12u
/* Wireshark 4.0's least custom block (its PEN) and journal entry (after
 * trailing NULs): a shorter one makes the file damaged, there as here. */
#define CUSTOM_MIN 16u
#define JOURNAL_ENTRY_MIN 23u
/* Interfaces a section may have: memory stays bounded whatever the file
 * (real files have a few; a PB can name only 65536). */
#define PCAPNG_MAX_IFS 65536u

bool pcapng_magic(const uint8_t m[4])
{
    return m[0] == 0x0a && m[1] == 0x0d && m[2] == 0x0d && m[3] == 0x0a;
}

/* A block as it lies in the buffer: its body (after type and length) and
 * the body's length (before the trailing length). */
struct block {
    bool skipped;                  /* a large block, skipped already: nothing else is set */
    uint32_t type, total;
    const uint8_t *body;
    uint32_t blen;
};

static int fail(char *err, size_t errlen, const char *fmt, uint32_t a, uint32_t b)
{
    snprintf(err, errlen, fmt, a, b);
    return -1;
}

/* Units a second for an if_tsresol byte, as Wireshark: a power of 10, or
 * of 2 with the top bit set; an exponent past what 64 bits hold gives the
 * largest count. */
static uint64_t tsresol_units(uint8_t v)
{
    uint64_t base = v & 0x80 ? 2 : 10, exp = v & 0x7f, units = 1;
    if ((base == 2 && exp >= 64) || (base == 10 && exp >= 20))
        return UINT64_MAX;
    while (exp--)
        units *= base;
    return units;
}

/* A copy of an interface's text option (up to a NUL, as Wireshark's C
 * string, and at most PCAPNG_MAX_IFTEXT bytes) into t; t->p stays NULL
 * when it is absent or the file's texts are at their bound. */
static void keep_text(struct pcapng *r, struct frame_text *t, const struct frame_text *opt)
{
    t->p = NULL;
    t->n = 0;
    if (!opt->p)
        return;
    size_t n = strnlen((const char *)opt->p, opt->n);
    if (n > PCAPNG_MAX_IFTEXT)
        n = PCAPNG_MAX_IFTEXT;
    if (r->name_bytes + n + 1 > PCAPNG_MAX_IFTEXT_TOTAL)
        return;
    uint8_t *copy = malloc(n + 1);    /* + 1: an empty name is kept, and not NULL */
    if (!copy)
        return;
    memcpy(copy, opt->p, n);
    r->name_bytes += n + 1;
    t->p = copy;
    t->n = (uint32_t)n;
}

/* The next interface's names, at the end of the file's list (see
 * pcapng.h): its name is if_name, else if_description, else if_hardware,
 * as Wireshark 4.0 shows it. Past the list's bound, nothing is kept. */
static void add_names(struct pcapng *r, const struct frame_text opt[3])
{
    if (r->nnames == PCAPNG_MAX_NAMED)
        return;
    if (r->nnames == r->namecap) {
        uint32_t cap = r->namecap ? 2 * r->namecap : 4;
        struct frame_iface *v = realloc(r->names, cap * sizeof *v);
        if (!v)
            return;
        r->names = v;
        r->namecap = cap;
    }
    struct frame_iface *n = &r->names[r->nnames++];
    keep_text(r, &n->name, &opt[opt[0].p ? 0 : opt[1].p ? 1 : 2]);
    keep_text(r, &n->desc, &opt[1]);
}

/* An option longer than what is left of its block: Wireshark 4.0 takes
 * the file as damaged there. Returns -1 with err. */
static int option_overruns(const char *whose, uint16_t len, uint32_t left, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s option of %u bytes runs past its block, which has %u left", whose, len, left);
    return -1;
}

/* An IDB: a new interface with its link type, snapshot length and the
 * options that change its time stamps, up to an end-of-options; one
 * longer than the block makes the file damaged. */
static int add_interface(struct pcapng *r, const struct block *k, char *err, size_t errlen)
{
    if (k->blen < 8)
        return fail(err, errlen, "an interface block of %u bytes is shorter than the %u it must hold", k->total,
                    BLOCK_MIN + 8);
    if (r->nif == PCAPNG_MAX_IFS) {
        snprintf(err, errlen, "a section has more than %u interfaces", PCAPNG_MAX_IFS);
        return -1;
    }
    if (r->nif == r->ifcap) {
        uint32_t cap = r->ifcap ? 2 * r->ifcap : 4;
        struct pcapng_if *ifs = cap > r->ifcap ? realloc(r->ifs, cap * sizeof *ifs) : NULL;
        if (!ifs) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        r->ifs = ifs;
        r->ifcap = cap;
    }
    struct pcapng_if *i = &r->ifs[r->nif++];
    uint16_t lt = file_u16(k->body, r->swap);
    i->linktype = lt == 101 ? DLT_RAW : lt;    /* LINKTYPE_RAW is DLT_RAW, as in pcap_classic.c */
    i->snaplen = file_u32(k->body + 4, r->swap);
    i->units = 1000000;
    i->tsoffset = 0;
    struct frame_text text[3] = { { NULL, 0 }, { NULL, 0 }, { NULL, 0 } };   /* name, description, hardware */
    for (uint32_t at = 8; at + 4 <= k->blen;) {
        uint16_t code = file_u16(k->body + at, r->swap), len = file_u16(k->body + at + 2, r->swap);
        const uint8_t *v = k->body + at + 4;
        if (code == OPT_ENDOFOPT)
            break;
        if (len > k->blen - at - 4)
            return option_overruns("an interface's", len, k->blen - at - 4, err, errlen);
        if (code == OPT_IF_TSRESOL && len == 1)
            i->units = tsresol_units(v[0]);
        else if (code == OPT_IF_TSOFFSET && len == 8)
            i->tsoffset = (int64_t)file_u64(v, r->swap);
        else if (code == OPT_IF_NAME || code == OPT_IF_DESCRIPTION || code == OPT_IF_HARDWARE) {
            struct frame_text *t = &text[code == OPT_IF_NAME ? 0 : code == OPT_IF_DESCRIPTION ? 1 : 2];
            if (!t->p)                 /* the first, as Wireshark's */
                *t = (struct frame_text){ v, len };
        }
        at += 4 + ((len + 3u) & ~3u);
    }
    add_names(r, text);
    return 0;
}

/* An SHB's body after its byte-order magic: a new section, whose
 * interfaces start again. */
static int new_section(struct pcapng *r, const uint8_t *after_bom, char *err, size_t errlen)
{
    uint16_t major = file_u16(after_bom, r->swap), minor = file_u16(after_bom + 2, r->swap);
    if (major != 1 || (minor != 0 && minor != 2))   /* Wireshark reads 1.0 and 1.2 */
        return fail(err, errlen, "pcapng version %u.%u is not supported", major, minor);
    r->nif = 0;
    r->section++;
    return 0;
}

/* The byte order of the SHB whose byte-order magic is at p. */
static int section_order(struct pcapng *r, const uint8_t *p, char *err, size_t errlen)
{
    uint32_t bom;
    memcpy(&bom, p, 4);
    if (bom != BOM && bom != __builtin_bswap32(BOM))
        return fail(err, errlen, "a section header's byte-order magic is 0x%08x, not 0x%08x", __builtin_bswap32(bom),
                    BOM);
    r->swap = bom != BOM;
    return 0;
}

/* A block's total length, checked: 0, or -1 with err. One that is no
 * multiple of 4 is read as if rounded up, as Wireshark 4.0 reads it. */
static int check_length(uint32_t type, uint32_t total, char *err, size_t errlen)
{
    uint32_t min = type == BT_SHB ? SHB_MIN : BLOCK_MIN;
    if (total < min)
        return fail(err, errlen, "a block says it is %u bytes long, less than the %u it must be", total, min);
    return 0;
}

/* The trailing length must repeat the block's (or, for a length that is
 * no multiple of 4, the rounded one: Wireshark 4.0 takes either). */
static bool trailer_ok(uint32_t trail, uint32_t total)
{
    return trail == total || trail == ((total + 3) & ~3u);
}

/* Skip a block too large to hold at once (never one with a packet): its
 * bytes go by in pieces, then its trailing length is checked. pos is at
 * the block's start. */
static int skip_large(struct pcapng *r, uint32_t total, char *err, size_t errlen)
{
    struct recbuf *b = &r->b;
    uint64_t left = (((uint64_t)total + 3) & ~(uint64_t)3) - 4;
    while (left) {
        if (b->len == b->pos && !recbuf_need(b, 1))
            goto cut;
        size_t n = b->len - b->pos < left ? b->len - b->pos : (size_t)left;
        b->pos += n;
        left -= n;
    }
    if (!recbuf_need(b, 4))
        goto cut;
    uint32_t trail = file_u32(b->buf + b->pos, r->swap);
    if (!trailer_ok(trail, total))
        return fail(err, errlen, "a block's trailing length (%u) is not its length (%u)", trail, total);
    b->pos += 4;
    return 0;
cut: {
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a block of %u bytes", total);
        recbuf_explain(b, missing, err, errlen);
        return -1;
    }
}

/* The next block, whole in the buffer at pos (which stays at its start), or
 * a large non-packet block skipped (k->skipped; block type 0 is a block
 * like any other). `done`: bytes of it read
 * before (the first SHB's type, 4). 1: a block; 0: a clean end; -1: err. */
static int next_block(struct pcapng *r, struct block *k, uint32_t done, char *err, size_t errlen)
{
    struct recbuf *b = &r->b;
    if (!recbuf_need(b, BLOCK_MIN - done)) {
        if (done == 0 && recbuf_clean_end(b))
            return 0;
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a block header (%zu of %u bytes)",
                 b->len - b->pos + done, BLOCK_MIN);
        recbuf_explain(b, missing, err, errlen);
        return -1;
    }
    const uint8_t *p = b->buf + b->pos;        /* the block's byte `done` */
    uint32_t type = done ? BT_SHB : file_u32(p, r->swap);   /* an SHB's type reads the same either way */
    if (type == BT_SHB && section_order(r, p + 8 - done, err, errlen) < 0)
        return -1;
    uint32_t said = file_u32(p + 4 - done, r->swap);
    if (check_length(type, said, err, errlen) < 0)
        return -1;
    if (said > PCAPNG_MAX_PACKET_BLOCK && (type == BT_EPB || type == BT_PB || type == BT_SPB || type == BT_SHB ||
                                           type == BT_IDB))
        return fail(err, errlen, "a block says it is %u bytes long, more than the %u any may with a packet", said,
                    PCAPNG_MAX_PACKET_BLOCK);
    k->skipped = said > PCAPNG_MAX_PACKET_BLOCK;
    if (k->skipped)
        return skip_large(r, said, err, errlen) < 0 ? -1 : 1;
    uint32_t total = (said + 3) & ~3u;
    if (!recbuf_need(b, total - done)) {
        char missing[96];
        snprintf(missing, sizeof missing, "the file ends in the middle of a block (%zu of %u bytes)",
                 b->len - b->pos + done, total);
        recbuf_explain(b, missing, err, errlen);
        return -1;
    }
    p = b->buf + b->pos;
    uint32_t trail = file_u32(p + total - 4 - done, r->swap);
    if (!trailer_ok(trail, said))
        return fail(err, errlen, "a block's trailing length (%u) is not its length (%u)", trail, said);
    k->type = type;
    k->total = total;
    k->body = p + 8 - done;
    k->blen = total - BLOCK_MIN;
    return 1;
}

/* The packet options of a fixed size that a frame keeps (frame_pkt_opts). */
static const struct pkt_option_kind {
    uint16_t code;
    uint8_t bit, size;              /* PKT_ bit; bytes */
    const char *name;               /* in the damaged file's message */
} pkt_option_kinds[] = {
    { OPT_PKT_FLAGS, PKT_FLAGS, 4, "flags" },
    { OPT_PKT_DROPCOUNT, PKT_DROPS, 8, "drop count" },
    { OPT_PKT_PACKETID, PKT_ID, 8, "packet id" },
    { OPT_PKT_QUEUE, PKT_QUEUE, 4, "queue" },
};

/* Option k's value at v, the first of its code (as Wireshark 4.0 keeps
 * it): one of another size makes the file damaged, there as here. 0, or
 * -1 with err. */
static int pkt_option(const struct pcapng *r, const uint8_t *v, uint16_t len, const struct pkt_option_kind *k,
                      struct frame *f, char *err, size_t errlen)
{
    if (len != k->size) {
        snprintf(err, errlen, "a packet's %s option is %u bytes long, not %u", k->name, len, k->size);
        return -1;
    }
    if (f->pkt.present & k->bit)
        return 0;
    f->pkt.present |= k->bit;
    switch (k->bit) {
    case PKT_FLAGS: f->pkt.flags = file_u32(v, r->swap); break;
    case PKT_DROPS: f->pkt.drops = file_u64(v, r->swap); break;
    case PKT_ID: f->pkt.id = file_u64(v, r->swap); break;
    default: f->pkt.queue = file_u32(v, r->swap); break;
    }
    return 0;
}

/* A packet's options at p (n bytes), into f: its comments and the options
 * of pkt_option, up to an end-of-options; one longer than the block, or
 * of a kind's wrong size, makes the file damaged. 0, or -1 with err. */
static int packet_options(const struct pcapng *r, const uint8_t *p, uint32_t n, struct frame *f, char *err,
                          size_t errlen)
{
    for (uint32_t at = 0; at + 4 <= n;) {
        uint16_t code = file_u16(p + at, r->swap), len = file_u16(p + at + 2, r->swap);
        if (code == OPT_ENDOFOPT)
            break;
        if (len > n - at - 4)
            return option_overruns("a packet's", len, n - at - 4, err, errlen);
        const uint8_t *v = p + at + 4;
        if (code == OPT_COMMENT && f->ncomment < MAX_COMMENT)
            f->comment[f->ncomment++] = (struct frame_text){ v, len };
        for (size_t i = 0; i < sizeof pkt_option_kinds / sizeof pkt_option_kinds[0]; i++)
            if (code == pkt_option_kinds[i].code && pkt_option(r, v, len, &pkt_option_kinds[i], f, err, errlen) < 0)
                return -1;
        /* A verdict: a type byte, then a Linux eBPF TC or XDP verdict's 8
         * bytes; another length makes the file damaged in Wireshark 4.0. */
        if (code == OPT_PKT_VERDICT && len == 0)
            return fail(err, errlen, "a packet's verdict option is %u bytes long, not at least %u", 0, 1);
        if (code == OPT_PKT_VERDICT && (v[0] == 1 || v[0] == 2) && len != 9)
            return fail(err, errlen, v[0] == 1 ? "a packet's eBPF TC verdict option is %u bytes long, not %u"
                                                : "a packet's eBPF XDP verdict option is %u bytes long, not %u",
                        len, 9);
        at += 4 + ((len + 3u) & ~3u);
    }
    return 0;
}

/* A packet block into f. 0, or -1 with err. */
static int packet(struct pcapng *r, const struct block *k, struct frame *f, char *err, size_t errlen)
{
    uint32_t ifid, caplen, len, hdr;
    uint64_t ts = 0;
    if (k->type == BT_SPB) {
        if (k->blen < 4)
            return fail(err, errlen, "a simple packet block of %u bytes is shorter than the %u it must hold",
                        k->total, BLOCK_MIN + 4);
        if (r->nif == 0) {
            snprintf(err, errlen, "a simple packet block comes before any interface");
            return -1;
        }
        ifid = 0;
        hdr = 4;
        len = file_u32(k->body, r->swap);
        /* No captured length in an SPB: the packet's, cut to the snapshot length. */
        caplen = r->ifs[0].snaplen && len > r->ifs[0].snaplen ? r->ifs[0].snaplen : len;
    } else {
        if (k->blen < 20)
            return fail(err, errlen, "a packet block of %u bytes is shorter than the %u it must hold", k->total,
                        BLOCK_MIN + 20);
        ifid = k->type == BT_PB ? file_u16(k->body, r->swap) : file_u32(k->body, r->swap);
        ts = (uint64_t)file_u32(k->body + 4, r->swap) << 32 | file_u32(k->body + 8, r->swap);
        caplen = file_u32(k->body + 12, r->swap);
        len = file_u32(k->body + 16, r->swap);
        hdr = 20;
        if (ifid >= r->nif)
            return fail(err, errlen, "a packet names interface %u, and the section has %u", ifid, r->nif);
    }
    if (caplen > k->blen - hdr)
        return fail(err, errlen, "a packet says it holds %u bytes, more than the %u its block has room for", caplen,
                    k->blen - hdr);
    if (caplen > PCAP_MAX_RECORD)
        return fail(err, errlen, "a packet says it holds %u bytes, more than the %u any capture may", caplen,
                    PCAP_MAX_RECORD);
    const struct pcapng_if *i = &r->ifs[ifid];
    f->ncomment = 0;
    f->pkt.present = 0;
    f->record = REC_PACKET;
    f->section = r->section;
    f->if_id = ifid;
    f->iface = ifid < r->nnames ? &r->names[ifid] : NULL;    /* the file's list, as Wireshark 4.0 */
    f->no_ts = k->type == BT_SPB;
    if (f->no_ts) {
        /* Wireshark 4.0 gives an SPB the time 0 (its deltas show it). */
        f->ts = (struct timespec){ 0, 0 };
    } else {
        /* As Wireshark 4.0, in 64 bits (a fraction times 10^9 wraps for units
         * past 2^34, there as here). */
        f->ts.tv_sec = (time_t)(ts / i->units + (uint64_t)i->tsoffset);
        f->ts.tv_nsec = (int32_t)((ts % i->units) * 1000000000u / i->units);
        uint32_t data = hdr + ((caplen + 3u) & ~3u);   /* caplen <= blen - hdr: no wrap */
        if (data < k->blen && packet_options(r, k->body + data, k->blen - data, f, err, errlen) < 0)
            return -1;
        /* An obsolete PB's drop count is in its header (0xffff: not
         * known); Wireshark 4.0 takes a drop count option over it. */
        uint16_t pb_drops = k->type == BT_PB ? file_u16(k->body + 2, r->swap) : 0xffff;
        if (pb_drops != 0xffff && !(f->pkt.present & PKT_DROPS)) {
            f->pkt.present |= PKT_DROPS;
            f->pkt.drops = pb_drops;
        }
    }
    r->last_ts = f->ts;
    f->caplen = caplen;
    f->len = len;
    f->data = k->body + hdr;
    f->linktype = i->linktype;
    f->link_swapped = r->swap;
    f->ts_nsec = i->units >= 1000000000u;
    return 0;
}

/* A journal entry's time: the decimal digits after the first
 * "__REALTIME_TIMESTAMP=" (microseconds since 1970), as Wireshark 4.0 finds
 * it (a search that stops at a NUL; the number must have digits and fit in
 * 64 bits). false: none. */
static bool journal_time(const uint8_t *p, uint32_t n, struct timespec *ts)
{
    static const char key[] = "__REALTIME_TIMESTAMP=";
    const uint32_t klen = sizeof key - 1;
    uint32_t end = 0;
    while (end < n && p[end])
        end++;
    for (uint32_t at = 0; at + klen <= end; at++) {
        if (memcmp(p + at, key, klen) != 0)
            continue;
        uint32_t d = at + klen;
        uint64_t us = 0;
        if (d >= n || p[d] < '0' || p[d] > '9')
            return false;
        for (; d < end && p[d] >= '0' && p[d] <= '9'; d++) {
            if (us > (UINT64_MAX - (uint64_t)(p[d] - '0')) / 10)
                return false;
            us = us * 10 + (uint64_t)(p[d] - '0');
        }
        ts->tv_sec = (time_t)(us / 1000000u);
        ts->tv_nsec = (long)(us % 1000000u) * 1000;
        return true;
    }
    return false;
}

/* A custom or journal block as Wireshark 4.0 shows it: a frame of its own,
 * of no link type (nothing is decoded), without a time stamp unless a
 * journal entry has one; its time is the record before's. 0, or -1 with
 * err. */
static int block_frame(struct pcapng *r, const struct block *k, struct frame *f, char *err, size_t errlen)
{
    uint32_t skip = 0, n = k->blen;
    f->ncomment = 0;
    f->pkt.present = 0;
    f->section = r->section;
    f->if_id = 0;
    f->iface = NULL;
    f->no_ts = true;
    f->ts = r->last_ts;
    if (k->type == BT_JOURNAL) {
        if (k->total < BLOCK_MIN + JOURNAL_ENTRY_MIN)
            return fail(err, errlen, "a systemd journal export block of %u bytes is shorter than the %u it must be",
                        k->total, BLOCK_MIN + JOURNAL_ENTRY_MIN);
        while (n && k->body[n - 1] == 0)
            n--;
        if (n < JOURNAL_ENTRY_MIN)
            return fail(err, errlen, "a systemd journal entry of %u bytes is shorter than the %u it must be", n,
                        JOURNAL_ENTRY_MIN);
        f->record = REC_JOURNAL_BLOCK;
        f->no_ts = !journal_time(k->body, n, &f->ts);
        r->last_ts = f->ts;
    } else {
        if (k->total < CUSTOM_MIN)
            return fail(err, errlen, "a custom block of %u bytes is shorter than the %u it must be", k->total,
                        CUSTOM_MIN);
        f->record = REC_CUSTOM_BLOCK;
        f->block_pen = file_u32(k->body, r->swap);
        f->block_copy = k->type == BT_CUSTOM;
        skip = 4;              /* its Private Enterprise Number */
        n -= skip;
    }
    f->caplen = f->len = n;
    f->data = k->body + skip;
    f->linktype = PCAPNG_NO_LINKTYPE;
    f->link_swapped = r->swap;
    f->ts_nsec = false;
    return 0;
}

/* Read blocks until a packet: 1 with f, 0 at the end, -1 with err. With f
 * NULL, stop before a packet block, or after the first interface (2). */
static int read_blocks(struct pcapng *r, struct frame *f, char *err, size_t errlen)
{
    struct recbuf *b = &r->b;
    for (;;) {
        if (!recbuf_between(b)) {
            recbuf_explain(b, "", err, errlen);
            return -1;
        }
        struct block k;
        int rc = next_block(r, &k, 0, err, errlen);
        if (rc <= 0)
            return rc;
        if (k.skipped)
            continue;
        bool is_packet = k.type == BT_EPB || k.type == BT_PB || k.type == BT_SPB;
        bool is_frame = k.type == BT_JOURNAL || k.type == BT_CUSTOM || k.type == BT_CUSTOM_NOCOPY;
        if ((is_packet || is_frame) && !f)
            return 2;
        if (is_packet) {
            if (packet(r, &k, f, err, errlen) < 0)
                return -1;
        } else if (is_frame) {
            if (block_frame(r, &k, f, err, errlen) < 0)
                return -1;
            is_packet = true;
        } else if (k.type == BT_SHB) {
            if (new_section(r, k.body + 4, err, errlen) < 0)
                return -1;
        } else if (k.type == BT_IDB) {
            if (add_interface(r, &k, err, errlen) < 0)
                return -1;
        }
        b->pos += k.total;
        if (is_packet) {
            recbuf_prefetch(b);
            return 1;
        }
        if (!f && k.type == BT_IDB)
            return 2;
    }
}

int pcapng_open(struct pcapng *r, struct instream *in, bool paged, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    struct recbuf *b = &r->b;
    if (recbuf_open(b, in, PCAPNG_MAX_PACKET_BLOCK, paged, err, errlen) < 0)
        return -1;
    struct block k;
    if (next_block(r, &k, 4, err, errlen) < 0 || new_section(r, k.body + 4, err, errlen) < 0)
        return -1;
    b->pos += k.total - 4;
    /* On to the first interface, for the filter's link type. A damaged
     * block here is said by the first pcapng_next, after no frame. */
    if (read_blocks(r, NULL, r->failure, sizeof r->failure) < 0)
        r->failed = true;
    return 0;
}

int pcapng_first_linktype(const struct pcapng *r)
{
    return r->nif ? r->ifs[0].linktype : DLT_EN10MB;
}

int pcapng_next(struct pcapng *r, struct frame *f, char *err, size_t errlen)
{
    if (r->failed) {
        snprintf(err, errlen, "%s", r->failure);
        return -1;
    }
    int rc = read_blocks(r, f, err, errlen);
    if (rc < 0) {
        /* Sticky: a caller that asks again hears the same. */
        r->failed = true;
        snprintf(r->failure, sizeof r->failure, "%s", err);
    }
    return rc;
}

void pcapng_close(struct pcapng *r)
{
    recbuf_close(&r->b);
    free(r->ifs);
    r->ifs = NULL;
    for (uint32_t k = 0; k < r->nnames; k++) {
        free((void *)r->names[k].name.p);
        free((void *)r->names[k].desc.p);
    }
    free(r->names);
    r->names = NULL;
    r->nnames = 0;
}

uint64_t pcapng_file_pos(const struct pcapng *r)
{
    return recbuf_file_pos(&r->b);
}
