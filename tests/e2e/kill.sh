#!/bin/bash
# The kill test: ITERATIONS runs of a headless paraf that makes decisions while the hub is up, down,
# going down mid-run or faulty, each run killed with SIGKILL at a random instant (before, during and
# after the commit of a decision and its upload), then restarted on the same data directory.
# After every run PRAGMA integrity_check of the device database must print ok. At the end, after a
# last clean run that drains the outbox, the hub must hold every decision whose "Tersimpan" or
# "Diterima server" the screen showed (a screenshot confirmed-N.png taken right after the text
# appeared), exactly once, and no decision for an item the script did not confirm with Setujui + PIN
# (a screenshot prepin-N.png taken just before the PIN was entered).
#
# usage: kill.sh BIN_DIR SOURCE_DIR [ITERATIONS]   (KILL_SEED=N for a reproducible run,
#        PARAF_KILL_KEEP=DIR to keep the work directory, KILL_VERBOSE=1 for a line per iteration)
set -u
bin=${1:?usage: kill.sh BIN_DIR SOURCE_DIR [ITERATIONS]}
src=${2:?usage: kill.sh BIN_DIR SOURCE_DIR [ITERATIONS]}
iterations=${3:-200}
RANDOM=${KILL_SEED:-$$}
export PARAF_ASSETS="$src/assets"
PIN=246810
BULK=400
# A no-op last line: paraf ends a script as soon as its last line has been started, so a trailing
# `sleep` would not wait.
TAIL='expect-not "no such text, the script goes on"'
work=$(mktemp -d /tmp/paraf-kill-XXXXXX)
hub_pid=""
paraf_pid=""
hub_state=none # none | up | faulty
t_start=$(date +%s)

cleanup() {
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    if [ -n "${PARAF_KILL_KEEP:-}" ]; then mkdir -p "$PARAF_KILL_KEEP" && cp -r "$work/." "$PARAF_KILL_KEEP/"; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
fail() { echo "FAIL: $*"; echo "kill test: 0 passed, 1 failed"; echo "0 passed, 1 failed"; exit 1; }
log() { [ -n "${KILL_VERBOSE:-}" ] && echo "$*"; return 0; }

hub_db="$work/hub/hub.db"
dev_db="$work/device/device.db"
shots="$work/shots"
mkdir -p "$work/device" "$shots" "$work/scripts"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()') ||
    fail "no free port"

hub_stop() { # SIGTERM (clean) or SIGKILL (-9)
    [ -n "$hub_pid" ] || { hub_state=none; return 0; }
    kill "${1:--TERM}" "$hub_pid" 2>/dev/null
    wait "$hub_pid" 2>/dev/null
    hub_pid=""
    hub_state=none
}

hub_start() { # hub_start up|faulty
    local faults=()
    [ "$1" = faulty ] && faults=(--fault-latency 300:0.5 --fault-drop 0.3 --fault-5xx 0.2 --fault-path /v1/items
        --fault-seed "$RANDOM")
    "$bin/paraf-hub" --data "$work/hub" --listen "127.0.0.1:$port" --demo --demo-bulk "$BULK" --quiet \
        "${faults[@]}" > "$work/hub.out" 2>> "$work/hub.err" &
    hub_pid=$!
    local i=0
    until grep -q '^token field ' "$work/hub.out" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.err"; fail "paraf-hub did not start"; }
        i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 30 s"
        sleep 0.05
    done
    hub_state=$1
}

hub_want() { # hub_want up|faulty|down: restart the hub only when its state changes
    [ "$1" = "$hub_state" ] && return 0
    [ "$1" = down ] && [ "$hub_state" = none ] && return 0
    hub_stop
    [ "$1" = down ] || hub_start "$1"
}

# First start: creates the CA, the tokens and the demo data (slow once).
hub_start up
cat > "$work/paraf.conf" <<CONF
hub_url = $(sed -n 's/^url //p' "$work/hub.out")
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $work/device
token_file = $(sed -n 's/^token approver //p' "$work/hub.out")
connect_timeout_ms = 1000
request_timeout_ms = 3000
screen = 1280x800
CONF

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
num() { printf '%05d' "$1"; }

# The next items to decide: the first bulk items with no decision at the hub and none in the
# device's outbox (an item opened but killed before its commit is decided again later).
next_targets() { # prints up to 3 numbers
    local taken
    taken=$( { sqlite3 "$hub_db" "SELECT item_id FROM decisions WHERE item_id LIKE 'itm-bulk-%'" 2>/dev/null
               [ -f "$dev_db" ] && sqlite3 "$dev_db" "SELECT item_id FROM outbox WHERE item_id LIKE 'itm-bulk-%'" 2>/dev/null
             } | sed 's/^itm-bulk-0*//' | sort -n -u | tr '\n' ' ')
    local n=1 got=0
    while [ $n -le $BULK ] && [ $got -lt 3 ]; do
        case " $taken " in *" $n "*) ;; *) echo "$n"; got=$((got + 1)) ;; esac
        n=$((n + 1))
    done
}

write_script() { # write_script FILE FIRST(0|1) TARGETS...
    local f=$1 first=$2; shift 2
    {
        if [ "$first" = 1 ]; then
            echo "wait \"Buat PIN baru\" 20000"; echo "pin $PIN"
            echo "wait \"Ulangi PIN baru\" 5000"; echo "pin $PIN"
        else
            echo "wait \"Masukkan PIN\" 15000"; echo "pin $PIN"
        fi
        echo "wait \"Kotak Masuk\" 15000"
        [ "$first" = 1 ] && echo "screenshot pinset"
        echo "tap #group-4"
        for n in "$@"; do
            local nn; nn=$(num "$n")
            echo "wait \"nomor $nn\" 8000"
            echo "tap #item-itm-bulk-$nn"
            echo "wait \"Riwayat\" 8000"
            echo "tap #action-approve"
            echo "tap #dialog-submit"
            echo "wait \"Masukkan PIN untuk menyetujui\" 5000"
            echo "screenshot prepin-$nn"
            echo "pin $PIN"
            # "server " is in the body of both "Tersimpan, menunggu koneksi" ("... saat server
            # terhubung") and "Diterima server" ("... di server dan ..."), not in "Mengirim…".
            echo "wait \"server \" 15000"
            echo "screenshot confirmed-$nn"
            echo "tap #result-ok"
            echo "wait \"Kotak Masuk\" 5000"
        done
        echo "sleep 3000"
        echo "$TAIL"
    } > "$f"
}

declare -A kinds=()
killed=0; finished=0; kill_commit=0; kill_pending=0
for it in $(seq 1 "$iterations"); do
    first=0; [ "$it" = 1 ] && first=1
    if [ $first = 1 ]; then state=up; else
        r=$((RANDOM % 20))
        if [ $r -lt 7 ]; then state=up
        elif [ $r -lt 12 ]; then state=faulty
        elif [ $r -lt 15 ]; then state=down
        else state=downmid; fi
    fi
    kinds[$state]=$(( ${kinds[$state]:-0} + 1 ))
    if [ $state = downmid ]; then hub_want up; else hub_want $state; fi
    mapfile -t targets < <(next_targets)
    ls "$shots" > "$work/shots.before"
    script="$work/scripts/run-$it.script"
    write_script "$script" $first "${targets[@]}"
    "$bin/paraf" --headless --config "$work/paraf.conf" --script "$script" \
        --screenshots "$shots" > "$work/paraf-$it.log" 2>&1 &
    paraf_pid=$!
    if [ $first = 1 ]; then # the kills start once the device is enrolled and the PIN is set
        i=0
        until [ -f "$shots/pinset.png" ]; do
            kill -0 "$paraf_pid" 2>/dev/null || { cat "$work/paraf-1.log"; fail "first run did not set the PIN"; }
            i=$((i + 1)); [ $i -lt 600 ] || fail "first run did not set the PIN in 60 s"
            sleep 0.05
        done
    fi
    # SIGKILL at a random instant 0.2-3.2 s; when the hub goes down mid-run, it is SIGKILLed at a
    # random instant 0.3-3 s.
    # (real time from the start of paraf, or from the PIN setup in the first run).
    delay_ms=$((200 + RANDOM % 3000))
    hub_kill_ms=-1; [ $state = downmid ] && hub_kill_ms=$((300 + RANDOM % 2700))
    t0=$(now_ms); t=0
    while kill -0 "$paraf_pid" 2>/dev/null && [ $t -lt $delay_ms ]; do
        if [ $hub_kill_ms -ge 0 ] && [ $t -ge $hub_kill_ms ]; then hub_stop -KILL; hub_kill_ms=-1; fi
        sleep 0.02; t=$(( $(now_ms) - t0 ))
    done
    kill -9 "$paraf_pid" 2>/dev/null
    wait "$paraf_pid" 2>/dev/null
    rc=$?
    if [ $rc = 137 ]; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
    paraf_pid=""
    [ $state = downmid ] && hub_stop -KILL
    if [ -f "$dev_db" ]; then
        ic=$(timeout 30 sqlite3 "$dev_db" 'PRAGMA integrity_check' 2>&1)
        [ "$ic" = ok ] || fail "iteration $it: integrity_check of device.db: $ic"
    fi
    # Where the kill landed: between the PIN and the confirmation on screen (commit, upload), and
    # with decisions left pending in the outbox (upload not done).
    new_shots=$(ls "$shots" | grep -vxF -f "$work/shots.before")
    for f in $(echo "$new_shots" | sed -n 's/^prepin-\([0-9]*\)\.png$/\1/p'); do
        echo "$new_shots" | grep -qx "confirmed-$f.png" || { [ $rc = 137 ] && kill_commit=$((kill_commit + 1)); }
    done
    p=$(sqlite3 "$dev_db" "SELECT count(*) FROM outbox WHERE state='pending'" 2>/dev/null || echo 0)
    [ $rc = 137 ] && [ "$p" != 0 ] && kill_pending=$((kill_pending + 1))
    log "iteration $it: hub $state, exit $rc, kill after ${delay_ms} ms, targets ${targets[*]:-none}, confirmed $(ls "$shots" | grep -c '^confirmed-')"
done

# Drain: the hub up without faults, one more clean run until the outbox has nothing pending.
hub_want up
cat > "$work/scripts/drain.script" <<EOF
wait "Masukkan PIN" 15000
pin $PIN
wait "Kotak Masuk" 15000
sleep 60000
$TAIL
EOF
"$bin/paraf" --headless --config "$work/paraf.conf" --script "$work/scripts/drain.script" \
    --screenshots "$shots" > "$work/paraf-drain.log" 2>&1 &
paraf_pid=$!
i=0
sleep 2
while [ $i -lt 300 ]; do
    pending=$(sqlite3 "$dev_db" "SELECT count(*) FROM outbox WHERE state='pending'" 2>/dev/null || echo '?')
    [ "$pending" = 0 ] && break
    sleep 0.1; i=$((i + 1))
done
sleep 0.5
kill -9 "$paraf_pid" 2>/dev/null; wait "$paraf_pid" 2>/dev/null; paraf_pid=""
ic=$(sqlite3 "$dev_db" 'PRAGMA integrity_check' 2>&1)
[ "$ic" = ok ] || fail "after the drain: integrity_check of device.db: $ic"
hub_stop

# The checks, on the hub's database.
ledger=$(ls "$shots" | sed -n 's/^confirmed-\([0-9]*\)\.png$/\1/p' | sort -u)
allowed=$(ls "$shots" | sed -n 's/^prepin-\([0-9]*\)\.png$/\1/p' | sort -u)
q() { sqlite3 "$hub_db" "$1"; }
errors=0
err() { echo "  $*"; errors=$((errors + 1)); }
for n in $ledger; do
    c=$(q "SELECT count(*) FROM decisions WHERE item_id='itm-bulk-$n'")
    [ "$c" = 1 ] || err "confirmed itm-bulk-$n has $c decisions at the hub (outbox: $(sqlite3 "$dev_db" "SELECT state || ' ' || last_error FROM outbox WHERE item_id='itm-bulk-$n'" | tr '\n' ';'))"
done
for id in $(q "SELECT DISTINCT item_id FROM decisions"); do
    n=${id#itm-bulk-}
    case "$id" in itm-bulk-*) ;; *) err "decision for $id, which the test never touched"; continue ;; esac
    echo "$allowed" | grep -qx "$n" || err "decision for $id, which was never confirmed with Setujui + PIN"
done
dups=$(q "SELECT item_id || ' x' || count(*) FROM decisions GROUP BY item_id HAVING count(*) > 1" | tr '\n' ' ')
[ -z "$dups" ] || err "duplicate decisions at the hub: $dups"
bad=$(q "SELECT count(*) FROM decisions WHERE action <> 'approve'")
[ "$bad" = 0 ] || err "$bad decisions with an action other than approve"
stuck=$(sqlite3 "$dev_db" "SELECT item_id || ':' || state || ':' || last_error FROM outbox WHERE state <> 'accepted'" | tr '\n' ' ')
[ -z "$stuck" ] || err "outbox entries not accepted after the drain: $stuck"

n_conf=$(echo "$ledger" | grep -c .)
n_dec=$(q "SELECT count(*) FROM decisions")
n_out=$(sqlite3 "$dev_db" "SELECT count(*) FROM outbox")
echo "kill test: $iterations iterations ($killed killed, $finished ended before the kill; hub up ${kinds[up]:-0}, faulty ${kinds[faulty]:-0}, down ${kinds[down]:-0}, down mid-run ${kinds[downmid]:-0}; $kill_commit kills between the PIN and the confirmation, $kill_pending with decisions pending upload), $n_conf confirmed, $(echo "$allowed" | grep -c .) PIN-confirmed, $n_out in the device outbox, $n_dec decisions at the hub, $(( $(date +%s) - t_start )) s"
if [ $errors -gt 0 ]; then
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
