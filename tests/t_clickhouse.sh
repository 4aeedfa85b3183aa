#!/bin/sh
# synfin's rows in a real ClickHouse server (Debian's clickhouse-server),
# loaded unchanged with FORMAT JSONEachRow into the tables of
# contrib/clickhouse.sql: the frames of lossy.pcap (-T jsonl) and the
# connections of every scenario capture (conns -T json, several files in
# one run, so each row says its file). Then two queries must give what
# synfin itself says: connections by conn_state, and retransmissions per
# stream. The server runs from a scratch directory on loopback ports of
# its own, at most 5 minutes, and is stopped at the end whatever happens.
# Installed as root when missing; skipped (with the reason) when it cannot be.
TEST=t_clickhouse; . "$(dirname "$0")/lib.sh"
need_scenarios
if [ "${SYNFIN_SANITIZED:-0}" = 1 ]; then
    echo "# skip: clickhouse: run once, in the plain pass"
    exit 0
fi
if ! command -v clickhouse-server > /dev/null 2>&1 && ! sh "$here/../scripts/deps.sh" clickhouse > "$T/deps.log" 2>&1; then
    echo "# skip: clickhouse: the packages cannot be installed here: $(tail -n 1 "$T/deps.log")"
    exit 0
fi
ports=$(python3 -c 'import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(" ".join(str(x.getsockname()[1]) for x in s))')
set -- $ports
tcp_port=$1 http_port=$2
mkdir -p "$T/ch/log"
cat > "$T/ch/config.xml" << XML
<?xml version="1.0"?>
<yandex>
    <logger><level>warning</level><log>$T/ch/log/server.log</log><errorlog>$T/ch/log/error.log</errorlog></logger>
    <listen_host>127.0.0.1</listen_host>
    <tcp_port>$tcp_port</tcp_port>
    <http_port>$http_port</http_port>
    <path>$T/ch/data/</path>
    <tmp_path>$T/ch/tmp/</tmp_path>
    <user_files_path>$T/ch/user_files/</user_files_path>
    <format_schema_path>$T/ch/format_schemas/</format_schema_path>
    <users_config>$T/ch/users.xml</users_config>
    <default_profile>default</default_profile>
    <default_database>default</default_database>
    <mark_cache_size>5368709</mark_cache_size>
</yandex>
XML
cat > "$T/ch/users.xml" << XML
<?xml version="1.0"?>
<yandex>
    <profiles><default><max_memory_usage>1000000000</max_memory_usage></default></profiles>
    <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
    <quotas><default></default></quotas>
</yandex>
XML
timeout 300 clickhouse-server --config-file="$T/ch/config.xml" > "$T/ch/log/console.log" 2>&1 &
server=$!
trap 'kill $server 2> /dev/null; wait $server 2> /dev/null' EXIT INT TERM
ch() { clickhouse-client --host 127.0.0.1 --port "$tcp_port" "$@"; }
i=0
until ch -q 'SELECT 1' > /dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -ge 60 ] || ! kill -0 $server 2> /dev/null; then
        nok "clickhouse-server started on 127.0.0.1:$tcp_port within 30 s: $(tail -n 2 "$T/ch/log/console.log" "$T/ch/log/error.log" 2>/dev/null | tr '\n' ' ' | cut -c1-200)"
        exit 1
    fi
    sleep 0.5
done
ok "clickhouse-server $(ch -q 'SELECT version()') started on 127.0.0.1:$tcp_port"
check "the tables of contrib/clickhouse.sql are made" ch --multiquery < "$here/../contrib/clickhouse.sql"
load() {  # load TABLE: standard input into the table, unchanged
    ch --input_format_skip_unknown_fields=1 -q "INSERT INTO $1 FORMAT JSONEachRow"
}
"$SYNFIN" -r "$S/lossy.pcap" -T jsonl > "$T/frames.jsonl"
check "synfin -T jsonl of lossy.pcap loads with FORMAT JSONEachRow ($(wc -l < "$T/frames.jsonl") frames)" \
    load synfin_frames < "$T/frames.jsonl"
# shellcheck disable=SC2046
"$SYNFIN" conns $(ls "$S"/*.pcap) -T json > "$T/conns.json"
check "synfin conns -T json of $(ls "$S"/*.pcap | wc -l) captures loads with FORMAT JSONEachRow ($(wc -l < "$T/conns.json") rows)" \
    load synfin_conns < "$T/conns.json"

# Connections by conn_state, as ClickHouse counts them and as synfin's rows say.
ch -q 'SELECT conn_state, count() FROM synfin_conns GROUP BY conn_state ORDER BY conn_state FORMAT TSV' > "$T/ch-states"
python3 -c 'import json, sys, collections
c = collections.Counter(json.loads(l)["conn_state"] for l in open(sys.argv[1]))
for k in sorted(c): print(f"{k}\t{c[k]}")' "$T/conns.json" > "$T/synfin-states"
check "connections by conn_state: ClickHouse's count is synfin's ($(tr '\n\t' ' =' < "$T/ch-states"))" \
    sh -c "[ -s '$T/ch-states' ] && cmp -s '$T/ch-states' '$T/synfin-states'"
# Numbers stay numbers: sums over typed columns match sums over the JSON.
ch_sums=$(ch -q 'SELECT round(sum(duration), 6), sum(client_pkts) FROM synfin_conns FORMAT TSV')
json_sums=$(python3 -c 'import json, sys
r = [json.loads(l) for l in open(sys.argv[1])]
print("%s\t%d" % (round(sum(x["duration"] for x in r), 6), sum(x["client_pkts"] for x in r)))' "$T/conns.json")
sums_agree() { [ "${ch_sums#*	}" -gt 0 ] && [ "$ch_sums" = "$json_sums" ]; }
check "numbers stay numbers: durations and client packets sum as in the JSON ($ch_sums)" sums_agree
filed=$(ch -q "SELECT countIf(file != ''), count() FROM synfin_conns FORMAT TSV")
all_filed() { [ "${filed%	*}" = "${filed#*	}" ] && [ "${filed%	*}" -gt 0 ]; }
check "every row says its file ($filed)" all_filed

# Retransmissions per stream, from ClickHouse and from synfin's own filter.
ch -q 'SELECT `tcp.stream`, count() FROM synfin_frames WHERE `tcp.analysis.retransmission` = 1
       GROUP BY `tcp.stream` ORDER BY `tcp.stream` FORMAT TSV' > "$T/ch-retrans"
"$SYNFIN" -r "$S/lossy.pcap" -Y tcp.analysis.retransmission -T fields -e tcp.stream |
    sort -n | uniq -c | awk '{ printf "%s\t%s\n", $2, $1 }' > "$T/synfin-retrans"
check "retransmissions per stream: ClickHouse's is synfin -Y tcp.analysis.retransmission's ($(tr '\n\t' ' =' < "$T/ch-retrans"))" \
    sh -c "[ -s '$T/ch-retrans' ] && cmp -s '$T/ch-retrans' '$T/synfin-retrans'"
first=$(ch -q 'SELECT toDecimal64(`frame.time_epoch`, 6) FROM synfin_frames WHERE `frame.number` = 1')
first_synfin=$("$SYNFIN" -r "$S/lossy.pcap" -c 1 -T fields -e frame.time_epoch | cut -c1-17)
same_first() { [ -n "$first" ] && [ "$first" = "$first_synfin" ]; }
check "times stay numbers: the first frame's time is synfin's ($first)" same_first
kill $server
wait $server 2> /dev/null
trap - EXIT INT TERM
check "clickhouse-server stopped" sh -c "! kill -0 $server 2> /dev/null"
[ $fails -eq 0 ]
