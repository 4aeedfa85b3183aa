#!/bin/sh
# -T fields whose every field is read from the headers (and the stream's
# index, sequence bases and SYN window scale) takes a shorter path: no
# SEQ/ACK analysis, no HTTP, no TCP option after a SYN (session.c,
# field_is_header_only in fields.c). Its output must be the full path's.
# Each field of the registry is asked alone which path it takes
# (SYNFIN_SAY_PATH); then all the header-only ones together are compared
# with the same run under -Y frame, which takes the full path, on the
# scenario captures, the crafted captures and the corpus's TCP files.
TEST=t_headers_only; . "$(dirname "$0")/lib.sh"
need_scenarios
python3 "$here/tools/mkpcap.py" frames 3 > "$T/tiny.pcap"
"$SYNFIN" -G fields | cut -f1 > "$T/all"
: > "$T/light"
while read -r name; do
    p=$(SYNFIN_SAY_PATH=1 "$SYNFIN" -r "$T/tiny.pcap" -T fields -e "$name" 2>&1 > /dev/null)
    [ "$p" = "synfin: path: headers-only" ] && echo "$name" >> "$T/light"
done < "$T/all"
n=$(wc -l < "$T/light")
check "header-only fields: the bench's ten, the addresses and no analysis, HTTP or state field ($n of $(wc -l < "$T/all"))" \
    sh -c "grep -qx tcp.window_size '$T/light' && grep -qx tcp.flags.str '$T/light' && grep -qx ip.src '$T/light' &&
           ! grep -Eq '^(tcp\.analysis|http|tcp\.options|synfin|frame\.protocols$|tcp\.time_)' '$T/light'"
E=$(sed 's/^/-e /' "$T/light" | tr '\n' ' ')
p=$(SYNFIN_SAY_PATH=1 "$SYNFIN" -r "$T/tiny.pcap" -Y frame -T fields $E 2>&1 > /dev/null)
check "-Y frame takes the full path ($p)" [ "$p" = "synfin: path: full" ]
for c in encaps-tunnel tunnel-headers bad-options icmp-quoted ipv4-frag ipv6-frag encaps-link encaps-mpls late-syns; do
    python3 "$here/tools/mkpcap.py" $c > "$T/$c.pcap"
done
files="$S/*.pcap $T/*.pcap"
if [ -n "${SHARED:-}" ] && [ -r "$SHARED/corpus/tcpdump-tcp-files.txt" ]; then
    files="$files $(awk -v d="$SHARED/corpus/tcpdump" '{ print d "/" $2 }' "$SHARED/corpus/tcpdump-tcp-files.txt" | tr '\n' ' ')"
fi
bad="" nf=0
for f in $files; do
    [ -f "$f" ] || continue
    nf=$((nf + 1))
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$f" -T fields $E > "$T/short" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$f" -Y frame -T fields $E > "$T/full" 2> /dev/null
    cmp -s "$T/short" "$T/full" || bad="$bad $(basename "$f")"
done
check "the $n header-only fields print the full path's values on $nf captures:$bad" [ -z "$bad" -a "$nf" -gt 20 ]
[ $fails -eq 0 ]
