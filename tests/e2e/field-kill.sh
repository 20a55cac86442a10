#!/bin/bash
# The field kill test: a headless paraf (profile field) SIGKILLed at random instants while the
# officer edits drafts and while reports go out, then restarted on the same data directory.
#
#   setup     one run, not killed: enrols, fetches petugas-01's assignments and fills four drafts
#             (tests/e2e/field/setup.script); tgs-001, the form with a field of every kind, stays open.
#   phase 1   the hub is down (the officer is offline). Each run reopens tgs-001 by itself, checks on
#             screen what earlier runs durably saved, makes more edits (numbers, a date, a note, a
#             choice, yes/no, multiple choice, photos added and removed, the location taken again)
#             and is killed at a random instant 0.3-4 s after its start. Later runs also send the
#             report; the phase ends when it is stored for sending.
#   phase 2   the hub is back, answering /v1/field-reports slowly and with faults. A first run sends
#             tgs-004 and tgs-007 and opens tgs-006 (tests/e2e/field/phase2.script); then tgs-006 is
#             edited, checked and sent the same way while the other reports upload, and the last runs
#             only upload. Every run is killed at a random instant.
#   drain     the hub without faults, one clean run until nothing waits to be sent.
#
# What counts as saved: what the screen says is saved. The form's "Draf tersimpan HH.MM" shows only
# once the worker has confirmed the last save on disk (RES_REPORT_SAVED carries the save's number;
# until then it says "Menyimpan…"), and the toast "Laporan disimpan untuk dikirim" only once the
# report is stored for sending. The script waits for "Draf tersimpan" and takes a screenshot (a
# marker) after each group of edits: every edit made before a marker whose file exists at the kill
# must have survived. Edits after the last marker may or may not have: those fields are "unknown"
# until a later run sets them again and that is confirmed the same way. Photos are counted in the
# device store after every kill (names and counts are not sealed) and must be within what the edits
# allow.
# On screen, each run checks every known number, date and note (`expect`), the photo count, that
# the location is there and, when nothing is unknown, "Semua isian lengkap" (so no choice or yes/no
# answer was dropped); which choice is selected has no text, so choices, yes/no and the multiple
# choice are checked in the answers the hub received. A report counts as sent when the reports
# screen lists it (only after the worker has stored it for sending) a second before the kill.
# After every kill PRAGMA integrity_check of the device store must print ok, and no assignment may
# have two reports in it.
#
# At the end, at the hub: every report the device stored for sending is there exactly once and
# complete, nothing else is; every file of each manifest is there exactly once, its SHA-256 (of the
# stored bytes) and size match the manifest and the device's photo list; the answers are the last
# known values (or, for the multiple choice, one of the possible ones); the device has every report
# sent.
#
# usage: field-kill.sh BIN_DIR SOURCE_DIR [ITERATIONS]   (KILL_SEED=N for a reproducible run,
#        PARAF_KILL_KEEP=DIR to keep the work directory, KILL_VERBOSE=1 for a line per run,
#        FIELD_KILL_DURABLE_MS=N to hold only markers N ms older than the kill)
set -u
bin=${1:?usage: field-kill.sh BIN_DIR SOURCE_DIR [ITERATIONS]}
src=${2:?usage: field-kill.sh BIN_DIR SOURCE_DIR [ITERATIONS]}
iterations=${3:-105}
seed=${KILL_SEED:-$$}
RANDOM=$seed
export PARAF_ASSETS="$src/assets"
scripts="$src/tests/e2e/field"
# A no-op last line: paraf ends a script as soon as its last line has been started.
TAIL='expect-not "no such text, the script goes on"'
DURABLE_MS=${FIELD_KILL_DURABLE_MS:-0} # a marker this long before the kill: its edits survived
work=$(mktemp -d /tmp/paraf-field-kill-XXXXXX)
hub_pid=""
paraf_pid=""
gps_pid=""
last_log=""
t_start=$(date +%s)
echo "field kill test: seed $seed (KILL_SEED=$seed repeats it), $iterations runs"

cleanup() {
    [ -n "$paraf_pid" ] && kill -9 "$paraf_pid" 2>/dev/null
    [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null
    [ -n "$gps_pid" ] && kill "$gps_pid" 2>/dev/null && wait "$gps_pid" 2>/dev/null
    if [ -n "${PARAF_KILL_KEEP:-}" ]; then mkdir -p "$PARAF_KILL_KEEP" && cp -r "$work/." "$PARAF_KILL_KEEP/"; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 2' INT TERM
fail() {
    echo "FAIL: $*"
    if [ -n "$last_log" ] && [ -f "$last_log" ]; then
        echo "--- last lines of $(basename "$last_log"):"
        tail -15 "$last_log"
    fi
    echo "(seed $seed)"
    echo "0 passed, 1 failed"
    exit 1
}
log() { [ -n "${KILL_VERBOSE:-}" ] && echo "$*"; return 0; }

hub_db="$work/hub/hub.db"
dev_db="$work/device/device.db"
shots="$work/shots"
mkdir -p "$work/device" "$shots" "$work/scripts"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port) || fail "no free port"
gps_port=$(free_port) || fail "no free port"
now_ms() { echo $(($(date +%s%N) / 1000000)); }
mtime_ms() { date -r "$1" +%s%3N; }
dq() { sqlite3 "$dev_db" "$1"; }
hq() { sqlite3 "$hub_db" "$1"; }

# ---- the hub, gpsd, the camera folder -------------------------------------------------------

hub_stop() {
    [ -n "$hub_pid" ] || return 0
    kill "$hub_pid" 2>/dev/null
    wait "$hub_pid" 2>/dev/null
    hub_pid=""
}

hub_start() { # hub_start plain|slow
    local faults=()
    # slow: most requests of the upload wait 2.5 s (so that the uploads last through most of the
    # second phase and most kills land with a request in flight), some answers are cut off after
    # the hub has stored what they carried, a few connections are dropped before.
    [ "$1" = slow ] && faults=(--fault-latency 2500:0.75 --fault-truncate 0.1 --fault-drop 0.05
        --fault-path /v1/field-reports --fault-seed "$RANDOM")
    "$bin/paraf-hub" --data "$work/hub" --listen "127.0.0.1:$port" --demo --quiet \
        "${faults[@]}" > "$work/hub.out" 2>> "$work/hub.err" &
    hub_pid=$!
    local i=0
    until grep -q '^token field ' "$work/hub.out" 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.err"; fail "paraf-hub did not start"; }
        i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 30 s"
        sleep 0.05
    done
}

# A stand-in for gpsd on loopback: a 3D fix near tgs-001 every half second (docs/location.md).
cat > "$work/gpsd.py" <<'PY'
import socket, sys, threading, time
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", int(sys.argv[1])))
srv.listen(16)
def serve(c):
    try:
        c.sendall(b'{"class":"VERSION","release":"3.22","rev":"3.22","proto_major":3,"proto_minor":14}\n')
        while True:
            t = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
            c.sendall(('{"class":"TPV","device":"/dev/ttyACM0","mode":3,"time":"%s",'
                       '"lat":-8.48625,"lon":115.24702,"eph":6.5}\n' % t).encode())
            time.sleep(0.5)
    except OSError:
        pass
    finally:
        c.close()
while True:
    conn, _ = srv.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
PY
python3 "$work/gpsd.py" "$gps_port" 2>> "$work/gpsd.err" &
gps_pid=$!
i=0
until (exec 3<>"/dev/tcp/127.0.0.1/$gps_port") 2>/dev/null; do
    kill -0 "$gps_pid" 2>/dev/null || fail "the stand-in gpsd did not start: $(cat "$work/gpsd.err")"
    i=$((i + 1)); [ $i -lt 200 ] || fail "the stand-in gpsd did not start in 10 s"
    sleep 0.05
done

# The camera folder: the four good photos of paraf-make-photos (the pickers tap them by name).
"$bin/paraf-make-photos" "$work/made" > /dev/null || fail "paraf-make-photos failed"
mkdir -p "$work/camera"
cp "$work/made/small-1600.jpg" "$work/made/portrait-exif6.jpg" "$work/made/scan.png" \
    "$work/made/big-12mp.jpg" "$work/camera/" || fail "no photos from paraf-make-photos"
PHOTOS=(small-1600.jpg portrait-exif6.jpg scan.png big-12mp.jpg)

# First start: creates the CA, the tokens and the demo data.
hub_start plain
# A tall screen: the whole form, 6 photos included, fits without scrolling, so every control can be
# tapped by its id and every answer is in view for `expect`.
cat > "$work/paraf.conf" <<CONF
hub_url = $(sed -n 's/^url //p' "$work/hub.out")
ca_file = $(sed -n 's/^ca //p' "$work/hub.out")
server_pin = $(sed -n 's/^pin //p' "$work/hub.out")
data_dir = $work/device
token_file = $(sed -n 's/^token field //p' "$work/hub.out")
profile = field
photo_dir = $work/camera
gpsd = 127.0.0.1:$gps_port
connect_timeout_ms = 1000
request_timeout_ms = 4000
screen = 1280x3400
CONF

run_clean() { # run_clean NAME SCRIPT TIMEOUT_S: a run that must end by itself with status 0
    last_log="$work/paraf-$1.log"
    timeout "$3" "$bin/paraf" --headless --config "$work/paraf.conf" --script "$2" \
        --screenshots "$shots" > "$last_log" 2>&1 || fail "the $1 run failed (status $?)"
}

run_clean setup "$scripts/setup.script" 120
for a in tgs-001:3 tgs-004:6 tgs-006:2 tgs-007:12; do
    n=$(dq "SELECT count(*) FROM report_files f JOIN reports r USING(report_id) WHERE r.assignment_id='${a%:*}'")
    [ "$n" = "${a#*:}" ] || fail "after the first run ${a%:*} has $n photos in the device store, not ${a#*:}"
done
[ "$(dq "SELECT count(*) FROM reports WHERE state='draft'")" = 4 ] || fail "the first run did not leave 4 drafts"

# ---- the model of a form: what is known to be stored -----------------------------------------
#
# V[key] is the value of a number, date, text, choice (index) or yes/no (yes|no) field, or "?"
# when a kill may have cut its last edit. MS is the set of possible masks of the multiple choice,
# plo..phi the possible photo count.

declare -A V=() KIND=() CHOICES=()
FORM="" TITLE="" MULTI="" PHOTO="" PMIN=0 PMAX=0 LOC="" MS="" plo=0 phi=0
ABS=() # the fields set with absolute values, in form order
model_tgs001() { # as tests/e2e/field/setup.script left it
    FORM=tgs-001 TITLE="Verifikasi objek Pajak Air Permukaan" MULTI=temuan PHOTO=foto_meter
    PMIN=3 PMAX=6 LOC=lokasi MS="1" plo=3 phi=3
    ABS=(angka_meter volume_juni kondisi_meter segel_utuh tera_terakhir catatan)
    KIND=([angka_meter]=num [volume_juni]=num [kondisi_meter]=choice [segel_utuh]=yesno
        [tera_terakhir]=date [catatan]=text)
    V=([angka_meter]=710000 [volume_juni]=820000 [kondisi_meter]=0 [segel_utuh]=yes
        [tera_terakhir]=2005-01-01 [catatan]="catatan k0000")
    CHOICES=([kondisi_meter]="Berfungsi baik|Rusak|Tidak terbaca|Tidak ada meter"
        [temuan]="Kebocoran pipa|Meter tidak terbaca|Pengambilan di luar izin|Segel rusak atau diganti|Tidak ada temuan")
}
model_tgs006() {
    FORM=tgs-006 TITLE="Pengecekan titik Wi-Fi publik" MULTI="" PHOTO=foto_perangkat
    PMIN=1 PMAX=4 LOC=lokasi MS="" plo=2 phi=2
    ABS=(kecepatan_unduh kecepatan_unggah kondisi_perangkat login_berfungsi keluhan)
    KIND=([kecepatan_unduh]=num [kecepatan_unggah]=num [kondisi_perangkat]=choice
        [login_berfungsi]=yesno [keluhan]=text)
    V=([kecepatan_unduh]="600,0" [kecepatan_unggah]="300,0" [kondisi_perangkat]=0
        [login_berfungsi]=yes [keluhan]="keluhan k0000")
    CHOICES=([kondisi_perangkat]="Normal|Mati|Rusak fisik|Catu daya bermasalah")
}

# New values, unique over the whole test (vseq), so that `expect` finds only the field's own value;
# every value is valid for its field and all values of a field have the same length (a value cut
# while typing is shorter than any whole one).
vseq=0
new_value() { # new_value KEY
    case $1 in
    angka_meter) printf '71%04d' "$vseq" ;;
    volume_juni) printf '82%04d' "$vseq" ;;
    tera_terakhir) date -u -d "2005-01-01 + $vseq days" +%F ;;
    catatan) printf 'catatan k%04d' "$vseq" ;;
    kecepatan_unduh) printf '%d,%d' $((600 + vseq / 10)) $((vseq % 10)) ;;
    kecepatan_unggah) printf '%d,%d' $((300 + vseq / 10)) $((vseq % 10)) ;;
    keluhan) printf 'keluhan k%04d' "$vseq" ;;
    *) case ${KIND[$1]} in choice) echo $((RANDOM % 4)) ;; yesno) ((RANDOM % 2)) && echo yes || echo no ;; esac ;;
    esac
}
backspaces() { case ${KIND[$1]} in num) echo 8 ;; date) echo 12 ;; *) echo 15 ;; esac; }
unknowns() { local k n=0; for k in "${ABS[@]}"; do [ "${V[$k]}" = "?" ] && n=$((n + 1)); done; echo $n; }
mask_toggle() { # mask_toggle BIT: every possible mask with BIT flipped
    local m out=""
    for m in $MS; do out="$out $((m ^ (1 << $1)))"; done
    echo $out | tr ' ' '\n' | sort -n -u | tr '\n' ' '
}
mask_union() { echo $MS $1 | tr ' ' '\n' | sort -n -u | tr '\n' ' '; }

# ---- one run's script --------------------------------------------------------------------------

EK=() EV=() EG=() # the run's edits: key (or @add @remove @multi @locate @browse), value, marker group
ngroups=0
n_checked_values=0
write_edit_script() { # write_edit_script FILE RUN SUBMIT(0|1)
    local f=$1 it=$2 submit=$3 k n i r v g=1 op pick lo_plan=$plo hi_plan=$phi
    EK=() EV=() EG=()
    {
        echo "# field kill test: run $it on $FORM"
        echo 'wait "Isi laporan" 3000'
        echo 'key Return'
        echo 'expect-not "Belum tersimpan"'
        for k in "${ABS[@]}"; do
            case ${KIND[$k]} in num | date | text) [ "${V[$k]}" != "?" ] && echo "expect \"${V[$k]}\"" ;; esac
        done
        echo "expect \"$plo dari minimal $PMIN foto\""
        echo 'expect "Lintang"'
        [ "$(unknowns)" = 0 ] && echo 'expect "Semua isian lengkap"'
        echo "screenshot c-$it"
    } > "$f"
    # The edits: first every field whose value is unknown, then random ones.
    local ops=()
    for k in "${ABS[@]}"; do [ "${V[$k]}" = "?" ] && ops+=("$k"); done
    if [ "$submit" = 1 ]; then
        for k in "${ABS[@]}"; do
            case ${KIND[$k]} in choice | yesno) [ "${V[$k]}" = "?" ] || ops+=("$k") ;; esac
        done
    else
        n=$((3 + RANDOM % 5))
        while [ ${#ops[@]} -lt $n ]; do
            r=$((RANDOM % 17))
            if [ $r -lt 7 ]; then ops+=("${ABS[$((RANDOM % ${#ABS[@]}))]}")
            elif [ $r -lt 10 ]; then ops+=(@add)
            elif [ $r -lt 12 ]; then ops+=(@remove)
            elif [ $r -lt 14 ] && [ -n "$MULTI" ]; then ops+=(@multi)
            elif [ $r -lt 15 ]; then ops+=(@locate)
            elif [ $r -lt 16 ]; then ops+=(@browse)
            fi
        done
    fi
    for op in "${ops[@]}"; do
        vseq=$((vseq + 1))
        case $op in
        @add)
            [ $hi_plan -lt $PMAX ] || continue
            pick=${PHOTOS[$((RANDOM % 6))]:-big-12mp.jpg} # the 12 MP one (slowest) half the time
            {
                echo "tap #photos-$PHOTO"
                echo 'wait "Folder kamera: 4 foto" 10000'
                echo "tap \"$pick\""
                echo 'wait "Lampirkan 1 foto" 3000'
                echo "tap #attach"
                echo 'wait-not "Menyiapkan foto" 30000'
            } >> "$f"
            hi_plan=$((hi_plan + 1)); lo_plan=$((lo_plan + 1))
            EK+=(@add) EV+=("$pick") ;;
        @remove)
            [ $lo_plan -gt $PMIN ] || continue
            echo "tap #photo-remove-0" >> "$f"
            hi_plan=$((hi_plan - 1)); lo_plan=$((lo_plan - 1))
            EK+=(@remove) EV+=("") ;;
        @multi) # a finding other than the first one, which stays chosen (the form stays valid)
            pick=$((1 + RANDOM % 4))
            echo "tap #choice-$MULTI-$pick" >> "$f"
            EK+=(@multi) EV+=("$pick") ;;
        @browse) # the picker opened and left again: its thumbnails stay queued in the worker
            [ $hi_plan -lt $PMAX ] || continue # a full photo field has no "Tambah foto"
            printf 'tap #photos-%s\nwait "Folder kamera: 4 foto" 10000\ntap #back\n' "$PHOTO" >> "$f"
            EK+=(@browse) EV+=("") ;;
        @locate) # the button has no hit region until gpsd's fix has arrived
            printf 'wait "Lokasi ±7 m" 10000\ntap #locate-%s\n' "$LOC" >> "$f"
            EK+=(@locate) EV+=("") ;;
        *)
            v=$(new_value "$op")
            case ${KIND[$op]} in
            choice) echo "tap #choice-$op-$v" >> "$f" ;;
            yesno) echo "tap #$v-$op" >> "$f" ;;
            *)
                echo "tap #field-$op" >> "$f"
                for i in $(seq 1 "$(backspaces "$op")"); do echo "key Backspace"; done >> "$f"
                printf 'type "%s"\nkey Return\n' "$v" >> "$f" ;;
            esac
            EK+=("$op") EV+=("$v") ;;
        esac
        EG+=("$g")
        # A marker after this edit, or after the next one too.
        if [ $((RANDOM % 3)) != 0 ]; then
            printf 'wait "Draf tersimpan" 8000\nscreenshot m-%s-%s\n' "$it" "$g" >> "$f"
            g=$((g + 1))
        fi
    done
    printf 'wait "Draf tersimpan" 8000\nscreenshot m-%s-%s\n' "$it" "$g" >> "$f"
    ngroups=$g
    if [ "$submit" = 1 ]; then
        {
            echo 'expect "Semua isian lengkap"'
            echo "tap #submit"
            echo 'wait "Laporan disimpan untuk dikirim" 10000'
            echo "screenshot s-$it"
        } >> "$f"
    fi
    printf 'sleep 15000\n%s\n' "$TAIL" >> "$f"
}

# ---- after a kill ------------------------------------------------------------------------------

kill_ms=0 t0=0
# The last marker group of the run written at least DURABLE_MS before the kill (0: none).
durable_group() { # durable_group RUN
    local g best=0
    for g in $(seq 1 "$ngroups"); do
        [ -f "$shots/m-$1-$g.png" ] || break
        [ $(($(mtime_ms "$shots/m-$1-$g.png") + DURABLE_MS)) -le $kill_ms ] && best=$g
    done
    echo $best
}

# Applies the run's edits to the model: those up to group G for sure, the others maybe.
apply_edits() { # apply_edits G
    local i k v sure
    for i in "${!EK[@]}"; do
        k=${EK[$i]} v=${EV[$i]}
        sure=0; [ "${EG[$i]}" -le "$1" ] && sure=1
        case $k in
        @add) phi=$((phi + 1)); [ $sure = 1 ] && plo=$((plo + 1)) ;;
        @remove) plo=$((plo - 1)); [ $sure = 1 ] && phi=$((phi - 1)) ;;
        @multi) if [ $sure = 1 ]; then MS=$(mask_toggle "$v"); else MS=$(mask_union "$(mask_toggle "$v")"); fi ;;
        @locate | @browse) ;;
        *) if [ $sure = 1 ]; then V[$k]=$v; else V[$k]="?"; fi ;;
        esac
    done
}

report_state() { dq "SELECT state FROM reports WHERE assignment_id='$FORM'"; }

# The checks after every kill: the store opens and is intact, one report per assignment, the
# photos of the form within what the edits allow (then known exactly).
after_kill() { # after_kill RUN
    local ic dups n
    ic=$(timeout 30 sqlite3 "$dev_db" 'PRAGMA integrity_check' 2>&1)
    [ "$ic" = ok ] || fail "run $1: integrity_check of device.db: $ic"
    dups=$(dq "SELECT assignment_id || ' x' || count(*) FROM reports GROUP BY assignment_id HAVING count(*) > 1" | tr '\n' ' ')
    [ -z "$dups" ] || fail "run $1: more than one report for an assignment in the device store: $dups"
    n=$(dq "SELECT count(*) FROM report_files f JOIN reports r USING(report_id) WHERE r.assignment_id='$FORM' AND f.field='$PHOTO'")
    [ "$n" -ge "$plo" ] && [ "$n" -le "$phi" ] ||
        fail "run $1: $FORM has $n photos in the device store; the edits allow $plo..$phi (a photo lost or added twice)"
    plo=$n phi=$n
    [ -f "$work/device/.photo-prepare.jpg" ] && kill_photo=$((kill_photo + 1))
    [ -n "$hub_pid" ] && [ "$(dq "SELECT count(*) FROM reports WHERE state='waiting'")" != 0 ] &&
        kill_upload=$((kill_upload + 1))
    return 0
}

# Starts paraf with SCRIPT and SIGKILLs it DELAY_MS later; with PHOTO=1 instead (when earlier)
# 0-60 ms after the worker has written a prepared photo (its temporary file appears; it goes once
# the photo is stored), so that kills land just before and after the photo's commit. Sets rc and
# kill_ms.
run_killed() { # run_killed RUN SCRIPT DELAY_MS [PHOTO]
    last_log="$work/paraf-$1.log"
    "$bin/paraf" --headless --config "$work/paraf.conf" --script "$2" --screenshots "$shots" \
        > "$last_log" 2>&1 &
    paraf_pid=$!
    local t=0 until_ms=$3
    t0=$(now_ms) photo_seen=-1
    while kill -0 "$paraf_pid" 2>/dev/null && [ $t -lt $until_ms ]; do
        if [ "${4:-0}" = 1 ] && [ -f "$work/device/.photo-prepare.jpg" ]; then
            until_ms=$((t + RANDOM % 60)); [ $until_ms -lt "$3" ] || until_ms=$3
            photo_seen=$t
            set -- "$1" "$2" "$3" 0
        fi
        sleep 0.01; t=$(($(now_ms) - t0))
    done
    kill_ms=$(now_ms)
    kill -9 "$paraf_pid" 2>/dev/null
    wait "$paraf_pid" 2>/dev/null
    rc=$?
    paraf_pid=""
    case $rc in
    137) kills=$((kills + 1)) ;;
    0) finished=$((finished + 1)) ;;
    *) fail "run $1 failed with status $rc before it was killed (a check in its script: $2)" ;;
    esac
}

kills=0 finished=0 kill_photo=0 kill_upload=0 kill_submit=0
runs=0 edit_runs=0 checked_runs=0
declare -A sent_marker=() # assignment -> run whose screen listed it as sent

# One phase of editing a form until it is stored for sending: EDITS runs of edits, then runs that
# also send it (at most 25 of them).
edit_phase() { # edit_phase EDITS
    local n=0 submit it script g st delay photo
    while :; do
        n=$((n + 1))
        submit=0; [ $n -gt "$1" ] && submit=1
        [ $n -gt $(($1 + 25)) ] && fail "$FORM could not be sent in 25 runs"
        runs=$((runs + 1)); edit_runs=$((edit_runs + 1)); it=$runs
        script="$work/scripts/run-$it.script"
        write_edit_script "$script" "$it" $submit
        delay=$((300 + RANDOM % 3700))
        [ $submit = 1 ] && delay=$((300 + RANDOM % 5700))
        # Half the runs that add a photo are killed around the photo's commit (or at the delay,
        # up to 6 s, if that comes first).
        photo=0
        if [ $((RANDOM % 2)) = 0 ] && printf '%s\n' "${EK[@]}" | grep -qx @add; then
            photo=1 delay=$((300 + RANDOM % 5700))
        fi
        run_killed "$it" "$script" $delay $photo
        if [ -f "$shots/c-$it.png" ]; then
            checked_runs=$((checked_runs + 1))
            n_checked_values=$((n_checked_values + $(grep -c '^expect "' "$script")))
        fi
        g=$(durable_group "$it")
        st=$(report_state)
        # Killed after the send tap (the last marker is just before it) and before the reports
        # screen listed the report.
        [ $submit = 1 ] && [ -f "$shots/m-$it-$ngroups.png" ] && [ ! -f "$shots/s-$it.png" ] &&
            kill_submit=$((kill_submit + 1))
        if [ "$st" != draft ]; then
            # Stored for sending: the request carries every edit of this run.
            [ -n "$st" ] || fail "run $it: the report of $FORM is gone from the device store"
            apply_edits 999
            after_kill "$it"
            sent_marker[$FORM]=$it
            log "run $it ($FORM): killed after $((kill_ms - t0)) ms, sent ($st)"
            return 0
        fi
        if [ -f "$shots/s-$it.png" ] && [ $(($(mtime_ms "$shots/s-$it.png") + DURABLE_MS)) -le $kill_ms ]; then
            fail "run $it: the screen said $FORM was stored for sending before the kill, but the device store has it as a draft"
        fi
        apply_edits "$g"
        after_kill "$it"
        log "run $it ($FORM): killed after $((kill_ms - t0)) ms, checks $([ -f "$shots/c-$it.png" ] && echo "at $(($(mtime_ms "$shots/c-$it.png") - t0)) ms" || echo not reached), ${#EK[@]} edits planned, markers at$(for m in $(seq 1 "$ngroups"); do [ -f "$shots/m-$it-$m.png" ] && printf ' %s' $(($(mtime_ms "$shots/m-$it-$m.png") - t0)); done) ms, durable up to group $g of $ngroups, unknown $(unknowns), photos $plo$([ $photo = 1 ] && echo ", photo-targeted (seen at $photo_seen ms)")"
    done
}

# ---- phase 1: tgs-001, offline ------------------------------------------------------------------

hub_stop
model_tgs001
p1_edits=$((iterations * 7 / 20))
edit_phase $p1_edits
final_001=$(declare -p V); ms_001=$MS; photos_001=$plo
for k in "${ABS[@]}"; do [ "${V[$k]}" != "?" ] || fail "test error: $k of tgs-001 unknown when sent"; done

# ---- phase 2: the hub back, slow and faulty; tgs-004 and tgs-007 sent, tgs-006 edited ----------

hub_start slow
runs=$((runs + 1)); it=$runs
last_log="$work/paraf-$it.log"
"$bin/paraf" --headless --config "$work/paraf.conf" --script "$scripts/phase2.script" \
    --screenshots "$shots" > "$last_log" 2>&1 &
paraf_pid=$!
i=0
until [ -f "$shots/p2-opened-tgs-006.png" ]; do
    kill -0 "$paraf_pid" 2>/dev/null || fail "run $it (sending tgs-004 and tgs-007, opening tgs-006) ended early"
    i=$((i + 1)); [ $i -lt 1200 ] || fail "run $it did not open tgs-006 in 60 s"
    sleep 0.05
done
sleep "$(printf '1.%03d' $((RANDOM % 1000)))"
sleep "$(printf '0.%03d' $((RANDOM % 1000)))"
kill -9 "$paraf_pid" 2>/dev/null; wait "$paraf_pid" 2>/dev/null; paraf_pid=""
kills=$((kills + 1))
sent_marker[tgs-004]=$it sent_marker[tgs-007]=$it
for a in tgs-004 tgs-007; do
    st=$(dq "SELECT state FROM reports WHERE assignment_id='$a'")
    [ "$st" != draft ] && [ -n "$st" ] || fail "run $it: $a was listed as sent but is '$st' in the device store"
done
model_tgs006
after_kill "$it"
p2_edits=$((iterations * 2 / 5))
edit_phase $p2_edits
final_006=$(declare -p V); photos_006=$plo

# The last runs only upload (the list is on screen).
cat > "$work/scripts/upload.script" <<EOF
sleep 30000
$TAIL
EOF
while [ $runs -lt "$iterations" ]; do
    runs=$((runs + 1))
    run_killed "$runs" "$work/scripts/upload.script" $((300 + RANDOM % 3700))
    after_kill "$runs"
    log "run $runs (uploads): $(dq "SELECT group_concat(assignment_id || ':' || state, ' ') FROM reports")"
done
waiting_before_drain=$(dq "SELECT count(*) FROM reports WHERE state='waiting'")

# ---- drain: the hub without faults, one clean run until nothing waits ----------------------------

hub_stop
hub_start plain
last_log="$work/paraf-drain.log"
"$bin/paraf" --headless --config "$work/paraf.conf" --script "$work/scripts/upload.script" \
    --screenshots "$shots" > "$last_log" 2>&1 &
paraf_pid=$!
i=0
until [ "$(dq "SELECT count(*) FROM reports WHERE state='waiting'" 2>/dev/null)" = 0 ]; do
    i=$((i + 1)); [ $i -lt 600 ] || fail "reports still waiting 60 s into the drain: $(dq "SELECT group_concat(assignment_id || ':' || last_error, ' ') FROM reports WHERE state='waiting'")"
    kill -0 "$paraf_pid" 2>/dev/null || fail "the drain run ended early"
    sleep 0.1
done
sleep 0.5
kill -9 "$paraf_pid" 2>/dev/null; wait "$paraf_pid" 2>/dev/null; paraf_pid=""
ic=$(sqlite3 "$dev_db" 'PRAGMA integrity_check' 2>&1)
[ "$ic" = ok ] || fail "after the drain: integrity_check of device.db: $ic"
hub_stop
last_log=""

# ---- the checks, at the hub ----------------------------------------------------------------------

errors=0
err() { echo "  $*"; errors=$((errors + 1)); }

dev_reports=$(dq "SELECT assignment_id || ' ' || report_id || ' ' || state FROM reports ORDER BY assignment_id")
hub_reports=$(hq "SELECT assignment_id || ' ' || report_id || ' ' || (complete_at IS NOT NULL) FROM field_reports ORDER BY assignment_id")
[ "$(echo "$dev_reports" | awk '{print $1}' | tr '\n' ' ')" = "tgs-001 tgs-004 tgs-006 tgs-007 " ] ||
    err "the device store holds other reports than one of each of tgs-001, 004, 006, 007: $(echo "$dev_reports" | tr '\n' ';')"
bad=$(echo "$dev_reports" | awk '$3 != "sent"' | tr '\n' ';')
[ -z "$bad" ] || err "reports not sent on the device: $bad"
[ "$(echo "$dev_reports" | awk '{print $1, $2}')" = "$(echo "$hub_reports" | awk '{print $1, $2}')" ] ||
    err "the hub's reports are not the device's: device $(echo "$dev_reports" | tr '\n' ';') hub $(echo "$hub_reports" | tr '\n' ';')"
dups=$(hq "SELECT assignment_id || ' x' || count(*) FROM field_reports GROUP BY assignment_id HAVING count(*) > 1" | tr '\n' ' ')
[ -z "$dups" ] || err "more than one report for an assignment at the hub: $dups"
for a in "${!sent_marker[@]}"; do
    echo "$hub_reports" | grep -q "^$a " || err "$a, listed as sent by run ${sent_marker[$a]}, is not at the hub"
done
incomplete=$(echo "$hub_reports" | awk '$3 != 1 {print $1}' | tr '\n' ' ')
[ -z "$incomplete" ] || err "reports not complete at the hub: $incomplete"

# Files: the manifest, the hub's rows and stored bytes, the device's photo list.
mkdir -p "$work/blobs"
hq "SELECT writefile('$work/blobs/' || report_id || '_' || name, data) FROM field_files WHERE data IS NOT NULL" > /dev/null
n_files=0
for rid in $(hq "SELECT report_id FROM field_reports"); do
    manifest=$(hq "SELECT json_extract(value, '\$.name') || ' ' || json_extract(value, '\$.size') || ' ' || json_extract(value, '\$.sha256') FROM field_reports, json_each(payload, '\$.files') WHERE report_id='$rid' ORDER BY 1")
    rows=$(hq "SELECT name || ' ' || size || ' ' || sha256 FROM field_files WHERE report_id='$rid' ORDER BY 1")
    device=$(dq "SELECT name || ' ' || size || ' ' || sha256 FROM report_files WHERE report_id='$rid' ORDER BY 1")
    [ "$manifest" = "$rows" ] || err "report $rid: the hub's files are not its manifest: $(echo "$rows" | tr '\n' ';') vs $(echo "$manifest" | tr '\n' ';')"
    [ "$manifest" = "$device" ] || err "report $rid: the manifest is not the device's photos: $(echo "$manifest" | tr '\n' ';') vs $(echo "$device" | tr '\n' ';')"
    while read -r name size sha; do
        [ -n "$name" ] || continue
        n_files=$((n_files + 1))
        f="$work/blobs/${rid}_$name"
        [ -f "$f" ] || { err "report $rid: no bytes for $name at the hub"; continue; }
        [ "$(stat -c %s "$f")" = "$size" ] || err "report $rid: $name has $(stat -c %s "$f") bytes at the hub, the manifest says $size"
        [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$sha" ] || err "report $rid: the SHA-256 of $name at the hub is not the manifest's"
    done <<< "$manifest"
done
[ "$(hq "SELECT count(*) FROM field_files")" = "$n_files" ] || err "the hub holds files outside the manifests"
show=$("$bin/paraf-hub" --data "$work/hub" --show-reports 2>&1)
[ "$(echo "$show" | grep -c 'complete')" = 4 ] || err "paraf-hub --show-reports does not list 4 complete reports: $show"

# The answers the hub received.
answer() { hq "SELECT json_extract(payload, '\$.answers.$2') FROM field_reports WHERE assignment_id='$1'"; }
expect_answer() { # expect_answer ASSIGNMENT KEY VALUE
    local got
    got=$(answer "$1" "$2")
    [ "$got" = "$3" ] || err "$1: answer $2 is '$got' at the hub, the officer's last is '$3'"
}
number() { echo "$1" | tr ',' '.' | awk '{printf "%.6g", $1}'; }
choice_label() { echo "$2" | cut -d'|' -f$(($1 + 1)); }
check_form() { # check_form ASSIGNMENT (the model of its form loaded)
    local k got want mask c
    for k in "${ABS[@]}"; do
        case ${KIND[$k]} in
        num) got=$(number "$(answer "$1" "$k")"); want=$(number "${V[$k]}")
            [ "$got" = "$want" ] || err "$1: answer $k is $got at the hub, the officer's last is $want" ;;
        date | text) expect_answer "$1" "$k" "${V[$k]}" ;;
        choice) expect_answer "$1" "$k" "$(choice_label "${V[$k]}" "${CHOICES[$k]}")" ;;
        yesno) expect_answer "$1" "$k" "$([ "${V[$k]}" = yes ] && echo 1 || echo 0)" ;;
        esac
    done
    got=$(hq "SELECT json_array_length(payload, '\$.answers.$PHOTO') FROM field_reports WHERE assignment_id='$1'")
    [ "$got" = "$plo" ] || err "$1: $got photos at the hub, the device had $plo"
    [ "$(hq "SELECT json_type(payload, '\$.answers.$LOC') FROM field_reports WHERE assignment_id='$1'")" = object ] ||
        err "$1: no location at the hub"
    if [ -n "$MULTI" ]; then
        mask=0
        while read -r c; do
            [ -n "$c" ] || continue
            for i in 0 1 2 3 4; do [ "$(choice_label $i "${CHOICES[$MULTI]}")" = "$c" ] && mask=$((mask | (1 << i))); done
        done <<< "$(hq "SELECT value FROM field_reports, json_each(payload, '\$.answers.$MULTI') WHERE assignment_id='$1'")"
        case " $MS " in *" $mask "*) ;; *) err "$1: $MULTI at the hub is mask $mask, possible were: $MS" ;; esac
    fi
}
model_tgs001; eval "$final_001"; MS=$ms_001 plo=$photos_001
check_form tgs-001
model_tgs006; eval "$final_006"; MS="" plo=$photos_006
check_form tgs-006
expect_answer tgs-004 kios_terisi 120
expect_answer tgs-004 kios_tutup 14
expect_answer tgs-004 los_terisi 37
expect_answer tgs-004 tanpa_sewa 1
expect_answer tgs-004 catatan "kios a12 dan b07"
expect_answer tgs-007 wp_dikunjungi 12
expect_answer tgs-007 teguran_diserahkan 11
expect_answer tgs-007 janji_bayar 2020-07-03
expect_answer tgs-007 catatan "teguran diserahkan"
expect_answer tgs-007 tanggapan '["Bersedia membayar","Minta keringanan"]'
[ "$(hq "SELECT json_array_length(payload, '\$.answers.foto_kawasan') FROM field_reports WHERE assignment_id='tgs-004'")" = 6 ] || err "tgs-004: not 6 photos at the hub"
[ "$(hq "SELECT json_array_length(payload, '\$.answers.foto_serah') FROM field_reports WHERE assignment_id='tgs-007'")" = 12 ] || err "tgs-007: not 12 photos at the hub"

# Enough of the kills must have landed where they matter.
[ $checked_runs -ge $((edit_runs / 3)) ] || err "only $checked_runs of $edit_runs editing runs got as far as their checks"
[ $kill_upload -ge $((iterations / 10)) ] || err "only $kill_upload kills with reports waiting to upload"

echo "field kill test: $runs runs ($kills killed, $finished ended before the kill): $edit_runs editing ($checked_runs reopened the draft and found $n_checked_values saved values again, $kill_photo killed while a photo was prepared, $kill_submit between the send tap and its confirmation), $kill_upload with reports waiting to upload ($waiting_before_drain left for the drain); 4 drafts intact, 4 reports at the hub exactly once, $n_files files, hashes match; $(($(date +%s) - t_start)) s"
if [ $errors -gt 0 ]; then
    echo "(seed $seed)"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
