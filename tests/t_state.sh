#!/bin/sh
# SYN records (src/track/synrec.h): a stream whose only frame is one pure SYN
# is kept in 44 bytes (68 with IPv6) and made whole again, by tracking its SYN
# once more, when its flow sends another frame or the streams are listed.
# Frozen streams (src/track/freeze.h): a stream closed and quiet for 60 s of
# capture time, or idle for 300 s, is set aside in a spill file and a
# 32-byte record (56 with IPv6), and thawed byte for byte by its next frame
# or the listing at the end.
# The output must not change. SYNFIN_STATE_STRESS=1 makes every such stream
# a record on the next frame and freezes every stream it can on every
# frame; =off keeps every stream whole. Every output below must be
# byte-identical in the two on the files below, and on late.pcap and
# late-frames.pcap also in the default (records once 1,024 newer streams
# were made; frozen after 60 s or 300 s):
#   - late.pcap (tests/tools/mkpcap.py late-syns): 78 lone SYNs of 13 kinds
#     (options, window scale 0/7/14/15 or none, window 0, ack set, odd
#     flags, AccECN, IPv6; with data or SACK blocks: never records), 1,100
#     other SYNs, and an hour later a handshake and request, an RST, the
#     same SYN, a new ISN, a SYN from the other side, or nothing (and a
#     SYN on reused ports, answered an hour later);
#   - late-frames.pcap (mkpcap.py late-frames): eight connections closed,
#     then 120 s later each sends again (a FIN again, data again, a
#     duplicate ACK, an RST, a SYN with the same ISN, a new ISN, a new
#     request; one over IPv6), and one idle for 400 s before a second
#     request: the late frames reach frozen streams (SYNFIN_STATE_STATS=1
#     says how many are frozen, and tshark must agree on them);
#   - reuse-frozen.pcap: 300 connections from 10 ports, each port used again
#     after its last stream was frozen (those must be frozen again);
#   - odd-time-syn: a SYN whose time reads as negative nanoseconds (it must
#     stay whole), then data before its next sequence number;
#   - the scenario captures and the corpus's TCP files, when there.
# Then tshark must agree with synfin on late.pcap and late-frames.pcap; peak
# RSS on 200,000 SYNs must be at most 40 MiB with records and over 100 MiB
# without them; and on 100,000 short connections over 500 s (many.pcap
# copied 500 times a second apart, bench/multiply.c) at most 40 MiB with
# freezing and over 60 MiB without.
TEST=t_state; . "$(dirname "$0")/lib.sh"
mk=$here/tools/mkpcap.py
python3 "$mk" late-syns > "$T/late.pcap" || { nok "mkpcap.py late-syns"; exit 1; }

fieldargs=$("$SYNFIN" -G fields | awk -F'\t' '{ printf " -e %s", $1 }')
# One mode a line; the first, empty, is the summary; "report" writes a page.
modes="
-V
-T fields$fieldargs -E occurrence=a
-q -z conv,tcp -z expert
conns
conns -T json
conns -T zeek
conns -Y tcp.window_size_value==0
ladder --stream 3
report"
printf '%s\n' "$modes" > "$T/modes"

# run STRESS FILE MODE: the mode's output on stdout
# (sh has no local variables: run_sub and run_args are run's own)
run() {
    run_sub=""
    run_args=$3
    case $run_args in conns*|ladder*|report*) run_sub=${run_args%% *}; run_args=${run_args#"$run_sub"} ;; esac
    if [ "$run_sub" = report ]; then
        SYNFIN_STATE_STRESS=$1 "$SYNFIN" report -r "$2" -w "$T/page.html" > /dev/null 2>&1 && cat "$T/page.html"
    elif [ "$run_args" = " -T zeek" ]; then
        # without the #open and #close lines: they hold the time of the run
        SYNFIN_STATE_STRESS=$1 "$SYNFIN" conns -C -r "$2" -T zeek 2>&1 | grep -v '^#open\|^#close'
    else
        # shellcheck disable=SC2086
        SYNFIN_STATE_STRESS=$1 "$SYNFIN" $run_sub -r "$2" $run_args 2>&1
    fi
}

# same FILE STRESS...: every mode gives the same bytes with records never
# and with each STRESS ("1": at once; "": by default)
same() {
    bad=""
    same_file=$1
    shift
    while IFS= read -r m; do
        run off "$same_file" "$m" > "$T/off" < /dev/null
        for st in "$@"; do
            run "$st" "$same_file" "$m" > "$T/on" < /dev/null
            cmp -s "$T/off" "$T/on" || bad="$bad
#   '$m' with SYNFIN_STATE_STRESS='$st': $(diff "$T/off" "$T/on" | sed -n 2p | cut -c1-100)"
        done
    done < "$T/modes"
    [ -z "$bad" ] && return 0
    echo "$bad" | head -n 4
    return 1
}

check "late.pcap: every output the same with SYN records at once, by default and with none" same "$T/late.pcap" 1 ""
python3 "$mk" odd-time-syn > "$T/odd-time.pcap"
check "odd-time-syn.pcap (a SYN's time with negative nanoseconds): every output the same" same "$T/odd-time.pcap" 1
python3 "$mk" late-frames > "$T/late-frames.pcap"
check "late-frames.pcap: every output the same with streams frozen at once, by default and never" \
    same "$T/late-frames.pcap" 1 ""
# state_stats STRESS FILE: "streams frozen spilled", from SYNFIN_STATE_STATS's line
state_stats() {
    SYNFIN_STATE_STRESS=$1 SYNFIN_STATE_STATS=1 "$SYNFIN" -r "$2" 2>&1 > /dev/null |
        sed -n 's/.*state: \([0-9]*\) streams, \([0-9]*\) frozen at the end, \([0-9]*\) bytes spilled.*/\1 \2 \3/p'
}
for st in "" 1; do
    state_stats "$st" "$T/late-frames.pcap" > "$T/stats"
    read -r streams frozen spilled < "$T/stats"
    # by default: the connections not sent to again stay frozen; spilled: every one frozen at least once
    check "late-frames.pcap (stress '${st:-default}'): streams were frozen ($frozen of $streams at the end, $spilled bytes spilled)" \
        sh -c "[ '${frozen:-0}' -ge 2 ] && [ '${spilled:-0}' -gt 3000 ]"
done
# Ports used again after their last stream was frozen: the new SYN thaws
# the old stream, opens a new one, and the old one must be frozen again.
python3 "$mk" reuse-frozen > "$T/reuse-frozen.pcap"
check "reuse-frozen.pcap: every output the same with streams frozen at once, by default and never" \
    same "$T/reuse-frozen.pcap" 1 ""
state_stats "" "$T/reuse-frozen.pcap" > "$T/stats"
read -r streams frozen spilled < "$T/stats"
check "reuse-frozen.pcap: streams thawed by a reused port are frozen again ($frozen of $streams at the end, at least 280)" \
    [ "${frozen:-0}" -ge 280 ]
check "late.pcap: the case is exercised (late answers reach streams made whole again)" \
    sh -c "'$SYNFIN' -r '$T/late.pcap' -T fields -e frame.number -e tcp.analysis.ack_rtt -e tcp.stream |
           awk -F'\t' '\$1 > 1181 && \$2 > 3599 && \$3 < 79 { n++ } END { exit !(n >= 12) }'"

files=""
S=${SYNFIN_SCEN:-}
[ -n "$S" ] && [ -s "$S/hello.pcap" ] && files=$(ls "$S"/*.pcap)
list=${SHARED:-$here/../../shared}/corpus/tcpdump-tcp-files.txt
n=0
if [ -s "$list" ]; then
    dir=$(dirname "$list")/tcpdump
    files="$files $(awk -v d="$dir" '{ print d "/" $2 }' "$list")"
fi
bad=""
for f in $files; do
    [ -s "$f" ] || continue
    n=$((n + 1))
    # By default no file here makes records (none has 1,025 streams): "1" alone differs from "off".
    out=$(same "$f" 1) || bad="$bad
# $(basename "$f"):$out"
done
if [ $n -eq 0 ]; then
    echo "# skip: no scenario captures and no corpus"
elif [ -z "$bad" ]; then
    ok "every output the same with SYN records at once and with none: $n captures"
else
    nok "every output the same with SYN records: $(echo "$bad" | head -n 10)"
fi

if [ "${SYNFIN_SANITIZED:-0}" != 1 ] && command -v tshark > /dev/null; then
    cols="-e tcp.stream -e tcp.seq -e tcp.ack -e tcp.nxtseq -e tcp.window_size -e tcp.window_size_scalefactor
          -e tcp.completeness -e tcp.time_relative -e tcp.time_delta -e tcp.analysis.flags
          -e tcp.analysis.retransmission -e tcp.analysis.reused_ports -e tcp.analysis.acks_frame
          -e tcp.analysis.ack_rtt -e tcp.analysis.initial_rtt -e tcp.analysis.rto -e tcp.analysis.rto_frame
          -e tcp.analysis.bytes_in_flight"
    # shellcheck disable=SC2086
    tshark -n -r "$T/late.pcap" -T fields $cols > "$T/t.tsv" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$T/late.pcap" -T fields $cols > "$T/s.tsv"
    check "late.pcap: tshark agrees on streams, numbers, times and analysis ($(wc -l < "$T/t.tsv") frames)" \
        sh -c "[ -s '$T/t.tsv' ] && cmp -s '$T/t.tsv' '$T/s.tsv' || { diff '$T/t.tsv' '$T/s.tsv' | head -n 4 | sed 's/^/# /'; false; }"
    hcols="$cols -e http.request.uri -e http.response_for.uri -e http.request_in -e http.time -e _ws.col.Info"
    # shellcheck disable=SC2086
    tshark -n -r "$T/late-frames.pcap" -T fields $hcols > "$T/t.tsv" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$T/late-frames.pcap" -T fields $hcols > "$T/s.tsv"
    check "late-frames.pcap: tshark agrees on the frames after the freeze ($(wc -l < "$T/t.tsv") frames, HTTP and Info too)" \
        sh -c "[ -s '$T/t.tsv' ] && cmp -s '$T/t.tsv' '$T/s.tsv' || { diff '$T/t.tsv' '$T/s.tsv' | head -n 4 | sed 's/^/# /'; false; }"

    python3 "$mk" syns 200000 > "$T/flood.pcap"
    rss() {
        SYNFIN_STATE_STRESS=$1 python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$SYNFIN" $2 -r "$T/flood.pcap"
    }
    for sub in "" conns; do
        on=$(rss "" "$sub") off=$(rss off "$sub")
        check "200,000 lone SYNs: synfin${sub:+ $sub} -r peaks at ${on} MiB with records (at most 40), ${off} MiB without (over 100)" \
            sh -c "[ '${on:-999}' -le 40 ] && [ '${off:-0}' -gt 100 ]"
    done
    if [ -s "${SYNFIN_SCEN:-}/many.pcap" ] && cc -O2 -o "$T/multiply" "$here/../bench/multiply.c"; then
        "$T/multiply" "$SYNFIN_SCEN/many.pcap" 500 4009 "$T/flood.pcap" 1000
        for sub in "" conns; do
            on=$(rss "" "$sub") off=$(rss off "$sub")
            check "100,000 connections over 500 s: synfin${sub:+ $sub} -r peaks at ${on} MiB with freezing (at most 40), ${off} MiB without (over 60)" \
                sh -c "[ '${on:-999}' -le 40 ] && [ '${off:-0}' -gt 60 ]"
        done
    else
        echo "# skip: 100,000 connections over 500 s: no scenario captures"
    fi
fi
[ $fails -eq 0 ]
