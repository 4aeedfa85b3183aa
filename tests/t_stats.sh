#!/bin/sh
# Statistics (-z) against tshark 4.0, byte for byte:
#   -z conv,tcp   -z endpoints,tcp   -z io,stat,INTERVAL[,FILTER]...   -z expert
#
# Scenario captures (real kernel traffic): every statistic on every capture
# must print exactly what `tshark -r F -q -z ...` prints. One exception,
# stated once: on the captures of the hello HTTP exchange tshark also
# dissects HTTP and reports its request and response lines as expert
# "Chats"; synfin reports TCP's own expert infos only (it dissects no
# application protocol), so -z expert is compared with tshark run with
# --disable-protocol http there. Everything else about the comparison is
# the same: whole output, byte for byte.
#
# Filtered variants (conv,tcp,FILTER, io,stat columns, expert,LEVEL,FILTER)
# need the display-filter engine (src/present/dfilter.c); while it is the
# placeholder that keeps every frame they print "ok - filter: ... # SKIP".
#
# Corpus ($SHARED/corpus/tcpdump-tcp-files.txt, skipped without it and in
# sanitizer builds; the 20 files richest in TCP, all 119 with
# SYNFIN_STATS_FULL=1): each statistic on each file, counted as identical or not ("# corpus conv,tcp:
# 112/119 identical"). A file that differs must be listed, with the reason,
# in tests/stats-known-diffs.txt; one that is not is a failure, one listed
# that no longer differs is reported as "# fixed:". For -z expert a second
# count compares only tshark's TCP lines (the other protocols' infos taken
# out and the totals recounted), since the corpus is full of BGP, HTTP,
# OpenFlow... that synfin does not dissect.
TEST=t_stats; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null 2>&1; then
    echo "# skip: no tshark"
    exit 0
fi
export LC_ALL=C            # tshark groups thousands in some locales
SHARED=${SHARED:-$here/../../shared}
known=$here/stats-known-diffs.txt
TSHARK_TIMEOUT=${TSHARK_TIMEOUT:-120}

# Same output from both for: FILE, then the options after -r FILE.
# $tshark_extra: options for tshark alone (--disable-protocol http).
tshark_extra=""
same_as_tshark() {
    f=$1; shift
    # shellcheck disable=SC2086
    timeout "$TSHARK_TIMEOUT" tshark $tshark_extra -r "$f" "$@" > "$T/t" 2> /dev/null < /dev/null
    "$SYNFIN" -r "$f" "$@" > "$T/s" 2> "$T/err" < /dev/null
    if cmp -s "$T/t" "$T/s"; then
        return 0
    fi
    diff "$T/t" "$T/s" | head -n 6 | sed 's/^/#   /'
    return 1
}

# ---- scenario captures ------------------------------------------------------
for f in "$S"/*.pcap; do
    b=$(basename "$f")
    for z in conv,tcp endpoints,tcp io,stat,0 io,stat,1 io,stat,0.01 io,stat,0.001 io,stat,2.5 \
             "io,stat,0.5,,tcp"; do
        check "$b: -z $z identical to tshark" same_as_tshark "$f" -q -z "$z"
    done
    tshark_extra="--disable-protocol http"
    check "$b: -z expert identical to tshark (HTTP not dissected)" same_as_tshark "$f" -q -z expert
    tshark_extra=""
done

# Several statistics at once: tshark prints the last -z first.
tshark_extra="--disable-protocol http"
check "several -z at once, in tshark's order" \
    same_as_tshark "$S/tfo.pcap" -q -z conv,tcp -z io,stat,0.02 -z endpoints,tcp -z expert
tshark_extra=""
# Without -q the frames come first, then the statistics, as in tshark.
check "without -q: frames, then the statistics" sh -c "
    tshark -r '$S/hello.pcap' -q -z conv,tcp -z io,stat,0 2>/dev/null > '$T/tq'
    '$SYNFIN' -r '$S/hello.pcap' -z conv,tcp -z io,stat,0 > '$T/sf'
    n=\$(wc -l < '$T/tq')
    [ \$(wc -l < '$T/sf') -eq \$((n + 10)) ] && tail -n \$n '$T/sf' | cmp -s - '$T/tq' &&
        head -n 1 '$T/sf' | grep -q '^ *1 '"

# A file cut in the middle of a frame: status 2, and the statistics of the
# frames read, as tshark prints them.
head -c 700 "$S/hello.pcap" > "$T/cut.pcap"
"$SYNFIN" -r "$T/cut.pcap" -q -z conv,tcp > "$T/s.cut" 2> /dev/null
rc=$?
check "a cut file: status 2, statistics of the frames read" sh -c "[ $rc -eq 2 ] &&
    tshark -r '$T/cut.pcap' -q -z conv,tcp 2>/dev/null | cmp -s - '$T/s.cut'"

# Options of lengths wrong for their kinds (tests/tools/mkpcap.py
# bad-options): the notes the option dissectors add ("option length should
# be 4", AccECN's and the experimental option's own words, a SACK block
# begun and not ended, MPTCP's exception), in the order first seen.
python3 "$here/tools/mkpcap.py" bad-options > "$T/bad-options.pcap"
check "bad-options.pcap: -z expert identical to tshark" same_as_tshark "$T/bad-options.pcap" -q -z expert

# io,stat's Duration when its last decimal is a half-way case: rounded as
# tshark rounds the double of seconds (tests/tools/mkpcap.py halfway-duration).
python3 "$here/tools/mkpcap.py" halfway-duration > "$T/halfway.pcap"
for z in io,stat,0 io,stat,0.001; do
    check "halfway.pcap (3.5005 s): -z $z identical to tshark" same_as_tshark "$T/halfway.pcap" -q -z "$z"
done

# The level of -z expert.
check "-z expert,warn identical to tshark" same_as_tshark "$S/lossy.pcap" -q -z expert,warn
check "-z expert,chat identical to tshark" same_as_tshark "$S/zerowin.pcap" -q -z expert,Chat

# -t: the statistics' times follow the time format, as tshark's (conv,tcp's
# Start column and heads, io,stat's rows). The local formats (a, ad, adoy)
# also in a zone that is not UTC, where u, ud, udoy must still write UTC;
# io,stat refuses d, dd and e (tshark prints nothing on stdout then).
had_tz=${TZ+x}; old_tz=${TZ-}
for tz in UTC Asia/Tokyo; do
    export TZ=$tz
    for f in hello.pcap lossy.pcap keepalive.pcap; do
        for m in r d dd e a ad adoy u ud udoy; do
            check "TZ=$tz $f: -z conv,tcp -t $m identical to tshark" same_as_tshark "$S/$f" -q -z conv,tcp -t $m
            check "TZ=$tz $f: -z io,stat,0.001 -t $m identical to tshark" \
                same_as_tshark "$S/$f" -q -z io,stat,0.001 -t $m
        done
    done
    for m in a ad adoy u ud udoy; do
        for z in io,stat,0 io,stat,1 "io,stat,0.5,,tcp"; do
            check "TZ=$tz keepalive.pcap: -z $z -t $m identical to tshark" \
                same_as_tshark "$S/keepalive.pcap" -q -z "$z" -t $m
        done
    done
done
if [ -n "$had_tz" ]; then TZ=$old_tz; else unset TZ; fi
# tshark 4.0 counts io,stat's wall clock in whole seconds: the first
# frame's seconds less its relative seconds, plus each row's whole seconds.
# keepalive.pcap moved 0.5 s later (its first frame at .554706) shows it.
python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read()
out, i = bytearray(d[:24]), 24
while i + 16 <= len(d):
    s, us, cl, ol = struct.unpack("<IIII", d[i:i + 16])
    us += 500000
    s, us = s + us // 1000000, us % 1000000
    out += struct.pack("<IIII", s, us, cl, ol) + d[i + 16:i + 16 + cl]
    i += 16 + cl
sys.stdout.buffer.write(out)' "$S/keepalive.pcap" > "$T/late.pcap"
for m in a ud; do
    check "keepalive.pcap 0.5 s later: -z io,stat,0.5 -t $m identical to tshark (whole seconds)" \
        same_as_tshark "$T/late.pcap" -q -z io,stat,0.5 -t $m
done
"$SYNFIN" -r "$S/hello.pcap" -q -z io,stat,1 -t e > "$T/out" 2> "$T/err"
rc=$?
check "-z io,stat -t e: refused as tshark, status 2, one line" \
    sh -c "[ $rc -eq 2 ] && [ ! -s '$T/out' ] && [ \$(wc -l < '$T/err') -eq 1 ]"

# Usage errors: one line naming the argument, status 2.
for bad in conv,udp hosts io,stat io,stat,x io,stat,1, io,stat,-1; do
    "$SYNFIN" -r "$S/hello.pcap" -q -z "$bad" > "$T/out" 2> "$T/err"
    rc=$?
    check "-z $bad: status 2, one line naming it" \
        sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/err') -eq 1 ] && grep -qF -- \"'$bad'\" '$T/err' && [ ! -s '$T/out' ]"
done

# io,stat's rows are bounded: two frames 4,000,000,000 s apart (a crafted
# timestamp) in 1 ms intervals would be 4e12 rows. Status 1, one line, no
# table, at once. The file: a pcap header and two 14-byte frames.
python3 -c '
import struct, sys
hdr = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
frame = bytes(12) + b"\x08\x00"
rec = lambda s: struct.pack("<IIII", s, 0, len(frame), len(frame)) + frame
sys.stdout.buffer.write(hdr + rec(0) + rec(4000000000))' > "$T/span.pcap"
timeout 10 "$SYNFIN" -r "$T/span.pcap" -q -z io,stat,0.001 > "$T/out" 2> "$T/err"
rc=$?
check "io,stat over a 4e9 s span in 1 ms: refused at 1,000,000 rows, status 1, one line" \
    sh -c "[ $rc -eq 1 ] && [ ! -s '$T/out' ] && [ \$(wc -l < '$T/err') -eq 1 ] && grep -q 'more than the 1000000' '$T/err'"
timeout 10 "$SYNFIN" -r "$T/span.pcap" -q -z io,stat,10000 > "$T/out" 2> "$T/err"
rc=$?
check "the same span in 10000 s intervals: 400,000 rows, printed" \
    sh -c "[ $rc -eq 0 ] && [ ! -s '$T/err' ] && [ \$(grep -c ' <> ' '$T/out') -eq 400000 ]"

# ---- filtered variants: need the display-filter engine ----------------------
# The placeholder engine keeps every frame: frame.number==1 keeps 10 here.
if "$SYNFIN" -r "$S/hello.pcap" -q -z io,stat,0,frame.number==1 | grep -q '|     10 |'; then
    engine=placeholder
else
    engine=real
fi
filter_check() {
    desc=$1; shift
    if [ $engine = placeholder ]; then
        echo "ok - filter: $desc # SKIP the display-filter engine is still the placeholder"
    else
        check "filter: $desc" same_as_tshark "$@"
    fi
}
filter_check "conv,tcp,FILTER" "$S/many.pcap" -q -z "conv,tcp,tcp.srcport==4009 && frame.len > 70"
filter_check "endpoints,tcp,FILTER" "$S/tfo.pcap" -q -z "endpoints,tcp,tcp.len > 0"
filter_check "io,stat with three filter columns" "$S/keepalive.pcap" -q \
    -z "io,stat,1,tcp.flags.syn==1,,tcp.analysis.keep_alive"
filter_check "io,stat with a long filter that wraps" "$S/lossy.pcap" -q \
    -z "io,stat,0.01,tcp.analysis.retransmission || tcp.analysis.fast_retransmission || tcp.analysis.out_of_order || tcp.analysis.duplicate_ack"
filter_check "io,stat -t a: the first frame a filter counts sets the clock" "$T/late.pcap" -q \
    -z "io,stat,0.5,frame.number==14" -t a
filter_check "expert,note,FILTER" "$S/lossy.pcap" -q -z "expert,note,tcp.srcport==4008"
filter_check "expert,FILTER" "$S/many.pcap" -q -z "expert,tcp.stream < 3"

# ---- corpus -----------------------------------------------------------------
list=$SHARED/corpus/tcpdump-tcp-files.txt
if [ ! -s "$list" ]; then
    echo "# skip corpus: no $list"
    [ $fails -eq 0 ]
    exit
fi
if [ "${SYNFIN_SANITIZED:-0}" = 1 ]; then
    echo "# corpus skipped: a sanitizer build runs the scenario captures only"
    [ $fails -eq 0 ]
    exit
fi
dir=$SHARED/corpus/tcpdump
# The 20 files with the most TCP frames (tshark runs four times a file: the
# whole corpus takes some 25 minutes on a loaded 2-core machine); all 119
# with SYNFIN_STATS_FULL=1.
if [ "${SYNFIN_STATS_FULL:-0}" = 1 ]; then
    cp "$list" "$T/files"
else
    sort -k1,1nr -k2 "$list" | head -20 > "$T/files"
fi
# tshark's expert lines of protocol TCP only, with the totals recounted.
tcp_only() {
    awk '
    function flush() {
        if (n > 0) {
            printf "\n%s (%d)\n=============\n   Frequency      Group           Protocol  Summary\n", sec, tot
            for (i = 1; i <= n; i++) print line[i]
        }
        n = 0; tot = 0
    }
    /^(Errors|Warns|Notes|Chats|Comments) \(/ { flush(); sec = $1; next }
    /^=============$/ || /^   Frequency/ || /^$/ { next }
    $3 == "TCP" { line[++n] = $0; tot += $1 }
    END { flush() }'
}
is_known() {   # file kind
    grep -v '^#' "$known" 2>/dev/null | awk -F '\t' -v f="$1" -v k="$2" '$1 == f && $2 == k { found = 1 } END { exit !found }'
}
# One run of each program per file and statistic; expert is counted twice
# from the same outputs (in full, and on tshark's TCP lines: expert-tcp).
for z in conv,tcp endpoints,tcp io,stat,0 expert; do
    n=0 ok_n=0 tcp_n=0 skipped=0 unexplained=""
    while read -r _ f; do
        n=$((n + 1))
        if ! timeout "$TSHARK_TIMEOUT" tshark -r "$dir/$f" -q -z "$z" > "$T/t" 2> /dev/null < /dev/null; then
            skipped=$((skipped + 1))
            continue
        fi
        "$SYNFIN" -r "$dir/$f" -q -z "$z" > "$T/s" 2> /dev/null < /dev/null
        kind=$z
        if cmp -s "$T/t" "$T/s"; then
            ok_n=$((ok_n + 1))
        fi
        if [ $z = expert ]; then
            kind=expert-tcp
            tcp_only < "$T/t" > "$T/t2" && mv "$T/t2" "$T/t"
        fi
        if cmp -s "$T/t" "$T/s"; then
            tcp_n=$((tcp_n + 1))
            if is_known "$f" "$kind"; then
                echo "# fixed: $f $kind (remove it from $(basename "$known"))"
            fi
        elif is_known "$f" "$kind"; then
            echo "# differs (known): $f $kind"
        else
            unexplained="$unexplained $f"
            diff "$T/t" "$T/s" | head -n 4 | sed "s|^|#   $f: |"
        fi
    done < "$T/files"
    echo "# corpus -z $z: $ok_n/$n identical, $skipped skipped (tshark timed out)"
    if [ $z = expert ]; then
        echo "# corpus -z expert, TCP's lines only: $tcp_n/$n identical"
    fi
    check "corpus -z $z: every difference is explained" [ -z "$unexplained" ]
    if [ -n "$unexplained" ]; then
        echo "#   unexplained:$unexplained"
    fi
done
[ $fails -eq 0 ]
