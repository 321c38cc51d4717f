#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# CLI behaviour: exit codes, usage errors, rule commands, output files, and
# the demo tree's SARIF validated against the official 2.1.0 schema.
#   tests/cli/cli.sh PATH/TO/assay REPO
set -u
A=$1
R=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
SARIF_SCHEMA=$R/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json
VALIDATE="node $R/tests/tools/validate-json.mjs"

check() { # NAME EXPECTED-EXIT COMMAND...
    local name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    if [ "$got" = "$want" ] && ! grep -q -E 'Sanitizer|runtime error' "$T/err"; then
        pass=$((pass + 1)); echo "ok   $name"
    else
        fail=$((fail + 1)); echo "FAIL $name: exit $got, expected $want"; head -5 "$T/err"
    fi
}
contains() { # NAME FILE TEXT
    if grep -q -F -- "$3" "$2"; then
        pass=$((pass + 1)); echo "ok   $1"
    else
        fail=$((fail + 1)); echo "FAIL $1: '$3' not in $2"; head -5 "$2"
    fi
}

check "no arguments is a usage error" 2 "$A"
check "unknown command" 2 "$A" frobnicate
check "unknown option" 2 "$A" scan --frobnicate "$R/examples"
check "missing target" 2 "$A" scan "$T/does-not-exist"
contains "missing target is named" "$T/err" "does-not-exist"
check "bad format" 2 "$A" scan -f xml "$R/examples"
check "bad severity" 2 "$A" scan --min-severity urgent "$R/examples"
check "bad size" 2 "$A" scan --max-file-size lots "$R/examples"
check "help" 0 "$A" --help
check "version" 0 "$A" version
contains "version printed" "$T/out" "assay 0."

check "demo tree has findings" 1 "$A" scan -q "$R/examples"
contains "text summary line" "$T/out" "findings ("
check "only critical and above still fails" 1 "$A" scan -q --min-severity critical "$R/examples"
check "fail-on above every finding passes" 0 "$A" scan -q --only endpoint --fail-on critical "$R/examples"
check "clean file passes" 0 "$A" scan -q "$R/tests/cases/0009-clean-c/input"

check "sarif to file" 1 "$A" scan -q -f sarif -o "$T/demo.sarif" "$R/examples"
check "demo SARIF is valid 2.1.0" 0 $VALIDATE "$SARIF_SCHEMA" "$T/demo.sarif"
check "json to file" 1 "$A" scan -q -f json -o "$T/demo.json" "$R/examples"
check "demo JSON matches docs/report.schema.json" 0 $VALIDATE "$R/docs/report.schema.json" "$T/demo.json"
check "baseline of itself hides everything" 0 "$A" scan -q --baseline "$T/demo.json" "$R/examples"
contains "baselined count shown" "$T/out" "known (baseline"
printf '{"findings": [' > "$T/broken.json"
check "broken baseline is fatal" 2 "$A" scan -q --baseline "$T/broken.json" "$R/examples"
contains "broken baseline names the file" "$T/err" "broken.json"
check "unwritable output" 2 "$A" scan -q -o "$T/no/such/dir/out.txt" "$R/examples"

check "secrets redacted by default" 1 "$A" scan -q --only secret -f json "$R/tests/cases/0002-secrets/input"
if grep -q "Zr8vQ2mN7xL4kP9sT1wY6bH3jF5dC0gA8eU2iO7q" "$T/out"; then
    fail=$((fail + 1)); echo "FAIL secret value leaked without --show-secrets"
else
    pass=$((pass + 1)); echo "ok   secret value not in output"
fi
check "show-secrets reveals" 1 "$A" scan -q --only secret --show-secrets -f json "$R/tests/cases/0002-secrets/input"
contains "secret revealed" "$T/out" "Zr8vQ2mN7xL4kP9sT1wY6bH3jF5dC0gA8eU2iO7q"

check "rules list" 0 "$A" rules list
contains "rules list counts" "$T/out" " rules"
first=$("$A" rules list | head -1 | awk '{print $1}')
check "rules show" 0 "$A" rules show "$first"
contains "rules show prints why" "$T/out" "why:"
check "rules show unknown" 2 "$A" rules show no.such.rule
check "rules test" 0 "$A" rules test
contains "rules test summary" "$T/out" "0 failed"
cat > "$T/extra.yaml" <<'YAML'
rules:
  - id: local.marker
    title: Local marker
    category: backdoor
    severity: high
    files: [any]
    why: a project rule added with --rules
    match: {literal: "ZZ_LOCAL_MARKER"}
    examples: {match: ["x ZZ_LOCAL_MARKER y"], no_match: ["ZZ_LOCAL"]}
YAML
echo "ZZ_LOCAL_MARKER" > "$T/marked.txt"
check "--rules adds a rule" 1 "$A" scan -q --rules "$T/extra.yaml" "$T/marked.txt"
contains "added rule fires" "$T/out" "local.marker"
cat > "$T/broken.yaml" <<'YAML'
rules:
  - id: local.broken
    title: Broken
    category: secret
    severity: high
    files: [any]
    why: w
    match: {regex: 'a(b'}
    examples: {match: [ab], no_match: [x]}
YAML
check "broken rule file is exit 2" 2 "$A" scan -q --rules "$T/broken.yaml" "$T/marked.txt"
contains "broken rule has file:line:col" "$T/err" "broken.yaml:8:"

# A prefilter that loses a match fails the rule's own examples.
cat > "$T/pf.yaml" <<'YAML'
rules:
  - id: local.pf
    title: PF
    category: endpoint
    severity: info
    files: [any]
    why: w
    match: {regex: 'host-[0-9]+', prefilter: 'nothost'}
    examples: {match: ['host-12'], no_match: ['x']}
YAML
check "a prefilter that loses matches fails rules test" 1 "$A" rules test local --rules "$T/pf.yaml"
sed -i 's/nothost/host-/' "$T/pf.yaml"
check "a superset prefilter passes rules test" 0 "$A" rules test local --rules "$T/pf.yaml"

# The compiled-rules cache: written once, reused, a damaged file is only a
# miss, --no-cache and an empty ASSAY_CACHE_DIR write nothing.
C="$T/cache"
check "first run fills the cache" 1 env ASSAY_CACHE_DIR="$C" "$A" scan -q -f json "$R/examples/src"
cp "$T/out" "$T/cold.json"
n=$(ls "$C"/*.hsdb 2>/dev/null | wc -l)
if [ "$n" -ge 1 ]; then pass=$((pass + 1)); echo "ok   databases cached ($n)"; else fail=$((fail + 1)); echo "FAIL cache holds no database"; fi
check "second run uses the cache" 1 env ASSAY_CACHE_DIR="$C" "$A" scan -q -f json "$R/examples/src"
if cmp -s "$T/out" "$T/cold.json"; then pass=$((pass + 1)); echo "ok   cached run reports the same"; else fail=$((fail + 1)); echo "FAIL cached run differs"; fi
n2=$(ls "$C"/*.hsdb 2>/dev/null | wc -l)
if [ "$n2" = "$n" ]; then pass=$((pass + 1)); echo "ok   a warm run compiles nothing new"; else fail=$((fail + 1)); echo "FAIL warm run added databases ($n -> $n2)"; fi
db=$(ls -S "$C"/*.hsdb | head -1)
printf 'garbage' | dd of="$db" bs=1 seek=200 conv=notrunc 2>/dev/null
check "damaged cache is a miss" 1 env ASSAY_CACHE_DIR="$C" "$A" scan -q -f json "$R/examples/src"
if cmp -s "$T/out" "$T/cold.json"; then pass=$((pass + 1)); echo "ok   damaged cache changes nothing"; else fail=$((fail + 1)); echo "FAIL damaged cache changed the report"; fi
head -c 100 "$db" > "$T/short" && mv "$T/short" "$db" && chmod 600 "$db"
check "truncated cache is a miss" 1 env ASSAY_CACHE_DIR="$C" "$A" scan -q -f json "$R/examples/src"
C2="$T/cache2"
check "--no-cache" 1 env ASSAY_CACHE_DIR="$C2" "$A" scan -q --no-cache "$R/examples/src"
if [ ! -e "$C2" ]; then pass=$((pass + 1)); echo "ok   --no-cache writes nothing"; else fail=$((fail + 1)); echo "FAIL --no-cache wrote $C2"; fi
# --only compiles only what it reports: the secrets of a narrowed scan are
# those of a full one.
check "full scan" 1 "$A" scan -q -f json -o "$T/full.json" "$R/examples"
check "secrets only" 1 "$A" scan -q --only secret -f json -o "$T/sec.json" "$R/examples"
if python3 - "$T/full.json" "$T/sec.json" <<'PY'
import json, sys
key = lambda f: (f["rule"], f["path"], f["start"]["line"], f["score"])
full = sorted(key(f) for f in json.load(open(sys.argv[1]))["findings"] if f["category"] == "secret")
sec = sorted(key(f) for f in json.load(open(sys.argv[2]))["findings"])
sys.exit(0 if full and full == sec else 1)
PY
then pass=$((pass + 1)); echo "ok   --only secret finds what a full scan finds"; else fail=$((fail + 1)); echo "FAIL --only secret differs from the full scan's secrets"; fi
check "--only all is every category" 1 "$A" scan -q --only all "$R/examples"
# Built-in queries compile on first use; a rule file's are checked at once.
cat > "$T/badq.yaml" <<'YAML'
rules:
  - id: local.badq
    title: Bad query
    category: backdoor
    severity: high
    files: [c]
    why: w
    match: {language: c, requires: [system], query: '(call_expression nosuchfield: (_)) @match'}
    examples: {match: ['system(x);'], no_match: ['x']}
YAML
check "a broken query fails the compile, not the scan" 2 "$A" scan -q --rules "$T/badq.yaml" "$R/examples"
contains "the broken query is located" "$T/err" "badq.yaml:"
# Crypto inventory (docs/CRYPTO.md): CBOM schema, policy verdicts, exit codes.
CDX_SCHEMA=$R/node_modules/@cyclonedx/cyclonedx-library/res/schema/bom-1.6.SNAPSHOT.schema.json
GM=$R/tests/cases/0012-crypto-policies/input
check "unknown policy is exit 2" 2 "$A" scan -q --policy nist-9000 "$GM"
contains "unknown policy lists the built-in ones" "$T/err" "cnsa-2.0"
check "cbom of the demo tree" 0 "$A" cbom -q -o "$T/demo.cdx.json" "$R/examples"
check "demo CBOM is valid CycloneDX 1.6" 0 $VALIDATE "$CDX_SCHEMA" "$T/demo.cdx.json"
check "--format cbom on a scan" 0 "$A" scan -q -f cbom -o "$T/gm.cdx.json" "$GM"
check "scan CBOM is valid CycloneDX 1.6" 0 $VALIDATE "$CDX_SCHEMA" "$T/gm.cdx.json"
check "a passing policy exits 0" 0 "$A" scan -q --policy gm-t "$GM"
contains "verdict printed" "$T/out" "policy gm-t: PASS"
check "a failing policy exits 1" 1 "$A" cbom -q --policy gm-t --policy fips-140-3 "$GM"
contains "failing verdict on stderr" "$T/err" "policy fips-140-3: FAIL"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
