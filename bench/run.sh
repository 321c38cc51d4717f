#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Benchmark assay against the I/O floor, yara and ripgrep on one source tree (by default the
# Linux kernel that bench/fetch-kernel.sh fetched), on a warm page cache.
#
#   bench/run.sh [DIR]
#
# Environment:
#   ASSAY            assay binary (default: build/assay under the repository)
#   ASSAY_BENCH_DIR  where the tree, the scratch files and the results live
#                    (default /var/tmp/assay-bench; never inside the repository)
#   RUNS             timed runs per command (default 3)
#   WARMUP           untimed runs before them (default 1). With RUNS=1 WARMUP=0 the command runs
#                    once, under GNU time, which gives wall, CPU and peak RSS together
#   ONLY             comma-separated subset of: floor,floor-p2,yara,yara-p2,rg,rg-nounicode,assay,assay-cold
#   NAME             results file stem (default: kernel for the default tree, else DIR's basename)
#
# Wall time is hyperfine's mean over RUNS runs (CPU = its mean user + system); peak RSS (max resident set of the process tree,
# GNU time %M) comes from one more run whose output goes to a scratch file, so its lines can be
# counted as a sanity check. MB/s = regular-file bytes under DIR / mean wall time (MB = 10^6 B).
# The Markdown table is printed and written to $ASSAY_BENCH_DIR/results/NAME-YYYY-MM-DD.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
bench_dir=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}
default_tree="$bench_dir/linux-6.1.176"
dir=${1:-$default_tree}
assay=${ASSAY:-$repo/build/assay}
runs=${RUNS:-3}
warmup=${WARMUP:-1}
only=${ONLY:-floor,floor-p2,yara,yara-p2,rg,rg-nounicode,assay,assay-cold}
if [ -z "${NAME:-}" ]; then
    if [ "$dir" = "$default_tree" ]; then NAME=kernel; else NAME=$(basename "$dir"); fi
fi
yar="$repo/bench/patterns/peers.yar"
txt="$repo/bench/patterns/peers.txt"

die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }
log() { printf 'run.sh: %s\n' "$*" >&2; }

[ -d "$dir" ] || die "no tree at $dir (run bench/fetch-kernel.sh, or pass DIR)"
dir=$(cd "$dir" && pwd)
case "$dir/" in "$repo"/*) die "refusing to benchmark inside the repository" ;; esac
for t in hyperfine rg yara find xargs awk; do
    command -v "$t" >/dev/null 2>&1 || die "$t not found (bench/fetch-kernel.sh installs the tools)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found: apt-get install time"
if [[ ",$only," == *,assay,* ]] && [ ! -x "$assay" ]; then
    log "no assay binary at $assay: skipping the assay row (set ASSAY=...)"
    only=${only//assay/}
fi

scratch="$bench_dir/scratch"
results="$bench_dir/results"
mkdir -p "$scratch" "$results"
out_md="$results/$NAME-$(date +%Y-%m-%d).md"
k=2
while [ -e "$out_md" ]; do out_md="$results/$NAME-$(date +%Y-%m-%d)-$k.md"; k=$((k + 1)); done

files=$(find "$dir" -type f | wc -l)
bytes=$(find "$dir" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

# name | command (run by sh; stdout of every command goes to /dev/null while timed)
declare -a names cmds
add() { names+=("$1"); cmds+=("$2"); }
q() { printf '%q' "$1"; }
D=$(q "$dir")
add floor        "find $D -type f -print0 | xargs -0 cat > /dev/null"
add floor-p2     "find $D -type f -print0 | xargs -0 -P 2 -n 1000 cat > /dev/null"
add yara         "yara -N -r $(q "$yar") $D > /dev/null"
add yara-p2      "yara -N -r -p 2 $(q "$yar") $D > /dev/null"
add rg           "rg -uuu -n -f $(q "$txt") $D > /dev/null"
add rg-nounicode "rg -uuu -n --no-unicode -f $(q "$txt") $D > /dev/null"
add assay        "$(q "$assay") scan -j2 --format json -o /dev/null --min-severity info $D"
# the same without the compiled-rules cache: what a first run pays to compile
add assay-cold   "$(q "$assay") scan -j2 --no-cache --format json -o /dev/null --min-severity info $D"

# Commands for the RSS/line-count run: output into a scratch file instead of /dev/null.
count_cmd() {
    local name=$1 cmd=$2 out=$3
    case "$name" in
        floor*) printf '%s' "$cmd" ;;
        assay*) printf '%s' "${cmd/-o \/dev\/null/-o $(q "$out")}" ;;
        *)     printf '%s' "${cmd% > /dev/null} > $(q "$out")" ;;
    esac
}

log "tree: $dir ($files files, $mb MB); warming the page cache"
find "$dir" -type f -print0 | xargs -0 cat > /dev/null

declare -A mean sd cpu load rss rc lines
floor_mean=
for i in "${!names[@]}"; do
    name=${names[$i]} cmd=${cmds[$i]}
    [[ ",$only," == *,"$name",* ]] || continue
    log "$name: $cmd"
    load0=$(awk '{ print $1 }' /proc/loadavg)
    out="$scratch/$name.out"
    : > "$out"
    if [ "$runs" -gt 1 ] || [ "$warmup" -gt 0 ]; then
        csv="$scratch/$name.csv"
        # -i: rg exits 1 when nothing matched, assay 1 when it found something
        hyperfine --style basic --warmup "$warmup" --runs "$runs" -i --export-csv "$csv" \
            --command-name "$name" "$cmd" >&2
        mean[$name]=$(awk -F, 'NR == 2 { print $2 }' "$csv")
        sd[$name]=$(awk -F, 'NR == 2 { print $3 }' "$csv")
        cpu[$name]=$(awk -F, 'NR == 2 { printf "%.1f", $5 + $6 }' "$csv")
    fi
    set +e
    /usr/bin/time -f '%e %U %S %M' -o "$scratch/$name.time" sh -c "$(count_cmd "$name" "$cmd" "$out")"
    rc[$name]=$?
    set -e
    if [ -z "${mean[$name]:-}" ]; then
        # RUNS=1 WARMUP=0: the single GNU time run gives every number
        mean[$name]=$(awk 'END { print $1 }' "$scratch/$name.time")
        sd[$name]=0
        cpu[$name]=$(awk 'END { printf "%.1f", $2 + $3 }' "$scratch/$name.time")
    fi
    load[$name]="$load0/$(awk '{ print $1 }' /proc/loadavg)"
    rss[$name]=$(awk 'END { printf "%.0f", $4 / 1024 }' "$scratch/$name.time")
    if [ "$name" = floor ]; then
        lines[$name]=-
        floor_mean=${mean[$name]}
    elif [ "$name" = floor-p2 ]; then
        lines[$name]=-
    elif [ "$name" = assay ] && command -v jq >/dev/null 2>&1 &&
         n=$(jq 'if type == "object" and has("findings") then (.findings | length)
                 elif type == "array" then length else error("?") end' "$out" 2>/dev/null); then
        lines[$name]="$n findings"
    else
        lines[$name]="$(wc -l < "$out") lines"
    fi
done

host_cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
host_mem=$(awk '/^MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
{
    printf '## %s: %s files, %s MB, warm page cache\n\n' "$NAME" "$files" "$mb"
    printf 'Machine: %s, %s cores, %s RAM, Linux %s. %s\n\n' \
        "${host_cpu:-?}" "$(nproc)" "$host_mem" "$(uname -r)" "$(date -u +%Y-%m-%dT%H:%MZ)"
    printf 'Versions: %s; %s; %s; hyperfine %s' \
        "$(yara --version | sed 's/^/yara /')" "$(rg --version | head -1)" \
        "$(find --version | head -1)" "$(hyperfine --version | awk '{ print $2 }')"
    if [[ ",$only," == *,assay,* ]]; then
        printf '; %s (%s; repository at %s)' "$("$assay" --version 2>/dev/null | head -1 || echo 'assay ?')" \
            "$assay" "$(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')"
    fi
    printf '.\n\n'
    printf '| tool | wall (s), mean ± sd of %s | MB/s | x floor | CPU (s) | peak RSS (MB) | exit | output | load |\n' "$runs"
    printf '|---|---|---|---|---|---|---|---|---|\n'
    for i in "${!names[@]}"; do
        name=${names[$i]}
        [ -n "${mean[$name]:-}" ] || continue
        awk -v n="$name" -v m="${mean[$name]}" -v s="${sd[$name]}" -v b="$bytes" \
            -v f="${floor_mean:-0}" -v r="${rss[$name]}" -v c="${rc[$name]}" -v l="${lines[$name]}" \
            -v u="${cpu[$name]}" -v ld="${load[$name]}" \
            'BEGIN { x = (f > 0) ? sprintf("%.1f", m / f) : "-";
                     printf "| %s | %.2f ± %.2f | %.0f | %s | %s | %s | %s | %s | %s |\n",
                            n, m, s, b / m / 1e6, x, u, r, c, l, ld }'
    done
    printf '\nCPU = mean user + system seconds per run (all threads). load = 1-minute load average before/after\n'
    printf 'the row; with %s cores, a load above %s means other work competed for the CPU.\n' "$(nproc)" "$(nproc)"
    printf '\nCommands (stdout to /dev/null while timed):\n\n'
    for i in "${!names[@]}"; do
        name=${names[$i]}
        [ -n "${mean[$name]:-}" ] || continue
        printf -- '- `%s`: `%s`\n' "$name" "${cmds[$i]}"
    done
} | tee "$out_md"
log "written: $out_md"
