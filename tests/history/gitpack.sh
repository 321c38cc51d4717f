#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# gitpack.c (packed objects inflated with libdeflate) against libgit2 (zlib)
# on packs git writes: deep OFS_DELTA chains, REF_DELTA, 64-bit offsets, a
# loose object beside the pack, an empty blob, a binary blob. For each,
# gitpack_check reads every object both ways and compares them; then
# `assay history` must give the same report with ASSAY_GIT_ZLIB=1 (libgit2
# alone) as without. Last, damaged packs, FIFOs named like packs and a
# delta that is its own base: assay must not crash or wait, and must still
# report what it could read.
#
# usage: gitpack.sh ASSAY GITPACK_CHECK
set -u
ASSAY=$1 CHECK=$2
W=$(mktemp -d /tmp/assay-gitpack-test.XXXXXX)
trap 'rm -rf "$W"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$W GIT_CONFIG_GLOBAL=/dev/null
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
g() { git -C "$R" -c user.name="Ann Author" -c user.email=ann@example.org \
        -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
GH=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   # valid CRC32 suffix

# ---- a history of edits: 60 versions of a few files ----------------------
R=$W/repo; mkdir -p "$R/src"; g init -q
python3 - "$R" <<'PY'
import os, sys
r = sys.argv[1]
# a large text file edited a line at a time: long delta chains
lines = [f"static int value_{i} = {i * 7919 % 10007};\n" for i in range(6000)]
open(os.path.join(r, "src/table.c"), "w").writelines(lines)
open(os.path.join(r, "src/empty.txt"), "w").close()
open(os.path.join(r, "src/blob.bin"), "wb").write(bytes((i * 37) % 256 for i in range(70000)))
PY
g add -A && g commit -q -m v0
for i in $(seq 1 60); do
    sed -i "$((i * 97))s/.*/static int edited_$i = $i;/" "$R/src/table.c"
    printf 'line %d\n' "$i" >> "$R/src/notes.md"
    [ "$i" = 30 ] && printf 'GITHUB_TOKEN=%s\n' $GH >> "$R/src/notes.md"
    [ "$i" = 31 ] && sed -i '/GITHUB_TOKEN/d' "$R/src/notes.md"
    g add -A && g commit -q -m "v$i"
done
g repack -q -a -d -f --depth=250 --window=50
hex=$(printf 'loose object\n' | g hash-object -w --stdin)

report() { # OUT [ENV...]: the parts of a report that must not depend on the reader
    local out=$1; shift
    env "$@" "$ASSAY" history -q -j2 -f json -o "$W/r.json" "$R" 2> "$W/r.err" || [ $? = 1 ] || cat "$W/r.err" >&2
    python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
print(json.dumps([s["files_scanned"], s["bytes_scanned"], r["findings"], r["skipped"]], sort_keys=True))
' "$W/r.json" > "$out"
}

check_pack() { # NAME MIN
    local n=$1 min=$2 out
    if out=$("$CHECK" "$R/.git" "$min" 2>&1); then ok; else ko "$n: $out"; fi
    echo "  $n: $out" | tail -1
    report "$W/fast.$n"
    report "$W/zlib.$n" ASSAY_GIT_ZLIB=1
    if cmp -s "$W/fast.$n" "$W/zlib.$n"; then ok; else ko "$n: reports differ"; fi
    if grep -q 'github' "$W/fast.$n"; then ok; else ko "$n: the planted token was not found"; fi
}

# deep OFS_DELTA chains
check_pack ofs-delta 150
# the depth of the chains git wrote: the check is only worth it if deep
depth=$(git -C "$R" verify-pack -v "$R"/.git/objects/pack/*.idx | awk '$2=="blob" && NF>=7 && $6>d {d=$6} END {print d+0}')
if [ "$depth" -ge 20 ]; then ok; else ko "delta chains only $depth deep"; fi

# REF_DELTA: bases named by id instead of by offset
g -c repack.useDeltaBaseOffset=false repack -q -a -d -f --depth=250 --window=50
check_pack ref-delta 150

# 64-bit offsets: an index that puts every entry past byte 64 in its large table
old=$(ls "$R"/.git/objects/pack/pack-*)
g rev-list --objects --all | g pack-objects -q --index-version=2,64 --depth=250 \
    "$R/.git/objects/pack/pack" > /dev/null && rm -f $old
idx=$(ls "$R"/.git/objects/pack/*.idx)
# 8 + 1024 + 28 per object + 40, then 8 per large offset
if [ $(( $(stat -c %s "$idx") - 1072 - 28 * 306 )) -ge $(( 8 * 300 )) ]; then ok; else ko "no large offsets in $idx"; fi
check_pack large-offsets 150

# ---- damaged packs: bytes flipped in the middle, the pack cut short -------
for damage in flip cut; do
    D=$W/damaged-$damage; cp -r "$R" "$D"
    p=$(ls "$D"/.git/objects/pack/*.pack); sz=$(stat -c %s "$p"); chmod u+w "$p"
    if [ $damage = flip ]; then
        for off in $((sz / 3)) $((sz / 2)) $((sz * 2 / 3)); do
            printf '\x55\xaa\x55\xaa' | dd of="$p" bs=1 seek=$off conv=notrunc status=none
        done
    else
        truncate -s $((sz / 2)) "$p"
    fi
    "$ASSAY" history -q -j2 -f json -o "$W/d.json" "$D" 2> "$W/d.err"; rc=$?
    if [ $rc -le 2 ] && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/d.json" 2> /dev/null; then ok; else ko "damaged pack ($damage): exit $rc: $(head -c 300 "$W/d.err")"; fi
done

# ---- FIFOs named like a pack and its index: never opened for a read that waits
D=$W/fifo; cp -r "$R" "$D"
mkfifo "$D/.git/objects/pack/pack-0000000000000000000000000000000000000000.idx"
mkfifo "$D/.git/objects/pack/pack-1111111111111111111111111111111111111111.pack"
: > "$D/.git/objects/pack/pack-1111111111111111111111111111111111111111.idx"
timeout 60 "$ASSAY" history -q -j2 -f json -o "$W/f.json" "$D" 2> "$W/f.err"; rc=$?
if [ $rc -le 2 ] && grep -q github "$W/f.json"; then ok; else ko "FIFOs in objects/pack: exit $rc: $(head -c 300 "$W/f.err")"; fi

# ---- a REF_DELTA that names itself (fuzz seed): skipped, never followed forever
D=$W/loop; git init -q "$D"
python3 - "$(dirname "$0")/../../fuzz/corpus/gitpack/ref-loop.seed" "$D/.git/objects/pack" <<'PY'
import struct, sys
s = open(sys.argv[1], "rb").read()
n = struct.unpack(">I", s[:4])[0]
idx, pack = s[4:4 + n], s[4 + n:]
name = idx[-40:-20].hex()
open(f"{sys.argv[2]}/pack-{name}.idx", "wb").write(idx)
open(f"{sys.argv[2]}/pack-{name}.pack", "wb").write(pack)
PY
tip=$(git -C "$D" cat-file --batch-all-objects --batch-check 2>/dev/null | awk '$2 == "commit" {print $1; exit}')
git -C "$D" update-ref refs/heads/main "$tip"
timeout 60 "$ASSAY" history -q -f json -o "$W/l.json" "$D" 2> "$W/l.err"; rc=$?
if [ $rc -le 2 ] && grep -q 'delta chain too long' "$W/l.json"; then ok; else ko "self-referencing delta: exit $rc: $(head -c 300 "$W/l.err")"; fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
