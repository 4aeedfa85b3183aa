-- Tables for synfin's rows in ClickHouse (18.16 and later), one for frames
-- (synfin -T jsonl) and one for connections (synfin conns -T json). Load
-- them unchanged with FORMAT JSONEachRow; the frames carry every field
-- synfin has, so keep the ones below and skip the rest:
--   clickhouse-client --multiquery < contrib/clickhouse.sql
--   synfin -r day.pcap -T jsonl | clickhouse-client --input_format_skip_unknown_fields=1 \
--       -q 'INSERT INTO synfin_frames FORMAT JSONEachRow'
--   synfin conns -r day/ -T json | clickhouse-client --input_format_skip_unknown_fields=1 \
--       -q 'INSERT INTO synfin_conns FORMAT JSONEachRow'
-- A column is named as its Wireshark field (in backquotes); a field that a
-- frame does not have takes the column's default (0, '' or []). Add any
-- field of `synfin -G fields` the same way, minding its shape: a field that
-- occurs more than once in a frame is a list there and a single value
-- elsewhere, which one column type cannot take. tcp.analysis.duplicate_ack
-- is always two (tshark's item and its expert info), so it is an Array;
-- ip.src and ip.dst are two in a tunnel or an ICMP error, and the http
-- fields two or more when one frame ends several pipelined messages: the
-- columns below suit TCP over one IP header, and HTTP is left out.

CREATE TABLE IF NOT EXISTS synfin_frames (
    `frame.number` UInt64,
    `frame.time_epoch` Float64,
    `frame.len` UInt32,
    `ip.src` String,
    `ip.dst` String,
    `ipv6.src` String,
    `ipv6.dst` String,
    `tcp.srcport` UInt16,
    `tcp.dstport` UInt16,
    `tcp.stream` UInt32,
    `tcp.seq` UInt32,
    `tcp.ack` UInt32,
    `tcp.len` UInt32,
    `tcp.flags` String,
    `tcp.flags.str` String,
    `tcp.window_size` Int64,
    `tcp.analysis.retransmission` UInt8,
    `tcp.analysis.fast_retransmission` UInt8,
    `tcp.analysis.duplicate_ack` Array(UInt8),
    `tcp.analysis.lost_segment` UInt8,
    `tcp.analysis.ack_rtt` Float64,
    `tcp.analysis.initial_rtt` Float64,
    `_ws.col.Info` String,
    `synfin.step` String,
    `synfin.state.client` String,
    `synfin.state.server` String
) ENGINE = MergeTree ORDER BY (`tcp.stream`, `frame.number`);

CREATE TABLE IF NOT EXISTS synfin_conns (
    file String,                  -- with several files (synfin conns -r a -r b ...); '' with one
    stream UInt32,
    client String,
    server String,
    start Float64,
    duration Float64,
    client_pkts UInt64,
    client_bytes UInt64,
    server_pkts UInt64,
    server_bytes UInt64,
    handshake String,
    close String,
    client_state String,
    server_state String,
    client_guessed String,
    service String,
    conn_state String,
    history String
) ENGINE = MergeTree ORDER BY (file, stream);
