#!/bin/sh
# Command-line errors: each is one line on stderr that names the argument
# and says what is wrong, and status 2 (no capture file is needed).
TEST=t_cli; . "$(dirname "$0")/lib.sh"

# one_line ARG REASON -- SYNFIN-ARGS...: status 2, exactly one line, naming ARG and REASON
one_line() {
    arg=$1 reason=$2; shift 3
    "$SYNFIN" "$@" > "$T/o" 2> "$T/e"; rc=$?
    check "$*: status 2, one line naming '$arg' and '$reason' (got $rc: $(cat "$T/e"))" \
        sh -c "[ $rc -eq 2 ] && [ \$(wc -l < '$T/e') -eq 1 ] && grep -qF -- \"$arg\" '$T/e' && grep -qF -- \"$reason\" '$T/e' && [ ! -s '$T/o' ]"
}
one_line "duration:99999999999" "must be 1 to 31536000 seconds" -- -a duration:99999999999 -r /dev/null
one_line "'x'" "not a number" -- -a duration:x -r /dev/null
one_line "duration:0" "must be 1 to 31536000 seconds" -- -a duration:0 -r /dev/null
one_line "99999999999999999999999" "number too large" -- -a duration:99999999999999999999999 -r /dev/null
one_line "''" "not a number" -- -a duration: -r /dev/null
one_line "-1" "not a number" -- -a duration:-1 -r /dev/null
one_line "secs:5" "expected duration:SECONDS" -- -a secs:5 -r /dev/null
one_line "99999999999999999999999" "number too large" -- -c 99999999999999999999999 -r /dev/null

# -v: the version, then the libraries as tshark -v names them: what it was
# compiled with, and the versions running now (libpcap's own words).
"$SYNFIN" -v > "$T/v" 2> "$T/ve"; rc=$?
pcapv=$(python3 -c 'import ctypes, ctypes.util; l = ctypes.CDLL(ctypes.util.find_library("pcap")); l.pcap_lib_version.restype = ctypes.c_char_p; print(l.pcap_lib_version().decode())' 2>/dev/null)
check "-v: status 0, 'synfin N.N.N' first, nothing on stderr" \
    sh -c "[ $rc -eq 0 ] && head -n 1 '$T/v' | grep -Eqx 'synfin [0-9]+\.[0-9]+\.[0-9]+' && [ ! -s '$T/ve' ]"
check "-v: compiled with libpcap, zlib and PCRE2; running with $pcapv" \
    sh -c "grep -q '^Compiled (64-bit) using .*with libpcap, with zlib [0-9.]*, with PCRE2 [0-9.]*\.\$' '$T/v' &&
           grep -qF 'with $pcapv, with zlib ' '$T/v' && grep -q '^Running on Linux ' '$T/v'"
check "conns -v prints the same" sh -c "'$SYNFIN' conns -v | cmp -s - '$T/v'"
[ $fails -eq 0 ]
