#!/bin/sh
# synfin serve against nginx (one worker) and the seed's Node.js server,
# side by side: wrk -t1 -c50 on 127.0.0.1, keep-alive and Connection: close,
# the median requests/s of 3 runs each. The server runs on CPU 0 and wrk on
# CPU 1 (taskset), so each has a core. Prints issue 12's server targets:
# synfin at or above nginx in both modes, and at least 2x Node.
#   make bench-serve        (bench/serve.sh build/synfin)
# SERVE_SECONDS sets each run's length (default 5).
set -eu
SYNFIN=$(readlink -f "${1:-build/synfin}")
secs=${SERVE_SECONDS:-5}
work=$(mktemp -d /tmp/synfin-serve.XXXXXX)
pid=""
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT INT TERM

need() {   # COMMAND PACKAGE
    command -v "$1" >/dev/null 2>&1 && return 0
    if [ "$(id -u)" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
    else echo "bench-serve: run: sudo apt-get install -y $2" >&2; exit 1; fi
}
need wrk wrk
need nginx nginx
need node nodejs

pin_server="" pin_wrk=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then pin_server="taskset -c 0" pin_wrk="taskset -c 1"; fi

. "$(dirname "$0")/nginx_conf.sh"
nginx_conf "$work" "127.0.0.1:4102"
# The seed's server, as the article writes it (its log goes to /dev/null).
cat > "$work/seed.js" <<'JS'
const http = require('http');
http.createServer((req, res) => {
  console.log(req.method, req.url);
  res.end('Hello World!');
}).listen(4103, '127.0.0.1');
JS

start() {   # NAME: start that server, wait until it answers
    case $1 in
    synfin) $pin_server "$SYNFIN" serve --host 127.0.0.1 --port 4101 > /dev/null 2>&1 & port=4101 ;;
    nginx) $pin_server nginx -c "$work/nginx.conf" -p "$work" > /dev/null 2>&1 & port=4102 ;;
    node) $pin_server node "$work/seed.js" > /dev/null 2>&1 & port=4103 ;;
    esac
    pid=$!
    i=0
    while ! bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "bench-serve: $1 did not start" >&2; exit 1; }; sleep 0.1
    done
}
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; }

# CPU time (clock ticks) the server has used so far: the process and its
# children (nginx's worker is the master's child).
cpu_ticks() {
    for p in "$pid" $(pgrep -P "$pid" 2>/dev/null); do cat "/proc/$p/stat" 2>/dev/null; done |
        awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# "RPS US": requests/s, the median of 3 wrk runs, and the server's CPU time
# per request over the 3 runs in microseconds: MODE (keep or close). With
# Connection: close the client's side is the heavier (it connects as well),
# so wrk on its core saturates first and requests/s tie; CPU per request is
# then what tells the servers apart.
rps() {
    t0=$(cpu_ticks)
    for _ in 1 2 3; do
        if [ "$1" = close ]; then
            $pin_wrk wrk -t1 -c50 -d"${secs}s" -H 'Connection: close' "http://127.0.0.1:$port/"
        else
            $pin_wrk wrk -t1 -c50 -d"${secs}s" "http://127.0.0.1:$port/"
        fi | awk '/requests in/ { n = $1 } /^Requests\/sec/ { printf "%d %d\n", $2, n }'
    done > "$work/runs"
    t1=$(cpu_ticks)
    med=$(sort -n "$work/runs" | sed -n 2p | cut -d' ' -f1)
    awk -v med="$med" -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
        '{ n += $2 } END { printf "%s %.1f\n", med, n ? ticks / hz * 1e6 / n : 0 }' "$work/runs"
}

echo "bench-serve: wrk -t1 -c50 -d${secs}s on 127.0.0.1, median of 3 runs${pin_server:+, server on CPU 0, wrk on CPU 1}"
printf '%-28s %14s %14s %18s %14s\n' "server" "keep-alive" "close" "CPU/req keep-alive" "CPU/req close"
for s in synfin nginx node; do
    start $s
    set -- $(rps keep) $(rps close)
    stop
    eval "${s}_k=$1 ${s}_c=$3 ${s}_kcpu=$2 ${s}_ccpu=$4"
    printf '%-28s %12s/s %12s/s %15s us %11s us\n' "$s" "$1" "$3" "$2" "$4"
done

target() {   # WHAT RATIO-A RATIO-B TARGET
    awk -v what="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
        r = b > 0 ? a / b : 0
        printf "%-44s %7.2fx %7s  %s\n", what, r, t, (r >= substr(t, 3) + 0 ? "MET" : "NOT MET") }'
}
echo
echo "server targets ($(date +%Y-%m-%d), $(nproc) cores)"
target "synfin serve / nginx, keep-alive" "$synfin_k" "$nginx_k" ">=1"
target "synfin serve / nginx, Connection: close" "$synfin_c" "$nginx_c" ">=1"
target "synfin serve / Node seed, keep-alive" "$synfin_k" "$node_k" ">=2"
target "synfin serve / Node seed, Connection: close" "$synfin_c" "$node_c" ">=2"
echo
echo "server CPU per request (lower is better; nginx's over synfin's)"
awk -v k="$synfin_kcpu" -v nk="$nginx_kcpu" -v c="$synfin_ccpu" -v nc="$nginx_ccpu" 'BEGIN {
    printf "%-44s %7.2fx\n", "keep-alive: nginx / synfin serve", (k > 0 ? nk / k : 0)
    printf "%-44s %7.2fx\n", "Connection: close: nginx / synfin serve", (c > 0 ? nc / c : 0) }'
