#!/bin/sh
# synfin conns and synfin ladder on captures of real kernel traffic.
TEST=t_conns; . "$(dirname "$0")/lib.sh"

# Zeek's role flip for a capture begun mid-stream (mkpcap.py midstream).
# The rule is TCPAnalyzer::WantConnection (Zeek 6.1-7.x,
# src/packet_analysis/protocol/tcp/TCP.cc): a first packet that is not a
# bare SYN, from a port in likely_server_ports, flips the roles, unless the
# destination port is one too and the packet is a SYN-ACK or the source
# port is the higher; IPBasedAnalyzer::NewConn then (unless the destination
# is 255.255.255.255, IPAddr::IsBroadcast) calls
# Connection::FlipRoles (src/Conn.cc), which adds '^' to the history. After
# it the first sender is Zeek's responder, so its letters are lower case.
python3 "$here/tools/mkpcap.py" midstream > "$T/mid.pcap"
"$SYNFIN" conns -r "$T/mid.pcap" -T json | sed 's/.*"conn_state":"\([^"]*\)","history":"\([^"]*\)".*/\1 \2/' > "$T/mid.zeek"
printf '%s\n' 'SF ^dADfFa' 'SF DadFfA' 'SF ^dADfFa' 'SF DadFfA' 'S1 ^hA' 'OTH Ha' 'SF DadFfA' 'SF DadFfA' > "$T/mid.want"
check "conns midstream: Zeek's flip (^, letters of the other side) on server ports, none otherwise" \
    cmp "$T/mid.want" "$T/mid.zeek"

need_scenarios

check "conns hello: one connection, SF, ShADadFf, closed in three or four segments" \
    sh -c "row() { '$SYNFIN' conns -r '$S/hello.pcap' -T json; }; [ \$(row | wc -l) -eq 1 ] && row | grep -q '\"conn_state\":\"SF\",\"history\":\"ShADadFf\"' && row | grep -Eq '\"close\":\"(three|four) segments\"'"
check "conns hello: complete handshake with its initial RTT" \
    sh -c "'$SYNFIN' conns -r '$S/hello.pcap' -T json | grep -q '\"handshake\":\"complete 0\.[0-9]*s\"'"
check "conns hello: packets and bytes each way (client sent the 71-byte GET)" \
    sh -c "'$SYNFIN' conns -r '$S/hello.pcap' -T json | grep -Eq '\"client_pkts\":[0-9]+,\"client_bytes\":[0-9]+,\"server_pkts\":[0-9]+,\"server_bytes\":[0-9]+'"
check "conns refused: REJ, Sr, refused" \
    sh -c "'$SYNFIN' conns -r '$S/refused.pcap' -T json | grep -q '\"close\":\"refused\".*\"conn_state\":\"REJ\",\"history\":\"Sr\"'"
check "conns rst: reset by the client, RSTO" \
    sh -c "'$SYNFIN' conns -r '$S/rst.pcap' -T json | grep -q '\"close\":\"reset by client in ESTABLISHED\".*\"conn_state\":\"RSTO\"'"
check "conns halfclose: half close" \
    sh -c "'$SYNFIN' conns -r '$S/halfclose.pcap' -T json | grep -q '\"close\":\"half close, '"
check "conns hello: Zeek's service is http (curl's GET and the answer match Zeek's HTTP signatures on port 4000)" \
    sh -c "'$SYNFIN' conns -r '$S/hello.pcap' -T json | grep -q '\"service\":\"http\",\"conn_state\"' && '$SYNFIN' conns -r '$S/hello.pcap' | awk 'NR == 1 { ok = \$(NF - 2) == \"service\" } NR == 2 { exit !(ok && \$(NF - 2) == \"http\") }'"
check "conns keepalive: no service (the payload is not HTTP), '-' in the table and no key in JSON" \
    sh -c "! '$SYNFIN' conns -r '$S/keepalive.pcap' -T json | grep -q service && '$SYNFIN' conns -r '$S/keepalive.pcap' | awk 'NR == 2 { exit !(\$(NF - 2) == \"-\") }'"
check "conns lossy: retransmissions in the history (T)" \
    sh -c "'$SYNFIN' conns -r '$S/lossy.pcap' -T json | grep -q '\"history\":\"[^\"]*T'"
check "conns many: 200 rows, all SF" \
    sh -c "[ \$('$SYNFIN' conns -r '$S/many.pcap' -T json | grep -c '\"conn_state\":\"SF\"') -eq 200 ]"
check "conns: aligned columns with a header" \
    sh -c "'$SYNFIN' conns -r '$S/many.pcap' | head -n 1 | grep -q '^stream  client' && [ \$('$SYNFIN' conns -r '$S/many.pcap' | awk '{print index(\$0, \" 127.0.0.1:4009 \")}' | sort -u | wc -l) -eq 2 ]"
check "ladder hello: an arrow per segment, steps on the right" \
    sh -c "[ \$('$SYNFIN' ladder -r '$S/hello.pcap' | grep -c '|.*[->]|') -eq \$('$SYNFIN' -r '$S/hello.pcap' | wc -l) ] && '$SYNFIN' ladder -r '$S/hello.pcap' | grep -q '|-- SYN  seq=0 len=0 -*>|  handshake 1/3\$'"
check "ladder rst: the reset and who sent it" \
    sh -c "'$SYNFIN' ladder -r '$S/rst.pcap' | grep -q 'RST, ACK .*reset by client in ESTABLISHED'"
check "ladder keepalive: idle gaps folded, analysis labels shown" \
    sh -c "'$SYNFIN' ladder -r '$S/keepalive.pcap' | grep -q 's idle)' && '$SYNFIN' ladder -r '$S/keepalive.pcap' | grep -q '\[TCP Keep-Alive\]'"
check "ladder --max pages a long connection" \
    sh -c "[ \$('$SYNFIN' ladder -r '$S/lossy.pcap' --max 20 | grep -c '|.*[->]|') -eq 20 ] && '$SYNFIN' ladder -r '$S/lossy.pcap' --max 20 | grep -q 'more segments (--max'"
# conns alone leaves the TCP options unread (its rows never show them); a
# -Y that reads them still sees them: every connection of many.pcap sent
# timestamps, and its SYNs an MSS of 65495.
check "conns -Y on TCP options: the options are read when a filter needs them (200 rows twice)" \
    sh -c "[ \$('$SYNFIN' conns -r '$S/many.pcap' -Y 'tcp.options.timestamp.tsval > 0' -T json | wc -l) -eq 200 ] && [ \$('$SYNFIN' conns -r '$S/many.pcap' -Y 'tcp.options.mss_val == 65495' -T json | wc -l) -eq 200 ]"
# The rows-only path (no analysis, no HTTP, no options) against the full
# one (-Y frame keeps every frame and turns it off): the same rows.
bad=""
for f in "$S"/*.pcap; do
    "$SYNFIN" conns -r "$f" -T json > "$T/rows.a" 2>&1
    "$SYNFIN" conns -r "$f" -T json -Y frame > "$T/rows.b" 2>&1
    cmp -s "$T/rows.a" "$T/rows.b" || bad="$bad $(basename "$f")"
done
check "conns: the rows-only path gives the rows of the full path on every scenario (differ:${bad:- none})" [ -z "$bad" ]
"$SYNFIN" ladder -r "$S/hello.pcap" --stream 5 > /dev/null 2> "$T/l.err"; rc=$?
check "ladder: a missing stream is status 2 with one line" sh -c "[ $rc -eq 2 ] && grep -q 'no TCP stream 5' '$T/l.err'"
[ $fails -eq 0 ]
