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
  mkpcap.py odd-lengths          frames 1-2: IPv4 total length 0 (TSO, BIG TCP),
                                 0 and 100 bytes of data; frames 3-5: a wire
                                 length below the captured length (40 of 54,
                                 60 of 154, 0 of 154), decoded whole by tshark
"""
import struct
import sys
import zlib


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
    total = sum(struct.unpack('>%dH' % (len(hdr) // 2), hdr))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


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
    on ACKs of an opened connection, whose edges are relative."""
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
            for frame in (eth + b'\x88\x64' + pppoe,
                          eth + b'\x88\xa8' + struct.pack('>H', 100) + b'\x81\x00' + struct.pack('>H', 200) +
                          b'\x88\x64' + pppoe,
                          eth + b'\x91\x00' + struct.pack('>H', 300) + b'\x88\x64' + pppoe,
                          eth + b'\x88\x64' + pppoe + b'\x00' * 6):      # padding after the PPPoE length
                out.append(struct.pack('<IIII', 1700000000, i, len(frame), len(frame)) + frame)
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


def main(argv):
    out = sys.stdout.buffer
    if argv[1] == 'frames':
        out.write(frames(int(argv[2])))
    elif argv[1] == 'conns':
        out.write(conns(int(argv[2])))
    elif argv[1] == 'syns':
        out.write(syns(int(argv[2])))
    elif argv[1] == 'late-syns':
        out.write(late_syns())
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
    elif argv[1] in ('encaps-link', 'encaps-fddi', 'encaps-nflog', 'encaps-nflog-be'):
        out.write(encaps_link(argv[1][len('encaps-'):].replace('link', 'eth')))
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
