#!/bin/bash
# The board is locked down: after Escape, the window-close/Alt+F4 events and F4 it is still
# running and showing the board; SIGTERM then stops it cleanly (exit 0) within 5 s.
#
# usage: board-lockdown.sh BIN_DIR SOURCE_DIR
set -u
bin=${1:?usage: board-lockdown.sh BIN_DIR SOURCE_DIR}
src=${2:?usage: board-lockdown.sh BIN_DIR SOURCE_DIR}
export PARAF_ASSETS="$src/assets"
work=$(mktemp -d /tmp/paraf-lockdown-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -20 "$work/paraf.log"; exit 1; }
mkdir -p "$work/shots"
"$bin/paraf" --headless --config "$src/tests/golden/board.conf" --windowed 1920x1080 \
    --fixtures "$src/assets/fixtures" --clock 2020-07-06T01:42:30Z \
    --script "$src/tests/e2e/board/lockdown.script" --screenshots "$work/shots" > "$work/paraf.log" 2>&1 &
pid=$!
i=0
until [ -f "$work/shots/locked.png" ]; do
    kill -0 "$pid" 2>/dev/null || fail "paraf ended: it must ignore Escape, window close and Alt+F4"
    i=$((i + 1)); [ $i -lt 300 ] || fail "no screenshot in 30 s"
    sleep 0.1
done
kill -TERM "$pid"
i=0
while kill -0 "$pid" 2>/dev/null; do
    i=$((i + 1)); [ $i -lt 50 ] || fail "still running 5 s after SIGTERM"
    sleep 0.1
done
wait "$pid"; rc=$?
pid=""
[ $rc = 0 ] || fail "exit status $rc after SIGTERM"
echo "board lockdown: Escape, window close and Alt+F4 ignored; SIGTERM -> exit 0"
echo "1 passed, 0 failed"
