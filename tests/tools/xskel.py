#!/usr/bin/env python3
"""The layout of a text output (-x, -P, -V and their combinations), for
comparing synfin's with tshark's byte for byte where the two may differ
only in what other tests compare: each summary line becomes its columns
separated by one space (synfin pads its columns wider, and adds the
segment's step, "  (handshake 1/3: client ..., server ...)", which is
taken out); each run of detail-tree lines becomes one "[tree]" line;
hex dump lines, data source titles ("Frame (74 bytes):") and blank lines
are kept as they are.

usage: xskel.py FILE   (prints the layout)"""
import re
import sys

SUMMARY = re.compile(rb'^ +[0-9]+ +-?[0-9]+\.[0-9]+ ')
# A step may hold one parenthesis of its own: "handshake 1/3 (SYN
# retransmitted)", "simultaneous close (FIN)" (src/track/lifecycle.c).
STEP = re.compile(rb'  \((?:[^()]|\([^()]*\))*: client [A-Z0-9-]+, server [A-Z0-9-]+\)$')
HEX = re.compile(rb'^[0-9a-f]{4,8}  [0-9a-f]{2} ')
TITLE = re.compile(rb'^[A-Za-z][A-Za-z0-9 -]* \([0-9]+ bytes\):$')


def kinds(lines):
    """Each line's kind: S summary, X hex or title, B blank, T tree. A
    blank line and hex lines followed by a tree line are tree: tshark -V
    (without -x) dumps a "Data (N bytes)" item's bytes inside the tree."""
    k = []
    for line in lines:
        if SUMMARY.match(line):
            k.append('S')
        elif line == b'':
            k.append('B')
        elif HEX.match(line) or TITLE.match(line):
            k.append('X')
        else:
            k.append('T')
    i = 0
    while i < len(k):
        if k[i] == 'B' and i + 1 < len(k) and k[i + 1] == 'X':
            j = i + 1
            while j < len(k) and k[j] == 'X':
                j += 1
            if j < len(k) and k[j] == 'T':
                for m in range(i, j):
                    k[m] = 'T'
            i = j
        else:
            i += 1
    return k


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = sys.stdout.buffer
    with open(sys.argv[1], 'rb') as fh:
        lines = fh.read().split(b'\n')
    if lines and lines[-1] == b'':
        lines.pop()
    prev = ''
    for line, kind in zip(lines, kinds(lines)):
        if kind == 'T':
            if prev != 'T':
                out.write(b'[tree]\n')
        elif kind == 'S':
            out.write(b'S ' + b' '.join(STEP.sub(b'', line).split()) + b'\n')
        else:
            out.write(line + b'\n')
        prev = kind


if __name__ == '__main__':
    main()
