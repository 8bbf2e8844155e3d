#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# End-to-end checks of the common subcommands of the `myk10` tool: output
# lines, stderr and exit codes. Usage: cli_common.sh PATH_TO_MYK10
set -u
myk10=$1
passed=0 failed=0

# expect NAME EXPECTED_EXIT EXPECTED_STDOUT -- ARGS...
expect() {
    name=$1 want_exit=$2 want_out=$3
    shift 4
    out=$("$myk10" "$@" 2>/tmp/cli_stderr.$$)
    got_exit=$?
    if [ "$got_exit" = "$want_exit" ] && [ "$out" = "$want_out" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL $name: exit $got_exit (want $want_exit)"
        echo "  got:  $out"
        echo "  want: $want_out"
        sed 's/^/  stderr: /' /tmp/cli_stderr.$$
    fi
}

expect_stderr() {
    if grep -q "$1" /tmp/cli_stderr.$$; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL stderr lacks '$1':"; sed 's/^/  /' /tmp/cli_stderr.$$
    fi
}

expect version 0 "myk10 0.1.0" -- version
expect version-json 0 '{"version":"0.1.0","version_number":100}' -- version --json
expect parse-offset 0 '{"input":"2026-11-26T09:00:00+01:00","epoch":1795680000,"nsec":0,"utc":"2026-11-26T08:00:00Z"}' \
    -- time parse 2026-11-26T09:00:00+01:00
expect parse-bad 1 '{"input":"2026-11-26 08:00:00Z","error":{"status":"MYK10_EMALFORMED","message":"time: expected '"'T'"' at byte 10","offset":10}}' \
    -- time parse "2026-11-26 08:00:00Z"
expect_stderr "myk10: MYK10_EMALFORMED: time: expected 'T' at byte 10"
expect format 0 '{"epoch":-1,"utc":"1969-12-31T23:59:59Z"}' -- time format -1
expect format-range 1 '{"input":"253402300800","error":{"status":"MYK10_ERANGE","message":"time: 253402300800 lies outside years 0000-9999"}}' \
    -- time format 253402300800
expect format-usage 2 "" -- time format soon
expect_stderr "is not an integer"
expect distance 0 '{"distance_m":111195.080234}' -- geo distance 0 0 0 1
expect distance-range 1 "" -- geo distance 95 0 0 0
expect_stderr "myk10: MYK10_ERANGE: geo: latitude 95 outside \[-90, 90\]"
expect distance-usage 2 "" -- geo distance 1 2 3
expect status 0 '{"code":4,"name":"MYK10_EMALFORMED","description":"malformed input"}' -- status list EMALFORMED
expect unknown-command 2 "" -- frobnicate
expect unknown-subcommand 2 "" -- time travel

# Batch input from stdin: one JSON line per input line, failures included.
out=$(printf '2026-11-26T08:00:00Z\nnonsense\n1970-01-01T00:00:00Z\n' | "$myk10" time parse 2>/dev/null)
code=$?
lines=$(printf '%s\n' "$out" | wc -l)
errors=$(printf '%s\n' "$out" | grep -c '"error"')
if [ "$code" = 1 ] && [ "$lines" = 3 ] && [ "$errors" = 1 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); echo "FAIL stdin batch: exit $code, $lines lines, $errors errors"
fi

rm -f /tmp/cli_stderr.$$
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
