#!/bin/sh
# `synfin serve` over real loopback connections: start line, request log,
# keep-alive, pipelining, HEAD, Connection: close, 400/408/431/501, request
# bodies, a bounded load, and a clean exit on SIGTERM. Needs only sh,
# coreutils and cc: the clients are tests/tools/*.c, built here.
# Usage: SYNFIN=build/synfin sh tests/t_serve.sh
set -u
: "${SYNFIN:?set SYNFIN to the synfin binary}"
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d /tmp/synfin-serve.XXXXXX)
pids=""
cleanup() {
    for p in $pids; do kill -KILL "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; }
check() {  # check DESCRIPTION COMMAND...: ok if the command succeeds
    what=$1; shift
    if "$@"; then ok "$what"; else notok "$what"; fi
}
has() { grep -q -- "$1" "$2"; }       # has TEXT FILE
lacks() { ! grep -q -- "$1" "$2"; }

for t in http_raw http_load; do
    if ! cc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wextra -o "$tmp/$t" "$top/tests/tools/$t.c"; then
        notok "build tests/tools/$t.c"
        exit 1
    fi
done
raw=$tmp/http_raw

# send OPTIONS REQUEST: send REQUEST (printf %b escapes) with http_raw;
# what came back is in $tmp/r.out, http_raw's summary in $tmp/r.err.
send() {
    opts=$1; shift
    printf '%b' "$1" | "$raw" $opts "$port" > "$tmp/r.out" 2> "$tmp/r.err"
}

# The status codes in $tmp/r.out, in order, e.g. "200 400 ". (Responses
# follow each other without a line break after a body.)
statuses() {
    grep -ao 'HTTP/1\.1 [0-9][0-9][0-9] ' "$tmp/r.out" | cut -c10-12 | tr '\n' ' '
}

# wait_for TEXT FILE: until TEXT is in FILE or the server died (10 s at most).
wait_for() {
    i=0
    while [ $i -lt 100 ]; do
        grep -q -- "$1" "$2" 2>/dev/null && return 0
        kill -0 "$spid" 2>/dev/null || return 1
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

# wait_exit PID: its exit status, killing it after 10 s.
wait_exit() {
    ( sleep 10; kill -KILL "$1" ) >/dev/null 2>&1 &
    wd=$!
    wait "$1"
    rc=$?
    kill "$wd" 2>/dev/null
    return $rc
}

# --- command line ---
"$SYNFIN" serve --help > "$tmp/help" 2>&1
check "serve --help exits 0" [ $? -eq 0 ]
check "serve --help shows every option" \
    grep -q '^Usage: synfin serve \[--host HOST\] \[--port PORT\] \[--timeout SECONDS\] \[--busy-poll US\]$' "$tmp/help"
for bad in "--port abc" "--port 70000" "--port" "--timeout 0" "--busy-poll 10001" "--busy-poll -1" "--bogus" "extra"; do
    "$SYNFIN" serve $bad > "$tmp/o" 2> "$tmp/e"
    rc=$?
    word=${bad%% *}
    check "serve $bad: exit 2, one line on stderr naming $word" \
        [ $rc -eq 2 -a "$(wc -l < "$tmp/e")" -eq 1 -a ! -s "$tmp/o" ]
    has "$word" "$tmp/e" || notok "serve $bad: stderr names $word: $(cat "$tmp/e")"
done

# --- start ---
tries=0
while :; do
    port=$("$raw" -p)
    "$SYNFIN" serve --port "$port" --timeout 1 > "$tmp/out" 2> "$tmp/err" &
    spid=$!
    pids="$pids $spid"
    wait_for "Start server" "$tmp/out" && break
    tries=$((tries + 1))
    # Someone else took the free port in between: pick another.
    if [ $tries -ge 3 ] || ! has "Address already in use" "$tmp/err"; then
        notok "server starts: $(cat "$tmp/err")"
        exit 1
    fi
done
check "start line is 'Start server on localhost:$port'" \
    [ "$(head -n 1 "$tmp/out")" = "Start server on localhost:$port" ]

"$SYNFIN" serve --port "$port" > "$tmp/o2" 2> "$tmp/e2"
rc=$?
check "second server on the same port: exit 1" [ $rc -eq 1 ]
check "second server: 'cannot listen on 127.0.0.1:$port: Address already in use'" \
    [ "$(cat "$tmp/e2")" = "synfin serve: cannot listen on 127.0.0.1:$port: Address already in use" ]

# --- requests ---
send "-n 1" 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
check "GET /: 200 OK" has "^HTTP/1.1 200 OK" "$tmp/r.out"
check "GET /: Content-Type text/plain, Content-Length 12" \
    sh -c "grep -q '^Content-Type: text/plain' '$tmp/r.out' && grep -q '^Content-Length: 12' '$tmp/r.out'"
check "GET /: body 'Hello World!'" [ "$(tail -c 12 "$tmp/r.out")" = "Hello World!" ]
check "GET /: connection kept open" has "1 responses, open" "$tmp/r.err"
check "log line 'GET /' (flushed at once)" grep -qx "GET /" "$tmp/out"

send "-H -n 1" 'HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n'
check "HEAD: 200 with Content-Length 12 and no body" \
    sh -c "grep -q '^HTTP/1.1 200 OK' '$tmp/r.out' && grep -q '^Content-Length: 12' '$tmp/r.out' && ! grep -q Hello '$tmp/r.out'"
check "HEAD: logged as 'HEAD /head'" grep -qx "HEAD /head" "$tmp/out"

send "-n 2" 'GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\n'
check "keep-alive: 2 pipelined requests, 2 responses, connection open" \
    sh -c "[ '$(statuses)' = '200 200 ' ] && grep -q '2 responses, open' '$tmp/r.err'"
check "pipelined requests logged in order" \
    sh -c "grep -x 'GET /p[12]' '$tmp/out' | tr '\n' ' ' | grep -qx 'GET /p1 GET /p2 '"

# 1000 requests in one go: far more answers than the server's output buffer
# holds, so it must pause reading and go on as the client reads.
i=0
while [ $i -lt 1000 ]; do
    printf 'GET /m%d HTTP/1.1\r\nHost: x\r\n\r\n' $i
    i=$((i + 1))
done > "$tmp/many"
"$raw" -n 1000 "$port" < "$tmp/many" > "$tmp/r.out" 2> "$tmp/r.err"
check "1000 pipelined requests: 1000 responses" has "1000 responses, open" "$tmp/r.err"
check "1000 pipelined requests: logged in order" \
    [ "$(grep '^GET /m' "$tmp/out" | sed -n '1p;1000p' | tr '\n' ' ')" = "GET /m0 GET /m999 " ]

send "-n 1 -c 5" 'GET /split HTTP/1.1\r\nHost: x\r\n\r\n'
check "request arriving in 5-byte pieces is answered" has "^HTTP/1.1 200 OK" "$tmp/r.out"

send "-n 1" 'GET /bye HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
check "Connection: close: answered with Connection: close" has "^Connection: close" "$tmp/r.out"
check "Connection: close: server closes (FIN, no reset)" has "1 responses, closed" "$tmp/r.err"

# A whole request with Connection: close and nothing after it: closed at
# once, as nginx does (no lingering): close() sends the FIN, so when the
# client sees it the server's socket is gone, though the client's is open.
socks() { ls -l "/proc/$spid/fd" 2>/dev/null | grep -c 'socket:'; }
before=$(socks)
after=$(bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "GET /fin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" >&3
    cat <&3 > "$2"; ls -l "/proc/$3/fd" | grep -c "socket:"' sh "$port" "$tmp/fin.out" "$spid")
check "Connection: close: the server's socket closed by the time its FIN arrives ($before sockets before, $after after)" \
    sh -c "[ '$after' -eq '$before' ] && grep -q '^HTTP/1.1 200 OK' '$tmp/fin.out'"

send "-n 1" 'GET /old HTTP/1.0\r\n\r\n'
check "HTTP/1.0 without keep-alive: closed after the response" has "1 responses, closed" "$tmp/r.err"
send "-n 1" 'GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
check "HTTP/1.0 with Connection: keep-alive: kept open" has "1 responses, open" "$tmp/r.err"

send "-n 2" 'POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello=worldGET /next HTTP/1.1\r\nHost: x\r\n\r\n'
check "Content-Length body is skipped, next request answered" \
    sh -c "[ '$(statuses)' = '200 200 ' ] && grep -qx 'GET /next' '$tmp/out'"
send "-n 2" 'POST /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n'
check "chunked body is skipped, next request answered" \
    sh -c "[ '$(statuses)' = '200 200 ' ] && grep -qx 'GET /after' '$tmp/out'"
send "-n 1" 'POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc'
check "Expect: 100-continue: 100 Continue, then 200" [ "$(statuses)" = "100 200 " ]
send "-n 1" 'POST /z HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n'
check "unsupported Transfer-Encoding: 501" has "^HTTP/1.1 501 Not Implemented" "$tmp/r.out"

# --- request smuggling and broken body framing: 400 and close, as nginx
send "-n 2" 'POST /cl HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nxxxxxGET /hidden HTTP/1.1\r\nHost: x\r\n\r\n'
check "Content-Length 0 then 5: 400 and close, nothing else answered ($(statuses))" \
    sh -c "[ '$(statuses)' = '400 ' ] && grep -q 'closed' '$tmp/r.err' && ! grep -q 'GET /hidden' '$tmp/out'"
send "-n 2" 'POST /cl HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 0\r\n\r\nxxxxxGET /hidden2 HTTP/1.1\r\nHost: x\r\n\r\n'
check "Content-Length 5 then 0: 400 and close ($(statuses))" \
    sh -c "[ '$(statuses)' = '400 ' ] && ! grep -q 'GET /hidden2' '$tmp/out'"
send "-n 2" 'POST /cl HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabcGET /same HTTP/1.1\r\nHost: x\r\n\r\n'
check "two equal Content-Lengths: one length, both requests answered ($(statuses))" [ "$(statuses)" = "200 200 " ]
send "-n 2" 'POST /te HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hidden3 HTTP/1.1\r\nHost: x\r\n\r\n'
check "Content-Length with Transfer-Encoding: chunked: 400 and close ($(statuses))" \
    sh -c "[ '$(statuses)' = '400 ' ] && ! grep -q 'GET /hidden3' '$tmp/out'"
for size in zz 1234567890abcdef0 -1 ''; do
    send "-n 2" "POST /ch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n$size\r\nhello\r\n0\r\n\r\n"
    check "chunk size '$size': 400 and close, no 200 ($(statuses))" \
        sh -c "[ '$(statuses)' = '400 ' ] && grep -q 'closed' '$tmp/r.err'"
done
send "-n 1 -c 7" 'POST /slow HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'
check "chunked body in pieces: 200 once it has all arrived, kept open ($(statuses))" \
    sh -c "[ '$(statuses)' = '200 ' ] && grep -q '1 responses, open' '$tmp/r.err'"
send "-n 1" 'POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'
check "Expect: 100-continue with a chunked body: 100 Continue, then 200 ($(statuses))" [ "$(statuses)" = "100 200 " ]

# --- errors ---
send "-n 1" 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'
check "malformed header: 400 and close" \
    sh -c "grep -q '^HTTP/1.1 400 Bad Request' '$tmp/r.out' && grep -q 'closed' '$tmp/r.err'"
send "-n 1" 'GET /a\001b HTTP/1.1\r\nHost: x\r\n\r\n'
check "control character in the URL: 400" has "^HTTP/1.1 400 Bad Request" "$tmp/r.out"
send "-n 1" 'GET / HTTP/1.1\r\n\r\n'
check "HTTP/1.1 without Host: 400" has "^HTTP/1.1 400 Bad Request" "$tmp/r.out"
send "-n 2" 'GET /good HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n'
check "good request then garbage: 200 then 400, in order" [ "$(statuses)" = "200 400 " ]

big=$(head -c 9216 /dev/zero | tr '\0' a)
send "-n 1" "GET / HTTP/1.1\r\nHost: x\r\nX-Big: $big\r\n\r\n"
check "9 KiB header: 431" has "^HTTP/1.1 431 Request Header Fields Too Large" "$tmp/r.out"
check "9 KiB header: closed without a reset" has "1 responses, closed" "$tmp/r.err"

: | "$raw" -n 1 "$port" > "$tmp/r.out" 2> "$tmp/r.err"
check "silent connection: 408" has "^HTTP/1.1 408 Request Timeout" "$tmp/r.out"
ms=$(sed -n 's/.*after \([0-9]*\) ms/\1/p' "$tmp/r.err")
check "silent connection: 408 after about 1 s (took ${ms:-?} ms)" [ "${ms:-0}" -ge 800 -a "${ms:-0}" -le 2500 ]
send "-n 1" 'GET / HTTP/1.1\r\nHost:'
check "request head cut short: 408" has "^HTTP/1.1 408 Request Timeout" "$tmp/r.out"
send "-t 4000" 'GET /idle HTTP/1.1\r\nHost: x\r\n\r\n'
check "idle keep-alive connection closed after the timeout, without a 408" \
    sh -c "grep -q '1 responses, closed' '$tmp/r.err' && ! grep -q ' 408 ' '$tmp/r.out'"

# --- load ---
if "$tmp/http_load" "$port" 200 5 > "$tmp/load" 2>&1; then
    ok "load: $(cat "$tmp/load")"
else
    notok "load: $(cat "$tmp/load")"
fi
check "load: 1000 requests logged" [ "$(grep -cx 'GET /load' "$tmp/out")" -eq 1000 ]

# Busy polling (50 us by default) ends: idle, the server sleeps. CPU time
# in clock ticks (utime + stime) over 2 s of no traffic, after the load.
ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
sleep 0.2
t0=$(ticks "$spid")
sleep 2
t1=$(ticks "$spid")
check "idle after the load: the server sleeps ($((t1 - t0)) ticks of CPU in 2 s)" [ $((t1 - t0)) -le 2 ]

# --- shutdown ---
"$raw" -t 8000 "$port" < /dev/null > /dev/null 2> "$tmp/idle.err" &
rpid=$!
pids="$pids $rpid"
wait_for "connected" "$tmp/idle.err"
kill -TERM "$spid"
wait_exit "$spid"
rc=$?
check "SIGTERM: exit status 0" [ $rc -eq 0 ]
wait_exit "$rpid"
check "SIGTERM: open connections are closed" has "0 responses, closed" "$tmp/idle.err"
check "nothing on stderr" [ ! -s "$tmp/err" ]
