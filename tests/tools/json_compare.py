#!/usr/bin/env python3
"""Compare synfin's -T json (tree form) or -T ek with tshark's, restricted
to what synfin knows: every leaf synfin writes must be tshark's, at the same
path, with the same value, in the same order; every leaf of tshark's whose
key (and every key on its path: a field synfin has, or a text item's label
synfin writes there too) is a field synfin has must be synfin's.
Usage: json_compare.py json|ek FIELDS_FILE TSHARK_OUT SYNFIN_OUT [SKIP_LAYERS [IGNORE]]
FIELDS_FILE: synfin -G fields; SKIP_LAYERS: layers not compared (comma
separated); IGNORE: fields not compared (tests/fields.txt's group N). Prints one line per differing frame (at most
5) and 'frames N differing M'; exits 1 when any differs.
Environment: ONLY_LAYERS (comma separated): compare those layers only, on
both sides (a capture whose other layers are checked elsewhere)."""
import os
import json
import sys

form, fields_file, tshark_file, synfin_file = sys.argv[1:5]
skip = set(sys.argv[5].split(',')) if len(sys.argv) > 5 and sys.argv[5] else set()
ignore = set(sys.argv[6].split(',')) if len(sys.argv) > 6 and sys.argv[6] else set()
only = set(os.environ['ONLY_LAYERS'].split(',')) if os.environ.get('ONLY_LAYERS') else set()
names = set(l.split('\t')[0] for l in open(fields_file, encoding='utf-8') if l.strip())
EXTRA = {'Timestamps', 'D-SACK Sequence', '_ws.expert', '_ws.expert.message',
         '_ws.expert.severity', '_ws.expert.group'}


def known_json(k):
    return k in names or k in EXTRA or (k.endswith('_tree') and k[:-5] in names)


ek_names = set()
for n in names | EXTRA:
    u = n.replace('.', '_')
    ek_names.add(u)
    ek_names.add(n.split('.')[0] + '_' + u)
ek_names.add('ipv6_ip_version')   # IPv6's own ip.version
ek_names.add('_ws_expert__ws_expert_message')
ek_names.add('_ws_expert__ws_expert_severity')
ek_names.add('_ws_expert__ws_expert_group')


def known_ek(k):
    # "text" (the labels of a layer's text items, in one array) is kept
    # where synfin writes one at the same place, as a label is under json:
    # tshark's for items synfin has no fields of (ICMP's extension
    # objects) are not compared.
    return k in ek_names or k == 'timestamp'


def foreign_expert(k, v):
    """An expert item whose own field synfin does not have: not compared."""
    if k not in ('_ws.expert', '_ws_expert') or not isinstance(v, list) or not v:
        return False
    first = v[0][0] if isinstance(v[0], tuple) else None
    return first is None or not known(first) or first.startswith('_ws')


def foreign_timestamps(path, k, v):
    """ek: a layer's "Timestamps" text item, which holds its time_relative
    and time_delta, where synfin has no such fields (udp): not compared."""
    return (k == 'text' and v == 'Timestamps' and len(path) == 1
            and path[0] + '_' + path[0] + '_time_relative' not in ek_names)


def leaves(pairs, path, out, known):
    for k, v in pairs:
        p = path + (k,)
        if foreign_expert(k, v) or foreign_timestamps(path, k, v):
            continue
        if isinstance(v, list) and v and isinstance(v[0], tuple):
            leaves(v, p, out, known)
        elif isinstance(v, list) and v and isinstance(v[0], list):
            for i, o in enumerate(v):     # ek: an array of objects
                leaves(o, p + (i,), out, known)
        else:
            out.append((p, json.dumps(v, ensure_ascii=False)))


def frames_json(path):
    d = json.load(open(path, encoding='utf-8'), object_pairs_hook=lambda x: x)
    for pkt in d:
        yield dict(dict(pkt)['_source'])['layers']


def frames_ek(path):
    lines = open(path, encoding='utf-8').read().splitlines()
    for i in range(1, len(lines), 2):
        doc = json.loads(lines[i], object_pairs_hook=lambda x: x)
        yield [('timestamp', dict(doc)['timestamp'])] + list(dict(doc)['layers'])


frames = frames_json if form == 'json' else frames_ek
known = known_json if form == 'json' else known_ek
nframes = ndiff = 0
ts = list(frames(tshark_file))
sy = list(frames(synfin_file))
if len(ts) != len(sy):
    print('frames: tshark %d, synfin %d' % (len(ts), len(sy)))
    sys.exit(1)
for n, (a, b) in enumerate(zip(ts, sy), 1):
    nframes += 1
    la, lb = [], []
    leaves(a, (), la, known)
    leaves(b, (), lb, known)
    # tshark's leaves synfin knows: every key on the path known, the layer not skipped
    drop = set(ignore) | set(n.replace('.', '_') for n in ignore) | set(n.split('.')[0] + '_' + n.replace('.', '_') for n in ignore)
    lb = [(p, v) for p, v in lb if not drop.intersection(k for k in p if isinstance(k, str))]
    # A text item's label (the HTTP first line, "Timestamps") is a key synfin
    # may write too: kept where synfin has it at the same place.
    prefixes = set(p[:i] for p, _ in lb for i in range(1, len(p) + 1))
    la = [(p, v) for p, v in la if not drop.intersection(k for k in p if isinstance(k, str)) and p[0] not in skip
          and all(isinstance(k, int) or known(k) or p[:i + 1] in prefixes for i, k in enumerate(p))]
    if only:
        la = [(p, v) for p, v in la if p[0] in only]
        lb = [(p, v) for p, v in lb if p[0] in only]
    if la != lb:
        ndiff += 1
        if ndiff <= 5:
            for i, (x, y) in enumerate(zip(la + [None] * len(lb), lb + [None] * len(la))):
                if x != y:
                    print('frame %d: tshark %s synfin %s' % (n, x, y))
                    break
print('frames %d differing %d' % (nframes, ndiff))
sys.exit(1 if ndiff else 0)
