#!/bin/sh
# Golden screenshots: renders every approver, lobby board and field screen headless (SDL dummy driver, software renderer,
# bundled fonts, fixture data, fixed clock) and compares each with tests/golden/expected/NAME.png.
# A mismatch leaves NAME_actual.png and NAME_diff.png in the output directory and fails.
# `run.sh BIN SRC OUT --update` rewrites the expected images instead (make update-goldens).
set -eu
bin=${1:?usage: run.sh BIN_DIR SOURCE_DIR OUT_DIR [--update]}
src=${2:?}
out=${3:?}
update=${4:-}
rm -rf "$out"
mkdir -p "$out/shots"
fx="$out/fixtures-offline"
cp -r "$src/assets/fixtures" "$fx"
touch "$fx/offline"
echo 135790 > "$fx/pin"
full="$out/fixtures-disk-full"
cp -r "$src/assets/fixtures" "$full"
touch "$full/disk_full"
echo 135790 > "$full/pin"
clock=2020-07-06T02:15:00Z
export PARAF_ASSETS="$src/assets"
"$bin/paraf" --headless --fixtures "$src/assets/fixtures" --clock $clock \
    --script "$src/tests/golden/approver.script" --screenshots "$out/shots"
"$bin/paraf" --headless --fixtures "$fx" --clock $clock \
    --script "$src/tests/golden/offline.script" --screenshots "$out/shots"
"$bin/paraf" --headless --fixtures "$full" --clock $clock \
    --script "$src/tests/golden/disk-full.script" --screenshots "$out/shots"
# The lobby board: fixtures fetched at 09.42 WITA; landscape, portrait, and offline after a restart.
bfx="$out/fixtures-board"
cp -r "$src/assets/fixtures" "$bfx"
echo 1593999720 > "$bfx/synced_at" # 2020-07-06T01:42:00Z
boff="$out/fixtures-board-offline"
cp -r "$bfx" "$boff"
touch "$boff/offline"
"$bin/paraf" --headless --config "$src/tests/golden/board.conf" --windowed 1920x1080 --fixtures "$bfx" \
    --clock 2020-07-06T01:42:30Z --script "$src/tests/golden/board-landscape.script" --screenshots "$out/shots"
"$bin/paraf" --headless --config "$src/tests/golden/board.conf" --windowed 1080x1920 --fixtures "$bfx" \
    --clock 2020-07-06T01:42:30Z --script "$src/tests/golden/board-portrait.script" --screenshots "$out/shots"
"$bin/paraf" --headless --config "$src/tests/golden/board.conf" --windowed 1920x1080 --fixtures "$boff" \
    --clock 2020-07-06T02:10:00Z --script "$src/tests/golden/board-offline.script" --screenshots "$out/shots"
# The field officer's tablet: the camera folder made by paraf-make-photos (real JPEGs, a PNG scan and
# the broken ones), a report going out (`uploading`: the second photo at 45 %).
ffx="$out/fixtures-field"
cp -r "$src/assets/fixtures" "$ffx"
"$bin/paraf-make-photos" "$ffx/photos" > /dev/null
touch "$ffx/uploading"
"$bin/paraf" --headless --config "$src/tests/golden/field.conf" --windowed 1280x800 --fixtures "$ffx" \
    --clock 2020-07-06T02:15:00Z --script "$src/tests/golden/field.script" --screenshots "$out/shots"
exp="$src/tests/golden/expected"
if [ "$update" = "--update" ]; then
    rm -f "$exp"/*.png
    cp "$out"/shots/*.png "$exp"/
    echo "goldens updated: $(ls "$exp" | wc -l) images"
    exit 0
fi
pass=0
failed=0
for shot in "$out"/shots/*.png; do
    name=$(basename "$shot" .png)
    case "$name" in failure-*) continue ;; esac
    if [ ! -f "$exp/$name.png" ]; then
        echo "$name: no expected image (run make update-goldens and look at it)"
        failed=$((failed + 1))
        continue
    fi
    if "$bin/pngdiff" "$exp/$name.png" "$shot" "$out/${name}_diff.png" > "$out/$name.txt"; then
        pass=$((pass + 1))
    else
        cp "$shot" "$out/${name}_actual.png"
        echo "$name: $(cat "$out/$name.txt") (see $out/${name}_actual.png, ${name}_diff.png)"
        failed=$((failed + 1))
    fi
done
for e in "$exp"/*.png; do
    [ -f "$out/shots/$(basename "$e")" ] || { echo "$(basename "$e" .png): not produced"; failed=$((failed + 1)); }
done
echo "$pass passed, $failed failed"
[ "$failed" -eq 0 ]
