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
for form in json ek jsonl; do
    "$SYNFIN" -r "$f" -T $form > /dev/full 2> /dev/null; rc=$?
    check "-T $form to a full disk: status 1" [ $rc -eq 1 ]
done
"$SYNFIN" -r "$f" -w /dev/full 2> "$T/wfull.err"; rc=$?
check "-w to a full disk: status 1, names the file" sh -c "[ $rc -eq 1 ] && grep -q '^synfin: cannot write /dev/full: ' '$T/wfull.err'"
( "$SYNFIN" -r "$f" 2> "$T/pipe.err"; echo $? > "$T/pipe.rc" ) | head -n 1 > /dev/null
check "a reader that stops early (| head): status 0, nothing said" sh -c "[ \$(cat '$T/pipe.rc') -eq 0 ] && [ ! -s '$T/pipe.err' ]"
( "$SYNFIN" -r "$f" -w - 2> "$T/wpipe.err"; echo $? > "$T/wpipe.rc" ) | head -c 100 > /dev/null
check "-w - into a reader that stops early: status 0, nothing said" \
    sh -c "[ \$(cat '$T/wpipe.rc') -eq 0 ] && [ ! -s '$T/wpipe.err' ]"
"$SYNFIN" -r "$f" -w - -P > /dev/null 2> "$T/wP.err"; rc=$?
check "-w - with -P: status 2, one line (both would go to standard output)" \
    sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/wP.err') -eq 1 ]"
"$SYNFIN" -r "$f" -q > "$T/q.out" 2>&1; rc=$?
check "-q on a file: status 0, nothing printed" sh -c "[ $rc -eq 0 ] && [ ! -s '$T/q.out' ]"

# Live: a write error stops the capture at once, and a device stays root's.
if [ "$(id -u)" -eq 0 ]; then
    timeout 20 "$SYNFIN" -i lo -f 'tcp port 9' -w /dev/full -a duration:10 > /dev/null 2> "$T/lfull.err" &
    cpid=$!
    wait_for "$T/lfull.err" "Capturing on" || true
    start=$(date +%s)                             # no traffic needed: the file's header fails
    wait $cpid; rc=$?
    took=$(( $(date +%s) - start ))
    check "live -w /dev/full: status 1 within a second ($took s), names the file" \
        sh -c "[ $rc -eq 1 ] && [ $took -le 2 ] && grep -q '^synfin: cannot write /dev/full: No space left on device\$' '$T/lfull.err'"
    before=$(stat -c %U:%G /dev/null)
    "$SYNFIN" -i lo -f 'tcp port 9' -w /dev/null -a duration:1 2> /dev/null
    check "live -w /dev/null as root: /dev/null keeps its owner ($before)" [ "$(stat -c %U:%G /dev/null)" = "$before" ]
fi
[ $fails -eq 0 ]
