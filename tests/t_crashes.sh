#!/bin/sh
# Every input a fuzzer crashed on (tests/crashes/TARGET/*.pcap, see
# fuzz/README) goes through synfin in every output mode: the summary, -V,
# -O tcp, -x, -T fields with every registered field, -T json, ek and jsonl, the time
# formats and preferences, conns (text and json) and ladder (text, and SVG with notes). Each run must
# end with status 0 or 2 (2: the file is damaged) and no sanitizer report.
# A file in tests/crashes/known.txt (FILE<TAB>why) is a crash someone is
# fixing elsewhere: while it still crashes it is reported as "# known:",
# and once it no longer does, as "# fixed:" (then remove its line).
TEST=t_crashes; . "$(dirname "$0")/lib.sh"
dir=$here/crashes
known=$dir/known.txt
set -f
# Symbolizing each report would take most of the time; the first line says enough.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}symbolize=0
UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}symbolize=0:print_stacktrace=0
export ASAN_OPTIONS UBSAN_OPTIONS

fieldargs=$("$SYNFIN" -G fields | awk -F'\t' '{ printf " -e %s", $1 }')
[ -n "$fieldargs" ] || { nok "synfin -G fields lists the registry"; exit 1; }
# One mode a line; the first, empty, is the summary.
modes="
-V
-O tcp
-x
-T fields$fieldargs -E occurrence=a
-T fields$fieldargs -E occurrence=f -E quote=d -o tcp.relative_sequence_numbers:FALSE
-T fields$fieldargs -E occurrence=l -o tcp.check_checksum:TRUE
-T json
-T ek
-T jsonl
-V -o tcp.check_checksum:TRUE -o tcp.relative_sequence_numbers:FALSE
-t ad -x
-t e
-t d --color=always
conns
conns -T json
ladder
ladder --svg --explain"
printf '%s\n' "$modes" > "$T/modes"
nmodes=$(wc -l < "$T/modes")

set +f
files=$(cd "$dir" 2>/dev/null && ls */*.pcap 2>/dev/null)
set -f
if [ -z "$files" ]; then
    echo "# skip: no crash files in $dir"
    exit 0
fi
nfiles=0
for rel in $files; do
    nfiles=$((nfiles + 1))
    f=$dir/$rel
    bad=""
    why=$(awk -F'\t' -v f="$rel" '$1 == f { print $2; exit }' "$known" 2>/dev/null)
    while IFS= read -r m; do
        sub=""
        case $m in conns*|ladder*) sub=${m%% *}; m=${m#"$sub"} ;; esac
        # shellcheck disable=SC2086
        timeout 60 "$SYNFIN" $sub -r "$f" $m > /dev/null 2> "$T/err" < /dev/null
        rc=$?
        if [ $rc -ne 0 ] && [ $rc -ne 2 ] || grep -q -E 'runtime error|Sanitizer|LeakSanitizer' "$T/err"; then
            bad="$bad
#   synfin $sub -r $rel $(echo "$m" | cut -c1-60): status $rc $(grep -m1 -E 'ERROR|runtime error' "$T/err" | cut -c1-120)"
            [ -n "$why" ] && break       # known to crash: once is enough
        fi
    done < "$T/modes"
    if [ -n "$why" ]; then
        if [ -n "$bad" ]; then
            echo "# known: $rel still crashes ($why)"
        else
            ok "crash file $rel: every output mode"
            echo "# fixed: $rel no longer crashes; remove its line from tests/crashes/known.txt"
        fi
    elif [ -n "$bad" ]; then
        nok "crash file $rel: every output mode$(echo "$bad" | head -n 4)"
    else
        ok "crash file $rel: every output mode"
    fi
done
echo "# $nfiles crash files, $nmodes modes each"

# Display filters a fuzzer crashed on (tests/crashes/fuzz_dfilter/*, the
# filter's text): each is compiled and run on every crash capture above,
# and must end with status 0 or 2 and no sanitizer report.
set +f
filters=$(cd "$dir" 2>/dev/null && ls fuzz_dfilter/* 2>/dev/null)
set -f
for rel in $filters; do
    bad=""
    for cap in $files; do
        timeout 60 "$SYNFIN" -r "$dir/$cap" -Y "$(cat "$dir/$rel")" -T fields -e frame.number > /dev/null 2> "$T/err" < /dev/null
        rc=$?
        if [ $rc -ne 0 ] && [ $rc -ne 2 ] || grep -q -E 'runtime error|Sanitizer' "$T/err"; then
            bad="$bad
#   synfin -r $cap -Y '$(head -c 60 "$dir/$rel")': status $rc $(grep -m1 -E 'ERROR|runtime error' "$T/err" | cut -c1-120)"
        fi
    done
    if [ -n "$bad" ]; then
        nok "crash filter $rel$(echo "$bad" | head -n 4)"
    else
        ok "crash filter $rel: compiled and run on the $nfiles crash captures"
    fi
done
[ $fails -eq 0 ]
