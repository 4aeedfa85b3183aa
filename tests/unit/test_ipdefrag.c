/* The IPv4 and IPv6 defragmenter (src/track/ipdefrag.c): order, overlap and
 * duplicates as Wireshark's reassemble.c, the key, and its bounds (the
 * table's size, the bytes held, the fragments per datagram, the timeout).
 * Each frame is in a heap buffer of exactly its size, for ASan. */
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "track/ipdefrag.h"

static int fails;

static void check(bool ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", what);
    if (!ok)
        fails++;
}

/* The datagram's payload: a TCP header (40000 -> 5555, PSH ACK) and data
 * bytes i & 0xff, total bytes in all. */
static uint8_t datagram[4096];

static void make_datagram(uint32_t total)
{
    for (uint32_t i = 0; i < total; i++)
        datagram[i] = (uint8_t)i;
    static const uint8_t tcp[20] = { 0x9c, 0x40, 0x15, 0xb3, 0, 0, 0x03, 0xe9, 0, 0, 0x13, 0x89, 0x50, 0x18,
                                     0x20, 0x00, 0, 0, 0, 0 };
    memcpy(datagram, tcp, total < 20 ? total : 20);
}

static uint8_t net = 10;       /* the first byte of both IPv4 addresses */

struct frag_frame {
    struct frame f;
    uint8_t *buf;
};

/* An Ethernet frame of one fragment: payload bytes [from, from + n) of
 * datagram (or of bytes when given), at offset from, MF as told; optionally
 * behind a VLAN tag. */
static void frag(struct frag_frame *ff, uint16_t id, uint8_t proto, uint32_t from, uint32_t n, bool mf,
                 const uint8_t *bytes, uint16_t vlan, time_t sec)
{
    uint32_t link = vlan ? 18 : 14, caplen = link + 20 + n;
    uint8_t *b = calloc(1, caplen);
    b[12] = vlan ? 0x81 : 0x08;
    if (vlan)
        b[14] = (uint8_t)(vlan >> 8), b[15] = (uint8_t)vlan, b[16] = 0x08;
    uint8_t *ip = b + link;
    uint16_t len = (uint16_t)(20 + n), fr = (uint16_t)((mf ? 0x2000 : 0) | from / 8);
    ip[0] = 0x45, ip[2] = (uint8_t)(len >> 8), ip[3] = (uint8_t)len, ip[4] = (uint8_t)(id >> 8), ip[5] = (uint8_t)id;
    ip[6] = (uint8_t)(fr >> 8), ip[7] = (uint8_t)fr, ip[8] = 64, ip[9] = proto;
    ip[12] = net, ip[15] = 1, ip[16] = net, ip[19] = 2;
    memcpy(ip + 20, bytes ? bytes : datagram + from, n);
    ff->buf = b;
    ff->f = (struct frame){ .number = 1, .ts = { sec, 0 }, .len = caplen, .caplen = caplen, .data = b,
                            .linktype = DLT_EN10MB };
    decode_frame(&ff->f, NULL);
}

/* Give one fragment; the result of defrag_frame. The frame stays in ff
 * (its buffer is freed by done()). */
static bool give(struct defrag *d, struct frag_frame *ff, uint16_t id, uint32_t from, uint32_t n, bool mf)
{
    frag(ff, id, 6, from, n, mf, NULL, 0, 1000);
    return defrag_frame(d, &ff->f);
}

static void done(struct frag_frame *ff)
{
    free(ff->buf);
}

/* The datagram the frame completed is the first total bytes of datagram. */
static bool whole(const struct frag_frame *ff, uint32_t total)
{
    const struct frame *f = &ff->f;
    return f->buflen == f->caplen + total && !memcmp(f->data + f->caplen, datagram, total) && f->has_tcp &&
           f->tcp.sport == 40000 && f->tcp.dport == 5555 && f->tcp.seg_len == total - 20 && f->tcp.have_seglen &&
           f->ip[f->nip - 1].reassembled;
}

static void orders(void)
{
    static const struct { const char *what; int order[4]; int n; } cases[] = {
        { "in order", { 0, 1, 2 }, 3 }, { "out of order", { 1, 0, 2 }, 3 }, { "first fragment last", { 1, 2, 0 }, 3 },
        { "last fragment first", { 2, 0, 1 }, 3 }, { "a fragment twice before the end", { 0, 0, 1, 2 }, 4 },
    };
    make_datagram(140);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        struct defrag *d = defrag_new();
        bool early = false, last = false, no_tcp = true;
        struct frag_frame ff;
        for (int k = 0; k < cases[c].n; k++) {
            int p = cases[c].order[k];
            bool r = give(d, &ff, 7, (uint32_t)p * 48, p == 2 ? 44 : 48, p != 2);
            if (k + 1 < cases[c].n) {
                early |= r;
                no_tcp &= !ff.f.has_tcp;
                done(&ff);
            } else {
                last = r && whole(&ff, 140);
                done(&ff);
            }
        }
        struct defrag_stats st;
        defrag_stats(d, &st);
        char what[128];
        snprintf(what, sizeof what, "%s: the last frame completes the datagram, TCP decoded from it only",
                 cases[c].what);
        check(!early && no_tcp && last && st.datagrams == 0 && st.held == 0 && st.completed == 1, what);
        defrag_free(d);
    }
}

static void overlaps(void)
{
    make_datagram(140);
    struct defrag *d = defrag_new();
    struct frag_frame a, b;
    /* 0-63, then 48-139 whose first 8 bytes differ: the earlier offset's
     * bytes stay (reassemble.c adds only new bytes). */
    uint8_t other[92];
    memcpy(other, datagram + 48, sizeof other);
    memset(other, 'X', 8);
    bool r1 = give(d, &a, 9, 0, 64, true);
    frag(&b, 9, 6, 48, sizeof other, false, other, 0, 1000);
    bool r2 = defrag_frame(d, &b.f);
    check(!r1 && r2 && whole(&b, 140), "overlapping fragments with other bytes: the lower offset's bytes are kept");
    done(&a), done(&b);
    /* The same offset twice with other bytes: the one that came first. */
    uint8_t first[48];
    memcpy(first, datagram, 48);
    memset(first + 20, 'Y', 8);
    frag(&a, 10, 6, 0, 48, true, first, 0, 1000);
    defrag_frame(d, &a.f);
    done(&a);
    give(d, &a, 10, 0, 48, true);
    done(&a);
    r2 = give(d, &b, 10, 48, 92, false);
    check(r2 && b.f.buflen == b.f.caplen + 140 && !memcmp(b.f.data + b.f.caplen + 20, "YYYYYYYY", 8),
          "the same offset twice: the first one's bytes are kept");
    done(&b);
    /* A second tail of another length changes nothing; a fragment past the
     * end adds nothing (and the datagram completes by the first tail). */
    give(d, &a, 11, 96, 44, false);
    done(&a);
    give(d, &a, 11, 96, 40, false);
    done(&a);
    give(d, &a, 11, 200, 16, true);
    done(&a);
    give(d, &a, 11, 0, 48, true);
    done(&a);
    r2 = give(d, &b, 11, 48, 48, true);
    check(r2 && whole(&b, 140), "a second tail and a fragment past the end: the first tail's length");
    done(&b);
    /* After completion, the same fragment again starts a new datagram. */
    r1 = give(d, &a, 11, 48, 48, true);
    struct defrag_stats st;
    defrag_stats(d, &st);
    check(!r1 && !a.f.has_tcp && st.datagrams == 1, "a fragment of a completed datagram again: a new datagram");
    done(&a);
    defrag_free(d);
}

static void keys(void)
{
    make_datagram(96);
    struct defrag *d = defrag_new();
    struct frag_frame a, b;
    /* Same id, other protocol: not the same datagram. */
    frag(&a, 12, 17, 0, 48, true, NULL, 0, 1000);
    defrag_frame(d, &a.f);
    done(&a);
    bool r = give(d, &b, 12, 48, 48, false);
    check(!r && !b.f.has_tcp, "the protocol is part of the key");
    done(&b);
    /* Same id behind another VLAN: not the same datagram either. */
    frag(&a, 13, 6, 0, 48, true, NULL, 5, 1000);
    defrag_frame(d, &a.f);
    done(&a);
    frag(&b, 13, 6, 48, 48, false, NULL, 6, 1000);
    r = defrag_frame(d, &b.f);
    check(!r, "the VLAN id is part of the key for private addresses");
    done(&b);
    frag(&b, 13, 6, 48, 48, false, NULL, 5, 1000);
    r = defrag_frame(d, &b.f);
    check(r && b.f.has_tcp && b.f.tcp.seg_len == 76, "the same VLAN id completes it");
    done(&b);
    /* Public addresses: tshark 4.0 leaves the VLAN id out of the key. */
    net = 8;
    frag(&a, 13, 6, 0, 48, true, NULL, 5, 1000);
    defrag_frame(d, &a.f);
    done(&a);
    frag(&b, 13, 6, 48, 48, false, NULL, 6, 1000);
    r = defrag_frame(d, &b.f);
    net = 10;
    check(r && b.f.has_tcp, "not for public addresses: another VLAN id completes it");
    done(&b);
    /* A datagram of 10 bytes: the TCP header cut by the datagram's end. */
    give(d, &a, 14, 0, 8, true);
    done(&a);
    r = give(d, &b, 14, 8, 2, false);
    check(r && b.f.buflen == b.f.caplen + 10 && (!b.f.has_tcp || b.f.tcp.hdr_truncated),
          "a reassembled datagram shorter than the TCP header");
    done(&b);
    /* The last fragment's offset at the field's maximum (65528) */
    struct defrag_stats st0, st;
    defrag_stats(d, &st0);
    frag(&a, 15, 6, 0, 48, true, NULL, 0, 1000);
    defrag_frame(d, &a.f);
    done(&a);
    frag(&b, 15, 6, 65528, 48, false, datagram, 0, 1000);
    defrag_frame(d, &b.f);
    done(&b);
    defrag_stats(d, &st);
    check(st.datagrams == st0.datagrams + 1 && st.completed == st0.completed,
          "a fragment at the largest offset is kept, with a gap before it");
    defrag_free(d);
}

static void bounds(void)
{
    make_datagram(96);
    struct defrag *d = defrag_new();
    struct frag_frame a;
    struct defrag_stats st;
    /* More incomplete datagrams than the table holds. */
    for (int i = 0; i < DEFRAG_MAX_DATAGRAMS + 100; i++) {
        give(d, &a, (uint16_t)i, 0, 48, true);
        done(&a);
    }
    defrag_stats(d, &st);
    check(st.datagrams == DEFRAG_MAX_DATAGRAMS && st.evicted == 100, "the table's size is bounded: the oldest go");
    check(st.held <= DEFRAG_MAX_HELD, "the bytes held are bounded");
    /* Each of them completes no more (the oldest were dropped) or does. */
    bool r = give(d, &a, 0, 48, 48, false);
    done(&a);
    bool r2 = give(d, &a, (uint16_t)(DEFRAG_MAX_DATAGRAMS + 99), 48, 48, false);
    done(&a);
    check(!r && r2, "a dropped datagram does not complete; a kept one does");
    /* A frame that is not a fragment is left alone. */
    uint8_t *plain = calloc(1, 60);
    plain[12] = 0x08, plain[14] = 0x45, plain[17] = 40, plain[23] = 6;
    struct frame f = { .number = 2, .ts = { 1000, 0 }, .len = 60, .caplen = 60, .data = plain,
                       .linktype = DLT_EN10MB };
    decode_frame(&f, NULL);
    bool touched = defrag_frame(d, &f);
    check(!touched && f.data == plain && f.buflen == 60, "a frame that is not a fragment is left alone");
    free(plain);
    /* The timeout: a fragment far on in capture time. */
    frag(&a, 5000, 6, 0, 48, true, NULL, 0, 1000 + DEFRAG_TIMEOUT_S + 2 * 10 + 1);
    defrag_frame(d, &a.f);
    done(&a);
    defrag_stats(d, &st);
    check(st.datagrams == 1 && st.held <= 2048 && st.expired > 0,
          "datagrams older than the timeout are dropped when a fragment comes");
    /* Too many fragments for one datagram: it is dropped. */
    for (uint32_t k = 0; k <= DEFRAG_MAX_FRAGS; k++) {
        give(d, &a, 77, 8 * k, 8, true);
        done(&a);
    }
    defrag_stats(d, &st);
    check(st.refused == 1, "a datagram of more than DEFRAG_MAX_FRAGS fragments is refused");
    /* Bytes: big fragments of many datagrams stay within DEFRAG_MAX_HELD. */
    static uint8_t big[1400];
    for (int i = 0; i < 1000; i++) {
        for (int k = 0; k < 8; k++) {
            frag(&a, (uint16_t)(1000 + i), 6, (uint32_t)k * 1400, 1400, true, big, 0, 2000);
            defrag_frame(d, &a.f);
            done(&a);
        }
    }
    defrag_stats(d, &st);
    check(st.held <= DEFRAG_MAX_HELD && st.datagrams < 1000, "many big datagrams: the bytes held stay bounded");
    defrag_free(d);
}

/* An Ethernet frame of an IPv6 fragment: payload bytes [from, from + n) of
 * datagram, Fragment header identification ident; from the host whose
 * address ends in src_low. */
static void frag6(struct frag_frame *ff, uint32_t ident, uint32_t from, uint32_t n, bool m, uint8_t src_low)
{
    uint32_t caplen = 14 + 40 + 8 + n;
    uint8_t *b = calloc(1, caplen);
    b[12] = 0x86, b[13] = 0xdd;
    uint8_t *ip = b + 14;
    uint16_t plen = (uint16_t)(8 + n), offflags = (uint16_t)(from | (m ? 1 : 0));
    ip[0] = 0x60, ip[4] = (uint8_t)(plen >> 8), ip[5] = (uint8_t)plen, ip[6] = 44, ip[7] = 64;
    ip[8] = 0x20, ip[9] = 0x01, ip[23] = src_low, ip[24] = 0x20, ip[25] = 0x01, ip[39] = 2;
    uint8_t *fh = ip + 40;
    fh[0] = 6, fh[2] = (uint8_t)(offflags >> 8), fh[3] = (uint8_t)offflags;
    fh[4] = (uint8_t)(ident >> 24), fh[5] = (uint8_t)(ident >> 16), fh[6] = (uint8_t)(ident >> 8), fh[7] = (uint8_t)ident;
    memcpy(fh + 8, datagram + from, n);
    ff->buf = b;
    ff->f = (struct frame){ .number = 1, .ts = { 1000, 0 }, .len = caplen, .caplen = caplen, .data = b,
                            .linktype = DLT_EN10MB };
    decode_frame(&ff->f, NULL);
}

static void ipv6(void)
{
    make_datagram(140);
    struct defrag *d = defrag_new();
    struct frag_frame a, b, c;
    frag6(&a, 0x12345678, 48, 48, true, 1);
    bool r1 = defrag_frame(d, &a.f);
    frag6(&b, 0x12345678, 96, 44, false, 1);
    bool r2 = defrag_frame(d, &b.f);
    /* The same identification from another source: another datagram. */
    frag6(&c, 0x12345678, 0, 48, true, 3);
    bool r3 = defrag_frame(d, &c.f);
    done(&c);
    frag6(&c, 0x12345678, 0, 48, true, 1);
    bool r4 = defrag_frame(d, &c.f);
    check(!r1 && !r2 && !r3 && !a.f.has_tcp && !b.f.has_tcp && r4 && whole(&c, 140),
          "IPv6: fragments keyed by addresses and identification, the first one last completes it");
    done(&a), done(&b), done(&c);
    /* Fragments that hold nothing: a first one with M set, a tail at 48. */
    frag6(&a, 7, 0, 0, true, 1);
    r1 = defrag_frame(d, &a.f);
    frag6(&b, 7, 48, 0, false, 1);
    r2 = defrag_frame(d, &b.f);
    frag6(&c, 7, 0, 48, true, 1);
    r3 = defrag_frame(d, &c.f);
    check(a.f.ip[0].defrag && !r1 && !r2 && r3 && c.f.buflen == c.f.caplen + 48,
          "IPv6: empty fragments are kept and a tail of none sets the length");
    done(&a), done(&b), done(&c);
    defrag_free(d);
}

/* One fragment from frame number, with other bytes when given. */
static bool givn(struct defrag *d, struct frag_frame *ff, uint16_t id, uint32_t from, uint32_t n, bool mf,
                 uint64_t number, const uint8_t *bytes)
{
    frag(ff, id, 6, from, n, mf, bytes, 0, 1000);
    ff->f.number = number;
    return defrag_frame(d, &ff->f);
}

/* The completed datagram's list is "frame:offset:length:flags ..." */
static bool list_is(const struct defrag *d, const char *want)
{
    const struct defrag_done *l = defrag_done(d);
    char got[1024];
    size_t n = 0;
    got[0] = 0;
    for (int k = 0; k < l->n && n < sizeof got; k++)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s%u:%u:%u:%u", k ? " " : "", l->piece[k].frame,
                              l->piece[k].off, l->piece[k].len, l->piece[k].flags);
    if (strcmp(got, want))
        printf("# got  %s\n# want %s\n", got, want);
    return !strcmp(got, want);
}

/* The fragment list of the completed datagram (Wireshark's fragment tree):
 * in order of offset, each with reassemble.c's flags. The captures of
 * tests/tools/mkpcap.py ipv4-frag and ipv4-frag-flags hold the same cases
 * and t_tshark compares them with tshark. */
static void lists(void)
{
    make_datagram(140);
    struct defrag *d = defrag_new();
    struct frag_frame a;
    bool r;
    /* out of order: 7 (48-95), 8 (0-47), 9 (96-139) */
    givn(d, &a, 20, 48, 48, true, 7, NULL), done(&a);
    givn(d, &a, 20, 0, 48, true, 8, NULL), done(&a);
    r = givn(d, &a, 20, 96, 44, false, 9, NULL), done(&a);
    check(r && defrag_done(d)->datalen == 140 && list_is(d, "8:0:48:0 7:48:48:0 9:96:44:0"),
          "list: in order of offset, the frames as they came");
    /* the same piece twice: the second overlaps (no conflict) */
    givn(d, &a, 21, 0, 48, true, 13, NULL), done(&a);
    givn(d, &a, 21, 0, 48, true, 14, NULL), done(&a);
    givn(d, &a, 21, 48, 48, true, 15, NULL), done(&a);
    r = givn(d, &a, 21, 96, 44, false, 16, NULL), done(&a);
    check(r && list_is(d, "13:0:48:0 14:0:48:1 15:48:48:0 16:96:44:0"), "list: a duplicate overlaps");
    /* overlap with other bytes: conflict (an error) */
    uint8_t other[92];
    memcpy(other, datagram + 48, sizeof other);
    memset(other, 'X', 8);
    givn(d, &a, 22, 0, 64, true, 23, NULL), done(&a);
    r = givn(d, &a, 22, 48, 92, false, 24, other), done(&a);
    check(r && list_is(d, "23:0:64:0 24:48:92:3"), "list: overlapping other bytes: overlap and conflict");
    check((defrag_done(d)->piece[1].flags & DEFRAG_F_ERROR) && !(defrag_done(d)->piece[0].flags & DEFRAG_F_ERROR),
          "list: a conflict makes the fragment an error");
    /* another tail (multiple tails, overlap), a piece past the end (too long) */
    givn(d, &a, 23, 96, 44, false, 1, NULL), done(&a);
    givn(d, &a, 23, 96, 40, false, 2, NULL), done(&a);
    static const uint8_t zz[16] = { 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z', 'Z' };
    givn(d, &a, 23, 200, 16, true, 3, zz), done(&a);
    givn(d, &a, 23, 0, 48, true, 4, NULL), done(&a);
    r = givn(d, &a, 23, 48, 48, true, 5, NULL), done(&a);
    check(r && list_is(d, "4:0:48:0 5:48:48:0 1:96:44:0 2:96:40:5 3:200:16:8"),
          "list: another tail (multiple tails), a piece past the end (too long)");
    /* a piece that runs past the end: too long, cut; the tail overlaps it */
    static uint8_t longer[100];
    memcpy(longer, datagram + 48, 92);
    memset(longer + 92, 'W', 8);
    givn(d, &a, 24, 96, 44, false, 6, NULL), done(&a);
    givn(d, &a, 24, 0, 48, true, 7, NULL), done(&a);
    r = givn(d, &a, 24, 48, 100, true, 8, longer);
    check(r && whole(&a, 140) && list_is(d, "7:0:48:0 8:48:100:8 6:96:44:1"),
          "list: a piece past the end is too long and cut");
    done(&a);
    /* DEFRAG_MAX_FRAGS pieces: all listed */
    make_datagram(8 * DEFRAG_MAX_FRAGS);
    for (uint32_t k = 0; k < DEFRAG_MAX_FRAGS; k++) {
        r = givn(d, &a, 25, 8 * k, 8, k + 1 < DEFRAG_MAX_FRAGS, 100 + k, NULL);
        done(&a);
    }
    const struct defrag_done *l = defrag_done(d);
    bool in_order = l->n == DEFRAG_MAX_FRAGS;
    for (int k = 0; in_order && k < l->n; k++)
        in_order = l->piece[k].frame == 100u + (unsigned)k && l->piece[k].off == 8u * (unsigned)k;
    check(r && in_order && l->datalen == 8 * DEFRAG_MAX_FRAGS, "list: a datagram of DEFRAG_MAX_FRAGS pieces lists them all");
    defrag_free(d);
}

int main(void)
{
    orders();
    lists();
    overlaps();
    keys();
    bounds();
    ipv6();
    return fails ? 1 : 0;
}
