#!/bin/sh
# The summary's Protocol and Info for frames whose last decoded layer is
# UDP (src/present/columns.c udp_info): packet-udp.c's "SPORT → DPORT
# Len=N" and its notes, on crafted captures (tests/tools/mkpcap.py
# udp-columns, udp-conv, tunnels). Against tshark where it is installed:
# strict on the frames tshark hands to no application dissector
# (tests/tools/udpcols.py); fixed lines otherwise.
TEST=t_udp_columns; . "$(dirname "$0")/lib.sh"
mk=$here/tools/mkpcap.py
for c in udp-columns udp-conv encaps-tunnel tunnel-headers icmp-tunnel; do
    python3 "$mk" $c > "$T/$c.pcap" || nok "mkpcap.py $c"
done

# Without tshark too: a few lines as tshark 4.0 writes them.
"$SYNFIN" -r "$T/udp-columns.pcap" -T fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info > "$T/cols"
line() {   # N PROTO INFO: frame N's columns
    awk -F '\t' -v n="$1" -v p="$2" -v i="$3" '$1 == n { found = ($2 == p && $3 == i) } END { exit !found }' "$T/cols"
}
check "plain datagram: UDP, ports and Len" line 1 UDP '40010 → 40020 Len=6'
check "IPv6 checksum 0: ILLEGAL CHECKSUM" line 3 UDP '40010 → 40020 Len=6 [ILLEGAL CHECKSUM (0)]'
check "length below 8: stops there" line 4 UDP '40010 → 40020 [BAD UDP LENGTH 4 < 8]'
check "length past the IP payload" line 6 UDP '40010 → 40020 [BAD UDP LENGTH 100 > IP PAYLOAD LENGTH] Len=92'
check "IPv6 length 0: a jumbogram" line 8 UDP '40010 → 40020 Len=6 [Jumbogram]'
check "header cut before the ports: IP's Protocol" line 10 IPv4 '[Packet size limited during capture]'
check "header cut in the length" line 14 UDP '40010 → 40020[Packet size limited during capture]'
check "header cut in the checksum" line 16 UDP '40010 → 40020 Len=6[Packet size limited during capture]'
check "payload not captured" line 18 UDP '40010 → 40020 Len=6[Packet size limited during capture]'
check "UDP in VXLAN: the inner header's" line 27 UDP '40030 → 40020 Len=6'
check "a first fragment keeps IP's columns" sh -c "grep -q '	IPv4	Fragmented IP protocol (proto=UDP 17' '$T/cols'"
check "reassembled datagram: UDP" line 32 UDP '40060 → 40020 Len=40'
# A zero checksum: "Not present" over IPv4, "Illegal" over IPv6 (-T fields,
# -V with its expert item, JSON), as packet-udp.c has it.
"$SYNFIN" -r "$T/udp-columns.pcap" -T fields -e frame.number -e udp.checksum.status > "$T/csum"
check "zero checksum: Not present (3) over IPv4, Illegal (4) over IPv6" \
    sh -c "grep -qx '1	3' '$T/csum' && grep -qx '3	4' '$T/csum' && grep -qx '25	4' '$T/csum'"
"$SYNFIN" -r "$T/udp-columns.pcap" -V -Y frame.number==3 | grep -A 5 '^    Checksum:' > "$T/csum.v"
cat > "$T/csum.want" <<'EOF'
    Checksum: 0x0000 [zero-value illegal]
        [Expert Info (Error/Checksum): Illegal checksum value (0)]
            [Illegal checksum value (0)]
            [Severity level: Error]
            [Group: Checksum]
        [Checksum Status: Illegal]
EOF
check "-V: an IPv6 zero checksum is illegal, with its expert item" cmp -s "$T/csum.v" "$T/csum.want"
"$SYNFIN" -r "$T/udp-columns.pcap" -T json -Y frame.number==3 | tr -d ' \n' > "$T/csum.j"
check "JSON: the expert item under udp.checksum, then udp.checksum.status 4" grep -qF \
    '"_ws.expert.message":"Illegalchecksumvalue(0)","_ws.expert.severity":"8388608","_ws.expert.group":"16777216"},"udp.checksum.status":"4"' "$T/csum.j"
# TCP in a tunnel in UDP keeps TCP's columns.
check "TCP in VXLAN: TCP's columns" sh -c "\"\$0\" -r '$T/udp-conv.pcap' -T fields -e _ws.col.Protocol | sed -n 28p | grep -qx TCP" "$SYNFIN"
# The summary line itself, as printed (on the main thread and through the
# printing thread's records alike: t_fmt_thread).
check "summary line" sh -c "\"\$0\" -r '$T/udp-columns.pcap' -c 1 | grep -q ' UDP    48 40010 → 40020 Len=6\$'" "$SYNFIN"

if command -v tshark > /dev/null 2>&1; then
    python3 "$here/tools/udpcols.py" "$SYNFIN" "$T"/*.pcap > "$T/udpcols" 2>&1; rc=$?
    sed 's/^/# /' "$T/udpcols"
    check "tshark: UDP frames without an application dissector show tshark's Protocol and Info ($(grep '^strict' "$T/udpcols"))" \
        [ $rc -eq 0 ]
    check "tshark: the strict set is not empty" sh -c "grep -q '^strict (no application dissector): [1-9]' '$T/udpcols'"
    # udp.checksum.status where tshark has one (a length below 8 stops its
    # header before the checksum; synfin still reads it there)
    tshark -r "$T/udp-columns.pcap" -T fields -e frame.number -e udp.checksum.status 2> /dev/null > "$T/csum.t"
    bad=$(paste "$T/csum.t" "$T/csum" | awk -F '\t' '$2 != "" && $2 != $4 { printf " %s", $1 }')
    check "tshark: udp.checksum.status is tshark's where tshark has one (differ:$bad)" [ -z "$bad" ]
else
    echo "# skip: tshark not installed (the comparison with tshark)"
fi
exit $((fails > 0))
