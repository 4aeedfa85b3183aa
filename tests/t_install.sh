#!/bin/sh
# Installing synfin as a tool: make install and uninstall (PREFIX, DESTDIR),
# make setcap as a step of its own, the man page (every option of every
# --help, every field group, every environment variable, no groff warning),
# bash completion (driven as bash-completion calls it, and once through a
# real interactive bash), and make deb: the package builds, lintian passes,
# it installs (synfin -v, man -w synfin) and removes cleanly. The package
# part runs once (plain pass), as root, and never leaves an install behind.
TEST=t_install; . "$(dirname "$0")/lib.sh"
top=$(cd "$here/.." && pwd)
# Run from make check: its flags and jobserver are not for the makes here.
unset MAKEFLAGS MFLAGS MAKELEVEL
man1=$top/doc/synfin.1
comp=$top/contrib/bash-completion/synfin

# --- the man page covers every --help ----------------------------------------

# help_options TEXT-FILE: the options a --help names, one a line (-x, --long),
# wherever it names them: its usage line, its option list, its prose.
help_options() {
    # synfin --help's usage lines name the subcommands' options: theirs.
    grep -vE '^(Usage: +| +)synfin (conns|ladder|follow|report|demo|serve) ' "$1" |
        grep -oE "(^|[][ (|,/'\"])--?[A-Za-z][A-Za-z0-9-]*" |
        sed -E "s/^[][ (|,/'\"]//" | sort -u
}
# man_tags PAGE: "SECTION OPTION" for every option in a .TP tag line; SECTION
# is OPTIONS for synfin's own options and the subcommand's name in its
# COMMANDS subsection ("synfin conns" -> conns), else the .SH name.
man_tags() {
    sed -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\-/-/g' -e 's/\\c//g' -e 's/\\(aq/'"'"'/g' -e 's/"//g' "$1" |
        awk '/^\.SH / { sec = $2; next }
             /^\.SS / && sec == "COMMANDS" { sub_ = $3; next }
             /^\.SS / { next }
             /^\.TP/ { tag = 1; next }
             tag { tag = 0; s = (sec == "COMMANDS") ? sub_ : sec
                   n = split($0, w, /[ ,|=\[\]()]+/)
                   for (i = 1; i <= n; i++) if (w[i] ~ /^--?[A-Za-z][A-Za-z0-9-]*$/) print s, w[i]
                   if ($0 ~ /^\.B[IR]? /) for (i = 2; i <= n; i++) if (w[i] !~ /^-/) print s, "word:" w[i] }'
}
# missing_options SUB PAGE: the options of `synfin SUB --help` ("main": synfin
# --help) that are no .TP tag in PAGE's OPTIONS nor in SUB's subsection.
missing_options() {
    if [ "$1" = main ]; then "$SYNFIN" --help; else "$SYNFIN" "$1" --help; fi > "$T/help-$1" 2>&1
    man_tags "$2" > "$T/tags"
    help_options "$T/help-$1" | while read -r o; do
        grep -qxF -e "OPTIONS $o" -e "$1 $o" "$T/tags" || printf '%s ' "$o"
    done
}
subs="main conns ladder follow report demo serve"
for s in $subs; do
    miss=$(missing_options $s "$man1")
    n=$(help_options "$T/help-$s" | wc -l)
    check "man page: each of the $n options of synfin${s#main} --help has its paragraph${miss:+ (missing: $miss)}" \
        [ -z "$miss" -a "$n" -gt 0 ]
done
[ "$(help_options "$T/help-main" | wc -l)" -ge 25 ] && ok "man page check: synfin --help names 25 options or more (the parser reads it)" ||
    nok "man page check: synfin --help gave only $(help_options "$T/help-main" | wc -l) options"
# The check fails when a paragraph goes: a page without --linger's.
sed '/^\.TP$/{N;/\\-\\-linger/d}' "$man1" > "$T/noling.1"
miss=$(missing_options conns "$T/noling.1")
check "man page check: a page without --linger's paragraph is caught (missing: $miss)" [ "$miss" = "--linger " ]
for s in conns ladder follow report demo serve; do
    check "man page: a COMMANDS subsection for synfin $s" grep -qx ".SS \"synfin $s\"" "$man1"
done

# Every field of the registry belongs to a group named in FIELDS.
groups=$(man_tags "$man1" | sed -n 's/^FIELDS word://p' | tr '\n' ' ')
"$SYNFIN" -G fields | cut -f1 > "$T/fields"
unnamed=$(while read -r f; do
    hit=""
    for g in $groups; do case $f in "$g" | "$g".*) hit=1 ;; esac; done
    [ -n "$hit" ] || printf '%s ' "$f"
done < "$T/fields")
check "man page: each of the $(wc -l < "$T/fields") fields of -G fields is in a FIELDS group ($groups)${unnamed:+; not: $unnamed}" \
    [ -z "$unnamed" -a -n "$groups" ]
# Every environment variable the code reads is in ENVIRONMENT.
envs=$(grep -rhoE 'getenv\("[A-Za-z_0-9]+"\)' "$top/src" | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u)
envtags=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$man1" | awk '/^\.TP/ { getline; print }' | sed 's/\\-/-/g')
miss=$(for e in $envs; do printf '%s\n' "$envtags" | grep -qw "$e" || printf '%s ' "$e"; done)
check "man page: ENVIRONMENT names every variable src/ reads ($(echo $envs))${miss:+; missing: $miss}" \
    [ -z "$miss" -a -n "$envs" ]
check "man page: EXIT STATUS gives 0, 1, 2 and 70" \
    sh -c "sed -n '/^\.SH \"EXIT STATUS\"/,/^\.SH /p' '$man1' | awk '/^\.TP/ { getline; print }' | tr '\n' ' ' | grep -qx '.B 0 .B 1 .B 2 .B 70 '"
thv=$(sed -n 's/^\.TH SYNFIN 1 [^ ]* "synfin \([^"]*\)".*/\1/p' "$man1")
check "man page: its version ($thv) is synfin -v's" \
    sh -c "\"\$1\" -v | head -n 1 | grep -qxF 'synfin $thv'" sh "$SYNFIN"
groff -ww -z -man "$man1" > "$T/groff" 2>&1
check "man page: groff -ww formats it without a warning$(head -c 300 "$T/groff")" [ ! -s "$T/groff" ]

# --- bash completion, driven as bash calls it ---------------------------------

# complete_at LINE: the candidates for LINE's end, one a line. COMP_WORDS,
# COMP_CWORD and the word handed over are bash's (split at COMP_WORDBREAKS).
cat > "$T/drive.bash" <<'EOF'
. "$1"; cmd=$2; line=$3
COMP_LINE=$line; COMP_POINT=${#line}
cur=${line##*[[:space:]\"\'><=;|&(:]}
read -r -a COMP_WORDS <<<"$line"
COMP_CWORD=${#COMP_WORDS[@]}
[[ -z $cur ]] || COMP_CWORD=$((COMP_CWORD - 1))
_synfin "$cmd" "$cur" ""
printf '%s\n' "${COMPREPLY[@]}"
EOF
complete_at() { bash "$T/drive.bash" "$comp" "$SYNFIN" "$1" 2> "$T/comp.err"; }
# offers LINE WORD...: every WORD is among LINE's candidates
offers() {
    line=$1; shift
    complete_at "$line" > "$T/got"
    for w in "$@"; do grep -qxF -- "$w" "$T/got" || return 1; done
}
if command -v bash > /dev/null 2>&1; then
    check "completion: 'synfin con' -> conns" sh -c '[ "$(bash "$1" "$2" "$3" "synfin con")" = conns ]' sh "$T/drive.bash" "$comp" "$SYNFIN"
    check "completion: 'synfin ' -> the six subcommands" offers "synfin " conns ladder follow report demo serve
    check "completion: 'synfin -e tcp.analysis.ret' -> tcp.analysis.retransmission" \
        sh -c '[ "$(bash "$1" "$2" "$3" "synfin -e tcp.analysis.ret")" = tcp.analysis.retransmission ]' sh "$T/drive.bash" "$comp" "$SYNFIN"
    nf=$(complete_at "synfin -T fields -e " | wc -l)
    check "completion: -e offers the registry's $(wc -l < "$T/fields") fields (got $nf)" [ "$nf" -eq "$(wc -l < "$T/fields")" ]
    check "completion: -Y completes the field being typed in an expression" \
        offers "synfin -Y tcp.flags.syn==1&&tcp.analysis.retr" tcp.analysis.retransmission
    check "completion: 'synfin -i ' includes lo (from synfin -D)" offers "synfin -i " lo
    check "completion: 'synfin conns -T ' -> json zeek zeekjson" offers "synfin conns -T " json zeek zeekjson
    check "completion: 'synfin -T ' -> text fields json" offers "synfin -T " text fields json
    check "completion: -o tcp.check_checksum:F -> FALSE (after bash's ':' break)" offers "synfin -o tcp.check_checksum:F" FALSE
    check "completion: -o tcp.rel -> the whole preference" offers "synfin -o tcp.rel" tcp.relative_sequence_numbers:TRUE
    check "completion: --color=al -> always (after bash's '=' break)" offers "synfin --color=al" always
    check "completion: follow --color -> auto always never" offers "synfin follow --color " auto always never
    check "completion: -z -> the statistics" offers "synfin -z " conv,tcp endpoints,tcp io,stat, expert follow,tcp,ascii,
    check "completion: -t -> the time formats" offers "synfin -t a" a ad adoy
    check "completion: -E -> its names" offers "synfin -E " header=y separator=/t occurrence=a quote=d
    check "completion: ladder --lang -> en zh" offers "synfin ladder --lang " en zh
    : > "$T/f1.pcap"
    check "completion: -r completes file names" offers "synfin -r $T/f1" "$T/f1.pcap"
    # Every option of every --help is offered after '-' (--color=: --color),
    # but those a help names as another command's, which its command refuses:
    # follow's "-x's hex dump", "-z follow,tcp"; report's "what -V prints";
    # conns' "tcpdump -G/-C" and "ls -v" (other programs' options).
    for s in $subs; do
        line="synfin ${s#main} -"
        [ $s = main ] && line="synfin -"
        complete_at "$line" | sed 's/=$//' > "$T/opts"
        case $s in follow) not="-x -z" ;; report) not="-V" ;; conns) not="-G -v" ;; *) not="" ;; esac
        miss=$(help_options "$T/help-$s" | while read -r o; do
            case " $not " in *" $o "*) continue ;; esac
            grep -qxF -- "$o" "$T/opts" || printf '%s ' "$o"
        done)
        check "completion: '$line' offers every option of its --help${miss:+ (missing: $miss)}" [ -z "$miss" ]
    done
    check "completion: nothing on stderr" [ ! -s "$T/comp.err" ]
else
    echo "# skip: completion: no bash"
fi

# --- make install, uninstall, setcap ------------------------------------------

# Install what the tree built (make -o: never rebuild it here).
if [ -x "$top/build/synfin" ] && command -v make > /dev/null 2>&1; then
    R=$T/root
    make -s -C "$top" -o build/synfin install DESTDIR="$R" PREFIX=/usr > "$T/install.out" 2>&1; rc=$?
    check "make install DESTDIR PREFIX=/usr: status 0 ($(tail -n 1 "$T/install.out"))" [ $rc -eq 0 ]
    check "make install: the binary (0755), synfin.1 and the completion (0644)" \
        sh -c "[ \"\$(stat -c %a '$R/usr/bin/synfin' '$R/usr/share/man/man1/synfin.1' '$R/usr/share/bash-completion/completions/synfin' | tr '\n' ' ')\" = '755 644 644 ' ]"
    check "make install: the installed synfin -v runs and says synfin $thv" \
        sh -c "'$R/usr/bin/synfin' -v | head -n 1 | grep -qxF 'synfin $thv'"
    getcap=$(PATH=$PATH:/usr/sbin:/sbin command -v getcap)
    check "make install: says how to grant capture (make setcap)" grep -q 'make setcap' "$T/install.out"
    check "make install: without PREFIX, under /usr/local" \
        sh -c "make -s -C '$top' -o build/synfin install DESTDIR='$T/root2' > /dev/null 2>&1 &&
               [ -x '$T/root2/usr/local/bin/synfin' ] && [ -f '$T/root2/usr/local/share/man/man1/synfin.1' ] &&
               [ -f '$T/root2/usr/local/share/bash-completion/completions/synfin' ]"
    if command -v man > /dev/null 2>&1; then
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$R/usr/share/man/man1/synfin.1" > "$T/man.txt" 2> "$T/man.err"
        check "man -l: the installed page renders, no warning ($(head -c 200 "$T/man.err"))" \
            sh -c "[ ! -s '$T/man.err' ] && grep -q '^SYNFIN(1)' '$T/man.txt' && grep -q '^EXIT STATUS' '$T/man.txt'"
        check "man -w synfin finds the installed page on MANPATH" \
            sh -c "[ \"\$(MANPATH='$R/usr/share/man' man -w synfin)\" = '$R/usr/share/man/man1/synfin.1' ]"
        check "man synfin shows it (NAME: synfin - watch TCP connections open and close)" \
            sh -c "MANPATH='$R/usr/share/man' MANPAGER=cat LC_ALL=C.UTF-8 man synfin 2>&1 |
                   grep -qx '  *synfin - watch TCP connections open and close'"
    else
        echo "# skip: man: man-db not installed (scripts/deps.sh test installs it)"
    fi
    # bash-completion finds the installed file by itself: synfin <TAB> in a
    # real interactive bash.
    if [ -f /usr/share/bash-completion/bash_completion ] && command -v python3 > /dev/null 2>&1; then
        for case in "synfin con|synfin conns " "synfin -e tcp.analysis.ret|synfin -e tcp.analysis.retransmission " \
                    "synfin -i l|synfin -i lo "; do
            typed=${case%%|*} want=${case#*|}
            got=$(timeout 30 python3 "$here/tools/tabcomplete.py" "$R" "$typed" 2> "$T/tab.err")
            check "interactive bash: '$typed<TAB>' -> '$want' (got '$got'$(head -c 200 "$T/tab.err"))" [ "$got" = "$want" ]
        done
    else
        echo "# skip: interactive completion: needs bash-completion and python3 (scripts/deps.sh test)"
    fi
    if [ -n "$getcap" ]; then
        check "make install: grants no capability itself" [ -z "$("$getcap" "$R/usr/bin/synfin" 2>&1)" ]
        make -s -C "$top" setcap DESTDIR="$R" PREFIX=/usr > "$T/setcap.out" 2>&1; rc=$?
        caps=$("$getcap" "$R/usr/bin/synfin" 2>/dev/null)
        if [ "$(id -u)" -ne 0 ]; then
            check "make setcap as a user: refuses, prints the sudo command, sets nothing" \
                sh -c "[ $rc -ne 0 ] && grep -q 'run: sudo setcap cap_net_raw,cap_net_admin+eip $R/usr/bin/synfin\$' '$T/setcap.out' && [ -z '$caps' ]"
        elif [ $rc -ne 0 ] && grep -qi 'not supported' "$T/setcap.out"; then
            echo "# skip: make setcap: $T holds no file capabilities ($(tail -n 1 "$T/setcap.out"))"
        else
            check "make setcap: says what it runs and sets cap_net_admin,cap_net_raw=eip (got '$caps', status $rc)" \
                sh -c "[ $rc -eq 0 ] && grep -q '^synfin: setcap cap_net_raw,cap_net_admin+eip $R/usr/bin/synfin\$' '$T/setcap.out' &&
                       echo '$caps' | grep -q 'cap_net_admin,cap_net_raw[+=]eip'"
        fi
    else
        echo "# skip: make setcap: no getcap (libcap2-bin)"
    fi
    make -s -C "$top" uninstall DESTDIR="$R" PREFIX=/usr > "$T/uninstall.out" 2>&1; rc=$?
    left=$(find "$R" ! -type d | head -n 3 | tr '\n' ' ')
    check "make uninstall: status 0 and no file left under DESTDIR${left:+ (left: $left)}" [ $rc -eq 0 -a -z "$left" ]
else
    echo "# skip: make install: no $top/build/synfin (run make first)"
fi

# --- make deb: build, lintian, install, remove -------------------------------

deb_part() {
    if [ "${SYNFIN_SANITIZED:-0}" != 0 ]; then
        echo "# skip: make deb: run once, in the plain pass"; return
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "# skip: make deb: installing the package needs root"; return
    fi
    if dpkg-query -W -f='${Status}' synfin 2>/dev/null | grep -q 'installed'; then
        echo "# skip: make deb: a synfin package is installed here already; left alone"; return
    fi
    if [ -e /usr/bin/synfin ]; then
        echo "# skip: make deb: /usr/bin/synfin exists and is no package's; left alone"; return
    fi
    if ! sh "$top/scripts/deps.sh" deb > "$T/deps.out" 2>&1; then
        echo "# skip: make deb: cannot install dpkg-dev, debhelper, lintian: $(tail -n 1 "$T/deps.out")"; return
    fi
    # A copy of the tree: its build/ and dpkg-buildpackage's files stay in $T.
    mkdir -p "$T/tree"
    (cd "$top" && tar -cf - Makefile README.md src scripts doc contrib debian) | tar -xf - -C "$T/tree"
    timeout 900 make -s -C "$T/tree" deb > "$T/deb.log" 2>&1; rc=$?
    pkg=$(ls "$T/tree/build/"synfin_*.deb 2>/dev/null | head -n 1)
    check "make deb: status 0, build/synfin_${thv}_ARCH.deb, lintian passed (log: $(grep -E '^(E|W): ' "$T/deb.log" | head -n 3 | tr '\n' ' ')$(tail -n 1 "$T/deb.log"))" \
        sh -c "[ $rc -eq 0 ] && [ -s '$pkg' ] && grep -q '^synfin: lintian ' '$T/deb.log' && case '$pkg' in *_${thv}_*.deb) ;; *) false ;; esac"
    [ -s "$pkg" ] || return
    trap 'dpkg -P synfin > /dev/null 2>&1' EXIT
    trap 'dpkg -P synfin > /dev/null 2>&1; exit 1' INT TERM
    dpkg -i "$pkg" > "$T/dpkg-i.out" 2>&1; rc=$?
    check "dpkg -i: installs ($(tail -n 1 "$T/dpkg-i.out"))" [ $rc -eq 0 ]
    check "installed package: /usr/bin/synfin -v says synfin $thv" sh -c "/usr/bin/synfin -v | head -n 1 | grep -qxF 'synfin $thv'"
    if grep -qs '^path-exclude=/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
        echo "# skip: man -w synfin: dpkg is set to leave man pages out (/etc/dpkg/dpkg.cfg.d)"
    else
        check "installed package: man -w synfin -> /usr/share/man/man1/synfin.1.gz" \
            sh -c '[ "$(man -w synfin)" = /usr/share/man/man1/synfin.1.gz ]'
    fi
    check "installed package: /usr/share/bash-completion/completions/synfin" [ -f /usr/share/bash-completion/completions/synfin ]
    dpkg -r synfin > "$T/dpkg-r.out" 2>&1; rc=$?
    check "dpkg -r: removes it: no /usr/bin/synfin, no man page, no completion" \
        sh -c "[ $rc -eq 0 ] && [ ! -e /usr/bin/synfin ] && [ ! -e /usr/share/man/man1/synfin.1.gz ] && [ ! -e /usr/share/bash-completion/completions/synfin ]"
    dpkg -P synfin > "$T/dpkg-p.out" 2>&1; rc=$?
    check "dpkg -P: purged, dpkg knows no synfin" sh -c "[ $rc -eq 0 ] && ! dpkg-query -W synfin > /dev/null 2>&1"
    trap - EXIT INT TERM
    rm -rf "$T/tree"
}
if command -v dpkg > /dev/null 2>&1; then deb_part; else echo "# skip: make deb: no dpkg (not Debian)"; fi

exit $((fails > 0))
