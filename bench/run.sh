#!/bin/sh
# Speed against tcpdump and tshark, side by side in one run, on the same
# capture file: about a million frames of real kernel traffic (the lossy bulk
# transfer and the 200 short connections of tests/scenarios, repeated).
#   make bench            (bench/run.sh build/synfin)
# Prints seconds per tool (medians of 3 runs; of 5 rounds run in turn for the
# rows issue 12's targets read) and the ratios, then issue 12's
# speed targets, each MET or NOT MET; callgrind instruction counts with
# BENCH_CALLGRIND=1.
set -eu
SYNFIN=$(readlink -f "${1:-build/synfin}")
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../scripts/deps.sh" test
command -v tcpdump >/dev/null 2>&1 || {
    if [ "$(id -u)" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump >/dev/null
    else echo "bench: run: sudo apt-get install -y tcpdump" >&2; exit 1; fi
}
work=${BENCH_DIR:-/tmp/synfin-bench}
mkdir -p "$work"
big=$work/big.pcap
if [ ! -s "$big" ]; then
    [ -s "$work/scen/many.pcap" ] || sh "$here/../tests/scenarios/make.sh" "$work/scen" lossy many >/dev/null
    set --
    i=0
    while [ $i -lt 200 ]; do set -- "$@" "$work/scen/lossy.pcap" "$work/scen/many.pcap"; i=$((i + 1)); done
    mergecap -a -F pcap -w "$big" "$@"
fi
frames=$(capinfos -c -M "$big" | awk '/Number of packets/ {print $NF}')
echo "bench: $big: $frames frames, $(du -m "$big" | cut -f1) MiB"

# milliseconds one run of a command takes
ms() { t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
# milliseconds for one command, the median of three runs (the file stays
# in the page cache after the first)
best() {
    for _ in 1 2 3; do ms "$@"; done | sort -n | sed -n 2p
}
# Side by side: ROUNDS rounds of the named shell functions in turn, so a
# slow spell of this machine (its speed moves by half within minutes) falls
# on every tool of a row alike; prints each one's median milliseconds, in
# the order given. Used for the rows issue 12's targets read.
ROUNDS=5
rounds() {
    for fn in "$@"; do : > "$work/times.$fn"; done
    i=0
    while [ $i -lt $ROUNDS ]; do
        for fn in "$@"; do ms "$fn" >> "$work/times.$fn"; done
        i=$((i + 1))
    done
    for fn in "$@"; do sort -n "$work/times.$fn" | sed -n "$(( (ROUNDS + 1) / 2 ))p"; done
}
fmt() { awk -v ms="$1" 'BEGIN { printf "%.3f s", ms / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }'; }

echo
printf '%-44s %12s %12s %12s\n' "job" "synfin" "tcpdump" "tshark"
summary_synfin() { "$SYNFIN" -r "$big"; }
summary_tcpdump() { tcpdump -nr "$big"; }
summary_tshark() { tshark -n -r "$big"; }
# shellcheck disable=SC2046
set -- $(rounds summary_synfin summary_tcpdump summary_tshark); s=$1 d=$2 w=$3
printf '%-44s %12s %12s %12s\n' "summary line a frame" "$(fmt $s)" "$(fmt $d)" "$(fmt $w)"
printf '%-44s %12s %12s %12s\n' "  synfin faster by" "" "$(ratio $d $s)" "$(ratio $w $s)"
sum_s=$s sum_d=$d
F="-e frame.number -e ip.src -e tcp.srcport -e tcp.dstport -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.len -e tcp.flags.str -e tcp.window_size"
# shellcheck disable=SC2086
fields_synfin() { "$SYNFIN" -r "$big" -T fields $F; }
# shellcheck disable=SC2086
fields_tshark() { tshark -n -r "$big" -T fields $F; }
# shellcheck disable=SC2046
set -- $(rounds fields_synfin fields_tshark); s=$1 w=$2
printf '%-44s %12s %12s %12s\n' "-T fields (10 fields)" "$(fmt $s)" "-" "$(fmt $w)"
printf '%-44s %12s %12s %12s\n' "  synfin faster by" "" "" "$(ratio $w $s)"
fld_s=$s fld_w=$w
# The connection table against tshark's, and against reading the file.
conns_synfin() { "$SYNFIN" conns -r "$big"; }
conns_tshark() { tshark -n -q -r "$big" -z conv,tcp; }
conns_cat() { cat "$big"; }
# shellcheck disable=SC2046
set -- $(rounds conns_synfin conns_tshark conns_cat); s=$1 w=$2 c=$3
printf '%-44s %12s %12s %12s\n' "conns / -q -z conv,tcp" "$(fmt $s)" "-" "$(fmt $w)"
printf '%-44s %12s %12s %12s\n' "  synfin faster by" "" "" "$(ratio $w $s)"
printf '%-44s %12s\n' "  cat of the file" "$(fmt $c)"
conv_s=$s conv_w=$w conv_c=$c
s=$(best "$SYNFIN" -r "$big" -f 'tcp[tcpflags] & tcp-syn != 0'); d=$(best tcpdump -nr "$big" 'tcp[tcpflags] & tcp-syn != 0')
printf '%-44s %12s %12s %12s\n' "-f 'tcp[tcpflags] & tcp-syn != 0'" "$(fmt $s)" "$(fmt $d)" "-"
printf '%-44s %12s %12s %12s\n' "  synfin faster by" "" "$(ratio $d $s)" ""
# Display filters: the cost of -Y against the same run without it, and tshark -Y.
n=$(best "$SYNFIN" -r "$big" -T fields -e frame.number)
for Y in 'tcp.flags.syn==1' 'tcp.port in {4000, 4009} && tcp.len > 0 && !tcp.analysis.retransmission'; do
    s=$(best "$SYNFIN" -r "$big" -Y "$Y" -T fields -e frame.number); w=$(best tshark -n -r "$big" -Y "$Y" -T fields -e frame.number)
    printf '%-44s %12s %12s %12s\n' "-Y '$(echo "$Y" | cut -c1-38)'" "$(fmt $s)" "-" "$(fmt $w)"
    printf '%-44s %12s %12s %12s\n' "  synfin faster by" "" "" "$(ratio $w $s)"
    printf '%-44s %12s\n' "  -Y against no filter ($(fmt $n))" "$(ratio $s $n)"
done
# Issue 12's speed targets: the ratio each job reaches, against its target.
target() {   # JOB AGAINST MS-A MS-B TARGET: the ratio A/B against ">=N" or "<=N"
    awk -v job="$1" -v vs="$2" -v a="$3" -v b="$4" -v t="$5" 'BEGIN {
        r = b > 0 ? a / b : 0; n = substr(t, 3) + 0
        met = substr(t, 1, 2) == ">=" ? r >= n : r <= n
        # two decimals near a small target, so 2.52x does not read as 2.5x
        printf (n <= 10 ? "%-26s %-28s %8.2fx %8s  %s\n" : "%-26s %-28s %8.1fx %8s  %s\n"),
               job, vs, r, t, (met ? "MET" : "NOT MET") }'
}
echo
echo "speed targets ($(date +%Y-%m-%d), $(nproc) cores)"
printf '%-26s %-28s %9s %8s  %s\n' "job" "against" "ratio" "target" ""
target "summary lines" "tcpdump -nr" "$sum_d" "$sum_s" ">=10"
target "-T fields (10 fields)" "tshark -T fields" "$fld_w" "$fld_s" ">=50"
target "conns" "tshark -q -z conv,tcp" "$conv_w" "$conv_s" ">=100"
target "conns, time over cat's" "cat of the file" "$conv_s" "$conv_c" "<=2.5"

if [ "${BENCH_CALLGRIND:-0}" = 1 ] && command -v valgrind >/dev/null 2>&1; then
    head -c 20000000 "$big" > "$work/small.pcap"
    for cmd in "$SYNFIN -r $work/small.pcap" "tcpdump -nr $work/small.pcap"; do
        n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd 2>&1 >/dev/null | awk '/Collected/ {print $NF}')
        echo "callgrind instructions, $cmd: $n"
    done
fi

# A million connections in one file: the 200 short connections of
# tests/scenarios copied 5000 times, each copy from its own client address.
mil=$work/million.pcap
if [ ! -s "$mil" ]; then
    cc -O2 -o "$work/multiply" "$here/multiply.c"
    "$work/multiply" "$work/scen/many.pcap" 5000 4009 "$mil"
fi
echo
echo "bench: $mil: 1000000 connections, $(du -m "$mil" | cut -f1) MiB"
/usr/bin/time -f "synfin conns: %e s, %M KiB max RSS (a row kept for each of the 1,000,000 connections)" "$SYNFIN" conns -r "$mil" -T json > "$work/conns.json"
echo "  rows: $(wc -l < "$work/conns.json")"
s=$(best "$SYNFIN" -r "$mil" -T fields -e tcp.stream -e tcp.flags.str); w=$(best tshark -n -r "$mil" -c 1000000 -T fields -e tcp.stream -e tcp.flags.str)
printf '%-44s %12s %12s %12s\n' "-T fields tcp.stream (synfin: all 10M frames;" "$(fmt $s)" "-" "$(fmt $w)"
printf '%-44s\n' "  tshark: the first 1M frames only)"

# The same million connections spread over 83 minutes (a copy a second):
# connections that are over are frozen (src/track/freeze.h), so memory
# follows the connections open in the last minute, not all of them.
spread=$work/million-spread.pcap
if [ ! -s "$spread" ]; then
    cc -O2 -o "$work/multiply" "$here/multiply.c"      # GAP_MS is newer than some built copies
    "$work/multiply" "$work/scen/many.pcap" 5000 4009 "$spread" 1000
fi
echo
echo "bench: $spread: 1000000 connections over 83 minutes, $(du -m "$spread" | cut -f1) MiB"
for st in "" off; do
    for sub in conns ""; do
        # shellcheck disable=SC2086
        SYNFIN_STATE_STRESS=$st /usr/bin/time -f "synfin${sub:+ $sub} -r ($([ -z "$st" ] && echo freezing || echo 'never frozen')): %e s, %U s user, %S s sys, %M KiB max RSS" \
            "$SYNFIN" $sub -r "$spread" > /dev/null
    done
done
