#!/bin/sh
# -V against tshark 4.0's -V on the scenario captures (real kernel traffic):
# each block named below must be tshark's line for line, once synfin's own
# lines (step and states: tests/tools/vblocks.py's SYNFIN_ONLY) are left
# out. tshark runs with -n: synfin shows MAC addresses as numbers, as
# tshark does without name resolution.
TEST=t_vtree; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null || ! command -v python3 > /dev/null; then
    echo "# skip: needs tshark and python3"
    exit 0
fi

# The block titles compared, a line each; a block not listed here is not yet
# tshark's line for line.
cat > "$T/titles" <<'EOF'
Internet Protocol Version 4
Internet Protocol Version 6
Frame 
Ethernet II
Transmission Control Protocol
Data (
Hypertext Transfer Protocol
Line-based text data
EOF

for c in "$S"/*.pcap; do
    name=$(basename "$c" .pcap)
    tshark -n -r "$c" -V > "$T/$name.tv" 2> /dev/null
    "$SYNFIN" -r "$c" -V > "$T/$name.sv"
done
# tally exact|seqack TITLE NAME...: vblocks.py on each NAME's .tv and .sv,
# the TITLE blocks whole or their [SEQ/ACK analysis] sub-trees; sets
# compared, differ and first (the first mismatch).
tally() {
    mode=$1 title=$2
    shift 2
    compared=0 differ=0 first=
    for name in "$@"; do
        if [ "$mode" = exact ]; then
            got=$(python3 "$here/tools/vblocks.py" --exact "$T/$name.tv" "$T/$name.sv" "$title")
        else
            got=$(python3 "$here/tools/vblocks.py" --subtree "    [SEQ/ACK analysis]" "$T/$name.tv" "$T/$name.sv" "$title")
        fi
        # shellcheck disable=SC2046
        set -- $(echo "$got" | tail -n 1)         # "N blocks (subtrees) compared, M differ"
        compared=$((compared + $1))
        if [ "$4" != 0 ]; then
            differ=$((differ + $4))
            [ -n "$first" ] || first="$name: $(echo "$got" | head -n 16 | tr '\n' '|')"
        fi
    done
}
# differing NAME: the lines by which NAME's -V, without synfin's own lines,
# differs from tshark's (0: byte for byte the same).
differing() {
    python3 "$here/tools/vblocks.py" --own-out "$T/$1.sv" > "$T/$1.own-out"
    if cmp -s "$T/$1.tv" "$T/$1.own-out"; then echo 0; else diff "$T/$1.tv" "$T/$1.own-out" | grep -c '^[<>]'; fi
}

scen=$(for c in "$S"/*.pcap; do basename "$c" .pcap; done)
while IFS= read -r title; do
    # shellcheck disable=SC2086
    tally exact "$title" $scen
    # a title no capture shows would compare nothing and prove nothing
    check "-V's \"$title\" blocks are tshark's line for line ($compared compared, $differ differ) $first" \
        [ "$differ" = 0 -a "$compared" -gt 0 ]
done < "$T/titles"

# And the whole of -V, every block of every frame in order, on each capture.
bad=
for name in $scen; do
    n=$(differing "$name")
    [ "$n" = 0 ] || bad="$bad $name ($n lines)"
done
check "-V is tshark -n -V's, byte for byte but for synfin's own lines, on every scenario capture:$bad" [ -z "$bad" ]

# The TCP block's "[SEQ/ACK analysis]" sub-tree on its own, line for line (a
# frame that has it on one side only differs): on the scenarios and on a
# crafted connection that raises every analysis flag (mkpcap.py seq-analysis:
# duplicate ACKs, fast, spurious and plain retransmissions with the RTO, a
# zero window and its probe, keep-alives, reused ports...).
python3 "$here/tools/mkpcap.py" seq-analysis > "$T/seq-analysis.pcap"
tshark -n -r "$T/seq-analysis.pcap" -V > "$T/crafted-seq-analysis.tv" 2> /dev/null
"$SYNFIN" -r "$T/seq-analysis.pcap" -V > "$T/crafted-seq-analysis.sv"
# shellcheck disable=SC2086
tally seqack "Transmission Control Protocol" $scen crafted-seq-analysis
check "-V's [SEQ/ACK analysis] sub-trees are tshark's line for line ($compared compared, $differ differ) $first" \
    [ "$differ" = 0 -a "$compared" -gt 0 ]
# ... the whole of its -V is tshark's too (a fast retransmission's bytes go
# to data, a spurious one's and an out-of-order one's to no dissector) ...
n=$(differing crafted-seq-analysis)
check "seq-analysis: -V is tshark -n -V's byte for byte but for synfin's own lines ($n lines differ)" [ "$n" = 0 ]
# Options of wrong lengths and cut ones (mkpcap.py bad-options): their
# notes, a SACK block begun and not ended, an option that throws ("[Malformed
# Packet: TCP]", and no name in the Options title), unknown kinds. Not yet
# the Multipath TCP and experimental options' own trees: frames with those
# are left out on both sides.
python3 "$here/tools/mkpcap.py" bad-options > "$T/bad-options.pcap"
notyet='!(tcp.option_kind in {30, 253, 254})'
tshark -n -r "$T/bad-options.pcap" -Y "$notyet" -V > "$T/crafted-bad-options.tv" 2> /dev/null
"$SYNFIN" -r "$T/bad-options.pcap" -Y "$notyet" -V > "$T/crafted-bad-options.sv"
n=$(differing crafted-bad-options)
frames=$(grep -c '^Frame ' "$T/crafted-bad-options.tv")
check "bad-options: -V is tshark -n -V's byte for byte but for synfin's own lines ($frames frames, $n lines differ)" \
    [ "$n" = 0 -a "$frames" -gt 50 ]
# ... and the crafted capture still raises every flag
missing=
for m in "Duplicate ACK (#3)" "(suspected) fast retransmission" "(suspected) spurious retransmission" \
    "(suspected) retransmission" "The RTO for this segment was" "RTO based on delta from frame" \
    "Previous segment(s) not captured" "ACKed segment that wasn't captured" "TCP Zero Window segment" \
    "TCP Zero Window Probe]" "ACK to a TCP Zero Window Probe" "TCP window update" "TCP keep-alive segment" \
    "ACK to a TCP keep-alive segment" "same ports as an earlier session" "This is a TCP duplicate ack"; do
    grep -qF -- "$m" "$T/crafted-seq-analysis.sv" || missing="$missing [$m]"
done
check "the crafted seq-analysis capture shows every analysis flag in -V$missing" [ -z "$missing" ]
[ $fails -eq 0 ]
