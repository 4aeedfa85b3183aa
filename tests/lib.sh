# Shared by the shell tests (sourced, not run): TAP lines and a scratch dir.
#   TEST=name; . "$(dirname "$0")/lib.sh"
set -u
SYNFIN=${SYNFIN:?SYNFIN names the binary under test}
here=$(cd "$(dirname "$0")" && pwd)
T=${TESTOUT:-/tmp}/$TEST
mkdir -p "$T"
fails=0
ok() { echo "ok - $*"; }
nok() { echo "not ok - $*"; fails=$((fails + 1)); }
check() { desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
# The scenario captures of this run, or skip the whole test.
need_scenarios() {
    S=${SYNFIN_SCEN:-}
    if [ -z "$S" ] || [ ! -s "$S/hello.pcap" ]; then
        echo "# skip: no scenario captures"
        exit 0
    fi
}
