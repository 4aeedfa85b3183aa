#!/bin/sh
# `synfin follow`: the conversation for reading. Its bytes, decoded back
# from the view (text lines with the header's byte count, or the hex dump),
# must be exactly -z follow,tcp,raw's (itself identical to tshark, see
# t_follow.sh), stream by stream and chunk by chunk; the steps sit where
# they happen; colour only when asked or on a terminal; no control byte of
# a payload reaches the output; live, a chunk is printed while the capture
# runs.
TEST=t_follow_view; . "$(dirname "$0")/lib.sh"
need_scenarios
# The system's python3 when there is one: a version manager's shim costs a
# second a call.
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# Decode the view into "STREAM DIR HEX" lines (DIR 0: the client), or say
# why it cannot; and the same lines from -z follow,tcp,raw,N.
cat > "$T/decode.py" <<'PY'
import re, sys
def view(path):
    lines = open(path, 'rb').read().split(b'\n')
    out, cur, i = [], None, 0
    while i < len(lines):
        l = lines[i]; i += 1
        m = re.match(rb'^=== tcp\.stream (\d+): ', l)
        if m:
            cur = int(m.group(1)); continue
        m = re.match(rb'^(>>|<<) (client|server), frame \d+: (\[\d+ bytes missing in capture file\])$', l)
        if m:
            out.append((cur, 0 if m.group(1) == b'>>' else 1, m.group(3) + b'\0')); continue
        m = re.match(rb'^(>>|<<) (client|server), frame \d+: (\d+) bytes?( \(binary: hex dump\)| \(lines end in CRLF\))?$', l)
        if not m:
            continue
        if (m.group(1) == b'>>') != (m.group(2) == b'client'):
            sys.exit('arrow and side disagree: %r' % l)
        n, kind, data = int(m.group(3)), m.group(4) or b'', b''
        if b'hex' in kind:
            while len(data) < n:
                row = lines[i]; i += 1
                k = min(16, n - len(data))
                data += bytes.fromhex(b''.join(row[10:10 + 49].split()[:k]).decode())
        else:
            eol = b'\r\n' if b'CRLF' in kind else b'\n'
            while len(data) < n:
                data += lines[i] + eol; i += 1
            if len(data) - n not in (0, len(eol)) or data[n:] not in (b'', eol):
                sys.exit('text chunk of %d bytes does not add up: %r' % (n, l))
            data = data[:n]
        out.append((cur, 0 if m.group(1) == b'>>' else 1, data))
    for s, d, b in out:
        print(s, d, b.hex())
def raw(path, stream):
    started = False
    stream = int(stream)
    for l in open(path).read().split('\n'):
        if l.startswith('Node 1:'):
            started = True; continue
        if not started or not l or l.startswith('==='):
            continue
        print(stream, 1 if l.startswith('\t') else 0, l.strip())
if sys.argv[1] == 'view':
    view(sys.argv[2])
else:
    for i in range(2, len(sys.argv), 2):
        raw(sys.argv[i], sys.argv[i + 1])
PY
# same_bytes FILE [follow options]: the view's bytes == follow,tcp,raw's, every stream it shows
same_bytes() {
    f=$1; shift
    "$SYNFIN" follow -r "$f" --color never "$@" > "$T/v.out" 2> "$T/v.err" || return 1
    $PY "$T/decode.py" view "$T/v.out" > "$T/v.dec" || return 1
    grep -q '^=== tcp.stream' "$T/v.out" || return 1
    set --
    for s in $(sed -n 's/^=== tcp\.stream \([0-9]*\): .*/\1/p' "$T/v.out"); do
        "$SYNFIN" -r "$f" -q -z "follow,tcp,raw,$s" > "$T/r.$s" || return 1
        set -- "$@" "$T/r.$s" "$s"
    done
    $PY "$T/decode.py" raw "$@" > "$T/r.dec"
    cmp -s "$T/v.dec" "$T/r.dec"
}

# --- hello.pcap: the whole view, line for line
"$SYNFIN" follow -r "$S/hello.pcap" > "$T/hello.out" 2> "$T/hello.err"; rc=$?
check "hello: status 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s '$T/hello.err' ]"
# The scenario's shape is fixed (make.sh checks its 10 packets); only the
# client's port changes from one making to the next.
cport=$("$SYNFIN" -r "$S/hello.pcap" -c 1 -T fields -e tcp.srcport)
sed "s/@CPORT@/$cport/" > "$T/hello.want" <<'W'
=== tcp.stream 0: client 127.0.0.1:@CPORT@ <-> server 127.0.0.1:4000 ===
-- handshake 1/3 (SYN from client, frame 1)
-- handshake 2/3 (SYN, ACK from server, frame 2)
-- handshake 3/3 (ACK from client, frame 3)
>> client, frame 4: 71 bytes (lines end in CRLF)
GET / HTTP/1.1
Host: localhost
User-Agent: tcpscen/1
Accept: */*

<< server, frame 6: 101 bytes (lines end in CRLF)
HTTP/1.1 200 OK
Content-Type: text/plain
Content-Length: 12
Connection: keep-alive

Hello World!
-- teardown 1/4 (FIN, ACK from client, frame 8)
-- teardown 2+3/4 (FIN, ACK from server, frame 9)
-- teardown 4/4 (ACK from client, frame 10)
=== end of tcp.stream 0: client sent 71 bytes, server sent 101 bytes ===
W
check "hello: handshake, the GET, the Hello World answer, teardown, in that order" cmp -s "$T/hello.out" "$T/hello.want"
# The same steps, named as synfin.step names them on each frame.
"$SYNFIN" -r "$S/hello.pcap" -Y 'synfin.step' -T fields -e synfin.step -e frame.number > "$T/steps.f"
sed -n 's/^-- \(.*\) (.* from [a-z]*, frame \([0-9]*\))$/\1	\2/p' "$T/hello.out" > "$T/steps.v"
check "hello: the step lines are synfin.step of their frames" sh -c "[ -s '$T/steps.f' ] && cmp -s '$T/steps.f' '$T/steps.v'"

# --- refused.pcap: the refusal
"$SYNFIN" follow -r "$S/refused.pcap" > "$T/refused.out"; rc=$?
check "refused: status 0, SYN then the refusing RST, no bytes" sh -c "[ $rc -eq 0 ] &&
    sed -n 2p '$T/refused.out' | grep -qx -- '-- handshake 1/3 (SYN from client, frame 1)' &&
    sed -n 3p '$T/refused.out' | grep -qx -- '-- refused (RST, ACK from server, frame 2)' &&
    ! grep -q '^>>\|^<<' '$T/refused.out'"
"$SYNFIN" follow -r "$S/rst.pcap" > "$T/rst.out"
check "rst: the reset follows the data it ended" sh -c "tail -n 2 '$T/rst.out' | head -n 1 | grep -q '^-- reset by client in ESTABLISHED (RST'"

"$SYNFIN" follow -r "$S/halfclose.pcap" > "$T/half.out"
check "halfclose: text with bare LF line ends as lines, data after the FIN marked" sh -c "
    grep -A3 '^>> client, frame 4: 30 bytes\$' '$T/half.out' | sed -n 2,4p | tr '\n' '|' | grep -qx 'upload 1|upload 2|that is all|' &&
    grep -q '^-- half close: data after FIN (PSH, ACK from server, frame 9)\$' '$T/half.out'"

# --- bytes: exactly the follow bytes, every scenario and crafted losses
for f in "$S"/*.pcap; do
    check "$(basename "$f"): the view's bytes are -z follow,tcp,raw's, chunk by chunk" same_bytes "$f"
done
if command -v editcap > /dev/null 2>&1; then
    editcap "$S/lossy.pcap" "$T/holes.pcap" 10 20 21 100-103 > /dev/null 2>&1
    same_bytes "$T/holes.pcap" && grep -q '^>> client, frame [0-9]*: \[[0-9]* bytes missing in capture file\]$' "$T/v.out"
    check "lossy with frames cut out: holes shown as missing bytes, the rest follow's bytes" [ $? -eq 0 ]
    editcap -s 80 "$S/lossy.pcap" "$T/snap.pcap" > /dev/null 2>&1
    check "lossy cut to 80 bytes a frame: the view's bytes are follow's" same_bytes "$T/snap.pcap"
fi

# --- --stream N and -Y pick streams
same_bytes "$S/many.pcap" --stream 7
check "--stream 7: only tcp.stream 7, its bytes follow's" sh -c "[ \$? -eq 0 ] && [ \$(grep -c '^=== tcp.stream' '$T/v.out') -eq 1 ] &&
    grep -q '^=== tcp.stream 7: ' '$T/v.out' && [ \$(cut -d' ' -f1 '$T/v.dec' | sort -u) = 7 ]"
same_bytes "$S/many.pcap"
check "many: every stream, one after another in tcp.stream order (200)" sh -c "[ \$? -eq 0 ] &&
    sed -n 's/^=== tcp.stream \([0-9]*\): .*/\1/p' '$T/v.out' > '$T/order' && seq 0 199 | cmp -s - '$T/order' &&
    [ \$(grep -c '^=== end of tcp.stream' '$T/v.out') -eq 200 ]"
same_bytes "$S/many.pcap" -Y 'tcp.stream == 3 || frame.number == 100'
n100=$("$SYNFIN" -r "$S/many.pcap" -Y 'frame.number == 100' -T fields -e tcp.stream)
check "-Y: exactly the streams with a matching frame (3 and $n100), whole" sh -c "[ \$? -eq 0 ] &&
    sed -n 's/^=== tcp.stream \([0-9]*\): .*/\1/p' '$T/v.out' | tr '\n' ' ' | grep -qx '3 $n100 ' &&
    grep -q '^-- handshake 1/3' '$T/v.out'"

# --- colour: red client, blue server, only when asked (or on a terminal without NO_COLOR)
"$SYNFIN" follow -r "$S/hello.pcap" --color always > "$T/c.out"
esc=$(printf '\033')
check "--color always: client lines red, server lines blue" sh -c "grep -q '^${esc}\[31m>> client' '$T/c.out' &&
    grep -q '^${esc}\[34m<< server' '$T/c.out' && grep -q '^${esc}\[34mHello World!${esc}\[0m$' '$T/c.out'"
sed "s/${esc}\[[0-9;]*m//g" "$T/c.out" > "$T/c.stripped"
check "--color always: the same text as without colour once the colours are taken out" cmp -s "$T/c.stripped" "$T/hello.want"
"$SYNFIN" follow -r "$S/hello.pcap" --color never > "$T/n.out"
check "--color never and a pipe (auto): no escape at all" sh -c "! grep -q '$esc' '$T/n.out' && cmp -s '$T/n.out' '$T/hello.want'"
cat > "$T/on_tty.py" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
PY
$PY "$T/on_tty.py" "$SYNFIN" follow -r "$S/hello.pcap" > "$T/tty.out" 2>&1
check "auto on a terminal: coloured" grep -q "${esc}\[31m>> client" "$T/tty.out"
NO_COLOR=1 $PY "$T/on_tty.py" "$SYNFIN" follow -r "$S/hello.pcap" > "$T/nocolor.out" 2>&1
check "auto on a terminal with NO_COLOR=1: no colour" sh -c "grep -q '^>> client' '$T/nocolor.out' && ! grep -q '$esc' '$T/nocolor.out'"

# --- a payload full of escape sequences and control bytes never reaches the output raw
cat > "$T/esc.py" <<'PY'
import struct, sys
def frame(src, dst, sport, dport, seq, ack, flags, data=b''):
    tcp = struct.pack('>HHIIBBHHH', sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + data
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, bytes(src), bytes(dst))
    return bytes(6) + bytes(6) + b'\x08\x00' + ip + tcp
c, s, cp, sp = [10, 0, 0, 1], [10, 0, 0, 2], 40000, 8080
req = b'GET /\x1b[2J\x1b]0;owned\x07 HTTP/1.1\r\nX: \x1b[31mred\x1b[0m\r\n\r\n'
resp = b'HTTP/1.1 200 OK\r\n\r\n' + bytes(range(256)) + b'\x1bP+q\x1b\\\x9b6n'
fr = [frame(c, s, cp, sp, 100, 0, 0x02), frame(s, c, sp, cp, 500, 101, 0x12), frame(c, s, cp, sp, 101, 501, 0x10),
      frame(c, s, cp, sp, 101, 501, 0x18, req), frame(s, c, sp, cp, 501, 101 + len(req), 0x18, resp),
      frame(c, s, cp, sp, 101 + len(req), 501 + len(resp), 0x11), frame(s, c, sp, cp, 501 + len(resp), 102 + len(req), 0x11),
      frame(c, s, cp, sp, 102 + len(req), 502 + len(resp), 0x10)]
out = struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1)
for i, f in enumerate(fr):
    out += struct.pack('<IIII', 1000 + i, 0, len(f), len(f)) + f
sys.stdout.buffer.write(out)
PY
$PY "$T/esc.py" > "$T/esc.pcap"
for col in never always; do
    "$SYNFIN" follow -r "$T/esc.pcap" --color $col > "$T/esc.$col" 2>&1
    # Take our own colour codes out; then nothing below 0x20 but newlines, nothing above 0x7e.
    check "escape sequences in the payload (--color $col): no control byte of it in the output" \
        sh -c "grep -q '^.*>> client, frame 4: [0-9]* bytes (binary: hex dump)' '$T/esc.$col' &&
               sed 's/${esc}\[[0-9;]*m//g' '$T/esc.$col' | LC_ALL=C tr -d '\n -~' | wc -c | grep -qx 0"
done
check "escape sequences in the payload: the bytes are still follow's" same_bytes "$T/esc.pcap"
check "escape sequences: the handshake and teardown around them" sh -c "grep -q '^-- handshake 3/3' '$T/esc.never' && grep -q '^-- teardown 4/4' '$T/esc.never'"

# --- usage errors: one line naming the argument, status 2
err_case() {    # DESC WANT-IN-MESSAGE ARGS...
    d=$1; w=$2; shift 2
    "$SYNFIN" follow "$@" > "$T/e.out" 2> "$T/e.err"; rc=$?
    if [ $rc -eq 2 ] && [ "$(wc -l < "$T/e.err")" -eq 1 ] && grep -q -- "$w" "$T/e.err" && [ ! -s "$T/e.out" ]; then
        ok "$d: status 2, one line on stderr naming it"
    else
        nok "$d: status 2, one line on stderr naming it (status $rc: $(head -c 200 "$T/e.err"))"
    fi
}
err_case "no -r and no -i" "-r FILE" 
err_case "--stream without a number" "--stream 'x'" -r "$S/hello.pcap" --stream x
err_case "--stream at the end" "--stream" -r "$S/hello.pcap" --stream
err_case "--stream past the last stream" "--stream 5: .* has no such TCP stream" -r "$S/hello.pcap" --stream 5
err_case "-Y matching nothing" "-Y 'tcp.port == 1': no TCP frame" -r "$S/hello.pcap" -Y 'tcp.port == 1'
# A filter's error is the engine's: its line, then the filter with a caret under the fault.
"$SYNFIN" follow -r "$S/hello.pcap" -Y 'tcp.bogus == 1' > "$T/e.out" 2> "$T/e.err"; rc=$?
check "a bad -Y: status 2, the filter engine's message naming it" sh -c "[ $rc -eq 2 ] && head -n 1 '$T/e.err' | grep -q 'tcp.bogus' && [ ! -s '$T/e.out' ]"
err_case "--stream with -Y" "--stream and -Y" -r "$S/hello.pcap" --stream 0 -Y tcp
err_case "a bad --color" "--color 'pink'" -r "$S/hello.pcap" --color pink
err_case "a missing file" "$T/nope.pcap" -r "$T/nope.pcap"
err_case "-r with -i" "-r and -i" -r "$S/hello.pcap" -i lo
err_case "-V" "do not apply" -r "$S/hello.pcap" -V
"$SYNFIN" follow --help > "$T/help.out"; rc=$?
check "--help: status 0, every option" sh -c "[ $rc -eq 0 ] && for o in -r -i -f --stream -Y --color NO_COLOR 'Exit status'; do
    grep -q -- \"\$o\" '$T/help.out' || exit 1; done"

# --- live on loopback: each run of bytes printed while the capture runs
if [ "$(id -u)" -ne 0 ]; then
    echo "# skip: live capture needs root"
elif cc -std=c11 -D_GNU_SOURCE -O2 -o "$T/http_raw" "$here/tools/http_raw.c"; then
    raw=$T/http_raw
    port=$("$raw" -p)
    "$SYNFIN" serve --port "$port" > "$T/serve.out" 2>&1 &
    spid=$!
    wait_for "$T/serve.out" "Start server" || nok "live: server started"
    timeout 30 "$SYNFIN" follow -i lo -f "tcp port $port" > "$T/live.out" 2> "$T/live.err" &
    lpid=$!
    wait_for "$T/live.err" "Capturing on 'lo'" || nok "live: capture started"
    printf 'GET / HTTP/1.1\r\nHost: live\r\n\r\n' | "$raw" -n 1 "$port" > "$T/live.resp" 2>/dev/null
    # The connection is still open (keep-alive) and the capture still runs:
    # what is printed now was printed as it arrived, not at the end.
    wait_for "$T/live.out" "^HTTP/1.1 200" 
    check "live: the GET and the answer printed while the capture runs" sh -c "kill -0 $lpid &&
        grep -q '^>> client, frame [0-9]*: 30 bytes (lines end in CRLF)' '$T/live.out' &&
        grep -q '^Host: live\$' '$T/live.out' && grep -q '^<< server, frame' '$T/live.out' &&
        grep -q '^-- handshake 3/3' '$T/live.out'"
    kill -TERM $lpid; wait $lpid; rc=$?
    check "live: SIGTERM ends it with status 0 and the closing line" sh -c "[ $rc -eq 0 ] && grep -q '^=== end of tcp.stream 0' '$T/live.out'"
    kill $spid 2>/dev/null; wait $spid 2>/dev/null
fi
exit $((fails > 0))
