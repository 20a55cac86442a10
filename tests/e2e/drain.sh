#!/bin/bash
# The fault matrix: for each fault the hub can inject on /v1/items (latency, dropped connections,
# 503, malformed and truncated bodies) a fresh hub with demo data and a fresh tablet make DECISIONS
# approvals through the UI (tap the item, Setujui, submit, PIN) while the faults are on. Each must
# reach "Tersimpan, menunggu koneksi" or "Diterima server" on screen; then the device is left
# running until its outbox has nothing pending (at most 45 s), and the hub must hold every decision
# exactly once, with no duplicates and none for an item the test did not approve.
#
# One paraf run per decision (the run ends once the outbox is drained or after 10 s), so the next
# item is near the top of the inbox; a run that could not open the item (the item GET is faulty
# too) is repeated, up to 8 times.
#
# usage: drain.sh BIN_DIR SOURCE_DIR   (DRAIN_DECISIONS=N, PARAF_DRAIN_KEEP=DIR)
set -u
bin=${1:?usage: drain.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: drain.sh BIN_DIR SOURCE_DIR}
DECISIONS=${DRAIN_DECISIONS:-10}
export PARAF_ASSETS="$src/assets"
PIN=246810
# A no-op last line: paraf ends a script as soon as its last line has been started, so a trailing
# `sleep` would not wait.
TAIL='expect-not "no such text, the script goes on"'
work=$(mktemp -d /tmp/paraf-drain-XXXXXX)
hub_pid=""
paraf_pid=""
t_start=$(date +%s)
cleanup() {
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    if [ -n "${PARAF_DRAIN_KEEP:-}" ]; then mkdir -p "$PARAF_DRAIN_KEEP" && cp -r "$work/." "$PARAF_DRAIN_KEEP/"; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
pass=0
failed=0

pending() { sqlite3 "$1" "SELECT count(*) FROM outbox WHERE state='pending'" 2>/dev/null || echo '?'; }

# run_paraf DIR SCRIPT WAIT_S: runs paraf until the script ends, or WAIT_S seconds, or (once the
# script is past its last screenshot) the outbox has nothing pending.
run_paraf() {
    local d=$1 script=$2 max=$(( $3 * 10 )) i=0
    "$bin/paraf" --headless --config "$d/paraf.conf" --script "$script" --screenshots "$d/shots" \
        >> "$d/paraf.log" 2>&1 &
    paraf_pid=$!
    while kill -0 "$paraf_pid" 2>/dev/null && [ $i -lt $max ]; do
        if [ -f "$d/shots/.done" ] || [ -n "$(find "$d/shots" -name "$4" 2>/dev/null)" ]; then
            [ "$(pending "$d/device/device.db")" = 0 ] && break
        fi
        sleep 0.1; i=$((i + 1))
    done
    kill -TERM "$paraf_pid" 2>/dev/null; sleep 0.2; kill -9 "$paraf_pid" 2>/dev/null
    wait "$paraf_pid" 2>/dev/null
    paraf_pid=""
}

case_run() { # case_run NAME FAULT-OPTIONS...
    local name=$1; shift
    local d="$work/$name"
    mkdir -p "$d/device" "$d/shots"
    "$bin/paraf-hub" --data "$d/hub" --listen 127.0.0.1:0 --demo --demo-bulk $((DECISIONS + 5)) --quiet \
        "$@" --fault-path /v1/items --fault-seed 7 > "$d/hub.out" 2> "$d/hub.err" &
    hub_pid=$!
    local i=0
    until grep -q '^token field ' "$d/hub.out" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 600 ] || { echo "FAIL $name: hub did not start"; failed=$((failed + 1)); return; }
        sleep 0.1
    done
    printf 'hub_url = %s\nca_file = %s\nserver_pin = %s\ndata_dir = %s\ntoken_file = %s\nconnect_timeout_ms = 2000\nrequest_timeout_ms = 5000\nscreen = 1280x800\n' \
        "$(sed -n 's/^url //p' "$d/hub.out")" "$(sed -n 's/^ca //p' "$d/hub.out")" \
        "$(sed -n 's/^pin //p' "$d/hub.out")" "$d/device" "$(sed -n 's/^token approver //p' "$d/hub.out")" > "$d/paraf.conf"
    # Enrol and set the PIN (enrolment and the inbox are not faulty).
    printf 'wait "Buat PIN baru" 20000\npin %s\nwait "Ulangi PIN baru" 5000\npin %s\nwait "Kotak Masuk" 15000\nscreenshot pinset\n' \
        "$PIN" "$PIN" > "$d/setup.script"
    run_paraf "$d" "$d/setup.script" 30 pinset.png
    local problems=""
    [ -f "$d/shots/pinset.png" ] || problems="$problems; enrolment or PIN setup failed ($(tail -n 2 "$d/paraf.log" | tr '\n' ' '))"
    local n nn try
    for n in $(seq 1 "$DECISIONS"); do
        [ -z "$problems" ] || break
        nn=$(printf '%05d' "$n")
        for try in 1 2 3 4 5 6 7 8; do
            cat > "$d/item-$nn.script" <<EOF
wait "Masukkan PIN" 15000
pin $PIN
wait "Kotak Masuk" 15000
tap #group-4
wait "nomor $nn" 8000
tap #item-itm-bulk-$nn
wait "Riwayat" 6000
tap #action-approve
tap #dialog-submit
wait "Masukkan PIN untuk menyetujui" 5000
screenshot prepin-$nn
pin $PIN
# "server " is in the bodies of "Tersimpan, menunggu koneksi" and of "Diterima server" only.
wait "server " 20000
screenshot confirmed-$nn
sleep 10000
$TAIL
EOF
            run_paraf "$d" "$d/item-$nn.script" 30 "confirmed-$nn.png"
            [ -f "$d/shots/prepin-$nn.png" ] && break
        done
        if [ ! -f "$d/shots/prepin-$nn.png" ]; then
            problems="$problems; itm-bulk-$nn could not be opened in 8 runs ($(grep 'script line' "$d/paraf.log" | tail -n 1))"
        elif [ ! -f "$d/shots/confirmed-$nn.png" ]; then
            problems="$problems; itm-bulk-$nn: neither Tersimpan nor Diterima server after the PIN ($(grep 'script line' "$d/paraf.log" | tail -n 1))"
        fi
    done
    # Drain: the device keeps running (resending with backoff) until nothing is pending.
    printf 'wait "Masukkan PIN" 15000\npin %s\nwait "Kotak Masuk" 15000\nscreenshot .done\nsleep 60000\n%s\n' "$PIN" "$TAIL" > "$d/drain.script"
    run_paraf "$d" "$d/drain.script" 45 .done.png
    kill "$hub_pid" 2>/dev/null; wait "$hub_pid" 2>/dev/null; hub_pid=""
    local db="$d/hub/hub.db" dev="$d/device/device.db"
    local ic; ic=$(sqlite3 "$dev" 'PRAGMA integrity_check' 2>&1)
    [ "$ic" = ok ] || problems="$problems; device.db integrity_check: $ic"
    local confirmed; confirmed=$(ls "$d/shots" | sed -n 's/^confirmed-\([0-9]*\)\.png$/\1/p')
    for nn in $confirmed; do
        local c; c=$(sqlite3 "$db" "SELECT count(*) FROM decisions WHERE item_id='itm-bulk-$nn'")
        [ "$c" = 1 ] || problems="$problems; itm-bulk-$nn has $c decisions at the hub (device outbox: $(sqlite3 "$dev" "SELECT state || ' ' || attempts || ' ' || last_error FROM outbox WHERE item_id='itm-bulk-$nn'" | tr '\n' ' '))"
    done
    local allowed; allowed=$(ls "$d/shots" | sed -n 's/^prepin-\([0-9]*\)\.png$/itm-bulk-\1/p')
    local id
    for id in $(sqlite3 "$db" "SELECT DISTINCT item_id FROM decisions"); do
        echo "$allowed" | grep -qx "$id" || problems="$problems; a decision for $id, never approved"
    done
    local dups; dups=$(sqlite3 "$db" "SELECT item_id || ' x' || count(*) FROM decisions GROUP BY item_id HAVING count(*) > 1" | tr '\n' ' ')
    [ -z "$dups" ] || problems="$problems; duplicates: $dups"
    local pend; pend=$(sqlite3 "$dev" "SELECT item_id || ':' || state || ':' || last_error FROM outbox WHERE state <> 'accepted'" | tr '\n' ' ')
    [ -z "$pend" ] || problems="$problems; not accepted after the drain: $pend"
    local nconf; nconf=$(echo "$confirmed" | grep -c .)
    local ndec; ndec=$(sqlite3 "$db" "SELECT count(*) FROM decisions")
    local runs; runs=$(ls "$d" | grep -c '\.script$')
    if [ -z "$problems" ] && [ "$nconf" = "$DECISIONS" ]; then
        echo "ok   $name: $nconf decisions confirmed on screen, $ndec at the hub, each once"
        pass=$((pass + 1))
    else
        echo "FAIL $name: $nconf of $DECISIONS confirmed, $ndec at the hub${problems}"
        failed=$((failed + 1))
    fi
}

case_run latency --fault-latency 800:0.5
case_run drop --fault-drop 0.4
case_run 5xx --fault-5xx 0.5
case_run malformed --fault-malformed 0.4
case_run truncated --fault-truncate 0.4

echo "drain: $(( $(date +%s) - t_start )) s"
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
