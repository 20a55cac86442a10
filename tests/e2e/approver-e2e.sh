#!/bin/sh
# End-to-end test of the approver tablet: from empty data directories, a real paraf-hub with demo
# data and a headless paraf driven by tests/e2e/approver.script. Then the hub's database must hold
# exactly the four decisions with the right fields, and every stored signature must verify with
# openssl against the device certificate.
set -eu
bin=${1:?usage: approver-e2e.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: approver-e2e.sh BIN_DIR SOURCE_DIR}
work=$(mktemp -d /tmp/paraf-e2e-XXXXXX)
hub_pid=""
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin/paraf-hub" --data "$work/hub" --listen 127.0.0.1:0 --demo --quiet > "$work/hub.out" 2> "$work/hub.err" &
hub_pid=$!
i=0
until grep -q '^token field ' "$work/hub.out" 2>/dev/null; do
    kill -0 "$hub_pid" 2>/dev/null || { cat "$work/hub.err"; fail "paraf-hub did not start"; }
    i=$((i + 1)); [ $i -lt 600 ] || fail "paraf-hub did not start in 60 s"
    sleep 0.1
done
url=$(sed -n 's/^url //p' "$work/hub.out")
ca=$(sed -n 's/^ca //p' "$work/hub.out")
pin=$(sed -n 's/^pin //p' "$work/hub.out")
token=$(sed -n 's/^token approver //p' "$work/hub.out")
cat > "$work/paraf.conf" <<CONF
hub_url = $url
ca_file = $ca
server_pin = $pin
data_dir = $work/device
token_file = $token
screen = 1280x800
CONF
mkdir -p "$work/device" "$work/shots"
if ! "$bin/paraf" --headless --config "$work/paraf.conf" --script "$src/tests/e2e/approver.script" \
        --screenshots "$work/shots" > "$work/paraf.log" 2>&1; then
    cat "$work/paraf.log"
    [ -n "${PARAF_E2E_KEEP:-}" ] && cp -r "$work/shots" "$PARAF_E2E_KEEP"
    fail "the script did not complete"
fi
[ -n "${PARAF_E2E_KEEP:-}" ] && cp -r "$work/shots" "$PARAF_E2E_KEEP"
db="$work/hub/hub.db"
q() { sqlite3 "$db" "$1"; }
[ "$(q 'SELECT count(*) FROM decisions')" = 4 ] || fail "expected 4 decisions, found $(q 'SELECT count(*) FROM decisions')"
[ "$(q "SELECT action FROM decisions WHERE item_id='itm-0001'")" = acknowledge ] || fail "itm-0001 not acknowledged"
[ "$(q "SELECT action || '|' || json_extract(payload,'$.note') FROM decisions WHERE item_id='itm-0006'")" = "reject|HPS tidak didukung survei harga pasar" ] || fail "itm-0006 reject/reason wrong: $(q "SELECT payload FROM decisions WHERE item_id='itm-0006'")"
[ "$(q "SELECT action || '|' || json_extract(payload,'$.recipients') || '|' || json_extract(payload,'$.instructions') FROM decisions WHERE item_id='itm-0013'")" = 'forward|["asisten-1","karo-hukum"]|["tanggapan_saran","koordinasi"]' ] || fail "itm-0013 disposisi wrong: $(q "SELECT payload FROM decisions WHERE item_id='itm-0013'")"
[ "$(q "SELECT action FROM decisions WHERE item_id='itm-0020'")" = sign ] || fail "itm-0020 not signed"
[ "$(q "SELECT count(*) FROM certified_signatures WHERE item_id='itm-0020'")" = 1 ] || fail "no certified signature for itm-0020"
[ "$(q "SELECT count(DISTINCT signer) || count(DISTINCT device_key_id) FROM decisions")" = 11 ] || fail "signer/device differ"
[ "$(q "SELECT count(*) FROM decisions WHERE payload LIKE '%Paraf#Bali%'")" = 0 ] || fail "the passphrase reached the database"
# Every stored signature verifies against the device certificate the tablet enrolled with.
openssl x509 -in "$work/device/device.pem" -pubkey -noout > "$work/device-pub.pem"
for id in $(q 'SELECT decision_id FROM decisions'); do
    q "SELECT writefile('$work/canon', canonical) FROM decisions WHERE decision_id='$id'" > /dev/null
    q "SELECT signature FROM decisions WHERE decision_id='$id'" | base64 -d > "$work/sig.der"
    openssl dgst -sha256 -verify "$work/device-pub.pem" -signature "$work/sig.der" "$work/canon" > /dev/null ||
        fail "signature of decision $id does not verify"
    [ "$(q "SELECT device_key_id FROM decisions WHERE decision_id='$id'")" = "$(openssl x509 -in "$work/device/device.pem" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -r | cut -d' ' -f1)" ] || fail "device key id mismatch"
done
echo "approver e2e: 4 decisions stored, 4 signatures verified with openssl"
echo "1 passed, 0 failed"
