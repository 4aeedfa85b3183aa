#!/bin/sh
# The progress line (src/cli/progress.c): on a terminal's stderr, while a
# file that takes more than a second is read, a pv-like line with the
# percent read, erased at the end; nothing on a pipe or a file, nothing with
# -q, nothing when the frames print on that same terminal, and standard
# output the same with or without it. The terminal is a pseudo-terminal
# (tests/tools/ptyrun.py) that keeps every byte written to it.
TEST=t_progress; . "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
PTY="$PY $here/tools/ptyrun.py"
COLS=70

# The line waits a second before it shows; how long a read takes depends
# on the machine (a faster build once read all of this in under a second
# and drew nothing). So the runs that must show it set the wait to 0 ms
# (SYNFIN_PROGRESS_AFTER_MS=0), and one run checks the second itself on a
# read that takes milliseconds. The files stay big enough for several
# lines: conns reads a gzip file of 4.5 M frames (40 MB): 130,000
# connections (910,000 frames), then the same frames four times more, each
# copy a gzip member of its own (the same ports again: more connections
# for the tracker). A plain file is read with -V, some 30 times slower a
# frame. A sanitizer build is some three times slower: one copy and a third
# of the plain file are enough for it.
COPIES="1 2 3 4" PLAIN=300000
[ "${SYNFIN_SANITIZED:-0}" = 1 ] && COPIES= PLAIN=100000
$PY "$here/tools/mkpcap.py" conns 130000 > "$T/one.pcap"
gzip -1 -c "$T/one.pcap" > "$T/big.pcap.gz"
tail -c +25 "$T/one.pcap" | gzip -1 > "$T/records.gz"
for i in $COPIES; do cat "$T/records.gz"; done >> "$T/big.pcap.gz"
rm -f "$T/records.gz"
BIG=$T/big.pcap.gz

# --- a read much shorter than a second: no line at all
$PY "$here/tools/mkpcap.py" frames 2000 > "$T/small.pcap"
$PTY "$T/tty.small" $COLS sh -c "exec '$SYNFIN' conns -r '$T/small.pcap' > /dev/null"
check "a read of a few milliseconds on a terminal: no line ($(wc -c < "$T/tty.small") bytes)" [ ! -s "$T/tty.small" ]
SYNFIN_PROGRESS_AFTER_MS=0
export SYNFIN_PROGRESS_AFTER_MS

# Every line drawn: the text between two carriage returns, without the
# erase-to-end-of-line that follows each.
drawn() { tr '\r' '\n' < "$1" | sed 's/\x1b\[K$//' | grep -a 'frames/s'; }
PCT='^ *[0-9]+% \[[=> ]+\] [0-9.]+[kM]? frames  [0-9.]+[kM]? frames/s  ETA [0-9]+:[0-9][0-9]$'

# on_tty NAME WHAT: the checks on the terminal of a run that shows the line
on_tty() {
    check "$2: a progress line with a percent, a bar and ETA (got: $(drawn "$T/$1" | head -n 1))" \
        sh -c "drawn() { tr '\r' '\n' < \"\$1\" | sed 's/\x1b\[K\$//' | grep -a 'frames/s'; }
               drawn '$T/$1' | grep -aqE '$PCT'"
    n=$(drawn "$T/$1" | wc -l)
    long=$(drawn "$T/$1" | awk -v max=$((COLS - 1)) 'length($0) > max' | wc -l)
    check "$2: every one of the $n lines fits $COLS columns less one ($long do not)" \
        sh -c "[ $n -ge 1 ] && [ $long -eq 0 ]"
    # The terminal's last bytes: carriage return, erase to the end of the line.
    last=$(tail -c 4 "$T/$1" | od -An -c | tr -s ' ')
    check "$2: the last bytes written erase the line (got '$last')" [ "$last" = " \r 033 [ K" ]
    check "$2: only the progress lines and their erasing reached the terminal" \
        sh -c "! tr '\r' '\n' < '$T/$1' | sed 's/\x1b\[K$//' | grep -av 'frames/s' | grep -aq ."
}

# --- conns, stderr on the terminal, stdout to a file
$PTY "$T/tty" $COLS sh -c "exec '$SYNFIN' conns -r '$BIG' > '$T/conns.tty.out'"; rc=$?
check "conns on a terminal: status 0 (got $rc)" [ "$rc" -eq 0 ]
on_tty tty "conns of a gzip file on a terminal"

# --- the same without a terminal: the same output, nothing on stderr
"$SYNFIN" conns -r "$BIG" > "$T/conns.out" 2> "$T/conns.err"; rc=$?
check "conns, stderr to a file: status 0 (got $rc)" [ "$rc" -eq 0 ]
check "conns: standard output is the same with the progress line and without" \
    sh -c "[ -s '$T/conns.out' ] && cmp -s '$T/conns.out' '$T/conns.tty.out'"
check "conns, stderr to a file: nothing written to it ($(wc -c < "$T/conns.err") bytes)" [ ! -s "$T/conns.err" ]

# --- -q: no line on the terminal
$PTY "$T/tty.q" $COLS sh -c "exec '$SYNFIN' conns -q -r '$BIG' > '$T/q.out'"; rc=$?
check "conns -q on a terminal: status 0 and nothing written to it ($(wc -c < "$T/tty.q") bytes)" \
    sh -c "[ $rc -eq 0 ] && [ ! -s '$T/tty.q' ] && cmp -s '$T/q.out' '$T/conns.out'"

# --- standard input from a pipe: no size, so frames, rate and time, no percent
$PTY "$T/tty.pipe" $COLS sh -c "cat '$BIG' | '$SYNFIN' conns -r - > /dev/null"
check "conns from a pipe: a line of frames, rate and elapsed time, no percent (got: $(drawn "$T/tty.pipe" | head -n 1))" \
    sh -c "drawn() { tr '\r' '\n' < \"\$1\" | sed 's/\x1b\[K\$//' | grep -a 'frames/s'; }
           drawn '$T/tty.pipe' | grep -aqE '^[0-9.]+[kM]? frames  [0-9.]+[kM]? frames/s  [0-9]+:[0-9][0-9]\$' &&
           ! drawn '$T/tty.pipe' | grep -aq '%'"

# --- frames printed on the same terminal: no line
$PTY "$T/tty.same" $COLS "$SYNFIN" -r "$BIG" -Y 'frame.number == 1'
check "summary lines on the same terminal: no progress line, the frame's line is there" \
    sh -c "! grep -aq 'frames/s' '$T/tty.same' && grep -aq '10.0.0.0' '$T/tty.same'"

# --- a plain pcap file (its first $PLAIN frames), frames printed to a
# pipe: the percent of the file's bytes, and the same output with the line
# and without (stderr to a pipe)
head -c "$($PY "$here/tools/mkpcap.py" offset $PLAIN "$T/one.pcap")" "$T/one.pcap" > "$T/plain.pcap"
$PTY "$T/tty.plain" $COLS sh -c "'$SYNFIN' -V -r '$T/plain.pcap' | cksum > '$T/plain.tty.sum'"
on_tty tty.plain "-V of a plain pcap file into a pipe, stderr on a terminal"
# Its frames are all of one size: the percent of its bytes handed out is the
# percent of its frames, within the rounding of both (not off by the 4 MiB
# read ahead, a fifth of this file or more).
off=$(drawn "$T/tty.plain" | sed -nE 's/^ *([0-9]+)% .*\] ([0-9.]+)(k?) frames .*/\1 \2 \3/p' |
      awk -v p=$PLAIN '{ f = $2 * ($3 == "k" ? 1000 : 1); d = f * 100 / p - $1; if (d < 0) d = -d;
             if (d > 2) n++ } END { print n + 0 " of " NR }')
check "-V of a plain pcap file: the percent is the share of its frames read, within 2 ($off lines further off)" \
    sh -c "case '$off' in '0 of 0') exit 1;; 0\ of*) exit 0;; *) exit 1;; esac"
{ "$SYNFIN" -V -r "$T/plain.pcap" | cksum > "$T/plain.sum"; } 2>&1 | cat > "$T/plain.err"
check "-V: standard output is the same with the progress line and without" \
    sh -c "[ -s '$T/plain.sum' ] && cmp -s '$T/plain.sum' '$T/plain.tty.sum'"
check "-V, stderr to a pipe: nothing written to it ($(wc -c < "$T/plain.err") bytes)" [ ! -s "$T/plain.err" ]

rm -f "$BIG" "$T/one.pcap" "$T/plain.pcap"
[ $fails -eq 0 ]
