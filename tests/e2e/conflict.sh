#!/bin/bash
# A decision made offline on an item that was corrected before it arrived: the hub answers 409
# stale_version; the outbox shows "Konflik"; its row opens the item with a banner naming what
# changed (from the content the decision was made on, kept sealed on the device); the user decides
# again and only that second decision, on version 2, is stored at the hub.
#
# usage: conflict.sh BIN_DIR SOURCE_DIR   (PARAF_E2E_KEEP=DIR keeps the screenshots)
set -u
bin=${1:?usage: conflict.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: conflict.sh BIN_DIR SOURCE_DIR}
export PARAF_ASSETS="$src/assets"
work=$(mktemp -d /tmp/paraf-conflict-XXXXXX)
hub_pid=""
cleanup() {
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    [ -n "${PARAF_E2E_KEEP:-}" ] && mkdir -p "$PARAF_E2E_KEEP" && cp -r "$work/shots/." "$PARAF_E2E_KEEP/"
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/paraf.log" ] && tail -20 "$work/paraf.log"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()') ||
    fail "no free port"

hub_up() { # hub_up [--demo]
    : > "$work/hub.out"
    "$bin/paraf-hub" --data "$work/hub" --listen "127.0.0.1:$port" --quiet "$@" > "$work/hub.out" 2>> "$work/hub.err" &
    hub_pid=$!
    local i=0
    until grep -q '^pin ' "$work/hub.out" 2>/dev/null; do
        kill -0 "$hub_pid" 2>/dev/null || fail "paraf-hub did not start: $(cat "$work/hub.err")"
        i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 60 s"
        sleep 0.1
    done
}
hub_down() { kill "$hub_pid" && wait "$hub_pid"; hub_pid=""; }
run() { # run SCRIPT
    "$bin/paraf" --headless --config "$work/paraf.conf" --script "$src/tests/e2e/conflict/$1" \
        --screenshots "$work/shots" >> "$work/paraf.log" 2>&1 || fail "script $1 did not complete"
}

hub_up --demo
sleep 0.3 # the token lines follow the pin line
cat > "$work/paraf.conf" <<CONF
hub_url = $(sed -n 's/^url //p' "$work/hub.out")
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $work/device
token_file = $(sed -n 's/^token approver //p' "$work/hub.out")
screen = 1280x800
CONF
mkdir -p "$work/device" "$work/shots"
run 1-open.script
hub_down
run 2-decide.script
db="$work/device/device.db"
[ "$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE state='pending'")" = 1 ] || fail "the decision is not waiting in the outbox"
# The agency corrects the item meanwhile: a lower HPS, the committee's name removed.
"$bin/paraf-hub" --data "$work/hub" --revise-item itm-0006 '{"content":{"hps":4700000000,"pokja":null}}' > /dev/null ||
    fail "--revise-item failed"
hub_up
run 3-redo.script
hub_down
q() { sqlite3 "$work/hub/hub.db" "$1"; }
[ "$(q "SELECT count(*) FROM decisions WHERE item_id='itm-0006'")" = 1 ] || fail "expected 1 decision on itm-0006, found $(q "SELECT count(*) FROM decisions WHERE item_id='itm-0006'")"
[ "$(q "SELECT action || '|' || json_extract(payload, '\$.item_version') FROM decisions WHERE item_id='itm-0006'")" = "approve|2" ] ||
    fail "the stored decision is not an approval of version 2: $(q "SELECT payload FROM decisions WHERE item_id='itm-0006'")"
[ "$(sqlite3 "$db" "SELECT group_concat(state, ',') FROM (SELECT state FROM outbox ORDER BY created_at, rowid)")" = "conflict,accepted" ] ||
    fail "device outbox: $(sqlite3 "$db" "SELECT group_concat(state, ',') FROM outbox")"
[ "$(sqlite3 "$db" "SELECT count(*) FROM cache WHERE kind='decided'")" = 0 ] || fail "snapshots were left behind"
echo "conflict: 409 shown with what changed (HPS, Pokja), decided again, 1 decision (version 2) at the hub"
echo "1 passed, 0 failed"
