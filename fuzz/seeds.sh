#!/bin/sh
# Remake the committed seed corpora (fuzz/corpus/TARGET), minimised with
# libFuzzer's -merge=1 from:
#   fuzz_pipeline  the corpus's capture files under 64 KiB ($SHARED/corpus/tcpdump),
#                  and the scenario captures (tests/scenarios/make.sh, root),
#                  their first 40 frames as classic pcap (micro and nano),
#                  pcapng, and both gzipped
#   fuzz_decode    every frame (up to 200 a file) of all those captures, and
#                  of mkpcap.py's encaps, encaps-tunnel and icmp-quoted (PPPoE,
#                  tunnels, ICMP errors quoting TCP)
#   fuzz_http      fuzz/http-seeds/ (requests written by hand) and what the
#                  target itself finds from them in SECONDS (default 60)
# Run from the top of the repository after `make fuzz-build`:
#   SHARED=../shared sh fuzz/seeds.sh
set -eu
SHARED=${SHARED:-../shared}
secs=${SECONDS_HTTP:-60}
work=$(mktemp -d /tmp/synfin-seeds.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/caps" "$work/frames" "$work/http"
find "$SHARED/corpus/tcpdump" -type f -size -64k -exec cp {} "$work/caps/" \;
if sh tests/scenarios/make.sh "$work/scen" > "$work/scen.log" 2>&1; then
    for f in "$work"/scen/*.pcap; do
        b=scen-$(basename "$f" .pcap)
        editcap -F pcap -r "$f" "$work/caps/$b.pcap" 1-40
        editcap -F nsecpcap -r "$f" "$work/caps/$b-ns.pcap" 1-40
        editcap -F pcapng -r "$f" "$work/caps/$b.pcapng" 1-40
        gzip -c "$work/caps/$b.pcap" > "$work/caps/$b.pcap.gz"
        gzip -c "$work/caps/$b.pcapng" > "$work/caps/$b.pcapng.gz"
    done
else
    echo "seeds: no scenario captures: $(tail -n 1 "$work/scen.log")" >&2
fi
# crafted frames real captures seldom hold (tests/tools/mkpcap.py)
for case in encaps encaps-tunnel icmp-quoted; do
    python3 tests/tools/mkpcap.py $case > "$work/caps/crafted-$case.pcap"
done
build/fuzz/seed_frames "$work/frames" "$work"/caps/*
for t in fuzz_pipeline fuzz_decode fuzz_http; do
    rm -rf "fuzz/corpus/$t"
    mkdir -p "fuzz/corpus/$t"
done
build/fuzz/fuzz_pipeline -merge=1 fuzz/corpus/fuzz_pipeline "$work/caps"
build/fuzz/fuzz_decode -merge=1 fuzz/corpus/fuzz_decode "$work/frames"
build/fuzz/fuzz_http -max_total_time="$secs" "$work/http" fuzz/http-seeds
build/fuzz/fuzz_http -merge=1 fuzz/corpus/fuzz_http fuzz/http-seeds "$work/http"
du -sh fuzz/corpus/*
