#!/bin/sh
# Reading captures: formats, options, output modes, bad input. Uses the
# classic hello capture made from real kernel traffic by tests/scenarios.
TEST=t_read; . "$(dirname "$0")/lib.sh"

scen=${SYNFIN_SCEN:-$T/scen}
if [ ! -s "$scen/hello.pcap" ]; then
    sh "$here/scenarios/make.sh" "$scen" hello refused > "$T/make.log" 2>&1
    rc=$?
    if [ $rc -eq 77 ]; then
        echo "# skip: no captures: $(tail -n 1 "$T/make.log")"
        exit 0
    fi
    [ $rc -eq 0 ] || { nok "make the hello capture: $(tail -n 1 "$T/make.log")"; exit 1; }
fi
H=$scen/hello.pcap

# --- the classic: ten segments, each named by its step
"$SYNFIN" -r "$H" > "$T/sum.txt" 2> "$T/err.txt"
check "hello: exit status 0" [ $? -eq 0 ]
check "hello: nothing on stderr" [ ! -s "$T/err.txt" ]
n=$(wc -l < "$T/sum.txt")
check "hello: 9 or 10 segments ($n)" [ "$n" -ge 9 -a "$n" -le 10 ]
for step in "handshake 1/3" "handshake 2/3" "handshake 3/3" "teardown 1/4"; do
    check "hello: step '$step' once" [ "$(grep -c "($step: client" "$T/sum.txt")" -eq 1 ]
done
check "hello: the close is four or three segments" \
    grep -q -e '(teardown 4/4: client TIME-WAIT, server CLOSED)' "$T/sum.txt"
check "hello: first line is the SYN with Seq=0 and its options" \
    sh -c "head -n 1 '$T/sum.txt' | grep -q '\[SYN\] Seq=0 Win=[0-9]* Len=0 MSS=65495 SACK_PERM TSval=[0-9]* TSecr=0 WS=[0-9]*  (handshake 1/3: client SYN-SENT, server LISTEN)'"
check "hello: SYN line shows the arrow and ports" sh -c "head -n 1 '$T/sum.txt' | grep -q '127.0.0.1 → 127.0.0.1'"

# --- input forms give the same frames
"$SYNFIN" -r "$H" -T fields -e frame.number -e frame.time_epoch -e tcp.seq -e tcp.flags.str > "$T/plain.tsv"
gzip -c "$H" > "$T/hello.pcap.gz"
"$SYNFIN" -r "$T/hello.pcap.gz" -T fields -e frame.number -e frame.time_epoch -e tcp.seq -e tcp.flags.str > "$T/gz.tsv"
check "gzip is read by content" cmp -s "$T/plain.tsv" "$T/gz.tsv"
cp "$T/hello.pcap.gz" "$T/noext"
"$SYNFIN" -r "$T/noext" -T fields -e frame.number -e frame.time_epoch -e tcp.seq -e tcp.flags.str > "$T/noext.tsv"
check "gzip without a .gz name" cmp -s "$T/plain.tsv" "$T/noext.tsv"
"$SYNFIN" -r - -T fields -e frame.number -e frame.time_epoch -e tcp.seq -e tcp.flags.str < "$T/hello.pcap.gz" > "$T/stdin.tsv"
check "-r - reads stdin (gzip too)" cmp -s "$T/plain.tsv" "$T/stdin.tsv"
if command -v editcap >/dev/null 2>&1; then
    editcap -F pcapng "$H" "$T/hello.pcapng" 2>/dev/null
    "$SYNFIN" -r "$T/hello.pcapng" -T fields -e frame.number -e frame.time_epoch -e tcp.seq -e tcp.flags.str > "$T/ng.tsv"
    check "pcapng gives the same frames" cmp -s "$T/plain.tsv" "$T/ng.tsv"
    editcap -F nsecpcap "$H" "$T/hello-ns.pcap" 2>/dev/null
    "$SYNFIN" -r "$T/hello-ns.pcap" -T fields -e frame.number -e frame.time_epoch -e tcp.seq -e tcp.flags.str > "$T/ns.tsv"
    check "nanosecond pcap gives the same frames" cmp -s "$T/plain.tsv" "$T/ns.tsv"
    check "nanosecond pcap: Time column has 9 decimals" \
        sh -c "'$SYNFIN' -r '$T/hello-ns.pcap' -c 1 -T fields -e _ws.col.Time | grep -qx '0.000000000'"
fi

# --- options
check "-c 3 stops after three frames" [ "$("$SYNFIN" -r "$H" -c 3 | wc -l)" -eq 3 ]
"$SYNFIN" -r "$H" -f 'tcp[tcpflags] & tcp-fin != 0' -T fields -e frame.number -e tcp.flags.fin > "$T/fin.tsv"
check "-f keeps the file's frame numbers" sh -c "[ \$(wc -l < '$T/fin.tsv') -eq 2 ] && ! grep -q '^1	' '$T/fin.tsv' && ! grep -qv '	1\$' '$T/fin.tsv'"
check "-E header=y separator=, occurrence=f" \
    sh -c "'$SYNFIN' -r '$H' -c 1 -T fields -E header=y -E separator=, -E occurrence=f -e frame.number -e tcp.port | tr '\n' '|' | grep -qx 'frame.number,tcp.port|1,[0-9]*|'"
check "-o tcp.relative_sequence_numbers:FALSE prints raw numbers" \
    sh -c "[ \"\$('$SYNFIN' -r '$H' -c 1 -o tcp.relative_sequence_numbers:FALSE -T fields -e tcp.seq)\" = \"\$('$SYNFIN' -r '$H' -c 1 -T fields -e tcp.seq_raw)\" ]"
check "-o tcp.check_checksum:TRUE verifies (status 0 or 1, never 2)" \
    sh -c "'$SYNFIN' -r '$H' -o tcp.check_checksum:TRUE -T fields -e tcp.checksum.status | grep -qv '^2\$' && ! '$SYNFIN' -r '$H' -o tcp.check_checksum:TRUE -T fields -e tcp.checksum.status | grep -q '^2\$'"
check "-T jsonl: one object a line with Wireshark names, integers as numbers" \
    sh -c "'$SYNFIN' -r '$H' -T jsonl | grep -c '^{\"frame.number\":[0-9]*,.*\"tcp.srcport\":[0-9]*,.*}\$' | grep -qx \$(wc -l < '$T/sum.txt')"
"$SYNFIN" -r "$H" -V -c 1 > "$T/v.txt"
check "-V shows the flag bit lines" grep -q '^        \.\.\.\. \.\.\.\. \.\.1\. = Syn: Set$' "$T/v.txt"
check "-V shows the options one by one" grep -q '^        TCP Option - Maximum segment size: 65495 bytes$' "$T/v.txt"
check "-V shows bracketed derived values" grep -q '^    \[Next Sequence Number: 1    (relative sequence number)\]$' "$T/v.txt"
check "-O tcp: summary line then TCP only" sh -c "'$SYNFIN' -r '$H' -O tcp -c 1 | head -n 2 | tail -n 1 | grep -q '^Transmission Control Protocol'"
check "-x dumps hex and ASCII" sh -c "'$SYNFIN' -r '$H' -x -c 1 | grep -q '^0000  '"
check "--color=always colours SYN lines" sh -c "'$SYNFIN' -r '$H' -c 1 --color=always | grep -q \"\$(printf '\033')\""
check "--color=never (and a pipe) prints no escapes" sh -c "! '$SYNFIN' -r '$H' | grep -q \"\$(printf '\033')\""
check "-t e prints epoch times" sh -c "'$SYNFIN' -r '$H' -t e -c 1 | grep -q ' 1[0-9]\{9\}\.[0-9]\{6\} '"

# --- bad input: one line naming the file and the reason, status 2
"$SYNFIN" -r "$T/does-not-exist" > "$T/o" 2> "$T/e"; rc=$?
check "missing file: status 2" [ $rc -eq 2 ]
check "missing file: one line naming it" sh -c "[ \$(wc -l < '$T/e') -eq 1 ] && grep -q 'does-not-exist: No such file' '$T/e'"
printf 'not a capture file at all' > "$T/junk"
"$SYNFIN" -r "$T/junk" > "$T/o" 2> "$T/e"; rc=$?
check "not a capture: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/e') -eq 1 ] && grep -q junk '$T/e'"
size=$(wc -c < "$H")
head -c $((size - 30)) "$H" > "$T/cut.pcap"
"$SYNFIN" -r "$T/cut.pcap" > "$T/o" 2> "$T/e"; rc=$?
check "truncated file: status 2 after the readable frames" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/o') -eq $((n - 1)) ] && grep -q 'cut.pcap' '$T/e'"
"$SYNFIN" -r "$H" -T fields -e no.such.field > "$T/o" 2> "$T/e"; rc=$?
check "unknown field: status 2" sh -c "[ $rc -eq 2 ] && grep -q no.such.field '$T/e'"
"$SYNFIN" -r "$H" --bogus > "$T/o" 2> "$T/e"; rc=$?
check "unknown option: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/e') -eq 1 ]"
"$SYNFIN" -r "$H" -f 'tcp and and' > "$T/o" 2> "$T/e"; rc=$?
check "bad filter: status 2 naming the filter" sh -c "[ $rc -eq 2 ] && grep -q 'tcp and and' '$T/e'"
check "--help is complete" sh -c "'$SYNFIN' --help | grep -q -- '-T fields' && '$SYNFIN' --help | grep -q -- '--color'"

# --- control bytes never reach the terminal from packet data
if [ -n "${SHARED:-}" ] && [ -d "$SHARED/corpus/tcpdump" ]; then
    bad=0
    for f in "$SHARED"/corpus/tcpdump/*.pcap; do
        "$SYNFIN" -r "$f" -P -x 2>/dev/null | tr -d '\n\t' | LC_ALL=C grep -q '[[:cntrl:]]' && { bad=1; echo "# control bytes from $f"; }
    done
    check "no control bytes printed from any corpus capture" [ $bad -eq 0 ]
else
    echo "# skip: corpus absent"
fi
# --- mapped and read: a file mapped under a lease (src/source/filemap.h;
# SYNFIN_MAP=1 maps it whatever the output mode)
# gives every frame byte for byte as the file read with read(2) does (-x
# prints every captured byte), on the scenarios and the corpus's TCP files;
# its progress and its end (a cut last record) are the same too.
same=0 differ=""
for f in "$scen"/*.pcap $(awk -v d="${SHARED:-/nonexistent}/corpus/tcpdump/" '{ print d $2 }' "${SHARED:-/nonexistent}/corpus/tcpdump-tcp-files.txt" 2>/dev/null); do
    [ -f "$f" ] || continue
    SYNFIN_MAP=0 "$SYNFIN" -r "$f" -x > "$T/read.txt" 2>&1; a=$?
    SYNFIN_MAP=1 "$SYNFIN" -r "$f" -x > "$T/map.txt" 2>&1; b=$?
    if [ $a = $b ] && cmp -s "$T/read.txt" "$T/map.txt"; then same=$((same + 1)); else differ="$differ $(basename "$f")"; fi
done
check "mapped file gives what read(2) gives: $same files alike, differ:${differ:- none}" [ -z "$differ" -a $same -gt 0 ]

[ $fails -eq 0 ]
