/* A decoded frame: what each layer holds, as offsets into the captured bytes
 * and the values the decoders read. Decoders fill it; nothing here points to
 * heap memory, so a frame is decoded in place with no allocation. */
#ifndef SYNFIN_PACKET_H
#define SYNFIN_PACKET_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "decode/nstime.h"

#define MAX_ETH   4    /* Ethernet headers (outer and tunnelled) */
/* 802.1Q tags Wireshark reads in a packet (packet-vlan.c): the next one
 * is "Too many nested VLAN tags", a layer with no fields, and ends it. */
#define MAX_VLAN  20
#define MAX_IP    4    /* IPv4 or IPv6 headers, outer to inner */
#define MAX_TCPOPT 40  /* a 40-byte option area holds at most 40 options */
#define MAX_SACK  4    /* SACK blocks that fit in one option */
#define MAX_WALK 96    /* layers named in frame.protocols, in the order walked */
#define MAX_COMMENT 16 /* pcapng opt_comment options kept a frame (frame.comment) */

struct eth_layer {
    uint32_t off;             /* start of the header: dst(6) src(6) type(2) */
    uint16_t type;            /* up to 1500: an IEEE 802.3 length (LLC follows) */
};

/* The layers a frame holds, in the order the decoder walked them, as
 * frame.protocols names them (link_layer_name gives the word) and -V shows
 * them. A layer is named once its dissector would be called (even if its
 * header is cut), "ethertype" once the EtherType that goes on from it was
 * read. Each LL_IPV4 or LL_IPV6 is the frame's next ip[] (the last may
 * have none: cut, or past MAX_IP). */
enum link_layer_id {
    LL_NONE,
    LL_ETH, LL_ETHERTYPE, LL_LLC, LL_VLAN, LL_8021AD, LL_8021AH, LL_VNTAG, LL_CFP,
    LL_PPPOE, LL_PPP, LL_MPLS,
    LL_IP,           /* Wireshark's "ip" that goes on as IPv6 (or names a bogus version) */
    LL_IPV4, LL_IPV6, /* an IP header of struct frame's ip[], in order */
    LL_IPV6_HOPOPTS, LL_IPV6_ROUTING, LL_IPV6_DSTOPTS, LL_IPV6_FRAGHDR,   /* IPv6's extension headers */
    LL_TCP, LL_MPTCP, LL_UDP, LL_GRE, LL_ERSPAN, LL_WLAN, LL_VXLAN, LL_GENEVE, LL_GTP, LL_TEREDO, LL_AYIYA,
    LL_ICMP, LL_ICMPV6,      /* an ICMP message: the first is struct frame's icmp, a second its icmp_quoted */
    LL_COUNT
};

enum ip_csum_status { CSUM_BAD = 0, CSUM_GOOD = 1, CSUM_UNVERIFIED = 2, CSUM_NOT_PRESENT = 3, CSUM_ILLEGAL = 4 };

struct ip_layer {
    uint8_t version;          /* 4 or 6; 0 for a bogus header (below) */
    uint8_t wire_version;     /* the version nibble as captured */
    /* A header that the link or EtherType calls IPv4 (or IPv6) but whose
     * version nibble says otherwise: Wireshark still shows the layer, as
     * "Bogus IPv4 version", with its version only, and an IPv4 header
     * that says 6 goes on as IPv6. Here version is 0, so no rule that
     * reads IPv4 or IPv6 fields sees it; bogus_of is 4 or 6, and hdr_len
     * what Wireshark's layer covers (IHL words, or 40). */
    uint8_t bogus_of;
    uint32_t off;
    /* Where the enclosing layer ends as it reports its length (a PPPoE or
     * 802.3 length, a tunnel's, the frame's): Wireshark hands IP a buffer
     * cut there, so a header field past it is not shown (ip_has). */
    uint32_t end;
    /* IPv4 */
    uint8_t hdr_len, tos, ttl, proto;
    uint16_t len, id, frag;   /* frag: flags (3 bits) and offset (13) as on the wire */
    uint16_t checksum;
    uint8_t csum_status;
    /* IPv6 */
    uint32_t vtcflow;
    uint16_t plen;
    uint8_t nxt, hlim;
    /* both */
    uint8_t final_proto;      /* transport protocol after any extension headers */
    uint32_t payload_off;     /* where the transport header starts */
    uint32_t payload_len;     /* its length as the IP header tells (capped to the frame) */
    bool later_fragment;      /* a non-first fragment: no transport header here */
    bool more_fragments;      /* a fragment (MF set or a later piece) that was not reassembled */
    bool len_from_frame;      /* IPv4 total length 0 (TSO, BIG TCP): taken from the frame */
    /* IPv4 and IPv6 fragments, reassembled as Wireshark does by default: a fragment
     * whose bytes are all captured goes to the defragmenter
     * (src/track/ipdefrag.c) and nothing after this header is decoded in
     * the frame (tshark shows it as "Fragmented IP protocol" data); in the
     * frame that completes the datagram, the defragmenter appends the
     * datagram's payload (reasm_len bytes) after the frame's caplen bytes,
     * and decode_reassembled goes on from there. payload_off and
     * payload_len stay this fragment's own. */
    bool defrag;              /* a fragment for the defragmenter */
    uint16_t frag6;           /* IPv6: the Fragment header's offset and flags, as on the wire */
    uint32_t frag_ident;      /* IPv6: its identification */
    bool reassembled;         /* this frame completed the datagram */
    uint32_t reasm_len;       /* the reassembled payload's length */
    /* IPv6: where the transport checksum's pseudo-header takes its source
     * and destination when they are not the header's own (0): a Home
     * Address option's address; a routing header's final destination. */
    uint32_t ph_src_off, ph_dst_off;
};

/* Where the address Wireshark takes as the frame's source (which 0) or
 * destination (1) lies: the header's own, or with IPv6 the home address or
 * final destination that the pseudo-header takes. Wireshark's pinfo->src
 * and dst are these, and the columns, conversations and tcp.stream follow
 * them (ipv6.src and ipv6.dst stay the header's). */
static inline uint32_t ip_shown_addr_off(const struct ip_layer *ip, int which)
{
    if (ip->version == 4)
        return ip->off + 12 + 4 * (uint32_t)which;
    uint32_t ph = which ? ip->ph_dst_off : ip->ph_src_off;
    return ph ? ph : ip->off + 8 + 16 * (uint32_t)which;
}

/* Whether a header is shown as IPv4 (4) or IPv6 (6), bogus or not. */
static inline bool ip_layer_is(const struct ip_layer *ip, int version)
{
    return (ip->version ? ip->version : ip->bogus_of) == version;
}

/* The kinds Wireshark names. */
enum {
    TCPOPT_EOL = 0, TCPOPT_NOP = 1, TCPOPT_MSS = 2, TCPOPT_WSCALE = 3,
    TCPOPT_SACK_PERM = 4, TCPOPT_SACK = 5, TCPOPT_ECHO = 6, TCPOPT_ECHOREPLY = 7,
    TCPOPT_TIMESTAMP = 8, TCPOPT_CC = 11, TCPOPT_CCNEW = 12, TCPOPT_CCECHO = 13,
    TCPOPT_MD5 = 19, TCPOPT_SCPS = 20, TCPOPT_SNACK = 21, TCPOPT_RECBOUND = 22,
    TCPOPT_CORREXP = 23, TCPOPT_QS = 27, TCPOPT_USER_TO = 28, TCPOPT_AO = 29,
    TCPOPT_MPTCP = 30, TCPOPT_TFO = 34, TCPOPT_ACC_ECN_0 = 172, TCPOPT_ACC_ECN_1 = 174,
    TCPOPT_EXP_FD = 253, TCPOPT_EXP_FE = 254,
};

/* The TCP flag bits, as in the header's 12-bit flags field. */
enum {
    TH_FIN = 0x001, TH_SYN = 0x002, TH_RST = 0x004, TH_PSH = 0x008, TH_ACK = 0x010, TH_URG = 0x020,
    TH_ECE = 0x040, TH_CWR = 0x080, TH_AE = 0x100, TH_RESERVED = 0xe00,
};

struct tcp_option {
    uint8_t kind;
    uint8_t len;              /* as written (1 for EOL and NOP) */
    uint32_t off;             /* offset of the kind byte in the frame */
    bool bad_len;             /* the length byte lies or is missing: the list ends here */
    bool cut;                 /* not all of it was captured: its value is unknown */
    bool wrong_len;           /* a length its kind never has ("option length should be N"):
                                 no value is read from it, and the list goes on after it */
};

struct tcp_layer {
    uint32_t off;
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t hdr_len;          /* data offset * 4 */
    uint16_t flags;           /* 12 bits: reserved(3) AE CWR ECE URG ACK PSH RST SYN FIN */
    uint16_t win, checksum, urgp;
    uint32_t seg_len;         /* payload length from the IP length (tcp.len) */
    uint32_t payload_off;
    uint8_t csum_status;
    bool bogus_hdr_len;       /* data offset < 5, or beyond the segment */
    bool hdr_truncated;       /* less than 16 bytes captured: only the ports are known */
    bool short_segment;       /* the IP length leaves less than the header length */
    bool have_seglen;         /* the segment length is known (not an unreassembled fragment) */
    /* The header an ICMP or ICMPv6 error quotes (Wireshark's in_error_pkt):
     * no segment length, no analysis; only quote_end - off bytes of it are
     * there, however many the frame holds after them. */
    bool quoted;
    uint32_t quote_end;

    /* options, in order */
    uint8_t nopt;
    bool opts_truncated;      /* the option area was cut by the snapshot length */
    bool bad_padding;         /* non-zero bytes after an EOL */
    bool malformed_option;    /* an option Wireshark reads past its own end */
    bool has_mss, has_ws, has_sack_perm, has_ts;   /* an option of the kind with its value */
    bool mss_option;          /* an MSS option, whatever its length (tcp.options.mss.absent) */
    bool has_acc_ecn_opt;     /* an AccECN option (kind 172 or 174) of a valid length */
    uint16_t mss;
    uint8_t ws_shift;         /* as sent; tcp_ws_shift() gives the one in force */
    uint32_t tsval, tsecr;
    bool sack_short;          /* the first SACK option is too short for one block (length 2 to 9) */
    bool sack_short_le;       /* and holds its left edge (length 6 to 9): in sack_le[0], nsack 0 */
    uint8_t nsack;            /* SACK blocks in the first SACK option */
    uint32_t sack_le[MAX_SACK], sack_re[MAX_SACK];
    struct tcp_option opt[MAX_TCPOPT];   /* last: not cleared per frame, nopt says how many */
};

/* An ICMP (version 4) or ICMPv6 (6) message. An error (destination
 * unreachable, time exceeded, ...) quotes the datagram it answers: the IP
 * header after it, and the TCP header after that, are the quote's. */
struct icmp_layer {
    uint32_t off;
    uint8_t version, type, code;
    uint8_t after_ip;         /* IP headers before it: ip[after_ip - 1] carries it */
    bool error;               /* the walk went on into the quote */
    bool malformed_before;    /* f->malformed before the quote: a cut quote is no fault */
};

enum layer_bits {
    HAS_ETH = 1 << 0, HAS_IP = 1 << 1, HAS_TCP = 1 << 2,
};

/* What a frame is: a packet, or one of the pcapng blocks that Wireshark 4.0
 * counts as a frame of its own (numbered, shown, never decoded past it). */
enum frame_record { REC_PACKET = 0, REC_CUSTOM_BLOCK, REC_JOURNAL_BLOCK };

/* Bytes a capture file gives as text (a pcapng comment): untrusted, meant
 * to be UTF-8. They point into the reader's buffer, as data does. */
struct frame_text {
    const uint8_t *p;
    uint32_t n;
};

/* A pcapng interface's names as Wireshark 4.0 shows a frame's: name is
 * if_name, else if_description, else if_hardware (p NULL: none, shown as
 * "unknown"); desc is if_description (p NULL: none). Each is the option's
 * bytes up to a NUL, untrusted (escaped when written). */
struct frame_iface {
    struct frame_text name, desc;
};

/* A pcapng packet's options that Wireshark 4.0 shows in the frame tree
 * (epb_flags, epb_dropcount, epb_packetid, epb_queue; an obsolete PB's
 * drop count is in its header): the first of each, present a bit each. */
enum { PKT_FLAGS = 1, PKT_DROPS = 2, PKT_ID = 4, PKT_QUEUE = 8 };
struct frame_pkt_opts {
    uint8_t present;          /* PKT_ bits */
    uint32_t flags;           /* direction (bits 0-1), reception type, FCS length, link errors */
    uint32_t queue;
    uint64_t drops, id;
};

struct frame {
    /* from the capture source */
    uint64_t number;
    struct timespec ts;
    /* The record carries no time stamp: an SPB, a custom block. Wireshark
     * then shows no time fields, and ts is what it takes for the deltas (0
     * for an SPB, the record before's for a custom block). */
    bool no_ts;
    uint8_t record;           /* enum frame_record */
    /* A custom block's Private Enterprise Number, and whether its type
     * lets it be copied (0x00000BAD, not 0x40000BAD). */
    bool block_copy;
    uint32_t block_pen;
    uint8_t ncomment;         /* opt_comment options, in order */
    struct frame_text comment[MAX_COMMENT];
    /* pcapng: the record's section (from 1; 0: not a pcapng file), a
     * packet's interface id in that section, and that id's names (NULL:
     * none kept, or not a packet). Valid as data is. */
    uint32_t section;
    uint32_t if_id;
    const struct frame_iface *iface;
    struct frame_pkt_opts pkt;
    uint32_t len;             /* on the wire */
    uint32_t caplen;          /* captured */
    const uint8_t *data;
    /* Bytes readable at data: caplen, and in a frame that completed an IPv4
     * datagram, the reassembled payload after them (ip_layer's defrag).
     * Every read of a decoded layer is bounded by it; what belongs to the
     * frame itself (frame.cap_len, -x, -w, the Ethernet trailer) by caplen.
     * decode_frame sets it to caplen. */
    uint32_t buflen;
    int linktype;             /* DLT_ value */
    bool ts_nsec;             /* the file's precision is nanoseconds */
    bool link_swapped;        /* the file was written on a host of the other byte order: a
                                 link header in host order (NFLOG's TLVs) reads swapped */

    /* link layers */
    /* 802.1Q tags are walk layers (LL_VLAN): every one is read at its
     * walk_off, however many a frame holds. */
    uint8_t neth, nip;
    struct eth_layer eth[MAX_ETH];
    struct ip_layer ip[MAX_IP];
    uint8_t nwalk;            /* the layers walked, outer first (frame.protocols, -V) */
    uint8_t walk[MAX_WALK];   /* enum link_layer_id */
    uint32_t walk_off[MAX_WALK];  /* where each one's header starts (it may not be captured) */

    bool has_icmp;
    struct icmp_layer icmp;
    /* An ICMP message the error quotes (an echo a router could not
     * deliver): its type and code only, as the walk goes no deeper. */
    bool has_icmp_quoted;
    struct icmp_layer icmp_quoted;

    /* TCP, when present (the innermost transport) */
    bool has_tcp;
    struct tcp_layer tcp;

    bool check_tcp_checksum;  /* verify TCP checksums (-o tcp.check_checksum:TRUE) */
    uint8_t tcp_options;      /* which TCP options were read (decode_prefs' enum tcp_options_read) */
    bool malformed;           /* a header lied about a length or ran past the data */
    bool truncated;           /* caplen < len: "[Packet size limited during capture]" */
};

/* Where the packet ends for the decoders: its length on the wire, or the
 * captured length when the file says fewer bytes were on the wire than it
 * holds (Wireshark's reported length is never below the captured one, and
 * it decodes such frames whole). */
static inline uint32_t frame_reported_len(const struct frame *f)
{
    return f->len > f->caplen ? f->len : f->caplen;
}

/* The IPv4 total length Wireshark shows (ip.len): as written, or for a
 * length of 0 (TSO, BIG TCP) what the frame holds. */
static inline uint32_t ip_total_len(const struct ip_layer *ip)
{
    return ip->len_from_frame ? ip->payload_len + ip->hdr_len : ip->len;
}

/* A frame's IP bytes as Zeek's ConnSize analyzer counts them for conn.log's
 * orig_ip_bytes/resp_ip_bytes (IP_Hdr::TotalLen): the innermost header's
 * IPv4 total length, or IPv6 payload length plus its 40-byte header. */
static inline uint32_t frame_ip_bytes(const struct frame *f)
{
    if (!f->nip)
        return 0;
    const struct ip_layer *ip = &f->ip[f->nip - 1];
    return ip->version == 4 ? ip_total_len(ip) : ip->version == 6 ? ip->plen + 40u : 0;
}

/* How many of the n bytes at off were captured (0 when off lies past them).
 * Presenters measure every range of a frame with these two, never by
 * subtracting offsets, so a length can not wrap around. */
static inline uint32_t frame_bytes_in(const struct frame *f, uint32_t off, uint32_t n)
{
    if (off >= f->buflen)
        return 0;
    uint32_t left = f->buflen - off;
    return n < left ? n : left;
}

/* All n bytes at off were captured. */
static inline bool frame_has(const struct frame *f, uint32_t off, uint32_t n)
{
    return off <= f->buflen && n <= f->buflen - off;
}

/* The IP header whose payload starts at off (a UDP or tunnel header's
 * carrier), or NULL. */
static inline const struct ip_layer *frame_ip_carrying(const struct frame *f, uint32_t off)
{
    for (int i = 0; i < f->nip; i++)
        if (f->ip[i].payload_off == off)
            return &f->ip[i];
    return NULL;
}

/* The n bytes at off of header ip were captured and lie within what the
 * enclosing layer gave it: the test for showing one of its fields. */
static inline bool ip_has(const struct frame *f, const struct ip_layer *ip, uint32_t off, uint32_t n)
{
    return frame_has(f, off, n) && off <= ip->end && n <= ip->end - off;
}

/* Big-endian numbers in bytes that frame_has said were captured (the
 * presenters' reads of a header's fields). */
static inline uint32_t be16_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}
static inline uint32_t be32_at(const uint8_t *p)
{
    return be16_at(p) << 16 | be16_at(p + 2);
}

/* RFC 7323 2.3: a window scale shift above 14 is used as 14 (Wireshark
 * too, in every place it shows the multiplier). */
#define TCP_WSCALE_MAX 14
static inline unsigned tcp_ws_shift(const struct tcp_layer *t)
{
    return t->ws_shift > TCP_WSCALE_MAX ? TCP_WSCALE_MAX : t->ws_shift;
}

#endif
