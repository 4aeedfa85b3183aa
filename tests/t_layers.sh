#!/bin/sh
# The decoder's walk over layers (src/decode/layers.c) at its nesting bounds
# (captures made by tests/tools/mkpcap.py deep-nesting): which frames get
# as far as TCP, just inside and just past each bound, so a change to the
# walk that moves a bound fails here. These are synfin's bounds, not all
# tshark's: tshark 4.0 also decodes the TCP of frames 2, 4 and 6 (raising a
# bound to match it is a change of output, and of this test); frame 7 it
# stops at its 21st VLAN tag, and so does synfin (MAX_VLAN).
#   1, 2  15 VLAN tags (decoded), 16 (not: LINK_DEPTH's 16 levels after
#         Ethernet are used up)
#   3, 4  7 tags each followed by an 802.3 length and LLC/SNAP, 8 (not: LLC
#         counts a level of its own)
#   5, 6  VXLAN in VXLAN, 4 IP headers (decoded), 5 (not: MAX_IP)
#   7     15 tags, VXLAN, 15 tags: the 21st tag is one too many (Wireshark's
#         "Too many nested VLAN tags"), a vlan layer with no fields, and
#         the frame is not decoded past it (not malformed)
#   8, 9  VXLAN between ports 2152 and 4789, each way: GTP-U (the lower
#         port) declines version 0 and VXLAN, the higher, decodes it
# Then the order of the walk, as frame.protocols and -V show it, on the
# tunnel and link captures of mkpcap.py.
TEST=t_layers; . "$(dirname "$0")/lib.sh"
python3 "$here/tools/mkpcap.py" deep-nesting > "$T/deep.pcap"

printf '%s\n' '1	1001	1' '2		0' '3	1003	1' '4		0' '5	1005	4' '6		4' \
    '7		1' '8	1008	2' '9	1009	2' > "$T/want"
"$SYNFIN" -r "$T/deep.pcap" -T fields -E occurrence=a -e frame.number -e tcp.srcport -e ip.src |
    awk -F '\t' '{ print $1 "\t" $2 "\t" ($3 == "" ? 0 : split($3, a, ",")) }' > "$T/got"
check "TCP and IP headers decoded at the nesting bounds: $(diff "$T/want" "$T/got" | tr '\n\t' '| ')" \
    cmp -s "$T/want" "$T/got"

# The summary and -V read the same walk: the frames past a bound show no
# TCP, and are not malformed (the rest is left undecoded, not marked).
"$SYNFIN" -r "$T/deep.pcap" > "$T/summary"
check "summary: TCP in frames 1 3 5 8 9 only" \
    sh -c "[ \"\$(awk '/ TCP /{ print \$1 }' '$T/summary' | tr '\n' ' ')\" = '1 3 5 8 9 ' ]"
"$SYNFIN" -r "$T/deep.pcap" -V > "$T/v"
check "-V: 9 frames, 5 TCP trees, none malformed" \
    sh -c "[ \$(grep -c '^Frame [0-9]' '$T/v') -eq 9 ] && [ \$(grep -c '^Transmission Control Protocol' '$T/v') -eq 5 ] &&
           ! grep -q Malformed '$T/v'"

# Every tag's vlan fields, up to the 20 Wireshark reads (frame 7's 21st
# has none), and -V's 802.1Q blocks, the 21st's bare title too
if command -v tshark > /dev/null 2>&1; then
    e="-e frame.number -e vlan.id -e vlan.etype -e vlan.priority -e vlan.dei"
    # shellcheck disable=SC2086
    tshark -r "$T/deep.pcap" -T fields $e > "$T/tf" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$T/deep.pcap" -T fields $e > "$T/sf"
    check "deep-nesting: vlan fields of all 15, 16 and 20 tags are tshark's" cmp -s "$T/tf" "$T/sf"
    tshark -r "$T/deep.pcap" -V > "$T/tv" 2> /dev/null
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/v" "802.1Q Virtual LAN")
    rc=$?
    check "deep-nesting: -V's 802.1Q blocks are tshark's ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
fi

# --- frame.protocols and -V in the order the walk took (struct frame's
# walk): tunnels' layers between the outer IP and what they carry, as
# Wireshark lists them. Checked here on a few frames, and against tshark
# (when installed) on every frame of the crafted tunnel and link captures
# (tshark's ":data" for an undissected payload aside).
for c in encaps encaps-tunnel tunnel-headers encaps-link encaps-mpls encaps-fddi encaps-nflog ipv6-pseudo bad-options; do
    python3 "$here/tools/mkpcap.py" $c > "$T/$c.pcap"
done
"$SYNFIN" -r "$T/encaps-tunnel.pcap" -T fields -e frame.protocols > "$T/p"
check "frame.protocols: Aruba GRE, GRE in UDP, ERSPAN II, GTP-U and VXLAN in the walk's order" \
    [ "$(sed -n '1p;15p;22p;50p;86p' "$T/p" | tr '\n' ' ')" = "eth:ethertype:ip:gre:wlan:llc:ip:tcp eth:ethertype:ip:udp:gre:ip:tcp eth:ethertype:ip:gre:erspan:eth:ethertype:ip:tcp eth:ethertype:ip:udp:gtp:ip:tcp eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:tcp " ]
"$SYNFIN" -r "$T/encaps-tunnel.pcap" -V -Y frame.number==106 | grep -E '^(Ethernet II|802.1Q|Internet Protocol|Transmission)' | cut -c 1-16 > "$T/v"
check "-V: ERSPAN's inner Ethernet and its 802.1Q tag between the outer and the inner IP, as walked" \
    [ "$(tr '\n' '|' < "$T/v")" = "Ethernet II, Src|Internet Protoco|Ethernet II, Src|802.1Q Virtual L|Internet Protoco|Transmission Con|" ]
if command -v tshark > /dev/null 2>&1; then
    kinds() {  # the -V blocks synfin shows, by kind, in order
        grep -E '^(Frame [0-9]|Ethernet II|IEEE 802.3 Ethernet|802.1Q Virtual LAN|Internet Protocol Version|Transmission Control Protocol)' |
            sed -E 's/^(Frame [0-9]+|Ethernet II|IEEE 802.3 Ethernet|802.1Q Virtual LAN|Internet Protocol Version [46]|Transmission Control Protocol).*/\1/'
    }
    bad=""
    for c in encaps encaps-tunnel encaps-link encaps-fddi encaps-nflog encaps-mpls ipv6-pseudo bad-options; do
        tshark -r "$T/$c.pcap" -T fields -e frame.protocols 2> /dev/null | sed 's/:data$//' > "$T/tp"
        "$SYNFIN" -r "$T/$c.pcap" -T fields -e frame.protocols > "$T/sp"
        cmp -s "$T/tp" "$T/sp" || bad="$bad $c($(diff "$T/tp" "$T/sp" | grep -c '^<'))"
    done
    check "frame.protocols is tshark's on every frame of the crafted captures:$bad" [ -z "$bad" ]
    # The headers synfin shows in -V come in tshark's order; tshark also
    # titles an IP header it cannot read (cut), which synfin leaves out.
    bad=""
    for c in encaps encaps-tunnel encaps-link encaps-nflog ipv6-pseudo; do
        tshark -r "$T/$c.pcap" -V 2> /dev/null | kinds > "$T/tv"
        "$SYNFIN" -r "$T/$c.pcap" -V | kinds > "$T/sv"
        n=$(diff "$T/tv" "$T/sv" | grep -c '^[<>]')
        # shellcheck disable=SC2046
        [ "$n" -le 1 ] && [ -z "$(diff "$T/tv" "$T/sv" | grep '^>')" ] || bad="$bad $c($n)"
    done
    check "-V shows Ethernet, VLAN, IP and TCP in tshark's order (at most a cut IP header left out):$bad" [ -z "$bad" ]
    # The blocks of the layers found in the walk (UDP and the tunnels):
    # each line synfin prints is tshark's, in tshark's order, in the same
    # block of the same frame (tests/tools/vblocks.py).
    vblocks() {   # the block titles compared
        python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Frame " "User Datagram Protocol" \
            "Generic Routing Encapsulation" "Encapsulated Remote Switch Packet ANalysis" \
            "Virtual eXtensible Local Area Network" "Generic Network Virtualization Encapsulation" \
            "802.1Q Virtual LAN" "PPP-over-Ethernet Session" "Point-to-Point Protocol" \
            "MultiProtocol Label Switching Header" "IEEE 802.1ad" "IEEE 802.1ah" "VN-Tag" \
            "Cisco FabricPath" \
            "GPRS Tunneling Protocol" "Teredo IPv6 over UDP tunneling" "AYIYA" "Logical-Link Control" "IEEE 802.11"
    }
    for c in encaps-tunnel tunnel-headers encaps encaps-link encaps-mpls encaps-fddi; do
        tshark -r "$T/$c.pcap" -V > "$T/tv" 2> /dev/null
        "$SYNFIN" -r "$T/$c.pcap" -V > "$T/sv"
        got=$(vblocks)
        rc=$?
        check "$c: -V's UDP, tunnel and link blocks are tshark's, line for line ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
    done
    # 802.11 addresses for each To DS / From DS combination, plain and as
    # A-MSDUs (no TCP in those: every frame is compared here)
    W="-E occurrence=a -e frame.number -e wlan.ra -e wlan.ta -e wlan.da -e wlan.sa -e wlan.bssid -e wlan.staa -e wlan.addr"
    # shellcheck disable=SC2086
    tshark -r "$T/encaps-tunnel.pcap" -T fields $W > "$T/tw" 2> /dev/null
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$T/encaps-tunnel.pcap" -T fields $W > "$T/sw"
    n=$(grep -c '02:00:00:00:0a:04' "$T/sw")
    check "encaps-tunnel: wlan.ra, .ta, .da, .sa, .bssid, .staa and .addr are tshark's on every frame (WDS frames: $n; $(diff "$T/tw" "$T/sw" | head -n 2 | tr '\n\t' '| '))" \
        sh -c "[ $n -eq 2 ] && cmp -s '$T/tw' '$T/sw'"
    # Tunnels in an ICMP error's quote: GRE (and ERSPAN, 802.1Q, IP, TCP
    # after it) nested in the error's block, one level down; what a quoted
    # UDP header carries (VXLAN, Geneve, GTP-U, Teredo, AYIYA) at the root,
    # as tshark prints them
    python3 "$here/tools/mkpcap.py" icmp-tunnel > "$T/icmp-tunnel.pcap"
    tshark -r "$T/icmp-tunnel.pcap" -V > "$T/tv" 2> /dev/null
    "$SYNFIN" -r "$T/icmp-tunnel.pcap" -V > "$T/sv"
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Internet Control Message Protocol")
    rc=$?
    check "icmp-tunnel: -V's ICMP blocks, with the tunnels they quote, are tshark's ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
    check "icmp-tunnel: GRE's block inside the ICMP error's, at depth 1" \
        [ "$(grep -c '^    Generic Routing Encapsulation' "$T/sv")" = 2 ]
    got=$(vblocks)
    rc=$?
    check "icmp-tunnel: -V's UDP and tunnel blocks are tshark's ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Internet Protocol Version" "Transmission Control Protocol")
    rc=$?
    check "icmp-tunnel: -V's IP and TCP blocks after a quoted UDP are tshark's ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
    # A PPPoE length that ends inside the IP header: the IP block stops
    # there, as tshark's (no checksum or addresses past it, a bare title).
    tshark -r "$T/encaps.pcap" -V > "$T/tv" 2> /dev/null
    "$SYNFIN" -r "$T/encaps.pcap" -V > "$T/sv"
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Internet Protocol Version")
    rc=$?
    check "encaps: -V's IP blocks, cut by a PPPoE length, are tshark's ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
    # UDP conversations (mkpcap.py udp-conv): each UDP block's stream index
    # and Timestamps lines, none in an ICMP error's quote or a bogus header
    python3 "$here/tools/mkpcap.py" udp-conv > "$T/udp-conv.pcap"
    tshark -r "$T/udp-conv.pcap" -V > "$T/tv" 2> /dev/null
    "$SYNFIN" -r "$T/udp-conv.pcap" -V > "$T/sv"
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "User Datagram Protocol" "Internet Control Message Protocol")
    rc=$?
    tn=$(grep -c '\[Stream index: ' "$T/tv")
    sn=$(grep -c '\[Stream index: ' "$T/sv")
    check "udp-conv: -V's UDP blocks with their stream index and timestamps are tshark's ($(echo "$got" | tail -n 1); indexes: tshark $tn, synfin $sn)" \
        [ $rc -eq 0 -a "$tn" -gt 20 -a "$tn" = "$sn" ]
    # ICMP and ICMPv6 errors: the quoted IP header and the quoted TCP or UDP
    # header nested in the error's block, one level down, as tshark shows
    # them (its checksum verdict too); the outer IP headers' blocks as well.
    python3 "$here/tools/mkpcap.py" icmp-quoted > "$T/icmp-quoted.pcap"
    tshark -r "$T/icmp-quoted.pcap" -V > "$T/tv" 2> /dev/null
    "$SYNFIN" -r "$T/icmp-quoted.pcap" -V > "$T/sv"
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Internet Control Message Protocol")
    rc=$?
    check "icmp-quoted: -V's ICMP blocks, with the IP, TCP and UDP headers they quote, are tshark's ($(echo "$got" | tail -n 1))" \
        [ $rc -eq 0 ]
    got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Internet Protocol Version")
    rc=$?
    check "icmp-quoted: -V's IP blocks are tshark's, line for line ($(echo "$got" | tail -n 1))" [ $rc -eq 0 ]
    check "icmp-quoted: no TCP block outside the ICMP error's in an error's frame" \
        [ "$(grep -c '^Transmission Control Protocol' "$T/sv")" = "$(grep -c '^Transmission Control Protocol' "$T/tv")" ]
    # IPv4 and IPv6 fragments: the fragment tree ("[3 IPv4 Fragments (140
    # bytes): #8(48), ...]", its frames, flags, count, length and data) at
    # the end of the IP block of the frame that completes a datagram, line
    # for line; as many trees as tshark shows.
    for c in ipv4-frag ipv4-frag-flags ipv6-frag; do
        python3 "$here/tools/mkpcap.py" $c > "$T/$c.pcap"
        tshark -r "$T/$c.pcap" -V > "$T/tv" 2> /dev/null
        "$SYNFIN" -r "$T/$c.pcap" -V > "$T/sv"
        got=$(python3 "$here/tools/vblocks.py" "$T/tv" "$T/sv" "Internet Protocol Version")
        rc=$?
        tn=$(grep -cE '^    \[[0-9]+ IPv[46] Fragments? \(' "$T/tv")
        sn=$(grep -cE '^    \[[0-9]+ IPv[46] Fragments? \(' "$T/sv")
        check "$c: -V's IP blocks with their fragment trees are tshark's ($(echo "$got" | tail -n 1); trees: tshark $tn, synfin $sn)" \
            [ $rc -eq 0 -a "$tn" -gt 0 -a "$tn" = "$sn" ]
    done
    # -x: a frame that completes a datagram dumps its bytes under "Frame
    # (N bytes):", then "Reassembled IPv4 (N bytes):" (IPv6) and, when the
    # datagram also completes an HTTP PDU, "Reassembled TCP (N bytes):";
    # every other frame bare. The whole output is tshark -x's, byte for
    # byte (-x alone prints no summary line, as tshark). afs.pcap: UDP
    # datagrams of the corpus in fragments.
    python3 "$here/tools/mkpcap.py" ipv4-frag-http > "$T/ipv4-frag-http.pcap"
    afs="$SHARED/corpus/tcpdump/afs.pcap"; [ -s "$afs" ] || afs=
    for p in "$T/ipv4-frag.pcap" "$T/ipv4-frag-flags.pcap" "$T/ipv6-frag.pcap" "$T/ipv4-frag-http.pcap" $afs; do
        tshark -r "$p" -x > "$T/tx" 2> /dev/null
        sx="$T/sx.$(basename "$p")"
        "$SYNFIN" -r "$p" -x > "$sx"
        tn=$(grep -c '^Reassembled IPv[46] (' "$T/tx")
        check "$(basename "$p"): -x is tshark's, with $tn reassembled datagrams ($(diff "$T/tx" "$sx" | head -n 4 | tr '\n' '|'))" \
            sh -c "[ $tn -gt 0 ] && cmp -s '$T/tx' '$sx'"
    done
    check "ipv4-frag-http: Frame, Reassembled IPv4 and Reassembled TCP in tshark's order" \
        sh -c "grep -v '^[0-9a-f]\{4\}  ' '$T/sx.ipv4-frag-http.pcap' | grep . | tr '\n' '|' | grep -qx 'Frame (90 bytes):|Reassembled IPv4 (96 bytes):|Reassembled TCP (96 bytes):|'"
else
    echo "# skip: no tshark to compare frame.protocols and -V's order with"
fi
[ $fails -eq 0 ]
