#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The shared library exports exactly the functions declared MYK10_API in the
# public headers, all under the version node of this soname.
# Usage: exports.sh LIBMYK10_SO INCLUDE_DIR
set -eu
lib=$1 include=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

nm -D --defined-only "$lib" | awk '$2 == "T" { print $3 }' | sort > "$work/exported"
sed -n 's/^MYK10_API[^(]*[ *]\(myk10_[a-z0-9_]*\)(.*/\1/p' "$include"/myk10/*.h | sort > "$work/declared"

status=0
if grep -v '^myk10_[a-z0-9_]*@@MYK10_[0-9.]*$' "$work/exported"; then
    echo "FAIL: symbols above are exported without the myk10_ prefix or a version"
    status=1
fi
sed 's/@@.*//' "$work/exported" > "$work/names"
if ! diff -u "$work/declared" "$work/names"; then
    echo "FAIL: exported symbols differ from the MYK10_API declarations (- declared only, + exported only)"
    status=1
fi
nm -D --defined-only "$lib" | awk '$2 != "T" && $2 != "A" { print }' > "$work/other"
if [ -s "$work/other" ]; then
    cat "$work/other"
    echo "FAIL: the library exports data symbols"
    status=1
fi
echo "$(wc -l < "$work/names") exported functions, all declared MYK10_API"
[ $status -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $status
