#!/bin/sh
# synfin ladder --svg on captures of real kernel traffic, read back with
# python3's xml.etree: the file parses, one g.seg per segment of the
# stream with its frame number in order, the steps and analysis labels the
# text ladder writes, each side's state labels where synfin.state.* changes,
# arrows that reach the other line unless lost, a loss for each copy of
# data, a SYN or a FIN sent again, the seed connection's steps, idle gaps folded, and a capture with a
# hostile payload escaped into valid XML.
TEST=t_ladder_svg; . "$(dirname "$0")/lib.sh"
need_scenarios
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || { echo "# skip: no python3"; exit 0; }

cat > "$T/check.py" <<'EOF'
"""check.py SVG FIELDS TEXT NAME: TAP lines for one ladder.
FIELDS: frame, step, client state, server state, retransmission (0/1), len;
TEXT: the text ladder of the same stream (--max 10000)."""
import re
import sys
import xml.etree.ElementTree as ET

svg, fields, text, name = sys.argv[1:5]
NS = '{http://www.w3.org/2000/svg}'
fails = 0


def check(ok, what):
    global fails
    print(('ok - ' if ok else 'not ok - ') + name + ': ' + what)
    fails += not ok


try:
    root = ET.parse(svg).getroot()
except ET.ParseError as e:
    check(False, 'the SVG parses as XML (%s)' % e)
    sys.exit(1)
check(root.tag == NS + 'svg' and 'ladder' in root.get('class', '').split()
      and root.get('viewBox', '').startswith('0 0 900 '), 'an svg.ladder root with a 900-wide viewBox')


def classes(e):
    return e.get('class', '').split()


rows = [l.rstrip('\n').split('\t') for l in open(fields, encoding='utf-8')]
segs = [g for g in root.iter(NS + 'g') if 'seg' in classes(g)]
check([g.get('data-frame') for g in segs] == [r[0] for r in rows],
      'one g.seg per segment of the stream, frame numbers in order (%d, %d frames)' % (len(segs), len(rows)))
check([g.get('data-i') for g in segs] == [str(i) for i in range(len(segs))], 'data-i counts 0, 1, ...')


def texts(g, cls):
    return [''.join(t.itertext()) for t in g.iter(NS + 'text') if cls in classes(t)]


steps = [s for g in segs for s in texts(g, 'step')]
check(steps == [r[1] for r in rows if r[1]], 'the steps of synfin.step, in order: %s' % steps[:8])
# The text ladder's right column: "  STEP  LABEL" after the arrow's closing bar.
want = [l.split('|')[-1] for l in open(text, encoding='utf-8') if re.match(r' *[0-9.]+  \|.*[->]\|', l)]
got = [''.join('  ' + x for x in texts(g, 'step') + texts(g, 'label')) + '\n' for g in segs]
check(got == want, 'steps and analysis labels as the text ladder writes them')
chips = [''.join(g.find(NS + 'g').itertext()) for g in segs]
arrows = [l.split('|')[1].strip('<->').strip() for l in open(text, encoding='utf-8')
          if re.match(r' *[0-9.]+  \|.*[->]\|', l)]
# (the text ladder cuts a label over 44 characters; the SVG writes it whole)
check(all(a == c or (len(a) >= 40 and c.startswith(a)) for a, c in zip(arrows, chips))
      and len(arrows) == len(chips), 'each arrow labelled with the text ladder\'s flags, seq, ack, len')

for side, col in (('client', 2), ('server', 3)):
    runs = []
    for r in rows:
        if not runs or runs[-1] != r[col]:
            runs.append(r[col])
    got = [''.join(t.itertext()) for t in root.iter(NS + 'text')
           if 'state' in classes(t) and t.get('data-side') == side]
    check(got == runs and got, '%s states where synfin.state.%s changes: %s' % (side, side, ' '.join(got)))

life = [e for e in root.iter(NS + 'path') if 'life' in classes(e)]
xs = sorted({float(x) for x in re.findall(r'M([0-9.]+) ', life[0].get('d'))}) if life else []
check(len(xs) == 2, 'two lifelines')
bad = []
for g in segs:
    a = [p for p in g.iter(NS + 'path') if 'a' in classes(p)][0]
    x0, y0, x1, y1 = map(float, re.match(r'M([0-9.]+) ([0-9.]+)L([0-9.]+) ([0-9.]+)', a.get('d')).groups())
    lost = 'lost' in classes(g)
    reaches = {x0, x1} == set(xs)
    short = x0 in xs and min(xs) < x1 < max(xs) and [p for p in g.iter(NS + 'path') if 'x' in classes(p)]
    if y1 < y0 or (lost and not short) or (not lost and not reaches):
        bad.append(g.get('data-frame'))
check(len(xs) == 2 and not bad, 'arrows go down from one line to the other, lost ones stop short with a cross %s' % bad[:5])
ys = [float(g.find(NS + 'path').get('d').split()[1].split('L')[0]) for g in segs]
check(all(b - a >= 22 for a, b in zip(ys, ys[1:])), 'arrows at least 22 apart, in time order')

lost = [g.get('data-frame') for g in segs if 'lost' in classes(g)]
# A segment takes sequence space with data, a SYN or a FIN: only those can be lost.
def span(r): return int(r[5] or 0) + (r[6] == '1') + (r[7] == '1')
def takes_space(r): return span(r) > 0
def overlap(a, b):   # same side, sequence spans overlap (seq is relative: no wrap)
    return a[8] == b[8] and int(a[9]) < int(b[9]) + span(b) and int(b[9]) < int(a[9]) + span(a)
# Sent again: Wireshark says retransmission, or out of order (a copy within the first RTT).
resent = [i for i, r in enumerate(rows) if (r[4] == '1' or r[10] == '1') and takes_space(r)]
lost_i = {i for i, g in enumerate(segs) if 'lost' in classes(g)}
check(all(any(i > j and overlap(rows[i], rows[j]) for i in resent) for j in lost_i),
      'each lost segment (%d) is sent again later by its side' % len(lost_i))
copies = [i for i in resent if any(overlap(rows[i], rows[j]) for j in range(i))]
check(all(any(j in lost_i and overlap(rows[i], rows[j]) for j in range(i)) for i in copies),
      'each copy of bytes already seen (%d) has an earlier copy drawn lost' % len(copies))
spacey = {r[0]: takes_space(r) for r in rows}
check(all(spacey[f] for f in lost), 'only segments with data, a SYN or a FIN are lost')
folds = [''.join(g.itertext()) for g in root.iter(NS + 'g') if 'fold' in classes(g)]
check(all(re.fullmatch(r'[0-9]+ ms idle|[0-9]+\.[0-9] s idle', f) for f in folds), 'folds say how long: %s' % folds[:3])
print('# %s: %d segments, %d bytes, %d lost, %d folds' % (name, len(segs), len(open(svg, 'rb').read()), len(lost), len(folds)))
print('#   folds %s' % ' '.join(f.replace(' ', '_') for f in folds[:20]))
sys.exit(fails != 0)
EOF

# ladder F STREAM NAME: draw it, then check it
ladder() {
    f=$1 n=$2 name=$3
    "$SYNFIN" ladder -r "$f" --stream "$n" --svg > "$T/$name.svg" 2> "$T/$name.err" || nok "$name: ladder --svg exits 0"
    "$SYNFIN" -r "$f" -Y "tcp.stream == $n" -T fields -e frame.number -e synfin.step -e synfin.state.client \
        -e synfin.state.server -e tcp.analysis.retransmission -e tcp.len -e tcp.flags.syn -e tcp.flags.fin \
        -e tcp.srcport -e tcp.seq > "$T/$name.fields"
    # tcp.analysis.retransmission and .out_of_order are label fields: present or not
    "$SYNFIN" -r "$f" -Y "tcp.stream == $n && tcp.analysis.retransmission" -T fields -e frame.number > "$T/$name.rt"
    "$SYNFIN" -r "$f" -Y "tcp.stream == $n && tcp.analysis.out_of_order" -T fields -e frame.number > "$T/$name.ooo"
    awk -F '\t' -v OFS='\t' 'FILENAME == ARGV[1] { rt[$1] = 1; next } FILENAME == ARGV[2] { ooo[$1] = 1; next }
        { $5 = ($1 in rt) ? 1 : 0; $11 = ($1 in ooo) ? 1 : 0; print }' \
        "$T/$name.rt" "$T/$name.ooo" "$T/$name.fields" > "$T/$name.f2"
    "$SYNFIN" ladder -r "$f" --stream "$n" --max 10000 > "$T/$name.txt"
    "$PY" "$T/check.py" "$T/$name.svg" "$T/$name.f2" "$T/$name.txt" "$name" > "$T/$name.tap" 2>&1
    cat "$T/$name.tap"
    grep -q '^not ok' "$T/$name.tap" && fails=$((fails + 1))
    grep -q '^ok' "$T/$name.tap" || nok "$name: check.py ran"
}

for f in "$S"/*.pcap; do
    name=$(basename "$f" .pcap)
    ladder "$f" 0 "$name"
done
last=$("$SYNFIN" -r "$S/many.pcap" -T fields -e tcp.stream | sort -n | tail -n 1)
ladder "$S/many.pcap" "$last" "many-$last"

# The seed connection: the handshake and the teardown, in four segments or in
# three (Linux piggybacks the ACK of the first FIN on the second when it can).
steps=$(tr '\n' '|' < "$T/hello.fields" | awk -F '\t' 'BEGIN { RS = "|" } $2 != "" { printf "%s;", $2 }')
case $steps in
"handshake 1/3;handshake 2/3;handshake 3/3;teardown 1/4;teardown 2/4;teardown 3/4;teardown 4/4;" | \
"handshake 1/3;handshake 2/3;handshake 3/3;teardown 1/4;teardown 2+3/4;teardown 4/4;")
    ok "hello: the seed connection's steps are the handshake and the teardown ($steps)" ;;
*) nok "hello: the seed connection's steps are the handshake and the teardown ($steps)" ;;
esac
check "hello: the steps are in the SVG, in order" \
    sh -c "[ \"\$(grep -o '<text class=\"step\"[^>]*>[^<]*' '$T/hello.svg' | sed 's/.*>//' | tr '\n' ';')\" = '$steps' ]"
check "keepalive: its idle gaps over a second folded" grep -q '<g class="fold">.*[0-9]\.[0-9] s idle' "$T/keepalive.svg"
check "hello: nothing folded" sh -c "! grep -q 'class=\"fold\"' '$T/hello.svg'"
# As many drawn lost as data segments sent again (a SYN or FIN resent adds its own).
resent=$(resent_data "$S/lossy.pcap")
[ "$resent" -gt 0 ] && [ "$(grep -c '<g class="seg c[0-9] lost"' "$T/lossy.svg")" -ge "$resent" ] &&
    ok "lossy: data sent twice ($resent times), a segment drawn lost for each" ||
    nok "lossy: data sent twice ($resent times), a segment drawn lost for each"
check "lossy: --svg draws all its segments (--max defaults to 10000), nothing said on stderr" \
    sh -c "[ \$(grep -c '<g class=\"seg' '$T/lossy.svg') -eq \$(wc -l < '$T/lossy.fields') ] && [ ! -s '$T/lossy.err' ]"
"$SYNFIN" ladder -r "$S/lossy.pcap" --svg --max 5 > "$T/max5.svg" 2> "$T/max5.err"
check "--svg --max 5: five segments, the rest said on stderr" \
    sh -c "[ \$(grep -c '<g class=\"seg' '$T/max5.svg') -eq 5 ] && grep -q 'more segments (--max' '$T/max5.err'"
"$SYNFIN" ladder -r "$S/rst.pcap" -Y 'tcp.flags.reset == 1' --svg > "$T/rstY.svg"
check "--svg -Y: the first connection with a kept frame, as --stream picks it" cmp -s "$T/rstY.svg" "$T/rst.svg"
"$SYNFIN" ladder -r "$S/hello.pcap" --svg --explain --lang zh > "$T/hello-zh.svg"
check "--explain --lang zh: a note beside the arrows, in Chinese" \
    sh -c "[ \$(grep -c '<text class=\"note\"' '$T/hello-zh.svg') -ge 8 ] && grep -q '我想建立连接' '$T/hello-zh.svg' && $PY -c 'import xml.etree.ElementTree as E; E.parse(\"$T/hello-zh.svg\")'"

# A hostile payload: escape sequences, markup, an entity, NUL, bytes that
# are not UTF-8; the explanation quotes the payload's first bytes.
"$PY" - "$T/hostile.pcap" <<'EOF'
import struct
import sys
out = [struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1)]
def seg(i, c2s, seq, ack, flags, payload=b''):
    sp, dp = (40000, 4000) if c2s else (4000, 40000)
    tcp = struct.pack('>HHIIBBHHH', sp, dp, seq, ack, 5 << 4, flags, 512, 0, 0) + payload
    a, b = (bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])) if c2s else (bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1]))
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), i, 0x4000, 64, 6, 0, a, b)
    data = bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]) + ip + tcp
    out.append(struct.pack('<IIII', 1000, i * 100, len(data), len(data)) + data)
evil = b'\x1b[31m<svg onload=alert(1)>&amp;"\x00\x07\xff\xfe]]>\r\nrest'
seg(1, True, 100, 0, 0x02)
seg(2, False, 500, 101, 0x12)
seg(3, True, 101, 501, 0x10)
seg(4, True, 101, 501, 0x18, evil)
seg(5, False, 501, 101 + len(evil), 0x18, b'</text></svg><!--&\x01')
seg(6, True, 101 + len(evil), 520, 0x11)
open(sys.argv[1], 'wb').write(b''.join(out))
EOF
"$SYNFIN" ladder -r "$T/hostile.pcap" --svg --explain --lang en > "$T/hostile.svg"
check "hostile payload: the SVG parses, and the note quotes the payload as text, control bytes gone" \
    "$PY" -c "
import sys, xml.etree.ElementTree as E
r = E.parse('$T/hostile.svg').getroot()
notes = [' '.join(t.itertext()) for t in r.iter('{http://www.w3.org/2000/svg}text') if t.get('class') == 'note']
segs = [g for g in r.iter('{http://www.w3.org/2000/svg}g') if g.get('class', '').startswith('seg')]
ok = len(segs) == 6 and any('[31m<svg onload=alert(1)>&amp;\"' in n for n in notes) \
     and any('</text></svg><!--&' in n for n in notes) and not any(c < ' ' for n in notes for c in n)
sys.exit(not ok)"
[ $fails -eq 0 ]
