#!/bin/sh
# synfin conns on several capture files: -r repeated, operands, a directory,
# --jobs N. A scenario capture split in three with editcap -c (rotated files,
# as tcpdump -C writes them) must give each file's own rows, in order, with
# the file in front, whatever N.
TEST=t_multifile; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v editcap > /dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y wireshark-common > /dev/null 2>&1
    fi
    command -v editcap > /dev/null 2>&1 || { echo "# skip: no editcap (apt-get install wireshark-common)"; exit 0; }
fi

# many.pcap: 2000 frames, 200 connections; 800 a file cuts connections in two.
mkdir "$T/day"
editcap -F pcap -c 800 "$S/many.pcap" "$T/part.pcap" > /dev/null
set -- $(ls "$T"/part_*.pcap)
[ $# -eq 3 ] || { nok "editcap -c 800 made 3 files (made $#)"; exit 1; }
# Names whose byte order is not their natural order: p10 is the third.
cp "$1" "$T/day/p1.pcap"; cp "$2" "$T/day/p2.pcap"; cp "$3" "$T/day/p10.pcap"
cd "$T/day" || exit 1
a=p1.pcap b=p2.pcap c=p10.pcap

# The rows of FILE alone, as the several-file run must show them: the file
# in a column WIDTH wide (table) or a "file" key first (JSON).
alone_table() {  # alone_table WIDTH FILE...
    w=$1; shift
    "$SYNFIN" conns -r "$1" | awk -v w="$w" 'NR == 1 { printf "%-*s  %s\n", w, "file", $0 }'
    for f in "$@"; do
        "$SYNFIN" conns -r "$f" | awk -v w="$w" -v f="$f" 'NR > 1 { printf "%-*s  %s\n", w, f, $0 }'
    done
}
alone_json() {
    for f in "$@"; do
        "$SYNFIN" conns -r "$f" -T json | sed "s/^{/{\"file\":\"$f\",/"
    done
}

"$SYNFIN" conns -r $a -r $b -r $c > "$T/abc.txt" 2> "$T/abc.err"; rc=$?
alone_table 8 $a $b $c > "$T/abc.want"
check "conns -r a -r b -r c: each file's own rows, in order, with a file column (status 0, nothing on stderr)" \
    sh -c "[ $rc -eq 0 ] && [ ! -s '$T/abc.err' ] && cmp '$T/abc.want' '$T/abc.txt' && [ \$(wc -l < '$T/abc.txt') -gt 200 ]"
check "conns a b c (operands, as a shell glob gives them): the same" \
    sh -c "'$SYNFIN' conns $a $b $c | cmp - '$T/abc.txt' && '$SYNFIN' conns -r $a $b -r $c | cmp - '$T/abc.txt'"
"$SYNFIN" conns -r $a -r $b -r $c -T json > "$T/abc.json"
alone_json $a $b $c > "$T/abc.jwant"
check "conns -T json, several files: every row carries \"file\" first, the rest as the file alone gives it" \
    sh -c "cmp '$T/abc.jwant' '$T/abc.json' && [ \$(grep -c '^{\"file\":\"p2.pcap\",\"stream\":' '$T/abc.json') -gt 0 ]"

# Stream indices per file, as tshark's on the file alone.
command -v tshark > /dev/null 2>&1 || echo "# (no tshark: the stream check below fails; make installs it)"
want=$(tshark -n -r $b -Y tcp -T fields -e tcp.stream 2> /dev/null | sort -n | uniq | awk 'NR == 1 { lo = $1 } END { print lo, $1, NR }')
got=$(awk '$1 == "p2.pcap" { print $2 }' "$T/abc.txt" | awk 'NR == 1 { lo = $1 } END { print lo, $1, NR }')
check "the second file's streams start at 0, as tshark's on that file alone ($want)" \
    sh -c "[ -n '$want' ] && [ '$want' = '$got' ] && [ '${want%% *}' = 0 ]"

# One file: no file column, whatever --jobs says.
"$SYNFIN" conns -r $a > "$T/a.txt"
check "one file: no file column, and --jobs changes nothing" \
    sh -c "head -n 1 '$T/a.txt' | grep -q '^stream  client' && '$SYNFIN' conns -r $a --jobs 3 | cmp - '$T/a.txt' && ! '$SYNFIN' conns -r $a -T json | grep -q '\"file\"'"

# A directory: its capture files in natural order (p1 p2 p10, not p1 p10
# p2); a text file left out with one warning; hidden files and
# subdirectories not read.
cd "$T" || exit 1
printf 'not a capture\n' > day/notes.txt
cp day/p1.pcap day/.hidden.pcap
mkdir day/sub; cp day/p1.pcap day/sub/p0.pcap
"$SYNFIN" conns day > "$T/dir.txt" 2> "$T/dir.err"; rc=$?
"$SYNFIN" conns -r day/p1.pcap -r day/p2.pcap -r day/p10.pcap > "$T/dir.want"
check "conns DIR: the same as its files listed in natural order (p1 p2 p10)" \
    sh -c "[ $rc -eq 0 ] && cmp '$T/dir.want' '$T/dir.txt' && '$SYNFIN' conns day/ 2> /dev/null | cmp - '$T/dir.txt'"
check "conns DIR: a file that is not a capture is left out with one warning naming it; hidden files and subdirectories are not read" \
    sh -c "[ \$(wc -l < '$T/dir.err') -eq 1 ] && grep -q '^synfin conns: day/notes.txt: not a capture file' '$T/dir.err' && ! grep -q 'hidden\|sub/' '$T/dir.txt'"
mkdir empty; printf 'x' > empty/one-byte
"$SYNFIN" conns empty > "$T/empty.out" 2> "$T/empty.err"; rc=$?
check "conns DIR with no capture file: status 2, the warning and one line saying so" \
    sh -c "[ $rc -eq 2 ] && [ ! -s '$T/empty.out' ] && [ \$(wc -l < '$T/empty.err') -eq 2 ] && grep -q '^synfin conns: empty: no capture file in this directory' '$T/empty.err'"

# A bad file in the middle: one line naming it, in its place; the others
# are read; status 2. A capture cut short gives its rows and its line.
head -c 30000 day/p2.pcap > cut.pcap
"$SYNFIN" conns -r day/p1.pcap -r missing.pcap -r day/notes.txt -r cut.pcap -r day/p10.pcap > "$T/bad.txt" 2> "$T/bad.err"; rc=$?
check "a missing file, a text file and a cut capture in the middle: one line each, in order; the others read; status 2" \
    sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/bad.err') -eq 3 ] && sed -n 1p '$T/bad.err' | grep -q '^synfin: missing.pcap: No such file' && sed -n 2p '$T/bad.err' | grep -q '^synfin: day/notes.txt: ' && sed -n 3p '$T/bad.err' | grep -q '^synfin: cut.pcap: ' && [ \"\$(awk '{print \$1}' '$T/bad.txt' | uniq | tr '\n' ' ')\" = 'file day/p1.pcap cut.pcap day/p10.pcap ' ]"

# --jobs: the same bytes, standard output and error, whatever N. The big
# capture first, so smaller ones finish before it when read at once.
set -- "$S/lossy.pcap" day "$S/hello.pcap" missing.pcap "$S/refused.pcap" day cut.pcap "$S/many.pcap" day
"$SYNFIN" conns "$@" > "$T/j1.out" 2> "$T/j1.err"; rc1=$?
same=yes
for n in 2 3 0 16; do
    "$SYNFIN" conns --jobs $n "$@" > "$T/j$n.out" 2> "$T/j$n.err"; rc=$?
    cmp -s "$T/j1.out" "$T/j$n.out" && cmp -s "$T/j1.err" "$T/j$n.err" && [ $rc -eq $rc1 ] || same="no (--jobs $n, status $rc)"
    "$SYNFIN" conns --jobs $n "$@" -T json > "$T/jj$n.out" 2> /dev/null
    "$SYNFIN" conns "$@" -T json 2> /dev/null | cmp -s - "$T/jj$n.out" || same="no (--jobs $n -T json)"
done
echo "# --jobs: same: $same"
check "--jobs 1, 2, 3, 0 (a CPU each), 16: the same output and error lines, byte for byte, and status ($rc1)" \
    sh -c "[ '$same' = yes ] && [ $rc1 -eq 2 ] && [ \$(awk 'NR > 1 {print \$1}' '$T/j1.out' | uniq | wc -l) -eq 14 ]"

# Names with control bytes (from a directory listing) never reach the
# terminal raw: \x1b in the table and the error line, \u001b in JSON.
mkdir esc; cp day/p1.pcap "esc/$(printf 'a\033[31mb.pcap')"; printf 'x' > "esc/$(printf 'z\033.pcap')"
"$SYNFIN" conns esc esc > "$T/esc.txt" 2> "$T/esc.err"
"$SYNFIN" conns esc esc -T json > "$T/esc.json" 2> /dev/null
check "control bytes in file names escaped: table, JSON and warnings" \
    sh -c "! grep -q \"\$(printf '\\033')\" '$T/esc.txt' '$T/esc.json' '$T/esc.err' && grep -q '^esc/a\\\\x1b\\[31mb.pcap  ' '$T/esc.txt' && grep -q '^{\"file\":\"esc/a\\\\u001b\\[31mb.pcap\",' '$T/esc.json' && grep -q 'esc/z\\\\x1b.pcap: not a capture' '$T/esc.err'"

# What several files cannot do, and plain synfin's one -r.
"$SYNFIN" conns day day -T zeek > /dev/null 2> "$T/zeek.err"; rz=$?
"$SYNFIN" -r day/p1.pcap -r day/p2.pcap > /dev/null 2> "$T/plain.err"; rp=$?
"$SYNFIN" conns day --jobs -1 > /dev/null 2> "$T/jobs.err"; rj=$?
"$SYNFIN" conns -i lo day/p1.pcap > /dev/null 2> "$T/live.err"; ri=$?
check "several files refuse -T zeek; plain synfin takes one -r; --jobs -1 and a file with -i are refused (status 2, one line each)" \
    sh -c "[ $rz -eq 2 ] && [ $rp -eq 2 ] && [ $rj -eq 2 ] && [ $ri -eq 2 ] && [ \$(cat '$T/zeek.err' '$T/plain.err' '$T/jobs.err' '$T/live.err' | wc -l) -eq 4 ] && grep -q 'mergecap' '$T/zeek.err' && grep -q 'synfin conns reads several' '$T/plain.err'"

# Standard output closed early: the workers are stopped, and synfin dies of
# SIGPIPE as a filter in a pipeline does (the parent ignores it while it
# copies, then raises it).
set -- day day day day day day day day day day day day day day day day day day day day
( "$SYNFIN" conns --jobs 2 "$@" "$S/lossy.pcap" 2> /dev/null; echo $? > "$T/pipe.rc" ) | head -n 1 > /dev/null
check "conns --jobs 2 | head -n 1: synfin ends by SIGPIPE (status 141)" \
    sh -c "[ \"\$(cat '$T/pipe.rc')\" = 141 ]"
[ $fails -eq 0 ]
