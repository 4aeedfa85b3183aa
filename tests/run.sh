#!/bin/sh
# The test suite. Every test prints TAP-style lines, "ok - what" or
# "not ok - what" (anything else is commentary); this runner adds them up and
# ends with "N passed, N failed". Usage: tests/run.sh SYNFIN [SYNFIN_ASAN]
#   tests/unit/test_*.c   C unit tests, linked with every object but main.o
#   tests/t_*.sh          shell tests; $SYNFIN is the binary under test
set -u
SYNFIN=$(readlink -f "${1:?usage: tests/run.sh SYNFIN [SYNFIN_ASAN]}")
ASAN=${2:+$(readlink -f "$2")}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
SHARED=${SHARED:-$(cd "$top/.." && pwd)/shared}
export SHARED
out=$(mktemp -d /tmp/synfin-tests.XXXXXX)
trap 'rm -rf "$out"' EXIT
export TESTOUT="$out"

run() {  # run NAME CMD...: run one test, keep its output, echo it
    name=$1; shift
    echo "# --- $name"
    "$@" > "$out/log" 2>&1
    rc=$?
    cat "$out/log"
    cat "$out/log" >> "$out/all"
    if [ $rc -ne 0 ] && ! grep -q '^not ok' "$out/log"; then
        echo "not ok - $name exited with status $rc" | tee -a "$out/all"
    fi
}

# C unit tests, built plain and with sanitizers.
objs=$(ls build/obj/*/*.o build/obj/*.o 2>/dev/null | grep -v '/main\.o$')
aobjs=$(ls build/asan/*/*.o build/asan/*.o 2>/dev/null | grep -v '/main\.o$')
for t in tests/unit/test_*.c; do
    [ -e "$t" ] || continue
    n=$(basename "$t" .c)
    cc -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Isrc -o "$out/$n" "$t" $objs -lpcap -lz &&
        run "$n" "$out/$n"
    if [ -n "$ASAN" ]; then
        cc -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Isrc -fsanitize=address,undefined \
            -fno-sanitize-recover=all -o "$out/$n-asan" "$t" $aobjs -lpcap -lz &&
            run "$n (asan)" "$out/$n-asan"
    fi
done

# Captures of real kernel traffic, made once for every test that reads them.
echo "# --- scenario captures"
sh tests/scenarios/make.sh "$out/scen" > "$out/scen.log" 2>&1
rc=$?
cat "$out/scen.log"
if [ $rc -eq 0 ]; then
    echo "ok - scenario captures made from real kernel traffic" | tee -a "$out/all"
    SYNFIN_SCEN=$out/scen
    export SYNFIN_SCEN
elif [ $rc -eq 77 ]; then
    echo "# skip: scenario captures: $(tail -n 1 "$out/scen.log")"
else
    echo "not ok - scenario captures: tests/scenarios/make.sh exited $rc" | tee -a "$out/all"
fi

# Shell tests: once with the plain build, once with the sanitizer build.
for t in tests/t_*.sh; do
    [ -e "$t" ] || continue
    SYNFIN_SANITIZED=0 SYNFIN="$SYNFIN" run "$(basename "$t")" sh "$t"
    if [ -n "$ASAN" ]; then
        SYNFIN_SANITIZED=1 SYNFIN="$ASAN" run "$(basename "$t") (asan)" sh "$t"
    fi
done

pass=$(grep -c '^ok' "$out/all" 2>/dev/null || true)
fail=$(grep -c '^not ok' "$out/all" 2>/dev/null || true)
echo
grep '^not ok' "$out/all" 2>/dev/null
echo "${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ] && [ "${pass:-0}" -gt 0 ]
