#!/bin/sh
# Make sure the build and test dependencies are installed (Debian 12).
# As root it installs what is missing with apt-get; otherwise it prints the
# exact command to run and fails.
#   scripts/deps.sh build   libraries and tools needed to build synfin
#   scripts/deps.sh test    also what the tests use (tshark, iproute2, nft, ethtool, python3,
#                           and chromium with two small fonts for the report's browser tests)
#   scripts/deps.sh fuzz    also clang and its libFuzzer and sanitizer runtimes (make fuzz)
#   scripts/deps.sh deb     also what make deb uses: dpkg-buildpackage, debhelper, lintian
#   scripts/deps.sh setcap  only setcap (make setcap)
#   scripts/deps.sh clickhouse  only ClickHouse's server and client (tests/t_clickhouse.sh)
set -eu
what=${1:-build}
pkgs="gcc make pkg-config libpcap-dev zlib1g-dev libpcre2-dev"
if [ "$what" = test ]; then
    pkgs="$pkgs tshark iproute2 nftables ethtool procps python3"
    # The report's tests open it in headless Chromium (tests/tools/browse.py).
    # Without recommends chromium's only font is what fontconfig-config pulls
    # (fonts-dejavu-core, its first choice; named here so Latin text surely
    # renders); fonts-wqy-microhei (1.6 MB; fonts-noto-cjk is 56 MB) draws
    # the --lang zh text, which is otherwise empty boxes.
    pkgs="$pkgs chromium fonts-dejavu-core fonts-wqy-microhei"
    # t_install reads the man page with man and loads the completion as
    # bash-completion does.
    pkgs="$pkgs man-db bash-completion"
fi
if [ "$what" = fuzz ]; then
    pkgs="$pkgs clang libclang-rt-14-dev"
fi
if [ "$what" = deb ]; then
    pkgs="$pkgs dpkg-dev debhelper fakeroot lintian"
fi
if [ "$what" = setcap ]; then
    pkgs="libcap2-bin"
fi
if [ "$what" = clickhouse ]; then
    pkgs="clickhouse-server clickhouse-client"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    echo "synfin: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    # tshark asks whether non-root users may capture; answer no without a prompt.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "synfin: missing packages:$missing" >&2
    echo "synfin: run: sudo apt-get install -y$missing" >&2
    exit 1
fi
