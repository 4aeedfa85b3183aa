#!/bin/sh
# `synfin report` in a real browser: Debian's chromium, headless, driven by
# tests/tools/browse.py. For each scenario capture's page, with scripts on:
# one arrow a segment drawn, one table row a connection, one tseq and one
# throughput point a data segment, no script error, no request to the
# network, a screenshot that is not blank; with scripts off: the same
# arrows and rows (plain SVG and HTML). Then the seed's steps, a click's
# detail and byte highlight (through #frame-N@OFF), 10,000 connections,
# the lossy transfer in time, dark, phone-width, print and Chinese.
# The page is the same whatever build wrote it, so this runs once, with
# the plain build.
TEST=t_report_browser; . "$(dirname "$0")/lib.sh"
need_scenarios
if [ "${SYNFIN_SANITIZED:-0}" = 1 ]; then
    echo "# skip: the browser checks run with the plain build (t_report.sh checks the page under sanitizers)"
    exit 0
fi
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
B="$PY $here/tools/browse.py"
if ! $B --find > /dev/null; then
    if [ "$(id -u)" -eq 0 ]; then
        nok "chromium is installed (scripts/deps.sh test installs it)"
    else
        echo "# skip: no chromium (as root, scripts/deps.sh test installs it)"
    fi
    exit 0
fi

# j FILE EXPR: a value from browse.py's JSON (d) as Python prints it.
j() { $PY -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# The figures one page must show: rows, arrows, data points.
expect() {  # expect CAPTURE: sets rows drawn segs data
    rows=$("$SYNFIN" conns -r "$1" -T json | wc -l)
    drawn=$((rows < 200 ? rows : 200))
    segs=$("$SYNFIN" -r "$1" -Y "tcp.stream < $drawn" | wc -l)
    data=$("$SYNFIN" -r "$1" -Y "tcp.stream < $drawn && tcp.len > 0" | wc -l)
}

browse_page() {  # browse_page NAME HTML [browse.py options]: $T/NAME.json
    n=$1 html=$2; shift 2
    $B --wait-ready --count 'g.seg' --count '#conns tbody tr' --count 'svg.graph[data-kind=tseq] .pt' \
        --count 'svg.graph[data-kind=tput] .pt' "$@" "$html" > "$T/$n.json" 2> "$T/$n.err"
}

for f in "$S"/*.pcap; do
    b=$(basename "$f" .pcap)
    "$SYNFIN" report -r "$f" -w "$T/$b.html" || { nok "$b: report written"; continue; }
    expect "$f"
    if ! browse_page "$b" "$T/$b.html" --shot "1280x1000=$T/$b.png"; then
        nok "$b: the page opens in chromium ($(j "$T/$b.json" "d.get('error')" 2>/dev/null || head -c 300 "$T/$b.err"))"
        continue
    fi
    got=$(j "$T/$b.json" "[d['scripts']['counts'][k] for k in ('g.seg', '#conns tbody tr', 'svg.graph[data-kind=tseq] .pt', 'svg.graph[data-kind=tput] .pt')]")
    check "$b: one arrow a segment ($segs), one row a connection ($rows), a tseq and a throughput point a data segment ($data)" \
        [ "$got" = "[$segs, $rows, $data, $data]" ] || echo "#   got $got"
    check "$b: no script error, initialised" [ "$(j "$T/$b.json" "(d['scripts']['script_errors'], d['scripts']['errors_attr'], d['scripts']['ready'])")" = "(0, None, '1')" ]
    check "$b: no request to the network" [ "$(j "$T/$b.json" "d['scripts']['requests'] + d['noscript']['requests']")" = "[]" ]
    check "$b: with scripts off, the same arrows and rows" \
        [ "$(j "$T/$b.json" "[d['noscript']['counts'][k] for k in ('g.seg', '#conns tbody tr')]")" = "[$segs, $rows]" ]
    check "$b: the screenshot is not blank" [ "$(j "$T/$b.json" "d['shots'][0]['blank']")" = False ]
done

# The seed connection: the article's steps, from synfin.step, in the browser.
want=$("$SYNFIN" -r "$S/hello.pcap" -Y 'tcp.stream == 0 && synfin.step' -T fields -e synfin.step |
    $PY -c "import sys; print([l.rstrip('\n') for l in sys.stdin])")
browse_page hello-steps "$T/hello.html" --list 'section.conn text.step'
check "hello: the ladder's steps in the browser are synfin.step's" \
    [ "$(j "$T/hello-steps.json" "d['scripts']['lists']['section.conn text.step']")" = "$want" ]

# A click: frame 4's detail, and the field at byte 38 (the sequence number:
# 14 Ethernet + 20 IPv4 + 4) lit in the tree and in both columns of the
# byte view.
$B --wait-ready --no-noscript --fragment 'frame-4@38' --count '.tree div' --count '.tree div.on' \
    --count 'pre.hex span.on' --list '.tree div.on' "$T/hello.html" > "$T/click.json" 2> "$T/click.err"
check "hello #frame-4@38: the detail tree is shown" [ "$(j "$T/click.json" "d['scripts']['counts']['.tree div'] > 30")" = True ]
check "hello #frame-4@38: the sequence number's line and its 4 bytes (hex and text) are lit" \
    [ "$(j "$T/click.json" "(d['scripts']['counts']['.tree div.on'], d['scripts']['counts']['pre.hex span.on'], d['scripts']['lists']['.tree div.on'][0].split(':')[0].strip())")" = \
      "(1, 8, 'Sequence Number')" ] || echo "#   $(j "$T/click.json" "d['scripts']['lists']")"

# The lossy transfer: every arrow and point, within the harness's time limit.
expect "$S/lossy.pcap"
$B --wait-ready --no-noscript --count 'g.seg.lost' "$T/lossy.html" > "$T/lost.json"
retrans=$(resent_data "$S/lossy.pcap")
check "lossy: lost arrows drawn iff data was sent twice ($retrans)" \
    [ "$(j "$T/lost.json" "d['scripts']['counts']['g.seg.lost'] > 0")" = "$([ "$retrans" -gt 0 ] && echo True || echo False)" ]
echo "# lossy.pcap: $segs segments, page opened in $(j "$T/lossy.json" "d['timing']['scripts']") s (scripts on)"

# 10,000 connections: every row there, one page of 100 shown.
$PY "$here/tools/mkpcap.py" conns 10000 > "$T/c10k.pcap"
"$SYNFIN" report -r "$T/c10k.pcap" -w "$T/c10k.html"
$B --wait-ready --count '#conns tbody tr' --count '#conns tbody tr[hidden]' --count 'g.seg' "$T/c10k.html" > "$T/c10k.json"
check "10,000 connections: 10,000 rows, 100 shown a page, 200 ladders of 7 arrows" \
    [ "$(j "$T/c10k.json" "(d['scripts']['counts']['#conns tbody tr'], d['scripts']['counts']['#conns tbody tr[hidden]'], d['scripts']['counts']['g.seg'], d['scripts']['script_errors'])")" = "(10000, 9900, 1400, 0)" ]
echo "# 10,000 connections: $(wc -c < "$T/c10k.html") bytes, opened in $(j "$T/c10k.json" "d['timing']['scripts']") s"

# Dark, phone width, print, Chinese: each drawn, none blank.
"$SYNFIN" report -r "$S/hello.pcap" --lang zh -w "$T/zh.html"
$B --wait-ready --no-noscript --shot "1280x1200,dark=$T/dark.png" --shot "390x1200=$T/phone.png" \
    --shot "1280x1200,print=$T/print.png" "$T/http-lost.html" > "$T/looks.json"
check "http-lost: dark, 390 px wide and print screenshots are not blank" \
    [ "$(j "$T/looks.json" "[s['blank'] for s in d['shots']]")" = "[False, False, False]" ]
check "http-lost: the dark scheme is dark" [ "$(j "$T/looks.json" "d['shots'][0]['background']")" != "#ffffff" ]
$B --wait-ready --no-noscript --shot "1280x1000=$T/zh.png" --list 'h2' "$T/zh.html" > "$T/zh.json"
check "--lang zh: the page is in Chinese, not blank" \
    [ "$(j "$T/zh.json" "(d['scripts']['lists']['h2'][0], d['shots'][0]['blank'])")" = "('概览', False)" ]
exit 0
