#!/bin/sh
# synfin serve against nginx (one worker) and the seed's Node.js server,
# side by side: wrk -t1 -c50 on 127.0.0.1, keep-alive and Connection: close,
# the median requests/s of 3 runs each, the servers' runs in turn, and each
# server's CPU time a request. The servers run on CPU 0 and wrk on CPU 1
# (taskset), so each side has a core. Prints issue 12's server targets:
# synfin at or above nginx in both modes, and at least 2x Node.
#   make bench-serve        (bench/serve.sh build/synfin)
# SERVE_SECONDS sets each run's length (default 5).
set -eu
SYNFIN=$(readlink -f "${1:-build/synfin}")
secs=${SERVE_SECONDS:-5}
work=$(mktemp -d /tmp/synfin-serve.XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
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

# All three servers run for the whole bench (an idle one costs nothing), and
# the wrk runs take turns: server after server, mode after mode, three
# rounds. This machine's speed changes in steps of tens of percent, so runs
# of one server after the other's would compare different machines.
start() {   # NAME PORT: start that server, wait until it answers
    case $1 in
    synfin) $pin_server "$SYNFIN" serve --host 127.0.0.1 --port "$2" > /dev/null 2>&1 & ;;
    nginx) $pin_server nginx -c "$work/nginx.conf" -p "$work" > /dev/null 2>&1 & ;;
    node) $pin_server node "$work/seed.js" > /dev/null 2>&1 & ;;
    esac
    eval "${1}_pid=$!"
    pids="$pids $!"
    i=0
    while ! bash -c "exec 3<>/dev/tcp/127.0.0.1/$2" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 100 ] || { echo "bench-serve: $1 did not start" >&2; exit 1; }; sleep 0.1
    done
}
# CPU time (clock ticks) a server has used so far: PID and its children
# (nginx's worker is the master's child).
cpu_ticks() {
    for p in "$1" $(pgrep -P "$1" 2>/dev/null); do cat "/proc/$p/stat" 2>/dev/null; done |
        awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}

# One wrk run: SERVER PORT MODE (keep or close). Appends "RPS REQUESTS
# TICKS" to $work/SERVER.MODE: requests/s, requests made, and the server's
# CPU ticks during the run.
run() {
    eval "p=\$${1}_pid"
    t0=$(cpu_ticks "$p")
    if [ "$3" = close ]; then
        $pin_wrk wrk -t1 -c50 -d"${secs}s" -H 'Connection: close' "http://127.0.0.1:$2/"
    else
        $pin_wrk wrk -t1 -c50 -d"${secs}s" "http://127.0.0.1:$2/"
    fi | awk '/requests in/ { n = $1 } /^Requests\/sec/ { printf "%d %d ", $2, n }' >> "$work/$1.$3"
    echo $(($(cpu_ticks "$p") - t0)) >> "$work/$1.$3"
}

# "RPS US" for SERVER MODE: the median requests/s of its runs, and its CPU
# time per request over all of them in microseconds. With Connection:
# close the client's side is the heavier (it connects as well), so wrk's
# core saturates first and requests/s come close to a tie; CPU per request
# is then what tells the servers apart.
result() {
    med=$(sort -n "$work/$1.$2" | sed -n 2p | cut -d' ' -f1)
    awk -v med="$med" -v hz="$(getconf CLK_TCK)" \
        '{ n += $2; t += $3 } END { printf "%s %.1f\n", med, n ? t / hz * 1e6 / n : 0 }' "$work/$1.$2"
}

start synfin 4101
start nginx 4102
start node 4103
echo "bench-serve: wrk -t1 -c50 -d${secs}s on 127.0.0.1, the three servers in turn, median of 3 runs${pin_server:+, servers on CPU 0, wrk on CPU 1}"
for round in 1 2 3; do
    for mode in keep close; do
        run synfin 4101 $mode
        run nginx 4102 $mode
        run node 4103 $mode
    done
done
printf '%-28s %14s %14s %18s %14s\n' "server" "keep-alive" "close" "CPU/req keep-alive" "CPU/req close"
for s in synfin nginx node; do
    set -- $(result $s keep) $(result $s close)
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
echo "server CPU per request (lower is better): the other server's over synfin's"
awk -v k="$synfin_kcpu" -v c="$synfin_ccpu" -v nk="$nginx_kcpu" -v nc="$nginx_ccpu" \
    -v ok="$node_kcpu" -v oc="$node_ccpu" 'BEGIN {
    printf "%-44s %7.2fx\n", "nginx, keep-alive", (k > 0 ? nk / k : 0)
    printf "%-44s %7.2fx\n", "nginx, Connection: close", (c > 0 ? nc / c : 0)
    printf "%-44s %7.2fx\n", "Node seed, keep-alive", (k > 0 ? ok / k : 0)
    printf "%-44s %7.2fx\n", "Node seed, Connection: close", (c > 0 ? oc / c : 0) }'
