#!/bin/sh
# `synfin report`: one self-contained HTML page. Here, what the page holds
# as written (no browser): the table has one row a connection, each drawn
# connection one arrow a segment with its detail and bytes, a field's byte
# span points at the bytes that hold its value, nothing reaches for the
# network, packet bytes cannot end the script element they sit in, and
# the errors are one line with the right exit status. The pages in a real
# browser: t_report_browser.sh.
TEST=t_report; . "$(dirname "$0")/lib.sh"
need_scenarios
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# The page's structure, read with Python's HTML parser: JSON with the table's
# stream numbers, the sections drawn, the arrows (frame numbers) of each, and
# the detail object (gzip, base64, in a script element).
cat > "$T/page.py" <<'PY'
import base64, gzip, html.parser, json, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows, self.sections, self.cur, self.script, self.frames = [], {}, None, None, None
        self.steps, self.step_on = {}, False
    def handle_starttag(self, tag, a):
        a = dict(a)
        cls = (a.get('class') or '').split()
        if tag == 'tr' and 'data-stream' in a: self.rows.append(int(a['data-stream']))
        if tag == 'section' and 'conn' in cls:
            self.cur = int(a['data-stream']); self.sections[self.cur] = []; self.steps[self.cur] = []
        if tag == 'g' and 'seg' in cls and self.cur is not None: self.sections[self.cur].append(int(a['data-frame']))
        if tag == 'text' and 'step' in cls: self.step_on = True
        if tag == 'script' and a.get('id') == 'frames': self.script = ''
    def handle_endtag(self, tag):
        if tag == 'script' and self.script is not None and self.frames is None:
            self.frames = json.loads(gzip.decompress(base64.b64decode(self.script)))
        if tag == 'text': self.step_on = False
        if tag == 'section': self.cur = None
    def handle_data(self, d):
        if self.script is not None and self.frames is None: self.script += d
        if self.step_on and self.cur is not None: self.steps[self.cur].append(d)
p = P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
json.dump({'rows': p.rows, 'sections': p.sections, 'steps': p.steps, 'frames': p.frames}, sys.stdout)
PY
page() { $PY "$T/page.py" "$1" > "$T/page.json" 2> "$T/page.err"; }
q() { $PY -c "import json,sys; d=json.load(open('$T/page.json')); print($1)"; }

for f in "$S"/*.pcap; do
    b=$(basename "$f" .pcap)
    if ! "$SYNFIN" report -r "$f" -w "$T/$b.html" 2> "$T/err" || [ -s "$T/err" ] || ! page "$T/$b.html"; then
        nok "$b: report written and parsed ($(head -c 200 "$T/err" "$T/page.err" | tr '\n' ' '))"
        continue
    fi
    conns=$("$SYNFIN" conns -r "$f" -T json | wc -l)
    check "$b: one table row a connection ($conns)" [ "$(q "len(d['rows'])")" = "$conns" ]
    drawn=$((conns < 200 ? conns : 200))
    check "$b: the first $drawn connections drawn" [ "$(q "sorted(int(k) for k in d['sections'])")" = \
        "$($PY -c "print(list(range($drawn)))")" ]
    # Each drawn connection: its frames, in order, exactly (up to the bound).
    "$SYNFIN" -r "$f" -Y "tcp.stream < $drawn" -T fields -e tcp.stream -e frame.number > "$T/frames.txt"
    check "$b: one arrow a segment, in capture order" $PY - "$T/page.json" "$T/frames.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); want = {}
for l in open(sys.argv[2]):
    s, n = l.split(); want.setdefault(s, []).append(int(n))
got = {k: v for k, v in d['sections'].items()}
sys.exit(0 if got == {k: v[:10000] for k, v in want.items()} else 1)
PY
    check "$b: every arrow has its detail and bytes" [ "$(q "all(str(n) in d['frames'] for v in d['sections'].values() for n in v)")" = True ]
    if grep -Eiq '(src|href|action)="?(https?:)?//|url\((["'"'"']?)(https?:)?//|@import' "$T/$b.html"; then
        nok "$b: nothing on the page reaches for the network"
    else
        ok "$b: nothing on the page reaches for the network"
    fi
done

# The seed: the article's steps, in order, on the ladder of hello.pcap, each
# the segment's synfin.step. (Seven; six when the server's FIN carried the
# ACK of the client's, "teardown 2+3/4", as the kernel often sends it.)
page "$T/hello.html"
steps=$(q "d['steps']['0']")
want=$("$SYNFIN" -r "$S/hello.pcap" -Y 'tcp.stream == 0 && synfin.step' -T fields -e synfin.step |
    $PY -c "import sys; print([l.rstrip('\n') for l in sys.stdin])")
check "hello: each step label is its segment's synfin.step" [ "$steps" = "$want" ]
case "$steps" in
"['handshake 1/3', 'handshake 2/3', 'handshake 3/3', 'teardown 1/4', 'teardown 2/4', 'teardown 3/4', 'teardown 4/4']" |\
"['handshake 1/3', 'handshake 2/3', 'handshake 3/3', 'teardown 1/4', 'teardown 2+3/4', 'teardown 4/4']")
    ok "hello: the ladder's step labels are the article's" ;;
*) nok "hello: the ladder's step labels are the article's"; echo "#   $steps" ;;
esac

# The byte view: a line's span holds the bytes of its value (checked on
# fields with one place on the wire, in every frame of hello and lossy).
for b in hello lossy; do
    page "$T/$b.html"
    check "$b: each field line's bytes are the field's wire bytes" $PY - "$T/page.json" <<'PY'
import base64, json, sys
d = json.load(open(sys.argv[1])); bad = checked = 0
for n, f in d['frames'].items():
    if n == '_': continue
    caplen, b64, lines = f
    raw = base64.b64decode(b64)
    for l in lines:
        if len(l) < 3: continue
        text, off, ln = l[0].strip(), l[1], l[2]
        if off + ln > len(raw) or ln <= 0: bad += 1; continue
        v = int.from_bytes(raw[off:off + ln], 'big')
        for label, want in (('Source Port: ', None), ('Destination Port: ', None), ('Sequence Number (raw): ', None),
                            ('Acknowledgment number (raw): ', None), ('Time to Live: ', None), ('Window: ', None)):
            if text.startswith(label):
                checked += 1
                if int(text[len(label):].split()[0]) != v: bad += 1
print('# %d field lines checked, %d wrong' % (checked, bad))
sys.exit(0 if checked > 0 and bad == 0 else 1)
PY
done

# Packet bytes cannot close the script element that holds them, nor reach
# the page as markup: an HTTP request line made of HTML.
$PY - > "$T/hostile.pcap" <<PY
import sys; sys.path.insert(0, '$here/tools'); import mkhttp
mkhttp.conversation([('c', b'GET /</script><script>document.title="pwned"</script><img src=x onerror=alert(1)> HTTP/1.1\r\nHost: x\x1b]0;pwned\x07\xff\r\n\r\n\x1b[31m'),
                     ('s', b'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n<b>x</b>')])
PY
"$SYNFIN" report -r "$T/hostile.pcap" -w "$T/hostile.html"
check "hostile: the page has only its own script elements" [ "$(grep -o '<script' "$T/hostile.html" | wc -l)" = \
    "$(grep -o '</script>' "$T/hostile.html" | wc -l)" ]
check "hostile: no payload markup on the page" sh -c "! grep -q '<img src=x' '$T/hostile.html'"
check "hostile: no raw control byte on the page" sh -c "! grep -q \"\$(printf '\\033')\" '$T/hostile.html'"
check "hostile: the page parses, detail included (valid UTF-8 JSON)" page "$T/hostile.html"
check "hostile: -V writes no control byte of the Host header (full URI escaped)" \
    sh -c "! '$SYNFIN' -r '$T/hostile.pcap' -V | grep -q \"\$(printf '[\\033\\007]')\""

# The page is written whole and renamed into place: -w naming the capture
# is refused, a capture cut short still gets the page of what was read
# (status 2), and a run that fails leaves an older page as it was.
cp "$S/hello.pcap" "$T/same.pcap"
"$SYNFIN" report -r "$T/same.pcap" -w "$T/same.pcap" 2> "$T/e"
check "-w naming the capture being read: status 2, the capture intact" \
    [ "$?:$(cmp -s "$S/hello.pcap" "$T/same.pcap" && echo same)" = "2:same" ]
head -c $(($(wc -c < "$S/hello.pcap") - 30)) "$S/hello.pcap" > "$T/cut.pcap"
"$SYNFIN" report -r "$T/cut.pcap" -w "$T/cut.html" 2> "$T/e"
rc=$?
check "a capture cut short: status 2, a page of the frames before the cut" \
    [ "$rc:$(grep -o '<g class="seg' "$T/cut.html" 2>/dev/null | wc -l)" = "2:$("$SYNFIN" -r "$T/cut.pcap" 2>/dev/null | wc -l)" ]
cp "$T/hello.html" "$T/keep.html"
"$SYNFIN" report -r "$T/none.pcap" -w "$T/keep.html" 2> /dev/null
check "a failed run leaves the older page as it was" cmp -s "$T/hello.html" "$T/keep.html"
check "no temporary file left beside it" [ "$(ls "$T" | grep -c '^keep.html.')" = 0 ]

# -Y: the connections with a kept frame, each whole; --lang zh.
"$SYNFIN" report -r "$S/many.pcap" -Y 'tcp.stream in {3,5}' -w "$T/y.html" && page "$T/y.html"
check "-Y: only the connections it keeps, in the table and drawn" [ "$(q "(d['rows'], sorted(d['sections']))")" = "([3, 5], ['3', '5'])" ]
n5=$("$SYNFIN" -r "$S/many.pcap" -Y 'tcp.stream == 5' | wc -l)
check "-Y: a kept connection is drawn whole ($n5 segments)" [ "$(q "len(d['sections']['5'])")" = "$n5" ]
"$SYNFIN" report -r "$S/hello.pcap" --lang zh -w "$T/zh.html"
check "--lang zh: the page is in Chinese" grep -q '<html lang="zh">.*\|概览' "$T/zh.html"
check "-w -: the page on standard output" sh -c "'$SYNFIN' report -r '$S/hello.pcap' -w - | cmp -s - '$T/hello.html'"

# Errors: one line, status 2 for usage, 1 for a file that cannot be written.
err() {  # err STATUS WORDS ARGS...: one line on stderr naming WORDS, and STATUS
    want=$1 words=$2; shift 2
    "$SYNFIN" report "$@" > /dev/null 2> "$T/e"
    rc=$?
    [ $rc -eq "$want" ] && [ "$(wc -l < "$T/e")" -eq 1 ] && grep -q -- "$words" "$T/e" || {
        echo "#   status $rc: $(cat "$T/e")"; return 1; }
}
check "no -w: status 2" err 2 "-w FILE" -r "$S/hello.pcap"
check "no -r: status 2" err 2 "-r FILE" -w "$T/x.html"
check "--lang fr: status 2" err 2 "fr" -r "$S/hello.pcap" -w "$T/x.html" --lang fr
# (a filter's error is its line, then the filter and a mark under the place)
"$SYNFIN" report -r "$S/hello.pcap" -w "$T/x.html" -Y 'tcp.nosuch == 1' 2> "$T/e"
check "bad -Y: status 2, the filter's error pointing at the field" [ "$?:$(sed -n 3p "$T/e")" = "2:    ^~~~~~~~~~" ]
check "-Y on standard input: status 2" err 2 "standard input" -r - -w "$T/x.html" -Y tcp < "$S/hello.pcap"
check "-V: status 2" err 2 "do not apply" -r "$S/hello.pcap" -w "$T/x.html" -V
check "-z: status 2 (statistics do not go into a page)" err 2 "do not apply" -r "$S/hello.pcap" -w "$T/x.html" -z conv,tcp
check "unwritable -w: status 1, names the file" err 1 "/nonexistent/x.html" -r "$S/hello.pcap" -w /nonexistent/x.html
check "missing capture: status 2, names it" err 2 "$T/none.pcap" -r "$T/none.pcap" -w "$T/x.html"

# The page's size: bytes a connection (table row) and a segment drawn.
page "$T/lossy.html"
sz=$(wc -c < "$T/lossy.html")
echo "# lossy.pcap: $sz bytes for $(q "sum(len(v) for v in d['sections'].values())") segments drawn"

# Every TCP capture of the corpus makes a page (malformed ones too).
C=${SHARED:-}/corpus/tcpdump
if [ -d "$C" ]; then
    bad=0 n=0
    while read -r _ name; do
        n=$((n + 1))
        "$SYNFIN" report -r "$C/$name" -w "$T/c.html" 2> "$T/ce"
        rc=$?
        if [ $rc -gt 2 ] || grep -q "runtime error\|AddressSanitizer" "$T/ce"; then
            bad=$((bad + 1)); echo "#   $name: status $rc $(head -c 200 "$T/ce")"
        elif [ $rc -eq 0 ] && ! page "$T/c.html"; then
            bad=$((bad + 1)); echo "#   $name: page does not parse: $(tail -1 "$T/page.err")"
        fi
    done < "${SHARED}/corpus/tcpdump-tcp-files.txt"
    check "corpus: a page for each of $n TCP captures, each parsed" [ $bad -eq 0 ]
fi
exit 0
