#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# Build the git repository that `bench/history/run.sh` scans: the kernel
# tree (without its .pc/ folder of pre-patch copies) committed in CHUNKS
# commits of about equal file counts, then EDITS commits that each change
# FILES_PER_EDIT source files (a comment appended), a few of them adding a
# fake credential; a side branch and a tag every 50 commits. The kernel tree
# is only read: the repository has its own GIT_DIR, files are added from the
# tree as its work tree, and edited versions go straight to the object
# database (hash-object / update-index), never onto disk in the tree.
# Finally the objects are packed (git repack -ad), as a real history is.
#
# usage: build-repo.py KERNEL_DIR GIT_DIR [CHUNKS [EDITS [FILES_PER_EDIT]]]
# Writes GIT_DIR/assay-bench.json: commits, and the sum over commits of the
# bytes in their trees (what a scan of every commit's checkout would read).
import json
import os
import random
import subprocess
import sys

kernel, gitdir = sys.argv[1], sys.argv[2]
chunks = int(sys.argv[3]) if len(sys.argv) > 3 else 300
edits = int(sys.argv[4]) if len(sys.argv) > 4 else 300
per_edit = int(sys.argv[5]) if len(sys.argv) > 5 else 10

env = dict(os.environ, GIT_DIR=gitdir, GIT_WORK_TREE=kernel,
           GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
           GIT_AUTHOR_NAME="Bench Author", GIT_AUTHOR_EMAIL="bench@example.org",
           GIT_COMMITTER_NAME="Bench Author",
           GIT_COMMITTER_EMAIL="bench@example.org")
t = 1700000000


def git(*args, inp=None):
    r = subprocess.run(["git", *args], env=env, input=inp, check=True,
                       stdout=subprocess.PIPE)
    return r.stdout


def commit(msg):
    global t
    t += 3600
    env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = "%d +0000" % t
    git("commit", "-q", "--no-verify", "-m", msg)


files = []
for root, dirs, names in os.walk(kernel):
    rel = os.path.relpath(root, kernel)
    if rel == ".pc" or rel.startswith(".pc" + os.sep) or rel.startswith(".git"):
        dirs[:] = []
        continue
    dirs.sort()
    for n in sorted(names):
        p = os.path.join(root, n)
        if os.path.isfile(p) and not os.path.islink(p):
            files.append(os.path.relpath(p, kernel))
files.sort()
sizes = {f: os.path.getsize(os.path.join(kernel, f)) for f in files}

git("init", "-q", "--bare" if False else "-q")
git("config", "core.bare", "false")
git("config", "gc.auto", "0")
git("config", "core.autocrlf", "false")
git("symbolic-ref", "HEAD", "refs/heads/main")

tree_bytes = 0
history_bytes = 0
ncommits = 0
step = (len(files) + chunks - 1) // chunks
for i in range(0, len(files), step):
    part = files[i:i + step]
    git("add", "-f", "--pathspec-from-file=-", inp="\n".join(part).encode())
    commit("import %d/%d" % (i // step + 1, chunks))
    tree_bytes += sum(sizes[f] for f in part)
    history_bytes += tree_bytes
    ncommits += 1
    if ncommits % 50 == 0:
        git("tag", "v%d" % ncommits)
    print("\rimport %d/%d" % (i // step + 1, chunks), end="", file=sys.stderr)

rng = random.Random(42)
sources = [f for f in files if f.endswith(".c")]
current = {}
for e in range(edits):
    lines = []
    for f in rng.sample(sources, per_edit):
        old = current.get(f)
        data = open(os.path.join(kernel, f), "rb").read() if old is None else old
        data += b"/* edit %d */\n" % e
        current[f] = data
        sha = git("hash-object", "-w", "--stdin", inp=data).decode().strip()
        lines.append("100644 %s\t%s" % (sha, f))
        tree_bytes += len(data) - (sizes[f] if old is None else len(old))
    if e % 60 == 7:
        # a fake credential, as people commit them
        data = ("aws_access_key_id = AKIAQ%015d\n"
                "aws_secret_access_key = Zr8vQ2mN7xL4kP9sT1wY6bH3jF5dC0gA%08d\n"
                % (e, e)).encode()
        sha = git("hash-object", "-w", "--stdin", inp=data).decode().strip()
        lines.append("100644 %s\ttools/bench-credentials-%d.ini" % (sha, e))
        tree_bytes += len(data)
    git("update-index", "--index-info", inp=("\n".join(lines) + "\n").encode())
    commit("edit %d" % e)
    history_bytes += tree_bytes
    ncommits += 1
    if ncommits % 50 == 0:
        git("tag", "v%d" % ncommits)
    if e == edits // 2:
        git("branch", "stable")
    print("\redit %d/%d" % (e + 1, edits), end="", file=sys.stderr)
print("", file=sys.stderr)
git("-c", "pack.threads=2", "repack", "-a", "-d", "-q")
git("prune-packed")
json.dump({"commits": ncommits, "files": len(files),
           "history_bytes": history_bytes, "tip_bytes": tree_bytes},
          open(os.path.join(gitdir, "assay-bench.json"), "w"))
