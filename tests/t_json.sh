#!/bin/sh
# -T json and -T ek against tshark 4.0 on the scenario captures, a few
# corpus files and crafted HTTP conversations: the tree forms equal tshark's restricted to the fields synfin
# has (tests/tools/json_compare.py: same paths, values and order; the payload
# dissectors' layers, data and data-text-lines, are not compared: synfin has
# no fields of theirs), the -e forms byte for byte. -T jsonl: one flat object a line,
# every line JSON, integers and times as numbers.
TEST=t_json; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null || ! command -v python3 > /dev/null; then
    echo "# skip: needs tshark and python3"
    exit 0
fi
cmpjson="python3 $here/tools/json_compare.py"
"$SYNFIN" -G fields > "$T/fields"
skip=data,data-text-lines
# frame.protocols: synfin names only the layers it decodes (tests/fields.txt);
# tcp.ack_tree: the SYN-ACK's TFO expert item, which reads the SYN's stream state.
# data.data, data.len: the payload no dissector takes, a block of -V; the JSON
# tree has no data layer (tshark's, also nested in ICMP, GRE and HTTP, skipped).
ignore=frame.protocols,tcp.ack_tree,data.data,data.len
E="-e frame.number -e frame.time -e eth.src -e ip.src -e ipv6.dst -e tcp.srcport -e tcp.port -e tcp.flags.syn
   -e tcp.flags.str -e tcp.options -e tcp.options.sack_le -e tcp.analysis -e tcp.analysis.ack_rtt -e tcp.payload
   -e http.request.line -e http.file_data"
corpus=""
for f in arcnet-rfc1201-arp-icmp-http.pcap bgp-lu-multiple-labels.pcap print-flags.pcap tcp_rst_data.pcap \
         gso-ipv4-vxlan-ipv4.pcap kday4.pcap accecn_handshake.pcap rpki-rtr-oobr.pcap dns_tcp.pcap \
         tfo-5c1fa7f9ae91.pcap mptcp-fclose.pcap quic_32_bit_pointer_overflow.pcap; do
    [ -s "$SHARED/corpus/tcpdump/$f" ] && corpus="$corpus $SHARED/corpus/tcpdump/$f"
done
# HTTP conversations crafted to reach the desegmentation's paths (t_http.sh),
# and one with what JSON must escape in a URI, a header and a body
crafted=""
for c in body3 pipeline continuation untilfin nobody retrans heuristic escapes; do
    python3 "$here/tools/mkhttp.py" $c > "$T/mkhttp-$c.pcap" && crafted="$crafted $T/mkhttp-$c.pcap"
done
# the tunnel headers' fields, whole and cut at every byte (mkpcap.py)
python3 "$here/tools/mkpcap.py" tunnel-headers > "$T/tunnel-headers.pcap" && crafted="$crafted $T/tunnel-headers.pcap"
# Link-level encapsulations (mkpcap.py): MPLS stacks, 802.1ad, 802.1ah,
# VN-Tag and frames cut in each (an IPv4 header cut after its first byte
# shows what was captured of it, as tshark's). Known: encaps-link frame
# 78's tcp.options of a TCP header cut in its options ("<MISSING>" where
# tshark has "").
# ICMP and ICMPv6 errors: the quoted IP, TCP and UDP headers nested in the
# error's layer (tests/tools/mkpcap.py); IPv4 and IPv6 fragments: the
# fragment tree (ip.fragments, ipv6.fragments) of the frame that completes
# a datagram, its overlaps and a conflict (ip.fragment.error); encaps: PPPoE
# lengths that end inside the IP header (no IP field past them);
# icmp-tunnel: tunnels in an ICMP error's quote (GRE's layers nested in the
# error's, what a quoted UDP carries at the root, as tshark nests them); UDP
# conversations: udp.stream, the Timestamps subtree, udp.payload;
# bad-options: each option-length note under its length, a SACK block begun
# and not ended, unknown kinds' payloads
for c in icmp-quoted icmp-tunnel encaps encaps-mpls encaps-link ipv4-frag ipv4-frag-flags ipv6-frag udp-conv \
    bad-options; do
    python3 "$here/tools/mkpcap.py" $c > "$T/$c.pcap" && crafted="$crafted $T/$c.pcap"
done
for f in "$S"/*.pcap $corpus $crafted; do
    b=$(basename "$f")
    known=0
    case $b in encaps-link.pcap) known=1 ;; esac
    # tcp.segment_data of a payload another dissector than HTTP reassembles
    # (kday4's frame 5, RPKI-RTR; tfo-5c1fa7f9ae91's frame 13, a TFO SYN's data)
    case $b in kday4.pcap|tfo-5c1fa7f9ae91.pcap) known=1 ;; esac
    tshark -r "$f" -T json > "$T/t.json" 2> /dev/null
    "$SYNFIN" -r "$f" -T json > "$T/s.json" 2> "$T/err"
    got=$($cmpjson json "$T/fields" "$T/t.json" "$T/s.json" $skip $ignore | tail -1)
    check "$b: -T json is tshark's tree for synfin's fields ($got, known $known)" [ "$got" = "frames $(grep -c '^  {$' "$T/t.json") differing $known" ]
    tshark -r "$f" -T ek > "$T/t.ek" 2> /dev/null
    "$SYNFIN" -r "$f" -T ek > "$T/s.ek" 2> "$T/err"
    # http-chunked.pcap, mkhttp-pipeline.pcap: the chunked response's "HTTP chunked response" item,
    # left out of synfin's tree (its chunks' fields are not synfin's), joins
    # the "text" array of its http object under ek
    want=0
    case $b in http-chunked.pcap|mkhttp-pipeline.pcap|encaps-link.pcap|kday4.pcap|tfo-5c1fa7f9ae91.pcap) want=1 ;; esac
    # bad-options.pcap: User Timeout and Accurate ECN options (kinds 28, 172,
    # 174: 6 frames each), which synfin has no field for, have their kind and
    # length in the tcp object under ek
    case $b in bad-options.pcap) want=12 ;; esac
    got=$($cmpjson ek "$T/fields" "$T/t.ek" "$T/s.ek" $skip $ignore | tail -1)
    check "$b: -T ek is tshark's for synfin's fields ($got, known $want)" [ "$got" = "frames $(($(wc -l < "$T/t.ek") / 2)) differing $want" ]
    # Info and the layers' titles (a protocol's -e value): on the scenarios'
    # frames, all TCP; the corpus's other frames (ARP ...) are not synfin's
    e=$E
    case $f in "$S"/*) e="$E -e _ws.col.Info -e tcp -e ip -e ipv6 -e http" ;; esac
    # shellcheck disable=SC2086
    tshark -r "$f" -T json $e > "$T/t.je" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$f" -T json $e > "$T/s.je"
    check "$b: -T json -e is tshark's byte for byte" cmp -s "$T/t.je" "$T/s.je"
    # shellcheck disable=SC2086
    tshark -r "$f" -T ek $e > "$T/t.ee" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$f" -T ek $e > "$T/s.ee"
    check "$b: -T ek -e is tshark's byte for byte" cmp -s "$T/t.ee" "$T/s.ee"
done

# The layers found by their place in the walk, on the crafted tunnel and
# link captures: GTP-U, Teredo, AYIYA, LLC and 802.11 compared alone (those
# captures' UDP and IP layers have differences of their own, not these).
for c in encaps-tunnel encaps-link encaps-fddi; do
    python3 "$here/tools/mkpcap.py" $c > "$T/$c.pcap"
    for m in json ek; do
        tshark -r "$T/$c.pcap" -T $m > "$T/t.$m" 2> /dev/null
        "$SYNFIN" -r "$T/$c.pcap" -T $m > "$T/s.$m"
        got=$(ONLY_LAYERS=gtp,teredo,ayiya,llc,wlan $cmpjson $m "$T/fields" "$T/t.$m" "$T/s.$m" $skip $ignore | tail -1)
        if [ $m = json ]; then n=$(grep -c '^  {$' "$T/t.json"); else n=$(($(wc -l < "$T/t.ek") / 2)); fi
        check "$c: -T $m's GTP, Teredo, AYIYA, LLC and 802.11 layers are tshark's ($got)" [ "$got" = "frames $n differing 0" ]
    done
done

H=$S/http-keepalive.pcap
check "-T json with no frame kept: [] as tshark" \
    sh -c "[ \"\$('$SYNFIN' -r '$H' -T json -Y 'frame.number == 0' | od -c)\" = \"\$(tshark -r '$H' -T json -Y 'frame.number == 0' 2>/dev/null | od -c)\" ]"
check "-T json: _index is the frame's local date, as tshark (TZ=America/Los_Angeles)" \
    sh -c "TZ=America/Los_Angeles '$SYNFIN' -r '$H' -T ek -e tcp.srcport | head -1 > '$T/tz.s' && TZ=America/Los_Angeles tshark -r '$H' -T ek -e tcp.srcport 2>/dev/null | head -1 > '$T/tz.t' && cmp -s '$T/tz.s' '$T/tz.t'"

"$SYNFIN" -r "$H" -T jsonl > "$T/l.json"
check "-T jsonl: one object a frame, each line JSON, integers and times numbers, addresses strings" \
    python3 -c "
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == $("$SYNFIN" -r "$H" | wc -l)
for l in lines:
    o = json.loads(l)
    assert isinstance(o['frame.number'], int) and isinstance(o['tcp.srcport'], int)
    assert isinstance(o['frame.time_epoch'], float) and isinstance(o['tcp.flags.syn'], int)
    assert isinstance(o['ip.src'], str) and isinstance(o['tcp.flags'], str)
    assert isinstance(o['tcp.port'], list) and all(isinstance(p, int) for p in o['tcp.port'])
" "$T/l.json"
check "-T jsonl: a request line's CR LF escaped" grep -q '"http.request.line":\["Host: localhost\\u000d\\u000a"' "$T/l.json"

"$SYNFIN" -r "$H" -T xml > /dev/null 2> "$T/bad"; rc=$?
check "-T xml: status 2, the values named" sh -c "[ $rc -eq 2 ] && grep -q 'expected fields, json, ek, jsonl or text' '$T/bad'"
"$SYNFIN" -r "$H" -T jsonl -e tcp.srcport > /dev/null 2> "$T/bad"; rc=$?
check "-T jsonl -e: status 2" sh -c "[ $rc -eq 2 ] && grep -q -- '-e goes with -T fields, -T json or -T ek' '$T/bad'"
"$SYNFIN" conns -r "$H" -T ek > /dev/null 2> "$T/bad"; rc=$?
check "conns -T ek: status 2" [ $rc -eq 2 ]
[ $fails -eq 0 ]
