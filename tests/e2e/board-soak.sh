#!/bin/bash
# The lobby board's soak test: the whole program (headless, profile board, poll every 30 s,
# heartbeat every 5 min, screen off at night) runs against a real paraf-hub behind paraf-flap, a
# proxy whose network flaps (refused connections, resets, black holes), while the hub's queue
# figures change every second or so. The program's clock is fast-forwarded (script
# `fast-forward`): it jumps to the next poll or heartbeat whenever the board is not waiting for
# the hub, so DAYS of polling take minutes.
#
#   day 0 .. warm-up   flapping, then a few steady polls and `mark-resources`
#   warm-up .. DAYS    flapping, the hub's data changing
#   end                the network steady, the hub's final figures: the board must show them,
#                      fresh, and `expect-resources` checks resident memory (<= +1 MiB after the
#                      warm-up) and descriptors (files and sockets no more than at the mark).
#
# With `valgrind` the program runs under valgrind (errors or definite leaks fail the test); with
# `asan` it is a sanitizer build (LeakSanitizer checks at the exit). Both keep freed memory on
# purpose, so there only descriptors are held to the mark, not resident memory.
#
# usage: board-soak.sh BIN_DIR SOURCE_DIR DAYS [valgrind|asan]
#   (PARAF_E2E_KEEP=DIR keeps the screenshots and logs)
set -u
bin=${1:?usage: board-soak.sh BIN_DIR SOURCE_DIR DAYS [valgrind|asan]}
src=${2:?usage: board-soak.sh BIN_DIR SOURCE_DIR DAYS [valgrind|asan]}
days=${3:?usage: board-soak.sh BIN_DIR SOURCE_DIR DAYS [valgrind|asan]}
tool=${4:-}
export PARAF_ASSETS="$src/assets"
work=$(mktemp -d /tmp/paraf-soak-XXXXXX)
hub_pid="" flap_pid="" paraf_pid="" churn_pid=""
cleanup() {
    [ -n "$churn_pid" ] && kill "$churn_pid" 2>/dev/null && wait "$churn_pid" 2>/dev/null
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$flap_pid" ] && kill "$flap_pid" 2>/dev/null && wait "$flap_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    if [ -n "${PARAF_E2E_KEEP:-}" ]; then
        mkdir -p "$PARAF_E2E_KEEP"
        cp -r "$work/shots/." "$PARAF_E2E_KEEP/" 2>/dev/null
        cp "$work"/*.log "$work"/*.out "$PARAF_E2E_KEEP/" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    [ -f "$work/paraf.log" ] && tail -30 "$work/paraf.log"
    exit 1
}
max_rss_kb=1024
[ -n "$tool" ] && max_rss_kb=4194304
case "$days" in '' | *[!0-9.]*) fail "DAYS must be a number" ;; esac

# The durations in program milliseconds: a quarter of the run (at most a day) warms up.
total_ms=$(awk -v d="$days" 'BEGIN { printf "%d", d * 86400000 }')
warm_ms=$(awk -v t="$total_ms" 'BEGIN { w = t / 4; if (w > 86400000) w = 86400000; printf "%d", w }')
rest_ms=$((total_ms - warm_ms))

"$bin/paraf-hub" --data "$work/hub" --listen 127.0.0.1:0 --demo --quiet > "$work/hub.out" 2> "$work/hub.log" &
hub_pid=$!
i=0
until grep -q '^token board ' "$work/hub.out" 2>/dev/null; do
    kill -0 "$hub_pid" 2>/dev/null || fail "paraf-hub did not start: $(cat "$work/hub.log")"
    i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 60 s"
    sleep 0.1
done
hub_port=$(sed -n 's/^url https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/hub.out")

# The flapping network: up 1.5-5 s, down 0.2-1.5 s (refused or a black hole), steady until told.
"$bin/paraf-flap" --listen 127.0.0.1:0 --to "127.0.0.1:$hub_port" --up-ms 1500-5000 \
    --down-ms 200-1500 --mode mixed --seed 7 --steady > "$work/flap.out" 2> "$work/flap.log" &
flap_pid=$!
i=0
until grep -q '^port ' "$work/flap.out" 2>/dev/null; do
    kill -0 "$flap_pid" 2>/dev/null || fail "paraf-flap did not start: $(cat "$work/flap.log")"
    i=$((i + 1)); [ $i -lt 100 ] || fail "paraf-flap did not start in 10 s"
    sleep 0.1
done
flap_port=$(sed -n 's/^port //p' "$work/flap.out")

# Night (screen off) from 2 to 10 hours after the start, in WITA: every run crosses nights, and
# every run ends in daylight (the run is whole days, or shorter than 2 hours, plus minutes).
now_min=$(( (10#$(date -u +%H) * 60 + 10#$(date -u +%M) + 480) % 1440 ))
hhmm() { printf '%02d:%02d' $(( ($1 % 1440) / 60 )) $(( $1 % 60 )); }
night="$(hhmm $((now_min + 120)))-$(hhmm $((now_min + 600)))"

cat > "$work/board.conf" <<CONF
hub_url = https://127.0.0.1:$flap_port
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $work/device
token_file = $(sed -n 's/^token board //p' "$work/hub.out")
profile = board
screen = 1280x720
poll_interval_s = 30
heartbeat_s = 300
screen_off = $night
connect_timeout_ms = 500
request_timeout_ms = 1500
CONF

# The final figures the board must show at the end (the first service: on the first page).
final_ticket="A-777"
final_waiting=5
cat > "$work/soak.script" <<SCRIPT
wait "Diperbarui" 180000
screenshot 0-start
fast-forward $warm_ms
wait-file go-mark 120000
fast-forward 300000
expect-not "Tidak terhubung"
mark-resources
screenshot 1-marked
fast-forward $rest_ms
screenshot 2-soaked
wait-file go-end 120000
fast-forward 300000
wait "$final_ticket" 120000
expect-not "Tidak terhubung"
expect-not "Data mungkin tidak terbaru"
expect-resources $max_rss_kb 3
screenshot 3-end
SCRIPT

mkdir -p "$work/device" "$work/shots"
runner=()
if [ "$tool" = valgrind ]; then
    runner=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
        --show-leak-kinds=definite --num-callers=30 "--log-file=$work/valgrind.log")
fi
"${runner[@]}" "$bin/paraf" --headless --config "$work/board.conf" --script "$work/soak.script" \
    --screenshots "$work/shots" > "$work/paraf.log" 2>&1 &
paraf_pid=$!

wait_shot() { # wait_shot NAME SECONDS: until the script took that screenshot
    local i=0
    until [ -f "$work/shots/$1.png" ]; do
        kill -0 "$paraf_pid" 2>/dev/null || fail "paraf ended before $1"
        i=$((i + 1)); [ $i -lt $(($2 * 10)) ] || fail "no $1 in $2 s"
        sleep 0.1
    done
}
# The hub's queue moves while the board runs: a new ticket at the first counter every ~1 s.
# It stops at the file stop-churn (killing the loop could leave an update in flight that would
# land after the final one).
churn() {
    local n=100
    while [ ! -f "$work/stop-churn" ]; do
        n=$((n + 1))
        "$bin/paraf-hub" --data "$work/hub" --update-service samsat-pkb \
            "{\"now_serving\":\"A-$n\",\"waiting\":$((n % 40))}" >> "$work/churn.out" 2>> "$work/churn.log"
        sleep 1
    done
}
flap() { kill "-$1" "$flap_pid"; }

wait_shot 0-start 120
flap USR2
churn &
churn_pid=$!
timeout_s=$(awk -v d="$days" -v t="$tool" 'BEGIN { printf "%d", (t == "valgrind" ? 3000 : 600) * d + 300 }')
while [ ! -f "$work/shots/1-marked.png" ] && ! grep -q '^fast-forward' "$work/paraf.log"; do
    kill -0 "$paraf_pid" 2>/dev/null || fail "paraf ended during the warm-up"
    sleep 0.2
done
flap USR1 # steady for the mark
touch "$work/shots/go-mark"
wait_shot 1-marked "$timeout_s"
flap USR2
wait_shot 2-soaked "$timeout_s"
touch "$work/stop-churn"
wait "$churn_pid" 2>/dev/null
churn_pid=""
flap USR1
"$bin/paraf-hub" --data "$work/hub" --update-service samsat-pkb \
    "{\"now_serving\":\"$final_ticket\",\"waiting\":$final_waiting}" > /dev/null ||
    fail "the final update was refused"
touch "$work/shots/go-end"
wait "$paraf_pid"
rc=$?
paraf_pid=""
[ $rc -eq 0 ] || { [ -f "$work/valgrind.log" ] && grep -A30 "definitely lost\|Invalid\|uninitialised" "$work/valgrind.log" | head -60; fail "the soak script failed (exit $rc)"; }

# What the run did: the program's counters, the proxy's flaps, the hub's record of the device.
kill "$flap_pid" && wait "$flap_pid" 2>/dev/null
flap_pid=""
polls=$(sed -n 's/^fast-forward: .* \([0-9]*\) polls.*/\1/p' "$work/paraf.log" | tail -1)
flaps=$(sed -n 's/^flaps \([0-9]*\) .*/\1/p' "$work/flap.out" | tail -1)
updates=$(grep -c "^updated" "$work/churn.out" 2>/dev/null || true)
beat=$("$bin/paraf-hub" --data "$work/hub" --show-heartbeats | grep 'profile=board')
uptime=$(echo "$beat" | sed -n 's/.*uptime_s=\([0-9]*\).*/\1/p')
min_polls=$(awk -v t="$total_ms" 'BEGIN { printf "%d", t / 30000 * 0.95 }')
[ "${polls:-0}" -ge "$min_polls" ] || fail "only ${polls:-0} refresh cycles (expected >= $min_polls)"
[ "${flaps:-0}" -ge 3 ] || fail "the network flapped only ${flaps:-0} times"
[ "${uptime:-0}" -ge $((total_ms / 1000)) ] || fail "the hub's last heartbeat says uptime ${uptime:-?} s"
grep '^resources: \|^fast-forward: ' "$work/paraf.log"
echo "flap: $(tail -1 "$work/flap.out")"
echo "hub: $beat"
echo "board soak: $days days, $polls refresh cycles, $flaps network outages, $updates data changes at the hub, correct data at the end"
echo "1 passed, 0 failed"
