#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Binary test data a build step reads (src/lib/correlate.c) through the CLI:
# a directory, any -j, JSON/SARIF/text, a release archive, an archive under a
# test folder, and `assay diff` (only a new build-step/data pair is reported).
#   tests/cli/correlate.sh PATH/TO/assay REPO
set -u
A=$1
R=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
RULE=build.test-data-consumed-by-build
SARIF_SCHEMA=$R/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json

ok() { pass=$((pass + 1)); echo "ok   $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
# NAME JSON PATH-SUFFIX: a finding of RULE whose path ends so
has() {
    if python3 - "$2" "$3" "$RULE" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
sys.exit(0 if any(f["rule"] == sys.argv[3] and f["path"].endswith(sys.argv[2])
                  for f in r["findings"]) else 1)
PY
    then ok "$1"; else ko "$1"; fi
}
count() { # NAME JSON N: findings of RULE
    local n
    n=$(python3 -c "import json,sys; print(sum(f['rule']==sys.argv[2] for f in json.load(open(sys.argv[1]))['findings']))" "$2" "$RULE")
    if [ "$n" = "$3" ]; then ok "$1"; else ko "$1: $n findings, expected $3"; fi
}

# a project whose Makefile runs bytes carved out of a test file
mk() { # DIR WITH-BUILD-STEP
    mkdir -p "$1/tests/files" "$1/src"
    printf 'int main(void) { return 0; }\n' > "$1/src/main.c"
    printf 'payload\0\1\2\3 not text\n' > "$1/tests/files/ref-1.bin"
    printf 'other\0\1\2\3 fixture\n' > "$1/tests/files/ref-2.bin"
    printf 'all: prog\nprog: src/main.c\n\t$(CC) -o prog src/main.c\n' > "$1/Makefile"
    printf 'check: prog\n\t./prog < $(srcdir)/tests/files/ref-2.bin | cmp - tests/files/ref-2.out\n' >> "$1/Makefile"
    if [ "$2" = yes ]; then
        printf 'all-local:\n\t@dd if=$(srcdir)/tests/files/ref-1.bin bs=1 skip=8 2>/dev/null | $(SHELL)\n' >> "$1/Makefile"
    fi
}
mk "$T/proj-1.0" no
mk "$T/proj-1.1" yes

"$A" scan -q -j1 -f json -o "$T/j1.json" "$T/proj-1.1"
"$A" scan -q -j4 -f json -o "$T/j4.json" "$T/proj-1.1"
has "data file read by the build step is a finding" "$T/j1.json" "proj-1.1/tests/files/ref-1.bin"
count "only that file (the one make check reads is not)" "$T/j1.json" 1
if cmp -s "$T/j1.json" "$T/j4.json"; then ok "same JSON for -j1 and -j4"; else ko "same JSON for -j1 and -j4"; fi
if grep -q 'reads tests/files/ref-1.bin' "$T/j1.json"; then ok "build finding names the file"; else ko "build finding names the file"; fi
"$A" scan -q -f json -o "$T/clean.json" "$T/proj-1.0"
count "no build step, no finding" "$T/clean.json" 0

"$A" scan -q -f sarif -o "$T/p.sarif" "$T/proj-1.1"
if grep -q "\"ruleId\":\"$RULE\"" "$T/p.sarif" || grep -q "\"ruleId\": \"$RULE\"" "$T/p.sarif"; then ok "SARIF result"; else ko "SARIF result"; fi
if node "$R/tests/tools/validate-json.mjs" "$SARIF_SCHEMA" "$T/p.sarif" >/dev/null 2>&1; then ok "SARIF valid"; else ko "SARIF valid"; fi
if node "$R/tests/tools/validate-json.mjs" "$R/docs/report.schema.json" "$T/j1.json" >/dev/null 2>&1; then ok "JSON valid"; else ko "JSON valid"; fi
"$A" scan -q --color never "$T/proj-1.1" > "$T/p.txt"
if grep -q "$RULE" "$T/p.txt"; then ok "text output"; else ko "text output"; fi

# release archives and assay diff
(cd "$T" && tar czf proj-1.0.tar.gz proj-1.0 && tar czf proj-1.1.tar.gz proj-1.1)
"$A" scan -q -f json -o "$T/a.json" "$T/proj-1.1.tar.gz"
has "inside a release archive" "$T/a.json" "proj-1.1.tar.gz!/proj-1.1/tests/files/ref-1.bin"
"$A" diff -q -f json -o "$T/d.json" "$T/proj-1.0" "$T/proj-1.1"
has "diff reports the new pair" "$T/d.json" "tests/files/ref-1.bin"
"$A" diff -q -f json -o "$T/d2.json" "$T/proj-1.0.tar.gz" "$T/proj-1.1.tar.gz"
has "diff of two archives reports it" "$T/d2.json" "tests/files/ref-1.bin"
cp -r "$T/proj-1.1" "$T/proj-1.2"
"$A" diff -q -f json -o "$T/d3.json" "$T/proj-1.1" "$T/proj-1.2"
count "an unchanged pair is not new" "$T/d3.json" 0

# an archive kept under a test folder, decompressed into a shell
mkdir -p "$T/p3/tests/blobs" "$T/p3/x"
printf 'echo hi\n' > "$T/p3/x/inner.sh"
(cd "$T/p3/x" && tar czf ../tests/blobs/set-4.tar.gz inner.sh)
rm -rf "$T/p3/x"
printf '#!/bin/sh\nzcat tests/blobs/set-4.tar.gz | tail -c +513 | sh\n' > "$T/p3/bootstrap.sh"
"$A" scan -q -f json -o "$T/p3.json" "$T/p3"
has "an archive under a test folder" "$T/p3.json" "p3/tests/blobs/set-4.tar.gz"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
