#!/bin/sh
# -z follow,tcp,ascii|hex|raw,N against tshark 4.0, byte for byte.
#
# Scenario captures (real kernel traffic): every stream of every capture,
# in the three modes. lossy.pcap has retransmissions; zerowin, keepalive,
# halfclose and rst the odd cases (zero windows, keep-alive bytes, data
# after one FIN, a reset). A run of each program covers up to five streams
# (fifteen -z, synfin takes sixteen at most), one check per run.
#
# Also: the ADDR:PORT,ADDR:PORT form (same chunks, tshark's address
# filter), a chunk range, a stream that does not exist, several follows at
# once in tshark's order, usage errors.
#
# Corpus ($SHARED/corpus/tcpdump-tcp-files.txt, skipped without it): stream
# 0 of each file in the three modes (every stream with
# SYNFIN_FOLLOW_FULL=1), counted as identical or not. A file that differs
# must be listed, with the reason, in tests/follow-known-diffs.txt; one that
# is not is a failure, one listed that no longer differs is reported as
# "# fixed:". Sanitizer builds run synfin alone on the corpus (no crash,
# status 0), without tshark.
TEST=t_follow; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null 2>&1; then
    echo "# skip: no tshark"
    exit 0
fi
export LC_ALL=C
SHARED=${SHARED:-$here/../../shared}
known=$here/follow-known-diffs.txt
TSHARK_TIMEOUT=${TSHARK_TIMEOUT:-120}

# Same output from both for: FILE, then the options after -r FILE.
same_as_tshark() {
    f=$1; shift
    timeout "$TSHARK_TIMEOUT" tshark -r "$f" "$@" > "$T/t" 2> /dev/null < /dev/null
    "$SYNFIN" -r "$f" "$@" > "$T/s" 2> "$T/err" < /dev/null
    if cmp -s "$T/t" "$T/s"; then
        return 0
    fi
    diff "$T/t" "$T/s" | head -n 6 | sed 's/^/#   /'
    return 1
}

# The -z arguments for streams $1..$2, three modes each.
follow_args() {
    i=$1
    while [ "$i" -le "$2" ]; do
        printf -- '-z follow,tcp,ascii,%s -z follow,tcp,hex,%s -z follow,tcp,raw,%s ' "$i" "$i" "$i"
        i=$((i + 1))
    done
}

# The highest tcp.stream of a file as tshark numbers them, or nothing.
last_stream() {
    timeout "$TSHARK_TIMEOUT" tshark -r "$1" -T fields -e tcp.stream 2> /dev/null < /dev/null |
        tr ',' '\n' | grep . | sort -n | tail -n 1
}

# ---- scenario captures ------------------------------------------------------
for f in "$S"/*.pcap; do
    b=$(basename "$f")
    last=$(last_stream "$f")
    if [ -z "$last" ]; then
        nok "$b: tshark finds no TCP stream"
        continue
    fi
    i=0
    while [ $i -le "$last" ]; do
        j=$((i + 4))
        [ $j -gt "$last" ] && j=$last
        # shellcheck disable=SC2046
        check "$b: follow ascii, hex, raw of streams $i..$j identical to tshark" \
            same_as_tshark "$f" -q $(follow_args $i $j)
        i=$((j + 1))
    done
done

# Crafted from lossy.pcap, to reach every path of the reassembly:
#  - frames left out (editcap): holes the receiver acknowledged, which
#    become "[N bytes missing in capture file]";
#  - frames swapped: segments ahead of a hole, held back, then applied;
#  - copies of data frames with their sequence number moved, inserted
#    elsewhere: overlaps that add a new tail, held segments that overlap;
#  - every frame cut to 80 bytes (editcap -s): bytes never captured.
# One helper rewrites a classic pcap: "swap A,B" swaps two frames, "copy
# AFTER:FRAME:DELTA" inserts a copy of FRAME after AFTER, its TCP sequence
# number moved by DELTA (IPv4 over Ethernet, as the scenario captures are).
cat > "$T/edit.py" <<'PY'
import struct, sys
data = open(sys.argv[1], 'rb').read()
e = '<' if data[:4] in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1') else '>'
hdr, off, recs = data[:24], 24, []
while off + 16 <= len(data):
    incl = struct.unpack(e + 'I', data[off + 8:off + 12])[0]
    recs.append(data[off:off + 16 + incl]); off += 16 + incl
out = list(recs)
for op in sys.argv[3:]:
    kind, arg = op.split('=')
    if kind == 'swap':
        a, b = (int(x) - 1 for x in arg.split(','))
        out[a], out[b] = out[b], out[a]
for op in sorted((o for o in sys.argv[3:] if o.startswith('copy=')), key=lambda o: -int(o[5:].split(':')[0])):
    after, frame, delta = (int(x) for x in op[5:].split(':'))
    r = bytearray(recs[frame - 1])
    p = 16 + 14 + (r[30] & 15) * 4 + 4
    r[p:p + 4] = struct.pack('>I', (struct.unpack('>I', r[p:p + 4])[0] + delta) & 0xffffffff)
    out.insert(after, bytes(r))
open(sys.argv[2], 'wb').write(hdr + b''.join(out))
PY
crafted=""
if command -v editcap > /dev/null 2>&1 && command -v python3 > /dev/null 2>&1; then
    editcap "$S/lossy.pcap" "$T/holes.pcap" 10 20 21 100-103 > /dev/null 2>&1 && crafted="$crafted holes"
    editcap -s 80 "$S/lossy.pcap" "$T/snap.pcap" > /dev/null 2>&1 && crafted="$crafted snap"
    python3 "$T/edit.py" "$S/lossy.pcap" "$T/reordered.pcap" swap=6,8 swap=12,16 swap=20,25 swap=40,41 &&
        crafted="$crafted reordered"
    python3 "$T/edit.py" "$S/lossy.pcap" "$T/overlaps.pcap" copy=6:8:-500 copy=11:14:300 copy=30:40:-1000 \
        copy=30:41:200 && crafted="$crafted overlaps"
    for c in $crafted; do
        check "lossy.pcap $c: follow ascii, hex, raw identical to tshark" same_as_tshark "$T/$c.pcap" -q \
            $(follow_args 0 0)
    done
    case " $crafted " in *" holes "*)
        check "holes.pcap: the holes are there, marked as tshark marks them" sh -c \
            "'$SYNFIN' -r '$T/holes.pcap' -q -z follow,tcp,ascii,0 | grep -q '^\\[1448 bytes missing in capture file\\]'" ;;
    esac
else
    echo "# skip crafted captures: no editcap or no python3"
fi

# The resent data of lossy.pcap: tshark's follow keeps the first copy.
check "lossy.pcap has data sent twice (the case is exercised)" [ "$(resent_data "$S/lossy.pcap")" -gt 0 ]

# By address and port: tshark's filter line, the same chunks as by index.
check "follow,tcp,ascii,ADDR:PORT,ADDR:PORT identical to tshark" same_as_tshark "$S/hello.pcap" -q \
    -z "follow,tcp,ascii,$("$SYNFIN" -r "$S/hello.pcap" -T fields -e ip.src -e tcp.srcport -e ip.dst -e tcp.dstport -c 1 |
        awk '{ printf "%s:%s,%s:%s", $1, $2, $3, $4 }')"
check "follow,tcp,hex,[ADDR]:PORT,[ADDR]:PORT (IPv6) identical to tshark" same_as_tshark "$S/ipv6.pcap" -q \
    -z "follow,tcp,hex,$("$SYNFIN" -r "$S/ipv6.pcap" -T fields -e ipv6.src -e tcp.srcport -e ipv6.dst -e tcp.dstport -c 1 |
        awk '{ printf "[%s]:%s,[%s]:%s", $1, $2, $3, $4 }')"
# A chunk range: chunk 2 only, chunks 1 to 2 (hex offsets count the skipped).
check "follow,tcp,hex,0,2 (one chunk) identical to tshark" same_as_tshark "$S/hello.pcap" -q -z follow,tcp,hex,0,2
check "follow,tcp,ascii,0,1-2 identical to tshark" same_as_tshark "$S/lossy.pcap" -q -z follow,tcp,ascii,0,1-2
# Absolute sequence numbers: the tap reads tcp.seq and tcp.ack as shown.
check "-o tcp.relative_sequence_numbers:FALSE: follow identical to tshark" same_as_tshark "$S/lossy.pcap" \
    -o tcp.relative_sequence_numbers:FALSE -q -z follow,tcp,hex,0 -z follow,tcp,raw,0
# A stream that is not there: no nodes, no chunks.
check "follow of a stream that does not exist identical to tshark" same_as_tshark "$S/hello.pcap" -q \
    -z follow,tcp,raw,99
# Several at once: tshark prints the last -z first.
check "several follows and conv,tcp at once, in tshark's order" same_as_tshark "$S/tfo.pcap" -q \
    -z follow,tcp,ascii,1 -z conv,tcp -z follow,tcp,raw,0
# Without -q the frames come first.
check "without -q: frames, then the follow" sh -c "
    tshark -r '$S/hello.pcap' -q -z follow,tcp,ascii,0 2>/dev/null > '$T/tq'
    '$SYNFIN' -r '$S/hello.pcap' -z follow,tcp,ascii,0 > '$T/sf'
    n=\$(wc -l < '$T/tq')
    tail -n \$n '$T/sf' | cmp -s - '$T/tq' && head -n 1 '$T/sf' | grep -q '^ *1 '"

# Usage errors: status 2, one line on stderr, nothing on stdout.
for bad in follow,udp,ascii,0 follow,tcp follow,tcp,text,0 follow,tcp,ascii follow,tcp,ascii,x \
           follow,tcp,ascii,0,0 follow,tcp,ascii,0,3-2 follow,tcp,ascii,0,1,2 \
           follow,tcp,ascii,1.2.3.4:80 follow,tcp,ascii,1.2.3.4:0,5.6.7.8:80 \
           follow,tcp,ascii,1.2.3.4:80,[::1]:80; do
    "$SYNFIN" -r "$S/hello.pcap" -q -z "$bad" > "$T/out" 2> "$T/err"
    rc=$?
    check "-z $bad: status 2, one line" sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/err') -eq 1 ] && [ ! -s '$T/out' ]"
done

# ---- corpus -----------------------------------------------------------------
list=$SHARED/corpus/tcpdump-tcp-files.txt
if [ ! -s "$list" ]; then
    echo "# skip corpus: no $list"
    [ $fails -eq 0 ]
    exit
fi
dir=$SHARED/corpus/tcpdump
if [ "${SYNFIN_SANITIZED:-0}" = 1 ]; then
    # Crash-freedom only: stream 0 and 1 of every file, three modes.
    bad=""
    while read -r _ f; do
        # shellcheck disable=SC2046
        "$SYNFIN" -r "$dir/$f" -q $(follow_args 0 1) > /dev/null 2> "$T/err" < /dev/null || bad="$bad $f"
    done < "$list"
    check "corpus: follow of streams 0 and 1 runs clean under the sanitizers${bad:+ (failed:$bad)}" [ -z "$bad" ]
    [ $fails -eq 0 ]
    exit
fi
is_known() {   # file stream
    grep -v '^#' "$known" 2>/dev/null | awk -F '\t' -v f="$1" -v s="$2" '$1 == f && $2 == s { found = 1 } END { exit !found }'
}
n=0 ok_n=0 skipped=0 unexplained=""
while read -r _ f; do
    last=0
    [ "${SYNFIN_FOLLOW_FULL:-0}" = 1 ] && last=$(last_stream "$dir/$f")
    if [ -z "$last" ]; then
        continue      # no stream at all (tshark sees no valid TCP header)
    fi
    s=0
    while [ $s -le "$last" ]; do
        n=$((n + 1))
        if ! timeout "$TSHARK_TIMEOUT" tshark -r "$dir/$f" -q $(follow_args $s $s) > "$T/t" 2> /dev/null < /dev/null; then
            skipped=$((skipped + 1))
        else
            "$SYNFIN" -r "$dir/$f" -q $(follow_args $s $s) > "$T/s" 2> /dev/null < /dev/null
            if cmp -s "$T/t" "$T/s"; then
                ok_n=$((ok_n + 1))
                is_known "$f" $s && echo "# fixed: $f stream $s no longer differs (take it out of $(basename "$known"))"
            elif ! is_known "$f" $s; then
                unexplained="$unexplained $f:$s"
            fi
        fi
        s=$((s + 1))
    done
done < "$list"
echo "# corpus follow: $ok_n/$n streams identical to tshark ($skipped skipped: tshark failed or timed out)"
check "corpus: every follow that differs from tshark is a known difference${unexplained:+ (unexplained:$unexplained)}" \
    [ -z "$unexplained" ]

[ $fails -eq 0 ]
