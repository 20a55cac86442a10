#!/bin/bash
# The tablet on a real filesystem that fills up or is read-only: a 3 MiB tmpfs as its data
# directory. Disk full while open: the decision is not claimed saved ("Belum tersimpan",
# "Penyimpanan tablet penuh"); once space is freed the same approval goes through. Read-only at
# start: the message shows. After each part the store passes PRAGMA integrity_check and still holds
# everything saved before. Needs root (mount); fails otherwise.
#
# usage: storage.sh BIN_DIR SOURCE_DIR   (PARAF_E2E_KEEP=DIR keeps the screenshots)
set -u
bin=${1:?usage: storage.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: storage.sh BIN_DIR SOURCE_DIR}
export PARAF_ASSETS="$src/assets"
work=$(mktemp -d /tmp/paraf-storage-XXXXXX)
dev="$work/device"
hub_pid=""
paraf_pid=""
cleanup() {
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    [ -n "${PARAF_E2E_KEEP:-}" ] && mkdir -p "$PARAF_E2E_KEEP" && cp -r "$work/shots/." "$PARAF_E2E_KEEP/"
    umount "$dev" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/paraf.log" ] && tail -20 "$work/paraf.log"; exit 1; }
mkdir -p "$dev" "$work/shots"
mount -t tmpfs -o size=3m,mode=0700 tmpfs "$dev" || fail "cannot mount a tmpfs (this test needs root)"

"$bin/paraf-hub" --data "$work/hub" --listen 127.0.0.1:0 --demo --quiet > "$work/hub.out" 2> "$work/hub.err" &
hub_pid=$!
i=0
until grep -q '^token field ' "$work/hub.out" 2>/dev/null; do
    kill -0 "$hub_pid" 2>/dev/null || fail "paraf-hub did not start"
    i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 60 s"
    sleep 0.1
done
cat > "$work/paraf.conf" <<CONF
hub_url = $(sed -n 's/^url //p' "$work/hub.out")
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $dev
token_file = $(sed -n 's/^token approver //p' "$work/hub.out")
screen = 1280x800
CONF
run() { "$bin/paraf" --headless --config "$work/paraf.conf" --script "$src/tests/e2e/storage/$1" \
            --screenshots "$work/shots" >> "$work/paraf.log" 2>&1; }
integrity() { [ "$(sqlite3 "file:$dev/device.db?mode=ro" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check: $1"; }
accepted() { sqlite3 "file:$dev/device.db?mode=ro" "SELECT count(*) FROM outbox WHERE state='accepted'"; }
hub_count() { sqlite3 "$work/hub/hub.db" "SELECT count(*) FROM decisions WHERE item_id='$1'"; }

run 1-setup.script || fail "setup script"
integrity "after setup"
[ "$(accepted)" = 1 ] || fail "the first approval is not recorded as accepted"

# Part 2: fill the filesystem once the item is open, free it while the script sleeps.
run 2-full.script &
paraf_pid=$!
i=0
until [ -f "$work/shots/2-ready.png" ]; do
    kill -0 "$paraf_pid" 2>/dev/null || fail "paraf ended before the item opened"
    i=$((i + 1)); [ $i -lt 300 ] || fail "the item did not open in 30 s"
    sleep 0.1
done
dd if=/dev/zero of="$dev/fill" bs=4k 2>/dev/null # until ENOSPC
until [ -f "$work/shots/3-disk-full.png" ]; do
    kill -0 "$paraf_pid" 2>/dev/null || break
    sleep 0.1
done
[ "$(hub_count itm-0006)" = 0 ] || fail "a decision reached the hub while it could not be saved"
rm -f "$dev/fill"
wait "$paraf_pid" || fail "the disk-full script did not complete"
paraf_pid=""
integrity "after disk full"
[ "$(accepted)" = 2 ] || fail "expected 2 accepted decisions after freeing space, found $(accepted)"
[ "$(hub_count itm-0006)" = 1 ] || fail "itm-0006 is not at the hub exactly once"
[ "$(hub_count itm-0009)" = 1 ] || fail "itm-0009 is not at the hub exactly once"

# Part 3: read-only from the start.
mount -o remount,ro "$dev" || fail "cannot remount read-only"
run 3-readonly.script || fail "the read-only script did not complete"
mount -o remount,rw "$dev"
integrity "after read-only"
[ "$(accepted)" = 2 ] || fail "decisions lost after the read-only start"
[ "$(hub_count itm-0020)" = 0 ] || fail "a decision reached the hub while it could not be saved (read-only)"
echo "storage: disk full -> not saved, then accepted once freed; read-only start -> message; integrity ok, nothing lost"
echo "1 passed, 0 failed"
