#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Time `assay history` on a large local git repository, warm cache.
#
# The repository is built once by build-repo.py under
# $ASSAY_BENCH_DIR/history/linux.git (never in this repository): the kernel
# tree of bench/fetch-kernel.sh imported in 300 commits, then 300 commits
# editing 10 source files each. Rows:
#   floor   `git cat-file --batch-all-objects --batch`: inflate every object
#           once, one thread, output discarded (what reading costs)
#   assay   `assay history -j2 -q -f json --min-severity info REPO`
#   zlib    the same with ASSAY_GIT_ZLIB=1: every object inflated by
#           libgit2 (zlib), as before gitpack.c (libdeflate) existed
# Each is timed with hyperfine (--warmup $WARMUP --runs $RUNS, default 1/3),
# then run once more under GNU time for CPU and peak RSS. Prints a Markdown
# table (blobs/s and MB/s of distinct blob bytes; history MB/s: the bytes
# of every commit's tree, what scanning each commit's checkout would read)
# and writes it to $ASSAY_BENCH_DIR/results/history-YYYY-MM-DD[-N].md.
#
# usage: bench/history/run.sh    (ASSAY=path/to/assay, RUNS, WARMUP,
#                                 CHUNKS, EDITS to size a new repository)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BENCH=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}
ASSAY=$(realpath "${ASSAY:-$ROOT/build/assay}")
KERNEL=${KERNEL:-$BENCH/linux-6.1.176}
REPO=$BENCH/history/linux.git
RUNS=${RUNS:-3} WARMUP=${WARMUP:-1}
OUT=$BENCH/history/out.json

[ -x "$ASSAY" ] || { echo "no assay binary at $ASSAY" >&2; exit 2; }
if [ ! -f "$REPO/assay-bench.json" ]; then
    [ -d "$KERNEL" ] || { echo "no kernel tree at $KERNEL: run bench/fetch-kernel.sh" >&2; exit 2; }
    rm -rf "$REPO"; mkdir -p "$BENCH/history"
    echo "building $REPO (several minutes)" >&2
    python3 "$HERE/build-repo.py" "$KERNEL" "$REPO" "${CHUNKS:-300}" "${EDITS:-300}" 10
fi

# warm the page cache: the pack and its index
cat "$REPO"/objects/pack/* > /dev/null

floor="git --git-dir=$REPO cat-file --batch-all-objects --batch > /dev/null"
cmd="$ASSAY history -j2 -q -f json -o $OUT --min-severity info $REPO"
hf=$BENCH/history/hyperfine.json
hyperfine -N -i --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$hf" \
    -n floor "bash -c '$floor'" -n assay "$cmd" \
    -n zlib "env ASSAY_GIT_ZLIB=1 $cmd" >&2 || true
tv() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '
    /Elapsed \(wall/ {w=$2} /User time/ {u=$2} /System time/ {s=$2}
    /Maximum resident/ {m=$2} END {printf "%s %.1f %.0f\n", w, u+s, m/1024}'; }
read -r fw fcpu frss < <(tv bash -c "$floor")
read -r aw acpu arss < <(tv $cmd || true)
read -r zw zcpu zrss < <(tv env ASSAY_GIT_ZLIB=1 $cmd || true)
stats=$(python3 - "$hf" "$OUT" "$REPO/assay-bench.json" "$REPO" <<'PY'
import json, sys, glob, os
hf = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rep = json.load(open(sys.argv[2]))
meta = json.load(open(sys.argv[3]))
pack = sum(os.path.getsize(p) for p in glob.glob(sys.argv[4] + "/objects/pack/*.pack"))
a, f, z = hf["assay"], hf["floor"], hf["zlib"]
s = rep["summary"]
blobs, by = s["files_scanned"], s["bytes_scanned"]
print(f'{a["mean"]:.2f} {a["stddev"] or 0:.2f} {f["mean"]:.2f} {f["stddev"] or 0:.2f} '
      f'{blobs} {by} {blobs / a["mean"]:.0f} {by / 1e6 / a["mean"]:.1f} '
      f'{meta["history_bytes"] / 1e6 / a["mean"]:.0f} {meta["commits"]} '
      f'{meta["history_bytes"]} {s["findings"]} {len(rep["skipped"])} {pack} '
      f'{z["mean"]:.2f} {z["stddev"] or 0:.2f} {by / 1e6 / z["mean"]:.1f}')
PY
)
read -r am asd fm fsd blobs bytes bps mbps hmbps commits hbytes nf nskip pack zm zsd zmbps <<< "$stats"
mkdir -p "$BENCH/results"
base=$BENCH/results/history-$(date -u +%F); res=$base.md; n=1
while [ -e "$res" ]; do n=$((n + 1)); res=$base-$n.md; done
{
    echo "# assay history, $(date -u '+%F %H:%M') UTC"
    echo
    echo "assay $("$ASSAY" version | cut -d' ' -f2) at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "repository: $REPO: $commits commits, $blobs distinct blobs, $((bytes / 1000000)) MB of distinct blob bytes, pack $((pack / 1000000)) MB; every commit's tree: $((hbytes / 1000000)) MB"
    echo
    echo "| row | wall (s), mean ± sd of $RUNS | CPU (s) | peak RSS (MB) | blobs/s | MB/s (distinct blobs) | MB/s (every commit's tree) | output |"
    echo "|---|---|---|---|---|---|---|---|"
    echo "| floor: inflate every object | $fm ± $fsd | $fcpu | $frss | | | | |"
    echo "| assay history -j2 | $am ± $asd | $acpu | $arss | $bps | $mbps | $hmbps | $nf findings, $nskip skipped |"
    echo "| same, objects inflated by libgit2 (ASSAY_GIT_ZLIB=1) | $zm ± $zsd | $zcpu | $zrss | | $zmbps | | |"
    echo
    echo '```sh'
    echo "$floor"
    echo "$cmd"
    echo '```'
} | tee "$res"
echo "written to $res" >&2
