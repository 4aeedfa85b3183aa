#!/bin/sh
# Frames whose lengths disagree, decoded as tshark 4.0 decodes them
# (captures made by tests/tools/mkpcap.py odd-lengths):
#   an IPv4 total length of 0 (TSO, BIG TCP): the length is the frame's, and
#   -V says so in Wireshark's words;
#   a wire length below the captured length: decoded whole, not malformed.
TEST=t_lengths; . "$(dirname "$0")/lib.sh"
python3 "$here/tools/mkpcap.py" odd-lengths > "$T/odd.pcap"
F="-e frame.number -e ip.len -e tcp.len -e _ws.col.Length -e _ws.col.Info"

# What tshark 4.0.17 prints for these frames (checked again below when tshark is there).
printf '%s\n' \
    '1	40	0	54	40000 → 5555 [PSH, ACK] Seq=1 Ack=1 Win=512 Len=0' \
    '2	140	100	154	40000 → 5555 [PSH, ACK] Seq=1 Ack=1 Win=512 Len=100' \
    '3	40	0	40	40000 → 5555 [PSH, ACK] Seq=1 Ack=1 Win=512 Len=0' \
    '4	140	100	60	[TCP Retransmission] 40000 → 5555 [PSH, ACK] Seq=1 Ack=1 Win=512 Len=100' \
    '5	140	100	0	[TCP Retransmission] 40000 → 5555 [PSH, ACK] Seq=1 Ack=1 Win=512 Len=100' > "$T/want"
"$SYNFIN" -r "$T/odd.pcap" -T fields $F > "$T/got"
check "ip.len, tcp.len and Info as tshark: $(diff "$T/want" "$T/got" | tr '\n\t' '| ')" cmp -s "$T/want" "$T/got"
if command -v tshark > /dev/null 2>&1 && [ "${SYNFIN_SANITIZED:-0}" = 0 ]; then
    tshark -r "$T/odd.pcap" -T fields $F > "$T/tshark" 2>/dev/null
    check "the expected lines are tshark's own" cmp -s "$T/want" "$T/tshark"
fi
"$SYNFIN" -r "$T/odd.pcap" -V > "$T/v"
check "-V: TSO total length in Wireshark's words" \
    sh -c "[ \$(grep -cxF '    [Total Length: 40 bytes (reported as 0, presumed to be because of \"TCP segmentation offload\" (TSO))]' '$T/v') -eq 1 ] &&
           [ \$(grep -cxF '    [Total Length: 140 bytes (reported as 0, presumed to be because of \"TCP segmentation offload\" (TSO))]' '$T/v') -eq 1 ]"
check "-V: no 'Total Length: 0'" sh -c "! grep -q 'Total Length: 0' '$T/v'"
check "-V: wire length below the captured length is not malformed" sh -c "! grep -q Malformed '$T/v'"
[ $fails -eq 0 ]
