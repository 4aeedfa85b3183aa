#!/bin/sh
# Capture files that are damaged, cut short, or cut while they are read:
# every frame before the damage is printed, then one line names the file and
# the reason, status 2 (as tshark: it prints those frames too). The files are
# made here by python3 (tests/tools/mkpcap.py), so nothing else is needed.
TEST=t_files; . "$(dirname "$0")/lib.sh"
MK="python3 $here/tools/mkpcap.py"

# --- a file cut while it is read (log rotation truncates it): no SIGBUS
# synfin is held on a full pipe after its first lines (a summary line a
# frame: a few thousand frames), long before it has read the part that is
# then cut away (7 MB in, past its 4 MiB read buffer), so the cut always
# lands ahead of it. By default the file is mapped under a read lease
# (src/source/filemap.h): the cut must not wait for the lease-break time
# (45 s), the reader must go on with read(2) from where it was, and the
# output must be that of a reader that never mapped the file (SYNFIN_MAP=0).
for map in 1 0; do
    $MK frames 100000 > "$T/grow.pcap"
    cut_at=$($MK offset 80000 "$T/grow.pcap")                 # record 80001 starts here
    SYNFIN_MAP=$map python3 - "$SYNFIN" "$T/grow.pcap" $((cut_at + 50)) > "$T/shrink.out" 2> "$T/shrink.err" <<'EOF'
import os, subprocess, sys, time
synfin, path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
p = subprocess.Popen([synfin, "-r", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
first = p.stdout.readline()          # it has started, and now waits on the pipe
with open("/proc/%d/maps" % p.pid) as f:
    mapped = int(path in f.read())
t = time.monotonic()
os.truncate(path, size)              # cut in the middle of record 80001
waited = int(time.monotonic() - t)
rest = p.stdout.read()
err = p.stderr.read().decode()
p.wait()
lines = (first + rest).decode().splitlines()
print(p.returncode, len(lines), lines[-1].split()[0] if lines else "-", mapped, waited)
sys.stderr.write(err)
EOF
    read rc n last mapped waited < "$T/shrink.out"
    check "SYNFIN_MAP=$map: the file is mapped while it is read ($mapped)" [ "$mapped" = $map ]
    check "SYNFIN_MAP=$map: the cut waited $waited s, not the lease-break time" [ "$waited" -lt 10 ]
    check "SYNFIN_MAP=$map: file cut while read: status 2, not a signal (got $rc)" [ "$rc" = 2 ]
    check "SYNFIN_MAP=$map: file cut while read: all 80000 frames before the cut printed (got $n, last $last)" \
        [ "$n" = 80000 -a "$last" = 80000 ]
    check "SYNFIN_MAP=$map: file cut while read: one line naming the file and the cut ($(cat "$T/shrink.err"))" \
        sh -c "[ \$(wc -l < '$T/shrink.err') -eq 1 ] && grep -q 'grow.pcap: the file ends in the middle of a record (34 of 74 bytes)' '$T/shrink.err'"
done
# (tshark 4.0.17 prints the same 80000 frames, then "appears to have been
# cut short in the middle of a packet", status 2; too slow to run here.)

# Cut behind the reader (to nothing): what it had read is printed, then the reason.
for map in 1 0; do
    $MK frames 100000 > "$T/gone.pcap"
    SYNFIN_MAP=$map python3 - "$SYNFIN" "$T/gone.pcap" > "$T/gone.out" 2> "$T/gone.err" <<'EOF'
import os, subprocess, sys
p = subprocess.Popen([sys.argv[1], "-r", sys.argv[2], "-T", "fields", "-e", "frame.number"],
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
first = p.stdout.readline()
os.truncate(sys.argv[2], 0)
rest = p.stdout.read()
err = p.stderr.read().decode()
p.wait()
print(p.returncode, len((first + rest).split()))
sys.stderr.write(err)
EOF
    read rc n < "$T/gone.out"
    check "SYNFIN_MAP=$map: file cut to nothing while read: status 2 (got $rc), frames read before it printed ($n)" \
        [ "$rc" = 2 -a "$n" -gt 0 ]
    check "SYNFIN_MAP=$map: file cut to nothing while read: the reason says so" \
        grep -q 'gone.pcap: the file was cut to 0 bytes while it was read' "$T/gone.err"
done

# The file read is also the file written (-w): the lease is our own, and
# the open that cuts the file must not wait for it (45 s). The mapped
# reader then sees the file cut under it and says so. (Read ahead by a
# thread instead, a file this small is in memory before it is cut.)
$MK frames 1000 > "$T/self.pcap"
SYNFIN_MAP=1 timeout 20 "$SYNFIN" -r "$T/self.pcap" -w "$T/self.pcap" > /dev/null 2> "$T/self.err"; rc=$?
check "-r F -w F: no wait, status 2, the cut named (rc $rc: $(cat "$T/self.err"))" \
    sh -c "[ $rc -eq 2 ] && grep -q 'self.pcap: the file was cut to 0 bytes while it was read' '$T/self.err'"

# --- gzip with damaged data: every frame decompressed before the damage
for frames in 2000 20000; do      # damage in the first block; damage after gzread's first 512 KiB
    $MK gzip-damaged $frames > "$T/dmg$frames.pcap.gz"
    "$SYNFIN" -r "$T/dmg$frames.pcap.gz" -T fields -e frame.number > "$T/o" 2> "$T/e"; rc=$?
    check "gzip damaged after $frames frames: status 2 (got $rc)" [ $rc -eq 2 ]
    check "gzip damaged after $frames frames: all $frames printed (got $(wc -l < "$T/o"))" \
        [ "$(wc -l < "$T/o")" -eq $frames -a "$(tail -n 1 "$T/o")" = $frames ]
    check "gzip damaged after $frames frames: one line naming the damage ($(cat "$T/e"))" \
        sh -c "[ \$(wc -l < '$T/e') -eq 1 ] && grep -q 'dmg$frames.pcap.gz: compressed data is damaged at byte [0-9]* (invalid block type)' '$T/e'"
    if [ $frames = 2000 ] && command -v tshark > /dev/null 2>&1 && [ "${SYNFIN_SANITIZED:-0}" = 0 ]; then
        check "gzip damaged after $frames frames: tshark prints as many" \
            [ "$(tshark -r "$T/dmg$frames.pcap.gz" -T fields -e frame.number 2>/dev/null | wc -l)" = $frames ]
    fi
done
# pcapng (read by libpcap) over damaged gzip names the damage too.
if command -v editcap > /dev/null 2>&1; then
    $MK frames 3000 > "$T/ng-src.pcap"
    editcap -F pcapng "$T/ng-src.pcap" "$T/ng.pcapng" 2>/dev/null
    $MK gzip-damage-file "$T/ng.pcapng" > "$T/ng.pcapng.gz"
    "$SYNFIN" -r "$T/ng.pcapng.gz" -T fields -e frame.number > "$T/o" 2> "$T/e"; rc=$?
    check "pcapng in damaged gzip: status 2, all 3000 frames, the damage named" \
        sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/o') -eq 3000 ] && grep -q 'compressed data is damaged at byte' '$T/e'"
fi
# A gzip stream cut short: the frames before the cut, then the cut.
$MK frames 3000 | gzip -c > "$T/whole.pcap.gz"
head -c $(($(wc -c < "$T/whole.pcap.gz") / 2)) "$T/whole.pcap.gz" > "$T/half.pcap.gz"
"$SYNFIN" -r "$T/half.pcap.gz" -T fields -e frame.number > "$T/o" 2> "$T/e"; rc=$?
check "gzip cut short: status 2 after some frames, one line ($(cat "$T/e"))" \
    sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/o') -gt 100 ] && [ \$(wc -l < '$T/e') -eq 1 ] && grep -q 'half.pcap.gz: the compressed data is cut short at byte' '$T/e'"
"$SYNFIN" -r "$T/whole.pcap.gz" -T fields -e frame.number > "$T/o" 2> "$T/e"; rc=$?
check "whole gzip: status 0, 3000 frames, nothing on stderr" \
    sh -c "[ $rc -eq 0 ] && [ \$(wc -l < '$T/o') -eq 3000 ] && [ ! -s '$T/e' ]"

# --- records of the largest size (262,144 bytes), more than a read-ahead
# block (src/source/readahead.h), so the blocks' ends cut records and one
# record spans two blocks: read ahead, mapped and from a pipe, the frames
# are tshark's.
$MK max-records > "$T/maxrec.pcap"
F="-e frame.number -e frame.len -e frame.cap_len -e tcp.seq -e tcp.len -e tcp.analysis.bytes_in_flight"
for way in ahead mapped pipe; do
    case $way in
        ahead) SYNFIN_MAP=0 "$SYNFIN" -r "$T/maxrec.pcap" -T fields $F ;;
        mapped) SYNFIN_MAP=1 "$SYNFIN" -r "$T/maxrec.pcap" -T fields $F ;;
        pipe) cat "$T/maxrec.pcap" | "$SYNFIN" -r - -T fields $F ;;
    esac > "$T/maxrec.$way" 2> "$T/e"
    check "records of 262,144 bytes, $way: 24 frames, nothing on stderr ($(head -c 200 "$T/e"))" \
        sh -c "[ \$(wc -l < '$T/maxrec.$way') -eq 24 ] && [ ! -s '$T/e' ]"
    if command -v tshark > /dev/null 2>&1 && [ "${SYNFIN_SANITIZED:-0}" = 0 ]; then
        [ -s "$T/maxrec.tshark" ] || tshark -r "$T/maxrec.pcap" -T fields $F > "$T/maxrec.tshark" 2>/dev/null
        check "records of 262,144 bytes, $way: the fields are tshark's" cmp -s "$T/maxrec.$way" "$T/maxrec.tshark"
    fi
done

# --- a directory is not a capture file
mkdir -p "$T/adir"
"$SYNFIN" -r "$T/adir" > "$T/o" 2> "$T/e"; rc=$?
check "directory: status 2 (got $rc), one line 'synfin: DIR: is a directory' ($(cat "$T/e"))" \
    sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/e') -eq 1 ] && grep -qx 'synfin: $T/adir: is a directory' '$T/e'"
[ $fails -eq 0 ]
