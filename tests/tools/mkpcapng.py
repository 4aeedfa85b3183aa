#!/usr/bin/env python3
"""pcapng files for the tests, written to stdout (bytes by hand: scapy has
no full pcapng writer). Each holds TCP handshakes (mkpcap.py's), some
with a data segment, so tshark and synfin have fields to compare.

  mkpcapng.py mixed      two interfaces with different link types and
                         snapshot lengths (Ethernet, 65535; raw IP, 60):
                         the file libpcap refuses
  mkpcapng.py tsresol    interfaces with if_tsresol 10^-9, 2^-20, and
                         10^-6 with if_tsoffset 1,000,000 s
  mkpcapng.py be         tsresol in a big-endian section
  mkpcapng.py sections   two sections, little- then big-endian, each with
                         its own interfaces (the second's interface 0 is
                         raw IP: ids start again)
  mkpcapng.py spb        Simple Packet Blocks, interface snaplen 64: the
                         data segment (154 bytes) is cut to 64
  mkpcapng.py pb         the obsolete Packet Block
  mkpcapng.py skip       NRB, ISB, DSB, custom blocks (both kinds), an
                         unknown block type and a 600,000-byte NRB (more
                         than a packet block may be) between the packets
  mkpcapng.py skip-huge  skip with a 6 MB NRB: more than a read-ahead block
  mkpcapng.py comment    EPBs with opt_comment and other options
  mkpcapng.py blocks     between the TCP frames, blocks that tshark 4.0
                         shows as frames of their own: systemd journal
                         export entries (with and without a time stamp)
                         and custom blocks (both kinds); an SPB (no time
                         stamp); EPBs with comments (UTF-8, several)
  mkpcapng.py pens       custom blocks (both kinds) of the enterprise numbers
                         0, 32473 (named by synfin), 9 (named by tshark
                         only), 65000, 99999999 and 4294967295 (named by
                         neither), in a big-endian section: the PEN read
                         in the section's byte order
  mkpcapng.py comment-ctl  EPB comments with control bytes (ESC, BEL, tab,
                         newline, a C1 control) and bytes that are not
                         UTF-8: what must never reach a terminal raw
  mkpcapng.py names      interfaces with and without if_name (2),
                         if_description (3) and if_hardware (15): a name,
                         a name and a description, none, a description
                         only, hardware only; then a big-endian section
                         whose interfaces have other names (tshark 4.0
                         shows the first section's)
  mkpcapng.py names-ctl  an interface whose name has control bytes and
                         bytes that are not UTF-8, its description a tab
                         and a newline: what must never reach a terminal
                         raw
  mkpcapng.py pkt-options  EPBs with epb_flags (each direction, reception
                         type, link errors, a reserved bit; a second flags
                         option, which is not read), epb_dropcount (up to
                         2^64 - 1), epb_packetid and epb_queue, in a little-
                         then a big-endian section; then PBs with drop
                         counts in their headers (0xffff: not known; a
                         drop count option instead of the header's). The
                         FCS length stays 0 (4 would make Wireshark read
                         an Ethernet FCS, which synfin does not)
  mkpcapng.py all        all of the above in one file, one section each
                         (some big-endian), without the large NRB
  mkpcapng.py bad KIND   a damaged file: 3 good frames, then a block whose
                         length is not a multiple of 4 (len4), whose
                         trailing length differs (trail), naming interface
                         7 (iface), an EPB whose captured length runs
                         past its block (caplen), the 65537th interface
                         of a section (ifs: synfin's limit), or an EPB
                         whose flags, drop count, packet id, queue or eBPF
                         TC verdict option has the wrong length (flags-len,
                         drops-len, id-len, queue-len, verdict-len), or an
                         EPB or IDB with an option longer than what is left
                         of the block (opt-long, idb-opt-long)
"""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mkpcap import handshake, tcp_frame  # noqa: E402

LINKTYPE_ETHERNET, LINKTYPE_RAW = 1, 101
T0 = 1700000000


def pad(b):
    return b + b'\x00' * (-len(b) % 4)


def block(bo, btype, body):
    total = 12 + len(pad(body))
    return struct.pack(bo + 'II', btype, total) + pad(body) + struct.pack(bo + 'I', total)


def opt(bo, code, value):
    return struct.pack(bo + 'HH', code, len(value)) + pad(value)


def opts(bo, *pairs):
    if not pairs:
        return b''
    return b''.join(opt(bo, c, v) for c, v in pairs) + struct.pack(bo + 'HH', 0, 0)


def shb(bo):
    return block(bo, 0x0a0d0d0a, struct.pack(bo + 'IHHq', 0x1a2b3c4d, 1, 0, -1) +
                 opts(bo, (4, b'mkpcapng.py')))


def idb(bo, linktype, snaplen, *options):
    return block(bo, 1, struct.pack(bo + 'HHI', linktype, 0, snaplen) + opts(bo, *options))


def epb(bo, ifid, ts, data, snaplen=None, options=()):
    cap = data[:snaplen] if snaplen else data
    return block(bo, 6, struct.pack(bo + 'IIIII', ifid, ts >> 32, ts & 0xffffffff, len(cap), len(data)) +
                 pad(cap) + opts(bo, *options))


def eth_handshake(port, v6=False):
    """mkpcap's handshake as Ethernet frames."""
    eth = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + (b'\x86\xdd' if v6 else b'\x08\x00')
    return [eth + p for p in handshake(v6, port)]


def data_segment(port, v6=False):
    """100 bytes to port 5555 (no dissector looks at it: cut, tshark's HTTP
    on port 80 would add a note synfin does not), as an Ethernet frame."""
    a, b = (bytes(15) + b'\x01', bytes(15) + b'\x02') if v6 else (bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
    return tcp_frame(a, b, port, 5555, 1001, 5001, 0x018, payload=b'x' * 100)


def us(k):
    """Time stamp k (microseconds after T0) in units of 10^-6."""
    return T0 * 10**6 + k


def mixed(bo='<'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535), idb(bo, LINKTYPE_RAW, 80)]
    eth = eth_handshake(40001) + [data_segment(40001)]
    raw = handshake(True, 40002) + [data_segment(40002, v6=True)[14:]]
    for i, (e, r) in enumerate(zip(eth, raw)):
        out.append(epb(bo, 0, us(10 * i), e))
        out.append(epb(bo, 1, us(10 * i + 5), r, snaplen=80))
    return b''.join(out)


def tsresol(bo='<'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 0, (9, b'\x09')),
           idb(bo, LINKTYPE_ETHERNET, 0, (9, b'\x94')),
           idb(bo, LINKTYPE_ETHERNET, 0, (14, struct.pack(bo + 'q', 1000000)))]
    for i, f in enumerate(eth_handshake(40011)):
        out.append(epb(bo, 0, T0 * 10**9 + 123456789 + i, f))
    for i, f in enumerate(eth_handshake(40012)):
        out.append(epb(bo, 1, (T0 << 20) + (1 << 19) + (1 << 10) * i, f))   # .5 s + i * 2^-10 s
    for i, f in enumerate(eth_handshake(40013)):
        out.append(epb(bo, 2, us(250000 + i), f))
    return b''.join(out)


def spb(bo='<'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 64)]
    for f in eth_handshake(40021) + [data_segment(40021)]:
        out.append(block(bo, 3, struct.pack(bo + 'I', len(f)) + f[:64]))
    return b''.join(out)


def pb(bo='<'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535), idb(bo, LINKTYPE_RAW, 65535)]
    for i, f in enumerate(eth_handshake(40031)):
        ts = us(i)
        out.append(block(bo, 2, struct.pack(bo + 'HHIIII', 0, 0, ts >> 32, ts & 0xffffffff, len(f), len(f)) +
                         pad(f)))
    for i, f in enumerate(handshake(False, 40032)):
        ts = us(100 + i)
        out.append(block(bo, 2, struct.pack(bo + 'HHIIII', 1, 3, ts >> 32, ts & 0xffffffff, len(f), len(f)) +
                         pad(f)))
    return b''.join(out)


def skip(bo='<', large=10):
    nrb = (struct.pack(bo + 'HH', 1, 4 + 10) + bytes([10, 0, 0, 1]) + b'a.example\x00' + b'\x00' * 2 +
           struct.pack(bo + 'HH', 0, 0))
    # Records of a type no reader knows, 60,000 bytes each: skipped.
    big = struct.pack(bo + 'HH', 1, 4 + 10) + bytes([10, 0, 0, 2]) + b'b.example\x00' + b'\x00' * 2
    big += (struct.pack(bo + 'HH', 0x7fff, 60000) + b'x' * 60000) * large + struct.pack(bo + 'HH', 0, 0)
    isb = struct.pack(bo + 'III', 0, 0, 0) + opts(bo, (4, struct.pack(bo + 'Q', 3)))
    dsb = struct.pack(bo + 'II', 0x544c534b, 8) + b'CLIENT_R'
    cb = struct.pack(bo + 'I', 32473) + b'custom data'
    frames = eth_handshake(40041)
    out = [shb(bo), block(bo, 4, nrb), idb(bo, LINKTYPE_ETHERNET, 65535), block(bo, 0x0bad, cb)]
    out.append(epb(bo, 0, us(0), frames[0]))
    out += [block(bo, 5, isb), block(bo, 10, dsb), block(bo, 0x40000bad, cb), block(bo, 0x12345678, b'??')]
    out.append(epb(bo, 0, us(1), frames[1]))
    if large:
        out.append(block(bo, 4, big))
    out.append(epb(bo, 0, us(2), frames[2]))
    out.append(block(bo, 5, isb))
    return b''.join(out)


def comment(bo='<'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535)]
    for i, f in enumerate(eth_handshake(40051)):
        o = [(1, b'handshake step %d' % (i + 1))]
        if i == 1:
            o += [(2, struct.pack(bo + 'I', 1)), (1, b'a second comment'), (4, struct.pack(bo + 'Q', 0))]
        out.append(epb(bo, 0, us(i), f, options=o))
    return b''.join(out)


def journal(bo, entry):
    return block(bo, 9, entry)


def blocks(bo='<'):
    frames = eth_handshake(40091) + [data_segment(40091)]
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535),
           journal(bo, b'__REALTIME_TIMESTAMP=1699999999500000\nMESSAGE=before any packet\n\n'),
           epb(bo, 0, us(0), frames[0], options=[(1, 'première poignée de main'.encode()),
                                                   (1, b'a second comment'), (1, b'x' * 300)]),
           block(bo, 0x0bad, struct.pack(bo + 'I', 32473) + b'custom data'),
           epb(bo, 0, us(1), frames[1]),
           journal(bo, b'_PID=1\nMESSAGE=no time here\n\n'),
           block(bo, 3, struct.pack(bo + 'I', len(frames[2])) + frames[2]),
           block(bo, 0x40000bad, struct.pack(bo + 'I', 32473) + b'not to be copied'),
           journal(bo, b'MESSAGE=later\n__REALTIME_TIMESTAMP=1700000000000500\n\n'),
           epb(bo, 0, us(3), frames[3], options=[(1, 'ünïcödé ✓'.encode())])]
    return b''.join(out)


def pens(bo='>'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535)]
    for pen in (32473, 0, 9, 65000, 99999999, 4294967295):
        out.append(block(bo, 0x0bad, struct.pack(bo + 'I', pen) + b'data'))
        out.append(block(bo, 0x40000bad, struct.pack(bo + 'I', pen) + b'more'))
    return b''.join(out)


def comment_ctl(bo='<'):
    frames = eth_handshake(40101)
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535)]
    out.append(epb(bo, 0, us(0), frames[0], options=[
        (1, b'esc \x1b[31mred\x1b[0m bel \x07 tab \t nl \n end'),
        (1, b'c1 \xc2\x9b2J not utf8 \xff\xfe \xe2\x82 cut')]))
    out += [epb(bo, 0, us(i), f) for i, f in enumerate(frames[1:], 1)]
    return b''.join(out)


def sections():
    out = [mixed('<')]
    out.append(shb('>') + idb('>', LINKTYPE_RAW, 65535) + idb('>', LINKTYPE_ETHERNET, 65535))
    for i, (r, e) in enumerate(zip(handshake(False, 40061), eth_handshake(40062, v6=True))):
        out.append(epb('>', 0, us(1000 + i), r))
        out.append(epb('>', 1, us(1000 + i), e))
    return b''.join(out)


def names():
    ifs = [((2, b'eth0'),), ((2, b'wlan0'), (3, b'Wi-Fi')), (), ((3, b'only a description'),),
           ((15, b'hardware only'),)]
    out = [shb('<')] + [idb('<', LINKTYPE_ETHERNET, 65535, *o) for o in ifs]
    for i, f in enumerate(eth_handshake(40081) * 2):
        out.append(epb('<', i % len(ifs), us(i), f))
    out.append(shb('>') + idb('>', LINKTYPE_ETHERNET, 65535, (2, b'second0')) + idb('>', LINKTYPE_ETHERNET, 65535))
    for i, f in enumerate(eth_handshake(40082)):
        out.append(epb('>', i % 2, us(100 + i), f))
    return b''.join(out)


def names_ctl(bo='<'):
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535, (2, b'esc \x1b[31mred\x07 \xc2\x9b \xff\xfe'),
                        (3, b'tab\tnl\nend'))]
    return b''.join(out + [epb(bo, 0, us(i), f) for i, f in enumerate(eth_handshake(40083))])


def pkt_options():
    out = []
    for bo in '<>':
        u32, u64 = (lambda x: struct.pack(bo + 'I', x)), (lambda x: struct.pack(bo + 'Q', x))
        optsets = [
            [(2, u32(0x2 | 2 << 2 | 0x200 | 0x81000000)), (4, u64(7)), (5, u64(0x1234567890)), (6, u32(3))],
            [(2, u32(0x3 | 7 << 2)), (2, u32(1)), (4, u64(2**64 - 1)), (1, b'flags and a comment')],
            [(2, u32(0x1 | 1 << 2 | 0x7e000000)), (6, u32(0))],
            [(2, u32(0x4 << 2)), (5, u64(0))],
        ]
        frames = eth_handshake(40101) + eth_handshake(40103)[:1]
        out += [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535, (2, b'eth0'))]
        out += [epb(bo, 0, us(10 * i), f, options=optsets[i]) for i, f in enumerate(frames)]
    for i, (f, drops) in enumerate(zip(eth_handshake(40102) + eth_handshake(40104)[:1], (0xffff, 5, 0, 5))):
        ts = us(100 + i)
        o = [(2, struct.pack('>I', 2))] + ([(4, struct.pack('>Q', 9))] if i == 3 else [])
        out.append(block('>', 2, struct.pack('>HHIIII', 0, drops, ts >> 32, ts & 0xffffffff, len(f), len(f)) +
                         pad(f) + opts('>', *o)))
    return b''.join(out)


def everything():
    return b''.join([mixed(), tsresol('>'), spb(), pb('>'), skip(large=0), comment('>'), blocks('>'), sections(),
                     names(), names_ctl('>')])


def bad(kind, bo='<'):
    frames = eth_handshake(40071)
    out = [shb(bo), idb(bo, LINKTYPE_ETHERNET, 65535)] + [epb(bo, 0, us(i), f) for i, f in enumerate(frames)]
    b = bytearray(epb(bo, 0, us(9), frames[0]))
    if kind == 'len4':
        b[4:8] = struct.pack(bo + 'I', len(b) - 2)
    elif kind == 'trail':
        b[-4:] = struct.pack(bo + 'I', len(b) + 4)
    elif kind == 'iface':
        b[8:12] = struct.pack(bo + 'I', 7)
    elif kind == 'caplen':
        b[20:24] = struct.pack(bo + 'I', len(b))
    elif kind == 'ifs':
        b = idb(bo, LINKTYPE_ETHERNET, 65535) * 65536 + b
    elif kind == 'opt-long':
        b = bytearray(epb(bo, 0, us(9), frames[0], options=[(1, b'12345678')]))
        at = len(b) - 4 - 4 - 12                   # the comment's header: before its 8 bytes and the end of options
        b[at + 2:at + 4] = struct.pack(bo + 'H', 200)
    elif kind == 'idb-opt-long':
        b = bytearray(idb(bo, LINKTYPE_ETHERNET, 65535, (2, b'eth1')))
        b[18:20] = struct.pack(bo + 'H', 100)     # if_name's length, past the block
    elif kind in ('flags-len', 'drops-len', 'id-len', 'queue-len', 'verdict-len'):
        code = {'flags-len': 2, 'drops-len': 4, 'id-len': 5, 'queue-len': 6, 'verdict-len': 7}[kind]
        b = epb(bo, 0, us(9), frames[0], options=[(1, b'before it'), (code, b'\x01\x02\x03\x04\x05\x06')])
    else:
        sys.exit(__doc__)
    out.append(bytes(b))
    out.append(epb(bo, 0, us(10), frames[1]))
    return b''.join(out)


def main(argv):
    kinds = {'mixed': mixed, 'tsresol': tsresol, 'be': lambda: tsresol('>'), 'sections': sections, 'spb': spb,
             'pb': pb, 'skip': skip, 'skip-huge': lambda: skip(large=100), 'comment': comment, 'all': everything,
             'blocks': blocks, 'names': names, 'pkt-options': pkt_options, 'names-ctl': names_ctl, 'comment-ctl': comment_ctl, 'pens': pens}
    if len(argv) == 3 and argv[1] == 'bad':
        sys.stdout.buffer.write(bad(argv[2]))
    elif len(argv) == 2 and argv[1] in kinds:
        sys.stdout.buffer.write(kinds[argv[1]]())
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
