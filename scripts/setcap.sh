#!/bin/sh
# make setcap: let an installed synfin capture without root. A step of its
# own, never part of make install: with the capabilities on the file, every
# user who may run it can capture every interface's traffic.
#   scripts/setcap.sh BINARY
set -eu
bin=${1:?usage: scripts/setcap.sh BINARY}
caps=cap_net_raw,cap_net_admin+eip
if [ ! -x "$bin" ]; then
    echo "synfin: $bin: not installed (run make install first, with the same PREFIX and DESTDIR)" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "synfin: setting file capabilities needs root; run: sudo setcap $caps $bin" >&2
    exit 1
fi
sh "$(dirname "$0")/deps.sh" setcap
echo "synfin: setcap $caps $bin"
PATH=$PATH:/usr/sbin:/sbin setcap "$caps" "$bin"
echo "synfin: every user who can run $bin may now capture live (synfin gives the"
echo "synfin: capabilities up once the capture is open); undo with: setcap -r $bin"
