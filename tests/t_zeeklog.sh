#!/bin/sh
# synfin conns -T zeek: Zeek's conn.log in Zeek's ASCII log format. The
# format's rules (Zeek's logging framework, ASCII writer): "#separator \x09",
# then #set_separator, #empty_field, #unset_field, #path, #open, #fields and
# #types (one name and one type a column, in the same order), tab-separated
# rows with every column, "-" for unset, and #close. The columns are
# Conn::Info's in scripts/base/protocols/conn/main.zeek (Zeek 6.x/7.0).
TEST=t_zeeklog; . "$(dirname "$0")/lib.sh"

python3 "$here/tools/mkpcap.py" midstream > "$T/mid.pcap"
python3 "$here/tools/mkpcap.py" late-syns > "$T/syns.pcap"
# mkpcap.py's mid and syns captures carry no TCP checksums, and the
# scenario captures were made on lo, whose checksums the NIC would fill in
# (offloading): Zeek reads such captures with -C, and so does this test,
# except where it tests checksums.
"$SYNFIN" conns -C -r "$T/mid.pcap" -T zeek > "$T/mid.log"; rc=$?
check "-T zeek: status 0" [ $rc -eq 0 ]

# The header, line by line.
printf '#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n' > "$T/want.head"
check "header: #separator \\x09 first, then the four settings and #path conn" \
    sh -c "head -n 5 '$T/mid.log' | cmp -s - '$T/want.head'"
check "header: #open and #close with Zeek's time stamp (YYYY-MM-DD-HH-MM-SS)" \
    sh -c "sed -n 6p '$T/mid.log' | grep -Eq '^#open	[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}\$' &&
           tail -n 1 '$T/mid.log' | grep -Eq '^#close	[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}-[0-9]{2}\$'"
printf '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n' > "$T/want.fields"
check "header: #fields and #types are conn.log's 21 columns and their types" \
    sh -c "sed -n '7,8p' '$T/mid.log' | cmp -s - '$T/want.fields'"
check "rows: one a connection (8), each with 21 tab-separated columns, none empty" \
    sh -c "[ \$(grep -vc '^#' '$T/mid.log') -eq 8 ] &&
           [ \$(awk -F '\t' '!/^#/ && NF == 21 { for (i = 1; i <= NF; i++) if (\$i == \"\") next; n++ } END { print n + 0 }' '$T/mid.log') -eq 8 ]"
# Each value against its type: time and interval with 6 decimals, addr,
# port and count numbers, bool T or F, unset "-".
check "rows: every value fits its #types type" \
    sh -c "awk -F '\t' '
        /^#types/ { for (i = 2; i <= NF; i++) type[i - 1] = \$i; next }
        /^#/ { next }
        { for (i = 1; i <= NF; i++) {
            v = \$i; t = type[i]
            if (v == \"-\") continue
            if (t == \"time\" || t == \"interval\") ok = v ~ /^[0-9]+\\.[0-9][0-9][0-9][0-9][0-9][0-9]\$/
            else if (t == \"port\" || t == \"count\") ok = v ~ /^[0-9]+\$/
            else if (t == \"addr\") ok = v ~ /^[0-9.]+\$/ || v ~ /^[0-9a-f:]+\$/
            else if (t == \"bool\") ok = v ~ /^[TF]\$/
            else if (t == \"enum\") ok = v == \"tcp\"
            else ok = v !~ /[\t\n]/
            if (!ok) { print \"bad \" t \": \" v; bad = 1 } } }
        END { exit bad }' '$T/mid.log'"

# A column by its name, as zeek-cut does: the #fields line says where.
cut_cols() {   # FILE NAME...: the named columns of each row, tab-separated
    f=$1; shift
    awk -F '\t' -v want="$*" 'BEGIN { n = split(want, w, " ") }
        /^#fields/ { for (i = 2; i <= NF; i++) col[$i] = i - 1; next }
        /^#/ { next }
        { line = ""; for (j = 1; j <= n; j++) line = line (j > 1 ? "\t" : "") $col[w[j]]; print line }' "$f"
}
# Zeek's roles after its flip (see t_conns.sh): the first packet came from
# 10.0.0.2:80, so the originator is 10.0.0.1:50000, which sent 3 packets.
cut_cols "$T/mid.log" id.orig_h id.orig_p id.resp_h id.resp_p orig_pkts history conn_state > "$T/mid.cols"
check "by name: the flipped row has Zeek's originator (10.0.0.1:50000, 3 packets, ^dADfFa)" \
    sh -c "head -n 1 '$T/mid.cols' | grep -qx '10.0.0.1	50000	10.0.0.2	80	3	^dADfFa	SF'"
check "by name: conn_state and history as synfin conns prints them, row for row" \
    sh -c "cut -f 6,7 '$T/mid.cols' | tr '\t' ' ' | awk '{ print \$2, \$1 }' > '$T/a' &&
           '$SYNFIN' conns -r '$T/mid.pcap' -T json | sed 's/.*\"conn_state\":\"\\([^\"]*\\)\",\"history\":\"\\([^\"]*\\)\".*/\\1 \\2/' | cmp -s - '$T/a'"

# Unset values: Zeek sets duration and the byte counts only when the
# duration is above zero (set_conn), so a lone SYN has "-" there.
"$SYNFIN" conns -C -r "$T/syns.pcap" -T zeek > "$T/syns.log"
cut_cols "$T/syns.log" duration orig_bytes resp_bytes history orig_pkts resp_pkts > "$T/syns.cols"
check "a lone SYN: duration, orig_bytes and resp_bytes unset (-), history S, 1 and 0 packets" \
    grep -qx -e '-	-	-	S	1	0' "$T/syns.cols"
check "uids: C and 17 base-62 digits, distinct, the same on a second run" \
    sh -c "awk -F '\t' '!/^#/ { print \$2 }' '$T/syns.log' > '$T/u1' &&
           [ \$(grep -Ecv '^C[0-9A-Za-z]{17}\$' '$T/u1') -eq 0 ] &&
           [ \$(sort -u '$T/u1' | wc -l) -eq \$(wc -l < '$T/u1') ] && [ \$(wc -l < '$T/u1') -gt 10 ] &&
           '$SYNFIN' conns -C -r '$T/syns.pcap' -T zeek | awk -F '\t' '!/^#/ { print \$2 }' | cmp -s - '$T/u1'"

# --- Where Zeek ends a connection and begins another on the same
# addresses and ports (mkpcap.py zeek-timers; Wireshark keeps one
# tcp.stream for each client port). Zeek 6/7 sources:
# packet_analysis/protocol/tcp/TCPSessionAdapter.cc (AttemptTimer,
# ConnectionClosed's ConnDeleteTimer, IsReuse), Conn.cc (InactivityTimer),
# base/init-bare.zeek (tcp_attempt_delay 5 s, tcp_close_delay 5 s,
# tcp_inactivity_timeout 5 min); TimerMgr::Advance runs a timer before
# any packet of its time or later. Each row: client port, start (s after
# 1700000000), conn_state, history, orig_pkts, resp_pkts.
python3 "$here/tools/mkpcap.py" zeek-timers > "$T/timers.pcap"
"$SYNFIN" conns -r "$T/timers.pcap" -T zeek > "$T/timers.log" 2> "$T/timers.err"
cut_cols "$T/timers.log" id.orig_p ts conn_state history orig_pkts resp_pkts |
    awk -F '\t' '{ printf "%s %.6f %s %s %s %s\n", $1, $2 - 1700000000, $3, $4, $5, $6 }' | sort -k1,1n -k2,2n > "$T/timers.rows"
timer_row() { grep -qx "$1" "$T/timers.rows"; }
check "zeek timers: a SYN unanswered for tcp_attempt_delay (5 s) ends its connection: retries at 7 s and 15 s are new ones (S0 x3)" \
    sh -c "[ \$(grep -c '^41001 ' '$T/timers.rows') -eq 3 ] && grep -qx '41001 0.000000 S0 S 3 0' '$T/timers.rows' &&
           grep -qx '41001 7.000000 S0 S 1 0' '$T/timers.rows' && grep -qx '41001 15.000000 S0 S 1 0' '$T/timers.rows'"
check "zeek timers: a retry 4.999999 s after the SYN is the same attempt (one S0 row, 2 packets)" \
    sh -c "[ \$(grep -c '^41002 ' '$T/timers.rows') -eq 1 ] && grep -qx '41002 0.000000 S0 S 2 0' '$T/timers.rows'"
check "zeek reuse: a SYN on a connection a side closed is a new one (IsReuse): a refused SYN sent again gives two REJ rows" \
    sh -c "[ \$(grep -c '^41003 ' '$T/timers.rows') -eq 2 ] && grep -qx '41003 0.000000 REJ Sr 1 1' '$T/timers.rows' &&
           grep -qx '41003 1.000000 REJ Sr 1 1' '$T/timers.rows'"
check "zeek timers: tcp_close_delay (5 s) after the close, an ACK begins a new connection (OTH A); 4.9 s after, it was the old one's" \
    sh -c "[ \$(grep -c '^41004 ' '$T/timers.rows') -eq 2 ] && grep -qx '41004 0.000000 SF ShAFf 5 2' '$T/timers.rows' &&
           grep -qx '41004 10.000400 OTH A 1 0' '$T/timers.rows'"
check "zeek timers: 5 minutes without a packet (tcp_inactivity_timeout) ends a connection; 299 s does not" \
    sh -c "[ \$(grep -c '^41005 ' '$T/timers.rows') -eq 2 ] && grep -qx '41005 0.000000 S1 ShAD 4 1' '$T/timers.rows' &&
           grep -qx '41005 599.000300 OTH D 1 0' '$T/timers.rows'"
check "zeek parts: each row its own uid; synfin's own table keeps one row a tcp.stream (13)" \
    sh -c "[ \$(grep -vc '^#' '$T/timers.log') -eq 21 ] &&
           [ \$(awk -F '\t' '!/^#/ { print \$2 }' '$T/timers.log' | sort -u | wc -l) -eq 21 ] &&
           [ \$('$SYNFIN' conns -r '$T/timers.pcap' | tail -n +2 | wc -l) -eq 13 ]"
# Content gaps (TCP_Reassembler::AckReceived -> DataBlockList::Trim ->
# Undelivered -> Gap; TCP_Endpoint::Gap's scaled 'G'; main.zeek's
# content_gap handler adds the length to missed_bytes): bytes the peer
# acknowledged that the capture never held.
cut_cols "$T/timers.log" id.orig_p missed_bytes history > "$T/gaps.rows"
check "zeek gaps: a segment missing from the capture, then ACKed: missed_bytes 100, G (ShADaGFf)" \
    grep -qx '41007	100	ShADaGFf' "$T/gaps.rows"
check "zeek gaps: a segment cut by the snapshot length is a gap too: missed_bytes 100, G" \
    grep -qx '41008	100	ShADaGFf' "$T/gaps.rows"
check "zeek gaps: a segment lost and sent again before the ACK passed it is no gap (0, T)" \
    grep -qx '41009	0	ShADaTFf' "$T/gaps.rows"
# TCPAnalyzer::ExtractTCP_Header: a header cut inside its options makes
# the connection (NewConn came first) but is not processed or counted.
# Then IsReuse: the SYN-ACK's number is not the never-set start (0) of a
# responder Zeek has not seen, so it begins a new connection, flipped by
# its likely server port 80.
cut_cols "$T/timers.log" id.orig_p conn_state history orig_pkts resp_pkts > "$T/trunc.rows"
check "zeek: a SYN dropped for its checksum, then sent again: two rows (OTH C, then S1 ShA)" \
    sh -c "grep -qx '41011	OTH	C	0	0' '$T/trunc.rows' && grep -qx '41011	S1	ShA	2	1' '$T/trunc.rows'"
check "zeek: a FIN then a RST from the client, server data 10 s later: a second connection" \
    sh -c "[ \$(grep -c '^41012	' '$T/trunc.rows') -eq 2 ] && grep -qx '41012	RSTO	ShAFdR	4	2' '$T/trunc.rows'"
check "zeek: a data offset of 4 words is not read (S1 ShA, 2 and 1 packets)" \
    grep -qx '41013	S1	ShA	2	1' "$T/trunc.rows"
# A SYN kept as a record and made whole again (SYNFIN_STATE_STRESS=1: at
# once) carries Zeek's verdict on it: the rows are the same.
check "zeek: SYN records give the same rows, checksums checked (SYNFIN_STATE_STRESS=1)" \
    sh -c "'$SYNFIN' conns -r '$T/timers.pcap' -T zeek 2>/dev/null | grep -v '^#' | cut -f 3- > '$T/rec0' &&
           SYNFIN_STATE_STRESS=1 '$SYNFIN' conns -r '$T/timers.pcap' -T zeek 2>/dev/null | grep -v '^#' | cut -f 3- > '$T/rec1' &&
           cmp -s '$T/rec0' '$T/rec1'"
check "zeek: a SYN cut inside its options is not read (OTH, no history, no packets), and the SYN-ACK is a reuse (S1 ^hA)" \
    sh -c "grep -qx '41010	OTH	-	0	0' '$T/trunc.rows' && grep -qx '41010	S1	^hA	1	1' '$T/trunc.rows'"
# Checksums (TCPAnalyzer::ValidateChecksum, TCP_Endpoint::ChecksumError):
# without -C Zeek drops a segment whose checksum is wrong, after the
# letter 'C' (originator) or 'c' (responder); nothing else of it counts.
check "zeek checksums: a bad SYN-ACK is 'c', a bad request 'C', neither counted (SchACD, 3 and 1 packets)" \
    timer_row '41006 0.000000 S1 SchACD 3 1'
"$SYNFIN" conns -C -r "$T/timers.pcap" -T zeek > "$T/timers-C.log" 2> "$T/timers-C.err"
cut_cols "$T/timers-C.log" id.orig_p conn_state history orig_pkts resp_pkts > "$T/timers-C.rows"
check "zeek checksums: with -C, as zeek -C, every segment counts (ShADT, 4 and 2 packets)" \
    grep -qx '41006	S1	ShADT	4	2' "$T/timers-C.rows"
"$SYNFIN" conns -r "$T/mid.pcap" -T zeek > /dev/null 2> "$T/mid.err"
check "zeek checksums: over 5% of segments dropped (mid.pcap has no checksums), one warning line on stderr, as Zeek's" \
    sh -c "[ \$(wc -l < '$T/mid.err') -eq 1 ] && grep -q 'mid.pcap: 40 of 40 TCP segments have invalid checksums.*-C keeps them' '$T/mid.err'"
"$SYNFIN" conns -r "$T/syns.pcap" -T zeek > /dev/null 2> "$T/syns.err"
nsyn=$("$SYNFIN" -r "$T/syns.pcap" -Y tcp -T fields -e frame.number | wc -l)
check "zeek checksums: the warning counts each segment once, SYN records made whole again included ($nsyn)" \
    grep -q "syns.pcap: $nsyn of $nsyn TCP segments" "$T/syns.err"
check "zeek checksums: no warning at 3 bad of 79 segments, nor with -C" \
    sh -c "[ ! -s '$T/timers.err' ] && [ ! -s '$T/timers-C.err' ]"

"$SYNFIN" conns -C -r "$T/mid.pcap" > /dev/null 2> "$T/c.err"; rc=$?
check "-C without -T zeek: status 2, one line naming -C" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/c.err') -eq 1 ] && grep -q -- '-C' '$T/c.err'"
"$SYNFIN" conns -r "$T/mid.pcap" -T zeek -T json > /dev/null 2> "$T/both.err"; rc=$?
check "-T zeek with -T json: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/both.err') -eq 1 ]"

# --- -T zeekjson: Zeek's JSON logs (LogAscii::use_json=T; Zeek's
# threading/formatters/JSON.cc). One object a line; a field Zeek leaves
# unset is left out ("-" in the TSV row); counts and ports are numbers,
# addresses and strings are strings, times and intervals doubles written
# as rapidjson writes them: the shortest digits that read back as the
# same double, which is sec + usec / 1e6 for a time (Zeek's packet time).
zj_bad=""
for f in "$T/mid.pcap" "$T/syns.pcap" "$T/timers.pcap" ${SYNFIN_SCEN:+"$SYNFIN_SCEN"/*.pcap}; do
    [ -f "$f" ] || continue
    "$SYNFIN" conns -C -r "$f" -T zeek > "$T/j.log" && "$SYNFIN" conns -C -r "$f" -T zeekjson > "$T/j.json" &&
        python3 - "$T/j.log" "$T/j.json" <<'EOF' || { zj_bad="$zj_bad $(basename "$f")"; }
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("#")]
head = [l.rstrip("\n").split("\t")[1:] for l in open(sys.argv[1]) if l.startswith("#fields") or l.startswith("#types")]
names, types = head
lines = open(sys.argv[2]).read().splitlines()
assert len(lines) == len(rows), "rows: %d json, %d tsv" % (len(lines), len(rows))
def shortest(x):                      # Python's repr is the shortest round trip
    return "".join(c for c in repr(x).split("e")[0] if c.isdigit()).strip("0")
for line, row in zip(lines, rows):
    obj = json.loads(line)
    want = [n for n, v in zip(names, row) if v != "-"]
    assert list(obj) == want, "keys %s, want %s" % (list(obj), want)
    for n, t, v in zip(names, types, row):
        if v == "-":
            continue
        got = obj[n]
        if t in ("count", "port"):
            assert type(got) is int and got == int(v), (n, got, v)
        elif t in ("time", "interval"):
            assert type(got) is float and "%.6f" % got == v, (n, got, v)
            token = line.split('"%s":' % n, 1)[1].split(",", 1)[0].rstrip("}")
            digits = "".join(c for c in token.split("e")[0] if c.isdigit()).strip("0")
            assert digits == shortest(got), (n, token, repr(got))
            if t == "time":
                sec, usec = v.split(".")
                assert got == float(sec) + float(usec) / 1e6, (n, got, v)
        else:
            assert type(got) is str and got == v, (n, got, v)
EOF
done
check "-T zeekjson: every row is the -T zeek row as Zeek's JSON writer writes it${zj_bad:+ (differ:$zj_bad)}" \
    [ -z "$zj_bad" ]
"$SYNFIN" conns -r "$T/mid.pcap" -T zeekjson -T json > /dev/null 2> "$T/both.err"; rc=$?
check "-T zeekjson with -T json: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/both.err') -eq 1 ]"

# Packets and IP bytes each way, against tshark's ip.len (ipv6.plen + 40)
# summed per direction, on the scenario captures.
S=${SYNFIN_SCEN:-}
if [ -n "$S" ] && [ -s "$S/hello.pcap" ] && command -v tshark > /dev/null; then
    bad=""
    for f in "$S"/*.pcap; do
        tshark -n -r "$f" -Y tcp -T fields -e tcp.srcport -e tcp.dstport -e ip.len -e ipv6.plen 2> /dev/null |
            awk -F '\t' '{ k = $1 " " $2; n[k]++; b[k] += $3 != "" ? $3 : $4 + 40 } END { for (k in n) print k, n[k], b[k] }' |
            sort > "$T/ts"
        "$SYNFIN" conns -C -r "$f" -T zeek > "$T/one.log"
        cut_cols "$T/one.log" id.orig_p id.resp_p orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes |
            awk -F '\t' '{ k = $1 " " $2; n[k] += $3; b[k] += $4; r = $2 " " $1; n[r] += $5; b[r] += $6 }
                         END { for (k in n) if (n[k]) print k, n[k], b[k] }' | sort > "$T/sy"
        cmp -s "$T/ts" "$T/sy" || bad="$bad $(basename "$f")"
    done
    check "orig/resp packets and IP bytes equal tshark's on every scenario capture${bad:+ (differ:$bad)}" [ -z "$bad" ]
else
    echo "# skip: packets and IP bytes against tshark (no scenario captures or no tshark)"
fi
# duration: Zeek's last_time moves with every packet until both sides have
# closed (TCPSessionAdapter::Process: SetLastTime only while !orig->did_close
# || !resp->did_close; ConnectionClosed sets did_close for a FIN or a RST),
# so the ACKs after the second FIN are not in it. The oracle: tshark's
# frame times and flags, the rule applied in Zeek's doubles.
S=${SYNFIN_SCEN:-}
if [ -n "$S" ] && [ -s "$S/hello.pcap" ] && command -v tshark > /dev/null; then
    bad=""
    for f in "$S"/*.pcap; do
        tshark -n -r "$f" -Y tcp -T fields -e tcp.stream -e frame.time_epoch -e tcp.srcport -e tcp.flags.fin \
            -e tcp.flags.reset 2> /dev/null > "$T/dur.tsv"
        "$SYNFIN" conns -C -r "$f" -T zeek > "$T/dur.log"
        python3 - "$T/dur.tsv" "$T/dur.log" <<'EOF' || bad="$bad $(basename "$f")"
import sys
conns = {}
for line in open(sys.argv[1]):
    stream, t, port, fin, rst = line.rstrip("\n").split("\t")
    sec, frac = t.split(".")
    zt = float(sec) + float(int(frac[:6])) / 1e6          # Zeek's packet time
    c = conns.setdefault(int(stream), {"first": zt, "last": zt, "closed": set()})
    if len(c["closed"]) < 2:
        c["last"] = zt
    if fin in ("1", "True") or rst in ("1", "True"):
        c["closed"].add(port)
want = []
for stream in sorted(conns):
    d = conns[stream]["last"] - conns[stream]["first"]
    want.append("%.6f" % d if d > 0 else "-")
got = [l.split("\t")[8] for l in open(sys.argv[2]) if not l.startswith("#")]
if got != want:
    print("# durations", got[:5], "want", want[:5])
    sys.exit(1)
EOF
    done
    check "duration: Zeek's, up to the packet that closed the second side, on every scenario capture${bad:+ (differ:$bad)}" [ -z "$bad" ]
else
    echo "# skip: durations against tshark's frame times (no scenario captures or no tshark)"
fi
# orig_bytes/resp_bytes: TCP_Endpoint::Size(), the sequence space each side
# covered: its highest sequence number sent (tcp.nxtseq) or acknowledged by
# the peer (tcp.ack, not in a RST), less the SYN and the FIN. Bytes resent
# count once (the lossy capture resends); the oracle is tshark's relative
# numbers.
if [ -n "$S" ] && [ -s "$S/hello.pcap" ] && command -v tshark > /dev/null; then
    bad=""
    for f in "$S"/*.pcap; do
        tshark -n -r "$f" -Y tcp -T fields -e tcp.stream -e tcp.srcport -e tcp.flags -e tcp.nxtseq -e tcp.ack \
            2> /dev/null > "$T/bytes.tsv"
        "$SYNFIN" conns -C -r "$f" -T zeek > "$T/bytes.log"
        python3 - "$T/bytes.tsv" "$T/bytes.log" <<'EOF' || bad="$bad $(basename "$f")"
import sys
top, fin = {}, {}
ports = {}
for line in open(sys.argv[1]):
    stream, port, flags, nxt, ack = line.rstrip("\n").split("\t")
    stream, port, flags = int(stream), int(port), int(flags, 16)
    ports.setdefault(stream, [])
    if port not in ports[stream]:
        ports[stream].append(port)
    if nxt:
        top[stream, port] = max(top.get((stream, port), 0), int(nxt))
    if flags & 0x01:
        fin[stream, port] = 1
    if ack and flags & 0x10 and not flags & 0x04:
        other = [p for p in ports[stream] if p != port]
        key = (stream, other[0] if other else -1)
        top[key] = max(top.get(key, 0), int(ack))
def size(stream, port):
    n = top.get((stream, port), 0)
    n = n - 1 if n > 0 else 0
    return n - 1 if n > 0 and fin.get((stream, port)) else n
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if not l.startswith("#")]
for stream, r in enumerate(rows):
    if r[9] == "-":
        continue
    want = "%d %d" % (size(stream, int(r[3])), size(stream, int(r[5])))
    if "%s %s" % (r[9], r[10]) != want:
        print("# stream %d: orig/resp bytes %s %s, want %s" % (stream, r[9], r[10], want))
        sys.exit(1)
EOF
    done
    check "orig_bytes and resp_bytes: each side's sequence span, on every scenario capture${bad:+ (differ:$bad)}" [ -z "$bad" ]
fi
[ $fails -eq 0 ]
