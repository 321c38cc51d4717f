#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Backdoor accuracy: false alarms on clean mature trees, recall on the corpus,
# and throughput on the largest clean tree. Rewrites the `backdoors` block of
# docs/ACCURACY.md (and nothing else).
#
#   bench/accuracy/fetch.sh            # once: the clean trees (apt-get source)
#   bench/accuracy/run.sh              # ASSAY=path/to/assay, JOBS=2
#
# Per project it counts critical and high findings of categories backdoor,
# build and obfuscation; each must be explained in bench/accuracy/explained.tsv
# (rule, path suffix, one-line reason), or it is listed as unexplained.
# Scratch output goes to $ASSAY_BENCH_DIR/accuracy, never into the repository.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BENCH_DIR=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}
CLEAN_DIR=$BENCH_DIR/clean
OUT=$BENCH_DIR/accuracy
ASSAY=${ASSAY:-$root/build/assay}
JOBS=${JOBS:-2}
PACKAGES=${ASSAY_CLEAN_PACKAGES:-"curl openssh dropbear lighttpd proftpd-dfsg nginx sqlite3 busybox xz-utils php8.2 python3.11"}

log() { printf 'accuracy: %s\n' "$*" >&2; }
[ -x "$ASSAY" ] || { log "no assay binary at $ASSAY (set ASSAY=)"; exit 2; }
mkdir -p "$OUT"
rm -f "$OUT"/scan-*.json "$OUT"/time-*.txt

# 1. Clean trees: one scan each, every severity (the report filters).
largest= ; largest_bytes=0
for pkg in $PACKAGES; do
    tree=
    for t in "$CLEAN_DIR/$pkg"/*/; do [ -d "$t" ] && tree=${t%/}; done
    if [ -z "$tree" ]; then
        log "missing $pkg: run bench/accuracy/fetch.sh"
        continue
    fi
    log "scanning $pkg ($tree)"
    rc=0
    "$ASSAY" scan -j"$JOBS" -f json -o "$OUT/scan-$pkg.json" "$tree" 2>/dev/null || rc=$?
    [ "$rc" -le 1 ] || { log "assay failed on $pkg (exit $rc)"; exit 2; }
    printf '%s\n' "$tree" > "$OUT/tree-$pkg.txt"
    bytes=$(du -sb "$tree" | cut -f1)
    if [ "$bytes" -gt "$largest_bytes" ]; then largest=$pkg; largest_bytes=$bytes; fi
done

# 2. Throughput on the largest tree: one warm run under GNU time.
if [ -n "$largest" ]; then
    tree=$(cat "$OUT/tree-$largest.txt")
    log "timing $largest"
    find "$tree" -type f -print0 | xargs -0 cat > /dev/null
    /usr/bin/time -f '%e %U %S %M' -o "$OUT/time-$largest.txt" \
        "$ASSAY" scan -j"$JOBS" -f json -o /dev/null "$tree" 2>/dev/null || true
    printf '%s\n' "$(cat /proc/loadavg | cut -d' ' -f1)" >> "$OUT/time-$largest.txt"
fi

# 3. The corpus.
log "running the corpus"
python3 "$root/tests/corpus/run.py" --assay "$ASSAY" --corpus "$root/tests/corpus" \
    --json "$OUT/corpus.json" > "$OUT/corpus.txt" || true
tail -1 "$OUT/corpus.txt" >&2

# 4. The report, into docs/ACCURACY.md.
python3 "$here/report.py" --out "$OUT" --packages "$PACKAGES" \
    --explained "$here/explained.tsv" --assay "$ASSAY" --doc "$root/docs/ACCURACY.md"
