#!/bin/sh
# Display filters (-Y) that tshark 4.0 refuses: synfin refuses each one
# when it reads its options, with status 2, nothing on stdout, and tshark's
# stderr word for word with "tshark:" as "synfin:" (the message, then the
# filter and a caret line under the place, as tshark prints them; tshark's
# "Running as user" warning is dropped). tshark runs once per filter
# (about 0.7 s each: 30 s in all, 55 s measured beside other test runs).
TEST=t_filter_errors; . "$(dirname "$0")/lib.sh"
need_scenarios
if ! command -v tshark > /dev/null 2>&1; then
    echo "# skip: no tshark"
    exit 0
fi
F=$S/hello.pcap

# refused FILTER [SUBCOMMAND]: synfin's refusal is tshark's
refused() {
    x=$1; shift
    tshark -r "$F" -Y "$x" > "$T/to" 2> "$T/te" < /dev/null
    trc=$?
    grep -v '^Running as user' "$T/te" | sed '1s/^tshark:/synfin:/' > "$T/want"
    "$SYNFIN" "$@" -r "$F" -Y "$x" > "$T/so" 2> "$T/got" < /dev/null
    rc=$?
    if [ $trc -ne 2 ] || [ -s "$T/to" ]; then
        nok "-Y $x: tshark 4.0 refuses it (it exited $trc: the suite is wrong)"
    elif [ $rc -eq 2 ] && [ ! -s "$T/so" ] && cmp -s "$T/want" "$T/got"; then
        ok "${1:+$1 }-Y $x: refused as tshark refuses it"
    else
        nok "${1:+$1 }-Y $x: refused as tshark refuses it"
        echo "#   exit $rc, $(wc -c < "$T/so") bytes on stdout; stderr, then tshark's:"
        sed 's/^/#   synfin| /' "$T/got"
        sed 's/^/#   tshark| /' "$T/want"
    fi
}

refused 'tcp.nosuchfield == 1'            # unknown field
refused 'nosuchproto'                     # neither field nor protocol
refused 'tcp.port =='                     # missing operand
refused 'tcp.port == 80 ||'               # missing operand after a logical operator
refused '!'
refused 'tcp.port == 80 80'               # unexpected token
refused 'and tcp.port == 80'
refused 'tcp.seq = 1'
refused 'tcp.port in {80, 443'            # unclosed brace
refused 'tcp.port in {}'
refused 'tcp.stream in {1 .. }'
refused 'frame.number in {25 26}'          # members apart by whitespace: 3.6's, refused by 4.0
refused 'tcp.port in {80 443 8000..8004}'
refused 'ip.addr in {10.0.0.1 10.0.0.2}'
refused 'frame.number in {1,2 3}'          # mixed
refused 'frame.number in { }'
refused 'frame.number in {1,}'             # trailing comma
refused 'tcp.port not 80'                  # after an operand, "not" only begins "not in"
refused 'tcp.port not'
refused '1 not in {1}'
refused 'frame.number in {1+1, 3}'         # a member is no arithmetic
refused 'frame.number in {1 -2}'
refused 'frame.number in {{1}}'
refused 'frame.number in {--1, 3}'         # one minus at most
refused '(tcp.port == 80'                 # unclosed parenthesis
refused 'tcp.payload[0:2 == 47:45'        # unclosed bracket
refused 'ip.src == 300.1.2.3'             # bad IPv4 address
refused 'ip.src == 10.0.0.0/33'           # CIDR bits > 32
refused 'ip.src == 1.2.3.4/-1'
refused 'ipv6.src == ::1/129'             # prefix > 128
refused 'eth.src == 00:11:22:33:44'       # bad Ethernet addresses
refused 'eth.src == 00-11-22-33-44-55-66'
refused 'tcp.port == 12x'                 # bad numbers
refused 'tcp.port == 0x1g'
refused 'tcp.port == 1.5'
refused 'tcp.port == 99999999999'         # too big for the field
refused 'tcp.port == "80"'                # string to an integer field
refused 'frame.time_relative > "x"'       # string to a time
refused 'tcp.port contains 80'            # contains on an integer
refused 'tcp.port matches "80"'           # matches on an integer
refused 'upper(tcp.port) == "80"'         # upper() on an integer
refused 'lower(tcp.stream) == "a"'
refused 'foo(tcp.port) == 1'              # no such function
refused 'ip.src == tcp.port'              # incompatible types
refused 'tcp.port > ip.src'
refused 'tcp.flags.str matches "(unclosed"'   # bad regular expressions
refused 'tcp.flags.str ~ "a{2,1}"'
refused 'tcp.flags.str == "\q"'           # bad escape
refused 'tcp.flags.str contains r"\x'     # unclosed string
refused 'frame[0:2] in {00:00}'            # "in" takes only a field
refused 'len(tcp.payload) in {1,2}'
refused 'tcp.port + 1 in {81}'
refused '-tcp.port in {1}'
refused 'eth.src == "00:00:00:00:00:00"'  # an address is never a quoted string
refused 'eth.src contains "ab"'
refused 'ip.src == "127.0.0.1"'
refused 'ipv6.src == "::1"'
refused 'eth.src == host'                 # not an address
refused 'ip.proto == "6"'                  # a quoted value is a name
refused 'tcp.flags.syn == "True"'
refused 'tcp.option_kind == mss'          # a name it does not have
refused 'eth.src == 0xaa'
refused 'eth.src == 0x1ff'
refused 'frame.drop_count == 18446744073709551616'   # past 2^64 - 1
refused 'tcp.seq == 4294967296'           # past the field's maximum
# constant arithmetic on the left, and what unary minus may negate
refused '-1 < tcp.seq'
refused '1 - tcp.seq < 0'
refused '{0 - 1} < tcp.seq'
refused '0 - 1'
refused '-"a" == tcp.seq'
refused 'tcp.seq == --1'
refused 'tcp.seq == -{1}'
refused '-1 not in {1}'
refused 'tcp.seq - 1 contains 3'
refused 'tcp.seq == -2147483648'          # an unsigned literal negated past the signed range
refused 'frame.drop_count > -9223372036854775808'
refused 'frame.p2p_dir > -9223372036854775808'
# what may be negated or computed
refused 'tcp.flags.syn == -1'
refused '-tcp.flags.syn == -1'
refused 'tcp.flags.syn & 1'
refused '-frame.time < 0'
refused 'frame.time + 1 > frame.time'
refused 'frame.time == 1'                 # an absolute time is a date, never a number
refused '-ip.src == 1.2.3.4'
refused 'ip.src == -1.2.3.4'
refused 'tcp.flags.str == -"a"'
refused 'len(tcp.payload)'                # a call alone
refused 'tcp.flags.syn and count(tcp.srcport)'
# names and types are checked once the whole filter has parsed
refused '(0 - 1) < tcp.seq'
refused 'foo and tcp.port == "x"'
refused 'foo and )'
refused 'tcp.seq[0] == 0'                 # an integer is no byte string
refused 'tcp.srcport == 70000 and )'      # a syntax error comes before a range
refused 'len(tcp.flags) in {1 2}'         # ... before a membership refusal
refused 'count(tcp.flags[0]) == 1 and )'  # ... before a slice of a number
refused 'tcp.payload matches 1 and )'
refused 'tcp.srcport matches 1'           # any operand parses after matches; a string is needed
refused 'tcp.payload matches {1}'
# what a function's argument may be, checked before the argument itself
refused 'string(tcp.srcport + 1) == "1"'
refused 'string(tcp.flags[0]) == "1"'
refused 'len(-tcp.flags[0]) == 1'
refused 'upper(string(tcp.srcport)) == "A"'
refused 'max(1, 2) == 2'
# a number past the type of a field with value names is sought among them
refused 'frame.p2p_dir == 200'
refused 'tcp.option_kind == 300'
refused 'tcp.srcport & 0xffff0000 == 0'   # & binds looser than -, the literal is the field's type
# a label takes part in no relation; the operator as written
refused 'tcp.analysis.flags ge 0'
refused 'tcp.analysis.flags in {0}'
refused 'tcp.srcport ~ "a"'
# contains takes one operand, of the left side's kind
refused 'tcp.payload contains tcp.srcport + 1'
refused 'tcp.payload contains {1}'
refused 'tcp.payload contains upper(http.host)'
refused 'frame contains tcp.payload'
refused 'tcp.payload == len(tcp.payload)'
# slice ranges, read as Wireshark's drange_node_from_str reads them, at once
refused 'tcp.payload[x:2] == 1'
refused 'tcp.payload[1:x] == 1'
refused 'tcp.payload[1 , x] == 1'
refused 'tcp.payload[3-3] == 1'
refused 'tcp.payload[-1-2] == 1'
refused 'tcp.payload[1:0] == 1'
refused 'tcp.payload[2147483648] == 1'
refused 'tcp.payload[1,,2] == 1'
refused 'foo and tcp.payload[x] == 1'    # before a name that waits for the parse's end
refused 'ip.src#[1-1] == 1.1.1.1'        # a layer's range too
refused 'tcp.port == x and foo(1)'       # an unknown function: at once
# a relation's refusal before one inside its operands
refused 'len(tcp[0])'
refused 'len(foo) in {1}'
refused 'tcp.port contains upper(1)'
refused 'tcp matches abs(1)'
refused 'len(tcp, tcp) == 1'              # too many arguments: a refusal, not syntax
refused 'tcp.port == x and len(tcp, tcp)'
refused 'max(tcp.port, tcp.seq) == 1'     # one type, not one kind
refused 'abs(ip.src) == 1'
refused 'frame.time_delta + 1 & 1'        # the caret at the arithmetic's operator
refused 'ip.proto + 300 == 1'             # arithmetic's literals are numbers, never value names
refused 'tcp.flags.syn < tcp.port'        # a boolean on the left wants a boolean
refused 'tcp.port == tcp.payload[0:2]'    # a slice wants something that slices
refused 'ip.src in {ip.dst[0:4]}'
refused 'tcp.payload in {http.host}'      # set members go with the field as comparisons do
refused 'tcp.flags.syn in {tcp.port}'
# a capture filter given to -Y: tshark's note after its refusal
refused 'tcp port 80'
refused 'host 10.0.0.1'
refused '2 * 3 > 1'

# Known differences: tshark's scanner cuts these words at a colon and
# complains about the piece after it; synfin reads the whole word and names
# it. Both refuse with status 2; synfin's own words are checked here.
# own FILTER MESSAGE CARET: synfin refuses FILTER with exactly these lines
own() {
    "$SYNFIN" -r "$F" -Y "$1" > "$T/so" 2> "$T/got" < /dev/null
    rc=$?
    printf 'synfin: %s\n    %s\n    %s\n' "$2" "$1" "$3" > "$T/want"
    if [ $rc -eq 2 ] && [ ! -s "$T/so" ] && cmp -s "$T/want" "$T/got"; then
        ok "-Y $1: refused, naming the whole word (tshark names a piece of it)"
    else
        nok "-Y $1: refused, naming the whole word (tshark names a piece of it)"
        sed 's/^/#   synfin| /' "$T/got"
    fi
}
own 'eth.src == 00:11:22:33:44:zz' '"00:11:22:33:44:zz" is not a valid Ethernet address.' \
    '           ^~~~~~~~~~~~~~~~~'
own 'tcp.payload[0:2] == 4:5:' '"4:5:" is not a valid byte string.' \
    '                    ^~~~'

# The subcommands refuse it the same way, before reading anything.
refused 'tcp.port ==' conns
refused 'ip.src == 300.1.2.3' ladder
[ $fails -eq 0 ]
