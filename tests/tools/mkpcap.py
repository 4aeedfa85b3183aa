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


def main(argv):
    out = sys.stdout.buffer
    if argv[1] == 'frames':
        out.write(frames(int(argv[2])))
    elif argv[1] == 'conns':
        out.write(conns(int(argv[2])))
    elif argv[1] == 'odd-lengths':
        out.write(odd_lengths())
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
