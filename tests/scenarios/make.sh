#!/bin/sh
# Make capture files from real kernel TCP traffic, one per scenario.
#
#   tests/scenarios/make.sh OUTDIR [SCENARIO...]
#
# Each scenario runs in a network namespace of its own (synfin-PID-NAME,
# deleted on exit), where tcpscen (tcpscen.c beside this script, built here)
# plays client and server on 127.0.0.1 or ::1 while dumpcap captures lo with
# a filter on the scenario's port. Writes OUTDIR/NAME.pcap for each scenario
# (replacing an older one) and prints one line per capture with its packet
# count. Without SCENARIO arguments it makes them all:
#   hello refused halfclose rst keepalive ipv6 tfo ecn lossy many zerowin
#   http-pipeline http-chunked http-big http-keepalive http-lost http-head304
# The http-* ones are HTTP/1.1 exchanges whose every write is known, cut in
# 1500-byte packets: three requests in one segment answered in order
# (pipeline), a chunked response in six segments (chunked), a 1 MiB
# Content-Length body (big), three exchanges on one connection, a request
# cut mid-line (keepalive, on 8080, HTTP's own port for tshark; the others
# are found by its heuristic), a response dropped once after the capture
# point and retransmitted (lost), HEAD, 304 and 100 Continue (head304).
# pcapsegs (pcapsegs.c, built here) counts the data segments of each http-*
# capture; a run with another count (writes the kernel merged or cut) is
# made again, up to 3 tries, as one that missed packets.
# Needs root (ip netns), dumpcap, cc, nft (loss, packet counts), ethtool,
# taskset (http-* on one CPU; without it, more runs are made again).
# Exit status: 0 all made; 77 no network namespace can be made here (not
# root, no iproute2 or dumpcap): a reason to skip; 1 anything else.
set -u
me=make.sh
usage() { echo "usage: $0 OUTDIR [SCENARIO...]" >&2; exit 1; }
[ $# -ge 1 ] || usage
outdir=$1; shift
all="hello refused halfclose rst keepalive ipv6 tfo ecn lossy many zerowin
     http-pipeline http-chunked http-big http-keepalive http-lost http-head304"
scens=${*:-$all}
here=$(cd "$(dirname "$0")" && pwd)

skip() { echo "$me: $*" >&2; exit 77; }
die() { echo "$me: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "cannot make network namespaces: must run as root"
for t in ip dumpcap cc timeout; do
    command -v "$t" >/dev/null 2>&1 || skip "cannot make the captures: $t not found"
done
mkdir -p "$outdir" || die "cannot create $outdir"
outdir=$(cd "$outdir" && pwd)

work=$(mktemp -d /tmp/synfin-scen.XXXXXX) || die "mktemp failed"
ns=""
dcpid=""
cleanup() {
    [ -n "$dcpid" ] && kill -TERM "$dcpid" 2>/dev/null && wait "$dcpid" 2>/dev/null
    [ -n "$ns" ] && ip netns del "$ns" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Namespaces left by a run that was killed hard (its PID is gone).
for old in $(ip netns list 2>/dev/null | awk '$1 ~ /^synfin-[0-9]+-/ { print $1 }'); do
    pid=${old#synfin-}; pid=${pid%%-*}
    kill -0 "$pid" 2>/dev/null || ip netns del "$old" 2>/dev/null
done

cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -o "$work/tcpscen" "$here/tcpscen.c" ||
    die "cannot build tcpscen"
cc -std=c11 -O2 -Wall -Wextra -Werror -o "$work/pcapsegs" "$here/pcapsegs.c" ||
    die "cannot build pcapsegs"

inns() { ip netns exec "$ns" "$@"; }
# The first CPU this script may run on (for taskset), or nothing.
cpu=$(taskset -pc $$ 2>/dev/null | sed -n 's/.*: *\([0-9]*\).*/\1/p')
nft=$(command -v nft 2>/dev/null)  # without nft: no packet count check (and no "lossy")

# small_segments NAME: Ethernet-sized segments, no offloads: each segment
# is a packet. TCP makes GSO packets whatever the device says; gso_max_segs
# 1 keeps them to one segment, so nft (before the segmentation) sees and
# drops the very packets that the capture shows.
small_segments() {
    inns ethtool -K lo tso off gso off gro off >/dev/null 2>&1 || true
    inns ip link set lo mtu 1500 || die "$1: cannot set the MTU"
    inns ip link set lo gso_max_segs 1 2>/dev/null || true
}

# setup NAME PORT: the namespace's settings for one scenario.
setup() {
    # Client ports where Wireshark registers no TCP dissector (tshark -G
    # decodes has none from 34981 to 44320; src/present/tcp_ports.h): a
    # port the kernel picks must not hand the payload to another protocol's
    # dissector (44818, EtherNet/IP, once made tshark's Info and JSON differ).
    inns sysctl -qw net.ipv4.ip_local_port_range="35000 44000" || die "$1: sysctl ip_local_port_range failed"
    case $1 in
    tfo) inns sysctl -qw net.ipv4.tcp_fastopen=3 || die "tfo: sysctl failed" ;;
    ecn) inns sysctl -qw net.ipv4.tcp_ecn=1 || die "ecn: sysctl failed" ;;
    lossy)
        command -v nft >/dev/null 2>&1 || die "lossy: nft not found"
        small_segments lossy
        # ~2% loss on the port: 1% before the capture point (output hook:
        # the capture shows a gap) and 1% after it (input hook: the capture
        # shows the packet and then its retransmission).
        inns nft -f - <<EOF || die "lossy: nft failed"
table inet synfin {
    chain out {
        type filter hook output priority 0;
        tcp dport $2 numgen random mod 100 < 1 drop
        tcp sport $2 numgen random mod 100 < 1 drop
    }
    chain in {
        type filter hook input priority 0;
        tcp dport $2 numgen random mod 100 < 1 drop
        tcp sport $2 numgen random mod 100 < 1 drop
    }
}
EOF
        ;;
    zerowin)
        inns ip link set lo mtu 1500 || die "zerowin: cannot set the MTU" ;;
    http-lost)
        command -v nft >/dev/null 2>&1 || die "http-lost: nft not found"
        small_segments http-lost
        # The server's first segment with PSH (its response; the handshake
        # and ACKs have none) is dropped on input, after the capture point;
        # the connection's mark remembers it, so the retransmission passes.
        inns nft -f - <<EOF || die "http-lost: nft failed"
table inet synfin_lose {
    chain in {
        type filter hook input priority 0;
        tcp sport $2 tcp flags & psh == psh ct mark 0 ct mark set 1 counter drop
    }
}
EOF
        ;;
    http-*) small_segments "$1" ;;
    esac
    case $1 in
    http-*)
        # No tail loss probe: on a busy machine the receiver may lag a few
        # ms, more than the probe's timeout on lo, and a spurious
        # retransmission would change the capture; the retransmission
        # timeout (200 ms at least) leaves room.
        inns sysctl -qw net.ipv4.tcp_early_retrans=0 || die "$1: sysctl failed" ;;
    esac
}

# count NAME PORT: an nft counter of the scenario's packets in postrouting,
# the last hook before lo's capture point: it tells how many packets the
# capture must hold (see attempt below).
count() {
    inns nft -f - <<EOF || die "$1: nft failed"
table inet synfin_count {
    chain post {
        type filter hook postrouting priority 100;
        tcp sport $2 counter
        tcp dport $2 counter
    }
}
EOF
}
counted() { nft_packets synfin_count post; }

# nft_packets TABLE CHAIN: the packets counted by the rules of an inet chain.
nft_packets() {
    inns nft list chain inet "$1" "$2" |
        awk '{ for (i = 1; i < NF; i++) if ($i == "packets") n += $(i + 1) } END { print n + 0 }'
}

# attempt NAME PORT [SEGS]: one try at a scenario's capture, into
# $work/NAME.pcap. SEGS "C S": the data segments the capture must hold,
# client's and server's. Status 0 done, 3 the capture
# missed packets or has another shape (worth another try).
attempt() {
    name=$1 port=$2 segs=${3:-}
    ns=synfin-$$-$name
    ip netns add "$ns" 2>"$work/ns.err" || {
        cat "$work/ns.err" >&2; ns=""
        skip "cannot create network namespace synfin-$$-$name"
    }
    ip -n "$ns" link set lo up || die "$name: cannot bring lo up"
    setup "$name" "$port"
    [ -n "$nft" ] && count "$name" "$port"
    pcap=$work/$name.pcap
    rm -f "$pcap"
    # -a duration: dumpcap stops by itself if we never get to stop it.
    ip netns exec "$ns" dumpcap -q -P -i lo -B 16 -a duration:60 -f "tcp port $port" -w "$pcap" \
        2>"$work/dumpcap.err" &
    dcpid=$!
    i=0  # dumpcap says "File: ..." once the filter is set and the file open
    while ! grep -q '^File:' "$work/dumpcap.err" 2>/dev/null; do
        kill -0 "$dcpid" 2>/dev/null || { cat "$work/dumpcap.err" >&2; die "$name: dumpcap failed"; }
        i=$((i + 1)); [ $i -lt 200 ] || die "$name: dumpcap did not start"
        sleep 0.02
    done
    # Packets sent in dumpcap's first moments may wait in its ring for a
    # while, and a stopping dumpcap does not read its ring out: give it time
    # at both ends, then check the count.
    sleep 0.3
    # The http-* ones on one CPU: with the two ends (and lo's receive
    # path, which runs on the sending CPU) spread over several, segments
    # overtake each other, and the receiver's SACKs bring spurious fast
    # retransmissions: a capture of another shape at each run.
    pin=""
    case $name in http-*) [ -n "$cpu" ] && pin="taskset -c $cpu" ;; esac
    inns timeout 20 $pin "$work/tcpscen" "$name" "$port"
    rc=$?
    sleep 0.4
    want=""
    [ -n "$nft" ] && want=$(counted)
    lost=""
    [ "$name" = http-lost ] && lost=$(nft_packets synfin_lose in)
    kill -TERM "$dcpid" 2>/dev/null
    wait "$dcpid"
    dcpid=""
    ip netns del "$ns"; ns=""
    [ $rc -eq 0 ] || die "$name: tcpscen failed (status $rc)"
    tr '\r' '\n' < "$work/dumpcap.err" > "$work/dumpcap.log"
    n=$(sed -n 's/^Packets captured: //p' "$work/dumpcap.log")
    drop=$(sed -n 's/^Packets received\/dropped on interface .*: [0-9]*\/\([0-9]*\) .*/\1/p' "$work/dumpcap.log")
    [ -s "$pcap" ] || { cat "$work/dumpcap.err" >&2; die "$name: no capture file"; }
    if [ "${drop:-0}" -ne 0 ] || [ "${n:-0}" -eq 0 ] || { [ -n "$want" ] && [ "$want" -gt "${n:-0}" ]; }; then
        echo "$me: $name: captured ${n:-0} packets of ${want:-?} sent, ${drop:-?} dropped" >&2
        return 3
    fi
    if [ -n "$lost" ] && [ "$lost" -ne 1 ]; then
        echo "$me: $name: nft dropped $lost segments, not 1" >&2
        return 3
    fi
    if [ -n "$segs" ]; then
        got=$("$work/pcapsegs" "$pcap" "$port") || die "$name: pcapsegs failed"
        if [ "$got" != "$segs" ]; then
            echo "$me: $name: data segments (client server) $got, expected $segs" >&2
            return 3
        fi
    fi
    return 0
}

# run NAME PORT [SEGS]: one scenario, one capture file, up to 3 tries.
run() {
    t0=$(date +%s.%N)
    tries=0
    until attempt "$1" "$2" "${3:-}"; do
        tries=$((tries + 1))
        [ $tries -lt 3 ] || die "$1: the capture keeps missing packets or having another shape"
    done
    mv -f "$pcap" "$outdir/$1.pcap" || die "$1: cannot write $outdir/$1.pcap"
    t1=$(date +%s.%N)
    printf "%-14s %5d packets (%s sent)  %5.1f s  %s\n" "$1" "$n" "${want:-?}" \
        "$(echo "$t1 $t0" | awk '{ print $1 - $2 }')" "$outdir/$1.pcap"
}

for s in $scens; do
    case $s in
    hello) run hello 4000 ;;
    refused) run refused 4001 ;;
    halfclose) run halfclose 4011 ;;   # 4002 is opsi to Wireshark: its dissector would take the payload
    rst) run rst 4003 ;;
    keepalive) run keepalive 4004 ;;
    ipv6) run ipv6 4005 ;;
    tfo) run tfo 4006 ;;
    ecn) run ecn 4007 ;;
    lossy) run lossy 4008 ;;
    many) run many 4009 ;;
    zerowin) run zerowin 4010 ;;
    # Data segments, client's and server's: see tcpscen.c. A 1 MiB body
    # in 1448-byte segments after its headers: 725.
    http-pipeline) run http-pipeline 4012 "1 3" ;;
    http-chunked) run http-chunked 4013 "1 6" ;;
    http-big) run http-big 4014 "1 726" ;;
    http-keepalive) run http-keepalive 8080 "4 3" ;;
    http-lost) run http-lost 4015 "1 2" ;;
    http-head304) run http-head304 4016 "4 4" ;;
    *) die "unknown scenario '$s' (known: $all)" ;;
    esac
done
exit 0
