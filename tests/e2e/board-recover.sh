#!/bin/bash
# The lobby board recovers by itself: a headless board (profile board, poll every 5 s) against a
# real paraf-hub shows the hub's data; the hub is stopped (the board must say "Tidak terhubung"
# and keep the data), then started again on the same port and data: the board must drop the
# offline marker with fresh data, with no touch and no restart.
#
# usage: board-recover.sh BIN_DIR SOURCE_DIR   (PARAF_E2E_KEEP=DIR keeps the screenshots)
set -u
bin=${1:?usage: board-recover.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: board-recover.sh BIN_DIR SOURCE_DIR}
export PARAF_ASSETS="$src/assets"
work=$(mktemp -d /tmp/paraf-board-XXXXXX)
hub_pid=""
paraf_pid=""
cleanup() {
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    [ -n "${PARAF_E2E_KEEP:-}" ] && mkdir -p "$PARAF_E2E_KEEP" && cp -r "$work/shots/." "$PARAF_E2E_KEEP/"
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/paraf.log" ] && tail -20 "$work/paraf.log"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()') ||
    fail "no free port"
hub_up() {
    : > "$work/hub.out"
    "$bin/paraf-hub" --data "$work/hub" --listen "127.0.0.1:$port" --quiet "$@" > "$work/hub.out" 2>> "$work/hub.err" &
    hub_pid=$!
    local i=0
    until grep -q '^pin ' "$work/hub.out" 2>/dev/null; do
        kill -0 "$hub_pid" 2>/dev/null || fail "paraf-hub did not start: $(cat "$work/hub.err")"
        i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 60 s"
        sleep 0.1
    done
    sleep 0.3
}
hub_up --demo
cat > "$work/board.conf" <<CONF
hub_url = $(sed -n 's/^url //p' "$work/hub.out")
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $work/device
token_file = $(sed -n 's/^token board //p' "$work/hub.out")
profile = board
screen = 1920x1080
poll_interval_s = 5
connect_timeout_ms = 1000
request_timeout_ms = 3000
CONF
mkdir -p "$work/device" "$work/shots"
"$bin/paraf" --headless --config "$work/board.conf" --script "$src/tests/e2e/board/recover.script" \
    --screenshots "$work/shots" > "$work/paraf.log" 2>&1 &
paraf_pid=$!
wait_file() { # wait_file NAME: until the script took that screenshot
    local i=0
    until [ -f "$work/shots/$1.png" ]; do
        kill -0 "$paraf_pid" 2>/dev/null || fail "paraf ended before $1"
        i=$((i + 1)); [ $i -lt 600 ] || fail "no $1 in 60 s"
        sleep 0.1
    done
}
wait_file 1-live
kill "$hub_pid" && wait "$hub_pid"; hub_pid=""
wait_file 2-hub-down
hub_up
wait "$paraf_pid" || fail "the board did not recover by itself"
paraf_pid=""
[ "$(sqlite3 "$work/hub/hub.db" "SELECT count(*) FROM heartbeats h JOIN devices d ON d.key_id=h.key_id WHERE d.profile='board'")" = 1 ] ||
    fail "no heartbeat of the board at the hub"
echo "board recover: live, hub down (offline, data kept), hub back: fresh again by itself"
echo "1 passed, 0 failed"
