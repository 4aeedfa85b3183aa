#!/bin/sh
# HTTP as single-pass tshark 4.0 shows it, beyond what t_tshark.sh compares
# on the corpus: crafted conversations (tests/tools/mkhttp.py) that reach
# every path of the desegmentation (a body in three segments, a request line
# cut in two, pipelining, chunked, Continuation, a body that ends with the
# FIN, HEAD/304/204/100, a retransmission, the heuristic on port 4000)
# compared with tshark on Protocol, Info and every HTTP field; display
# filters on HTTP fields against tshark -Y; hostile input and a message over
# the 4 MiB cap, which must not crash, stall or hold memory past the cap.
TEST=t_http; . "$(dirname "$0")/lib.sh"
mk=$here/tools/mkhttp.py
if ! command -v python3 >/dev/null 2>&1; then
    echo "# skip: python3 is needed to write the captures"
    exit 0
fi
cases="body3 pipeline continuation untilfin nobody retrans heuristic malformed overcap"
for c in $cases; do
    python3 "$mk" $c > "$T/$c.pcap" || nok "mkhttp.py $c"
done
# The HTTP fields of the registry, and the columns.
hf=$("$SYNFIN" -G fields | awk -F'\t' '$1 ~ /^(http|tcp\.segment|tcp\.reassembled)/ { printf " -e %s", $1 }')
cols="-e frame.number -e _ws.col.Protocol -e _ws.col.Info"

# Hostile input: synfin ends in time, exit 0, no sanitizer report.
for c in malformed overcap; do
    for how in "-V" "-T fields $cols $hf" "-T json" "-T ek" "-T jsonl"; do
        label=$(echo "$how" | cut -d" " -f1-2)
        # shellcheck disable=SC2086
        timeout 60 "$SYNFIN" -r "$T/$c.pcap" $how > "$T/$c.out" 2> "$T/$c.err"
        rc=$?
        check "$c, $label: synfin exits 0 in time (status $rc)" [ $rc -eq 0 ]
        check "$c, $label: no sanitizer report" sh -c "! grep -q 'runtime error\|Sanitizer' '$T/$c.err'"
    done
done
# Over the cap: the message is given up, its segments stay TCP segments of
# a PDU, and synfin holds no more than the cap (and its own few MiB).
timeout 60 "$SYNFIN" -r "$T/overcap.pcap" -T fields $cols > "$T/overcap.fields" 2>&1
check "overcap: 81 server segments shown as [TCP segment of a reassembled PDU], none as HTTP but the request" \
    awk -F'\t' '$3 ~ /\[TCP segment of a reassembled PDU\]$/ { seg++ } $2 == "HTTP" { http++ }
        END { exit !(seg == 81 && http == 1) }' "$T/overcap.fields"
if [ -x /usr/bin/time ] && [ "${SYNFIN_SANITIZED:-0}" != 1 ]; then   # ASan's shadow memory is no measure
    /usr/bin/time -f '%M' -o "$T/overcap.rss" "$SYNFIN" -r "$T/overcap.pcap" -T fields -e http.file_data > /dev/null 2>&1
    check "overcap: peak memory under 40 MiB ($(cat "$T/overcap.rss") KiB)" [ "$(cat "$T/overcap.rss")" -lt 40960 ]
fi

if ! command -v tshark >/dev/null 2>&1; then
    echo "# skip: no tshark to compare with"
    [ $fails -eq 0 ]; exit
fi
# Every crafted case (but the hostile ones) and hello.pcap: the same
# Protocol, Info and HTTP fields as tshark, frame by frame.
files=""
for c in body3 pipeline continuation untilfin nobody retrans heuristic; do files="$files $T/$c.pcap"; done
[ -n "${SYNFIN_SCEN:-}" ] && [ -s "$SYNFIN_SCEN/hello.pcap" ] && files="$files $SYNFIN_SCEN/hello.pcap"
for f in $files; do
    b=$(basename "$f" .pcap)
    # shellcheck disable=SC2086
    tshark -r "$f" -T fields -E occurrence=a $cols $hf > "$T/$b.t" 2>/dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$f" -T fields -E occurrence=a $cols $hf > "$T/$b.s" 2>&1
    if cmp -s "$T/$b.t" "$T/$b.s" && [ -s "$T/$b.t" ]; then
        ok "$b: Protocol, Info and HTTP fields as tshark ($(wc -l < "$T/$b.t") frames)"
    else
        nok "$b: Protocol, Info and HTTP fields as tshark"
        diff "$T/$b.t" "$T/$b.s" | head -n 6 | cut -c1-200 | sed 's/^/#   /'
    fi
done
# -V: the HTTP part (TCP's reassembled segments and each "Hypertext
# Transfer Protocol" tree, up to the body's own dissector) as tshark -V's,
# on hello, the corpus's HTTP captures and the cases whose bodies all have a
# Content-Type (tshark's "Data" dissector for the others is not there).
part() { awk '/^Frame [0-9]+:/ { fr = $2 } /^\[[0-9]+ Reassembled TCP Segments/ || /^Hypertext Transfer Protocol/ { on = 1 }
    /^(Line-based|eXtensible|Media Type)/ || /^$/ { on = 0 } on { print fr " " $0 }'; }
vfiles="$T/body3.pcap $T/untilfin.pcap $T/nobody.pcap $T/heuristic.pcap"
[ -n "${SYNFIN_SCEN:-}" ] && [ -s "$SYNFIN_SCEN/hello.pcap" ] && vfiles="$vfiles $SYNFIN_SCEN/hello.pcap"
corpus=${SHARED:-}/corpus/tcpdump
for c in print-flags.pcap arcnet-rfc1201-arp-icmp-http.pcap arcnet-rfc1051-arp-icmp-http.pcap \
         ipv4_tcp_http_xml_tso.pcap ipv4_tcp_http_xml.pcap accecn_handshake.pcap; do
    [ -r "$corpus/$c" ] && vfiles="$vfiles $corpus/$c"
done
for f in $vfiles; do
    b=$(basename "$f" .pcap)
    tshark -r "$f" -V 2>/dev/null | part > "$T/$b.vt"
    "$SYNFIN" -r "$f" -V | part > "$T/$b.vs"
    if cmp -s "$T/$b.vt" "$T/$b.vs" && [ -s "$T/$b.vt" ]; then
        ok "$b: -V's HTTP part as tshark's ($(wc -l < "$T/$b.vt") lines)"
    else
        nok "$b: -V's HTTP part as tshark's"
        diff "$T/$b.vt" "$T/$b.vs" | head -n 6 | cut -c1-200 | sed 's/^/#   /'
    fi
done
# Display filters on HTTP fields: the same frames as tshark -Y.
set -f
while IFS= read -r flt; do
    case $flt in ''|'#'*) continue ;; esac
    for f in $files; do
        tshark -r "$f" -Y "$flt" -T fields -e frame.number > "$T/y.t" 2>/dev/null
        "$SYNFIN" -r "$f" -Y "$flt" -T fields -e frame.number > "$T/y.s" 2>&1
        if ! cmp -s "$T/y.t" "$T/y.s"; then
            echo "#   $(basename "$f"): -Y '$flt': tshark $(tr '\n' ' ' < "$T/y.t"), synfin $(tr '\n' ' ' < "$T/y.s")"
            echo x >> "$T/y.bad"
        fi
        cat "$T/y.t" >> "$T/y.all"
    done
done <<'FILTERS'
http
!http && tcp.len > 0
http.request
http.response
http.request.method == "GET"
http.request.method == "HEAD"
http.response.code == 200
http.response.code >= 300
http.content_length > 5
http.content_type contains "text"
http.host == "x"
http.request.uri matches "^/[a-c]$"
http.file_data contains "hello"
http.request_in
http.time > 0.5
tcp.segment.count >= 3
tcp.segment == 5
tcp.reassembled.length > 20
http.response_for.uri == "http://x/a"
http.response.phrase == "Not Found"
FILTERS
set +f
check "-Y on HTTP fields: the frames tshark keeps, in every case" [ ! -e "$T/y.bad" ]
check "-Y on HTTP fields: the filters keep frames at all ($(wc -l < "$T/y.all") kept)" [ "$(wc -l < "$T/y.all")" -gt 50 ]
[ $fails -eq 0 ]
