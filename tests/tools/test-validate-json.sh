#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Self-test of tests/tools/validate-json.mjs against the official SARIF 2.1.0
# schema: the valid sample must pass, the invalid one must fail with errors.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SCHEMA="$REPO/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"
V="$HERE/validate-json.mjs"
D="$HERE/testdata"
passed=0 failed=0
t() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; fi; }

node "$V" "$SCHEMA" "$D/sarif-valid.sarif.json" >/dev/null
t [ $? -eq 0 ]
out=$(node "$V" "$SCHEMA" "$D/sarif-invalid.sarif.json")
t [ $? -eq 1 ]
t grep -q "/version must be equal to one of the allowed values" <<<"$out"
t grep -q "/runs/0/tool/driver/informationUri must match format \"uri\"" <<<"$out"
t grep -q "/runs/0/invocations/0/startTimeUtc must match format \"date-time\"" <<<"$out"
node "$V" "$SCHEMA" "$D/sarif-valid.sarif.json" "$D/not-json.txt" >/dev/null 2>&1
t [ $? -eq 1 ]
node "$V" "$SCHEMA" >/dev/null 2>&1
t [ $? -eq 2 ]
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
