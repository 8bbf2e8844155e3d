#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# Runs bench_flood next to the level-by-level NumPy version of the same
# Muskingum recurrence (bench_flood_numpy.py) on the same tree:
#   tests/bench/bench_flood.sh [BUILD_DIR]      (default: build)
# Environment: REACHES (100000), STEPS (1000), SHAPE (shreve or recursive,
# see bench_flood.c); BIG_REACHES (1000000) and
# BIG_STEPS (100) for the large-tree run without anchor and without the
# forecaster's update (BIG_REACHES=0 skips it).
# NumPy is Debian's python3-numpy through /usr/bin/python3; without it
# bench_flood runs alone and says so.
set -u

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" 2>/dev/null && pwd) || {
    echo "bench_flood.sh: no build directory ${1:-build}" >&2
    exit 2
}
bench="$build/tests/bench/bench_flood"
python=/usr/bin/python3
reaches=${REACHES:-100000}
steps=${STEPS:-1000}
shape=${SHAPE:-shreve}
big_reaches=${BIG_REACHES:-1000000}
big_steps=${BIG_STEPS:-100}

if [ ! -x "$bench" ]; then
    echo "bench_flood.sh: $bench not found; build first (meson compile -C $build)" >&2
    exit 2
fi

anchor=""
if [ -x "$python" ] && "$python" -c 'import numpy' 2>/dev/null; then
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/myk10-bench-flood.XXXXXX") || exit 1
    trap 'rm -rf "$tmp"' EXIT INT TERM
    # Correctness first, on a small tree: NumPy's outlet must equal the router's.
    "$bench" --reaches 2000 --steps 300 --shape "$shape" --dump "$tmp/small.txt" || exit 1
    "$python" "$here/bench_flood_numpy.py" "$tmp/small.txt" --check-only || exit 1
    "$bench" --reaches "$reaches" --steps "$steps" --shape "$shape" --dump "$tmp/tree.txt" || exit 1
    "$python" "$here/bench_flood_numpy.py" "$tmp/tree.txt" >"$tmp/anchor.out" || {
        cat "$tmp/anchor.out"
        exit 1
    }
    grep -v '^RATE ' "$tmp/anchor.out"
    anchor=$(sed -n 's/^RATE //p' "$tmp/anchor.out")
    rm -f "$tmp/tree.txt"
    echo
else
    echo "bench_flood.sh: $python with numpy not found; running bench_flood without the NumPy anchor"
fi

if [ -n "$anchor" ]; then
    "$bench" --reaches "$reaches" --steps "$steps" --shape "$shape" --anchor "$anchor" || exit 1
else
    "$bench" --reaches "$reaches" --steps "$steps" --shape "$shape" || exit 1
fi
if [ "$big_reaches" -gt 0 ]; then
    echo
    "$bench" --reaches "$big_reaches" --steps "$big_steps" --shape "$shape" --no-update || exit 1
fi
