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
Data (
EOF

for c in "$S"/*.pcap; do
    name=$(basename "$c" .pcap)
    tshark -n -r "$c" -V > "$T/$name.tv" 2> /dev/null
    "$SYNFIN" -r "$c" -V > "$T/$name.sv"
done
while IFS= read -r title; do
    compared=0 differ=0 first=
    for c in "$S"/*.pcap; do
        name=$(basename "$c" .pcap)
        got=$(python3 "$here/tools/vblocks.py" --exact "$T/$name.tv" "$T/$name.sv" "$title")
        last=$(echo "$got" | tail -n 1)          # "N blocks compared, M differ"
        set -- $last
        compared=$((compared + $1))
        if [ "$4" != 0 ]; then
            differ=$((differ + $4))
            [ -n "$first" ] || first="$name: $(echo "$got" | head -n 12 | tr '\n' '|')"
        fi
    done
    # a title no capture shows would compare nothing and prove nothing
    check "-V's \"$title\" blocks are tshark's line for line ($compared compared, $differ differ) $first" \
        [ "$differ" = 0 -a "$compared" -gt 0 ]
done < "$T/titles"

# TCP's block but for its [SEQ/ACK analysis] sub-tree, left out on both
# sides: the options' values, the expert items on the flags, the payload's
# lines ("TCP segment data", "Retransmitted TCP segment data").
compared=0 differ=0 first=
for c in "$S"/*.pcap; do
    name=$(basename "$c" .pcap)
    got=$(python3 "$here/tools/vblocks.py" --exact --drop "    [SEQ/ACK analysis]" "$T/$name.tv" "$T/$name.sv" \
          "Transmission Control Protocol")
    set -- $(echo "$got" | tail -n 1)
    compared=$((compared + $1))
    if [ "$4" != 0 ]; then
        differ=$((differ + $4))
        [ -n "$first" ] || first="$name: $(echo "$got" | head -n 12 | tr '\n' '|')"
    fi
done
check "-V's TCP blocks, [SEQ/ACK analysis] left out, are tshark's line for line ($compared compared, $differ differ) $first" \
    [ "$differ" = 0 -a "$compared" -gt 0 ]
[ $fails -eq 0 ]
