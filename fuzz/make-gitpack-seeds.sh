#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the seeds of fuzz_gitpack: small packs git writes (OFS_DELTA,
# REF_DELTA, 64-bit offsets) and damaged copies (cut short, bytes flipped, a
# REF_DELTA that names itself). Each seed is a 4-byte big-endian index
# length, the .idx, then the .pack. Run from anywhere; writes fuzz/corpus/gitpack.
set -euo pipefail
OUT=$(cd "$(dirname "$0")" && pwd)/corpus/gitpack
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$W GIT_CONFIG_GLOBAL=/dev/null
R=$W/r; git init -q "$R"
g() { git -C "$R" -c user.name=a -c user.email=a@b -c commit.gpgsign=false "$@"; }
seq 1 300 | sed 's/^/line /' > "$R/a.txt"
printf 'k\0\1\2' > "$R/b.bin"; : > "$R/empty"
g add -A; g commit -q -m 1
for i in 1 2 3 4 5; do sed -i "$((i * 40))s/.*/edit $i/" "$R/a.txt"; g commit -qam "e$i"; done
seed() { # NAME: the repository's single pack as a seed
    python3 - "$R" "$OUT/$1" <<'PY'
import glob, struct, sys
idx = glob.glob(sys.argv[1] + "/.git/objects/pack/*.idx")[0]
i, p = open(idx, "rb").read(), open(idx[:-3] + "pack", "rb").read()
open(sys.argv[2], "wb").write(struct.pack(">I", len(i)) + i + p)
PY
}
g repack -q -a -d -f --depth=50; seed ofs-delta.seed
g -c repack.useDeltaBaseOffset=false repack -q -a -d -f --depth=50; seed ref-delta.seed
old=$(ls "$R"/.git/objects/pack/pack-*)
g rev-list --objects --all | g pack-objects -q --index-version=2,64 "$R/.git/objects/pack/pack" >/dev/null
rm -f $old; seed large-offsets.seed
python3 - "$OUT" <<'PY'
import struct, sys
out = sys.argv[1]
s = open(out + "/ofs-delta.seed", "rb").read()
open(out + "/cut.seed", "wb").write(s[: len(s) * 3 // 4])
b = bytearray(s)
for k in range(len(b) // 2, len(b) - 40, 97):
    b[k] ^= 0x5A
open(out + "/flipped.seed", "wb").write(bytes(b))
# a REF_DELTA whose base is itself: the chain never ends
s = bytearray(open(out + "/ref-delta.seed", "rb").read())
il = struct.unpack(">I", s[:4])[0]
idx, pack = s[4:4 + il], 4 + il
n = struct.unpack(">I", idx[8 + 255 * 4: 8 + 256 * 4])[0]
for e in range(n):
    oid = idx[1032 + 20 * e: 1052 + 20 * e]
    off = struct.unpack(">I", idx[1032 + 24 * n + 4 * e: 1036 + 24 * n + 4 * e])[0]
    pos = pack + off
    c = s[pos]; t = (c >> 4) & 7; pos += 1
    while c & 0x80:
        c = s[pos]; pos += 1
    if t == 7:
        s[pos:pos + 20] = oid
        break
open(out + "/ref-loop.seed", "wb").write(bytes(s))
PY
ls -l "$OUT"/*.seed
