#!/bin/sh
# Where the output goes: a full disk is an error, a reader that stops
# (`| head`) is not, and -q prints no line a frame.
TEST=t_output; . "$(dirname "$0")/lib.sh"
need_scenarios
f=$S/many.pcap

"$SYNFIN" -r "$f" > /dev/full 2> "$T/full.err"; rc=$?
check "output to a full disk: status 1" [ $rc -eq 1 ]
check "output to a full disk: one line that says so" \
    sh -c "[ \$(wc -l < '$T/full.err') -eq 1 ] && grep -qx 'synfin: cannot write the output: No space left on device' '$T/full.err'"
"$SYNFIN" -r "$f" -T json > /dev/full 2> /dev/null; rc=$?
check "-T json to a full disk: status 1" [ $rc -eq 1 ]
"$SYNFIN" -r "$f" -w /dev/full 2> "$T/wfull.err"; rc=$?
check "-w to a full disk: status 1, names the file" sh -c "[ $rc -eq 1 ] && grep -q '^synfin: cannot write /dev/full: ' '$T/wfull.err'"
( "$SYNFIN" -r "$f" 2> "$T/pipe.err"; echo $? > "$T/pipe.rc" ) | head -n 1 > /dev/null
check "a reader that stops early (| head): status 0, nothing said" sh -c "[ \$(cat '$T/pipe.rc') -eq 0 ] && [ ! -s '$T/pipe.err' ]"
"$SYNFIN" -r "$f" -q > "$T/q.out" 2>&1; rc=$?
check "-q on a file: status 0, nothing printed" sh -c "[ $rc -eq 0 ] && [ ! -s '$T/q.out' ]"
[ $fails -eq 0 ]
