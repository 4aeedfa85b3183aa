#!/bin/sh
# The profile-guided build's training (Makefile, PGO): DIR/synfin, built
# with counters, reads the capture DIR/pgo_capture makes in the ways people
# read one, and the counters land in DIR/data. Each run's output is thrown
# away; only the branches it took count.
#   scripts/pgo-train.sh DIR
set -eu
dir=$1
"$dir/pgo_capture" "$dir/train.pcap"
run() { "$dir/synfin" "$@" > /dev/null; }
run -r "$dir/train.pcap"                                  # summary lines, on two threads
SYNFIN_FORMAT_THREAD=0 run -r "$dir/train.pcap"           # and on one
run conns -r "$dir/train.pcap"
run -r "$dir/train.pcap" -T fields -e frame.number -e frame.time_relative -e ip.src -e ip.dst \
    -e tcp.srcport -e tcp.dstport -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.len
run -r "$dir/train.pcap" -Y 'tcp.flags.syn == 1 || tcp.analysis.flags'
run -r "$dir/train.pcap" -c 20000 -V
run -r "$dir/train.pcap" -c 20000 -T json
run -r "$dir/train.pcap" -q -z conv,tcp -z io,stat,1
rm -f "$dir/train.pcap"
