#!/usr/bin/env python3
"""udpcols.py SYNFIN FILE...: synfin's summary Protocol and Info columns
against tshark's on the frames whose walk ends with UDP (synfin's
frame.protocols ends in ":udp").

Strict where tshark hands the payload to no application dissector (its
frame.protocols ends in ":udp" or ":udp:data"): every such frame must show
the same Protocol and Info. The others (DNS, NTP, ...) are counted: how
many equal tshark's columns anyway, how many differ, and the top
protocols of those that differ.

Prints one line per strict difference, then the counts; exits 1 if a
strict frame differs, 2 if a program failed."""
import collections
import subprocess
import sys

FIELDS = ['-e', 'frame.number', '-e', 'frame.protocols', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info']


def rows(cmd):
    r = subprocess.run(cmd + ['-T', 'fields'] + FIELDS, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=600)
    if r.returncode not in (0, 2):
        sys.exit('udpcols.py: %s: exit status %d' % (' '.join(cmd), r.returncode))
    out = {}
    for line in r.stdout.decode('utf-8', 'replace').split('\n'):
        a = line.split('\t')
        if len(a) == 4 and a[0].isdigit():
            out[int(a[0])] = a[1:]
    return out


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    synfin, files = argv[1], argv[2:]
    strict = strict_bad = app_same = app_diff = 0
    diff_protos = collections.Counter()
    for path in files:
        s = rows([synfin, '-r', path])
        t = rows(['tshark', '-r', path])
        for n, (sp, sproto, sinfo) in sorted(s.items()):
            if not sp.endswith(':udp') or n not in t:
                continue
            tp, tproto, tinfo = t[n]
            same = (sproto, sinfo) == (tproto, tinfo)
            if tp.endswith(':udp') or tp.endswith(':udp:data'):
                strict += 1
                if not same:
                    strict_bad += 1
                    print('%s frame %d: synfin %r %r, tshark %r %r' % (path, n, sproto, sinfo, tproto, tinfo))
            elif same:
                app_same += 1
            else:
                app_diff += 1
                diff_protos[tproto] += 1
    print('strict (no application dissector): %d frames, %d differ' % (strict, strict_bad))
    print('application payloads: %d frames equal tshark, %d differ' % (app_same, app_diff))
    if diff_protos:
        print('top protocols differing: ' + ', '.join('%s %d' % kv for kv in diff_protos.most_common(12)))
    return 1 if strict_bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
