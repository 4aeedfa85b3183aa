#!/bin/sh
# -Y in every mode: what it keeps is printed (summary, -V, -x, -T fields,
# -T jsonl) exactly as without -Y, analysis included (every frame is still
# tracked, as tshark does in one pass); -w writes the kept frames (the file
# is tshark -Y -F pcap -w's, byte for byte); -c counts frames read, kept or
# not (tshark 4.0's -c with -Y: `-c 2 -Y 'tcp.len>0'` prints nothing when
# the first two frames have no payload); conns lists the connections with a
# kept frame, with all their frames counted; ladder draws the first such
# connection, or --stream N if it has one. 12 tshark runs: 40-55 s when
# measured beside other test runs (load 12).
TEST=t_filter_modes; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null 2>&1; then
    echo "# skip: no tshark"
    exit 0
fi
F=$S/lossy.pcap
# Some frames, not all: the FINs and lossy's resent data. A copy resent
# within the first RTT of the highest segment is out of order to Wireshark
# 4.0, not a retransmission, and on loopback most are: one CI capture had 11
# out-of-order segments, no retransmission and no duplicate ACK (its
# receiver's ACKs all moved the window), so X kept only the 2 FINs.
X='tcp.analysis.retransmission || tcp.analysis.out_of_order || tcp.analysis.duplicate_ack || tcp.flags.fin == 1'
tshark -r "$F" -Y "$X" -T fields -e frame.number 2> /dev/null > "$T/kept"
nk=$(wc -l < "$T/kept")
total=$(tshark -r "$F" -T fields -e frame.number 2> /dev/null | wc -l)
check "the test's filter keeps some frames of $F, not all ($nk of $total)" [ "$nk" -gt 2 -a "$nk" -lt "$total" ]

# same_as_unfiltered NAME AWK-SELECT -- ARGS: synfin ARGS -Y X prints what
# synfin ARGS prints for the kept frames. AWK-SELECT prints the lines of the
# frames in the file named by k (one frame number a line) from the full output.
same_as_unfiltered() {
    name=$1 sel=$2; shift 3
    "$SYNFIN" -r "$F" "$@" > "$T/full" 2> /dev/null
    # (the time since the frame shown before differs with -Y, by design)
    awk -v k="$T/kept" "BEGIN { while ((getline n < k) > 0) kept[n] = 1 } $sel" "$T/full" |
        sed '/^    \[Time delta from previous displayed frame: /d' > "$T/want"
    "$SYNFIN" -r "$F" "$@" -Y "$X" > "$T/raw" 2> "$T/err"
    rc=$?
    sed -e 's/"frame.time_delta_displayed":[^,]*,//' -e '/^    \[Time delta from previous displayed frame: /d' "$T/raw" > "$T/got"
    if [ $rc -eq 0 ] && [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"; then
        ok "$name -Y: the kept frames, printed as without -Y"
    else
        nok "$name -Y: the kept frames, printed as without -Y (exit $rc; $(wc -l < "$T/got") lines, want $(wc -l < "$T/want"))"
        diff "$T/want" "$T/got" | head -5 | cut -c1-160 | sed 's/^/#   /'
    fi
}
same_as_unfiltered summary '{ if ($1 in kept) print }' --
same_as_unfiltered -V '/^Frame [0-9]+:/ { n = $2; sub(/:/, "", n); on = n in kept } on' -- -V
same_as_unfiltered -O '/^ +[0-9]+ +[0-9]+\.[0-9]+ / { on = $1 in kept } on' -- -O tcp
# -P -x: the summary line above each dump says whose it is (-x alone
# prints none, as tshark)
same_as_unfiltered "-P -x" '/^ +[0-9]+ +[0-9]+\.[0-9]+ / { on = $1 in kept } on' -- -P -x
same_as_unfiltered "-T fields" '{ if ($1 in kept) print }' -- -T fields -e frame.number -e tcp.seq \
    -e tcp.analysis.ack_rtt -e tcp.analysis.bytes_in_flight -e tcp.analysis.duplicate_ack_num -e _ws.col.Info
# frame.time_delta_displayed is the one value -Y changes (the delta to the
# previous kept frame), so it is left out of the JSON comparison.
same_as_unfiltered "-T jsonl" '{ sub(/"frame.time_delta_displayed":[^,]*,/, ""); n = $0; sub(/^\{"frame.number":/, "", n); sub(/,.*/, "", n); if (n in kept) print }' -- -T jsonl

# The tcp protocol's bytes: the whole segment in a run that shows no tree
# (tshark -Y 'tcp[32:1]' reads the payload), its header in one that does
# (-V, -O, -T fields, json, ek), as tshark has it.
for m in summary fields; do
    if [ $m = summary ]; then set --; else set -- -T fields -e frame.number; fi
    tshark -r "$F" "$@" -Y 'tcp[32:1]' 2> /dev/null | awk '{ print $1 }' > "$T/tcp_$m.want"
    "$SYNFIN" -r "$F" "$@" -Y 'tcp[32:1]' 2> /dev/null | awk '{ print $1 }' > "$T/tcp_$m.got"
    check "-Y 'tcp[32:1]' ($m): the $(wc -l < "$T/tcp_$m.want") frames tshark keeps" cmp -s "$T/tcp_$m.want" "$T/tcp_$m.got"
done
differ() { ! cmp -s "$1" "$2"; }
check "-Y 'tcp[32:1]': the two kinds of run keep different frames" differ "$T/tcp_summary.want" "$T/tcp_fields.want"

# -w: the kept frames only, as tshark writes them
"$SYNFIN" -r "$F" -Y "$X" -w "$T/s.pcap" > "$T/o" 2>&1
tshark -r "$F" -Y "$X" -F pcap -w "$T/t.pcap" > /dev/null 2>&1
check "-w -Y: the file holds the $nk kept frames, byte for byte as tshark -Y -F pcap -w" cmp -s "$T/s.pcap" "$T/t.pcap"
check "-w -Y: nothing printed" [ ! -s "$T/o" ]
"$SYNFIN" -r "$F" -Y "$X" -w "$T/sp.pcap" -P > "$T/o" 2>&1
check "-w -P -Y: the same file, and the kept frames printed" \
    sh -c "cmp -s '$T/s.pcap' '$T/sp.pcap' && [ \$(wc -l < '$T/o') -eq $nk ]"

# -c with -Y: N frames read, as tshark 4.0 counts (not N frames kept)
c=$(sed -n 3p "$T/kept")
tshark -r "$F" -Y "$X" -c "$c" -T fields -e frame.number 2> /dev/null > "$T/want"
"$SYNFIN" -r "$F" -Y "$X" -c "$c" -T fields -e frame.number > "$T/got" 2>&1
check "-c $c -Y: stops after frame $c, as tshark (3 kept frames)" \
    sh -c "cmp -s '$T/want' '$T/got' && [ \$(wc -l < '$T/got') -eq 3 ]"
"$SYNFIN" -r "$F" -Y "$X" -c $((c - 1)) -T fields -e frame.number > "$T/got" 2>&1
check "-c $((c - 1)) -Y: 2 kept frames" [ "$(wc -l < "$T/got")" -eq 2 ]

# -Y "" keeps every frame (as tshark)
"$SYNFIN" -r "$F" -Y "" -T fields -e frame.number > "$T/got" 2>&1
check "-Y '': every frame ($total)" [ "$(wc -l < "$T/got")" -eq "$total" ]

# conns -Y: the connections with a kept frame, all their frames counted
M=$S/many.pcap
# Three client ports of this run's capture (the kernel picks them anew each
# time the scenarios are made): those of streams 5, 10 and 15.
ports=$("$SYNFIN" -r "$M" -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.stream in {5, 10, 15}' \
    -T fields -e tcp.srcport | paste -sd, -)
Y="tcp.srcport in {$ports}"
tshark -r "$M" -Y "$Y" -T fields -e tcp.stream 2> /dev/null | sort -un > "$T/streams"
"$SYNFIN" conns -r "$M" > "$T/all" 2> /dev/null
awk -v k="$T/streams" 'BEGIN { while ((getline n < k) > 0) s[n] = 1 } NR == 1 || ($1 in s)' "$T/all" > "$T/want"
"$SYNFIN" conns -r "$M" -Y "$Y" > "$T/got" 2>&1
check "conns -Y: the rows of streams $(tr '\n' ' ' < "$T/streams")as without -Y" \
    sh -c "[ \$(wc -l < '$T/want') -eq 4 ] && cmp -s '$T/want' '$T/got'"
"$SYNFIN" conns -r "$M" -Y "$Y" -T json > "$T/got" 2>&1
check "conns -T json -Y: 3 objects" [ "$(grep -c '^{' "$T/got")" -eq 3 ]

# ladder -Y: the first connection with a kept frame; --stream N only if it has one
first=$(head -1 "$T/streams")
"$SYNFIN" ladder -r "$M" --stream "$first" > "$T/want" 2>&1
"$SYNFIN" ladder -r "$M" -Y "$Y" > "$T/got" 2>&1
check "ladder -Y: draws stream $first, as ladder --stream $first" \
    sh -c "head -1 '$T/got' | grep -q '^tcp.stream $first:' && cmp -s '$T/want' '$T/got'"
"$SYNFIN" ladder -r "$M" -Y "$Y" --stream "$first" > "$T/got" 2>&1
check "ladder --stream $first -Y: the same drawing" cmp -s "$T/want" "$T/got"
"$SYNFIN" ladder -r "$M" -Y "$Y" --stream 0 > "$T/o" 2> "$T/e"
rc=$?
check "ladder --stream 0 -Y (no kept frame in it): status 2, stderr says so, nothing drawn (got $rc)" \
    sh -c "[ $rc -eq 2 ] && [ ! -s '$T/o' ] && grep -q 'matches -Y' '$T/e'"
"$SYNFIN" ladder -r - -Y "$Y" < "$M" > "$T/o" 2> "$T/e"
rc=$?
check "ladder -r - -Y without --stream: status 2, asks for --stream (got $rc)" \
    sh -c "[ $rc -eq 2 ] && [ ! -s '$T/o' ] && grep -q -- '--stream' '$T/e'"
[ $fails -eq 0 ]
