#!/bin/sh
# The decoder's walk over layers (src/decode/layers.c) at its nesting bounds
# (captures made by tests/tools/mkpcap.py deep-nesting): which frames get
# as far as TCP, just inside and just past each bound, so a change to the
# walk that moves a bound fails here. These are synfin's bounds, not
# tshark's: tshark 4.0 also decodes the TCP of frames 2, 4 and 6 and stops
# before that of frame 7 (raising a bound to match it is a change of
# output, and of this test).
#   1, 2  15 VLAN tags (decoded), 16 (not: LINK_DEPTH's 16 levels after
#         Ethernet are used up)
#   3, 4  7 tags each followed by an 802.3 length and LLC/SNAP, 8 (not: LLC
#         counts a level of its own)
#   5, 6  VXLAN in VXLAN, 4 IP headers (decoded), 5 (not: MAX_IP)
#   7     15 tags, VXLAN, 15 tags: 37 layers, decoded (the walk's own bound
#         is above every frame's)
#   8, 9  VXLAN between ports 2152 and 4789, each way: GTP-U (the lower
#         port) declines version 0 and VXLAN, the higher, decodes it
TEST=t_layers; . "$(dirname "$0")/lib.sh"
python3 "$here/tools/mkpcap.py" deep-nesting > "$T/deep.pcap"

printf '%s\n' '1	1001	1' '2		0' '3	1003	1' '4		0' '5	1005	4' '6		4' \
    '7	1007	2' '8	1008	2' '9	1009	2' > "$T/want"
"$SYNFIN" -r "$T/deep.pcap" -T fields -E occurrence=a -e frame.number -e tcp.srcport -e ip.src |
    awk -F '\t' '{ print $1 "\t" $2 "\t" ($3 == "" ? 0 : split($3, a, ",")) }' > "$T/got"
check "TCP and IP headers decoded at the nesting bounds: $(diff "$T/want" "$T/got" | tr '\n\t' '| ')" \
    cmp -s "$T/want" "$T/got"

# The summary and -V read the same walk: the frames past a bound show no
# TCP, and are not malformed (the rest is left undecoded, not marked).
"$SYNFIN" -r "$T/deep.pcap" > "$T/summary"
check "summary: TCP in frames 1 3 5 7 8 9 only" \
    sh -c "[ \"\$(awk '/ TCP /{ print \$1 }' '$T/summary' | tr '\n' ' ')\" = '1 3 5 7 8 9 ' ]"
"$SYNFIN" -r "$T/deep.pcap" -V > "$T/v"
check "-V: 9 frames, 6 TCP trees, none malformed" \
    sh -c "[ \$(grep -c '^Frame [0-9]' '$T/v') -eq 9 ] && [ \$(grep -c '^Transmission Control Protocol' '$T/v') -eq 6 ] &&
           ! grep -q Malformed '$T/v'"
[ $fails -eq 0 ]
