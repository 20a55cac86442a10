#!/bin/bash
# The field officer's report end to end: a real paraf-hub, gpsd fed by gpsfake replaying an NMEA
# log (re-dated to now), a photo folder of real JPEGs (paraf-make-photos: 12 MP, EXIF-rotated,
# small, plus broken files), and the program headless with tests/e2e/field/e2e.script.
# The device enrols and fetches its assignments; the hub is stopped; the form is filled with
# every field kind, 3 photos and the GPS position, and submitted: "Menunggu jaringan". The hub
# comes back with each field-report request slowed (so the progress is seen), the upload runs by
# itself, "Terkirim"; the hub then holds the report once, complete, and 3 files whose SHA-256 is
# the manifest's.
#
# usage: field-e2e.sh BIN_DIR SOURCE_DIR   (PARAF_E2E_KEEP=DIR keeps screenshots and logs)
set -u
bin=${1:?usage: field-e2e.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: field-e2e.sh BIN_DIR SOURCE_DIR}
export PARAF_ASSETS="$src/assets"
work=$(mktemp -d /tmp/paraf-field-XXXXXX)
hub_pid="" paraf_pid="" gps_pid="" gps_port=""
cleanup() {
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    if [ -n "$gps_pid" ]; then # gpsfake and its gpsd share a process group
        kill -TERM -- "-$gps_pid" 2>/dev/null
        sleep 1
        kill -KILL -- "-$gps_pid" 2>/dev/null
        wait "$gps_pid" 2>/dev/null
    fi
    [ -n "$gps_port" ] && ipcrm -M $((0x47700000 | gps_port)) 2>/dev/null
    if [ -n "${PARAF_E2E_KEEP:-}" ]; then
        mkdir -p "$PARAF_E2E_KEEP"
        cp -r "$work/shots/." "$PARAF_E2E_KEEP/" 2>/dev/null
        cp "$work"/*.log "$PARAF_E2E_KEEP/" 2>/dev/null
    fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    [ -f "$work/paraf.log" ] && tail -20 "$work/paraf.log"
    exit 1
}
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
command -v gpsfake > /dev/null || fail "gpsfake not found (Debian package gpsd-clients, deps.txt)"
port=$(free_port) || fail "no free port"
hub_up() {
    : > "$work/hub.out"
    "$bin/paraf-hub" --data "$work/hub" --listen "127.0.0.1:$port" --quiet "$@" > "$work/hub.out" 2>> "$work/hub.log" &
    hub_pid=$!
    local i=0
    until grep -q '^pin ' "$work/hub.out" 2>/dev/null; do
        kill -0 "$hub_pid" 2>/dev/null || fail "paraf-hub did not start: $(tail -3 "$work/hub.log")"
        i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 60 s"
        sleep 0.1
    done
}
hub_up --demo

# gpsd through gpsfake, the log's times moved to now (gpsd takes the fix time from the sentences).
python3 "$src/tools/nmea-redate" "$src/tests/data/field-bali.nmea" "$work/now.nmea" ||
    fail "cannot re-date the NMEA log"
gps_port=$(free_port) || fail "no free port"
mkdir -p "$work/gpstmp"
TMPDIR="$work/gpstmp" setsid gpsfake -q -c 0.05 -P "$gps_port" "$work/now.nmea" > "$work/gpsfake.log" 2>&1 < /dev/null &
gps_pid=$!

"$bin/paraf-make-photos" "$work/photos" > /dev/null || fail "paraf-make-photos failed"
cat > "$work/field.conf" <<CONF
hub_url = $(sed -n 's/^url //p' "$work/hub.out")
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $work/device
token_file = $(sed -n 's/^token field //p' "$work/hub.out")
profile = field
screen = 1280x800
poll_interval_s = 30
connect_timeout_ms = 1000
request_timeout_ms = 5000
photo_dir = $work/photos
gpsd = 127.0.0.1:$gps_port
gps_max_age_s = 300
gps_max_accuracy_m = 50
CONF
mkdir -p "$work/device" "$work/shots"
"$bin/paraf" --headless --config "$work/field.conf" --script "$src/tests/e2e/field/e2e.script" \
    --screenshots "$work/shots" > "$work/paraf.log" 2>&1 &
paraf_pid=$!
wait_shot() { # wait_shot NAME SECONDS
    local i=0
    until [ -f "$work/shots/$1.png" ]; do
        kill -0 "$paraf_pid" 2>/dev/null || fail "paraf ended before $1"
        i=$((i + 1)); [ $i -lt $(($2 * 10)) ] || fail "no $1 in $2 s"
        sleep 0.1
    done
}
wait_shot 1-list 90
kill "$hub_pid" && wait "$hub_pid" 2>/dev/null
hub_pid=""
touch "$work/shots/go-offline"
wait_shot 3-waiting 240
[ "$(sqlite3 "$work/hub/hub.db" "SELECT count(*) FROM field_reports")" = 0 ] ||
    fail "the hub has a report while it was down"
sleep 2 # "Menunggu jaringan" stays while the hub is away
hub_up --fault-latency 1500:1 --fault-path /v1/field-reports
wait "$paraf_pid" || fail "the report did not go out (script failed)"
paraf_pid=""

db="$work/hub/hub.db"
[ "$(sqlite3 "$db" "SELECT count(*) FROM field_reports")" = 1 ] || fail "expected exactly 1 report at the hub"
[ "$(sqlite3 "$db" "SELECT count(*) FROM field_reports WHERE assignment_id='tgs-001' AND complete_at IS NOT NULL")" = 1 ] ||
    fail "the report is not complete at the hub"
[ "$(sqlite3 "$db" "SELECT count(*) FROM field_files WHERE data IS NOT NULL")" = 3 ] || fail "expected 3 files at the hub"
mkdir -p "$work/files"
for name in $(sqlite3 "$db" "SELECT name FROM field_files"); do
    sqlite3 "$db" "SELECT writefile('$work/files/$name', data) FROM field_files WHERE name='$name'" > /dev/null
    want=$(sqlite3 "$db" "SELECT sha256 FROM field_files WHERE name='$name'")
    got=$(sha256sum "$work/files/$name" | cut -d' ' -f1)
    [ "$want" = "$got" ] || fail "$name: the hub's bytes hash to $got, the manifest says $want"
    manifest=$(sqlite3 "$db" "SELECT payload FROM field_reports" | python3 -c "import sys,json; d=json.load(sys.stdin); print([f['sha256'] for f in d['files'] if f['name']=='$name'][0])")
    [ "$manifest" = "$got" ] || fail "$name: not the signed manifest's hash"
done
sqlite3 "$db" "SELECT payload FROM field_reports" | python3 -c "
import sys, json
d = json.load(sys.stdin)
a = d['answers']
kinds = {'angka_meter': (int, float), 'volume_juni': (int, float), 'kondisi_meter': str, 'segel_utuh': bool,
         'tera_terakhir': str, 'temuan': list, 'foto_meter': list, 'lokasi': dict, 'catatan': str}
for k, t in kinds.items():
    assert k in a and isinstance(a[k], t), 'answer %s: %r' % (k, a.get(k))
assert a['angka_meter'] == 48213 and abs(a['volume_juni'] - 1520.75) < 1e-9, a
assert a['segel_utuh'] is False and len(a['foto_meter']) == 3, a
assert abs(a['lokasi']['lat'] + 8.396) < 0.01 and abs(a['lokasi']['lon'] - 115.229) < 0.01, a['lokasi']
print('answers ok:', ', '.join(sorted(a)))
" || fail "the answers at the hub are not what was entered"
echo "field e2e: offline fill (every kind, 3 photos incl. 12 MP, gpsd position), waiting, upload with progress, sent; hub: 1 report, 3 files, hashes match the signed manifest"
echo "1 passed, 0 failed"
