/* Hostile frames, each in a heap buffer of exactly its captured size, run
 * through decode, tracking and every output: under ASan any read past the
 * captured bytes fails this test. Cases found by review: an IP header cut
 * by the snapshot length, a TCP option cut in its middle, a header length
 * under 20 with an IP length that ends inside the fixed header, crafted
 * timestamps that would overflow, a fixed header cut while the data offset
 * promises options (tcp.options once read about 4 GB past the frame),
 * options whose lengths are wrong for their kinds, TCP in every
 * tunnel of tunnel.c (GRE, ERSPAN, Aruba, GTP-U, Teredo, AYIYA, VXLAN,
 * Geneve), and TCP in link-level encapsulations (802.3 LLC/SNAP,
 * 802.1ah, FabricPath, VN-Tag, FDDI, NFLOG), cut at every byte, the
 * link headers repeated over a whole frame, a TCP segment in IPv4 and
 * IPv6 fragments (through the defragmenter), each fragment cut at every
 * byte after the other was whole, and in pieces that cut the TCP header,
 * and ICMP and ICMPv6 errors quoting TCP, cut at every byte; the UDP
 * conversations (udp.stream, its times) of each. */
#include <fcntl.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/options.h"
#include "decode/decode.h"
#include "present/fields.h"
#include "present/print.h"
#include "track/ipdefrag.h"
#include "track/streams.h"
#include "track/udpconv.h"

static int fails;

/* Ethernet + IPv4 (total length ip_len) + TCP header of hlen bytes (options
 * bytes given), captured to caplen. */
static uint8_t *build(uint32_t caplen, uint16_t ip_len, uint8_t hlen, const uint8_t *opts, size_t nopts)
{
    uint8_t full[256] = { 0 };
    full[12] = 0x08;                              /* IPv4 */
    uint8_t *ip = full + 14;
    ip[0] = 0x45, ip[2] = (uint8_t)(ip_len >> 8), ip[3] = (uint8_t)ip_len, ip[8] = 64, ip[9] = 6;
    ip[12] = 10, ip[15] = 1, ip[16] = 10, ip[19] = 2;
    uint8_t *tcp = ip + 20;
    tcp[0] = 0x04, tcp[1] = 0xd2, tcp[3] = 80, tcp[7] = 1, tcp[12] = (uint8_t)((hlen / 4) << 4), tcp[13] = 0x10;
    tcp[14] = 0xff, tcp[15] = 0xff;
    if (nopts)
        memcpy(tcp + 20, opts, nopts);
    uint8_t *b = malloc(caplen ? caplen : 1);
    memcpy(b, full, caplen);
    return b;
}

static int run_linktype = DLT_EN10MB;   /* the link type run() decodes by */
static bool run_swapped;                /* and whether its host-order fields read swapped */

static void run(const char *what, uint8_t *data, uint32_t caplen, uint32_t len, struct timespec ts)
{
    static struct stream_table *streams;
    static struct defrag *defrag;
    static struct udpconv *udpconv;
    if (!udpconv)
        udpconv = udpconv_new();
    if (!streams)
        streams = streams_new();
    if (!defrag)
        defrag = defrag_new();
    struct options opt;
    bool done;
    char *argv[] = { "synfin", NULL };
    options_parse(&opt, 1, argv, &done);
    struct frame f = { .number = 1, .ts = ts, .len = len, .caplen = caplen, .data = data, .linktype = run_linktype,
                       .link_swapped = run_swapped };
    struct decode_prefs dp = { .check_tcp_checksum = true };
    decode_frame(&f, &dp);
    /* as session.c: a completing frame's view carries the fragment list */
    bool completed = defrag_frame(defrag, &f);
    struct track_info tk;
    struct columns cols = { .built = false };
    struct view v = { .f = &f, .prefs = &opt.prefs, .cols = &cols, .frags = completed ? defrag_done(defrag) : NULL };
    struct udpconv_frame udp;     /* as session.c: the UDP conversations */
    if (udpconv_frame(udpconv, &f, &udp))
        v.udp = &udp;
    if (f.has_tcp && f.nip && !f.tcp.hdr_truncated) {
        streams_track(streams, &f, &tk);
        v.tk = &tk;
        v.step = tk.step[0] ? tk.step : NULL;
    }
    struct out *o = malloc(sizeof *o);
    out_init(o, open("/dev/null", O_WRONLY));
    print_summary(o, &v, true);
    print_detail(o, &v, false);
    print_json(o, &v);
    print_ek(o, &v);
    print_jsonl(o, &v);
    print_hex(o, &v);
    /* every field's getter, as -T fields and filters call them */
    struct fval vals[MAX_OCCURRENCES];
    for (int id = 0; id < FIELD_COUNT; id++)
        field_get(id, &v, vals, MAX_OCCURRENCES);
    out_flush(o);
    close(o->fd);
    free(o);
    free(data);
    printf("ok - %s: decoded and printed within its %u captured bytes\n", what, caplen);
}

/* An Ethernet frame of IPv4 carrying protocol proto (17: UDP to port
 * dport, from 50000): the tunnel header hdr, then inner. Returns its length. */
static uint32_t tunnel_frame(uint8_t *out, uint8_t proto, uint16_t dport, const uint8_t *hdr, size_t nhdr,
                             const uint8_t *inner, size_t ninner)
{
    uint32_t udp = proto == 17 ? 8 : 0;
    uint32_t iplen = (uint32_t)(20 + udp + nhdr + ninner);
    memset(out, 0, 14 + 20 + udp);
    out[12] = 0x08;
    uint8_t *ip = out + 14;
    ip[0] = 0x45, ip[2] = (uint8_t)(iplen >> 8), ip[3] = (uint8_t)iplen, ip[8] = 64, ip[9] = proto;
    ip[12] = 192, ip[15] = 1, ip[16] = 192, ip[19] = 2;
    if (udp) {
        uint32_t ulen = iplen - 20;
        ip[20] = 0xc3, ip[21] = 0x50, ip[22] = (uint8_t)(dport >> 8), ip[23] = (uint8_t)dport;
        ip[24] = (uint8_t)(ulen >> 8), ip[25] = (uint8_t)ulen;
    }
    memcpy(ip + 20 + udp, hdr, nhdr);
    memcpy(ip + 20 + udp + nhdr, inner, ninner);
    return 14 + iplen;
}

/* Every tunnel of tunnel.c around a TCP segment (IPv4, IPv6 or in
 * Ethernet), each cut at every byte; and headers that lie: a GTP chain of
 * extension headers longer than the bound, one of length 0, lengths that
 * point far past the frame. */
static void hostile_tunnels(const uint8_t *eth4, size_t neth4, struct timespec t)
{
    const uint8_t *ip4 = eth4 + 14;
    size_t nip4 = neth4 - 14;
    uint8_t ip6[40 + 64];
    memset(ip6, 0, 40);
    ip6[0] = 0x60, ip6[5] = (uint8_t)(nip4 - 20), ip6[6] = 6, ip6[7] = 64, ip6[23] = 1, ip6[39] = 2;
    memcpy(ip6 + 40, ip4 + 20, nip4 - 20);
    size_t nip6 = 40 + nip4 - 20;
    static const uint8_t aruba[] = { 0, 0, 0x82, 0, 0x08, 0x01, 0, 0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7,
                                     1, 2, 3, 4, 5, 8, 0x10, 0, 0xaa, 0xaa, 3, 0, 0, 0, 0x08, 0 };
    static const uint8_t aruba4[] = { 0, 0, 0x82, 0x10, 0x88, 0x83, 0, 0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7,
                                      1, 2, 3, 4, 5, 8, 0x10, 0, 1, 2, 3, 4, 5, 9, 0, 0,
                                      1, 2, 3, 4, 0xaa, 0xaa, 3, 0, 0, 0, 0x86, 0xdd };
    static const uint8_t erspan1[] = { 0, 0, 0x88, 0xbe };
    static const uint8_t erspan2[] = { 0x10, 0, 0x88, 0xbe, 0, 0, 0, 9, 0x10, 5, 0, 1, 0, 0, 0, 7 };
    static const uint8_t erspan3[] = { 0x10, 0, 0x22, 0xeb, 0, 0, 0, 9, 0x20, 5, 0, 1, 0, 0, 4, 0xd2, 0, 0, 0, 1,
                                       1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t greudp[] = { 0x30, 0, 0x08, 0, 0, 0, 0, 1, 0, 0, 0, 2 };
    static const uint8_t gtp[] = { 0x34, 0xff, 0, 16 + 44, 0, 0, 0x12, 0x34,   /* 16 bytes, then the 44 of ip4 */ 0, 0, 0, 0x85, 2, 0, 0, 0, 0, 0, 0, 0x85,
                                   1, 0, 1, 0 };
    static const uint8_t teredo[] = { 0, 1, 2, 1, 9, 9, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0x63, 0xbf,
                                      0x3f, 0xfd, 0xfd, 0xfe };
    static const uint8_t ayiya[] = { 0x21, 0x12, 0x11, 41, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t vxlan[] = { 8, 0, 0, 0, 0, 0, 0x64, 0 };
    static const uint8_t geneve[] = { 1, 0, 0x65, 0x58, 0, 0, 0x64, 0, 1, 2, 3, 4 };
    /* the tunnel fields' rarer shapes (fields_tunnel.c): GRE's checksum
     * (verified over the packet), offset, key and sequence number; VXLAN
     * with every flag; Geneve with OAM, critical and reserved flags */
    static const uint8_t grefull[] = { 0xb0, 0, 0x08, 0, 0x12, 0x34, 0, 0, 0, 0, 0, 5, 0, 0, 0, 9 };
    static const uint8_t vxlanall[] = { 0xff, 0xff, 0x12, 0x34, 0, 0, 0x64, 0xff };
    static const uint8_t geneveoam[] = { 1, 0xff, 0x65, 0x58, 0x12, 0x34, 0x56, 0x77, 1, 2, 3, 1 };
    static const struct { const char *name; uint8_t proto; uint16_t port; const uint8_t *hdr; size_t nhdr; int inner; } k[] = {
        { "TCP in Aruba GRE (802.11), cut", 47, 0, aruba, sizeof aruba, 4 },
        { "TCP in Aruba GRE (802.11 QoS, 4 addresses, HT), cut", 47, 0, aruba4, sizeof aruba4, 6 },
        { "TCP in ERSPAN I, cut", 47, 0, erspan1, sizeof erspan1, 0 },
        { "TCP in ERSPAN II, cut", 47, 0, erspan2, sizeof erspan2, 0 },
        { "TCP in ERSPAN III with a platform subheader, cut", 47, 0, erspan3, sizeof erspan3, 0 },
        { "TCP in GRE in UDP (key, sequence), cut", 17, 4754, greudp, sizeof greudp, 4 },
        { "TCP in GTP-U with two extension headers, cut", 17, 2152, gtp, sizeof gtp, 4 },
        { "TCP in Teredo (authentication, origin), cut", 17, 3544, teredo, sizeof teredo, 6 },
        { "TCP in AYIYA, cut", 17, 5072, ayiya, sizeof ayiya, 6 },
        { "TCP in VXLAN, cut", 17, 4789, vxlan, sizeof vxlan, 0 },
        { "TCP in Geneve with an option, cut", 17, 6081, geneve, sizeof geneve, 0 },
        { "TCP in GRE with checksum, key and sequence number, cut", 47, 0, grefull, sizeof grefull, 4 },
        { "TCP in VXLAN with every flag set, cut", 17, 4789, vxlanall, sizeof vxlanall, 0 },
        { "TCP in Geneve with every flag set, cut", 17, 6081, geneveoam, sizeof geneveoam, 0 },
    };
    uint8_t full[256];
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        const uint8_t *in = k[i].inner == 4 ? ip4 : k[i].inner == 6 ? ip6 : eth4;
        size_t nin = k[i].inner == 4 ? nip4 : k[i].inner == 6 ? nip6 : neth4;
        uint32_t len = tunnel_frame(full, k[i].proto, k[i].port, k[i].hdr, k[i].nhdr, in, nin);
        struct frame whole = { .len = len, .caplen = len, .data = full, .linktype = DLT_EN10MB };
        decode_frame(&whole, NULL);
        if (!whole.has_tcp || whole.nip < 2) {
            printf("not ok - %s: the whole frame decodes to TCP in an inner IP header\n", k[i].name);
            fails++;
        }
        for (uint32_t n = 12; n <= len; n++) {
            uint8_t *cut = malloc(n);
            memcpy(cut, full, n);
            run(k[i].name, cut, n, len, t);
        }
    }
    /* GTP: 40 extension headers of 4 bytes (past the bound), then one of
     * length 0; Teredo and AYIYA lengths far past the frame. */
    uint8_t chain[12 + 40 * 4];
    memcpy(chain, gtp, 12);
    for (int e = 0; e < 40; e++)
        memcpy(chain + 12 + 4 * e, (const uint8_t[]){ 1, 0, 0, 0x85 }, 4);
    static const uint8_t gtp0[] = { 0x34, 0xff, 0, 0, 0, 0, 0x12, 0x34, 0, 0, 0, 0x85, 0, 0, 0, 0 };
    static const uint8_t teredo_far[] = { 0, 1, 0xff, 0xff };
    static const uint8_t ayiya_far[] = { 0xf1, 0xf2, 0x11, 41, 0, 0, 0, 0 };
    const struct { const char *name; uint16_t port; const uint8_t *hdr; size_t nhdr; } lie[] = {
        { "GTP-U: more extension headers than the bound", 2152, chain, sizeof chain },
        { "GTP-U: an extension header of length 0", 2152, gtp0, sizeof gtp0 },
        { "Teredo: authentication lengths past the frame", 3544, teredo_far, sizeof teredo_far },
        { "AYIYA: identity and signature past the frame", 5072, ayiya_far, sizeof ayiya_far },
    };
    /* An 802.11 A-MSDU in Aruba GRE: its first subframe's LLC, bounded by
     * the subframe's length (1 byte here), cut at every byte. */
    static const uint8_t amsdu[] = { 0, 0, 0x82, 0, 0x88, 0x01, 0, 0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7,
                                     1, 2, 3, 4, 5, 8, 0x10, 0, 0x80, 0, 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 7,
                                     0, 1, 0xaa, 0xaa, 3, 0, 0, 0, 0x08, 0 };
    uint32_t alen = tunnel_frame(full, 47, 0, amsdu, sizeof amsdu, ip4, nip4);
    for (uint32_t n = 12; n <= alen; n++) {
        uint8_t *cut = malloc(n);
        memcpy(cut, full, n);
        run("an A-MSDU in Aruba GRE, cut", cut, n, alen, t);
    }
    for (size_t i = 0; i < sizeof lie / sizeof lie[0]; i++) {
        uint8_t big[512];
        uint32_t len = tunnel_frame(big, 17, lie[i].port, lie[i].hdr, lie[i].nhdr, ip4, nip4);
        uint8_t *b = malloc(len);
        memcpy(b, big, len);
        run(lie[i].name, b, len, len, t);
    }
}

/* One Ethernet frame decoded and tracked, with its view ready for the
 * field getters and the columns. */
struct one_frame {
    struct options opt;
    struct frame f;
    struct stream_table *streams;
    struct track_info tk;
    struct columns cols;
    struct view v;
};

static void one_frame_load(struct one_frame *o, uint8_t *data, uint32_t caplen, uint32_t len)
{
    bool done;
    char *argv[] = { "synfin", NULL };
    options_parse(&o->opt, 1, argv, &done);
    o->f = (struct frame){ .number = 1, .ts = { 1000, 0 }, .len = len, .caplen = caplen, .data = data,
                           .linktype = DLT_EN10MB };
    struct decode_prefs dp = { 0 };
    decode_frame(&o->f, &dp);
    o->streams = streams_new();
    streams_track(o->streams, &o->f, &o->tk);
    o->cols = (struct columns){ .built = false };
    o->v = (struct view){ .f = &o->f, .prefs = &o->opt.prefs, .cols = &o->cols, .tk = &o->tk };
}

/* A header length under 20, as tshark shows it (checked against tshark 4.0.17):
 * the ports and the sequence number are there, and Info ends at the window
 * with the reason. */
static void bogus_header_length(void)
{
    uint8_t *data = build(54, 40, 16, NULL, 0);
    static struct one_frame o;
    one_frame_load(&o, data, 54, 54);
    struct view v = o.v;
    struct columns *cols = &o.cols;
    struct fval val[MAX_OCCURRENCES];
    bool ports = field_get(F_TCP_SRCPORT, &v, val, MAX_OCCURRENCES) == 1 && val[0].i == 1234 &&
                 field_get(F_TCP_DSTPORT, &v, val, MAX_OCCURRENCES) == 1 && val[0].i == 80;
    columns_build(&v);
    bool info = strcmp(cols->info, "1234 \xe2\x86\x92 80 [ACK] Seq=1 Ack=1 Win=65535, bogus TCP header length "
                                  "(16, must be at least 20)") == 0;
    printf("%s - header length 16: the ports are shown\n", ports ? "ok" : "not ok");
    printf("%s - header length 16: Info ends with the bogus length (got '%s')\n", info ? "ok" : "not ok", cols->info);
    fails += !ports + !info;
    streams_free(o.streams);
    free(data);
}

/* The fixed header cut by the snapshot length (16 to 19 of its 20 bytes)
 * while the data offset promises options: tshark 4.0.17 shows the header
 * up to the window (the checksum from 18 bytes), no options, no Len in
 * Info, and marks the frame "[Packet size limited during capture]". */
static void fixed_header_cut(uint32_t tcp_bytes)
{
    static const uint8_t ts[] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 };
    uint32_t caplen = 14 + 20 + tcp_bytes;
    uint8_t *data = build(caplen, 20 + 32 + 10, 32, ts, sizeof ts);
    static struct one_frame o;
    one_frame_load(&o, data, caplen, 14 + 20 + 32 + 10);
    struct view v = o.v;
    struct columns *cols = &o.cols;
    struct fval val[MAX_OCCURRENCES];
    bool none = field_get(F_TCP_OPTIONS, &v, val, MAX_OCCURRENCES) == 0 &&
                field_get(F_TCP_OPTION_KIND, &v, val, MAX_OCCURRENCES) == 0 &&
                field_get(F_TCP_TIME_REL, &v, val, MAX_OCCURRENCES) == 0;
    columns_build(&v);
    bool info = strcmp(cols->info, "1234 \xe2\x86\x92 80 [ACK] Seq=1 Ack=1 Win=65535[Packet size limited during capture]") == 0;
    printf("%s - fixed header cut at %u bytes, data offset 8: no options, no timestamps\n", none ? "ok" : "not ok",
           tcp_bytes);
    printf("%s - fixed header cut at %u bytes: Info stops at the window (got '%s')\n", info ? "ok" : "not ok",
           tcp_bytes, cols->info);
    fails += !none + !info;
    streams_free(o.streams);
    free(data);
}

/* The n bytes of full cut at every byte, each cut in a buffer of its own. */
static void cut_all(const char *what, const uint8_t *full, uint32_t n)
{
    for (uint32_t k = 0; k <= n; k++) {
        uint8_t *cut = malloc(k ? k : 1);
        memcpy(cut, full, k);
        char msg[160];
        snprintf(msg, sizeof msg, "%s, cut at %u of %u", what, k, n);
        run(msg, cut, k, n, (struct timespec){ 1000, 0 });
    }
}

/* A frame of n bytes (link header lh, then an IPv4 TCP segment with an MSS
 * option, then tail) cut at every byte. */
static void cut_everywhere(const char *what, int linktype, bool swapped, const uint8_t *lh, size_t nlh,
                           const uint8_t *tail, size_t ntail)
{
    static const uint8_t mss[] = { 2, 4, 5, 0xb4 };
    uint8_t *seg = build(14 + 20 + 24, 44, 24, mss, sizeof mss);
    uint8_t full[512];
    memcpy(full, lh, nlh);
    memcpy(full + nlh, seg + 14, 44);
    memcpy(full + nlh + 44, tail, ntail);
    free(seg);
    uint32_t n = (uint32_t)(nlh + 44 + ntail);
    run_linktype = linktype, run_swapped = swapped;
    cut_all(what, full, n);
    run_linktype = DLT_EN10MB, run_swapped = false;
}

/* Link-level encapsulations of Ethernet, FDDI and NFLOG, and headers that
 * nest past any depth a decoder should follow. */
static void link_encapsulations(void)
{
#define CUT(what, dlt, sw, tail, ...)                                                              \
    do {                                                                                           \
        static const uint8_t lh_[] = { __VA_ARGS__ };                                              \
        cut_everywhere(what, dlt, sw, lh_, sizeof lh_, tail, sizeof tail);                          \
    } while (0)
#define ADDRS 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1
#define SNAP4 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00
    static const uint8_t none[1] = { 0 }, fcs[] = { 0xde, 0xad, 0xbe, 0xef };
    static const uint8_t tlv_after[] = { 8, 0, 10, 0, 'a', 'b', 'c', 0 };
    CUT("802.3 with LLC/SNAP", DLT_EN10MB, false, none, ADDRS, 0, 52, SNAP4);
    CUT("802.3 whose length is short of the IP header", DLT_EN10MB, false, fcs, ADDRS, 0, 16, SNAP4);
    CUT("802.3, LLC I frame, SNAP", DLT_EN10MB, false, none, ADDRS, 0, 53, 0xaa, 0xaa, 0, 0, 0, 0, 0, 8, 0);
    CUT("802.3 with LLC and the IP SAP", DLT_EN10MB, false, none, ADDRS, 0, 47, 6, 6, 3);
    CUT("VLAN, 802.3 length, SNAP", DLT_EN10MB, false, none, ADDRS, 0x81, 0, 0, 10, 0, 52, SNAP4);
    CUT("802.1ah", DLT_EN10MB, false, none, ADDRS, 0x88, 0xe7, 0, 1, 0x23, 0x45, ADDRS, 8, 0);
    CUT("802.1ad then 802.1ah", DLT_EN10MB, false, none, ADDRS, 0x88, 0xa8, 0, 7, 0x88, 0xe7, 0, 1, 0x23, 0x45,
        ADDRS, 8, 0);
    CUT("FabricPath with its FCS", DLT_EN10MB, false, fcs, ADDRS, 0x89, 0x03, 0, 0x41, ADDRS, 8, 0);
    CUT("FabricPath in FabricPath", DLT_EN10MB, false, fcs, ADDRS, 0x89, 0x03, 0, 0x41, ADDRS, 0x89, 0x03, 0, 0x41,
        ADDRS, 8, 0);
    CUT("VN-Tag", DLT_EN10MB, false, none, ADDRS, 0x89, 0x26, 0x80, 5, 0, 9, 8, 0);
    CUT("VLAN then VN-Tag", DLT_EN10MB, false, none, ADDRS, 0x81, 0, 0, 10, 0x89, 0x26, 0x80, 5, 0, 9, 8, 0);
    CUT("VN-Tag then VLAN", DLT_EN10MB, false, none, ADDRS, 0x89, 0x26, 0x80, 5, 0, 9, 0x81, 0, 0, 10, 8, 0);
    CUT("PPPoE session in 802.1ad and 802.1Q", DLT_EN10MB, false, none, ADDRS, 0x88, 0xa8, 0, 100, 0x81, 0, 0, 200,
        0x88, 0x64, 0x11, 0, 0x12, 0x34, 0, 46, 0, 0x21);
    CUT("MPLS, three labels", DLT_EN10MB, false, none, ADDRS, 0x88, 0x47, 0, 0, 0x3e, 1, 0xff, 0xff, 0xf2, 2, 0x49,
        0x31, 0x05, 3);
    CUT("MPLS with no bottom of stack", DLT_EN10MB, false, none, ADDRS, 0x88, 0x47, 0, 0x10, 0, 64, 0, 0x11, 0, 63);
    CUT("PPP (link type 9) with address and control", DLT_PPP, false, none, 0xff, 0x03, 0, 0x21);
    CUT("PPP (link type 9), MPLS", DLT_PPP, false, none, 0xff, 0x03, 0x02, 0x81, 0, 0x10, 0x01, 64);
    CUT("FDDI with LLC/SNAP", DLT_FDDI, false, none, 0x50, ADDRS, SNAP4);
    CUT("NFLOG, packet header and payload", DLT_NFLOG, false, none, 2, 0, 0, 5, 8, 0, 1, 0, 8, 0, 3, 0, 48, 0, 9, 0);
    CUT("NFLOG, payload then a prefix", DLT_NFLOG, false, tlv_after, 2, 0, 0, 5, 48, 0, 9, 0);
    CUT("NFLOG written big-endian", DLT_NFLOG, true, none, 10, 0, 0, 5, 0, 8, 0, 1, 8, 0, 3, 0, 0, 48, 0, 9);
    CUT("NFLOG, a payload TLV longer than the frame", DLT_NFLOG, false, none, 2, 0, 0, 5, 0xff, 0xff, 9, 0);
#undef CUT
#undef ADDRS
#undef SNAP4
    /* Tags, VN-Tags, FabricPath headers and NFLOG TLVs over a whole frame. */
    static const uint8_t units[][16] = {
        { 0x81, 0x00, 0x00, 0x0a },                    /* a VLAN tag that says VLAN again */
        { 0x89, 0x26, 0x80, 0x05, 0x00, 0x09 },        /* a VN-Tag, then VN-Tag again */
        { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x89, 0x03, 0, 0x41 },   /* FabricPath */
        { 4, 0, 1, 0 },                                /* an empty NFLOG TLV */
    };
    static const uint8_t unit_len[] = { 4, 6, 16, 4 };
    for (size_t u = 0; u < sizeof unit_len; u++) {
        uint32_t n = 65535;
        uint8_t *b = malloc(n);
        memset(b, 0, n);
        uint32_t pos = 0;
        if (u < 2) {                                   /* an Ethernet header first */
            static const uint8_t eth[] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
            memcpy(b, eth, sizeof eth);
            pos = sizeof eth;
        } else if (u == 3) {
            b[0] = 2, pos = 4;
        }
        for (; pos + unit_len[u] <= n; pos += unit_len[u])
            memcpy(b + pos, units[u], unit_len[u]);
        run_linktype = u == 3 ? DLT_NFLOG : DLT_EN10MB;
        run("a header repeated over 64 KB", b, n, n, (struct timespec){ 1000, 0 });
        run_linktype = DLT_EN10MB;
    }
}

/* An Ethernet frame of an IPv4 fragment (id, offset in bytes, MF) holding
 * the n bytes at p. Returns its length. */
static uint32_t fragment_frame(uint8_t *out, uint16_t id, uint32_t off, bool mf, const uint8_t *p, uint32_t n)
{
    memset(out, 0, 14 + 20);
    out[12] = 0x08;
    uint8_t *ip = out + 14;
    uint16_t len = (uint16_t)(20 + n), fr = (uint16_t)((mf ? 0x2000 : 0) | off / 8);
    ip[0] = 0x45, ip[2] = (uint8_t)(len >> 8), ip[3] = (uint8_t)len, ip[4] = (uint8_t)(id >> 8), ip[5] = (uint8_t)id;
    ip[6] = (uint8_t)(fr >> 8), ip[7] = (uint8_t)fr, ip[8] = 64, ip[9] = 6;
    ip[12] = 10, ip[15] = 1, ip[16] = 10, ip[19] = 2;
    memcpy(ip + 20, p, n);
    return 14 + 20 + n;
}

/* The same as an IPv6 fragment (a Fragment header after the fixed one). */
static uint32_t fragment6_frame(uint8_t *out, uint32_t ident, uint32_t off, bool m, const uint8_t *p, uint32_t n)
{
    memset(out, 0, 14 + 48);
    out[12] = 0x86, out[13] = 0xdd;
    uint8_t *ip = out + 14;
    uint16_t plen = (uint16_t)(8 + n), offflags = (uint16_t)(off | (m ? 1 : 0));
    ip[0] = 0x60, ip[4] = (uint8_t)(plen >> 8), ip[5] = (uint8_t)plen, ip[6] = 44, ip[7] = 64;
    ip[8] = 0x20, ip[9] = 0x01, ip[23] = 1, ip[24] = 0x20, ip[25] = 0x01, ip[39] = 2;
    uint8_t *fh = ip + 40;
    fh[0] = 6, fh[2] = (uint8_t)(offflags >> 8), fh[3] = (uint8_t)offflags;
    fh[4] = (uint8_t)(ident >> 24), fh[5] = (uint8_t)(ident >> 16), fh[6] = (uint8_t)(ident >> 8), fh[7] = (uint8_t)ident;
    memcpy(fh + 8, p, n);
    return 14 + 48 + n;
}

static void run_copy(const char *what, const uint8_t *frame, uint32_t caplen, uint32_t len, struct timespec t)
{
    uint8_t *b = malloc(caplen ? caplen : 1);
    memcpy(b, frame, caplen);
    run(what, b, caplen, len, t);
}

static void hostile_fragments(struct timespec t)
{
    static const uint8_t opts[] = { 2, 4, 5, 0xb4, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1 };
    uint8_t *seg = build(14 + 20 + 36 + 40, 20 + 36 + 40, 36, opts, sizeof opts);
    const uint8_t *tcp = seg + 14 + 20;           /* 36 bytes of header, 40 of data */
    uint8_t a[14 + 20 + 80], b[14 + 20 + 80];
    uint16_t id = 100;
    /* The first piece whole, the last cut at every byte; then the other way. */
    for (int first_whole = 1; first_whole >= 0; first_whole--)
        for (uint32_t cut = 0; cut <= 14 + 20 + 28; cut++, id++) {
            uint32_t na = fragment_frame(a, id, 0, true, tcp, 48);
            uint32_t nb = fragment_frame(b, id, 48, false, tcp + 48, 28);
            if (first_whole) {
                run_copy("the first fragment of a TCP segment", a, na, na, t);
                run_copy("the last fragment, cut", b, cut, nb, t);
            } else {
                run_copy("the last fragment of a TCP segment", b, nb, nb, t);
                run_copy("the first fragment, cut", a, cut < na ? cut : na, na, t);
            }
        }
    /* IPv6: the first piece whole, the last cut at every byte. */
    uint8_t c6[14 + 48 + 80], d6[14 + 48 + 80];
    for (uint32_t cut = 0; cut <= 14 + 48 + 28; cut++, id++) {
        uint32_t na = fragment6_frame(c6, id, 0, true, tcp, 48);
        uint32_t nb = fragment6_frame(d6, id, 48, false, tcp + 48, 28);
        run_copy("the first IPv6 fragment of a TCP segment", c6, na, na, t);
        run_copy("the last IPv6 fragment, cut", d6, cut, nb, t);
    }
    /* Pieces of 8 bytes that cut the TCP header, out of order, then the
     * datagram cut short by its last piece's end. */
    for (uint32_t end = 8; end <= 76; end += 8, id++) {
        for (uint32_t off = 8; off < end; off += 8) {
            uint32_t n = fragment_frame(a, id, off, off + 8 < end, tcp + off, end - off < 8 ? end - off : 8);
            run_copy("an 8-byte piece of a TCP header", a, n, n, t);
        }
        uint32_t n = fragment_frame(a, id, 0, end > 8, tcp, 8);
        run_copy("the first 8 bytes of a TCP header, last", a, n, n, t);
    }
    free(seg);
}

/* ICMP and ICMPv6 errors quoting a TCP header (whole, by its first 8
 * bytes with Ethernet padding after the message, over IPv6, and an error
 * quoting an error), and an echo, each cut at every byte. */
static void icmp_quotes(void)
{
    static const uint8_t mss[] = { 2, 4, 5, 0xb4 };
    uint8_t *seg = build(14 + 20 + 24, 44, 24, mss, sizeof mss);   /* its IP header and TCP */
    uint8_t f[256] = { 0 };
    /* Ethernet, IPv4 carrying ICMP (total length 20 + 8 + quote), ICMP. */
    static const uint8_t eth4[] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0 };
    static const uint8_t eth6[] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x86, 0xdd };
    for (int quote = 0; quote < 2; quote++) {
        uint32_t qlen = quote ? 28 : 44;
        memset(f, 0, sizeof f);
        memcpy(f, eth4, 14);
        uint8_t *ip = f + 14;
        ip[0] = 0x45, ip[3] = (uint8_t)(20 + 8 + qlen), ip[8] = 64, ip[9] = 1, ip[12] = 10, ip[15] = 2, ip[16] = 10, ip[19] = 1;
        ip[20] = quote ? 11 : 3, ip[21] = quote ? 0 : 3;
        memcpy(ip + 28, seg + 14, qlen);
        uint32_t n = 14 + 20 + 8 + qlen + (quote ? 20 : 0);   /* the 8-byte quote: padding after it */
        cut_all(quote ? "ICMP time exceeded quoting 8 bytes of TCP, padded" : "ICMP port unreachable quoting TCP",
                f, n);
    }
    /* An ICMP error quoting an ICMP error quoting TCP. */
    memset(f, 0, sizeof f);
    memcpy(f, eth4, 14);
    uint8_t *ip = f + 14;
    ip[0] = 0x45, ip[3] = 20 + 8 + 20 + 8 + 44, ip[8] = 64, ip[9] = 1;
    ip[20] = 3, ip[21] = 1;
    ip[28] = 0x45, ip[31] = 20 + 8 + 44, ip[36] = 64, ip[37] = 1;
    ip[48] = 3, ip[49] = 3;
    memcpy(ip + 56, seg + 14, 44);
    cut_all("ICMP error quoting an ICMP error", f, 14 + 20 + 8 + 20 + 8 + 44);
    /* ICMPv6 destination unreachable quoting IPv6 and TCP; an echo. */
    for (int echo = 0; echo < 2; echo++) {
        memset(f, 0, sizeof f);
        memcpy(f, eth6, 14);
        uint8_t *ip6 = f + 14;
        ip6[0] = 0x60, ip6[5] = 8 + 40 + 24, ip6[6] = 58, ip6[7] = 64, ip6[23] = 2, ip6[39] = 1;
        ip6[40] = echo ? 128 : 1, ip6[41] = echo ? 0 : 4;
        uint8_t *q = ip6 + 48;
        q[0] = 0x60, q[5] = 24, q[6] = 6, q[7] = 64, q[23] = 1, q[39] = 2;
        memcpy(q + 40, seg + 14 + 20, 24);
        cut_all(echo ? "ICMPv6 echo request" : "ICMPv6 port unreachable quoting IPv6 and TCP", f,
                14 + 40 + 8 + 40 + 24);
    }
    free(seg);
}

/* ICMP errors quoting a TCP segment behind a tunnel: GRE carrying
 * Ethernet (its blocks nested in the error's), UDP to VXLAN's port (at
 * the root after UDP), each cut at every byte. */
static void icmp_tunnel_quotes(void)
{
    static const uint8_t mss[] = { 2, 4, 5, 0xb4 };
    uint8_t *seg = build(14 + 20 + 24, 44, 24, mss, sizeof mss);
    static const uint8_t eth4[] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0 };
    for (int vxlan = 0; vxlan < 2; vxlan++) {
        uint8_t f[256] = { 0 };
        uint32_t tun = vxlan ? 8 + 8 : 4;                   /* UDP and VXLAN, or GRE */
        uint32_t qlen = 20 + tun + 14 + 44;
        memcpy(f, eth4, 14);
        uint8_t *ip = f + 14;
        ip[0] = 0x45, ip[2] = (uint8_t)((20 + 8 + qlen) >> 8), ip[3] = (uint8_t)(20 + 8 + qlen), ip[8] = 64, ip[9] = 1;
        ip[20] = 3, ip[21] = 3;                               /* port unreachable */
        uint8_t *q = ip + 28;
        q[0] = 0x45, q[3] = (uint8_t)qlen, q[8] = 64, q[9] = vxlan ? 17 : 47;
        uint8_t *t = q + 20;
        if (vxlan) {
            t[0] = 0x15, t[1] = 0xb3, t[2] = 0x12, t[3] = 0xb5, t[5] = (uint8_t)(8 + 8 + 14 + 44);   /* 5555 -> 4789 */
            t[8] = 0x08, t[14] = 0x64;                                                            /* VNI 100 */
        } else {
            t[2] = 0x65, t[3] = 0x58;                                                             /* Ethernet */
        }
        memcpy(t + tun, eth4, 14);
        memcpy(t + tun + 14, seg + 14, 44);
        cut_all(vxlan ? "ICMP error quoting TCP in VXLAN" : "ICMP error quoting TCP in GRE", f, 14 + 20 + 8 + qlen);
    }
    free(seg);
}

int main(void)
{
    icmp_quotes();
    icmp_tunnel_quotes();
    bogus_header_length();
    for (uint32_t n = 16; n < 20; n++)
        fixed_header_cut(n);
    struct timespec t = { 1000, 0 };
    run("IPv4 header cut by the snapshot length", build(24, 40, 20, NULL, 0), 24, 54, t);
    run("TCP cut after the ports", build(14 + 20 + 6, 40, 20, NULL, 0), 14 + 20 + 6, 54, t);
    static const uint8_t acc[] = { 1, 1, 254, 13, 0xac, 0xc0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    run("AccECN option cut in its middle", build(14 + 20 + 20 + 8, 20 + 20 + 16, 36, acc, sizeof acc),
        14 + 20 + 20 + 8, 14 + 20 + 36, t);
    static const uint8_t sackp[] = { 4, 2, 1, 1 };
    run("SACK permitted cut after its kind", build(14 + 20 + 21, 44, 24, sackp, sizeof sackp), 14 + 20 + 21, 58, t);
    run("header length 16, IP length ends inside the header (padding captured)",
        build(60, 20 + 8, 16, NULL, 0), 60, 60, t);
    static const uint8_t sack[] = { 5, 2, 0, 0 };
    run("SACK option with no blocks", build(14 + 20 + 24, 44, 24, sack, sizeof sack), 14 + 20 + 24, 58, t);
    for (uint32_t n = 16; n < 20; n++)
        run("TCP fixed header cut before its end, data offset 8 (options promised)",
            build(14 + 20 + n, 20 + 32, 32, acc, 12), 14 + 20 + n, 14 + 20 + 32, t);
    /* Options of lengths wrong for their kinds, each followed by a good
     * one (the list goes on after them), cut at every byte. */
    static const uint8_t wrong[][12] = {
        { 8, 8, 1, 2, 3, 4, 5, 6, 3, 3, 7, 0 },   /* timestamps of 8 bytes */
        { 2, 2, 3, 3, 7, 1, 1, 1, 1, 1, 1, 0 },   /* MSS of 2 */
        { 19, 6, 1, 2, 3, 4, 3, 3, 7, 1, 1, 0 },  /* MD5 of 6 */
        { 5, 12, 0, 0, 0, 1, 0, 0, 0, 2, 9, 9 },  /* SACK: a block and 2 bytes */
        { 254, 5, 1, 2, 3, 3, 3, 7, 1, 1, 1, 0 }, /* experimental, ExID 0x0102 */
        { 5, 6, 0, 0, 0, 9, 3, 3, 7, 1, 1, 0 },  /* SACK: a left edge and no right one */
        { 5, 3, 9, 3, 3, 7, 1, 1, 1, 1, 1, 0 },   /* SACK: 1 byte of a block */
    };
    for (size_t w = 0; w < sizeof wrong / sizeof wrong[0]; w++)
        for (uint32_t n = 14 + 20 + 20; n <= 14 + 20 + 32; n++)
            run("an option of a wrong length, cut", build(n, 20 + 32, 32, wrong[w], sizeof wrong[w]), n,
                14 + 20 + 32, t);
    /* TCP in a PPPoE session inside an 802.1ad tag, cut at every byte. */
    {
        uint8_t *full = build(14 + 20 + 24, 44, 24, wrong[1], 4);
        uint8_t pppoe[14 + 4 + 8 + 20 + 24];
        memcpy(pppoe, full, 12);
        static const uint8_t tags[] = { 0x88, 0xa8, 0x00, 0x64, 0x88, 0x64, 0x11, 0x00, 0x12, 0x34, 0x00, 46, 0x00, 0x21 };
        memcpy(pppoe + 12, tags, sizeof tags);
        memcpy(pppoe + 12 + sizeof tags, full + 14, 20 + 24);
        free(full);
        for (uint32_t n = 12; n <= sizeof pppoe; n++) {
            uint8_t *cut = malloc(n);
            memcpy(cut, pppoe, n);
            run("TCP in PPPoE in 802.1ad, cut", cut, n, sizeof pppoe, t);
        }
    }
    {
        uint8_t *full = build(14 + 20 + 24, 44, 24, wrong[1], 4);
        hostile_tunnels(full, 14 + 20 + 24, t);
        free(full);
    }
    link_encapsulations();
    hostile_fragments(t);
    struct timespec far = { (time_t)0x7ffffffffffffff0LL, 999999999 };
    run("a timestamp near the end of time", build(54, 40, 20, NULL, 0), 54, 54, far);
    struct timespec back = { -(time_t)0x7ffffffffffffff0LL, -999999999 };
    run("a timestamp near the start of time", build(54, 40, 20, NULL, 0), 54, 54, back);
    return fails ? 1 : 0;
}
