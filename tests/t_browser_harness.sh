#!/bin/sh
# Self-tests of tests/tools/browse.py, the headless-Chromium harness the
# report's tests use, on small pages written here: counts with scripts on and
# off, script errors, blank and drawn screenshots, a request to the network,
# the time limit, and no browser process left behind. Needs /usr/bin/python3
# and Chromium; skipped without them unless root (scripts/deps.sh test
# installs them as root, so there a missing browser is a failure).
TEST=t_browser_harness; . "$(dirname "$0")/lib.sh"

# synfin plays no part here: once, in the plain pass, is enough.
if [ "${SYNFIN_SANITIZED:-0}" = 1 ]; then
    echo "# skip: the browser harness does not run synfin (tested in the plain pass)"
    exit 0
fi
PY=/usr/bin/python3
B=$here/tools/browse.py
if [ ! -x "$PY" ] || ! "$PY" "$B" --find > "$T/chromium" 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "# skip: no chromium or no $PY (scripts/deps.sh test installs them as root)"
        exit 0
    fi
    nok "chromium and $PY are installed (scripts/deps.sh test)"
    exit 1
fi
echo "# browser: $(cat "$T/chromium")"

# The harness's profile and HOME go under $T, so that no process naming $T
# may be left at the end (other tests may run browsers of their own).
TMPDIR=$T
export TMPDIR

"$PY" "$B" --selftest > "$T/selftest.out" 2>&1
check "selector matcher and PNG decoder self-test" grep -q '"selftest": "ok"' "$T/selftest.out"

# val FILE EXPR: a Python expression on the JSON in FILE (as d).
val() {
    "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2" 2>&1
}
is() {  # is DESCRIPTION FILE EXPR WANT
    got=$(val "$2" "$3")
    if [ "$got" = "$4" ]; then ok "$1"; else nok "$1: $3 is $got, want $4"; fi
}
browse() {  # browse NAME ARGS...: run the harness on $T/NAME.html into $T/NAME.json
    n=$1; shift
    # timeout(1) in case the harness's own time limit were broken.
    timeout -k 5 120 "$PY" "$B" "$@" "$T/$n.html" > "$T/$n.json" 2> "$T/$n.err"
    rc=$?
    echo "# $n: exit $rc, $(val "$T/$n.json" "d['timing']")"
    alive=$(ours)
    [ "$alive" -eq 0 ] || echo "$n:$alive" >> "$T/left"
    return $rc
}
ours() {  # how many processes name the harness's temporary directories
    "$PY" -c '
import os, sys
n = 0
for p in os.listdir("/proc"):
    if p.isdigit() and int(p) != os.getpid():
        try:
            n += (sys.argv[1] + "/browse.").encode() in open("/proc/%s/cmdline" % p, "rb").read()
        except OSError:
            pass
print(n)' "$T"
}
: > "$T/left"

# 1. Three segments in an inline SVG, no script: 3 with scripts and without;
#    no error, no request; drawn, so its screenshots are not blank.
cat > "$T/static.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>static</title></head><body>
<section class="conn" id="conn-0" data-stream="0">
<svg class="ladder" viewBox="0 0 400 300" width="100%" style="max-width:400px">
<rect x="0" y="0" width="400" height="300" fill="#e7e6ff"/>
<g class="seg" data-frame="1" data-i="0"><line x1="20" y1="20" x2="380" y2="60" stroke="#12272e" stroke-width="3"/><text class="step" x="30" y="30">handshake 1/3</text></g>
<g class="seg" data-frame="2" data-i="1"><line x1="380" y1="80" x2="20" y2="120" stroke="#12272e" stroke-width="3"/><text class="step" x="30" y="90">handshake 2/3</text></g>
<g class="seg lost" data-frame="3" data-i="2"><line x1="20" y1="140" x2="200" y2="160" stroke="#a40000" stroke-width="3"/></g>
</svg></section>
<section class="conn" id="conn-1"><svg><g class="seg" data-frame="9"></g></svg></section>
<p>Connections: 2</p></body></html>
EOF
browse static --count 'section#conn-0 g.seg' --count 'g.seg' --count 'g.seg.lost' \
    --list 'section#conn-0 text.step' --list 'g.seg@data-frame' --dom-out "$T/static.dom" \
    --shot "1280x2000=$T/static-wide.png" --shot "390x1200=$T/static-narrow.png"
check "static page opened (exit 0, no error)" [ $rc -eq 0 ]
is "3 g.seg in section#conn-0 with scripts" "$T/static.json" "d['scripts']['counts']['section#conn-0 g.seg']" 3
is "3 g.seg in section#conn-0 without scripts" "$T/static.json" "d['noscript']['counts']['section#conn-0 g.seg']" 3
is "4 g.seg in the page" "$T/static.json" "d['scripts']['counts']['g.seg']" 4
is "1 g.seg.lost" "$T/static.json" "d['scripts']['counts']['g.seg.lost']" 1
is "step labels listed in order" "$T/static.json" "d['scripts']['lists']['section#conn-0 text.step']" "['handshake 1/3', 'handshake 2/3']"
is "data-frame values listed" "$T/static.json" "d['noscript']['lists']['g.seg@data-frame']" "['1', '2', '3', '9']"
is "no script error on a page without script" "$T/static.json" "(d['scripts']['script_errors'], d['scripts']['exceptions'])" "(0, [])"
is "no request from a self-contained page" "$T/static.json" "d['scripts']['requests'] + d['noscript']['requests']" "[]"
is "drawn page: 1280x2000 screenshot not blank" "$T/static.json" "(d['shots'][0]['width'], d['shots'][0]['height'], d['shots'][0]['blank'])" "(1280, 2000, False)"
is "drawn page: 390x1200 screenshot not blank" "$T/static.json" "(d['shots'][1]['width'], d['shots'][1]['height'], d['shots'][1]['blank'])" "(390, 1200, False)"
check "screenshots written as PNG" sh -c 'head -c 8 "$1" | od -An -c | grep -q "P   N   G"' sh "$T/static-narrow.png"
# The figures of the written file (decoded again) are those reported.
"$PY" "$B" --png "$T/static-wide.png" "$T/static-narrow.png" > "$T/png.json"
is "--png gives the reported figures" "$T/static.json" \
    "[(s['colours'], s['nonbg_fraction']) for s in d['shots']] == [(p['colours'], p['nonbg_fraction']) for p in json.load(open('$T/png.json'))]" True
check "--dom-out wrote both DOMs" grep -q 'class="seg lost"' "$T/static.dom" "$T/static.dom.noscript"
is "no browser process left (self-reported)" "$T/static.json" "(d['leftover_processes'], d['killed_after_close'])" "(0, 0)"

# 2. A script adds segments (2 at once, 3 after a timer, then data-ready):
#    counted only with scripts; the same counts on a second run.
cat > "$T/script.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<svg id="s" viewBox="0 0 100 100"><g class="seg"></g><g class="seg"></g></svg>
<script>
function add(n) {
    var s = document.getElementById('s');
    for (var i = 0; i < n; i++) {
        var g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
        g.setAttribute('class', 'seg added');
        s.appendChild(g);
    }
}
add(2);
setTimeout(function () { add(3); document.documentElement.dataset.ready = "1"; }, 300);
</script></body></html>
EOF
browse script --wait-ready --count g.seg --count g.added
is "script-added elements counted with scripts (2 + 2 + 3)" "$T/script.json" "d['scripts']['counts']" "{'g.seg': 7, 'g.added': 5}"
is "not counted with scripts off" "$T/script.json" "d['noscript']['counts']" "{'g.seg': 2, 'g.added': 0}"
is "data-ready seen with scripts, not without" "$T/script.json" "(d['scripts']['ready'], d['scripts']['ready_waited'], d['noscript']['ready'])" "('1', True, None)"
cp "$T/script.json" "$T/script-1.json"
browse script --wait-ready --count g.seg --count g.added
is "second run: same counts" "$T/script.json" \
    "(d['scripts']['counts'], d['noscript']['counts']) == (lambda e: (e['scripts']['counts'], e['noscript']['counts']))(json.load(open('$T/script-1.json')))" True

# 3. A page that throws (and logs with console.error): errors reported, also
#    through the page's own window.onerror record (data-errors).
cat > "$T/throw.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>throws</p>
<script>
window.onerror = function (m) {
    var d = document.documentElement.dataset;
    d.errors = (d.errors || '') + m + '\n';
};
console.error('synfin-console-error');
document.getElementById('missing').textContent = 'x';
</script></body></html>
EOF
browse throw --no-noscript
is "uncaught exception reported" "$T/throw.json" "len(d['scripts']['exceptions']) == 1 and 'TypeError' in d['scripts']['exceptions'][0]" True
is "console.error reported" "$T/throw.json" "d['scripts']['console_errors']" "['synfin-console-error']"
is "script_errors counts both" "$T/throw.json" "d['scripts']['script_errors']" 2
is "the page's data-errors read from the DOM" "$T/throw.json" "'TypeError' in (d['scripts']['errors_attr'] or '')" True

# 4. A blank page: its screenshots are blank, white, one colour.
printf '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>\n' > "$T/blank.html"
browse blank --no-noscript --shot "1280x2000=$T/blank-wide.png" --shot "390x1200=$T/blank-narrow.png"
is "blank page: both screenshots blank" "$T/blank.json" "[(s['blank'], s['colours'], s['background']) for s in d['shots']]" "[(True, 1, '#ffffff'), (True, 1, '#ffffff')]"
# ... and in the dark scheme a page that follows it is dark, not blank-white.
cat > "$T/dark.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body { background: #fff; color: #000; font: 40px sans-serif; }
@media (prefers-color-scheme: dark) { body { background: #111; color: #eee; } }
</style></head><body><p>SYN, SYN-ACK, ACK: handshake 1/3 2/3 3/3.</p><p>FIN, ACK, FIN, ACK: teardown.</p></body></html>
EOF
browse dark --no-noscript --shot "600x400=$T/dark-light.png" --shot "600x400,dark=$T/dark-dark.png"
is "colour scheme: light then dark background" "$T/dark.json" "[s['background'] for s in d['shots']]" "['#ffffff', '#111111']"
is "text drawn in both schemes (not blank)" "$T/dark.json" "[s['blank'] for s in d['shots']]" "[False, False]"

# 5. A request to the network is reported, and fails. Nothing leaves, not
#    even for a listener on loopback (browse.py's blocked URLs, host
#    resolver rules and proxy would all three have to let it through).
"$PY" -c '
import os, socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
s.settimeout(60)
n = 0
try:
    while True:
        s.accept()
        n += 1
        open(sys.argv[2], "w").write(str(n))
except OSError:
    pass' "$T/port" "$T/conns" &
listener=$!
i=0; while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$T/port" 2>/dev/null)
cat > "$T/net.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><img src="http://example.invalid/x.png" alt="">
<img src="http://127.0.0.1:$port/y.png" alt=""></body></html>
EOF
browse net
kill "$listener" 2>/dev/null; wait "$listener" 2>/dev/null
is "network requests reported, with scripts and without" "$T/net.json" "[[r['url'] for r in d[k]['requests']] for k in ('scripts', 'noscript')]" "[['http://example.invalid/x.png', 'http://127.0.0.1:$port/y.png'], ['http://example.invalid/x.png', 'http://127.0.0.1:$port/y.png']]"
is "the requests failed" "$T/net.json" "all(r['failed'] for k in ('scripts', 'noscript') for r in d[k]['requests'])" True
check "no connection reached the loopback listener on port $port" \
    sh -c '[ -n "$1" ] && [ ! -e "$2" ]' sh "$port" "$T/conns"

# 6. A page that never finishes: the time limit kills the browser.
printf '<!DOCTYPE html><html><body><p>spin</p><script>for (;;) {}</script></body></html>\n' > "$T/spin.html"
browse spin --timeout 5 --no-noscript
check "time limit: exit 3" [ $rc -eq 3 ]
is "time limit: reported as a timeout, within 15 s" "$T/spin.json" "d['error'].startswith('timeout') and d['timing']['total'] < 15" True
is "time limit: no process left" "$T/spin.json" "d['leftover_processes']" 0

# Nothing of ours was still running when a run ended (an independent look
# at the process table: the browser would quit by itself soon after the
# harness exits, closing the pipe, so this looks at once).
check "no process left by any run (left:$(tr "\n" " " < "$T/left"))" [ ! -s "$T/left" ]
check "every temporary directory removed" sh -c '! ls -d "$1"/browse.* 2>/dev/null' sh "$T"

[ $fails -eq 0 ]
