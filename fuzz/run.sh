#!/bin/sh
# make fuzz: run each libFuzzer target SECONDS seconds, one after the other,
# from its committed seeds (fuzz/corpus/TARGET, only read) plus what this
# run finds (build/fuzz/work/TARGET). A crash stops that target, leaves its
# input in build/fuzz/crashes/TARGET/ and makes the whole run fail.
#   sh fuzz/run.sh SECONDS build/fuzz/fuzz_TARGET...
set -u
secs=${1:?usage: fuzz/run.sh SECONDS TARGET...}
shift
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
failed=""
for bin in "$@"; do
    t=$(basename "$bin")
    mkdir -p "build/fuzz/work/$t" "build/fuzz/crashes/$t"
    echo "fuzz: $t for $secs s"
    # -rss_limit_mb: the targets hold a few MiB; more is a leak worth a report.
    nice "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="build/fuzz/crashes/$t/" "build/fuzz/work/$t" "fuzz/corpus/$t" \
        > "build/fuzz/$t.log" 2>&1
    rc=$?
    grep -E '^#[0-9]+ *DONE|^stat::(number_of_executed_units|average_exec_per_sec)' "build/fuzz/$t.log" |
        sed "s/^/fuzz: $t: /"
    if [ $rc -ne 0 ]; then
        failed="$failed $t"
        echo "fuzz: $t FAILED (status $rc); its report:"
        grep -E -A 12 '^==[0-9]+==ERROR|runtime error|deadly signal|ERROR: libFuzzer' "build/fuzz/$t.log" | head -n 30
        ls build/fuzz/crashes/"$t"/ 2>/dev/null | sed "s|^|fuzz: input: build/fuzz/crashes/$t/|"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: crashes in:$failed (see fuzz/README: each becomes a file under tests/crashes/)"
    exit 1
fi
echo "fuzz: no crash in $# targets, $secs s each"
