#!/bin/sh
# Live capture under load: synfin and tcpdump capture the same burst at the
# same time, with the same filter, and each one's captured and dropped
# counts are printed side by side, for every live output mode.
#   make bench-live        (bench/live.sh build/synfin)
# The burst: wrk -t1 -c50 -d3s -H 'Connection: close' against nginx (one
# worker, return 200 "Hello World!") on 127.0.0.1:4001, about 140,000
# packets a second on lo. Without nginx, `synfin serve` answers; without
# wrk, tests/tools/http_burst (synfin's own client) makes the load.
# Needs root (or CAP_NET_RAW). LIVE_MODES="summary -w" picks modes;
# LIVE_SECONDS sets the burst's length (default 3).
set -eu
SYNFIN=$(readlink -f "${1:-build/synfin}")
here=$(cd "$(dirname "$0")" && pwd)
port=${LIVE_PORT:-4001}
secs=${LIVE_SECONDS:-3}
work=$(mktemp -d /tmp/synfin-live.XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

if [ "$(id -u)" -ne 0 ]; then echo "bench-live: needs root to capture" >&2; exit 1; fi
command -v tcpdump >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tcpdump >/dev/null

# The server.
if command -v nginx >/dev/null 2>&1; then
    . "$here/nginx_conf.sh"
    nginx_conf "$work" "127.0.0.1:$port reuseport"
    nginx -c "$work/nginx.conf" -p "$work" &
    pids="$pids $!"
    server="nginx (1 worker)"
else
    "$SYNFIN" serve --host 127.0.0.1 --port "$port" > /dev/null 2>&1 &
    pids="$pids $!"
    server="synfin serve"
fi
i=0
while ! bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 50 ] || { echo "bench-live: the server did not start" >&2; exit 1; }; sleep 0.1
done

# The load.
if command -v wrk >/dev/null 2>&1; then
    load() { wrk -t1 -c50 -d"${secs}s" -H 'Connection: close' "http://127.0.0.1:$port/" > "$work/load.out" 2>&1; }
    loader="wrk -t1 -c50 -d${secs}s, Connection: close"
else
    cc -std=c11 -D_GNU_SOURCE -O2 -o "$work/http_burst" "$here/../tests/tools/http_burst.c"
    load() { "$work/http_burst" -d "$secs" "$port" 50 > "$work/load.out" 2>&1; }
    loader="http_burst 50 clients ${secs}s, Connection: close"
fi

wait_line() {  # FILE PATTERN: up to 5 s
    j=0
    while ! grep -q "$2" "$1" 2>/dev/null; do j=$((j + 1)); [ $j -lt 50 ] || return 1; sleep 0.1; done
}

echo "bench-live: $server on 127.0.0.1:$port; load: $loader; filter 'tcp port $port'"
printf '%-26s %23s %23s  %9s\n' "synfin mode (into a pipe)" "synfin captured/dropped" "tcpdump captured/dropped" "requests"
for mode in ${LIVE_MODES:-tty summary -V fields json -w -wP conns}; do
    case $mode in
    tty|summary) args="";;
    -V) args="-V";;
    fields) args="-T fields -e frame.number -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.flags.str -e synfin.step";;
    json) args="-T json";;
    -w) args="-w $work/s.pcap";;
    -wP) args="-P -w $work/s.pcap";;
    conns) args="conns";;
    esac
    rm -f "$work/s.err" "$work/d.err"
    # -Z root: tcpdump would otherwise give /dev/null to its own user
    tcpdump -i lo -n -Z root -w /dev/null "tcp port $port" 2> "$work/d.err" &
    dpid=$!
    if [ "$mode" = tty ]; then
        # a terminal: script(1) gives synfin a pseudo-terminal
        script -qfc "$SYNFIN -i lo -f 'tcp port $port' 2> $work/s.err" /dev/null > /dev/null &
    elif [ "$mode" = conns ]; then
        ("$SYNFIN" conns -i lo -f "tcp port $port" 2> "$work/s.err" | cat > /dev/null) &
    else
        # shellcheck disable=SC2086
        ("$SYNFIN" -i lo -f "tcp port $port" $args 2> "$work/s.err" | cat > /dev/null) &
    fi
    spid=$!
    wait_line "$work/d.err" "listening on" || true
    wait_line "$work/s.err" "Capturing on" || true
    load
    sleep 0.5
    kill -INT $dpid 2>/dev/null || true
    pkill -INT -f "^$SYNFIN .*-i lo -f tcp port $port" 2>/dev/null || true
    wait $dpid $spid 2>/dev/null || true
    sc=$(awk '/packets captured/ {print $1}' "$work/s.err"); sd=$(awk '/packets captured/ {print $4}' "$work/s.err")
    dc=$(awk '/packets captured/ {print $1}' "$work/d.err"); dd=$(awk '/dropped by kernel/ {print $1}' "$work/d.err")
    extra=""
    if [ "$mode" = -w ] || [ "$mode" = -wP ]; then
        back=$(tshark -r "$work/s.pcap" -T fields -e frame.number 2>/dev/null | wc -l)
        extra="  (tshark reads back $back)"
    fi
    reqs=$(awk '/requests in/ {print $1} /^http_burst:/ {print $2}' "$work/load.out")
    printf '%-26s %23s %23s  %9s%s\n' "$mode" "${sc:-?} / ${sd:-?}" "${dc:-?} / ${dd:-?}" "${reqs:-?}" "$extra"
done
