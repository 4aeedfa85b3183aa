#!/bin/sh
# Memory on a SYN flood (issue 12): peak RSS and wall time of synfin, tshark
# and tcpdump reading the same capture of 2,000,000 distinct SYNs, made here by
# build/synflood (bench/synflood.c) in a temporary directory and deleted after.
#   make bench-flood       (bench/flood.sh build/synfin; also part of make bench)
# FLOOD_N=500000 sets the number of SYNs; BENCH_QUICK=1 makes it 200,000.
# FLOOD_BARE=1 writes 54-byte SYNs without options (default: 74 bytes, with
# MSS, SACK permitted, timestamps and window scale, as Linux sends them).
# Target: synfin -r and synfin conns -r at most 256 MiB on 2,000,000 SYNs.
set -eu
SYNFIN=$(readlink -f "${1:-build/synfin}")
here=$(cd "$(dirname "$0")" && pwd)
n=${FLOOD_N:-2000000}
[ "${BENCH_QUICK:-0}" = 1 ] && [ -z "${FLOOD_N:-}" ] && n=200000
target=256
work=$(mktemp -d /tmp/synfin-flood.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM

gen=$here/../build/synflood
if [ ! -x "$gen" ] || [ "$gen" -ot "$here/synflood.c" ]; then
    gen=$work/synflood
    cc -O2 -o "$gen" "$here/synflood.c"
fi
flood=$work/flood.pcap
s=$(date +%s%N)
"$gen" -n "$n" $([ "${FLOOD_BARE:-0}" = 1 ] && echo --bare) "$flood"
e=$(date +%s%N)
echo
echo "bench: SYN flood: $n distinct SYNs, $(($(stat -c %s "$flood") / 1000000)) MB, made in $(awk -v ms=$(( (e - s) / 1000000 )) 'BEGIN { printf "%.2f s", ms / 1000 }')"

# "KiB seconds" of one run: peak RSS (the kernel's ru_maxrss) and wall time.
peak() {
    /usr/bin/time -f "%M %e" -o "$work/time" "$@" > /dev/null 2>&1 || true
    tail -n 1 "$work/time"
}
row() { # label, "KiB seconds", target or "", checked or not
    set -- "$1" ${2} "$3"
    mib=$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')
    verdict=""
    if [ -n "$4" ]; then
        if [ "$mib" -le "$4" ]; then verdict="MET"; else verdict="NOT MET"; fi
        [ "$n" -eq 2000000 ] || verdict="$verdict (target is for 2,000,000)"
    fi
    printf '%-28s %10s MiB %9s s %12s  %s\n' "$1" "$mib" "$3" "${4:+<= $4 MiB}" "$verdict"
}
printf '%-28s %14s %11s %12s  %s\n' "reader" "peak RSS" "time" "target" ""
row "synfin -r" "$(peak "$SYNFIN" -r "$flood")" "$target"
row "synfin conns -r" "$(peak "$SYNFIN" conns -r "$flood")" "$target"
row "tshark -n -r" "$(peak tshark -n -r "$flood")" ""
if command -v tcpdump >/dev/null 2>&1; then
    row "tcpdump -nr" "$(peak tcpdump -nr "$flood")" ""
fi
