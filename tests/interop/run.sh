#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Interoperability test with the npm package lora-packet:
#   run.sh LORA_PACKET_PEER_JS INTEROP_PEER NPM_DIR
# lora-packet (pinned below) is installed into NPM_DIR, a directory of the
# build tree, and reused on later runs. Random frames are encoded by each
# side and decoded, MIC-checked and decrypted by the other (see the two
# peers). Exit 77 (meson's "skipped") when node/npm are missing or the
# registry cannot be reached; any mismatch fails.
#
# MYK10_INTEROP_SEED and MYK10_INTEROP_COUNT override the seed and the number
# of data frames per direction (join-requests and join-accepts: a tenth each).
set -u

LORA_PACKET_VERSION=0.9.3
peer_js=$1
peer_c=$2
# Absolute, because node resolves require() paths against the script.
mkdir -p "$3" && npm_dir=$(cd "$3" && pwd) || exit 1
seed=${MYK10_INTEROP_SEED:-20261126}
count=${MYK10_INTEROP_COUNT:-10000}
joins=$((count / 10))

for tool in node npm; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "SKIP: $tool not found; the lora-packet interoperability test needs node and npm"
        exit 77
    fi
done

lp="$npm_dir/node_modules/lora-packet"
installed=$(node -p "require('$lp/package.json').version" 2>/dev/null || true)
if [ "$installed" != "$LORA_PACKET_VERSION" ]; then
    echo "installing lora-packet@$LORA_PACKET_VERSION into $npm_dir"
    log="$npm_dir/npm-install.log"
    # --no-save: NPM_DIR has no package.json worth keeping; short timeouts so
    # an offline machine skips quickly instead of hanging.
    if ! npm install --no-save --no-audit --no-fund --fetch-retries=1 \
            --fetch-timeout=30000 --prefix "$npm_dir" \
            "lora-packet@$LORA_PACKET_VERSION" >"$log" 2>&1; then
        tail -n 15 "$log"
        if grep -Eq 'ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|network|proxy' "$log"; then
            echo "SKIP: the npm registry is unreachable; cannot install lora-packet@$LORA_PACKET_VERSION"
            exit 77
        fi
        echo "FAIL: npm install lora-packet@$LORA_PACKET_VERSION failed (see above)"
        exit 1
    fi
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/myk10-interop.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export LORA_PACKET="$lp"

echo "lora-packet $LORA_PACKET_VERSION ($(node --version)), seed $seed:" \
     "$count data frames, $joins join-requests, $joins join-accepts per direction (LoRaWAN 1.0)"
node "$peer_js" gen "$seed" "$count" "$joins" "$tmp/a.jsonl" "$tmp/b.jsonl" || {
    echo "FAIL: lora-packet could not generate the cases"
    exit 1
}

status=0
# Direction A: lora-packet encoded, libmyk10 decodes.
"$peer_c" check "$tmp/a.jsonl" >"$tmp/a.out" 2>&1 || status=1
cat "$tmp/a.out"
# Direction B: libmyk10 encodes, lora-packet decodes.
"$peer_c" encode "$tmp/b.jsonl" "$tmp/b_enc.jsonl" || status=1
node "$peer_js" check "$tmp/b_enc.jsonl" >"$tmp/b.out" 2>&1 || status=1
cat "$tmp/b.out"

passed=0
failed=0
for f in "$tmp/a.out" "$tmp/b.out"; do
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$f" | tail -n 1)
    p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
    n=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${n:-0}))
done
echo "total: $passed passed, $failed failed"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
    status=1
fi
exit $status
