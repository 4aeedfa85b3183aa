#!/bin/sh
# tests/fields.txt, the list t_tshark.sh compares, is the registry's: the
# same fields in the same order as `synfin -G fields`, each with a known
# group; and, when the field contract $SHARED/fields.txt is there, the same
# group for every field it names (the contract is a floor: the registry
# compares more fields with tshark than it names, and says how many).
TEST=t_fields; . "$(dirname "$0")/lib.sh"
list=$here/fields.txt

"$SYNFIN" -G fields > "$T/registry" 2> "$T/err"
rc=$?
check "-G fields: status 0, nothing on stderr" sh -c "[ $rc -eq 0 ] && [ ! -s '$T/err' ]"
check "-G fields: name<TAB>label<TAB>FT_type on every line" \
    awk -F'\t' 'NF != 3 || $1 == "" || $2 == "" || $3 !~ /^FT_[A-Za-z0-9_]+$/ { bad = 1 } END { exit bad || NR < 50 }' "$T/registry"
# The registry's types are Wireshark's: tshark lists its fields as
# "F<TAB>label<TAB>name<TAB>FT_type..." and its protocols as "P<TAB>label<TAB>name".
if command -v tshark >/dev/null 2>&1; then
    tshark -G fields 2>/dev/null | awk -F'\t' '$1 == "F" { print $3 "\t" $4 } $1 == "P" { print $3 "\tFT_PROTOCOL" }' > "$T/tshark.types"
    check "-G fields: every field tshark knows has tshark's type" \
        awk -F'\t' 'NR == FNR { t[$1] = $2; next }
            ($1 in t) { known++; if (t[$1] != $3) { print "#   " $1 ": " $3 " here, " t[$1] " in tshark"; bad = 1 } }
            !($1 in t) && $1 !~ /^(synfin\.|_ws\.col\.|tcp\.flags\.str$)/ { print "#   not in tshark: " $1; bad = 1 }
            END { exit bad || known < 50 }' "$T/tshark.types" "$T/registry"
else
    echo "# skip: no tshark to check the field types against"
fi
cut -f1 "$T/registry" > "$T/reg.names"
awk -F'\t' '!/^#/ && NF { print $1 }' "$list" > "$T/list.names"
if cmp -s "$T/reg.names" "$T/list.names"; then
    ok "tests/fields.txt names the registry's fields, in order"
else
    nok "tests/fields.txt names the registry's fields, in order"
    diff "$T/reg.names" "$T/list.names" | sed 's/^/#   /' | head -n 20
fi
check "tests/fields.txt: every group is H, S, A, I, P, N or X; X only for synfin.*" \
    awk -F'\t' '!/^#/ && NF { if (NF != 2 || $2 !~ /^[HSAIPNX]$/ || ($2 == "X") != ($1 ~ /^synfin\./)) { print "#   " $0; bad = 1 } }
        END { exit bad }' "$list"

contract=${SHARED:-}/fields.txt
if [ -n "${SHARED:-}" ] && [ -r "$contract" ]; then
    check "tests/fields.txt agrees with every group of $contract" \
        awk -F'\t' 'NR == FNR { if (!/^#/ && NF) g[$1] = $2; next }
            !/^#/ && NF >= 2 { if (!($1 in g)) { print "#   not in tests/fields.txt: " $1; bad = 1 }
                               else if (g[$1] != $2) { print "#   " $1 ": " g[$1] " here, " $2 " there"; bad = 1 }
                               seen[$1] = 1 }
            END { for (f in g) if (g[f] ~ /^[HSAIP]$/ && !(f in seen)) beyond++
                  if (beyond) print "#   " beyond " fields compared with tshark beyond the contract"
                  exit bad }' "$list" "$contract"
else
    echo "# skip: no field contract (\$SHARED/fields.txt) to check the groups against"
fi
[ $fails -eq 0 ]
