#!/usr/bin/env python3
"""Capture files for the tests, written to stdout.

  mkpcap.py frames N             classic pcap: N TCP segments of one connection
                                 (Ethernet, IPv4, 20 bytes of data each)
  mkpcap.py conns N              classic pcap: N connections from 10.0.x.y to
                                 10.1.0.1:80, each opened, closed by four
                                 segments, one after the other (1 ms apart)
  mkpcap.py offset K FILE        the byte offset where record K (from 0) starts
  mkpcap.py gzip-damaged N       `frames N`, gzip-compressed, then a deflate
                                 block of the reserved type 3: zlib stops there
                                 with "invalid block type" after all N frames
  mkpcap.py gzip-damage-file F   the same for the bytes of file F
  mkpcap.py late-syns            lone SYNs of many kinds (options, window scale
                                 0/7/14/15 or none, window 0, ack set, odd flags,
                                 AccECN, IPv6, with data or SACK), 1,100 other
                                 SYNs, then an hour later each kind gets a
                                 SYN-ACK, ACK and request, an RST, its SYN
                                 again, a SYN with a new ISN, a SYN from the
                                 other side, or nothing
  mkpcap.py syns N               N lone SYNs with Linux's options, each from
                                 its own address (a SYN flood), 10 us apart
  mkpcap.py odd-time-syn         a SYN whose microsecond field is 3,000,000 (a
                                 negative nanosecond count once read), another
                                 flow's SYN, then data before the SYN's next
                                 sequence number 3 s later
  mkpcap.py midstream            8 connections whose first packet is data or a
                                 SYN-ACK (a capture begun mid-stream), with
                                 server ports on either side and one toward
                                 the broadcast address: Zeek's role flip
  mkpcap.py encaps-link          TCP handshakes in 802.3 LLC/SNAP, 802.1ah,
                                 FabricPath, VN-Tag (Ethernet), and frames cut
                                 in each header; encaps-fddi, encaps-nflog and
                                 encaps-nflog-be the same for FDDI and NFLOG
  mkpcap.py encaps-mpls          TCP handshakes under MPLS label stacks of 1, 2
                                 and 3 entries (Ethernet), and frames cut in
                                 each label
  mkpcap.py odd-lengths          frames 1-2: IPv4 total length 0 (TSO, BIG TCP),
                                 0 and 100 bytes of data; frames 3-5: a wire
                                 length below the captured length (40 of 54,
                                 60 of 154, 0 of 154), decoded whole by tshark
  mkpcap.py bad-options          SYNs with options of wrong lengths
  mkpcap.py max-records          24 TCP segments of one connection in records
                                 of up to 262,144 bytes (the largest a record
                                 may be; more than a read-ahead block), 3.4 MB in
                                 all: records cut by every block's end
  mkpcap.py encaps               TCP in PPPoE sessions (also in QinQ)
  mkpcap.py deep-nesting         SYNs at and just past the decoder's nesting
                                 bounds: 15 and 16 VLAN tags, 7 and 8 tags
                                 each with LLC/SNAP, VXLAN in VXLAN to 4 and
                                 5 IP headers, 15 tags in VXLAN in 15 tags,
                                 VXLAN between ports 2152 (GTP-U) and 4789
  mkpcap.py encaps-tunnel        TCP handshakes in tunnels: Aruba GRE, GRE in
                                 UDP, ERSPAN I/II/III, GTP-U, Teredo, AYIYA,
                                 VXLAN and Geneve from their source port
  mkpcap.py udp-conv             UDP conversations (udp.stream, its times):
                                 interleaved, both directions, ICMP and ICMPv6
                                 quotes, bogus lengths, a cut header, time going
                                 back, fragments, IPv6, VXLAN carrying UDP
  mkpcap.py udp-columns          UDP datagrams no application takes: bad
                                 lengths, IPv6 jumbo length 0, the header cut
                                 at each byte, UDP in VXLAN, IPIP, GRE,
                                 fragments (the summary's Protocol and Info)
  mkpcap.py tunnel-headers       GRE (checksums right and wrong, routing, key,
                                 unknown type, version 1), ERSPAN II and III
                                 (all bits set, platform subheaders 1-7),
                                 VXLAN and Geneve flags and options; each
                                 frame then cut at every byte of its tunnel
                                 header
  mkpcap.py ipv4-frag            a TCP connection whose segments are IPv4
                                 fragments: in and out of order, first last,
                                 duplicated, overlapping, never completed,
                                 interleaved, cutting the TCP header, and
                                 GTP-U in a fragmented UDP datagram
  mkpcap.py ipv4-frag-flags      IPv4 datagrams whose fragments get Wireshark's
                                 fragment flags: a second tail of another
                                 length, a fragment past the end, one that
                                 runs past it, an empty one
  mkpcap.py ipv4-frag-http       an HTTP request in two TCP segments, the
                                 second in two IPv4 fragments: its frame
                                 has three data sources (-x)
  mkpcap.py ipv6-frag            the same over IPv6 Fragment headers (in and
                                 out of order, first last, never completed,
                                 atomic, cutting the TCP header)
  mkpcap.py icmp-quoted           a TCP connection over IPv4 and one over IPv6
                                 with ICMP and ICMPv6 errors quoting their
                                 segments: port unreachable (whole header and
                                 data), time exceeded and packet too big (8
                                 bytes), fragmentation needed (header with
                                 options), a quote cut inside the ports,
                                 redirect, parameter problem, a quote of UDP,
                                 echo request/reply (no quote); then quotes
                                 of 3 to 18 bytes, a quoted SYN that makes a
                                 stream and one with a new ISN, a quoted FIN
                                 and RST, a bogus header length
  mkpcap.py seq-analysis         one connection raising every SEQ/ACK analysis
                                 flag: a segment not captured, duplicate ACKs,
                                 fast, spurious and plain (RTO) retransmissions,
                                 a zero window, its probe and the probe's ACK,
                                 a window update, a keep-alive and its ACK, an
                                 ACK of unseen data, then its ports reused
  mkpcap.py icmp-tunnel          ICMP and ICMPv6 errors quoting a tunnelled TCP
                                 SYN: UDP with VXLAN, Geneve, GTP-U, Teredo
                                 and GRE in UDP, GRE (IP, Ethernet), AYIYA;
                                 a quote cut inside the tunnel header, an
                                 RFC 4884 quote (length field, extension)
"""
import struct
import sys
import zlib


def udp_columns():
    """UDP datagrams that tshark hands to no application dissector, for
    the summary's Protocol and Info (packet-udp.c's "SPORT → DPORT Len=N"):
    IPv4 and IPv6, lengths below 8 (4, 0), past the IP payload, short of it,
    0 over IPv6 (a jumbogram's), a checksum of 0 over IPv6; the header cut
    at each of its bytes, the payload cut (none, or fewer than 4 bytes of
    it captured: a heuristic dissector stops at the cut); UDP in VXLAN, IP in IP, GRE,
    after an IPv6 Hop-by-Hop header, and in two IPv4 fragments."""
    mac = bytes([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb])
    A, B = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    A6, B6 = (bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + bytes([i]) for i in (1, 2))
    out = [pcap_header()]
    t = [0]

    ip4, ip6 = ipv4, ipv6

    def udp(payload=b'c' * 6, length=None, csum=0, sp=40010, dp=40020):
        return struct.pack('>HHHH', sp, dp, 8 + len(payload) if length is None else length, csum) + payload

    def put(ip, v6=False, cut=None):
        t[0] += 1000
        data = mac + (b'\x86\xdd' if v6 else b'\x08\x00') + ip
        cap = len(data) if cut is None else cut
        out.append(struct.pack('<IIII', 1700000000, t[0], cap, len(data)) + data[:cap])

    put(ip4(A, B, 17, udp()))
    put(ip6(A6, B6, 17, udp(csum=0x1234)), v6=True)
    put(ip6(A6, B6, 17, udp()), v6=True)
    put(ip4(A, B, 17, udp(length=4)))
    put(ip4(A, B, 17, udp(length=0)))
    put(ip4(A, B, 17, udp(length=100)))
    put(ip4(A, B, 17, udp(length=10)))
    put(ip6(A6, B6, 17, udp(length=0, csum=0x1234)), v6=True)
    for n in range(8):
        put(ip4(A, B, 17, udp()), cut=14 + 20 + n)
    put(ip6(A6, B6, 17, udp(csum=0x1234)), v6=True, cut=14 + 40 + 5)
    put(ip4(A, B, 17, udp()), cut=14 + 20 + 8)
    put(ip4(A, B, 17, udp(b'cc')), cut=14 + 20 + 8)
    put(ip4(A, B, 17, udp(b'cc')), cut=14 + 20 + 9)
    put(ip4(A, B, 17, udp(b'c' * 40)), cut=14 + 20 + 8 + 2)
    put(ip4(A, B, 17, udp(b'c' * 40)), cut=14 + 20 + 8 + 4)
    put(ip6(A6, B6, 17, udp(length=0)), v6=True)
    put(ip6(A6, B6, 17, udp(length=4)), v6=True)
    put(ip6(A6, B6, 17, udp(length=100)), v6=True)
    put(ip4(A, B, 17, udp(b'', length=100)))
    vx = b'\x08\x00\x00\x00\x00\x00\x64\x00' + mac + b'\x08\x00' + ip4(B, A, 17, udp(sp=40030))
    put(ip4(A, B, 17, udp(vx, sp=50000, dp=4789)))
    put(ip4(A, B, 4, ip4(B, A, 17, udp(sp=40040))))
    put(ip4(A, B, 47, b'\x00\x00\x08\x00' + ip4(B, A, 17, udp(sp=40050))))
    put(ip6(A6, B6, 0, bytes([17, 0, 1, 4, 0, 0, 0, 0]) + udp(csum=0x1234)), v6=True)
    dg = udp(b'f' * 40, sp=40060)
    put(ip4(A, B, 17, dg[:24], ident=99, frag=0x2000))
    put(ip4(A, B, 17, dg[24:], ident=99, frag=3))
    return b''.join(out)


def pcap_header():
    return struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1)


def frame(i):
    payload = b'%020d' % i
    tcp = struct.pack('>HHIIBBHHH', 40000, 5555, 1 + 20 * i, 1, 5 << 4, 0x18, 512, 0, 0) + payload
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), i & 0xffff, 0x4000, 64, 6, 0,
                     bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    eth = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0])
    data = eth + ip + tcp
    return struct.pack('<IIII', 1000 + i // 1000, (i % 1000) * 1000, len(data), len(data)) + data


def odd_lengths():
    def seg(ip_len, paylen, wire=None, i=0):
        tcp = struct.pack('>HHIIBBHHH', 40000, 5555, 1, 1, 5 << 4, 0x18, 512, 0, 0) + b'a' * paylen
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, ip_len, 1, 0x4000, 64, 6, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        data = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]) + ip + tcp
        return struct.pack('<IIII', 1000 + i, 0, len(data), len(data) if wire is None else wire) + data
    return pcap_header() + seg(0, 0, i=0) + seg(0, 100, i=1) + seg(40, 0, 40, 2) + \
        seg(140, 100, 60, 3) + seg(140, 100, 0, 4)


def max_records():
    sizes = [262144, 60, 262143, 1514, 200000, 262144, 131072, 54]
    out = [pcap_header()]
    seq = 1
    for i in range(24):
        size = sizes[i % len(sizes)]
        # IPv4 cannot say more than 65,535 bytes: the rest is the
        # Ethernet trailer, as tshark reads it.
        paylen = min(size, 65535 + 14) - 54
        frame = tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 40000, 5555, seq, 1, 0x18, payload=b'x' * paylen)
        frame += bytes([i]) * (size - len(frame))
        seq += paylen
        out.append(struct.pack('<IIII', 1000 + i, 0, len(frame), len(frame)) + frame)
    return b''.join(out)


def conns(n):
    out = [pcap_header()]
    t = 0
    for c in range(n):
        cli, srv = bytes([10, 0, c >> 8 & 255, c & 255]), bytes([10, 1, 0, 1])
        cp = 1024 + c % 60000
        for src, dst, sp, dp, seq, ack, flags in (
                (cli, srv, cp, 80, 100, 0, 0x02), (srv, cli, 80, cp, 500, 101, 0x12),
                (cli, srv, cp, 80, 101, 501, 0x10), (cli, srv, cp, 80, 101, 501, 0x11),
                (srv, cli, 80, cp, 501, 102, 0x10), (srv, cli, 80, cp, 501, 102, 0x11),
                (cli, srv, cp, 80, 102, 502, 0x10)):
            tcp = struct.pack('>HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 512, 0, 0)
            ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
            data = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]) + ip + tcp
            out.append(struct.pack('<IIII', 1700000000 + t // 1000000, t % 1000000, len(data), len(data)) + data)
            t += 1000
    return b''.join(out)


def ip_sum(hdr):
    """The Internet checksum of hdr (an odd length padded with a zero)."""
    hdr += b'\x00' * (len(hdr) % 2)
    total = sum(struct.unpack('>%dH' % (len(hdr) // 2), hdr))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def ipv4(src, dst, proto, payload, ident=1, frag=0x4000, ttl=64):
    """An IPv4 header of 20 bytes, its checksum right, then payload."""
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0, src, dst)
    return ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:] + payload


def ipv6(src, dst, nxt, payload):
    """An IPv6 header (hop limit 64), then payload."""
    return struct.pack('>IHBB16s16s', 6 << 28, len(payload), nxt, 64, src, dst) + payload


def tcp_frame(src, dst, sport, dport, seq, ack, flags, win=64240, opts=b'', payload=b''):
    """An Ethernet frame of one TCP segment; src and dst of 4 or 16 bytes."""
    opts += b'\x00' * (-len(opts) % 4)
    off = (20 + len(opts)) // 4
    tcp = struct.pack('>HHIIBBHHH', sport, dport, seq & 0xffffffff, ack & 0xffffffff,
                      off << 4 | flags >> 8, flags & 0xff, win, 0, 0) + opts + payload
    if len(src) == 4:
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:]
        etype = b'\x08\x00'
    else:
        ip = struct.pack('>IHBB16s16s', 6 << 28, len(tcp), 6, 64, src, dst)
        etype = b'\x86\xdd'
    return bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + etype + ip + tcp


def late_syns():
    linux = b'\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x10\x00\x00\x00\x00\x00\x01\x03\x03\x07'
    kinds = [  # (options, window, ack, flags, IPv6, payload)
        (b'', 64240, 0, 0x002, False, b''),
        (linux, 64240, 0, 0x002, False, b''),
        (b'\x01\x03\x03\x00', 64240, 0, 0x002, False, b''),
        (b'\x01\x03\x03\x0e', 64240, 0, 0x002, False, b''),
        (b'\x01\x03\x03\x0f', 64240, 0, 0x002, False, b''),
        (linux, 0, 0, 0x002, False, b''),
        (linux, 64240, 12345, 0x002, False, b''),
        (linux, 64240, 0, 0x1ea, False, b''),
        (linux, 64240, 0, 0x1c2, False, b''),
        (b'\xac\x02', 64240, 0, 0x002, False, b''),
        (linux, 64240, 0, 0x002, True, b''),
        (linux, 64240, 0, 0x002, False, b'GET / HTTP/1.1\r\n'),
        (b'\x01\x01\x05\x0a\x00\x00\x00\x10\x00\x00\x00\x20', 64240, 0, 0x002, False, b''),
    ]
    late = ['handshake', 'rst', 'again', 'new-isn', 'other-side', 'none']
    frames, t = [], [1700000000 * 10**6]

    def put(data, gap=10):
        t[0] += gap
        frames.append(struct.pack('<IIII', t[0] // 10**6, t[0] % 10**6, len(data), len(data)) + data)

    def addrs(n, v6):
        if v6:
            return (bytes([0x20, 1, 0xd, 0xb8] + [0] * 10 + [n >> 8, n & 255]),
                    bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [1]))
        return bytes([10, 2, n >> 8, n & 255]), bytes([10, 3, 0, 1])

    conns = []
    for k, (opts, win, ack, flags, v6, payload) in enumerate(kinds):
        for j, what in enumerate(late):
            n = k * len(late) + j
            cli, srv = addrs(n, v6)
            cp, isn = 40000 + n, 1000 * n + 7
            conns.append((cli, srv, cp, isn, what, opts, payload))
            put(tcp_frame(cli, srv, cp, 80, isn, ack, flags, win, opts, payload))
    # a lone SYN on reused ports: the record stands for the second stream
    cli, srv = addrs(999, False)
    put(tcp_frame(cli, srv, 39999, 80, 5, 0, 0x002, opts=linux))
    put(tcp_frame(cli, srv, 39999, 80, 77777, 0, 0x002, opts=linux))
    for n in range(1100):
        put(tcp_frame(bytes([10, 4, n >> 8, n & 255]), bytes([10, 3, 0, 1]), 30000, 80, n, 0, 0x002, opts=linux))
    t[0] += 3600 * 10**6
    put(tcp_frame(srv, cli, 80, 39999, 900, 77778, 0x012, opts=linux))
    put(tcp_frame(cli, srv, 39999, 80, 77778, 901, 0x010))
    for cli, srv, cp, isn, what, opts, payload in conns:
        nxt = isn + 1 + len(payload)
        if what == 'handshake':
            put(tcp_frame(srv, cli, 80, cp, 50, nxt, 0x012, opts=b'\x02\x04\x05\xb4\x01\x03\x03\x07'))
            put(tcp_frame(cli, srv, cp, 80, nxt, 51, 0x010, win=502))
            put(tcp_frame(cli, srv, cp, 80, nxt, 51, 0x018, win=502, payload=b'GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
            put(tcp_frame(srv, cli, 80, cp, 51, nxt + 27, 0x010, win=509))
        elif what == 'rst':
            put(tcp_frame(srv, cli, 80, cp, 0, nxt, 0x014, win=0))
        elif what == 'again':
            put(tcp_frame(cli, srv, cp, 80, isn, 0, 0x002, opts=opts, payload=payload), gap=1000000)
        elif what == 'new-isn':
            put(tcp_frame(cli, srv, cp, 80, isn + 999999, 0, 0x002, opts=opts))
        elif what == 'other-side':
            put(tcp_frame(srv, cli, 80, cp, 4242, 0, 0x002, opts=opts))
    return pcap_header() + b''.join(frames)


def syns(n):
    opts = b'\x02\x04\x05\xb4\x04\x02\x08\x0a\x00\x00\x10\x00\x00\x00\x00\x00\x01\x03\x03\x07'
    out = [pcap_header()]
    srv = bytes([10, 255, 0, 1])
    for i in range(n):
        data = tcp_frame(bytes([10, i >> 16 & 255, i >> 8 & 255, i & 255]), srv, 1024 + i % 60000, 80,
                         i * 2654435761, 0, 0x002, opts=opts)
        t = 1700000000 * 10**6 + 10 * i
        out.append(struct.pack('<IIII', t // 10**6, t % 10**6, len(data), len(data)) + data)
    return b''.join(out)


def odd_time_syn():
    a, b, c = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), bytes([10, 0, 0, 3])
    out = [pcap_header()]
    for sec, usec, data in ((100, 3000000, tcp_frame(a, b, 1000, 80, 1000, 0, 0x002)),
                            (101, 0, tcp_frame(c, b, 2000, 80, 7, 0, 0x002)),
                            (103, 0, tcp_frame(a, b, 1000, 80, 990, 1, 0x018, payload=b'hello'))):
        out.append(struct.pack('<IIII', sec, usec, len(data), len(data)) + data)
    return b''.join(out)


def midstream():
    """Connections whose first captured packet is not a bare SYN, for Zeek's
    role flip (TCPAnalyzer::WantConnection): the capture began mid-stream."""
    cli, srv, oth = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), bytes([10, 0, 0, 3])
    conns = [  # (first sender's port, other port, who sends first)
        (80, 50000, 'server'),      # server port first: flipped
        (50001, 80, 'client'),      # client first: as captured
        (443, 8080, 'server'),      # both likely servers, lower source port, no SYN: flipped
        (8080, 443, 'server'),      # both likely servers, higher source port: as captured
        (80, 50002, 'synack'),      # a SYN-ACK first from a server port: flipped
        (80, 443, 'synack'),        # both likely, a SYN-ACK: as captured (stealth scans)
        (50003, 50004, 'server'),   # no likely port: as captured
        (80, 50005, 'broadcast'),   # toward 255.255.255.255: never flipped
    ]
    out = [pcap_header()]
    t = 1700000000 * 10**6
    for i, (p0, p1, kind) in enumerate(conns):
        a, b = (srv, cli) if i % 2 == 0 else (srv, oth)
        if kind == 'broadcast':
            a, b = srv, bytes([255, 255, 255, 255])
        pkts = []
        if kind == 'synack':
            pkts.append(tcp_frame(a, b, p0, p1, 5000, 1001, 0x012))
            pkts.append(tcp_frame(b, a, p1, p0, 1001, 5001, 0x010))
        else:
            pkts.append(tcp_frame(a, b, p0, p1, 5000, 1001, 0x018, payload=b'data from a'))
            pkts.append(tcp_frame(b, a, p1, p0, 1001, 5011, 0x010))
            pkts.append(tcp_frame(b, a, p1, p0, 1001, 5011, 0x018, payload=b'reply'))
            pkts.append(tcp_frame(a, b, p0, p1, 5011, 1006, 0x011))
            pkts.append(tcp_frame(b, a, p1, p0, 1006, 5012, 0x011))
            pkts.append(tcp_frame(a, b, p0, p1, 5012, 1007, 0x010))
        for data in pkts:
            t += 1000
            out.append(struct.pack('<IIII', t // 10**6, t % 10**6, len(data), len(data)) + data)
    return b''.join(out)


def frames(n):
    return pcap_header() + b''.join(frame(i) for i in range(n))


def damaged_gzip(data):
    z = zlib.compressobj(9, zlib.DEFLATED, 31)           # 31: a gzip wrapper
    # A full flush ends the blocks at a byte boundary; 0x07 then starts a
    # final block of type 3, which does not exist.
    return z.compress(data) + z.flush(zlib.Z_FULL_FLUSH) + b'\x07' + b'\x00' * 64


def offset(k, path):
    with open(path, 'rb') as f:
        data = f.read()
    pos = 24
    for _ in range(k):
        caplen = struct.unpack_from('<I', data, pos + 8)[0]
        pos += 16 + caplen
    return pos


def bad_options():
    """SYNs whose options have lengths wrong for their kinds (too short,
    too long, odd SACK sizes), each followed by a good option, and a few
    with the wrong one last: Wireshark reads each option by its own length
    byte, marks a wrong one, and goes on to the next. A SACK option too
    short for one block (length 2 to 9) ends the frame: Wireshark 4.0 shows
    a count of 0 blocks and, from length 6, the first left edge (also as a
    D-SACK left edge) before it gives up; the last frames put such options
    on ACKs of an opened connection, whose edges are relative. Then window
    scale shifts above 14 (used as 14, with Wireshark's warning), the last
    one from a group (multicast) source MAC, which Ethernet warns of, and
    shifts above 14 before an option that is wrong or cut (the warning is
    said before the option dissectors give up)."""
    ws = b'\x03\x03\x07'                  # a good window scale after each
    kinds = [
        (2, [2, 3, 5, 6]),                  # MSS wants 4
        (3, [2, 4, 5]),                     # window scale wants 3
        (4, [3, 4]),                        # SACK permitted wants 2
        (5, [2, 3, 4, 5, 6, 7, 8, 9, 12]),  # SACK wants 2 + 8n: none of a block, a left edge, 2 bytes over
        (8, [2, 8, 9, 12]),                 # timestamps want 10
        (19, [6, 20]),                      # MD5 wants 18
        (28, [2, 3, 6]),                    # user timeout wants 4
        (34, [2, 3, 5]),                    # TFO: 2 (request) or a cookie of 4 to 16
        (30, [2, 3]),                       # MPTCP: at least 4
        (172, [3, 4, 6]),                   # AccECN: 2, 5, 8 or 11
        (254, [2, 3, 5, 6]),                # experimental: an ExID of 2 bytes
        (99, [2, 3]),                       # unknown
    ]
    out = [pcap_header()]
    i = 0
    for kind, lens in kinds:
        for n in lens:
            body = bytes(range(1, n - 1)) if n > 2 else b''
            for opts in (bytes([kind, n]) + body + ws, ws + bytes([kind, n]) + body):
                if len(opts) > 40:
                    continue
                d = tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 40000 + i, 80, 1000 + i, 0, 0x002,
                              opts=opts)
                out.append(struct.pack('<IIII', 1700000000, i, len(d), len(d)) + d)
                i += 1
    for shift in (14, 15, 255):
        d = tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 40000 + i, 80, 1000 + i, 0, 0x002,
                      opts=b'\x01\x03\x03' + bytes([shift]))
        if shift == 255:
            d = d[:6] + bytes([1, 0, 0x5e, 0, 0, 1]) + d[12:]
        out.append(struct.pack('<IIII', 1700000000, i, len(d), len(d)) + d)
        i += 1
    for after in (b'\x02\x02', b'\x05\x04\x00\x00', b'\x01\x02\x04\x05\xb4', b'\x08\x03\x00'):
        d = tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 40000 + i, 80, 1000 + i, 0, 0x002,
                      opts=b'\x03\x03\x0f' + after)
        out.append(struct.pack('<IIII', 1700000000, i, len(d), len(d)) + d)
        i += 1
    ips = handshake(False, 41000)
    for n, le in ((6, 5001), (9, 4000), (7, 0x80000000), (2, 0)):
        ips.append(tcp_frame(bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1]), 80, 41000, 5001, 1001, 0x010,
                             opts=bytes([1, 1, 5, n]) + struct.pack('>I', le)[:max(0, n - 2)] + bytes(max(0, n - 6)))[14:])
    for ip in ips:
        d = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]) + ip
        out.append(struct.pack('<IIII', 1700000001, i, len(d), len(d)) + d)
        i += 1
    return b''.join(out)


def encaps():
    """TCP inside link layers beyond plain Ethernet: PPPoE sessions (IPv4,
    IPv6, a PPPoE length shorter than the frame), PPPoE inside 802.1ad QinQ
    and inside the older 0x9100 tag."""
    out = [pcap_header()]
    a4, b4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    a6, b6 = bytes(15) + b'\x01', bytes(15) + b'\x02'
    i = 0
    for src, dst in ((a4, b4), (a6, b6)):
        for flags, seq, ack in ((0x002, 1000, 0), (0x012, 5000, 1001), (0x010, 1001, 5001)):
            fwd = flags != 0x012
            d = tcp_frame(src if fwd else dst, dst if fwd else src, 40000 if fwd else 80, 80 if fwd else 40000,
                          seq, ack, flags, opts=b'\x02\x04\x05\xb4')
            eth, ip = d[:12], d[14:]
            ppp = (b'\x00\x21' if len(src) == 4 else b'\x00\x57') + ip
            pppoe = struct.pack('>BBHH', 0x11, 0, 0x1234, len(ppp)) + ppp
            # The PPPoE length ending inside the IP header, or with it: no
            # TCP (Wireshark hands IP nothing past that bound).
            for cut in (10, 20):
                short = struct.pack('>BBHH', 0x11, 0, 0x1234, 2 + cut) + ppp
                frame = eth + b'\x88\x64' + short
                out.append(struct.pack('<IIII', 1700000000, i, len(frame), len(frame)) + frame)
                i += 1
            for frame in (eth + b'\x88\x64' + pppoe,
                          eth + b'\x88\xa8' + struct.pack('>H', 100) + b'\x81\x00' + struct.pack('>H', 200) +
                          b'\x88\x64' + pppoe,
                          eth + b'\x91\x00' + struct.pack('>H', 300) + b'\x88\x64' + pppoe,
                          eth + b'\x88\x64' + pppoe + b'\x00' * 6):      # padding after the PPPoE length
                out.append(struct.pack('<IIII', 1700000000, i, len(frame), len(frame)) + frame)
                i += 1
    return b''.join(out)


def encaps_tunnel():
    """TCP handshakes (IPv4 and IPv6 inside) carried by tunnels in UDP or
    GRE: Aruba's GRE (0x8200, 0x8210: an 802.11 data frame, LLC/SNAP, then
    IP), GRE in UDP (port 4754), ERSPAN types I, II and III (with and
    without the platform subheader), GTP-U (plain, with a sequence number,
    with an extension header), Teredo (plain, origin indication,
    authentication), AYIYA, VXLAN and Geneve from the tunnel port to a
    higher one, and one truncated frame of each kind; then single
    segments in the rarer shapes of each header (GTP lengths that cut or
    hold nothing, 802.11 QoS, HT, A-MSDU and protected frames, GRE keys
    and checksums, Geneve options)."""
    out = [pcap_header()]
    a4, b4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    a6, b6 = bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x01', bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x02'
    o1, o2 = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
    mac = bytes([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb])

    def outer_ip(proto, payload):
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 7, 0x4000, 64, proto, 0, o1, o2)
        ip = ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:]
        return mac + b'\x08\x00' + ip + payload

    def udp(sport, dport, payload):
        return outer_ip(17, struct.pack('>HHHH', sport, dport, 8 + len(payload), 0) + payload)

    def gre(proto, payload, seq=None, key=None):
        flags = (0x2000 if key is not None else 0) | (0x1000 if seq is not None else 0)
        hdr = struct.pack('>HH', flags, proto)
        if key is not None:
            hdr += struct.pack('>I', key)
        if seq is not None:
            hdr += struct.pack('>I', seq)
        return hdr + payload

    def wlan(ip, qos=False):
        fc = b'\x88\x01' if qos else b'\x08\x01'   # (QoS) data, to DS
        hdr = fc + b'\x00\x00' + bytes([0, 0x11, 0x22, 0x33, 0x44, 0x55]) + mac[6:] + mac[:6] + b'\x10\x00'
        if qos:
            hdr += b'\x00\x00'
        etype = b'\x08\x00' if ip[0] >> 4 == 4 else b'\x86\xdd'
        return hdr + b'\xaa\xaa\x03\x00\x00\x00' + etype + ip

    def gtp(ip, seq=None, ext=False):
        flags = 0x30 | (0x04 if ext else 0) | (0x02 if seq is not None else 0)
        opt = b''
        if seq is not None or ext:
            opt = struct.pack('>HBB', seq or 0, 0, 0x85 if ext else 0)
        if ext:
            opt += b'\x01\x00\x01\x00'   # PDU session container, 4 bytes, then no more
        return struct.pack('>BBHI', flags, 255, len(opt) + len(ip), 0x1234) + opt + ip

    def teredo(ip, origin=False, auth=False):
        h = b''
        if auth:
            h += b'\x00\x01\x00\x00' + b'\x01' * 8 + b'\x00'
        if origin:
            h += b'\x00\x00' + struct.pack('>H', 0xffff ^ 40000) + bytes(b ^ 0xff for b in o1)
        return h + ip

    def ayiya(ip):
        return bytes([0x41, 0x52, 0x11, 41]) + struct.pack('>I', 1700000000) + bytes(16) + bytes(20) + ip

    kinds = [  # (name, IPv6 too, wrap(inner Ethernet frame) -> outer frame)
        ('aruba-8200', True, lambda e: outer_ip(47, gre(0x8200, wlan(e[14:])))),
        ('aruba-8210-qos', True, lambda e: outer_ip(47, gre(0x8210, wlan(e[14:], qos=True)))),
        ('gre-udp', True, lambda e: udp(50000, 4754, gre(0x0800 if e[12] == 8 else 0x86dd, e[14:]))),
        ('erspan1', True, lambda e: outer_ip(47, gre(0x88be, e))),
        ('erspan2', True, lambda e: outer_ip(47, gre(0x88be, struct.pack('>HHI', 0x1000 | 5, 0x0001, 7) + e, seq=9))),
        ('erspan3', True, lambda e: outer_ip(47, gre(0x22eb, struct.pack('>HHIHH', 0x2000 | 5, 0x0001, 1234, 0, 0) + e, seq=9))),
        ('erspan3-o', True, lambda e: outer_ip(47, gre(0x22eb, struct.pack('>HHIHH', 0x2000 | 5, 0x0001, 1234, 0, 1) +
                                                       bytes(8) + e, seq=9))),
        ('gtp', True, lambda e: udp(2152, 2152, gtp(e[14:]))),
        ('gtp-seq', False, lambda e: udp(50001, 2152, gtp(e[14:], seq=5))),
        ('gtp-ext', True, lambda e: udp(2152, 50002, gtp(e[14:], ext=True))),
        ('teredo', False, lambda e: udp(50003, 3544, teredo(e[14:]))),
        ('teredo-origin', False, lambda e: udp(3544, 50004, teredo(e[14:], origin=True))),
        ('teredo-auth', False, lambda e: udp(50005, 3544, teredo(e[14:], origin=True, auth=True))),
        ('ayiya', False, lambda e: udp(50006, 5072, ayiya(e[14:]))),
        ('vxlan-sport', True, lambda e: udp(4789, 50007, b'\x08\x00\x00\x00\x00\x00\x64\x00' + e)),
        ('geneve-sport', False, lambda e: udp(6081, 50008, b'\x00\x00\x65\x58\x00\x00\x64\x00' + e)),
    ]
    i = 0
    for k, (name, six, wrap) in enumerate(kinds):
        fams = [(a6, b6)] if name.startswith(('teredo', 'ayiya')) else [(a4, b4)] + ([(a6, b6)] if six else [])
        for src, dst in fams:
            port = 41000 + 2 * k + (len(src) == 16)
            for flags, seq, ack in ((0x002, 1000, 0), (0x012, 5000, 1001), (0x010, 1001, 5001)):
                fwd = flags != 0x012
                e = tcp_frame(src if fwd else dst, dst if fwd else src, port if fwd else 80, 80 if fwd else port,
                              seq, ack, flags, opts=b'\x02\x04\x05\xb4')
                d = wrap(e)
                out.append(struct.pack('<IIII', 1700000000, i, len(d), len(d)) + d)
                i += 1
        # the same SYN again, its capture cut inside the tunnel's header
        d = wrap(tcp_frame(fams[0][0], fams[0][1], 41000 + 2 * k, 80, 1000, 0, 0x002))
        cut = 34 + 8 + 3 if name.startswith(('gre-udp', 'gtp', 'teredo', 'ayiya', 'vxlan', 'geneve')) else 34 + 6
        out.append(struct.pack('<IIII', 1700000000, i, cut, len(d)) + d[:cut])
        i += 1

    # Single segments with data, in the less common shapes of each header
    # (to port 5555: with a wrong checksum, data for port 80 would meet a
    # difference in HTTP's reassembly that is not the tunnels').
    def seg(port, v6=False):
        return tcp_frame(a6 if v6 else a4, b6 if v6 else b4, port, 5555, 1, 1, 0x10, opts=b'\x02\x04\x05\xb4',
                         payload=b'abcd')

    def ip_with_option(e):   # IPv4 with one 4-byte option: first byte 0x46
        ip = bytearray(e[14:34])
        ip[0], ip[2:4], ip[10:12] = 0x46, struct.pack('>H', len(e) - 14 + 4), b'\x00\x00'
        ip = bytes(ip) + b'\x01\x01\x01\x00'
        return e[:14] + ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:] + e[34:]

    def gtp_raw(flags, body, length=None):
        return udp(50100, 2152, struct.pack('>BBHI', flags, 255, len(body) if length is None else length, 1) + body)

    def wlan_raw(ip, fc, extra):
        return fc + b'\x00\x00' + bytes(18) + b'\x10\x00' + extra + b'\xaa\xaa\x03\x00\x00\x00\x08\x00' + ip

    def wlan_addrs(ip, ds, qos=False, amsdu=False):
        addr = [bytes([2, 0, 0, 0, 0x0a, n]) for n in range(1, 5)]
        hdr = bytes([0x88 if qos or amsdu else 0x08, ds]) + b'\x2c\x00' + b''.join(addr[:3]) + b'\x20\x01'
        if ds == 3:
            hdr += addr[3]
        if qos or amsdu:
            hdr += b'\x85\x00' if amsdu else b'\x05\x00'
        msdu = b'\xaa\xaa\x03\x00\x00\x00\x08\x00' + ip
        if amsdu:   # one subframe: its own destination and source, its
            # length, and an EtherType neither decodes (synfin does not
            # walk into subframes: with IP in, tshark would show TCP)
            msdu = b'\xaa\xaa\x03\x00\x00\x00\x88\xb5' + ip
            msdu = bytes([2, 0, 0, 0, 0x0b, 1, 2, 0, 0, 0, 0x0b, 2]) + struct.pack('>H', len(msdu)) + msdu
        return hdr + msdu

    odd = [
        # GTP-U: two extension headers; an IPv4 header with options; S
        # alone and IPv6; PN alone; a GTP length shorter than the IP
        # packet (tshark: the IP packet is cut, TCP shown, malformed);
        # a GTP length of 0 (no user packet at all)
        lambda p: gtp_raw(0x34, b'\x00\x00\x00\x85' + b'\x02\x00\x00\x00\x00\x00\x00\x40' + b'\x01\x00\x00\x00' +
                          seg(p)[14:]),
        lambda p: gtp_raw(0x30, ip_with_option(seg(p))[14:]),
        lambda p: gtp_raw(0x32, b'\x00\x05\x00\x00' + seg(p, True)[14:]),
        lambda p: gtp_raw(0x31, b'\x00\x05\x07\x00' + seg(p)[14:]),
        lambda p: gtp_raw(0x30, seg(p)[14:], 30),
        lambda p: gtp_raw(0x30, seg(p)[14:], 0),
        # Aruba: GRE checksum, QoS with four addresses; QoS with HT control;
        # an A-MSDU and a protected frame (not decoded by either)
        lambda p: outer_ip(47, struct.pack('>HHI', 0x8000, 0x8200, 0) + wlan_raw(seg(p)[14:], b'\x88\x03', bytes(8))),
        lambda p: outer_ip(47, gre(0x8200, wlan_raw(seg(p)[14:], b'\x88\x81', bytes(6)))),
        lambda p: outer_ip(47, gre(0x8200, wlan_raw(seg(p)[14:], b'\x88\x01', b'\x80\x00'))),
        lambda p: outer_ip(47, gre(0x8210, wlan_raw(seg(p)[14:], b'\x08\x41', b''))),
        # ERSPAN II under a GRE key; ERSPAN II with an 802.1Q tag inside
        lambda p: outer_ip(47, gre(0x88be, struct.pack('>HHI', 0x1000 | 5, 1, 7) + seg(p), seq=9, key=5)),
        lambda p: outer_ip(47, gre(0x88be, struct.pack('>HHI', 0x1000 | 5, 1, 7) + seg(p)[:12] +
                                   b'\x81\x00\x00\x64\x08\x00' + seg(p)[14:], seq=9)),
        # GRE in UDP with a checksum; Geneve with options, and carrying IPv4
        lambda p: udp(50101, 4754, struct.pack('>HHI', 0x8000, 0x0800, 0) + seg(p)[14:]),
        lambda p: udp(50102, 6081, b'\x02\x00\x65\x58\x00\x00\x64\x00' + b'\x01\x02\x03\x04' * 2 + seg(p)),
        lambda p: udp(50103, 6081, b'\x00\x00\x08\x00\x00\x00\x64\x00' + seg(p)[14:]),
        # Teredo: authentication with an id and a value, no origin, both
        # ports 3544; AYIYA forwarding IPv4
        lambda p: udp(3544, 3544, b'\x00\x01\x02\x03' + b'ab' + b'cde' + bytes(8) + b'\x00' + seg(p, True)[14:]),
        lambda p: udp(50104, 5072, bytes([0x41, 0x52, 0x11, 4]) + bytes(4) + bytes(16) + bytes(20) + seg(p)[14:]),
        # VXLAN under a UDP length of 4 (below the header: tshark stops at
        # UDP) and of 2000 (past the frame: bounded by it)
        lambda p: outer_ip(17, struct.pack('>HHHH', 50105, 4789, 4, 0) + b'\x08\x00\x00\x00\x00\x00\x64\x00' + seg(p)),
        lambda p: outer_ip(17, struct.pack('>HHHH', 50106, 4789, 2000, 0) + b'\x08\x00\x00\x00\x00\x00\x64\x00' +
                           seg(p)),
        # VXLAN under UDP lengths that end inside the inner frame: in its
        # IP header, with it, in the TCP header (tshark bounds the inner
        # Ethernet frame by them)
        lambda p: outer_ip(17, struct.pack('>HHHH', 50107, 4789, 8 + 8 + 14 + 10, 0) +
                           b'\x08\x00\x00\x00\x00\x00\x64\x00' + seg(p)),
        lambda p: outer_ip(17, struct.pack('>HHHH', 50108, 4789, 8 + 8 + 14 + 20, 0) +
                           b'\x08\x00\x00\x00\x00\x00\x64\x00' + seg(p)),
        lambda p: outer_ip(17, struct.pack('>HHHH', 50109, 4789, 8 + 8 + 14 + 30, 0) +
                           b'\x08\x00\x00\x00\x00\x00\x64\x00' + seg(p)),
        # Aruba: 802.11 data frames of each To DS / From DS combination
        # (none, to DS, from DS, both: four addresses), each address its
        # own (02:00:00:00:0a:0N in slot N), so where tshark takes RA, TA,
        # DA, SA and BSSID from shows
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 0))),
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 1))),
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 2))),
        lambda p: outer_ip(47, gre(0x8210, wlan_addrs(seg(p)[14:], 3, qos=True))),
        # the same as A-MSDUs (no TCP): tshark gives DA and SA from the
        # subframe too, the header's only from addresses 1 and 2, and a
        # WDS one's addresses 3 and 4 as two BSSIDs
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 0, amsdu=True))),
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 1, amsdu=True))),
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 2, amsdu=True))),
        lambda p: outer_ip(47, gre(0x8200, wlan_addrs(seg(p)[14:], 3, amsdu=True))),
    ]
    for k, make in enumerate(odd):
        d = make(42000 + k)
        out.append(struct.pack('<IIII', 1700000000, i, len(d), len(d)) + d)
        i += 1
    return b''.join(out)


def tunnel_headers():
    """The tunnel headers' rarer fields, then each frame cut at every byte
    of its tunnel header: GRE with a right and a wrong checksum, the
    routing bit alone, a key with a checksum, an unknown protocol type,
    enhanced GRE (version 1, PPP); ERSPAN type II with every VLAN, COS,
    encap and truncated bit set, type III with its flags set and platform
    subheaders of IDs 1 to 7, an unknown ERSPAN version; VXLAN with the
    GBP, don't-learn, policy and reserved bits; Geneve with the OAM and
    critical bits, a well-formed option, and version 1."""
    out = [pcap_header()]
    o1, o2 = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
    mac = bytes([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb])

    def outer_ip(proto, payload):
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), 7, 0x4000, 64, proto, 0, o1, o2)
        ip = ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:]
        return mac + b'\x08\x00' + ip + payload

    def udp(dport, payload):
        return outer_ip(17, struct.pack('>HHHH', 50000, dport, 8 + len(payload), 0) + payload)

    def seg(port):
        return tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), port, 5555, 1, 1, 0x10, payload=b'abcd')

    def gre_csum(proto, body, extra=b''):
        hdr = struct.pack('>HHHH', 0x8000 | (0x2000 if extra else 0), proto, 0, 0) + extra
        return hdr[:4] + struct.pack('>H', ip_sum(hdr + body)) + hdr[6:] + body

    def erspan3(flags, sub=b''):
        return struct.pack('>HHIHH', 0x2000 | 0xabc, 0xffff, 99, 0x1234, flags) + sub

    kinds = [  # (wrap(inner Ethernet frame) -> outer frame, tunnel header offset, its length)
        (lambda e: outer_ip(47, gre_csum(0x0800, e[14:])), 34, 8),
        (lambda e: outer_ip(47, struct.pack('>HHI', 0x8000, 0x0800, 0x12340000) + e[14:]), 34, 8),
        (lambda e: outer_ip(47, struct.pack('>HHI', 0x4000, 0x0800, 0) + e[14:]), 34, 8),
        (lambda e: outer_ip(47, gre_csum(0x6558, e, struct.pack('>I', 0xdeadbeef))), 34, 12),
        (lambda e: outer_ip(47, struct.pack('>HH', 0x0000, 0x1234) + e[14:]), 34, 4),
        (lambda e: outer_ip(47, struct.pack('>HHHHI', 0x3081, 0x880b, 10, 7, 1) + b'\xff\x03\x00\x21' + e[14:]), 34, 12),
        (lambda e: udp(4754, gre_csum(0x0800, e[14:])), 42, 8),
        (lambda e: outer_ip(47, struct.pack('>HHI', 0x1000, 0x88be, 3) + struct.pack('>HHI', 0x1fff, 0xffff, 0xfffff) +
                            e), 34, 16),
        (lambda e: outer_ip(47, struct.pack('>HHI', 0x1000, 0x88be, 3) + struct.pack('>HHI', 0x3000, 1, 0) + e), 34, 16),
    ]
    kinds += [(lambda e, p=p: outer_ip(47, struct.pack('>HHI', 0x1000, 0x22eb, 3) +
                                       erspan3(0x83ff if p == 1 else 0x7c0f, struct.pack('>II', p << 26 | 0x3ffffff, 0xffffffff)) +
                                       e), 34, 28) for p in range(1, 8)]
    kinds += [
        (lambda e: outer_ip(47, struct.pack('>HHI', 0x1000, 0x22eb, 3) + erspan3(0xfff6) + e), 34, 20),
        (lambda e: udp(4789, b'\x88\x48\x12\x34\x00\x00\x64\x05' + e), 42, 8),
        (lambda e: udp(4789, b'\xff\xff\x00\x00\x00\x00\x64\x00' + e), 42, 8),
        (lambda e: udp(4789, b'\x00\x00\x00\x00\x00\x00\x64\x00' + e), 42, 8),
        (lambda e: udp(6081, b'\x02\xc0\x65\x58\x12\x34\x56\x77' + b'\x01\x02\x03\x01\xaa\xbb\xcc\xdd' + e), 42, 16),
        (lambda e: udp(6081, b'\x40\x3f\x08\x00\x00\x00\x01\x00' + e[14:]), 42, 8),
    ]
    i = 0
    for k, (wrap, at, hlen) in enumerate(kinds):
        d = wrap(seg(43000 + k))
        for cut in [len(d)] + list(range(at, at + hlen)):
            out.append(struct.pack('<IIII', 1700000000, i, cut, len(d)) + d[:cut])
            i += 1
    return b''.join(out)


def handshake(v6, port, seq=1000, srv_seq=5000):
    """The IP packets (no link header) of a TCP handshake from port to 80."""
    a, b = (bytes(15) + b'\x01', bytes(15) + b'\x02') if v6 else (bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    out = []
    for flags, sq, ack in ((0x002, seq, 0), (0x012, srv_seq, seq + 1), (0x010, seq + 1, srv_seq + 1)):
        fwd = flags != 0x012
        d = tcp_frame(a if fwd else b, b if fwd else a, port if fwd else 80, 80 if fwd else port, sq, ack, flags,
                      opts=b'\x02\x04\x05\xb4' if flags & 0x002 else b'')
        out.append(d[14:])
    return out


def records(frames, byte_order='<'):
    """pcap records, one microsecond apart; a frame given as (bytes, n) is
    captured to its first n bytes."""
    out = []
    for i, fr in enumerate(frames):
        data, cap = fr if isinstance(fr, tuple) else (fr, len(fr))
        out.append(struct.pack(byte_order + 'IIII', 1700000000, i, cap, len(data)) + data[:cap])
    return b''.join(out)


def deep_nesting():
    """Frame k (from 1) is a SYN from port 1000 + k: TCP behind 15 VLAN tags
    (decoded) and 16 (not: the 16 levels of link layers after Ethernet are
    used up); behind 7 tags each followed by an 802.3 length and LLC/SNAP
    (decoded) and 8 (not: LLC counts a level of its own); VXLAN in VXLAN,
    4 IP headers in all (decoded) and 5 (not); 15 tags, VXLAN, 15 tags
    (decoded: 37 layers); a VXLAN datagram between ports 2152 and 4789,
    each way: the lower port's GTP-U reads VXLAN's flags (0x08) as
    version 0 and declines, and VXLAN decodes it."""
    mac = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1])
    vxlan_hdr = b'\x08\x00\x00\x00\x00\x00\x01\x00'
    frames = []

    def syn(k):
        return tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 1000 + k, 80, 1, 0, 0x002)[14:]

    def tagged(n, etype, body):
        for i in range(n):
            body = struct.pack('>HH', i + 1, etype) + body
            etype = 0x8100
        return mac + struct.pack('>H', etype) + body

    def tagged_llc(n, body):
        etype = 0x0800
        for i in range(n):
            body = b'\xaa\xaa\x03\x00\x00\x00' + struct.pack('>H', etype) + body
            body = struct.pack('>HH', i + 1, len(body)) + body
            etype = 0x8100
        return mac + struct.pack('>H', etype) + body

    def in_vxlan(eth):
        udp = struct.pack('>HHHH', 5555, 4789, 16 + len(eth), 0) + vxlan_hdr + eth
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0x4000, 64, 17, 0,
                         bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
        return ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:] + udp

    def vxlan_nest(k, levels):
        eth = mac + b'\x08\x00' + syn(k)
        for _ in range(levels):
            eth = mac + b'\x08\x00' + in_vxlan(eth)
        return eth

    def udp_ports(k, sport, dport, payload):
        udp = struct.pack('>HHHH', sport, dport, 8 + len(payload), 0) + payload
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 1, 0x4000, 64, 17, 0,
                         bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]))
        return mac + b'\x08\x00' + ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:] + udp

    frames.append(tagged(15, 0x0800, syn(1)))
    frames.append(tagged(16, 0x0800, syn(2)))
    frames.append(tagged_llc(7, syn(3)))
    frames.append(tagged_llc(8, syn(4)))
    frames.append(vxlan_nest(5, 3))
    frames.append(vxlan_nest(6, 4))
    frames.append(tagged(15, 0x0800, in_vxlan(tagged(15, 0x0800, syn(7)))))
    frames.append(udp_ports(8, 2152, 4789, vxlan_hdr + mac + b'\x08\x00' + syn(8)))
    frames.append(udp_ports(9, 4789, 2152, vxlan_hdr + mac + b'\x08\x00' + syn(9)))
    return pcap_header() + records(frames)


def encaps_link(kind):
    """TCP handshakes (IPv4 and IPv6) in the link-level encapsulations a real
    capture carries beyond Ethernet II, then frames cut inside each header.
      encaps-link    Ethernet: 802.3 with LLC/SNAP (one with a 4-byte FCS
                     after the length, one whose length is longer than the
                     frame), a VLAN tag followed by an 802.3 length and SNAP,
                     LLC with the IP SAP, 802.1ah (alone and inside an 802.1ad
                     B-tag), Cisco FabricPath (16 bytes, the inner frame, a
                     4-byte FCS), VN-Tag alone, after a VLAN tag and before one
      encaps-fddi    FDDI (link type 10): frame control, addresses, LLC/SNAP
      encaps-nflog   Linux NFLOG (link type 239): TLVs in the writer's byte
                     order (little-endian), the payload TLV last or not, a
                     packet header whose EtherType picks the dissector
      encaps-nflog-be the same, written big-endian"""
    eth = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1])
    inner_eth = bytes([2, 0, 0, 0, 0, 0x12, 2, 0, 0, 0, 0, 0x11])
    snap = lambda et: b'\xaa\xaa\x03\x00\x00\x00' + et
    et_of = lambda ip: b'\x86\xdd' if ip[0] >> 4 == 6 else b'\x08\x00'
    frames = []
    if kind == 'eth':
        wraps = [
            lambda ip: eth + struct.pack('>H', 8 + len(ip)) + snap(et_of(ip)) + ip,
            lambda ip: eth + struct.pack('>H', 8 + len(ip)) + snap(et_of(ip)) + ip + b'\xde\xad\xbe\xef',
            lambda ip: eth + struct.pack('>H', 1400) + b'\xaa\xaa\x03\x00\x00\xf8' + et_of(ip) + ip,
            lambda ip: eth + b'\x81\x00\x00\x0a' + struct.pack('>H', 8 + len(ip)) + snap(et_of(ip)) + ip,
            lambda ip: eth + struct.pack('>H', 3 + len(ip)) + b'\x06\x06\x03' + ip,
            lambda ip: eth + b'\x88\xe7\x00\x01\x23\x45' + inner_eth + et_of(ip) + ip,
            lambda ip: eth + b'\x88\xa8\x00\x07\x88\xe7\x00\x01\x23\x45' + inner_eth + et_of(ip) + ip,
            lambda ip: eth + b'\x89\x03\x00\x41' + inner_eth + et_of(ip) + ip + b'\xde\xad\xbe\xef',
            lambda ip: eth + b'\x89\x26\x80\x05\x00\x09' + et_of(ip) + ip,
            lambda ip: eth + b'\x81\x00\x00\x0a\x89\x26\x80\x05\x00\x09' + et_of(ip) + ip,
            lambda ip: eth + b'\x89\x26\x80\x05\x00\x09\x81\x00\x00\x0a' + et_of(ip) + ip,
        ]
        # cut: (wrap, bytes captured) for a SYN of its own port
        cuts = [(0, 14), (0, 16), (0, 19), (0, 30), (0, 22 + 20 + 14), (5, 16), (5, 26), (5, 31),
                (6, 20), (7, 15), (7, 20), (7, 30 + 20 + 20), (8, 18), (8, 19), (9, 21), (10, 24)]
    elif kind == 'fddi':
        wraps = [lambda ip: b'\x50' + eth + snap(et_of(ip)) + ip,
                 lambda ip: b'\x57' + eth + snap(et_of(ip)) + ip]
        cuts = [(0, 10), (0, 14), (0, 18), (0, 21), (0, 30), (0, 21 + 20 + 20)]
    else:
        e = '>' if kind == 'nflog-be' else '<'

        def tlv(t, v):
            n = 4 + len(v)
            return struct.pack(e + 'HH', n, t) + v + b'\x00' * (-n % 4)

        def nflog(ip, fam=None, hw=True, after=b''):
            v6 = ip[0] >> 4 == 6
            fam = fam if fam is not None else (10 if v6 else 2)
            out = bytes([fam, 0, 0, 5])
            if hw:
                out += tlv(1, et_of(ip) + b'\x03\x00')
            out += tlv(2, b'\x00\x00\x00\x07') + tlv(4, b'\x00\x00\x00\x02') + tlv(10, b'synfin\x00')
            out += tlv(11, b'\x00\x00\x03\xe8') + tlv(14, b'\x00\x00\x03\xe8')
            return out + tlv(9, ip) + after
        wraps = [lambda ip: nflog(ip),
                 lambda ip: nflog(ip, hw=False),
                 lambda ip: nflog(ip, fam=7),                      # a bridge: by the packet header's EtherType
                 lambda ip: nflog(ip, after=tlv(10, b'after\x00'))]
        # cut in the header, in a TLV before the payload, in the payload, in a TLV after it
        cuts = [(0, 3), (0, 6), (0, 30), (0, 60), (0, 80), (3, 96)]
    port = 40000
    for w in wraps:
        for v6 in (False, True):
            frames += [w(ip) for ip in handshake(v6, port)]
            port += 1
    for w, n in cuts:
        frames.append((wraps[w](handshake(False, port)[0]), n))
        port += 1
    if kind.startswith('nflog'):
        e = '>' if kind == 'nflog-be' else '<'
        ip = handshake(False, port)[0]
        # A TLV shorter than its header, and one longer than the frame: as
        # Wireshark builds its tree, nothing after the NFLOG header.
        frames.append(b'\x02\x00\x00\x05' + struct.pack(e + 'HH', 4 + len(ip), 9) + ip + struct.pack(e + 'HH', 2, 10))
        frames.append(b'\x02\x00\x00\x05' + struct.pack(e + 'HH', 4 + len(ip), 9) + ip + struct.pack(e + 'HH', 40, 10))
        lt = 239
    else:
        lt = 10 if kind == 'fddi' else 1
    e = '>' if kind == 'nflog-be' else '<'
    return struct.pack(e + 'IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, lt) + records(frames, e)


def encaps_mpls():
    """TCP handshakes (IPv4 and IPv6) under MPLS label stacks on Ethernet:
    one label, two (the outer with EXP bits and a TTL of its own), three;
    then frames cut
    in the first label, between labels and in the bottom one."""
    eth = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1])
    ent = lambda label, exp, s, ttl: struct.pack('>I', label << 12 | exp << 9 | s << 8 | ttl)
    stacks = [ent(16, 0, 1, 64),
              ent(1000, 5, 0, 255) + ent(17, 0, 1, 63),
              ent(3, 7, 0, 1) + ent(1048575, 1, 0, 2) + ent(299792, 2, 1, 3)]
    frames, port = [], 40000
    for st in stacks:
        for v6 in (False, True):
            frames += [eth + b'\x88\x47' + st + ip for ip in handshake(v6, port)]
            port += 1
    for st, n in ((stacks[0], 16), (stacks[1], 19), (stacks[1], 22), (stacks[2], 25), (stacks[2], 28)):
        frames.append((eth + b'\x88\x47' + st + handshake(False, port)[0], n))
        port += 1
    return struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1) + records(frames)


def halfway_duration():
    """Three segments over 3.500500 s: a duration whose third decimal is a
    half-way case (3 + 0.5005 is 3.50049999... as a double; tshark's
    io,stat prints 3.500, exact decimal rounding would say 3.501). A CI
    run's keepalive capture once lasted exactly this long."""
    out = [pcap_header()]
    for t_us in (0, 1200000, 3500500):
        d = tcp_frame(bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), 40000, 80, 1000, 0, 0x10)
        out.append(struct.pack('<IIII', 1700000000 + t_us // 10**6, t_us % 10**6, len(d), len(d)) + d)
    return b''.join(out)


def tcp_summed(d):
    """An IPv4 frame of tcp_frame with its TCP checksum filled in."""
    ip = d[14:34]
    tcp = d[34:]
    pseudo = ip[12:20] + struct.pack('>BBH', 0, 6, len(tcp))
    data = pseudo + tcp + b'\x00' * (len(tcp) % 2)
    return d[:34 + 16] + struct.pack('>H', ip_sum(data)) + d[34 + 18:]


def zeek_timers():
    """Connections that Zeek ends and begins again on one address and port
    pair where Wireshark keeps one tcp.stream (t_zeeklog.sh says which
    Zeek rule each one tests), and segments Zeek drops for their
    checksums. One client, 10.0.0.1, and one server, 10.0.0.2:80; the
    client's port tells the cases apart. Times in us. Checksums are right
    unless a case says otherwise."""
    out = []
    c, s = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    S, SA, A, PA, FA, RA = 0x002, 0x012, 0x010, 0x018, 0x011, 0x014

    def seg(t_us, port, fwd, seq, ack, flags, payload=b'', good=True):
        d = tcp_frame(c if fwd else s, s if fwd else c, port if fwd else 80, 80 if fwd else port,
                      seq, ack, flags, payload=payload)
        out.append((t_us, tcp_summed(d) if good else d))

    def handshake(t, port):
        seg(t, port, True, 1000, 0, S)
        seg(t + 100, port, False, 5000, 1001, SA)
        seg(t + 200, port, True, 1001, 5001, A)

    # 41001: a SYN retried at 1, 3, 7 and 15 s, never answered.
    for t in (0, 1, 3, 7, 15):
        seg(t * 10**6, 41001, True, 1000, 0, S)
    # 41002: a SYN retried 4.999999 s later: still the same attempt.
    seg(0, 41002, True, 1000, 0, S)
    seg(4999999, 41002, True, 1000, 0, S)
    # 41003: refused, and the same SYN again a second later.
    for t in (0, 1):
        seg(t * 10**6, 41003, True, 1000, 0, S)
        seg(t * 10**6 + 100, 41003, False, 0, 1001, RA)
    # 41004: a whole connection, then a late ACK 4.9 s after the close
    # (the same connection) and another 10 s after it (a new one).
    handshake(0, 41004)
    seg(300, 41004, True, 1001, 5001, FA)
    seg(400, 41004, False, 5001, 1002, FA)
    seg(500, 41004, True, 1002, 5002, A)
    seg(4900400, 41004, True, 1002, 5002, A)
    seg(10000400, 41004, True, 1002, 5002, A)
    # 41005: data, data 299 s later (the same connection), and data 300 s
    # after that (a new one: Zeek's inactivity timeout is 5 minutes).
    handshake(0, 41005)
    seg(300, 41005, True, 1001, 5001, PA, b'a')
    seg(299000300, 41005, True, 1002, 5001, PA, b'b')
    seg(599000300, 41005, True, 1003, 5001, PA, b'c')
    # 41006: checksums. The SYN-ACK comes first with a bad one, then good;
    # the request comes first with a bad one, then good.
    seg(0, 41006, True, 1000, 0, S)
    seg(100, 41006, False, 5000, 1001, SA, good=False)
    seg(1000100, 41006, False, 5000, 1001, SA)
    seg(1000200, 41006, True, 1001, 5001, A)
    seg(1000300, 41006, True, 1001, 5001, PA, b'GET / HTTP/1.1\r\n\r\n', good=False)
    seg(1200300, 41006, True, 1001, 5001, PA, b'GET / HTTP/1.1\r\n\r\n')
    # Content gaps: a request in three 100-byte segments, then the FINs.
    # 41007: the second segment was not captured, and the server's ACK
    # passes it: a gap of 100 (missed_bytes 100, 'G'). 41008: the second
    # was captured cut to its first 10 bytes (a snapshot length): the same
    # gap. 41009: the second was lost and sent again before any ACK passed
    # it: no gap, a retransmission ('T').
    for port in (41007, 41008, 41009):
        handshake(2000000, port)
        t = 2000300
        seg(t, port, True, 1001, 5001, PA, b'a' * 100)
        if port == 41008:
            seg(t + 10, port, True, 1101, 5001, PA, b'b' * 100)
            out[-1] = (out[-1][0], out[-1][1], 14 + 20 + 20 + 10)   # captured: 10 bytes of payload
        seg(t + 20, port, True, 1201, 5001, PA, b'c' * 100)
        if port == 41009:
            seg(t + 30, port, False, 5001, 1101, A)                 # a duplicate ACK at the hole
            seg(t + 40, port, True, 1101, 5001, PA, b'b' * 100)     # sent again
        seg(t + 50, port, False, 5001, 1301, A)
        seg(t + 60, port, True, 1301, 5001, FA)
        seg(t + 70, port, False, 5001, 1302, FA)
        seg(t + 80, port, True, 1302, 5002, A)
    # 41010: a SYN with 20 bytes of options captured to 10 of them (a
    # snapshot length), then the SYN-ACK and the ACK: Zeek makes the
    # connection but cannot read the SYN (ExtractTCP_Header).
    opts = b'\x02\x04\x05\xb4\x04\x02\x08\x0a' + b'\x00' * 8 + b'\x01\x03\x03\x07'
    d = tcp_summed(tcp_frame(c, s, 41010, 80, 1000, 0, S, opts=opts))
    out.append((3000000, d, 14 + 20 + 30))
    seg(3000100, 41010, False, 5000, 1001, SA)
    seg(3000200, 41010, True, 1001, 5001, A)
    # 41011: a SYN with a bad checksum, sent again good 1 s later: the
    # dropped SYN left a connection with nothing in it, and the good one
    # is a reuse of it (its number is not the unset start, 0).
    seg(4000000, 41011, True, 1000, 0, S, good=False)
    seg(5000000, 41011, True, 1000, 0, S)
    seg(5000100, 41011, False, 5000, 1001, SA)
    seg(5000200, 41011, True, 1001, 5001, A)
    # 41012: the client closes, then resets; the server's data 10 s later
    # is another connection (ExpireTimer: a side closed, a side reset).
    handshake(6000000, 41012)
    seg(6000300, 41012, True, 1001, 5001, FA)
    seg(6000400, 41012, False, 5001, 1002, PA, b'x' * 10)
    seg(6000500, 41012, True, 1002, 0, 0x004)
    seg(16000500, 41012, False, 5011, 1002, PA, b'y' * 10)
    # 41013: a data segment whose data offset says 4 words: Zeek reads
    # nothing of it (bad_TCP_header_len).
    handshake(7000000, 41013)
    d = bytearray(tcp_frame(c, s, 41013, 80, 1001, 5001, PA, payload=b'z' * 20))
    d[34 + 12] = 4 << 4
    out.append((7000300, tcp_summed(bytes(d))))
    out.sort(key=lambda x: x[0])
    recs = [pcap_header()]
    for rec in out:
        t_us, d = rec[0], rec[1]
        cap = rec[2] if len(rec) > 2 else len(d)
        recs.append(struct.pack('<IIII', 1700000000 + t_us // 10**6, t_us % 10**6, cap, len(d)) + d[:cap])
    return b''.join(recs)


def udp_conv():
    """UDP conversations as tshark numbers them (udp.stream and its times):
    two IPv4 conversations interleaved, both directions; an ICMP error
    quoting a datagram not seen yet (it makes the conversation), then that
    datagram, its answer and a quote of it again (no times, the previous
    time not moved); a length below 8 and a header cut (no conversation);
    a length past the IP payload; a time that goes backwards; a datagram
    in two IPv4 fragments; IPv6 conversations with an ICMPv6 quote; the
    same ports between other addresses; VXLAN carrying UDP (two headers a
    frame, the inner one keyed by the inner addresses) and a TCP segment in
    VXLAN (the outer conversation only); a header in a frame of two UDP
    headers of the same conversation; a length of 8 (no payload, then
    bytes past it in the IP payload): an index, no times."""
    mac = bytes([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb])
    A, B, C, D = (bytes([10, 0, 0, i]) for i in (1, 2, 3, 4))
    A6, B6 = (bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + bytes([i]) for i in (1, 2))
    out = [pcap_header()]
    t = [0]

    ip4, ip6 = ipv4, ipv6

    def udp(sp, dp, payload, length=None, csum=0):
        return struct.pack('>HHHH', sp, dp, 8 + len(payload) if length is None else length, csum) + payload

    def put(ip, dt=1000, at=None, cut=None, v6=False):
        t[0] = at if at is not None else t[0] + dt
        data = mac + (b'\x86\xdd' if v6 else b'\x08\x00') + ip
        cap = len(data) if cut is None else cut
        out.append(struct.pack('<IIII', 1700000000 + t[0] // 1000000, t[0] % 1000000, cap, len(data)) + data[:cap])

    def vxlan(inner):
        return b'\x08\x00\x00\x00\x00\x00\x64\x00' + mac + b'\x08\x00' + inner

    unreach = struct.pack('>BBHI', 3, 3, 0, 0)
    put(ip4(A, B, 17, udp(40000, 7, b'a' * 6)))
    put(ip4(C, D, 17, udp(40001, 9, b'c' * 6)))
    put(ip4(B, A, 17, udp(7, 40000, b'b' * 6)))
    put(ip4(D, C, 17, udp(9, 40001, b'd' * 6)))
    put(ip4(A, B, 17, udp(40000, 7, b'a' * 6)))
    q = ip4(A, C, 17, udp(40002, 7, b'q' * 10))
    put(ip4(C, A, 1, unreach + q))
    put(q)
    put(ip4(C, A, 17, udp(7, 40002, b'r' * 10)))
    put(ip4(C, A, 1, unreach + q))
    put(q, dt=2000)
    put(ip4(C, D, 17, udp(40003, 7, b'x' * 4, length=4)))
    put(ip4(C, D, 17, udp(40003, 7, b'x' * 4, length=100)))
    put(ip4(C, D, 17, udp(40003, 7, b'x' * 4)))
    put(ip4(C, D, 17, udp(40003, 7, b'x' * 4)), cut=14 + 20 + 6)
    put(ip4(C, D, 17, udp(40003, 7, b'x' * 4)), at=500)
    put(ip4(C, D, 17, udp(40003, 7, b'x' * 4)))
    dg = udp(40004, 7, b'f' * 40)
    put(ip4(A, D, 17, dg[:24], ident=99, frag=0x2000))
    put(ip4(A, D, 17, dg[24:], ident=99, frag=3))
    put(ip4(D, A, 17, udp(7, 40004, b'g')))
    put(ip6(A6, B6, 17, udp(40005, 53, b'6' * 8, csum=0x1234)), v6=True)
    q6 = ip6(A6, B6, 17, udp(40006, 53, b'7' * 8, csum=0x1234))
    put(ip6(B6, A6, 58, struct.pack('>BBHI', 1, 4, 0, 0) + q6), v6=True)
    put(ip6(B6, A6, 17, udp(53, 40006, b'8' * 8, csum=0x1234)), v6=True)
    put(ip6(B6, A6, 17, udp(53, 40005, b'9' * 8, csum=0x1234)), v6=True)
    put(ip4(B, D, 17, udp(40000, 7, b'a' * 6)))
    inner = ip4(A, B, 17, udp(40000, 7, b'i' * 6))
    put(ip4(C, D, 17, udp(50000, 4789, vxlan(inner))))
    put(ip4(D, C, 17, udp(50000, 4789, vxlan(ip4(B, A, 17, udp(7, 40000, b'j' * 6))))))
    put(ip4(C, D, 17, udp(50000, 4789, vxlan(ip4(C, D, 17, udp(50000, 4789, b'k' * 8))))))
    put(ip4(C, D, 17, udp(50000, 4789, vxlan(tcp_frame(A, B, 1234, 80, 1, 0, 0x02)[14:]))))
    put(ip4(A, B, 17, udp(40000, 7, b'a' * 6)), dt=1000000)
    put(ip4(A, B, 17, udp(40007, 7, b'')))
    put(ip4(A, B, 17, udp(40007, 7, b'xyz', length=8)))
    put(ip4(B, A, 17, udp(7, 40007, b'z')))
    return b''.join(out)


def late_frames():
    """Connections that close, then send again after they were frozen
    (closed and quiet 60 s, or idle 300 s: src/track/streams.c), each late
    frame of another kind; a ticker connection sends every 10 s so the
    capture's clock moves on."""
    frames, t = [], [1700000000 * 10**6]

    def put(data, gap=1000):
        t[0] += gap
        frames.append(struct.pack('<IIII', t[0] // 10**6, t[0] % 10**6, len(data), len(data)) + data)

    srv4, srv6 = bytes([10, 6, 0, 1]), bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [1])
    req = b'GET /late HTTP/1.1\r\nHost: x\r\n\r\n'
    res = b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'

    def opened(cli, srv, cp, isn, sisn):
        put(tcp_frame(cli, srv, cp, 80, isn, 0, 0x002, opts=b'\x02\x04\x05\xb4\x01\x03\x03\x07'))
        put(tcp_frame(srv, cli, 80, cp, sisn, isn + 1, 0x012, opts=b'\x02\x04\x05\xb4\x01\x03\x03\x07'))
        put(tcp_frame(cli, srv, cp, 80, isn + 1, sisn + 1, 0x010, win=502))
        put(tcp_frame(cli, srv, cp, 80, isn + 1, sisn + 1, 0x018, win=502, payload=req))
        put(tcp_frame(srv, cli, 80, cp, sisn + 1, isn + 1 + len(req), 0x018, win=509, payload=res))
        put(tcp_frame(cli, srv, cp, 80, isn + 1 + len(req), sisn + 1 + len(res), 0x010, win=502))

    def closed(cli, srv, cp, isn, sisn):
        opened(cli, srv, cp, isn, sisn)
        c, s = isn + 1 + len(req), sisn + 1 + len(res)
        put(tcp_frame(cli, srv, cp, 80, c, s, 0x011, win=502))
        put(tcp_frame(srv, cli, 80, cp, s, c + 1, 0x011, win=509))
        put(tcp_frame(cli, srv, cp, 80, c + 1, s + 1, 0x010, win=502))

    kinds = ['fin-again', 'data-again', 'dup-ack', 'rst', 'same-isn', 'new-isn', 'request', 'fin-again-v6']
    conns = []
    for n, kind in enumerate(kinds):
        v6 = kind.endswith('-v6')
        cli = bytes([0x20, 1, 0xd, 0xb8] + [0] * 11 + [n + 2]) if v6 else bytes([10, 5, 0, n + 2])
        srv = srv6 if v6 else srv4
        cp, isn, sisn = 41000 + n, 1000 * n + 7, 500000 * (n + 1)
        closed(cli, srv, cp, isn, sisn)
        conns.append((kind, cli, srv, cp, isn, sisn))
    # open, then idle past 300 s, then a second request
    idle = (bytes([10, 5, 1, 1]), srv4, 42000, 9000, 7000000)
    opened(*idle)
    # the ticker: one byte each way every 10 s, for 420 s
    tk_cli, tk_seq, tk_srv = bytes([10, 5, 2, 1]), 3000, 8000000
    put(tcp_frame(tk_cli, srv4, 43000, 9999, tk_seq, 0, 0x002))
    put(tcp_frame(srv4, tk_cli, 9999, 43000, tk_srv, tk_seq + 1, 0x012))
    put(tcp_frame(tk_cli, srv4, 43000, 9999, tk_seq + 1, tk_srv + 1, 0x010))
    c, s = tk_seq + 1, tk_srv + 1

    def tick():
        nonlocal c, s
        put(tcp_frame(tk_cli, srv4, 43000, 9999, c, s, 0x018, payload=b'.'), gap=10 * 10**6)
        c += 1
        put(tcp_frame(srv4, tk_cli, 9999, 43000, s, c, 0x018, payload=b'.'))
        s += 1

    for _ in range(12):
        tick()
    for kind, cli, srv, cp, isn, sisn in conns:     # 120 s after they closed
        cend, send = isn + 1 + len(req), sisn + 1 + len(res)
        if kind.startswith('fin-again'):
            put(tcp_frame(srv, cli, 80, cp, send, cend + 1, 0x011, win=509))
            put(tcp_frame(cli, srv, cp, 80, cend + 1, send + 1, 0x010, win=502))
        elif kind == 'data-again':
            put(tcp_frame(srv, cli, 80, cp, sisn + 1, isn + 1 + len(req), 0x018, win=509, payload=res))
        elif kind == 'dup-ack':
            put(tcp_frame(cli, srv, cp, 80, cend + 1, send + 1, 0x010, win=502))
        elif kind == 'rst':
            put(tcp_frame(cli, srv, cp, 80, cend + 1, 0, 0x004, win=0))
        elif kind == 'same-isn':
            put(tcp_frame(cli, srv, cp, 80, isn, 0, 0x002, opts=b'\x02\x04\x05\xb4\x01\x03\x03\x07'))
        elif kind == 'new-isn':
            opened(cli, srv, cp, isn + 77777, sisn + 77777)
        elif kind == 'request':
            put(tcp_frame(cli, srv, cp, 80, cend + 1, send + 1, 0x018, win=502, payload=req))
            put(tcp_frame(srv, cli, 80, cp, send + 1, cend + 1, 0x014, win=0))
        tick()
    for _ in range(20):
        tick()
    cli, srv, cp, isn, sisn = idle                   # 400 s idle: a second request
    c2, s2 = isn + 1 + len(req), sisn + 1 + len(res)
    put(tcp_frame(cli, srv, cp, 80, c2, s2, 0x018, win=502, payload=req))
    put(tcp_frame(srv, cli, 80, cp, s2, c2 + len(req), 0x018, win=509, payload=res))
    put(tcp_frame(cli, srv, cp, 80, c2 + len(req), s2 + len(res), 0x010, win=502))
    return pcap_header() + b''.join(frames)


def ipv6_pseudo():
    """TCP over IPv6 whose checksum's pseudo-header is not the IPv6 header's
    own addresses (RFC 8200 8.1, RFC 6275 6.3): routing headers of types
    0, 2 and 4 (segment routing) with segments left or none, and a Home
    Address option; each frame twice, summed with the final destination
    (or home address) and with the header's, so exactly one of each pair
    is good. tshark 4.0 (-o tcp.check_checksum:TRUE) tells which."""
    import ipaddress

    def a(text):
        return ipaddress.IPv6Address(text).packed

    def tcp(ph_src, ph_dst):
        t = struct.pack('>HHIIBBHHH', 40000, 80, 1000, 0, 5 << 4, 0x02, 8192, 0, 0)
        return t[:16] + struct.pack('>H', ip_sum(ph_src + ph_dst + struct.pack('>IxxxB', len(t), 6) + t)) + t[18:]

    src, dst, x, y, z, home = (a('2001:db8::1'), a('2001:db8::2'), a('2001:db8::a'), a('2001:db8::b'),
                               a('2001:db8::c'), a('2001:db8::77'))

    def frame(ext, nxt, t):
        ip = struct.pack('>IHBB', 6 << 28, len(ext) + len(t), nxt, 64) + src + dst
        return b'\x02' * 6 + b'\x04' * 6 + b'\x86\xdd' + ip + ext + t

    def rh(typ, segleft, addrs):
        return struct.pack('>BBBBI', 6, 2 * len(addrs), typ, segleft, len(addrs) - 1 << 24 if typ == 4 else 0) + \
            b''.join(addrs)

    hao = struct.pack('>BB', 6, 2) + b'\x01\x02\x00\x00' + b'\xc9\x10' + home
    cases = [  # (extension header, its protocol number, pseudo-header source, final destination)
        (rh(2, 1, [x]), 43, src, x), (rh(0, 2, [x, y]), 43, src, y), (rh(0, 1, [x, y, z]), 43, src, z),
        (rh(0, 0, [x, y]), 43, src, dst), (rh(4, 1, [x, y]), 43, src, x), (hao, 60, home, dst)]
    frames = []
    for ext, nxt, ph_src, ph_dst in cases:
        frames.append(frame(ext, nxt, tcp(ph_src, ph_dst)))
        frames.append(frame(ext, nxt, tcp(src, dst if ph_dst != dst or ph_src != src else x)))
    return pcap_header() + records(frames)


def reuse_frozen():
    """300 connections from 10 client ports, one every 10 s: each port is
    used again 100 s after its last connection closed, by then frozen
    (streams.c), so each SYN thaws the old stream and opens a new one."""
    frames, t = [], [1700000000 * 10**6]

    def put(data, gap=1000):
        t[0] += gap
        frames.append(struct.pack('<IIII', t[0] // 10**6, t[0] % 10**6, len(data), len(data)) + data)

    cli, srv = bytes([10, 7, 0, 1]), bytes([10, 7, 0, 2])
    for n in range(300):
        cp, isn, sisn = 50000 + n % 10, 7000 * n + 1, 900000 + 5000 * n
        put(tcp_frame(cli, srv, cp, 80, isn, 0, 0x002), gap=10 * 10**6)
        put(tcp_frame(srv, cli, 80, cp, sisn, isn + 1, 0x012))
        put(tcp_frame(cli, srv, cp, 80, isn + 1, sisn + 1, 0x010))
        put(tcp_frame(cli, srv, cp, 80, isn + 1, sisn + 1, 0x011))
        put(tcp_frame(srv, cli, 80, cp, sisn + 1, isn + 2, 0x011))
        put(tcp_frame(cli, srv, cp, 80, isn + 2, sisn + 2, 0x010))
    return pcap_header() + b''.join(frames)


def ipv4_frag():
    """A TCP connection (10.0.0.1:40000 to 10.0.0.2:5555) whose data
    segments travel as IPv4 fragments, one datagram (IP id) each: in order,
    out of order, the first fragment last, a fragment twice (before and
    after the datagram completes), overlapping fragments with the same and
    with other bytes, a datagram never completed, two datagrams
    interleaved, a first fragment of 8 bytes that cuts the TCP header, a
    UDP datagram to GTP-U (2152) in fragments whose reassembly holds a
    tunnelled TCP segment, and a datagram's two fragments behind two VLAN
    ids (public, then private addresses); then the close."""
    a, b = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    frames = []

    def tcp_seg(src, dst, sport, dport, seq, ack, flags, payload=b''):
        t = struct.pack('>HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 8192, 0, 0) + payload
        ph = src + dst + struct.pack('>BBH', 0, 6, len(t))
        return t[:16] + struct.pack('>H', ip_sum(ph + t + b'\x00' * (len(t) % 2))) + t[18:]

    def ip4(src, dst, proto, ident, off8, mf, payload):
        frag = (0x2000 if mf else 0) | off8
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0, src, dst)
        return ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:] + payload

    def eth(ip):
        return bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + b'\x08\x00' + ip

    def whole(src, dst, ident, t):
        frames.append(eth(ip4(src, dst, 6, ident, 0, False, t)))

    def pieces(data, cuts):
        """The fragments (offset in 8-byte units, MF, bytes) of data cut at
        the given byte offsets (multiples of 8)."""
        bounds = [0] + cuts + [len(data)]
        return [(bounds[i] // 8, i + 2 < len(bounds), data[bounds[i]:bounds[i + 1]])
                for i in range(len(bounds) - 1)]

    def send(src, dst, ident, parts, order, proto=6):
        for k in order:
            off8, mf, chunk = parts[k]
            frames.append(eth(ip4(src, dst, proto, ident, off8, mf, chunk)))

    cseq, sseq = 1000, 5000
    whole(a, b, 100, tcp_seg(a, b, 40000, 5555, cseq, 0, 0x02))
    whole(b, a, 200, tcp_seg(b, a, 5555, 40000, sseq, cseq + 1, 0x12))
    cseq, sseq = cseq + 1, sseq + 1
    whole(a, b, 101, tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x10))
    ident = 102
    # (cuts, order): in order; out of order; first last; a duplicate before
    # completion; one again after it
    for cuts, order in (([48, 96], [0, 1, 2]), ([48, 96], [1, 0, 2]), ([48, 96], [1, 2, 0]),
                        ([48, 96], [0, 0, 1, 2]), ([48, 96], [0, 1, 2, 1])):
        data = bytes((cseq + i) & 0x7f | 0x20 for i in range(120))
        t = tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x18, data)
        send(a, b, ident, pieces(t, cuts), order)
        cseq += len(data)
        ident += 1
    # overlapping fragments: the second starts 16 bytes inside the first,
    # with the same bytes; then with other bytes there
    for conflict in (False, True):
        data = bytes((cseq + i) & 0x7f | 0x20 for i in range(120))
        t = tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x18, data)
        p0 = (0, True, t[:64])
        over = bytearray(t[48:])
        if conflict:
            over[0:8] = b'XXXXXXXX'
        p1 = (6, False, bytes(over))
        send(a, b, ident, [p0, p1], [0, 1])
        cseq += len(data)
        ident += 1
    # a datagram never completed (its last fragment is lost)
    data = bytes(100)
    t = tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x18, data)
    send(a, b, ident, pieces(t, [40, 80]), [0, 1])
    ident += 1
    # two datagrams interleaved: the server's reply and the client's next
    d1 = bytes((cseq + i) & 0x7f | 0x20 for i in range(100))
    t1 = tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x18, d1)
    d2 = bytes((sseq + i) & 0x7f | 0x40 for i in range(100))
    t2 = tcp_seg(b, a, 5555, 40000, sseq, cseq, 0x18, d2)
    p1, p2 = pieces(t1, [64]), pieces(t2, [64])
    for k in range(2):
        send(a, b, ident, p1, [k])
        send(b, a, 300, p2, [k])
    cseq += len(d1)
    sseq += len(d2)
    ident += 1
    # tiny fragments: the first 8 bytes of TCP (ports and sequence number), then the rest
    data = b'tiny' * 10
    t = tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x18, data)
    send(a, b, ident, pieces(t, [8, 16]), [0, 1, 2])
    cseq += len(data)
    ident += 1
    # GTP-U in a UDP datagram in two fragments: a tunnelled TCP segment
    o1, o2 = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
    inner_t = tcp_seg(a, b, 40001, 5555, 7000, 0, 0x18, b'g' * 200)
    inner = ip4(a, b, 6, 9, 0, False, inner_t)
    gtp = struct.pack('>BBHI', 0x30, 255, len(inner), 0x1234) + inner
    udp = struct.pack('>HHHH', 2152, 2152, 8 + len(gtp), 0) + gtp
    send(o1, o2, 77, pieces(udp, [120]), [0, 1], proto=17)
    # the two fragments of a datagram behind VLAN tags 5 and 6: tshark 4.0
    # keys reassembly by the VLAN id only for private addresses, so between
    # public ones they make one datagram, between private ones none
    for pa, pb, port in ((bytes([198, 51, 100, 1]), bytes([203, 0, 113, 2]), 40002), (a, b, 40003)):
        t = tcp_seg(pa, pb, port, 5555, 1, 1, 0x18, b'v' * 60)
        for k, (off8, mf, chunk) in enumerate(pieces(t, [40])):
            ip = ip4(pa, pb, 6, 500, off8, mf, chunk)
            frames.append(bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + b'\x81\x00' + struct.pack('>H', 5 + k) +
                          b'\x08\x00' + ip)
    # the close
    whole(a, b, ident, tcp_seg(a, b, 40000, 5555, cseq, sseq, 0x11))
    whole(b, a, 301, tcp_seg(b, a, 5555, 40000, sseq, cseq + 1, 0x11))
    whole(a, b, ident + 1, tcp_seg(a, b, 40000, 5555, cseq + 1, sseq + 1, 0x10))
    return pcap_header() + records(frames)


def ipv4_frag_flags():
    """IPv4 fragments (10.0.0.1 to 10.0.0.2, TCP) that reassemble.c flags:
    a tail, a second tail of another length (multiple tails, overlap), a
    fragment past the end (too long), then the rest (IP id 11); a tail,
    the first piece, a piece that runs 8 bytes past the end (too long,
    cut; the tail then overlaps) (id 12); an empty fragment between two
    (id 13)."""
    t = bytes([0x9c, 0x40, 0x15, 0xb3, 0, 0, 3, 0xe9, 0, 0, 0x13, 0x89, 0x50, 0x18, 0x20, 0, 0, 0, 0, 0]) + \
        bytes(range(20, 140))
    frames = []

    def frag(ident, off, payload, mf):
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, (0x2000 if mf else 0) | off // 8, 64,
                         6, 0, bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        ip = ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:]
        frames.append(bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + b'\x08\x00' + ip + payload)
    frag(11, 96, t[96:140], False)
    frag(11, 96, t[96:136], False)
    frag(11, 200, b'Z' * 16, True)
    frag(11, 0, t[0:48], True)
    frag(11, 48, t[48:96], True)
    frag(12, 96, t[96:140], False)
    frag(12, 0, t[0:48], True)
    frag(12, 48, t[48:140] + b'W' * 8, True)
    frag(13, 0, t[0:48], True)
    frag(13, 48, b'', True)
    frag(13, 48, t[48:140], False)
    return pcap_header() + records(frames)


def ipv4_frag_http():
    """A connection to port 80 (10.0.0.1:40000 to 10.0.0.2) whose request
    comes in two segments, the second in two IPv4 fragments: the frame
    that completes the datagram also completes the HTTP PDU, so tshark's
    -x prints three data sources (Frame, Reassembled IPv4, Reassembled
    TCP)."""
    a, b = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])

    def seg(src, dst, sport, dport, seq, ack, flags, payload=b''):
        t = struct.pack('>HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 8192, 0, 0) + payload
        ph = src + dst + struct.pack('>BBH', 0, 6, len(t))
        return t[:16] + struct.pack('>H', ip_sum(ph + t + b'\x00' * (len(t) % 2))) + t[18:]

    def eth_ip(src, dst, ident, off8, mf, payload):
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, (0x2000 if mf else 0) | off8, 64, 6, 0,
                         src, dst)
        return bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + b'\x08\x00' + ip[:10] + \
            struct.pack('>H', ip_sum(ip)) + ip[12:] + payload
    req = b'GET / HTTP/1.1\r\nHost: x\r\nX-Pad: ' + b'p' * 60 + b'\r\n\r\n'
    t = seg(a, b, 40000, 80, 1021, 5001, 0x18, req[20:])
    frames = [eth_ip(a, b, 1, 0, False, seg(a, b, 40000, 80, 1000, 0, 0x02)),
              eth_ip(b, a, 2, 0, False, seg(b, a, 80, 40000, 5000, 1001, 0x12)),
              eth_ip(a, b, 3, 0, False, seg(a, b, 40000, 80, 1001, 5001, 0x10)),
              eth_ip(a, b, 4, 0, False, seg(a, b, 40000, 80, 1001, 5001, 0x18, req[:20])),
              eth_ip(a, b, 5, 0, True, t[:40]),
              eth_ip(a, b, 5, 5, False, t[40:])]
    return pcap_header() + records(frames)


def ipv6_frag():
    """A TCP connection over IPv6 (2001:db8::1 port 40000 to 2001:db8::2
    port 5555) whose data segments travel in IPv6 fragments (a Fragment
    header, RFC 8200 4.5): in order, out of order, the first fragment last,
    a datagram never completed, an atomic fragment (offset 0, M clear), and
    8-byte pieces that cut the TCP header; then the close."""
    a = bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x01'
    b = bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x02'
    frames = []

    def tcp_seg(src, dst, seq, ack, flags, payload=b'', fwd=True):
        sp, dp = (40000, 5555) if fwd else (5555, 40000)
        t = struct.pack('>HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 8192, 0, 0) + payload
        return t[:16] + struct.pack('>H', ip_sum(src + dst + struct.pack('>IxxxB', len(t), 6) + t)) + t[18:]

    def eth6(src, dst, nxt, payload):
        ip = struct.pack('>IHBB', 6 << 28, len(payload), nxt, 64) + src + dst
        return b'\x02' * 6 + b'\x04' * 6 + b'\x86\xdd' + ip + payload

    def frag(ident, off, m, chunk, nxt=6):
        return struct.pack('>BBHI', nxt, 0, off | (1 if m else 0), ident) + chunk

    def send(src, dst, ident, t, cuts, order):
        bounds = [0] + cuts + [len(t)]
        for k in order:
            frames.append(eth6(src, dst, 44, frag(ident, bounds[k], k + 2 < len(bounds), t[bounds[k]:bounds[k + 1]])))

    cseq, sseq = 1000, 5000
    frames.append(eth6(a, b, 6, tcp_seg(a, b, cseq, 0, 0x02)))
    frames.append(eth6(b, a, 6, tcp_seg(b, a, sseq, cseq + 1, 0x12, fwd=False)))
    cseq, sseq = cseq + 1, sseq + 1
    frames.append(eth6(a, b, 6, tcp_seg(a, b, cseq, sseq, 0x10)))
    ident = 0x10000
    for order in ([0, 1, 2], [1, 0, 2], [1, 2, 0]):
        data = bytes((cseq + i) & 0x7f | 0x20 for i in range(120))
        send(a, b, ident, tcp_seg(a, b, cseq, sseq, 0x18, data), [48, 96], order)
        cseq += len(data)
        ident += 1
    # never completed
    send(a, b, ident, tcp_seg(a, b, cseq, sseq, 0x18, bytes(100)), [40, 80], [0, 1])
    ident += 1
    # an atomic fragment (RFC 6946): offset 0 and M clear
    data = b'atomic'
    frames.append(eth6(a, b, 44, frag(ident, 0, False, tcp_seg(a, b, cseq, sseq, 0x18, data))))
    cseq += len(data)
    ident += 1
    # the TCP header in 8-byte pieces
    data = b'tiny' * 10
    send(a, b, ident, tcp_seg(a, b, cseq, sseq, 0x18, data), [8, 16], [0, 1, 2])
    cseq += len(data)
    ident += 1
    # the server's reply, in fragments with the same identification as one
    # of the client's (another source: another datagram)
    data = b'reply' * 20
    send(b, a, ident - 1, tcp_seg(b, a, sseq, cseq, 0x18, data, fwd=False), [56], [1, 0])
    sseq += len(data)
    frames.append(eth6(a, b, 6, tcp_seg(a, b, cseq, sseq, 0x11)))
    frames.append(eth6(b, a, 6, tcp_seg(b, a, sseq, cseq + 1, 0x11, fwd=False)))
    frames.append(eth6(a, b, 6, tcp_seg(a, b, cseq + 1, sseq + 1, 0x10)))
    return pcap_header() + records(frames)
def icmp_quoted():
    """ICMP errors that quote the TCP segment they answer (issue 14)."""
    a, b, rtr = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]), bytes([192, 0, 2, 254])
    a6, b6, rtr6 = bytes(15) + b'\x01', bytes(15) + b'\x02', b'\x20\x01\x0d\xb8' + bytes(11) + b'\xfe'
    eth4, eth6 = bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0]), bytes([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x86, 0xdd])
    ts = b'\x01\x01\x08\x0a\x00\x01\x02\x03\x00\x00\x00\x07'

    def icmp4(src, dst, typ, code, rest, quote, ttl=64):
        body = struct.pack('>BBH', typ, code, 0) + rest + quote
        body = body[:2] + struct.pack('>H', ip_sum(body)) + body[4:]
        ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0xc0, 20 + len(body), 7, 0, ttl, 1, 0, src, dst)
        ip = ip[:10] + struct.pack('>H', ip_sum(ip)) + ip[12:]
        return eth4 + ip + body

    def icmp6(src, dst, typ, code, rest, quote):
        body = struct.pack('>BBH', typ, code, 0) + rest + quote
        ph = src + dst + struct.pack('>IxxxB', len(body), 58)
        body = body[:2] + struct.pack('>H', ip_sum(ph + body)) + body[4:]
        return eth6 + struct.pack('>IHBB16s16s', 6 << 28, len(body), 58, 64, src, dst) + body

    def summed(d):
        """Ethernet frame d of tcp_frame with its TCP checksum filled in."""
        v4 = d[12:14] == b'\x08\x00'
        src, dst, seg = (d[26:30], d[30:34], d[34:]) if v4 else (d[22:38], d[38:54], d[54:])
        c = ip_sum(src + dst + struct.pack('>IxxxB' if not v4 else '>xBH', *((len(seg), 6) if not v4 else (6, len(seg)))) + seg)
        return d[:len(d) - len(seg) + 16] + struct.pack('>H', c) + seg[18:]

    f = []
    # IPv4: handshake 10.0.0.1:40000 -> 10.0.0.2:80, then data
    f += [eth4 + p for p in handshake(False, 40000)]
    data = summed(tcp_frame(a, b, 40000, 80, 1001, 5001, 0x018, payload=b'x' * 100))
    f.append(data)
    q = data[14:]                                          # IP header + TCP + data
    qts = tcp_frame(a, b, 40000, 80, 1101, 5001, 0x018, opts=ts, payload=b'y' * 60)[14:]
    f.append(icmp4(b, a, 3, 3, bytes(4), q[:20 + 20 + 8]))                 # port unreachable, header + 8
    f.append(icmp4(rtr, a, 11, 0, bytes(4), q[:28], ttl=250))             # time exceeded: 8 bytes
    f.append(icmp4(rtr, a, 3, 4, struct.pack('>HH', 0, 1400), qts))       # frag needed: all of it
    f.append(icmp4(rtr, a, 3, 1, bytes(4), q[:24]))                       # quote cut in the sequence number
    f.append(icmp4(rtr, a, 3, 1, bytes(4), q[:22]))                       # cut in the ports
    f.append(icmp4(rtr, a, 5, 1, rtr, q[:28]))                            # redirect
    f.append(icmp4(rtr, a, 12, 0, b'\x08\x00\x00\x00', q[:40]))         # parameter problem
    f.append(icmp4(rtr, a, 4, 0, bytes(4), q[:28]))                       # source quench
    f.append(icmp4(a, b, 8, 0, b'\x12\x34\x00\x01', b'ping' * 8))         # echo request
    f.append(icmp4(b, a, 0, 0, b'\x12\x34\x00\x01', b'ping' * 8))         # echo reply
    udp = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + 8 + 12, 9, 0, 64, 17, 0, a, b)
    udp = udp[:10] + struct.pack('>H', ip_sum(udp)) + udp[12:] + struct.pack('>HHHH', 5353, 53, 20, 0)
    f.append(icmp4(b, a, 3, 3, bytes(4), udp))                            # a quote of UDP
    f.append(tcp_frame(b, a, 80, 40000, 5001, 1101, 0x010))
    f.append(tcp_frame(a, b, 40000, 80, 1101, 5001, 0x011))
    # IPv6: handshake [::1]:40001 -> [::2]:80, then data
    f += [eth6 + p for p in handshake(True, 40001)]
    data6 = summed(tcp_frame(a6, b6, 40001, 80, 1001, 5001, 0x018, payload=b'z' * 80))
    f.append(data6)
    q6 = data6[14:]
    f.append(icmp6(b6, a6, 1, 4, bytes(4), q6))                                # port unreachable: all
    f.append(icmp6(rtr6, a6, 2, 0, struct.pack('>I', 1280), q6[:48]))         # packet too big: 8 bytes
    f.append(icmp6(rtr6, a6, 3, 0, bytes(4), q6[:60]))                        # time exceeded: header
    f.append(icmp6(rtr6, a6, 4, 0, struct.pack('>I', 6), q6[:44]))           # parameter problem: cut
    f.append(icmp6(a6, b6, 128, 0, b'\x12\x34\x00\x01', b'ping' * 4))        # echo request
    f.append(tcp_frame(b6, a6, 80, 40001, 5001, 1081, 0x010))
    # 10.0.0.1:50000 -> 10.0.0.2:22: a quoted SYN before the connection's
    # own (it makes the stream), window scaling, quotes of 12, 16 and 18
    # bytes, a quoted FIN, a quoted SYN with a new ISN (a new stream), a
    # quote cut in the options, a bogus header length, a quoted RST the
    # other way, and 3 bytes (no TCP layer)
    syn = tcp_frame(a, b, 50000, 22, 7777, 0, 0x002, opts=b'\x03\x03\x07\x01')
    f.append(icmp4(b, a, 3, 3, bytes(4), syn[14:]))
    f.append(syn)
    f.append(tcp_frame(b, a, 22, 50000, 9999, 7778, 0x012, opts=b'\x03\x03\x07\x01'))
    f.append(tcp_frame(a, b, 50000, 22, 7778, 10000, 0x010, win=100))
    d = tcp_frame(a, b, 50000, 22, 7778, 10000, 0x018, win=100, payload=b'q' * 10)
    for n in (None, 12, 16, 18):
        f.append(icmp4(b, a, 3, 3, bytes(4), d[14:] if n is None else d[14:14 + 20 + n]))
    f.append(icmp4(b, a, 3, 3, bytes(4), tcp_frame(a, b, 50000, 22, 7788, 10000, 0x011, win=100)[14:]))
    f.append(d)
    f.append(icmp4(b, a, 3, 3, bytes(4), tcp_frame(a, b, 50000, 22, 1234567, 0, 0x002)[14:]))
    f.append(tcp_frame(a, b, 50000, 22, 7788, 10000, 0x010, win=100))
    big = tcp_frame(a, b, 50000, 22, 7778, 10000, 0x018, opts=b'\x01\x01\x08\x0a' + bytes(8), payload=b'q' * 10)
    f.append(icmp4(b, a, 3, 3, bytes(4), big[14:14 + 20 + 24]))
    bogus = bytearray(d)
    bogus[14 + 20 + 12] = 0x30
    f.append(icmp4(b, a, 3, 3, bytes(4), bytes(bogus[14:])))
    f.append(icmp4(a, b, 3, 3, bytes(4), tcp_frame(b, a, 22, 50000, 10000, 0, 0x004)[14:]))
    f.append(icmp4(b, a, 3, 3, bytes(4), d[14:14 + 20 + 3]))
    return pcap_header() + records(f)


def icmp_tunnel():
    """ICMP errors quoting tunnelled TCP SYNs: the quoted layers' blocks sit
    inside the ICMP error's, as Wireshark nests them."""
    a, b = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    o1, o2, rtr = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2]), bytes([192, 0, 2, 254])
    a6, b6 = bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x01', bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\x02'
    r6 = bytes([0x20, 1, 0xd, 0xb8]) + bytes(11) + b'\xfe'
    mac = bytes([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb])
    syn = tcp_frame(a, b, 40000, 80, 1000, 0, 0x002, opts=b'\x02\x04\x05\xb4')
    syn6 = tcp_frame(a6, b6, 40001, 80, 1000, 0, 0x002)
    inner4, inner_eth = syn[14:], mac + b'\x08\x00' + syn[14:]

    def ip4(src, dst, proto, payload, ttl=64):
        return ipv4(src, dst, proto, payload, ident=7, frag=0, ttl=ttl)

    ip6 = ipv6

    def udp(sport, dport, payload):
        return struct.pack('>HHHH', sport, dport, 8 + len(payload), 0) + payload

    def icmp4(quote, typ=3, code=3, rest=bytes(4)):
        body = struct.pack('>BBH', typ, code, 0) + rest + quote
        body = body[:2] + struct.pack('>H', ip_sum(body)) + body[4:]
        return mac + b'\x08\x00' + ip4(rtr, o1, 1, body, ttl=250)

    def icmp6(quote):
        body = struct.pack('>BBH', 1, 4, 0) + bytes(4) + quote
        ph = r6 + a6 + struct.pack('>IxxxB', len(body), 58)
        body = body[:2] + struct.pack('>H', ip_sum(ph + body)) + body[4:]
        return mac + b'\x86\xdd' + ip6(r6, a6, 58, body)

    vxlan = b'\x08\x00\x00\x00\x00\x00\x64\x00'
    geneve = b'\x00\x00\x65\x58\x00\x00\x64\x00'
    gtp = struct.pack('>BBHI', 0x30, 0xff, len(inner4), 0x1234)
    teredo = b'\x00\x00' + struct.pack('>H', 0xffff ^ 40000) + bytes(b ^ 0xff for b in o1)
    ayiya = bytes([0x41, 0x52, 0x11, 41]) + struct.pack('>I', 1700000000) + bytes(16) + bytes(20)
    f = []
    q_vxlan = ip4(o1, o2, 17, udp(5555, 4789, vxlan + inner_eth))
    f.append(icmp4(q_vxlan))                                              # VXLAN, all of it
    f.append(icmp4(ip4(o1, o2, 17, udp(5555, 6081, geneve + inner_eth))))  # Geneve
    f.append(icmp4(ip4(o1, o2, 17, udp(5555, 2152, gtp + inner4))))       # GTP-U
    f.append(icmp4(ip4(o1, o2, 17, udp(5555, 3544, teredo + syn6[14:]))))  # Teredo (origin indication)
    f.append(icmp4(ip4(o1, o2, 17, udp(5555, 4754, b'\x00\x00\x08\x00' + inner4))))   # GRE in UDP
    f.append(icmp4(ip4(o1, o2, 47, b'\x00\x00\x08\x00' + inner4)))     # GRE: IP
    f.append(icmp4(ip4(o1, o2, 47, b'\x20\x00\x65\x58' + struct.pack('>I', 7) + inner_eth)))   # GRE key, Ethernet
    f.append(icmp4(ip4(o1, o2, 17, udp(5555, 5072, ayiya + syn6[14:]))))  # AYIYA
    f.append(icmp4(q_vxlan[:20 + 8 + 4]))                                 # cut inside VXLAN
    f.append(icmp4(q_vxlan[:20 + 8 + 8 + 14 + 10]))                       # cut inside the inner IP
    f.append(icmp4(q_vxlan[:20 + 8]))                                     # UDP only
    # RFC 4884: the quote's length (in 32-bit words) in the second word,
    # padded to 128 bytes, then an extension structure
    long_q = q_vxlan + bytes(128 - len(q_vxlan)) if len(q_vxlan) < 128 else q_vxlan[:128]
    f.append(icmp4(long_q + b'\x20\x00\x00\x00', rest=bytes([0, 32, 0, 0])))
    f.append(icmp6(ip6(a6, b6, 17, udp(5555, 4789, vxlan + mac + b'\x86\xdd' + syn6[14:]))))   # ICMPv6: VXLAN
    f.append(icmp6(ip6(a6, b6, 17, udp(5555, 2152, struct.pack('>BBHI', 0x30, 0xff, len(syn6) - 14, 9) + syn6[14:]))))
    return pcap_header() + records(f)


def seq_analysis():
    """One connection (10.0.0.1:40000 to 10.0.0.2:23456) through the SEQ/ACK
    analysis' flags: a segment not captured, duplicate ACKs and a fast
    retransmission, a spurious and a plain retransmission (with its RTO),
    an ACK of unseen data, a zero window, its probe and the probe's ACK, a
    window update, a keep-alive and its ACK, then the ports reused by a
    new connection. Frames 1 ms apart but the retransmissions' waits."""
    c, s = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    data = b'x' * 100
    A, PA, S, SA, FA = 0x10, 0x18, 0x02, 0x12, 0x11

    def cli(seq, ack, fl, payload=b'', win=64240):
        return tcp_summed(tcp_frame(c, s, 40000, 23456, seq, ack, fl, win, payload=payload))

    def srv(seq, ack, fl, payload=b'', win=64240):
        return tcp_summed(tcp_frame(s, c, 23456, 40000, seq, ack, fl, win, payload=payload))
    segs = [
        (0, cli(1000, 0, S)), (1, srv(5000, 1001, SA)), (2, cli(1001, 5001, A)),
        (3, cli(1001, 5001, PA, data)),            # 4
        (4, cli(1201, 5001, PA, data)),            # 5: 1101-1200 not captured
        (5, srv(5001, 1101, A)),                   # 6: ACK of frame 4
        (6, srv(5001, 1101, A)),                   # 7-9: duplicate ACKs
        (7, srv(5001, 1101, A)), (8, srv(5001, 1101, A)),
        (9, cli(1101, 5001, PA, data)),            # 10: fast retransmission
        (10, srv(5001, 1301, A)),                  # 11
        (11, cli(1001, 5001, PA, data)),           # 12: spurious retransmission
        (12, cli(1301, 5001, PA, data)),           # 13
        (300, cli(1301, 5001, PA, data)),          # 14: retransmission (RTO)
        (301, srv(5001, 1401, A, win=0)),          # 15: zero window
        (302, cli(1401, 5001, PA, b'y')),          # 16: zero window probe
        (303, srv(5001, 1401, A, win=0)),          # 17: its ACK
        (304, srv(5001, 1401, A)),                 # 18: window update
        (305, cli(1400, 5001, A)),                 # 19: keep-alive
        (306, srv(5001, 1401, A)),                 # 20: its ACK
        (307, srv(5001, 1901, A)),                 # 21: ACKs unseen data
        (308, cli(1401, 5001, FA)), (309, srv(5001, 1402, FA)), (310, cli(1402, 5002, A)),
        (2000, cli(90000, 0, S)),                  # 25: the ports reused
        (2001, srv(70000, 90001, SA)), (2002, cli(90001, 70001, A)),
    ]
    out = [pcap_header()]
    for ms, d in segs:
        out.append(struct.pack('<IIII', 1700000000 + ms // 1000, ms % 1000 * 1000, len(d), len(d)) + d)
    return b''.join(out)


def main(argv):
    out = sys.stdout.buffer
    if argv[1] == 'frames':
        out.write(frames(int(argv[2])))
    elif argv[1] == 'conns':
        out.write(conns(int(argv[2])))
    elif argv[1] == 'max-records':
        out.write(max_records())
    elif argv[1] == 'syns':
        out.write(syns(int(argv[2])))
    elif argv[1] == 'late-syns':
        out.write(late_syns())
    elif argv[1] == 'ipv6-pseudo':
        out.write(ipv6_pseudo())
    elif argv[1] == 'ipv6-frag':
        out.write(ipv6_frag())
    elif argv[1] == 'ipv4-frag':
        out.write(ipv4_frag())
    elif argv[1] == 'ipv4-frag-flags':
        out.write(ipv4_frag_flags())
    elif argv[1] == 'ipv4-frag-http':
        out.write(ipv4_frag_http())
    elif argv[1] == 'icmp-quoted':
        out.write(icmp_quoted())
    elif argv[1] == 'icmp-tunnel':
        out.write(icmp_tunnel())
    elif argv[1] == 'reuse-frozen':
        out.write(reuse_frozen())
    elif argv[1] == 'late-frames':
        out.write(late_frames())
    elif argv[1] == 'midstream':
        out.write(midstream())
    elif argv[1] == 'odd-time-syn':
        out.write(odd_time_syn())
    elif argv[1] == 'odd-lengths':
        out.write(odd_lengths())
    elif argv[1] == 'bad-options':
        out.write(bad_options())
    elif argv[1] == 'encaps':
        out.write(encaps())
    elif argv[1] == 'zeek-timers':
        out.write(zeek_timers())
    elif argv[1] == 'deep-nesting':
        out.write(deep_nesting())
    elif argv[1] == 'encaps-mpls':
        out.write(encaps_mpls())
    elif argv[1] == 'udp-conv':
        out.write(udp_conv())
    elif argv[1] == 'udp-columns':
        out.write(udp_columns())
    elif argv[1] == 'encaps-tunnel':
        out.write(encaps_tunnel())
    elif argv[1] == 'tunnel-headers':
        out.write(tunnel_headers())
    elif argv[1] in ('encaps-link', 'encaps-fddi', 'encaps-nflog', 'encaps-nflog-be'):
        out.write(encaps_link(argv[1][len('encaps-'):].replace('link', 'eth')))
    elif argv[1] == 'seq-analysis':
        out.write(seq_analysis())
    elif argv[1] == 'halfway-duration':
        out.write(halfway_duration())
    elif argv[1] == 'offset':
        print(offset(int(argv[2]), argv[3]))
    elif argv[1] == 'gzip-damaged':
        out.write(damaged_gzip(frames(int(argv[2]))))
    elif argv[1] == 'gzip-damage-file':
        with open(argv[2], 'rb') as f:
            out.write(damaged_gzip(f.read()))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
