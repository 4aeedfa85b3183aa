#!/bin/sh
# Development loop for `synfin serve` (make dev): build, run
# `build/synfin serve ARGS...`, and whenever a file under src/ changes,
# rebuild and restart it. A failed build leaves the server stopped until
# the next change. Ctrl-C stops everything. It builds without the profile
# (make PGO=0): a profile-guided build trains again on every change
# (46 s against a few); a later plain make rebuilds with it.
#   scripts/dev.sh [serve options, e.g. --port 4000 --timeout 10]
# Waits for changes with inotifywait (Debian package inotify-tools) when it
# is installed, else checks file times once a second.
set -u
cd "$(dirname "$0")/.."
MAKE=${MAKE:-make}
server=""
watcher=""

stop_server() {
    [ -n "$server" ] || return 0
    kill -TERM "$server" 2>/dev/null
    wait "$server" 2>/dev/null
    server=""
}
cleanup() {
    if [ -n "$watcher" ]; then
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
    fi
    stop_server
}
trap 'cleanup; exit 0' INT TERM
trap cleanup EXIT

# A fingerprint of src/: names, sizes and modification times.
snapshot() {
    find src -type f -printf '%p %s %T@\n' 2>/dev/null | sort | cksum
}

if command -v inotifywait >/dev/null 2>&1; then
    wait_change() {
        # Returns on the first event; editors that save through a temporary
        # file give several, so let them settle.
        # In the background, because the shell runs a trap only once a
        # foreground command ends, and `wait` returns at once on a signal.
        inotifywait -qq -r -e close_write,create,delete,move src &
        watcher=$!
        wait "$watcher"
        watcher=""
        sleep 0.2
    }
else
    echo "dev: inotifywait not found (install: sudo apt-get install -y inotify-tools); checking src/ every second" >&2
    wait_change() {
        before=$(snapshot)
        while [ "$(snapshot)" = "$before" ]; do
            sleep 1
        done
    }
fi

while :; do
    stop_server
    if $MAKE PGO=0 build/synfin; then
        build/synfin serve "$@" &
        server=$!
    else
        echo "dev: build failed; waiting for the next change" >&2
    fi
    wait_change
    echo "dev: src/ changed, rebuilding" >&2
done
