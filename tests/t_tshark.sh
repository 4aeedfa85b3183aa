#!/bin/sh
# Agreement with tshark, field by field and frame by frame.
#
#   SYNFIN=build/synfin SHARED=../shared sh tests/t_tshark.sh            TAP (tests/run.sh)
#   SYNFIN=build/synfin SHARED=../shared sh tests/t_tshark.sh --report   the tables only
#   SYNFIN=build/synfin SHARED=../shared sh tests/t_tshark.sh --file F   every difference in F
#
# For each capture file and each preference set (default, and
# -o tcp.check_checksum:TRUE) it runs tshark and $SYNFIN once with the same
# command line,
#   -r F -T fields -e F1 -e F2 ... -E header=n -E separator=/t -E occurrence=a [-o ...]
# for every field of groups H, S, A, I and P of tests/fields.txt (the registry's
# fields with their groups; t_fields.sh keeps it true), then compares
# the two outputs in one awk pass: fields of groups H, S and A on the frames
# where tshark decodes TCP (tcp.srcport not empty), fields of group I on
# those whose Protocol column is "TCP", "HTTP" or "HTTP/XML" (the protocols
# synfin dissects), fields of group P (HTTP, and TCP's reassembly of its
# PDUs) on every frame. Both must print as many lines, and as
# many columns on each line; synfin must exit 0 or 2 (2: the file became
# unreadable after what it printed) and must not report a sanitizer error.
#
# Sets: "corpus", the files of $SHARED/corpus/tcpdump-tcp-files.txt (skipped
# without $SHARED), and "scenarios", the captures of tests/scenarios/make.sh
# (real kernel traffic, made into $TESTOUT/scen; needs root, else skipped). SYNFIN_SCEN=DIR uses
# the captures already in DIR instead of making them.
#
# Set "crafted": captures tests/tools/mkpcap.py makes (bad-options: options
# whose lengths are wrong for their kinds; encaps: TCP in PPPoE sessions,
# also inside 802.1ad and 0x9100 tags; encaps-tunnel: TCP handshakes in
# Aruba's GRE (802.11), GRE in UDP, ERSPAN I/II/III, GTP-U, Teredo, AYIYA,
# and VXLAN/Geneve sent from their port, each kind with a truncated frame;
# encaps-link: TCP in 802.3 LLC/SNAP, 802.1ah, FabricPath and VN-Tag;
# encaps-fddi and encaps-nflog(-be): FDDI and Linux NFLOG link types; each
# with frames cut inside its headers; ipv6-pseudo: TCP checksums over IPv6
# routing headers and a Home Address option, whose pseudo-header takes the
# final destination or the home address; ipv4-frag: a TCP connection in
# IPv4 fragments, in and out of order, duplicated, overlapping, never
# completed, interleaved, cutting the TCP header, and GTP-U in a fragmented
# UDP datagram: the completing frame gets TCP, the others IP only;
# ipv4-frag-flags: fragments reassemble.c flags (another tail, past the
# end, running past it: ip.fragment.error, ip.fragment.multipletails,
# ip.fragment.toolongfragment); ipv6-frag: the same over IPv6 Fragment headers, with an atomic fragment;
# icmp-quoted: ICMP and ICMPv6 errors quoting TCP headers whole, by 8
# bytes and cut shorter, around the connections they answer; icmp-tunnel:
# errors quoting TCP behind GRE, VXLAN, Geneve, GTP-U, Teredo, AYIYA;
# seq-analysis: a connection raising every tcp.analysis flag; and
# tests/tools/mkpcapng.py's blocks: pcapng comments, an SPB without a time
# stamp, and journal and custom blocks that tshark numbers as frames
# between the TCP ones; interfaces with and without names, in two sections).
#
# Set "corpus-other", the other files of $SHARED/corpus/tcpdump (hostile
# input without TCP for tshark), is run by synfin alone, for crash-freedom.
#
# Differences that are understood go in tests/tshark-known-diffs.txt; they
# do not fail the test, and one that no longer happens is reported as
# "# fixed:". With SYNFIN_SANITIZED=1 (an ASan/UBSan build) nothing is
# compared and tshark does not run: synfin runs on every file of the corpus
# (and on the scenario captures if the plain run left them in $TESTOUT/scen)
# for crash-freedom only.
#
# Output in TAP mode: a table per set (field, agreeing frames/total, percent,
# known and unexplained differences) as "#" lines, then per set
#   ok - synfin exits cleanly: SET
#   ok - tshark agreement: SET frame and column counts
#   ok - tshark agreement: SET FIELD            (every field of H, S, A, I and P)
# with the first 3 differing frames under each "not ok".
#
# Environment: SYNFIN (required), SHARED (default: ../shared beside the
# repository), TESTOUT (scratch; default: a temporary directory),
# SYNFIN_SANITIZED, SYNFIN_SCEN, JOBS (parallel runs; default: CPU count).
set -u
set -f   # field names and options are split on blanks, never globbed

here=$(cd "$(dirname "$0")" && pwd)
self=$here/t_tshark.sh
known=$here/tshark-known-diffs.txt
TIMEOUT=${TSHARK_TEST_TIMEOUT:-300}   # seconds for one run of tshark or synfin

# --- internal: run tshark and synfin on jobs N... of $JOBLIST ------------
# A job line: PREF<TAB>FILE<TAB>OUTPREFIX. Writes OUTPREFIX.t (tshark),
# .s (synfin stdout), .err (synfin stderr), .rc (synfin exit status).
if [ "${1:-}" = --_job ]; then
    shift
    tab=$(printf '\t')
    for i in "$@"; do
        line=$(sed -n "${i}p" "$JOBLIST")
        pref=${line%%"$tab"*}; rest=${line#*"$tab"}
        file=${rest%%"$tab"*}; out=${rest#*"$tab"}
        set -- -r "$file" -T fields $FIELDARGS -E header=n -E separator=/t -E occurrence=a
        [ "$pref" = checksum ] && set -- "$@" -o tcp.check_checksum:TRUE
        if [ "$RUN_TSHARK" = 1 ] && [ "$pref" != only ]; then
            timeout "$TIMEOUT" tshark "$@" > "$out.t" 2> "$out.terr" < /dev/null
        fi
        timeout "$TIMEOUT" "$SYNFIN" "$@" > "$out.s" 2> "$out.err" < /dev/null
        echo $? > "$out.rc"
    done
    exit 0
fi

usage() {
    echo "usage: SYNFIN=BIN [SHARED=DIR] sh $0 [--report | --file CAPTURE]" >&2
    exit 64
}
mode=tap onefile=""
case ${1:-} in
"") ;;
--report) mode=report ;;
--file) [ $# -eq 2 ] || usage; mode=file; onefile=$2 ;;
*) usage ;;
esac

# In TAP mode everything but the ok/not ok lines is a "#" comment.
say() { if [ $mode = tap ]; then echo "# $*"; else echo "$*"; fi; }
skip() { say "skip: $*"; }

: "${SYNFIN:?set SYNFIN to the synfin binary to test}"
case $SYNFIN in /*) ;; *) SYNFIN=$(pwd)/$SYNFIN ;; esac
SHARED=${SHARED:-$(cd "$here/../.." && pwd)/shared}
sanitized=${SYNFIN_SANITIZED:-0}
fields=$here/fields.txt
list=$SHARED/corpus/tcpdump-tcp-files.txt
corpus=$SHARED/corpus/tcpdump

if [ ! -x "$SYNFIN" ]; then
    [ $mode = tap ] && echo "not ok - tshark agreement: $SYNFIN is not an executable"
    echo "t_tshark.sh: $SYNFIN is not an executable" >&2
    exit 1
fi
if [ ! -r "$fields" ]; then
    [ $mode = tap ] && echo "not ok - tshark agreement: $fields absent"
    echo "t_tshark.sh: cannot read $fields" >&2
    exit 1
fi
RUN_TSHARK=1
[ "$sanitized" = 1 ] && [ $mode = tap ] && RUN_TSHARK=0
if [ $RUN_TSHARK = 1 ] && ! command -v tshark >/dev/null 2>&1; then
    skip "tshark agreement: tshark not found (scripts/deps.sh test installs it)"
    exit 0
fi

if [ -n "${TESTOUT:-}" ]; then
    work=$TESTOUT/tshark
    rm -rf "$work"
else
    TESTOUT=$(mktemp -d /tmp/synfin-tshark.XXXXXX) || exit 1
    work=$TESTOUT/tshark
    trap 'rm -rf "$TESTOUT"' EXIT
fi
mkdir -p "$work/out" || exit 1

# The fields: name<TAB>group<TAB>scored. tcp.srcport and _ws.col.Protocol
# choose the frames; they are added, unscored, if fields.txt lacks them.
awk -F'\t' '
    /^#/ || NF < 2 { next }
    $2 == "H" || $2 == "S" || $2 == "A" || $2 == "I" || $2 == "P" { print $1 "\t" $2 "\t1"; have[$1] = 1 }
    END {
        if (!("tcp.srcport" in have)) print "tcp.srcport\tH\t0"
        if (!("_ws.col.Protocol" in have)) print "_ws.col.Protocol\tI\t0"
    }' "$fields" > "$work/fields" || exit 1
FIELDARGS=$(awk -F'\t' '{ printf " -e %s", $1 }' "$work/fields")
nfields=$(awk -F'\t' '$3 == 1' "$work/fields" | wc -l)
JOBLIST=$work/jobs
export FIELDARGS JOBLIST SYNFIN RUN_TSHARK TIMEOUT
: > "$JOBLIST"
: > "$work/manifest"
njobs=0

# add LABEL PREF FILE: queue one run, and its line of the awk manifest.
# PREF: default, checksum, or only (default preferences, synfin alone).
add() {
    njobs=$((njobs + 1))
    o=$work/out/$njobs
    printf '%s\t%s\t%s\n' "$2" "$3" "$o" >> "$JOBLIST"
    t=$o.t; [ $RUN_TSHARK = 1 ] && [ "$2" != only ] || t=""
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "${3##*/}" "$t" "$o.s" "$o.rc" "$o.err" \
        >> "$work/manifest"
}
# add_set LABEL FILE...: both preference sets.
add_set() {
    l=$1; shift
    for f in "$@"; do add "$l" default "$f"; done
    for f in "$@"; do add "$l+checksum" checksum "$f"; done
}

if [ $mode = file ]; then
    [ -r "$onefile" ] || { echo "t_tshark.sh: cannot read $onefile" >&2; exit 1; }
    add default default "$onefile"
    add checksum checksum "$onefile"
else
    # (a) the corpus
    if [ -r "$list" ] && [ -d "$corpus" ]; then
        files=$(awk -v d="$corpus" 'NF >= 2 { print d "/" $2 }' "$list")
        # shellcheck disable=SC2086
        add_set corpus $files
        if [ $mode = tap ]; then
            # Crash-freedom only: the rest of the corpus (hostile files
            # without TCP for tshark), synfin alone.
            others=$(ls "$corpus" | awk 'NR == FNR { tcp[$2] = 1; next } !($1 in tcp)' "$list" - |
                awk -v d="$corpus" '{ print d "/" $1 }')
            for f in $others; do add "corpus-other" only "$f"; done
        fi
    else
        skip "tshark agreement: corpus skipped: $list absent"
    fi
    # (b) the scenario captures
    scen=""
    if [ -n "${SYNFIN_SCEN:-}" ]; then
        scen=$SYNFIN_SCEN
    elif [ "$sanitized" = 1 ] && [ $mode = tap ]; then
        # The plain run (same $TESTOUT) made them; do not make them again.
        set +f
        ls "$TESTOUT/scen/"*.pcap >/dev/null 2>&1 && scen=$TESTOUT/scen
        set -f
        [ -n "$scen" ] ||
            skip "tshark agreement: scenarios skipped under sanitizers: no captures in $TESTOUT/scen"
    else
        t0=$(date +%s)
        sh "$here/scenarios/make.sh" "$TESTOUT/scen" > "$work/make.log" 2>&1
        rc=$?
        t1=$(date +%s)
        if [ $rc -eq 0 ]; then
            scen=$TESTOUT/scen
            [ $mode = tap ] && echo "ok - scenario captures made ($((t1 - t0)) s)"
            while IFS= read -r l; do say "$l"; done < "$work/make.log"
        elif [ $rc -eq 77 ]; then
            skip "tshark agreement: scenarios skipped: $(tail -n 1 "$work/make.log")"
        else
            [ $mode = tap ] && echo "not ok - scenario captures made (tests/scenarios/make.sh status $rc)"
            while IFS= read -r l; do say "$l"; done < "$work/make.log"
            scen=$TESTOUT/scen   # compare those it made
        fi
    fi
    if [ -n "$scen" ]; then
        set +f
        sfiles=$(ls "$scen"/*.pcap 2>/dev/null)
        set -f
        # shellcheck disable=SC2086
        [ -n "$sfiles" ] && add_set scenarios $sfiles
    fi
    # (c) crafted captures (tests/tools/mkpcap.py): what real traffic seldom
    # holds, made here so that the test means something without $SHARED.
    crafted=""
    for case in bad-options encaps encaps-tunnel tunnel-headers encaps-link encaps-mpls encaps-fddi encaps-nflog encaps-nflog-be ipv6-pseudo ipv4-frag ipv4-frag-flags ipv6-frag icmp-quoted icmp-tunnel udp-conv udp-columns seq-analysis; do
        python3 "$here/tools/mkpcap.py" $case > "$work/$case.pcap" && crafted="$crafted $work/$case.pcap"
    done
    # pcapng (tests/tools/mkpcapng.py): blocks that tshark numbers as frames
    # (journal entries, custom blocks) between TCP frames with comments;
    # frames on named and unnamed interfaces in two sections; packet options
    # (flags, drop count, packet id, queue) in both byte orders
    for case in blocks names pkt-options; do
        python3 "$here/tools/mkpcapng.py" $case > "$work/$case.pcapng" && crafted="$crafted $work/$case.pcapng"
    done
    # shellcheck disable=SC2086
    [ -n "$crafted" ] && add_set crafted $crafted
fi

if [ $njobs -eq 0 ]; then
    skip "tshark agreement: no capture to compare"
    exit 0
fi

# Run everything, in parallel.
np=${JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
t0=$(date +%s)
# Last queued first: the big scenario captures start early.
awk -v n=$njobs 'BEGIN { for (i = n; i >= 1; i--) print i }' |
    xargs -n 4 -P "$np" sh "$self" --_job
t1=$(date +%s)
if [ $RUN_TSHARK = 1 ]; then
    nt=$(grep -c -v "^only$(printf '\t')" "$JOBLIST")
    say "tshark agreement: $nt runs of tshark and synfin, $((njobs - nt)) of synfin alone, $nfields fields, $((t1 - t0)) s"
else
    say "synfin under sanitizers: $njobs runs, $((t1 - t0)) s"
fi

# --- the comparison --------------------------------------------------------
cat > "$work/cmp.awk" <<'AWK'
function esc(s) { return length(s) > 160 ? substr(s, 1, 157) "..." : s }
function knownidx1(file, frame, field,    x) {
    if ((file SUBSEP frame SUBSEP field) in kidx) return kidx[file, frame, field]
    if ((file SUBSEP "*" SUBSEP field) in kidx) return kidx[file, "*", field]
    if ((file SUBSEP frame SUBSEP "*") in kidx) return kidx[file, frame, "*"]
    if ((file SUBSEP "*" SUBSEP "*") in kidx) return kidx[file, "*", "*"]
    for (x = 1; x <= npre; x++)     # a field written PREFIX*: every field it begins
        if (pf[x] == file && (pfr[x] == frame || pfr[x] == "*") && index(field, pp[x]) == 1) return pk[x]
    return 0
}
# A line whose file is NAME@checksum applies to the checksum set only.
function knownidx(file, frame, field,    k) {
    if (label ~ /\+checksum$/ && (k = knownidx1(file "@checksum", frame, field))) return k
    return knownidx1(file, frame, field)
}
function problem(kind, msg) {          # kind: exit | frames
    nprob[label, kind]++; anyprob = 1
    if (mode == "file" || nprob[label, kind] <= 10) probs[label, kind, nprob[label, kind]] = msg
}
BEGIN {
    FS = "\t"
    while ((getline l < fieldsfile) > 0) {
        split(l, a, "\t")
        n++; fname[n] = a[1]; fgrp[n] = a[2]; fscored[n] = a[3]
        if (a[1] == "tcp.srcport") csrc = n
        if (a[1] == "_ws.col.Protocol") cproto = n
    }
    close(fieldsfile)
    while ((getline l < knownfile) > 0) {
        if (l ~ /^#/ || l ~ /^[ \t]*$/) continue
        m = split(l, a, "\t")
        if (m < 3 || a[1] == "" || a[2] == "" || a[3] == "") { badknown[++nbadknown] = l; continue }
        nk++; kf[nk] = a[1]; kfr[nk] = a[2]; kfd[nk] = a[3]; kr[nk] = (m >= 4 ? a[4] : "")
        kidx[a[1], a[2], a[3]] = nk
        if (a[3] != "*" && a[3] ~ /\*$/) { npre++; pf[npre] = a[1]; pfr[npre] = a[2]; pp[npre] = substr(a[3], 1, length(a[3]) - 1); pk[npre] = nk }
    }
    close(knownfile)
}
{
    label = $1; file = $2; tout = $3; sout = $4; rcf = $5; errf = $6
    if (!(label in seen)) { seen[label] = 1; labels[++nl] = label }
    nfiles[label]++
    rc = ""
    getline rc < rcf; close(rcf)
    if (rc != 0 && rc != 2)
        problem("exit", file ": exit status " rc (rc == 124 ? " (timed out)" : rc > 128 ? " (signal " rc - 128 ")" : ""))
    while ((getline l < errf) > 0)
        if (l ~ /runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer/) {
            problem("exit", file ": stderr: " esc(l)); break
        }
    close(errf)
    if (tout == "") { synfinonly[label] = 1; next }
    nt = 0; while ((getline l < tout) > 0) nt++; close(tout)
    ns = 0; while ((getline l < sout) > 0) ns++; close(sout)
    if (nt != ns) {
        k = knownidx(file, "*", "frame-count")
        if (k) khit[k] = 1
        else problem("frames", file ": tshark printed " nt " lines, synfin " ns)
        if (mode != "file") next
    }
    compared[file] = 1
    badcols = 0
    for (i = 1; i <= nt && i <= ns; i++) {
        getline lt < tout; getline ls < sout
        nT = split(lt, T, "\t"); nS = split(ls, S, "\t")
        if (nT != nS && !badcols++)
            problem("frames", file " frame " i ": tshark printed " nT " columns, synfin " nS)
        hastcp = T[csrc] != ""
        if (hastcp) frames[label]++
        istcp = hastcp && cproto && (T[cproto] == "TCP" || T[cproto] == "HTTP" || T[cproto] == "HTTP/XML")
        if (istcp) iframes[label]++
        for (j = 1; j <= n; j++) {
            if (!fscored[j] || (fgrp[j] == "I" && !istcp) || (fgrp[j] != "P" && !hastcp)) continue
            tot[label, j]++
            if ((T[j] "") == (S[j] "")) { agree[label, j]++; continue }   # as strings
            k = knownidx(file, i, fname[j])
            if (k) {
                khit[k] = 1; kn[label, j]++
                if (mode == "file")
                    printf "%s frame %d %s: tshark '%s' synfin '%s' (known: %s)\n", label, i, fname[j], T[j], S[j], kr[k]
                continue
            }
            c = ++bad[label, j]
            if (mode == "file")
                printf "%s frame %d %s: tshark '%s' synfin '%s'\n", label, i, fname[j], T[j], S[j]
            else if (c <= 3)
                ex[label, j, c] = sprintf("%s frame %d: tshark '%s' synfin '%s'", file, i, esc(T[j]), esc(S[j]))
        }
    }
    close(tout); close(sout)
}
END {
    pre = (mode == "tap") ? "# " : ""
    for (x = 1; x <= nbadknown; x++)
        print pre "tshark-known-diffs.txt: malformed line (file<TAB>frame<TAB>field<TAB>reason): " badknown[x]
    for (L = 1; L <= nl; L++) {
        lb = labels[L]
        if (notshark || (lb in synfinonly))
            printf "%s\n%s%s: %d files, synfin only\n", pre, pre, lb, nfiles[lb]
        else
            printf "%s\n%s%s: %d files, %d TCP frames (%d with Protocol TCP or HTTP)\n", pre, pre, lb, nfiles[lb],
                frames[lb], iframes[lb]
        if (!notshark && !(lb in synfinonly)) {
            printf "%s  %-34s %15s %9s %7s %7s\n", pre, "field", "agree/total", "percent", "known", "differ"
            for (j = 1; j <= n; j++) {
                if (!fscored[j] || (mode == "file" && !kn[lb, j] && !bad[lb, j])) continue
                t = tot[lb, j] + 0; g = agree[lb, j] + 0
                printf "%s  %-34s %15s %8s%% %7d %7d\n", pre, fname[j], g "/" t,
                    (t ? sprintf("%.2f", 100 * g / t) : "-"), kn[lb, j], bad[lb, j]
            }
        }
        for (kind = 1; kind <= 2; kind++) {
            kk = kind == 1 ? "exit" : "frames"
            if (!nprob[lb, kk]) continue
            printf "%s  %d problem(s) with %s:\n", pre, nprob[lb, kk], kk == "exit" ? "synfin's exit or stderr" : "frame or column counts"
            for (x = 1; (lb SUBSEP kk SUBSEP x) in probs; x++)
                printf "%s    %s\n", pre, probs[lb, kk, x]
        }
    }
    if (mode == "tap") {
        if (nbadknown)
            printf "not ok - tshark agreement: tests/tshark-known-diffs.txt has %d malformed line(s)\n", nbadknown
        for (L = 1; L <= nl; L++) {
            lb = labels[L]
            printf "%s - synfin exits cleanly: %s (%d files)\n", nprob[lb, "exit"] ? "not ok" : "ok", lb, nfiles[lb]
            for (x = 1; x <= 3 && (lb SUBSEP "exit" SUBSEP x) in probs; x++) print "#   " probs[lb, "exit", x]
            if (notshark || (lb in synfinonly)) continue
            printf "%s - tshark agreement: %s frame and column counts\n", nprob[lb, "frames"] ? "not ok" : "ok", lb
            for (x = 1; x <= 3 && (lb SUBSEP "frames" SUBSEP x) in probs; x++) print "#   " probs[lb, "frames", x]
            for (j = 1; j <= n; j++) {
                if (!fscored[j]) continue
                note = kn[lb, j] ? sprintf(" # %d known difference(s)", kn[lb, j]) : ""
                printf "%s - tshark agreement: %s %s%s\n", bad[lb, j] ? "not ok" : "ok", lb, fname[j], note
                if (bad[lb, j]) {
                    printf "#   %d of %d frames differ; the first:\n", bad[lb, j], tot[lb, j]
                    for (c = 1; c <= 3 && (lb SUBSEP j SUBSEP c) in ex; c++) print "#   " ex[lb, j, c]
                }
            }
        }
    }
    if (mode == "file") {
        for (L = 1; L <= nl; L++) {
            lb = labels[L]; d = 0
            for (j = 1; j <= n; j++) d += bad[lb, j]
            if (d) failed = 1
            printf "%s: %d unexplained differences\n", lb, d
        }
    }
    for (k = 1; k <= nk; k++)
        if ((kf[k] in compared) && !(k in khit))
            printf "%sfixed: %s\t%s\t%s (%s): no longer differs; remove it from tests/tshark-known-diffs.txt\n",
                pre, kf[k], kfr[k], kfd[k], kr[k]
    exit (failed || anyprob || nbadknown) ? 1 : 0
}
AWK
[ -r "$known" ] || known=/dev/null
notshark=0; [ $RUN_TSHARK = 1 ] || notshark=1
awk -v fieldsfile="$work/fields" -v knownfile="$known" -v mode=$mode -v notshark=$notshark \
    -f "$work/cmp.awk" "$work/manifest"
rc=$?
if [ $rc -gt 1 ]; then
    [ $mode = tap ] && echo "not ok - tshark agreement: the comparison failed (awk status $rc)"
    exit $rc
fi
# Which frames have a TCP layer at all: the comparison above reads the
# frames where tshark has one, so a frame where only synfin decodes TCP
# (an IP header cut by the enclosing layer's length, say) is checked here,
# on the crafted captures, whose frames are made for such edges.
if [ $mode = tap ] && [ $RUN_TSHARK = 1 ] && [ -n "${crafted:-}" ]; then
    tcp_bad=""
    for f in $crafted; do
        tshark -n -r "$f" -Y tcp -T fields -e frame.number > "$work/tcpw" 2>/dev/null
        "$SYNFIN" -r "$f" -Y tcp -T fields -e frame.number > "$work/tcps" 2>/dev/null
        cmp -s "$work/tcpw" "$work/tcps" || tcp_bad="$tcp_bad $(basename "$f")"
    done
    if [ -z "$tcp_bad" ]; then
        echo "ok - tshark agreement: the crafted captures' frames with TCP are tshark's"
    else
        echo "not ok - tshark agreement: the crafted captures' frames with TCP are tshark's (differ:$tcp_bad)"
    fi
fi
# UDP conversations on every frame (the comparison above reads TCP frames
# only): udp.stream, its times and udp.payload of the crafted captures with
# UDP headers, frame for frame.
if [ $mode = tap ] && [ $RUN_TSHARK = 1 ] && [ -n "${crafted:-}" ]; then
    udp_bad="" udp_n=0
    for f in $crafted; do
        case $(basename "$f") in udp-conv.pcap|encaps-tunnel.pcap|tunnel-headers.pcap|icmp-quoted.pcap|ipv4-frag.pcap|ipv6-frag.pcap) ;; *) continue ;; esac
        e="-e frame.number -e udp.stream -e udp.time_relative -e udp.time_delta -e udp.payload"
        # shellcheck disable=SC2086
        tshark -n -r "$f" -T fields $e > "$work/udpw" 2>/dev/null
        # shellcheck disable=SC2086
        "$SYNFIN" -r "$f" -T fields $e > "$work/udps" 2>/dev/null
        udp_n=$((udp_n + $(cut -f2 "$work/udpw" | grep -c .)))
        cmp -s "$work/udpw" "$work/udps" || udp_bad="$udp_bad $(basename "$f")"
    done
    if [ -z "$udp_bad" ] && [ $udp_n -gt 100 ]; then
        echo "ok - tshark agreement: udp.stream, udp.time_relative, udp.time_delta and udp.payload on every frame of the crafted captures ($udp_n frames with a stream)"
    else
        echo "not ok - tshark agreement: udp.stream, udp.time_relative, udp.time_delta and udp.payload on every frame of the crafted captures ($udp_n frames with a stream; differ:$udp_bad)"
    fi
fi
# TAP mode: the ok/not ok lines are the verdict; other modes: the status.
[ $mode = tap ] && exit 0
exit $rc
