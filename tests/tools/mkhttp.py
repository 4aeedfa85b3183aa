#!/usr/bin/env python3
"""HTTP conversations as capture files, for tests/t_http.sh: one TCP/IPv4
connection (Ethernet; 10.0.0.1:40000 to 10.0.0.2:80 unless said), the
handshake, the segments of a case, then the close. Written to stdout.

  mkhttp.py CASE     CASE: one of the names in CASES below
"""
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def frame(src, dst, sp, dp, seq, ack, flags, data):
    tcp = struct.pack('!HHIIBBHHH', sp, dp, seq & 0xffffffff, ack & 0xffffffff, 5 << 4, flags, 65535, 0, 0) + data
    c = csum(bytes(src) + bytes(dst) + struct.pack('!BBH', 0, 6, len(tcp)) + tcp)
    tcp = tcp[:16] + struct.pack('!H', c) + tcp[18:]
    ip = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, bytes(src), bytes(dst))
    ip = ip[:10] + struct.pack('!H', csum(ip)) + ip[12:]
    return b'\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00' + ip + tcp


def conversation(segs, cport=40000, sport=80):
    """segs: (side, bytes); side 'c' client, 's' server, 'S' the server's
    last len(bytes) bytes again (a retransmission)."""
    C, S = [10, 0, 0, 1], [10, 0, 0, 2]
    cs, ss = 1000, 5000
    out = [frame(C, S, cport, sport, cs, 0, 0x02, b'')]
    cs += 1
    out.append(frame(S, C, sport, cport, ss, cs, 0x12, b''))
    ss += 1
    out.append(frame(C, S, cport, sport, cs, ss, 0x10, b''))
    for d, data in segs:
        if d == 'c':
            out.append(frame(C, S, cport, sport, cs, ss, 0x18, data))
            cs += len(data)
        elif d == 's':
            out.append(frame(S, C, sport, cport, ss, cs, 0x18, data))
            ss += len(data)
        else:
            out.append(frame(S, C, sport, cport, ss - len(data), cs, 0x18, data))
    out.append(frame(C, S, cport, sport, cs, ss, 0x11, b''))
    cs += 1
    out.append(frame(S, C, sport, cport, ss, cs, 0x11, b''))
    ss += 1
    out.append(frame(C, S, cport, sport, cs, ss, 0x10, b''))
    w = sys.stdout.buffer
    w.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1))
    for i, p in enumerate(out):
        w.write(struct.pack('<IIII', 1700000000 + i, i * 1000, len(p), len(p)) + p)


GET = b'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'
CASES = {
    # a body in three segments (Content-Length)
    'body3': [('c', GET), ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n\r\n'),
              ('s', b'01234'), ('s', b'56789')],
    # a request line cut in two, pipelined requests, a partial one at a segment's end;
    # responses with and without bodies, a chunked one completed by the next segment,
    # then data without a line end
    'pipeline': [('c', b'GET /a HT'), ('c', b'TP/1.1\r\nHost: x\r'),
                 ('c', b'\n\r\nGET /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n'), ('c', b'\r\n'),
                 ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabHTTP/1.1 404 Not Found\r\nContent-Length: 0'
                       b'\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n'),
                 ('s', b'0\r\n\r\n'), ('s', b'garbage')],
    # lines that start no message: Continuation
    'continuation': [('c', b'GET / HTTP/1.1\r\n\r\n'), ('s', b'blah\r\nfoo'), ('s', b'more'), ('c', b'xyz'),
                     ('c', b'\r\n')],
    # a body without a length: it ends with the server's FIN
    'untilfin': [('c', b'GET / HTTP/1.0\r\n\r\n'), ('s', b'HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\nabc'),
                 ('s', b'def'), ('s', b'ghi')],
    # no body: HEAD, 304, 204 and 100
    'nobody': [('c', b'HEAD / HTTP/1.1\r\n\r\n'),
               ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\nContent-Type: text/html\r\n\r\n'),
               ('c', b'GET / HTTP/1.1\r\n\r\n'), ('s', b'HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n'),
               ('c', b'GET /x HTTP/1.1\r\n\r\n'),
               ('s', b'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n'
                     b'Content-Type: a/b\r\nContent-Length: 1\r\n\r\nx')],
    # a retransmitted segment, and a length beyond 2^31 (until the FIN)
    'retrans': [('c', b'GET / HTTP/1.1\r\n\r\njunk\r\n'),
                ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcHTTP/1.1 200 OK\r\nContent-Length: 5\r\n'
                      b'Content-Type: x/y\r\n\r\nab'),
                ('S', b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: x/y\r\n\r\nab'), ('s', b'cde'),
                ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 5000000000\r\n\r\nab')],
    # hostile: huge and negative lengths, chunk sizes that overflow, NULs,
    # control bytes, a bare CR, many headers, an empty method line
    'malformed': [('c', b'GET / HTTP/1.1\r\nContent-Length: -5\r\nX: \x00\x01\x1b[2J\r\n\r\n'),
                  ('s', b'HTTP/1.1 2\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\nab\r\n'),
                  ('s', b'HTTP/1.1 99999999999 \xff\xfe\r\nContent-Length: 99999999999999999999999\r\n\r\n'),
                  ('c', b'\r\r\r\n\n\n' + b'GET \r\n' + b'H: v\r\n' * 200 + b'\r\n'),
                  ('c', b'POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n'), ('c', b'\r'),
                  ('s', b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n0x\r\n\r\n')],
    # what JSON must escape (t_json.sh): quotes, backslashes, "</", a tab,
    # control and non-ASCII bytes in a URI, a header and a body
    'escapes': [('c', b'GET /q"\\</s> HTTP/1.1\r\nHost: x\r\nUser-Agent: a"b\\c</d>\te\x01f\xe9g\r\n\r\n'),
                ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Type: text/plain\r\n\r\n"\\</x>\t\x01\xe9\x7f\n\x00z')],
}


def overcap():
    """A response whose header lines never end, 5 MiB of them in 80 segments
    of 64 KiB: over the 4 MiB cap on an unfinished message."""
    line = b'X-Filler: ' + b'a' * 1000 + b'\r\n'
    seg = line * 64
    return [('c', GET), ('s', b'HTTP/1.1 200 OK\r\n')] + [('s', seg)] * 80


if __name__ == '__main__':
    name = sys.argv[1] if len(sys.argv) == 2 else ''
    if name == 'overcap':
        conversation(overcap())
    elif name == 'heuristic':      # port 4000: the http_tcp heuristic
        conversation(CASES['body3'], 40000, 4000)
    elif name in CASES:
        conversation(CASES[name])
    else:
        sys.exit('usage: mkhttp.py ' + '|'.join(list(CASES) + ['overcap', 'heuristic']))
