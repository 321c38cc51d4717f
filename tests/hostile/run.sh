#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Hostile-input test: assay must never crash, hang or lose results.
#
#   tests/hostile/run.sh PATH/TO/assay
#
# Builds a tree of nasty inputs in a fresh temporary directory (removed on
# exit) and scans each case with `timeout 120`. For every run: the exit code
# must be 0 or 1 (never a usage/fatal error, never a signal), stderr must not
# hold a sanitizer report, and the JSON report must be valid UTF-8 JSON. Case
# by case it then checks what was found and what was skipped (with a reason).
#
# Exit status 0 when every check passed; the last line is "N passed, N failed".
# Environment: HOSTILE_TIMEOUT (seconds per run, default 120), HOSTILE_KEEP=1
# (keep the temporary tree and reports).
set -u

if [ $# -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 PATH/TO/assay" >&2
    echo "0 passed, 1 failed"
    exit 2
fi
ASSAY=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TIMEOUT=${HOSTILE_TIMEOUT:-120}

T=$(mktemp -d "${TMPDIR:-/tmp}/assay-hostile.XXXXXX")
cleanup() {
    # Undo chmod 000 so rm can remove everything. HOSTILE_KEEP=1 keeps the
    # tree and the reports (in $T/out) for a closer look.
    chmod -R u+rwx "$T" 2>/dev/null
    if [ "${HOSTILE_KEEP:-0}" = 1 ]; then
        echo "# kept $T" >&2
    else
        rm -rf "$T"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
pass() { passed=$((passed + 1)); printf 'ok   - %s\n' "$1"; }
fail() { failed=$((failed + 1)); printf 'FAIL - %s\n' "$1"; }
info() { printf '       %s\n' "$1"; }
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# Fake credentials planted in the cases; both have the AWS key-id shape and
# are not placeholders. Split so this script itself is not a finding.
KEY1="AKIA""EH6IFQKJGCZ5NX74"
KEY2="AKIA""XI76DINUO5DFGO6E"

# ----------------------------------------------------------------------
# JSON helper: every question about a report goes through here.
# Adapts to the report shape: findings[] {rule|rule_id, path|location.path},
# skipped[] {path, reason}.
cat > "$T/q.py" <<'PY'
import json, sys

def load(p):
    with open(p, 'rb') as f:
        raw = f.read()
    return json.loads(raw.decode('utf-8'))          # strict: invalid UTF-8 fails

def fpath(x):
    if not isinstance(x, dict):
        return ''
    for k in ('path', 'file'):
        if isinstance(x.get(k), str):
            return x[k]
    loc = x.get('location')
    if isinstance(loc, dict) and isinstance(loc.get('path'), str):
        return loc['path']
    return ''

def frule(x):
    for k in ('rule', 'rule_id', 'ruleId', 'id'):
        if isinstance(x.get(k), str):
            return x[k]
    return ''

def findings(d):
    v = d.get('findings', d.get('results', []))
    return v if isinstance(v, list) else []

def skipped(d):
    v = d.get('skipped', [])
    return v if isinstance(v, list) else []

def ends(path, name):
    return path == name or path.endswith('/' + name) or path.endswith(name)

cmd, fn = sys.argv[1], sys.argv[2]
try:
    d = load(fn)
except FileNotFoundError:
    print('no report')
    sys.exit(1)
except Exception as e:
    print('invalid JSON: %s' % e)
    sys.exit(1)
if cmd == 'valid':
    ok = isinstance(d, dict) and isinstance(d.get('findings', d.get('results')), list)
    if not ok:
        print('no findings array; top-level keys: %s' % (sorted(d) if isinstance(d, dict) else type(d)))
    sys.exit(0 if ok else 1)
if cmd == 'skipped':           # skipped FILE NAME: NAME skipped with a reason
    name = sys.argv[3]
    for s in skipped(d):
        if ends(fpath(s), name):
            r = s.get('reason')
            print('%s: %s' % (fpath(s), r))
            sys.exit(0 if isinstance(r, str) and r else 1)
    print('not in skipped[] (%d entries: %s)' % (len(skipped(d)),
          ', '.join(repr(fpath(s)) + '=' + str(s.get('reason')) for s in skipped(d)[:8])))
    sys.exit(1)
if cmd == 'found':             # found FILE NAME [RULE-PREFIX]: count >= 1
    name = sys.argv[3]
    pre = sys.argv[4] if len(sys.argv) > 4 else ''
    hits = [x for x in findings(d) if ends(fpath(x), name) and frule(x).startswith(pre)]
    print('%d finding(s) for %r' % (len(hits), name))
    sys.exit(0 if hits else 1)
if cmd == 'count':             # count FILE NAME: print the number of findings
    name = sys.argv[3]
    print(sum(1 for x in findings(d) if ends(fpath(x), name)))
    sys.exit(0)
if cmd == 'paths':             # paths FILE SUBSTRING: fail if any path contains it
    sub = sys.argv[3]
    bad = [fpath(x) for x in findings(d) + skipped(d) if sub in fpath(x)]
    if bad:
        print('%d path(s) contain %r, e.g. %r' % (len(bad), sub, bad[0]))
    sys.exit(1 if bad else 0)
if cmd == 'anyskipped':        # anyskipped FILE SUBSTRING: a skip whose path contains it
    sub = sys.argv[3]
    hit = [s for s in skipped(d) if sub in fpath(s) and s.get('reason')]
    print('%d skipped entr(ies) contain %r' % (len(hit), sub))
    sys.exit(0 if hit else 1)
if cmd == 'summary':
    print('%d findings, %d skipped' % (len(findings(d)), len(skipped(d))))
    sys.exit(0)
print('unknown command ' + cmd)
sys.exit(2)
PY
q() { python3 "$T/q.py" "$@"; }

now_ms() { date +%s%3N; }

# run_scan NAME [assay scan options and paths...]
# Runs `assay scan --format json -o OUT ...` and checks the invariants every
# run must satisfy. Sets RC, OUT, ERR and ELAPSED_MS for further checks.
run_scan() {
    local name=$1
    shift
    OUT="$T/out/$name.json"
    ERR="$T/out/$name.err"
    rm -f "$OUT"
    local t0
    t0=$(now_ms)
    timeout -k 10 "$TIMEOUT" "$ASSAY" scan --format json -o "$OUT" "$@" \
        </dev/null >"$T/out/$name.stdout" 2>"$ERR"
    RC=$?
    ELAPSED_MS=$(($(now_ms) - t0))
    LAST_CMD="$(printf '%q ' "$ASSAY" scan --format json -o "$OUT" "$@")"
    info "$name: exit $RC in ${ELAPSED_MS} ms"
    runner_checks "$name"
}

# runner_checks NAME [nojson]
runner_checks() {
    local name=$1 json=${2:-json} failed_before=$failed
    if [ "$RC" -eq 124 ] || { [ "$RC" -eq 137 ] && [ "$ELAPSED_MS" -ge $((TIMEOUT * 1000)) ]; }; then
        fail "$name: hang (killed after ${TIMEOUT}s)"
    elif [ "$RC" -ge 128 ]; then
        fail "$name: crashed (exit $RC = signal $((RC - 128)))"
    elif [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ]; then
        fail "$name: exit $RC (expected 0 or 1)"
    else
        pass "$name: exit $RC"
    fi
    local san=0
    if grep -Eq 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|UndefinedBehaviorSanitizer|WARNING: (Address|Thread)Sanitizer' "$ERR"; then
        san=1
        fail "$name: sanitizer report on stderr ($ERR)"
        grep -E -m 8 'Sanitizer|runtime error:|#[0-3] ' "$ERR" | sed 's/^/       | /'
    fi
    if [ "$san" -eq 0 ] && [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ] && [ -s "$ERR" ]; then
        head -n 5 "$ERR" | sed 's/^/       | /'
    fi
    if [ "$json" != json ]; then
        return 0
    elif [ ! -s "$OUT" ]; then
        fail "$name: no JSON report written to -o"
    else
        local msg
        if msg=$(q valid "$OUT" 2>&1); then
            pass "$name: valid JSON"
        else
            fail "$name: JSON report invalid: $msg"
        fi
    fi
    if [ "$failed" -ne "$failed_before" ] && [ "$json" = json ]; then
        info "reproduce (with HOSTILE_KEEP=1): $LAST_CMD"
    fi
}

expect_skipped() { # expect_skipped CASE NAME
    local msg
    if msg=$(q skipped "$OUT" "$2" 2>&1); then
        pass "$1: skipped with a reason ($msg)"
    else
        fail "$1: '$2' should be listed in skipped[] with a reason: $msg"
    fi
}

expect_found() { # expect_found CASE NAME [RULE-PREFIX]
    local msg
    if msg=$(q found "$OUT" "$2" "${3:-}" 2>&1); then
        pass "$1: finding reported ($msg)"
    else
        fail "$1: expected a ${3:-}finding in '$2': $msg"
    fi
}

expect_found_or_skipped() { # root can read mode-000 files: accept either
    local m1 m2
    if m1=$(q found "$OUT" "$2" "${3:-}" 2>&1); then
        pass "$1: scanned ($m1)"
    elif m2=$(q skipped "$OUT" "$2" 2>&1); then
        pass "$1: skipped with a reason ($m2)"
    else
        fail "$1: '$2' neither reported nor listed as skipped: $m1 / $m2"
    fi
}

mkdir -p "$T/out" "$T/c"
C="$T/c"
echo "# assay hostile test: $ASSAY"
echo "# tree: $T (uid $(id -u))"

# 0. baseline: the cost of a run that scans nothing (start-up, rule compilation).
# Time limits below are "this much more than twice the baseline", so a slow
# machine or a sanitizer build does not fail them, but a blocking read does.
mkdir -p "$C/empty"
run_scan baseline "$C/empty"
BASE_MS=$ELAPSED_MS
within() { # within SECONDS: the last run took at most 2*baseline + SECONDS
    [ "$ELAPSED_MS" -le $((2 * BASE_MS + $1 * 1000)) ]
}
limit() { echo "$((2 * BASE_MS / 1000 + $1)) s"; }

# ----------------------------------------------------------------------
# 1. symlink loop: a -> b, b -> a (plus a real file, which must still be scanned)
mkdir -p "$C/symloop"
ln -s b "$C/symloop/a"
ln -s a "$C/symloop/b"
printf 'aws_access_key_id = %s\n' "$KEY1" > "$C/symloop/real.ini"
run_scan symlink-loop "$C/symloop"
expect_skipped symlink-loop "symloop/a"
expect_skipped symlink-loop "symloop/b"
expect_found symlink-loop "symloop/real.ini" secret

# 2. directory symlink to its parent: loop -> ..
mkdir -p "$C/parent/sub"
ln -s .. "$C/parent/sub/loop"
printf 'aws_access_key_id = %s\n' "$KEY1" > "$C/parent/sub/creds.ini"
run_scan parent-loop "$C/parent"
expect_found parent-loop "sub/creds.ini" secret
n=$(q count "$OUT" "creds.ini" 2>/dev/null) || n="?"
check "parent-loop: the file is reported once, not once per trip round the loop (got $n)" [ "$n" = 1 ]
if msg=$(q paths "$OUT" "/loop/" 2>&1); then
    pass "parent-loop: no path goes through the loop"
else
    fail "parent-loop: the walk followed loop -> ..: $msg"
fi

# 3. symlink pointing outside the target
mkdir -p "$C/outside"
ln -s /etc/passwd "$C/outside/passwd"
ln -s / "$C/outside/rootdir"
printf 'hello\n' > "$C/outside/readme.txt"
run_scan outside-link "$C/outside"
expect_skipped outside-link "outside/passwd"
expect_skipped outside-link "outside/rootdir"
if msg=$(q paths "$OUT" "rootdir/" 2>&1); then
    pass "outside-link: did not descend into a link to /"
else
    fail "outside-link: followed a link out of the target: $msg"
fi

# 4. unreadable file, and a file inside an unreadable directory
mkdir -p "$C/unreadable/locked"
printf 'aws_access_key_id = %s\n' "$KEY1" > "$C/unreadable/secret.ini"
printf 'aws_access_key_id = %s\n' "$KEY2" > "$C/unreadable/locked/inner.ini"
printf 'aws_access_key_id = %s\n' "$KEY2" > "$C/unreadable/visible.ini"
chmod 000 "$C/unreadable/secret.ini"
chmod 000 "$C/unreadable/locked"
run_scan unreadable "$C/unreadable"
expect_found unreadable "unreadable/visible.ini" secret
if [ "$(id -u)" -eq 0 ]; then
    info "running as root: mode 000 does not stop reads; either outcome is accepted"
    expect_found_or_skipped unreadable "unreadable/secret.ini" secret
    expect_found_or_skipped unreadable "unreadable/locked/inner.ini" secret
else
    expect_skipped unreadable "unreadable/secret.ini"
    if q skipped "$OUT" "unreadable/locked" >/dev/null 2>&1 \
        || q skipped "$OUT" "unreadable/locked/inner.ini" >/dev/null 2>&1; then
        pass "unreadable: the mode-000 directory is listed as skipped"
    else
        fail "unreadable: the mode-000 directory is not listed in skipped[]"
    fi
fi
chmod 755 "$C/unreadable/locked"
chmod 644 "$C/unreadable/secret.ini"

# 5. FIFO: must be skipped, never opened (opening blocks until a writer comes)
mkdir -p "$C/fifo"
mkfifo "$C/fifo/pipe"
printf 'aws_access_key_id = %s\n' "$KEY1" > "$C/fifo/after.ini"
run_scan fifo "$C/fifo"
check "fifo: finished within $(limit 30) (${ELAPSED_MS} ms)" within 30
expect_skipped fifo "fifo/pipe"
expect_found fifo "fifo/after.ini" secret
# The FIFO named directly on the command line must not block either.
run_scan fifo-direct "$C/fifo/pipe"
check "fifo-direct: finished within $(limit 30) (${ELAPSED_MS} ms)" within 30
expect_skipped fifo-direct "fifo/pipe"

# 6. 2 GB sparse file: the default size cap skips it, quickly
mkdir -p "$C/sparse"
truncate -s 2G "$C/sparse/huge.img"
printf 'aws_access_key_id = %s\n' "$KEY1" > "$C/sparse/small.ini"
run_scan sparse-2g "$C/sparse"
expect_skipped sparse-2g "sparse/huge.img"
expect_found sparse-2g "sparse/small.ini" secret
check "sparse-2g: skipped fast, within $(limit 5) (${ELAPSED_MS} ms)" within 5

# 7. a single 100 MB line; then the same with a key at the very end
mkdir -p "$C/longline" "$C/longkey"
head -c 100000000 /dev/zero | tr '\0' 'a' > "$C/longline/one-line.txt"
run_scan long-line-default "$C/longline"
info "long-line-default: over the default size cap, so skipped or scanned: $(q summary "$OUT" 2>&1)"
run_scan long-line-200m --max-file-size 200M "$C/longline"
check "long-line-200m: scanned within $(limit 60) (${ELAPSED_MS} ms)" within 60
{ head -c 100000000 /dev/zero | tr '\0' 'a'; printf ' aws_access_key_id=%s\n' "$KEY2"; } \
    > "$C/longkey/one-line-key.txt"
run_scan long-line-key --max-file-size 200M "$C/longkey"
expect_found long-line-key "longkey/one-line-key.txt" secret
check "long-line-key: found within $(limit 60) (${ELAPSED_MS} ms)" within 60

# 8. binary garbage
mkdir -p "$C/garbage"
head -c 5M /dev/urandom > "$C/garbage/random.bin"
head -c 1M /dev/urandom | tr -d '\0' > "$C/garbage/random-no-nul.txt"
head -c 300000 /dev/urandom > "$C/garbage/random.c"
run_scan garbage "$C/garbage"

# 9. file names with invalid UTF-8 bytes, holding a finding
mkdir -p "$C/badutf8/"$'\xc3'"dir"
printf 'const char *key = "%s";\n' "$KEY1" > "$C/badutf8/"$'bad\xff\xfename.c'
printf 'aws_access_key_id = %s\n' "$KEY2" > "$C/badutf8/"$'\xc3'"dir/"$'over\xc0\xaflong.ini'
run_scan invalid-utf8-name "$C/badutf8"
expect_found invalid-utf8-name "name.c" secret
expect_found invalid-utf8-name "long.ini" secret

# 10. an empty directory (again, now as a case of its own)
run_scan empty-dir "$C/empty"
check "empty-dir: exit 0 (nothing found)" [ "$RC" -eq 0 ]

# 11. a 200-level deep directory with a finding at the bottom
mkdir -p "$C/deep"
(
    cd "$C/deep" || exit 1
    for _ in $(seq 200); do mkdir d && cd d || exit 1; done
    printf 'aws_access_key_id = %s\n' "$KEY1" > bottom.ini
)
run_scan deep-200 "$C/deep"
expect_found deep-200 "d/d/bottom.ini" secret

# 11b. deeper than PATH_MAX: 150 levels of 40-character names (> 6000 bytes)
mkdir -p "$C/longpath"
(
    cd "$C/longpath" || exit 1
    long=$(printf 'n%.0s' $(seq 40))
    for _ in $(seq 150); do mkdir "$long" && cd "$long" || exit 1; done
    printf 'aws_access_key_id = %s\n' "$KEY1" > bottom.ini
) 2>/dev/null
run_scan path-max "$C/longpath"
if q found "$OUT" "bottom.ini" >/dev/null 2>&1 || q anyskipped "$OUT" "nnnnnnnnnn" >/dev/null 2>&1; then
    pass "path-max: the file beyond PATH_MAX was scanned or its skip reported"
else
    fail "path-max: the file beyond PATH_MAX was silently lost: $(q summary "$OUT" 2>&1)"
fi

# 12. a file name with a newline and a leading dash
mkdir -p "$C/weird"
printf 'aws_access_key_id = %s\n' "$KEY1" > "$C/weird/"$'-n\nweird.ini'
printf 'x\n' > "$C/weird/--help"
run_scan weird-name "$C/weird"
expect_found weird-name $'-n\nweird.ini' secret
# ...named directly on the command line (relative, so it starts with the dash's
# directory, never with the dash itself)
cd "$C/weird" || exit 2
run_scan weird-name-direct ./$'-n\nweird.ini'
cd "$T" || exit 2
expect_found weird-name-direct $'-n\nweird.ini' secret

# ----------------------------------------------------------------------
# Everything at once, in each output format: no crash, no hang.
chmod 000 "$C/unreadable/secret.ini" "$C/unreadable/locked"
run_scan all-json "$C"
t_all=$ELAPSED_MS
for f in fifo/pipe sparse/huge.img symloop/a outside/passwd; do
    expect_skipped all-json "$f"
done
for fmt in text sarif; do
    t0=$(now_ms)
    timeout -k 10 "$TIMEOUT" "$ASSAY" scan --format "$fmt" -o "$T/out/all.$fmt" "$C" \
        </dev/null >/dev/null 2>"$T/out/all-$fmt.err"
    RC=$?
    ELAPSED_MS=$(($(now_ms) - t0))
    ERR="$T/out/all-$fmt.err"
    info "all-$fmt: exit $RC in ${ELAPSED_MS} ms"
    runner_checks "all-$fmt" nojson
    check "all-$fmt: report written" [ -s "$T/out/all.$fmt" ]
done
SCHEMA="$REPO/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"
if command -v node >/dev/null && [ -f "$SCHEMA" ] && [ -s "$T/out/all.sarif" ]; then
    if msg=$(node "$REPO/tests/tools/validate-json.mjs" "$SCHEMA" "$T/out/all.sarif" 2>&1); then
        pass "all-sarif: valid against the SARIF 2.1.0 schema"
    else
        fail "all-sarif: SARIF schema errors:"
        printf '%s\n' "$msg" | head -n 10 | sed 's/^/       | /'
    fi
else
    info "all-sarif: SARIF schema validation not run (node, schema or output missing)"
fi
chmod 755 "$C/unreadable/locked"
chmod 644 "$C/unreadable/secret.ini"
info "all-json: $t_all ms for the whole hostile tree"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
