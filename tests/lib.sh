# Shared by the shell tests (sourced, not run): TAP lines and a scratch dir.
#   TEST=name; . "$(dirname "$0")/lib.sh"
set -u
SYNFIN=${SYNFIN:?SYNFIN names the binary under test}
here=$(cd "$(dirname "$0")" && pwd)
T=${TESTOUT:-/tmp}/$TEST
# Fresh for every run: the sanitizer pass runs in the same TESTOUT, and a
# file left by the plain pass (an old "Capturing on" line) would make a
# wait for the new one return at once, before the capture is open.
: "${TEST:?TEST names the test}"
rm -rf "$T"
mkdir -p "$T"
fails=0
ok() { printf 'ok - %s\n' "$*"; }    # printf: dash's echo would expand a filter's \n
nok() { printf 'not ok - %s\n' "$*"; fails=$((fails + 1)); }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
# The scenario captures of this run, or skip the whole test.
need_scenarios() {
    S=${SYNFIN_SCEN:-}
    if [ -z "$S" ] || [ ! -s "$S/hello.pcap" ]; then
        echo "# skip: no scenario captures"
        exit 0
    fi
}
# Wait (up to 5 s) for a line matching $2 in file $1 (a fresh file: see above).
wait_for() {
    i=0
    while [ $i -lt 50 ]; do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1; i=$((i + 1))
    done
    return 1
}
# resent_data FILE: how many data segments repeat bytes their side sent
# before (same port, relative seq and length), whatever Wireshark's analysis
# calls them: a copy sent within the first RTT it calls out of order.
resent_data() {
    "$SYNFIN" -r "$1" -T fields -e tcp.stream -e tcp.srcport -e tcp.seq -e tcp.len |
        awk -F '\t' '$4 > 0 { k = $1 " " $2 " " $3 " " $4; n += (k in seen); seen[k] = 1 } END { print n + 0 }'
}
