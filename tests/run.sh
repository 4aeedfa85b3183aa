#!/bin/sh
# The test suite. Every test prints TAP-style lines, "ok - what" or
# "not ok - what" (anything else is commentary); this runner adds them up and
# ends with "N passed, N failed".
#   tests/run.sh SYNFIN [SYNFIN_ASAN [SYNFIN_UBSAN0]]
#   tests/unit/test_*.c   C unit tests, linked with every object but main.o
#                         of the build under test (build/obj, build/asan, build/ubsan0)
#   tests/t_*.sh          shell tests; $SYNFIN is the binary under test
# SYNFIN_ASAN (ASan+UBSan at -O1) runs everything again. SYNFIN_UBSAN0
# (UBSan alone at -O0, where the optimiser cannot hide undefined behaviour
# that -O1 folds away) runs the unit tests and the tests named in $UB0_TESTS:
# reading captures (pcapng too), the crash files, and the corpus under t_tshark.sh's
# crash-freedom mode; the live and serve tests are left to the other two.
set -u
SYNFIN=$(readlink -f "${1:?usage: tests/run.sh SYNFIN [SYNFIN_ASAN [SYNFIN_UBSAN0]]}")
ASAN=${2:+$(readlink -f "$2")}
UB0=${3:+$(readlink -f "$3")}
UB0_TESTS="t_read.sh t_files.sh t_pcapng.sh t_lengths.sh t_crashes.sh t_tshark.sh"
# The flags the Makefile builds with (it exports them), or the same defaults.
REQFLAGS=${REQFLAGS:--std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc -Ibuild/gen}
ASANFLAGS=${ASANFLAGS:--O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer}
UB0FLAGS=${UB0FLAGS:--O0 -g -fsanitize=undefined -fno-sanitize-recover=all}
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
objects() { ls "build/$1"/*/*.o "build/$1"/*.o 2>/dev/null | grep -v '/main\.o$'; }
for t in tests/unit/test_*.c; do
    [ -e "$t" ] || continue
    n=$(basename "$t" .c)
    # shellcheck disable=SC2046,SC2086
    cc $REQFLAGS -O1 -g -o "$out/$n" "$t" $(objects obj) -lpcap -lz -lpcre2-8 -pthread &&
        run "$n" "$out/$n"
    if [ -n "$ASAN" ]; then
        # shellcheck disable=SC2046,SC2086
        cc $REQFLAGS $ASANFLAGS -o "$out/$n-asan" "$t" $(objects asan) -lpcap -lz -lpcre2-8 -pthread &&
            run "$n (asan)" "$out/$n-asan"
    fi
    if [ -n "$UB0" ]; then
        # shellcheck disable=SC2046,SC2086
        cc $REQFLAGS $UB0FLAGS -o "$out/$n-ubsan0" "$t" $(objects ubsan0) -lpcap -lz -lpcre2-8 -pthread &&
            run "$n (ubsan -O0)" "$out/$n-ubsan0"
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
    case " $UB0_TESTS " in
    *" $(basename "$t") "*)
        [ -n "$UB0" ] && SYNFIN_SANITIZED=1 SYNFIN="$UB0" run "$(basename "$t") (ubsan -O0)" sh "$t" ;;
    esac
done

pass=$(grep -c '^ok' "$out/all" 2>/dev/null || true)
fail=$(grep -c '^not ok' "$out/all" 2>/dev/null || true)
echo
grep '^not ok' "$out/all" 2>/dev/null
echo "${pass:-0} passed, ${fail:-0} failed"
[ "${fail:-0}" -eq 0 ] && [ "${pass:-0}" -gt 0 ]
