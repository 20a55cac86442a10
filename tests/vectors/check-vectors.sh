#!/bin/sh
# Verifies every signing test vector in docs/api.md with openssl: the canonical bytes, the public
# key and the signature are taken from the fenced blocks tagged vector-N-canonical,
# vector-N-public-key and vector-N-signature. Fails when a vector does not verify, when a tampered
# copy does verify, or when there are fewer than two vectors.
set -eu
doc=${1:?usage: check-vectors.sh docs/api.md}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

block() { # block FILE TAG: the lines of the fenced block whose opening fence ends with TAG
    awk -v tag="$2" '
        inb && /^```$/ { exit }
        inb { print }
        $0 ~ "^```[a-z]* " tag "$" { inb = 1 }
    ' "$1"
}

count=0
n=1
while grep -q "vector-$n-canonical" "$doc"; do
    block "$doc" "vector-$n-canonical" > "$work/canon"
    block "$doc" "vector-$n-public-key" > "$work/pub.pem"
    block "$doc" "vector-$n-signature" | base64 -d > "$work/sig.der"
    [ -s "$work/canon" ] && [ -s "$work/pub.pem" ] && [ -s "$work/sig.der" ] || {
        echo "vector $n: a block is missing or empty"; exit 1; }
    if ! openssl dgst -sha256 -verify "$work/pub.pem" -signature "$work/sig.der" "$work/canon" >/dev/null; then
        echo "vector $n: signature does NOT verify"; exit 1
    fi
    # A one-byte change must not verify (the check can fail).
    sed '2s/./X/' "$work/canon" > "$work/tampered"
    if openssl dgst -sha256 -verify "$work/pub.pem" -signature "$work/sig.der" "$work/tampered" >/dev/null 2>&1; then
        echo "vector $n: a tampered copy verifies"; exit 1
    fi
    echo "vector $n: Verified OK ($(wc -c < "$work/canon") canonical bytes)"
    count=$((count + 1))
    n=$((n + 1))
done
[ "$count" -ge 2 ] || { echo "only $count vectors in $doc (need at least 2)"; exit 1; }
echo "$count passed, 0 failed"
