#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# `assay history` end to end, on small repositories built here with the git
# CLI: a secret added in one commit, moved in a second, deleted in a third;
# one present on a side branch only; one blob under two paths; an unchanged
# secret in a file edited later; --since; the size cap and binary blobs;
# deterministic output for any -j; JSON and SARIF against their schemas; a
# repository with missing objects. The reports are made here, the checks
# are in check.py.
#
# usage: run.sh ASSAY ROOT [NODE]
set -u
ASSAY=$1 ROOT=$2 NODE=${3:-node}
HERE=$(cd "$(dirname "$0")" && pwd)
W=$(mktemp -d /tmp/assay-history-test.XXXXXX)
trap 'rm -rf "$W"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME=$W GIT_CONFIG_GLOBAL=/dev/null
g() { git -C "$R" -c user.name="Ann Author" -c user.email=ann@example.org \
        -c init.defaultBranch=main -c commit.gpgsign=false "$@"; }
commit_files() { # MESSAGE DATE
    g add -A
    GIT_AUTHOR_DATE="$2" GIT_COMMITTER_DATE="$2" g commit -q -m "$1"
    g rev-parse HEAD
}
run() { # NAME ARGS...: the report in $W/NAME.json, exit code in $W/NAME.rc
    local n=$1; shift
    "$ASSAY" "$@" > /dev/null 2> "$W/$n.err"
    echo $? > "$W/$n.rc"
}

AWS_ID=AKIAQ7XZK2M4PL6RW3TB
AWS_SECRET=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
GH=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   # valid CRC32 suffix: assay drops made-up ones
GH2=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
GL=Xk7mQ2vR9pL4sT8wN3bY

# ---- the main fixture ----------------------------------------------------
R=$W/repo
mkdir -p "$R/src" && g init -q
printf 'print("hello")\n' > "$R/src/app.py"
C1=$(commit_files "initial" "2024-01-01T10:00:00+0000")
printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n' $AWS_ID $AWS_SECRET > "$R/config.env"
C2=$(commit_files "add config" "2024-01-02T10:00:00+0200")
mkdir -p "$R/conf" && g mv config.env conf/prod.env
C3=$(commit_files "move config" "2024-01-03T10:00:00+0000")
g branch moved            # a ref that still holds the moved blob
g rm -q conf/prod.env
C4=$(commit_files "delete config" "2024-01-04T10:00:00+0000")
mkdir -p "$R/docs"
printf 'GITHUB_TOKEN=%s\n' $GH > "$R/docs/a.env"
cp "$R/docs/a.env" "$R/docs/b.env"   # the same blob under two paths
C5=$(commit_files "two copies" "2024-01-05T10:00:00+0000")
printf '# edited\nGITHUB_TOKEN=%s\nGITLAB_TOKEN=glpat-%s\n' $GH $GL > "$R/docs/a.env"
C6=$(commit_files "edit a" "2024-01-06T10:00:00+0000")
g checkout -q -b side
printf 'GITHUB_TOKEN=%s\n' $GH2 > "$R/side.env"
C7=$(commit_files "side secret" "2024-01-07T10:00:00+0000")
g checkout -q main

run main history -q -j2 --only secret -f json -o "$W/main.json" "$R"
run j1 history -q -j1 -f json -o "$W/j1.json" "$R"
run j4 history -q -j4 -f json -o "$W/j4.json" "$R"
run sarif history -q -f sarif -o "$W/out.sarif" "$R"
run since history -q --only secret --since "$C5" -f json -o "$W/since.json" "$R"
run badsince history -q --since no-such-rev "$R"
run norepo history -q "$W/nothing"
run base history -q --only secret --baseline "$W/main.json" -f json -o "$W/base.json" "$R"
g worktree add -q "$W/co" "$C2" 2>/dev/null
run checkout scan -q --only secret -f json -o "$W/checkout.json" "$W/co"
g worktree remove --force "$W/co"

# ---- size cap, binary blobs ----------------------------------------------
R=$W/big; mkdir -p "$R"; g init -q
head -c 300000 /dev/zero | tr '\0' 'a' > "$R/big.txt"
printf '\nGITHUB_TOKEN=%s\n' $GH >> "$R/big.txt"
printf 'x\0y GITHUB_TOKEN=%s\n' $GH > "$R/blob.bin"
printf 'GITHUB_TOKEN=%s\n' $GH2 > "$R/text.env"
commit_files "big" "2024-02-01T00:00:00+0000" > /dev/null
run big history -q --max-file-size 100K -f json -o "$W/big.json" "$R"
run binscan scan -q --max-file-size 100K -f json -o "$W/binscan.json" "$R"

# ---- a corrupt repository: a blob and a tree gone -------------------------
R=$W/corrupt; mkdir -p "$R/d"; g init -q
printf 'GITHUB_TOKEN=%s\n' $GH > "$R/keep.env"
printf 'GITHUB_TOKEN=%s\n' $GH2 > "$R/lost.env"
printf 'print(1)\n' > "$R/d/x.py"
commit_files "c1" "2024-03-01T00:00:00+0000" > /dev/null
printf 'more\n' > "$R/d/y.py"
commit_files "c2" "2024-03-02T00:00:00+0000" > /dev/null
lost=$(g rev-parse HEAD:lost.env)
tree=$(g rev-parse HEAD:d)
rm -f "$R/.git/objects/${lost:0:2}/${lost:2}" "$R/.git/objects/${tree:0:2}/${tree:2}"
run corrupt history -q -f json -o "$W/corrupt.json" "$R"

# ---- a history with a commit gone: what is left is still walked -----------
R=$W/chain; mkdir -p "$R"; g init -q
for i in 1 2 3; do
    printf 'GITHUB_TOKEN=%s\n# %d\n' $GH $i > "$R/f$i.env"
    commit_files "c$i" "2024-04-0${i}T00:00:00+0000" > /dev/null
done
mid=$(g rev-parse HEAD~1)
rm -f "$R/.git/objects/${mid:0:2}/${mid:2}"
run chain history -q -f json -o "$W/chain.json" "$R"

# ---- categories: secrets by default, --only all for everything -------------
R=$W/cats; mkdir -p "$R"; g init -q
printf 'const char *url = "https://updates.example.net/v1/check";\n' > "$R/net.c"
printf 'GITHUB_TOKEN=%s\n' $GH > "$R/.env"
commit_files "c1" "2024-05-01T00:00:00+0000" > /dev/null
run catsdef history -q -f json -o "$W/catsdef.json" "$R"
run catsall history -q --only all -f json -o "$W/catsall.json" "$R"

# ---- an empty repository ---------------------------------------------------
R=$W/empty; mkdir -p "$R"; g init -q
run empty history -q -f json -o "$W/empty.json" "$R"

# ---- schemas ----------------------------------------------------------------
V="$NODE $ROOT/tests/tools/validate-json.mjs"
$V "$ROOT/docs/report.schema.json" "$W/j1.json" "$W/main.json" "$W/corrupt.json" \
    "$W/since.json" > "$W/schema.out" 2>&1
echo $? > "$W/schema.rc"
$V "$ROOT/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json" \
    "$W/out.sarif" > "$W/sarifschema.out" 2>&1
echo $? > "$W/sarifschema.rc"

W=$W C1=$C1 C2=$C2 C3=$C3 C4=$C4 C5=$C5 C6=$C6 C7=$C7 AWS_SECRET=$AWS_SECRET \
    python3 "$HERE/check.py"
