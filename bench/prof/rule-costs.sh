#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Per-rule cost of the built-in pack on a list of files: each rule of rules/*.yaml is compiled
# alone (no built-in pack) and run over FILELIST on one thread; the scan CPU of each rule minus
# that of the cheapest one is roughly what the rule adds. Also builds hs-dump.so and hs-bench.
#
#   bench/prof/rule-costs.sh [FILELIST]     (default: every file of the kernel tree)
#
# Needs a build of the repository (BUILD, default build/) for libassay.a, a C compiler, and
# python3 with PyYAML to split the rule files. Scratch goes to $ASSAY_BENCH_DIR/prof.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(cd "${BUILD:-$repo/build}" && pwd)
bench_dir=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}
work="$bench_dir/prof"
mkdir -p "$work/one"

cc=${CC:-cc}
libs=$(pkg-config --libs libhs libpcre2-8 yaml-0.1 jansson libarchive libgit2)
"$cc" -O2 -I"$repo/include" -o "$work/rule-cost" "$here/rule-cost.c" \
    "$build/libassay.a" "$build/libassay_grammars.a" $libs -lssl -lcrypto -lpthread -lm
"$cc" -O2 -shared -fPIC -o "$work/hs-dump.so" "$here/hs-dump.c" -ldl
"$cc" -O2 -o "$work/hs-bench" "$here/hs-bench.c" $(pkg-config --libs libhs)

list=${1:-}
if [ -z "$list" ]; then
    list="$work/all.lst"
    find "$bench_dir/linux-6.1.176" -type f > "$list"
fi

rm -f "$work"/one/*.yaml
python3 - "$repo/rules" "$work/one" <<'PY'
import glob, os, sys, yaml
src, dst = sys.argv[1], sys.argv[2]
for f in sorted(glob.glob(os.path.join(src, "*.yaml"))):
    for rule in yaml.safe_load(open(f))["rules"]:
        with open(os.path.join(dst, rule["id"] + ".yaml"), "w") as out:
            yaml.safe_dump({"rules": [rule]}, out, sort_keys=False, width=100000)
PY

: > "$work/empty.lst"
HS_DUMP="$work/hs-exprs.tsv" LD_PRELOAD="$work/hs-dump.so" "$work/rule-cost" - "$work/empty.lst" >&2
echo "whole pack:"
"$work/rule-cost" - "$list"
echo "each rule alone (scan CPU, highest first):"
(cd "$work/one" && for f in *.yaml; do "$work/rule-cost" "$f" "$list"; done) |
    sort -k6 -gr | tee "$work/rule-costs.txt"
echo "Vectorscan expressions: $work/hs-exprs.tsv; try $work/hs-bench $work/hs-exprs.tsv LIST --leave-one-out" >&2
