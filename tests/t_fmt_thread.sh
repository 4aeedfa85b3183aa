#!/bin/sh
# Summary lines printed on a second thread (src/present/sumring.c) are the
# lines printed on the main thread, byte for byte, in every mode that uses
# the thread, and every way a run can end ends the same.
#   - SYNFIN_FORMAT_THREAD=verify prints each line directly and through its
#     summary record (src/present/sumrec.c) with the rest of the frame
#     poisoned by two patterns, and exits 70 at the first difference: the
#     record holds everything the formatter reads. On all of the corpus
#     (TCP or not), the scenarios and crafted SYNs.
#   - =1 (the thread, batches of 256 records and of 1) against =0.
TEST=t_fmt_thread; . "$(dirname "$0")/lib.sh"
mk=$here/tools/mkpcap.py

# tcp: the scenarios, the corpus's TCP captures and crafted SYNs; all: the
# whole corpus too (non-TCP lines are printed from records as well).
tcp="" all=""
for f in "${SYNFIN_SCEN:-/nonexistent}"/*.pcap \
    $(awk -v d="${SHARED:-/nonexistent}/corpus/tcpdump/" '{ print d $2 }' "${SHARED:-/nonexistent}/corpus/tcpdump-tcp-files.txt" 2>/dev/null); do
    [ -f "$f" ] && tcp="$tcp $f"
done
python3 "$mk" late-syns > "$T/late.pcap" && python3 "$mk" odd-time-syn > "$T/odd.pcap" &&
    python3 "$mk" odd-lengths > "$T/lengths.pcap" && tcp="$tcp $T/late.pcap $T/odd.pcap $T/lengths.pcap"
for f in "${SHARED:-/nonexistent}"/corpus/tcpdump/*; do
    case " $tcp " in *" $f "*) continue ;; esac
    [ -f "$f" ] && all="$all $f"
done
[ "${SYNFIN_SANITIZED:-0}" = 0 ] || all=""        # sanitizer passes: the TCP files only
all="$tcp $all"
# UDP's lines (made on the main thread as text) among the others'.
python3 "$mk" udp-columns > "$T/udp.pcap" && python3 "$mk" udp-conv > "$T/udpconv.pcap" &&
    all="$all $T/udp.pcap $T/udpconv.pcap"

# --- verify: the record is complete, in each mode that changes what a line reads
verify() {   # MODE FILES...
    mode=$1; shift
    bad=""
    for f in "$@"; do
        SYNFIN_FORMAT_THREAD=verify "$SYNFIN" -r "$f" $mode > /dev/null 2> "$T/verify.err"
        [ $? -eq 70 ] && bad="$bad $(basename "$f")"
    done
    check "verify '$mode': every line of $# files printed alike from its record (differ:${bad:- none})" [ -z "$bad" ]
}
verify "" $all
for mode in "-t ad" "-t e" "-t dd -Y tcp.len>0" "--color=always" "-o tcp.relative_sequence_numbers:FALSE"; do
    verify "$mode" $tcp
done

# --- the thread against the main thread: stdout, stderr, status
same() {   # FILE ARGS...: 0 when =1 (batches of 256 and of 1) prints what =0 prints
    f=$1; shift
    SYNFIN_FORMAT_THREAD=0 "$SYNFIN" -r "$f" "$@" > "$T/a.out" 2> "$T/a.err"; a=$?
    for batch in 256 1; do
        SYNFIN_FORMAT_THREAD=1 SYNFIN_FORMAT_BATCH=$batch "$SYNFIN" -r "$f" "$@" > "$T/b.out" 2> "$T/b.err"; b=$?
        [ $a = $b ] && cmp -s "$T/a.out" "$T/b.out" && cmp -s "$T/a.err" "$T/b.err" || return 1
    done
}
alike() {   # MODE FILES...
    mode=$1; shift
    bad=""
    for f in "$@"; do
        same "$f" $mode || bad="$bad $(basename "$f")"
    done
    check "thread '$mode': $# files print alike on both threads (differ:${bad:- none})" [ -z "$bad" ]
}
alike "" $all
for mode in "-t d" "-c 7" "-Y http -z conv,tcp"; do
    alike "$mode" $tcp
done

# --- the ends of a run
python3 "$mk" frames 20000 > "$T/frames.pcap"
cut=$(python3 "$mk" offset 15000 "$T/frames.pcap")
head -c $((cut + 30)) "$T/frames.pcap" > "$T/cut.pcap"
check "a file cut short: the same lines, the same error, status 2" same "$T/cut.pcap"
SYNFIN_FORMAT_THREAD=1 "$SYNFIN" -r "$T/cut.pcap" > /dev/null 2> "$T/cut.err"; rc=$?
check "a file cut short: status $rc, one line naming it ($(cat "$T/cut.err"))" \
    sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/cut.err') -eq 1 ] && grep -q 'cut.pcap: the file ends in the middle' '$T/cut.err'"
# A closed pipe: the printer sees EPIPE and the reader stops, quietly, status 0.
for batch in 256 1; do
    (SYNFIN_FORMAT_THREAD=1 SYNFIN_FORMAT_BATCH=$batch timeout 20 "$SYNFIN" -r "$T/frames.pcap" 2> "$T/pipe.err"; echo $? > "$T/pipe.rc") | head -n 3 > "$T/pipe.out"
    check "| head -n 3 (batch $batch): 3 lines, status 0, nothing on stderr (status $(cat "$T/pipe.rc"))" \
        sh -c "[ \$(wc -l < '$T/pipe.out') -eq 3 ] && [ \$(cat '$T/pipe.rc') -eq 0 ] && [ ! -s '$T/pipe.err' ]"
done
# Ctrl-C while reading a pipe: the reader stops after at most one more
# frame, the printer prints every line it was given, whole, and the run
# ends with status 0 while the pipe is still open.
mkfifo "$T/fifo"
at=$(python3 "$mk" offset 14000 "$T/frames.pcap")        # after record 14000
SYNFIN_FORMAT_THREAD=1 timeout 30 "$SYNFIN" -r - < "$T/fifo" > "$T/int.out" 2> "$T/int.err" &
pid=$!
{
    head -c $at "$T/frames.pcap"
    sleep 2
    kill -INT $pid
    sleep 1
    tail -c +$((at + 1)) "$T/frames.pcap" | head -c 90000         # 1000 records more
    while kill -0 $pid 2> /dev/null; do sleep 0.1; done      # open until synfin ends
} > "$T/fifo"
wait $pid; rc=$?
SYNFIN_FORMAT_THREAD=0 "$SYNFIN" -r "$T/frames.pcap" > "$T/all.out"
n=$(wc -l < "$T/int.out")
check "Ctrl-C on a pipe: status $rc, $n whole lines (at most 14001), the file's first $n" \
    sh -c "[ $rc -eq 0 ] && [ $n -ge 1 -a $n -le 14001 ] && [ \"\$(tail -c 1 '$T/int.out' | od -An -c | tr -d ' ')\" = '\\n' ] && head -n $n '$T/all.out' | cmp -s - '$T/int.out'"
[ $fails -eq 0 ]
