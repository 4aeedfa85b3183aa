#!/bin/sh
# pcapng, read by our own reader (src/source/pcapng.c): crafted files
# (tests/tools/mkpcapng.py) with what libpcap refused (interfaces of
# different link types and snapshot lengths), time resolutions and offsets,
# both byte orders, several sections, SPB, the obsolete PB, blocks to skip,
# options; damaged files; every cut of a file. The values are checked here
# (so the test needs no tshark) and, where tshark is installed, against it.
TEST=t_pcapng; . "$(dirname "$0")/lib.sh"
MK="python3 $here/tools/mkpcapng.py"
if ! python3 -c 'import struct' 2>/dev/null; then
    echo "# skip: no python3 to make the pcapng files"
    exit 0
fi
for k in mixed tsresol be sections spb pb skip comment blocks comment-ctl all pens names names-ctl pkt-options; do
    $MK $k > "$T/$k.pcapng" || nok "mkpcapng.py $k"
done
F="-e frame.number -e frame.time_epoch -e frame.len -e frame.cap_len -e frame.encap_type -e tcp.srcport -e tcp.flags.str"
fields() {  # fields FILE [more synfin arguments]: F's fields, status kept in $rc
    f=$1; shift
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$f" -T fields $F "$@" > "$T/out" 2> "$T/err"; rc=$?
}

# --- two interfaces, Ethernet and raw IPv6 (cut to 80): what libpcap refused
fields "$T/mixed.pcapng"
check "mixed link types: status 0, nothing on stderr (rc $rc: $(head -c 200 "$T/err"))" [ $rc -eq 0 -a ! -s "$T/err" ]
check "mixed link types: 8 frames, Ethernet and raw IP in turn" \
    [ "$(cut -f 1,5 "$T/out" | tr '\t\n' ':,')" = "1:1,2:7,3:1,4:7,5:1,6:7,7:1,8:7," ]
check "mixed link types: the raw interface's data segment cut to its snaplen (160 of 80)" \
    [ "$(sed -n 8p "$T/out" | cut -f 3,4,6)" = "$(printf '160\t80\t40002')" ]

# --- if_tsresol 10^-9 and 2^-20, if_tsoffset; the same in a big-endian section
fields "$T/tsresol.pcapng"
want="1700000000.123456789 1700000000.123456790 1700000000.123456791 1700000000.500000000 1700000000.500976562 1700000000.501953125 1701000000.250000000 1701000000.250001000 1701000000.250002000"
check "tsresol 10^-9, 2^-20, tsoffset 1000000 s: the times" [ "$(cut -f 2 "$T/out" | tr '\n' ' ')" = "$want " ]
"$SYNFIN" -r "$T/tsresol.pcapng" -c 4 > "$T/sum"
check "a nanosecond interface's frames show 9 digits, a microsecond one's 6" \
    sh -c "head -n 1 '$T/sum' | grep -q ' 0.000000000 ' && sed -n 4p '$T/sum' | grep -q ' 0.376543 '"
cp "$T/out" "$T/le"
fields "$T/be.pcapng"
check "a big-endian section reads as the little-endian one" cmp -s "$T/le" "$T/out"

# --- sections: little- then big-endian, interfaces start again
fields "$T/sections.pcapng"
check "two sections: 14 frames, the second's interface 0 raw IP, 1 Ethernet" \
    [ "$(cut -f 5 "$T/out" | tr '\n' ' ')" = "1 7 1 7 1 7 1 7 7 1 7 1 7 1 " ]

# --- SPB (cut to interface 0's snaplen), PB, skipped blocks, options
fields "$T/spb.pcapng"
check "SPB: 4 frames, the data segment cut to the snaplen (154 of 64)" \
    [ "$(cut -f 1,3,4 "$T/out" | tr '\t\n' ':,')" = "1:58:58,2:58:58,3:54:54,4:154:64," ]
check "SPB: no time stamp, so no time fields (as tshark)" [ "$(cut -f 2 "$T/out" | tr -d '\n')" = "" ]
fields "$T/pb.pcapng"
check "obsolete PB: 6 frames on two interfaces" [ "$(cut -f 5 "$T/out" | tr '\n' ' ')" = "1 1 1 7 7 7 " ]
fields "$T/skip.pcapng"
check "NRB, ISB, DSB, unknown and a 600,000-byte NRB skipped, custom blocks frames: 5 frames, status 0 (rc $rc)" \
    [ $rc -eq 0 -a "$(cut -f 1,6 "$T/out" | tr '\t\n' ':,')" = "1:,2:40041,3:,4:80,5:40041," ]
fields "$T/comment.pcapng"
check "EPB options (comments, flags, drop count) walked: 3 frames" [ "$(wc -l < "$T/out")" -eq 3 ]

# --- blocks shown as frames (journal, custom), an SPB, comments
fields "$T/blocks.pcapng"
check "blocks: 9 frames, TCP at 2, 4, 6 and 9, status 0 (rc $rc)" \
    [ $rc -eq 0 -a "$(cut -f 1,6 "$T/out" | tr '\t\n' ':,')" = "1:,2:40091,3:,4:80,5:,6:40091,7:,8:,9:40091," ]
check "blocks: journal times from __REALTIME_TIMESTAMP, none for the SPB, the custom blocks and a journal entry without one" \
    [ "$(cut -f 2 "$T/out" | tr '\n' ' ')" = "1699999999.500000000 1700000000.000000000  1700000000.000001000    1700000000.000500000 1700000000.000003000 " ]
"$SYNFIN" -r "$T/blocks.pcapng" -T fields -E occurrence=a -e frame.len -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info > "$T/out" 2>&1
check "blocks: lengths, protocols and columns of the journal and custom frames" \
    sh -c "sed -n '1p;3p;5p;7p' '$T/out' | tr '\t\n' '|;' | grep -qx '65|systemd_journal|systemd Journal|before any packet;12|data|PCAPNG|Custom Block: PEN = Example Enterprise Number for Documentation Use (32473), will be copied;29|systemd_journal|systemd Journal|no time here;16|data|PCAPNG|Custom Block: PEN = Example Enterprise Number for Documentation Use (32473), will not be copied;'"
"$SYNFIN" -r "$T/blocks.pcapng" -T fields -E occurrence=a -e frame.number -e frame.comment > "$T/out" 2>&1
x300=$(printf '%300s' | tr ' ' x)
check "blocks: comments, UTF-8 and several in a frame" \
    [ "$(sed -n '2p;9p' "$T/out")" = "$(printf '2\tpremière poignée de main,a second comment,%s\n9\tünïcödé ✓' "$x300")" ]
"$SYNFIN" -r "$T/blocks.pcapng" -Y 'frame.comment contains "poignée"' -T fields -e frame.number > "$T/out" 2>&1
check "-Y frame.comment contains: the frame with it" [ "$(cat "$T/out")" = "2" ]
"$SYNFIN" -r "$T/blocks.pcapng" -Y 'tcp' -f 'tcp' -T fields -e frame.number > "$T/out" 2> "$T/err"; rc=$?
check "-f: the blocks shown as frames pass no capture filter; numbers stay the file's" \
    [ $rc -eq 0 -a "$(tr '\n' ' ' < "$T/out")" = "2 4 6 9 " ]
"$SYNFIN" -r "$T/blocks.pcapng" -V -c 2 > "$T/out" 2>&1
check "-V: the journal entry's title, the comments before frame 2 with their expert items" \
    sh -c "head -n 1 '$T/out' | grep -qx 'Systemd Journal Entry 1: 65 bytes' && grep -A3 -x 'Packet comments' '$T/out' | sed -n 2,4p | tr '\n' '|' | grep -qx '    première poignée de main|        \[Expert Info (Comment/Comment): première poignée de main\]|            \[première poignée de main\]|'"
"$SYNFIN" -r "$T/blocks.pcapng" -T json -c 2 > "$T/out" 2>&1
check "-T json: a pkt_comment layer with each comment and its expert item" \
    sh -c "grep -c '\"frame.comment\": ' '$T/out' | grep -qx 3 && grep -q '\"_ws.expert.message\": \"première poignée de main\"' '$T/out'"

# --- custom blocks: the enterprise number (read in the section's byte
# order) and copy permission in Info, -V and the frame.cb_* fields. synfin
# names PEN 0 and 32473 only; others are "Unknown", as tshark writes the
# numbers its enterprises file lacks (tshark names 9 ciscoSystems).
"$SYNFIN" -r "$T/pens.pcapng" -T fields -e frame.cb_pen -e frame.cb_copy -e _ws.col.Info > "$T/out" 2>&1
check "custom blocks: PEN, copying and Info of 12 blocks" \
    [ "$(sed -n '1p;4p;5p;12p' "$T/out" | tr '\t\n' '|;')" = "32473|1|Custom Block: PEN = Example Enterprise Number for Documentation Use (32473), will be copied;0|0|Custom Block: PEN = Reserved (0), will not be copied;9|1|Custom Block: PEN = Unknown (9), will be copied;4294967295|0|Custom Block: PEN = Unknown (-1), will not be copied;" ]
"$SYNFIN" -r "$T/pens.pcapng" -V -c 2 > "$T/out" 2>&1
check "custom blocks -V: title with PEN and copying, then the PEN and Copying lines" \
    sh -c "grep '^PCAPNG' '$T/out' | grep -c 'PEN Example Enterprise Number for Documentation Use (32473), copying \(not \)\?allowed$' | grep -qx 2 && grep -cx '    Private Enterprise Number: Example Enterprise Number for Documentation Use (32473)' '$T/out' | grep -qx 2 && grep -x '    Copying: .*' '$T/out' | tr '\n' '|' | grep -qx '    Copying: Allowed|    Copying: Not Allowed|'"
"$SYNFIN" -r "$T/pens.pcapng" -Y 'frame.cb_pen == 65000 && frame.cb_copy == 0' -T fields -e frame.number > "$T/out" 2>&1
check "custom blocks: -Y on frame.cb_pen and frame.cb_copy" [ "$(cat "$T/out")" = "8" ]

# --- comments with control bytes and bytes that are not UTF-8: escaped
# everywhere (tshark -T fields writes ESC and BEL raw: synfin does not)
for mode in "-T fields -e frame.comment" "-V" "-T json" "-T ek" "-T jsonl"; do
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$T/comment-ctl.pcapng" $mode > "$T/out" 2>&1
    check "comment with control bytes, $mode: none raw (ESC, BEL, C1), invalid UTF-8 replaced" \
        sh -c "! LC_ALL=C grep -q \"\$(printf '[\\033\\007]')\" '$T/out' && ! LC_ALL=C grep -q \"\$(printf '\\302\\233')\" '$T/out' && ! LC_ALL=C grep -q \"\$(printf '\\377')\" '$T/out' && grep -q 'red' '$T/out'"
done
"$SYNFIN" -r "$T/comment-ctl.pcapng" -T fields -e frame.comment -c 1 > "$T/out" 2>&1
check "comment with control bytes: escaped as other packet text" \
    [ "$(cat "$T/out")" = "$(printf 'esc \\x1b[31mred\\x1b[0m bel \\x07 tab \\t nl \\n end,c1 \\u009b2J not utf8 \357\277\275\357\277\275 \357\277\275\357\277\275 cut')" ]

# --- the section and interface of each frame: the names kept from the
# IDBs, looked up as tshark 4.0 does (by the id in the file's list: the
# second section's frames show the first section's names)
"$SYNFIN" -r "$T/names.pcapng" -T fields -e frame.number -e frame.section_number -e frame.interface_id \
    -e frame.interface_name -e frame.interface_description > "$T/out" 2>&1
check "names: section, interface id, name (if_name, else if_description, else if_hardware, else unknown) and description" \
    [ "$(tr '\t\n' '|;' < "$T/out")" = "1|1|0|eth0|;2|1|1|wlan0|Wi-Fi;3|1|2|unknown|;4|1|3|only a description|only a description;5|1|4|hardware only|;6|1|0|eth0|;7|2|0|eth0|;8|2|1|wlan0|Wi-Fi;9|2|0|eth0|;" ]
"$SYNFIN" -r "$T/names.pcapng" -V > "$T/out" 2>&1
check "names -V: the title names the interface, then the Section number and Interface id lines" \
    sh -c "grep -A4 -x 'Frame 2: 58 bytes on wire (464 bits), 58 bytes captured (464 bits) on interface wlan0, id 1' '$T/out' | tr '\n' '|' | grep -qx 'Frame 2: [^|]*|    Section number: 1|    Interface id: 1 (wlan0)|        Interface name: wlan0|        Interface description: Wi-Fi|' && grep -qx 'Frame 3: .* on interface unknown, id 2' '$T/out'"
"$SYNFIN" -r "$T/blocks.pcapng" -T fields -e frame.section_number -e frame.interface_id -e frame.interface_name > "$T/out" 2>&1
check "blocks: a journal entry or custom block has a section and no interface" \
    [ "$(sed -n '1p;2p;3p' "$T/out" | tr '\t\n' '|;')" = "1||;1|0|unknown;1||;" ]
for mode in "-T fields -e frame.interface_name -e frame.interface_description" "-V" "-T json" "-T ek"; do
    # shellcheck disable=SC2086
    "$SYNFIN" -r "$T/names-ctl.pcapng" $mode > "$T/out" 2>&1
    check "an interface name with control bytes, $mode: none raw (ESC, BEL, C1), invalid UTF-8 replaced" \
        sh -c "! LC_ALL=C grep -q \"\$(printf '[\033\007]')\" '$T/out' && ! LC_ALL=C grep -q \"\$(printf '\302\233')\" '$T/out' && ! LC_ALL=C grep -q \"\$(printf '\377')\" '$T/out' && grep -q 'red' '$T/out'"
done
"$SYNFIN" -r "$T/names-ctl.pcapng" -V -c 1 > "$T/out" 2>&1
check "an interface name with control bytes: escaped in the title as in its lines" \
    [ "$(head -n 1 "$T/out")" = "Frame 1: 58 bytes on wire (464 bits), 58 bytes captured (464 bits) on interface esc \\x1b[31mred\\x07 \\u009b $(printf '\357\277\275\357\277\275'), id 0" ]

# --- a packet's options (epb_flags, epb_dropcount, epb_packetid,
# epb_queue) and a PB's drop count, in both byte orders; the direction is
# frame.p2p_dir and the title's "(inbound)" or "(outbound)"
"$SYNFIN" -r "$T/pkt-options.pcapng" -T fields -e frame.number -e frame.packet_flags -e frame.packet_flags_direction \
    -e frame.packet_flags_reception_type -e frame.packet_flags_reserved -e frame.packet_flags_crc_error \
    -e frame.packet_flags_symbol_error -e frame.drop_count -e frame.packet_id -e frame.interface_queue \
    -e frame.p2p_dir > "$T/out" 2>&1
check "packet options: flags and their parts, drop count, packet id, queue, direction (the first flags option read)" \
    [ "$(sed -n '1,4p' "$T/out" | tr '\t\n' '|;')" = "1|0x8100020a|0x00000002|2|1|1|1|7|78187493520|3|0;2|0x0000001f|0x00000003|7|0|0|0|18446744073709551615|||;3|0x7e000005|0x00000001|1|0|0|0|||0|1;4|0x00000010|0x00000000|4|0|0|0||0||;" ]
check "packet options: a big-endian section reads the same" \
    [ "$(sed -n '1,4p' "$T/out" | cut -f 2-)" = "$(sed -n '5,8p' "$T/out" | cut -f 2-)" ]
check "packet options: a PB's drop count from its header (0xffff: none) unless an option gives it, its flags option" \
    [ "$(sed -n '9,12p' "$T/out" | cut -f 2,8,11 | tr '\t\n' '|;')" = "0x00000002||0;0x00000002|5|0;0x00000002|0|0;0x00000002|9|0;" ]
"$SYNFIN" -r "$T/pkt-options.pcapng" -V -c 3 > "$T/out" 2>&1
check "packet options -V: the title's direction, the flags' bit lines, Drop Count and Point-to-Point Direction" \
    sh -c "grep -c '^Frame [13]: .* on interface eth0, id 0 (\(out\|in\)bound)\$' '$T/out' | grep -qx 2 && grep -qx 'Frame 2: .*, id 0' '$T/out' && grep -qx '        .... .... .... .... .... .... .... ..10 = Direction: Outbound (0x2)' '$T/out' && grep -qx '        .... .... .... .... .... .... ...1 11.. = Reception type: Unknown (7)' '$T/out' && grep -qx '        1... .... .... .... .... .... .... .... = Symbol error: Set' '$T/out' && grep -qx '    Drop Count: 18446744073709551615' '$T/out' && grep -qx '    Point-to-Point Direction: Received (1)' '$T/out' && grep -qx '    Interface queue: 3' '$T/out'"
"$SYNFIN" -r "$T/pkt-options.pcapng" -T json -c 1 > "$T/out" 2>&1
check "packet options -T json: the flags' parts in frame.packet_flags_tree" \
    sh -c "grep -A2 '\"frame.packet_flags_tree\": {' '$T/out' | tr -d ' \n' | grep -q '\"frame.packet_flags_direction\":\"0x00000002\",\"frame.packet_flags_reception_type\":\"2\"'"
"$SYNFIN" -r "$T/pkt-options.pcapng" -Y 'frame.p2p_dir == 0 && frame.packet_flags_reception_type == "Multicast"' \
    -T fields -e frame.number > "$T/out" 2>&1
check "packet options -Y: by direction and reception type's name" [ "$(tr '\n' ' ' < "$T/out")" = "1 5 " ]

# --- one file with all of them: plain, gzip, stdin, not mapped, the same
fields "$T/all.pcapng"
cp "$T/out" "$T/all.tsv"
check "all in one file: 70 frames (5 custom and journal blocks), status 0" [ $rc -eq 0 -a "$(wc -l < "$T/all.tsv")" -eq 70 ]
gzip -c "$T/all.pcapng" > "$T/all.pcapng.gz"
fields "$T/all.pcapng.gz"
check "gzip: the same frames" cmp -s "$T/all.tsv" "$T/out"
# shellcheck disable=SC2086
"$SYNFIN" -r - -T fields $F < "$T/all.pcapng" > "$T/out" 2>&1
check "stdin: the same frames" cmp -s "$T/all.tsv" "$T/out"
# shellcheck disable=SC2086
cat "$T/all.pcapng" | "$SYNFIN" -r - -T fields $F > "$T/out" 2>&1
check "a pipe: the same frames" cmp -s "$T/all.tsv" "$T/out"
for map in 0 1; do
    SYNFIN_MAP=$map fields "$T/skip.pcapng"
    check "SYNFIN_MAP=$map: the large block skipped the same" [ "$(wc -l < "$T/out")" -eq 5 -a $rc -eq 0 ]
done

# --- -f is compiled again for each link type; -w leaves out other link types
fields "$T/sections.pcapng" -f "tcp port 40061 or tcp port 40001"
check "-f over two link types: 7 frames, of both" \
    [ "$(cut -f 1,5 "$T/out" | tr '\t\n' ':,')" = "1:1,3:1,5:1,7:1,9:7,11:7,13:7," ]
"$SYNFIN" -r "$T/mixed.pcapng" -q -w "$T/w.pcap" 2> "$T/err"; rc=$?
check "-w of mixed link types: status 0, the 4 raw frames left out, said ($(cat "$T/err"))" \
    sh -c "[ $rc -eq 0 ] && grep -q 'w.pcap: 4 frames left out' '$T/err' && [ \$('$SYNFIN' -r '$T/w.pcap' | wc -l) -eq 4 ]"

"$SYNFIN" -r "$T/w.pcap" -T fields -e frame.section_number -e frame.interface_id -e frame.interface_name > "$T/out" 2>&1
"$SYNFIN" -r "$T/w.pcap" -V -c 1 > "$T/v" 2>&1
check "a pcap file's frames have no section or interface (fields empty, no Interface lines)" \
    sh -c "[ \"\$(sort -u '$T/out')\" = \"\$(printf '\t\t')\" ] && head -n 1 '$T/v' | grep -q 'captured (464 bits)\$' && ! grep -q 'Section number\|Interface' '$T/v'"

# --- damaged files: the frames before, then one line naming file and reason
for kind in trail:"trailing length (96) is not its length (92)" iface:"names interface 7, and the section has 1" \
    caplen:"holds 92 bytes, more than the 60" ifs:"a section has more than 65536 interfaces" \
    flags-len:"flags option is 6 bytes long, not 4" drops-len:"drop count option is 6 bytes long, not 8" \
    id-len:"packet id option is 6 bytes long, not 8" queue-len:"queue option is 6 bytes long, not 4" \
    verdict-len:"eBPF TC verdict option is 6 bytes long, not 9" \
    opt-long:"packet.s option of 200 bytes runs past its block, which has 12 left" \
    idb-opt-long:"interface.s option of 100 bytes runs past its block, which has 8 left"; do
    k=${kind%%:*}; why=${kind#*:}
    $MK bad "$k" > "$T/bad-$k.pcapng"
    "$SYNFIN" -r "$T/bad-$k.pcapng" -T fields -e frame.number > "$T/out" 2> "$T/err"; rc=$?
    check "damaged ($k): status 2, 3 frames, one line naming it ($(cat "$T/err"))" \
        sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/out') -eq 3 ] && [ \$(wc -l < '$T/err') -eq 1 ] && grep -q 'bad-$k.pcapng: .*$why' '$T/err'"
done
# A length that is no multiple of 4 is rounded up, as tshark 4.0 reads it.
$MK bad len4 > "$T/bad-len4.pcapng"
"$SYNFIN" -r "$T/bad-len4.pcapng" -T fields -e frame.number > "$T/out" 2> "$T/err"; rc=$?
check "a block length of 90 read as 92, as tshark: status 0, 5 frames" [ $rc -eq 0 -a "$(wc -l < "$T/out")" -eq 5 ]

# --- every cut of a file with every kind of block: frames, then status 0 or 2
size=$(wc -c < "$T/mixed.pcapng")
bad=""
n=0
while [ $n -lt "$size" ]; do
    head -c $n "$T/mixed.pcapng" > "$T/cut.pcapng"
    "$SYNFIN" -r "$T/cut.pcapng" > /dev/null 2> "$T/err"; rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then bad="$bad $n:rc$rc"; fi
    if [ $rc -eq 2 ] && ! grep -q "cut.pcapng: " "$T/err"; then bad="$bad $n:msg"; fi
    n=$((n + 1))
done
check "mixed cut at each of its $size bytes: status 0 or 2, the file named ($bad)" [ -z "$bad" ]
# (test_pcapng cuts the all-in-one file at every byte, in one process.)

# --- tshark agrees, frame by frame
if command -v tshark > /dev/null 2>&1; then
    for k in mixed tsresol be sections pb comment spb skip blocks; do
        # shellcheck disable=SC2086
        tshark -r "$T/$k.pcapng" -T fields $F > "$T/ts" 2> /dev/null
        fields "$T/$k.pcapng"
        check "$k: tshark's fields" cmp -s "$T/ts" "$T/out"
    done
    # Comments and every frame time, as tshark, on the files with blocks
    # that are frames and with SPBs (no time stamp: no time fields).
    G="-E occurrence=a -e frame.number -e frame.comment -e frame.time_relative -e frame.time_delta -e frame.time_delta_displayed -e frame.protocols"
    for k in blocks all; do
        # shellcheck disable=SC2086
        tshark -r "$T/$k.pcapng" -T fields $G 2> /dev/null | sed 's/:data$//' > "$T/ts"
        # shellcheck disable=SC2086
        "$SYNFIN" -r "$T/$k.pcapng" -T fields $G > "$T/out" 2>&1
        check "$k: tshark's comments, times and protocols (tshark's :data after TCP aside)" cmp -s "$T/ts" "$T/out"
    done
    # Custom blocks: every line of Info, -V and -T json that synfin writes
    # is tshark's, but for the PEN tshark names from its enterprises file
    # (9: 2 blocks), taken out on both sides.
    tshark -r "$T/pens.pcapng" -T fields -e frame.cb_pen -e frame.cb_copy -e _ws.col.Info 2> /dev/null |
        grep -v '^9	' > "$T/ts"
    "$SYNFIN" -r "$T/pens.pcapng" -T fields -e frame.cb_pen -e frame.cb_copy -e _ws.col.Info 2>&1 | grep -v '^9	' > "$T/out"
    check "pens: tshark's PEN, copying and Info on the 10 blocks of PENs synfin names or neither does" \
        sh -c "[ \$(wc -l < '$T/out') -eq 10 ] && cmp -s '$T/ts' '$T/out'"
    # (only the custom block's own lines: tshark names PEN 9)
    cb='^PCAPNG Custom Block\|^    Private Enterprise Number: \|^    Copying: '
    tshark -r "$T/pens.pcapng" -V 2> /dev/null | grep "$cb" | grep -v '(9)' > "$T/tv"
    "$SYNFIN" -r "$T/pens.pcapng" -V 2>&1 | grep "$cb" | grep -v '(9)' > "$T/sv"
    check "pens -V: tshark's titles, PEN and Copying lines ($(wc -l < "$T/sv") lines)" \
        sh -c "[ \$(wc -l < '$T/sv') -eq 32 ] && cmp -s '$T/tv' '$T/sv'"
    # The Frame block of frames on named and unnamed interfaces, in two
    # sections: tshark -n -V's, line for line.
    tshark -n -r "$T/names.pcapng" -V > "$T/tv" 2> /dev/null
    "$SYNFIN" -r "$T/names.pcapng" -V > "$T/sv" 2>&1
    python3 "$here/tools/vblocks.py" --exact "$T/tv" "$T/sv" "Frame " > "$T/vb" 2>&1
    check "names -V: tshark's Frame blocks, line for line ($(tail -n 1 "$T/vb"))" \
        grep -qx '9 blocks compared, 0 differ' "$T/vb"
    # The title's interface and the Section number and Interface lines of
    # every frame of the files with several interfaces, sections, SPBs, PBs
    # and blocks that are frames (other lines of their blocks differ:
    # tshark's drop counts and protocols synfin does not have).
    il='^\(Frame\|PCAPNG\|Systemd\) \|^    Section number: \|^    Interface id: \|^        Interface \(name\|description\): '
    for k in mixed sections spb pb blocks; do
        tshark -n -r "$T/$k.pcapng" -V 2> /dev/null | grep "$il" | grep -v '(9)' > "$T/tv"
        "$SYNFIN" -r "$T/$k.pcapng" -V 2>&1 | grep "$il" | grep -v '(9)' > "$T/sv"
        check "$k -V: tshark's titles, Section number and Interface lines ($(wc -l < "$T/sv") lines)" \
            sh -c "grep -q '^    Section number: ' '$T/sv' && cmp -s '$T/tv' '$T/sv'"
    done
    # -T ek: the index and time stamp of a frame without a time (0, as
    # tshark), and the comments' expert messages (cut at 239 bytes).
    keys='"timestamp":"[0-9]*"\|"_index":"[^"]*"\|"_ws_expert__ws_expert_message":"[^"]*"\|"frame_frame_comment":\[[^]]*\]'
    tshark -r "$T/blocks.pcapng" -T ek 2> /dev/null | grep -o "$keys" > "$T/ts"
    "$SYNFIN" -r "$T/blocks.pcapng" -T ek 2>&1 | grep -o "$keys" > "$T/out"
    check "blocks -T ek: tshark's index, time stamps, comments and expert messages" \
        sh -c "[ \$(wc -l < '$T/out') -ge 25 ] && cmp -s '$T/ts' '$T/out'"
else
    echo "# skip: no tshark to compare with"
fi
exit $((fails > 0))
