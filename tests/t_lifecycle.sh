#!/bin/sh
# Steps and states on captures of real kernel traffic (tests/scenarios).
TEST=t_lifecycle; . "$(dirname "$0")/lib.sh"
need_scenarios

check "hello: handshake, then close with both states" \
    sh -c "'$SYNFIN' -r '$S/hello.pcap' -T fields -E separator=/ -e synfin.step -e synfin.state.client -e synfin.state.server | grep -v '^/' | tr '\n' '|' | grep -Eqx 'handshake 1/3/SYN-SENT/LISTEN\|handshake 2/3/SYN-SENT/SYN-RECEIVED\|handshake 3/3/ESTABLISHED/ESTABLISHED\|teardown 1/4/FIN-WAIT-1/CLOSE-WAIT\|(teardown 2\+3/4/TIME-WAIT/LAST-ACK|teardown 2/4/FIN-WAIT-2/CLOSE-WAIT\|teardown 3/4/TIME-WAIT/LAST-ACK)\|teardown 4/4/TIME-WAIT/CLOSED\|'"
check "refused: SYN answered by RST" \
    sh -c "[ \"\$('$SYNFIN' -r '$S/refused.pcap' -T fields -E separator=/ -e synfin.step -e synfin.state.client -e synfin.state.server | tr '\n' '|')\" = 'handshake 1/3/SYN-SENT/LISTEN|refused/CLOSED/LISTEN|' ]"
check "rst: reset by the client in ESTABLISHED" \
    sh -c "'$SYNFIN' -r '$S/rst.pcap' -T fields -e synfin.step | grep -qx 'reset by client in ESTABLISHED'"
check "halfclose: data after the client's FIN" \
    sh -c "'$SYNFIN' -r '$S/halfclose.pcap' -T fields -e synfin.step | grep -qx 'half close: data after FIN'"
check "halfclose: the server closes last in LAST-ACK" \
    sh -c "'$SYNFIN' -r '$S/halfclose.pcap' -T fields -E separator=/ -e synfin.step -e synfin.state.server | grep -Eqx 'teardown (3|2\+3)/4/LAST-ACK'"
check "many: 200 connections, each opened and closed" \
    sh -c "[ \$('$SYNFIN' -r '$S/many.pcap' -T fields -e synfin.step | grep -c '^handshake 3/3\$') -eq 200 ] && [ \$('$SYNFIN' -r '$S/many.pcap' -T fields -e synfin.step | grep -c '^teardown 4/4\$') -eq 200 ]"
check "keepalive: probes do not change the states" \
    sh -c "'$SYNFIN' -r '$S/keepalive.pcap' -T fields -E separator=/ -e tcp.analysis.keep_alive -e synfin.state.client | grep -q '^1/ESTABLISHED\$'"
check "-T jsonl carries the step and both states" \
    sh -c "'$SYNFIN' -r '$S/hello.pcap' -T jsonl -c 1 | grep -q '\"synfin.step\":\"handshake 1/3\",\"synfin.state.client\":\"SYN-SENT\",\"synfin.state.server\":\"LISTEN\"'"
check "-V shows the step and both states" \
    sh -c "'$SYNFIN' -r '$S/hello.pcap' -V -c 1 | grep -q '^    \[Client state after this segment: SYN-SENT\]\$'"
[ $fails -eq 0 ]
