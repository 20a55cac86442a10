#!/bin/sh
# Bad conditions for the approver tablet, each against a real hub (or fixtures where the hub
# cannot produce the condition): hub down at start, hub killed mid-session, wrong CA, server pin
# mismatch, malformed and truncated bodies, wrong-PIN lockout, a broken attachment image. Each
# script checks the message shown and goes on using the program afterwards; a crash or hang
# fails the script.
set -eu
bin=${1:?usage: faults.sh BIN_DIR SOURCE_DIR}
src=${2:?}
dir="$src/tests/e2e/faults"
work=$(mktemp -d /tmp/paraf-faults-XXXXXX)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
pass=0
failed=0
export PARAF_ASSETS="$src/assets"

start_hub() { # start_hub NAME [fault options...]: sets url ca pin token hub_pid
    name=$1; shift
    "$bin/paraf-hub" --data "$work/$name-hub" --listen 127.0.0.1:0 --demo --quiet "$@" > "$work/$name-hub.out" 2>/dev/null &
    hub_pid=$!
    pids="$pids $hub_pid"
    i=0
    until grep -q '^token field ' "$work/$name-hub.out" 2>/dev/null; do
        i=$((i + 1)); [ $i -lt 600 ] || { echo "$name: hub did not start"; return 1; }
        sleep 0.1
    done
    url=$(sed -n 's/^url //p' "$work/$name-hub.out")
    ca=$(sed -n 's/^ca //p' "$work/$name-hub.out")
    pin=$(sed -n 's/^pin //p' "$work/$name-hub.out")
    token=$(sed -n 's/^token approver //p' "$work/$name-hub.out")
}

config() { # config NAME URL CA PIN TOKEN
    mkdir -p "$work/$1-device" "$work/$1-shots"
    printf 'hub_url = %s\nca_file = %s\nserver_pin = %s\ndata_dir = %s\ntoken_file = %s\nconnect_timeout_ms = 2000\nrequest_timeout_ms = 5000\n' \
        "$2" "$3" "$4" "$work/$1-device" "$5" > "$work/$1.conf"
}

run() { # run NAME SCRIPT [paraf options...]
    name=$1; script=$2; shift 2
    mkdir -p "$work/$name-shots"
    if timeout 120 "$bin/paraf" --headless --script "$dir/$script" --screenshots "$work/$name-shots" "$@" > "$work/$name.log" 2>&1; then
        echo "ok   $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name"; sed 's/^/     /' "$work/$name.log"
        failed=$((failed + 1))
    fi
    [ -n "${PARAF_FAULTS_KEEP:-}" ] && mkdir -p "$PARAF_FAULTS_KEEP" && cp -r "$work/$name-shots" "$PARAF_FAULTS_KEEP/" 2>/dev/null || true
}

# 1. Hub down at start: a port nobody listens on (bound and closed to find a free one).
start_hub ref
free_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 9)
config hub-down "https://127.0.0.1:$free_port" "$ca" "$pin" "$token"
run hub-down hub-down.script --config "$work/hub-down.conf"

# 2. Wrong CA: a CA the hub's certificate does not chain to.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/other-ca.key" \
    -out "$work/other-ca.pem" -subj "/CN=Other CA" -days 30 2>/dev/null
config wrong-ca "$url" "$work/other-ca.pem" "$pin" "$token"
run wrong-ca tls.script --config "$work/wrong-ca.conf"

# 3. Server pin mismatch: the right CA, another public key pin.
config wrong-pin "$url" "$ca" "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" "$token"
run wrong-pin tls.script --config "$work/wrong-pin.conf"

# 4. Malformed and 5. truncated inbox bodies.
start_hub malformed --fault-malformed 1 --fault-path /v1/inbox
config malformed "$url" "$ca" "$pin" "$token"
run malformed malformed.script --config "$work/malformed.conf"
start_hub truncated --fault-truncate 1 --fault-path /v1/inbox
config truncated "$url" "$ca" "$pin" "$token"
run truncated malformed.script --config "$work/truncated.conf"

# 6. Hub killed in the middle of a session.
start_hub killed
config killed "$url" "$ca" "$pin" "$token"
( i=0; until [ -f "$work/killed-shots/before-kill.png" ] || [ $i -gt 600 ]; do sleep 0.1; i=$((i + 1)); done; kill "$hub_pid" ) &
pids="$pids $!"
run killed hub-killed.script --config "$work/killed.conf"

# 7. Wrong-PIN lockout and 8. a broken attachment image (fixtures: the hub serves only good images).
fx="$work/fixtures"
cp -r "$src/assets/fixtures" "$fx"
echo 135790 > "$fx/pin"
head -c 3000 "$src/assets/fixtures/attachments/itm-0001-1.png" > "$fx/attachments/itm-0001-1.png"
run lockout lockout.script --fixtures "$fx" --clock 2020-07-06T02:15:00Z
run broken-image broken-image.script --fixtures "$fx" --clock 2020-07-06T02:15:00Z

echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
