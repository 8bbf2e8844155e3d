#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Runs bench_frame next to lora-packet on the same frames:
#   tests/bench/bench_frame.sh [BUILD_DIR]      (default: build)
# lora-packet is installed (pinned, as by the interop test) into
# BUILD_DIR/tests/interop/npm and reused. Without node/npm or the registry,
# bench_frame runs alone and says so.
set -u

LORA_PACKET_VERSION=0.9.3
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" 2>/dev/null && pwd) || {
    echo "bench_frame.sh: no build directory ${1:-build}" >&2
    exit 2
}
bench="$build/tests/bench/bench_frame"
npm_dir="$build/tests/interop/npm"
lp="$npm_dir/node_modules/lora-packet"

if [ ! -x "$bench" ]; then
    echo "bench_frame.sh: $bench not found; build first (meson compile -C $build)" >&2
    exit 2
fi

anchor=""
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    installed=$(node -p "require('$lp/package.json').version" 2>/dev/null || true)
    if [ "$installed" != "$LORA_PACKET_VERSION" ]; then
        mkdir -p "$npm_dir"
        npm install --no-save --no-audit --no-fund --fetch-retries=1 --fetch-timeout=30000 \
            --prefix "$npm_dir" "lora-packet@$LORA_PACKET_VERSION" >"$npm_dir/npm-install.log" 2>&1 ||
            echo "bench_frame.sh: cannot install lora-packet (see $npm_dir/npm-install.log); no anchor"
    fi
    if [ -f "$lp/package.json" ]; then
        tmp=$(mktemp -d "${TMPDIR:-/tmp}/myk10-bench.XXXXXX") || exit 1
        trap 'rm -rf "$tmp"' EXIT INT TERM
        "$bench" --dump "$tmp/frames.txt" || exit 1
        LORA_PACKET="$lp" node "$here/bench_lora_packet.js" "$tmp/frames.txt" >"$tmp/anchor.out" || exit 1
        grep -v '^RATES ' "$tmp/anchor.out"
        anchor=$(sed -n 's/^RATES //p' "$tmp/anchor.out")
        echo
    fi
else
    echo "bench_frame.sh: node or npm not found; running bench_frame without the lora-packet anchor"
fi

if [ -n "$anchor" ]; then
    exec "$bench" --anchor "$anchor"
fi
exec "$bench"
