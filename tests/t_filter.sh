#!/bin/sh
# Display filters (-Y) against tshark 4.0, frame by frame.
#
#   SYNFIN=build/synfin SYNFIN_SCEN=DIR SHARED=DIR sh tests/t_filter.sh
#
# For every filter of tests/filters.txt (and of tests/filters-xor.txt, whose
# lines are "SYNFIN-FILTER<TAB>SAME-FILTER-WITHOUT-XOR", as tshark 4.0 has
# no xor) and every capture, the frames kept by
#   synfin -r F -Y X -T fields -e frame.number
# must be those tshark keeps with -Y X. One TAP line per filter; a "not ok"
# names the first capture where the two differ, with the first frames only
# tshark kept and only synfin kept (or synfin's refusal).
#
# Captures: the scenario captures ($SYNFIN_SCEN, else skipped), and from
# $SHARED/corpus/tcpdump-tcp-files.txt the 20 files with the most TCP
# frames, or all 119 with SYNFIN_FILTER_FULL=1.
#
# tshark's side: tshark starts in 0.7 s, so one run per filter and file
# (229 x 31) would take over an hour. Instead tshark runs once per file with
# tests/filter-oracle.lua, which registers every filter as a tap listener:
# a tap's filter is compiled and applied by the same engine as -Y, in the
# same single pass, and prints the frames each filter keeps. That this
# answers as -Y does is checked here too: for a few filters on two
# captures, "tshark -Y" runs itself (see oracle_checks below). When the
# suite was written, all 244 tshark filters (238 of filters.txt, the 6
# xor equivalents) gave the same frames both ways on lossy.pcap.
#
# Runtime, measured by default (31 tshark runs, 229 x 31 = 7,100 synfin
# runs, against the placeholder engine): 4.8 CPU minutes (1m58 user, 2m48
# sys, process start-ups mostly), so about 2.5 minutes on two idle cores;
# 10 minutes when it ran beside other test runs and the fuzzers (load 12).
# SYNFIN_FILTER_FULL=1 (130 captures) costs about four times as much.
# JOBS: parallel files (default: CPU count).
# --- internal: one capture (job line N of $T/files): tshark once, synfin per filter
if [ "${1:-}" = --_file ]; then
    set -f
    here=$(cd "$(dirname "$0")" && pwd)
    n=$2
    f=$(sed -n "${n}p" "$T/files")
    d=$T/r/$n
    mkdir -p "$d"
    timeout 300 tshark -r "$f" -q -X lua_script:"$here/filter-oracle.lua" -X lua_script1:"$T/tshark.list" \
        > "$d/t" 2> "$d/terr" < /dev/null
    i=0
    while IFS= read -r x; do
        i=$((i + 1))
        # Summary lines, as the oracle's taps: no tree is shown, which
        # matters to a protocol's bytes (tcp's is the whole segment).
        timeout 60 "$SYNFIN" -r "$f" -Y "$x" > "$d/lines" 2> "$d/e" < /dev/null
        rc=$?
        awk '{ print $1 }' "$d/lines" > "$d/o"
        if [ $rc -ne 0 ]; then
            printf '%s\tX\t%s\n' "$i" "exit $rc: $(head -c 200 "$d/e" | tr '\n\t' '  ')"
        else
            printf '%s\tS\t%s\n' "$i" "$(tr '\n' ' ' < "$d/o")"
        fi
    done < "$T/synfin.list" > "$d/s"
    # Compare: one line "I<TAB>what differs" per filter that differs.
    # Frames where tshark decodes more than synfin by design (field "*" in
    # tests/tshark-known-diffs.txt: a frame carried inside OpenFlow) may
    # differ: such a difference is counted as known, not as a failure.
    base=${f##*/}
    awk -F'\t' -v b="$base" '$1 == b && $3 == "*" { print $2 }' "$here/tshark-known-diffs.txt" > "$d/known"
    awk -F'\t' -v file="$f" '
        FILENAME == ARGV[1] { known[$1] = 1; next }
        FILENAME == ARGV[2] {
            if ($1 == "E") { refused[$2] = $3; next }
            if ($1 ~ /^[0-9]+$/) t[$1] = t[$1] " " $2
            next
        }
        {
            i = $1
            if (i in refused) { print i "\t" file ": tshark 4.0 refuses it: " refused[i]; next }
            if ($2 == "X") { print i "\t" file ": synfin " $3; next }
            ns = split($3, s, " "); nt = split(t[i], tt, " ")
            delete ins; delete int_
            for (k = 1; k <= ns; k++) ins[s[k]] = 1
            for (k = 1; k <= nt; k++) int_[tt[k]] = 1
            only_t = ""; only_s = ""; ct = 0; cs = 0
            kn = 0
            for (k = 1; k <= nt; k++) if (!(tt[k] in ins)) { if (tt[k] in known) { kn++; continue } ct++; if (ct <= 5) only_t = only_t " " tt[k] }
            for (k = 1; k <= ns; k++) if (!(s[k] in int_)) { if (s[k] in known) { kn++; continue } cs++; if (cs <= 5) only_s = only_s " " s[k] }
            if (ct || cs)
                printf "%s\t%s: %d frames only tshark keeps (%s ), %d only synfin keeps (%s )\n", i, file, ct, only_t, cs, only_s
            else if (kn)
                printf "%s\tKNOWN\t%s: %d frames of tests/tshark-known-diffs.txt differ\n", i, file, kn
        }' "$d/known" "$d/t" "$d/s" > "$d/diff"
    exit 0
fi

TEST=t_filter; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null 2>&1; then
    echo "# skip: no tshark"
    exit 0
fi
set -f
tab=$(printf '\t')
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
SHARED=${SHARED:-$here/../../shared}

# --- the filters: $T/synfin.list and $T/tshark.list, line for line
"$SYNFIN" -G fields | cut -f1 > "$T/fields"
future=0
: > "$T/synfin.list"
: > "$T/tshark.list"
while IFS= read -r x; do
    case $x in
    "#@future"*) future=1; continue ;;
    "#"* | "") continue ;;
    esac
    if [ $future = 1 ]; then
        missing=""
        for w in $(printf '%s\n' "$x" | sed 's/"[^"]*"//g' | grep -oE '[a-z_][a-z0-9_]*(\.[a-z0-9_]+)+' || true); do
            grep -qxF "$w" "$T/fields" || missing=$w
        done
        if [ -n "$missing" ]; then
            echo "# skip: $x ($missing: not in synfin -G fields)"
            continue
        fi
    fi
    printf '%s\n' "$x" >> "$T/synfin.list"
    printf '%s\n' "$x" >> "$T/tshark.list"
done < "$here/filters.txt"
while IFS= read -r x; do
    case $x in "#"* | "") continue ;; esac
    printf '%s\n' "${x%%"$tab"*}" >> "$T/synfin.list"
    printf '%s\n' "${x#*"$tab"}" >> "$T/tshark.list"
done < "$here/filters-xor.txt"
nf=$(wc -l < "$T/synfin.list")

# --- the captures: the scenarios', and pcapng packet options (a drop
# count of 2^64 - 1, for the filters on unsigned 64-bit values)
(set +f; ls "$S"/*.pcap) > "$T/files"
python3 "$here/tools/mkpcapng.py" pkt-options > "$T/pkt-options.pcapng" && echo "$T/pkt-options.pcapng" >> "$T/files"
list=$SHARED/corpus/tcpdump-tcp-files.txt
if [ "${SYNFIN_SANITIZED:-0}" = 1 ]; then
    echo "# corpus skipped: a sanitizer build runs the scenario captures only"
elif [ -s "$list" ]; then
    if [ "${SYNFIN_FILTER_FULL:-0}" = 1 ]; then
        awk -v d="$SHARED/corpus/tcpdump" '{ print d "/" $2 }' "$list" >> "$T/files"
    else
        sort -k1,1nr -k2 "$list" | head -20 | awk -v d="$SHARED/corpus/tcpdump" '{ print d "/" $2 }' >> "$T/files"
    fi
else
    echo "# corpus skipped: no $list"
fi
nfiles=$(wc -l < "$T/files")
echo "# $nf filters, $nfiles captures"

export T SYNFIN
seq 1 "$nfiles" | xargs -P "$JOBS" -n 1 sh "$here/t_filter.sh" --_file

# --- one line per filter: the first capture where synfin and tshark differ
i=0
while IFS= read -r x; do
    i=$((i + 1))
    first=""
    n=1
    while [ $n -le "$nfiles" ]; do
        first=$(awk -F'\t' -v i="$i" '$1 == i && $2 != "KNOWN" { print $2; exit }' "$T/r/$n/diff")
        [ -n "$first" ] && break
        awk -F'\t' -v i="$i" '$1 == i && $2 == "KNOWN" { print "# known: " $3 }' "$T/r/$n/diff"
        n=$((n + 1))
    done
    if [ -z "$first" ]; then
        ok "-Y $x"
    else
        nok "-Y $x"
        echo "#   $first"
    fi
done < "$T/synfin.list"

# --- the oracle answers as -Y does: tshark -Y itself, on two captures, for
# six filters that keep some but not all of the capture's frames
oracle_checks() {
    for cap in "$S/lossy.pcap" "$S/tfo.pcap"; do
        n=$(grep -nxF "$cap" "$T/files" | cut -d: -f1)
        [ -n "$n" ] || continue
        awk -F'\t' '$1 ~ /^[0-9]+$/ { c[$1]++ } END { for (i in c) print i "\t" c[i] }' "$T/r/$n/t" |
            sort -n > "$T/counts"
        max=$(cut -f2 "$T/counts" | sort -n | tail -1)
        awk -F'\t' -v max="$max" '$2 < max { print $1 }' "$T/counts" > "$T/some"
        k=$(wc -l < "$T/some")
        for j in 1 2 3 4 5 6; do
            [ "$k" -gt 0 ] || break
            i=$(sed -n "$(( (j - 1) * k / 6 + 1 ))p" "$T/some")
            x=$(sed -n "${i}p" "$T/tshark.list")
            timeout 300 tshark -r "$cap" -Y "$x" -T fields -e frame.number 2> /dev/null < /dev/null | tr '\n' ' ' > "$T/direct"
            awk -F'\t' -v i="$i" '$1 == i { printf "%s ", $2 }' "$T/r/$n/t" > "$T/viatap"
            check "filter-oracle.lua answers as tshark -Y: $(basename "$cap") -Y $x" cmp -s "$T/direct" "$T/viatap"
        done
    done
}
[ "${SYNFIN_SANITIZED:-0}" = 1 ] || oracle_checks
[ $fails -eq 0 ]
