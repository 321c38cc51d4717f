#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
#
# Archives as input: release tarballs and zips are scanned member by member
# in memory; hostile ones (path traversal names, links, a decompression
# bomb, a truncated stream, nesting) are bounded and reported, and nothing
# is ever written outside the report.
#   tests/hostile/archives.py PATH/TO/assay
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

A = sys.argv[1]
passed = failed = 0

BACKDOOR = (b'int f(int s) {\n  char b[64];\n  recv(s, b, 63, 0);\n'
            b'  if (!strcmp(b, "zz-open")) system("/bin/sh");\n  return 0;\n}\n')
KEY = b'aws_secret_access_key = "q8Vz2LmN0pRtA7cXk3Hj9Wf4Ys6Bd1Ue5Gi8Oa2T"\n'


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok   " + name)
    else:
        failed += 1
        print("FAIL " + name + (": " + detail if detail else ""))


def scan(*args, timeout=120):
    t0 = time.time()
    p = subprocess.run([A, "scan", "-q", "-f", "json", *args],
                       capture_output=True, timeout=timeout)
    dt = time.time() - t0
    if p.returncode not in (0, 1):
        return None, p, dt
    return json.loads(p.stdout), p, dt


def add(tf, name, data, **kw):
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    for k, v in kw.items():
        setattr(ti, k, v)
    tf.addfile(ti, io.BytesIO(data))


with tempfile.TemporaryDirectory() as d:
    # 1. two releases: the diff shows only the new backdoor
    for ver, extra in (("1.0", False), ("1.1", True)):
        with tarfile.open(f"{d}/proj-{ver}.tar.gz", "w:gz") as tf:
            add(tf, f"proj-{ver}/src/main.c", b"int main(void) { return 0; }\n")
            add(tf, f"proj-{ver}/etc/app.ini", KEY)
            if extra:
                add(tf, f"proj-{ver}/src/net.c", BACKDOOR)
    r, p, _ = scan(f"{d}/proj-1.1.tar.gz")
    paths = {f["path"] for f in r["findings"]} if r else set()
    check("members are scanned and named ARCHIVE!/member",
          f"{d}/proj-1.1.tar.gz!/proj-1.1/src/net.c" in paths, str(paths))
    p = subprocess.run([A, "diff", "-q", "-f", "json", f"{d}/proj-1.0.tar.gz",
                        f"{d}/proj-1.1.tar.gz"], capture_output=True)
    r = json.loads(p.stdout) if p.returncode in (0, 1) else None
    rules = sorted(f["rule"] for f in r["findings"]) if r else None
    check("diff of two release tarballs reports only what is new",
          r is not None and all(f["path"].endswith("src/net.c") for f in r["findings"])
          and r["findings"] and r["summary"]["baselined"] >= 1, str(rules))

    # 2. traversal names and links: reported, never followed or written
    os.makedirs(f"{d}/box/in")
    with tarfile.open(f"{d}/box/in/evil.tar", "w") as tf:
        add(tf, "../../escape.c", BACKDOOR)
        add(tf, "/abs/key.ini", KEY)
        add(tf, "link", b"", type=tarfile.SYMTYPE, linkname="/etc/shadow")
        add(tf, "dev", b"", type=tarfile.CHRTYPE)
    def tree():
        return {os.path.join(w, f) for w, _, fs in os.walk(f"{d}/box") for f in fs}
    before = tree()
    r, p, _ = scan(f"{d}/box/in/evil.tar")
    after = tree()
    check("traversal member scanned in memory", r is not None and any(
        f["path"].endswith("!/../../escape.c") for f in r["findings"]))
    check("nothing written next to the archive", before == after,
          str(after - before))
    reasons = {s["reason"] for s in r["skipped"]} if r else set()
    check("link and device members reported, not followed",
          {"symlink", "special"} <= reasons, str(reasons))

    # 3. a decompression bomb: 256 MiB of zeros in a few hundred KB
    with tarfile.open(f"{d}/bomb.tar.gz", "w:gz", compresslevel=1) as tf:
        ti = tarfile.TarInfo("bomb/zeros.bin")
        ti.size = 256 << 20

        class Zeros(io.RawIOBase):
            def __init__(self, n):
                self.n = n

            def readable(self):
                return True

            def readinto(self, b):
                k = min(len(b), self.n)
                b[:k] = bytes(k)
                self.n -= k
                return k
        tf.addfile(ti, io.BufferedReader(Zeros(256 << 20), 1 << 20))
        add(tf, "bomb/after.ini", KEY)
    r, p, dt = scan("--max-file-size", "4M", f"{d}/bomb.tar.gz", timeout=300)
    reasons = {s["reason"] for s in r["skipped"]} if r else set()
    check("bomb member skipped as too-large", "too-large" in reasons,
          str(reasons) + " " + (p.stderr.decode(errors="replace")[:200] if p else ""))
    check("member after the bomb still scanned", r is not None and any(
        f["path"].endswith("after.ini") for f in r["findings"]))

    # 4. truncated stream: what was read is kept, the damage is reported
    with tarfile.open(f"{d}/whole.tar.gz", "w:gz") as tf:
        add(tf, "t/first.ini", KEY)
        add(tf, "t/pad.bin", os.urandom(300000))
        add(tf, "t/last.ini", KEY)
    data = open(f"{d}/whole.tar.gz", "rb").read()
    open(f"{d}/cut.tar.gz", "wb").write(data[: len(data) // 2])
    r, p, _ = scan(f"{d}/cut.tar.gz")
    check("truncated archive does not fail the scan", r is not None,
          p.stderr.decode(errors="replace")[:200] if p else "")
    check("member before the damage kept", r is not None and any(
        f["path"].endswith("first.ini") for f in r["findings"]))
    check("damage reported", r is not None and any(
        s["reason"] == "archive-error" for s in r["skipped"]))
    open(f"{d}/garbage.zip", "wb").write(os.urandom(4096))
    r, p, _ = scan(f"{d}/garbage.zip")
    check("garbage named .zip is reported, not fatal", r is not None and any(
        s["reason"] == "archive-error" for s in r["skipped"]))

    # 5. nesting: a zip inside a tar, the key found with its nested path
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("inner/conf.ini", KEY)
    with tarfile.open(f"{d}/outer.tar.xz", "w:xz") as tf:
        add(tf, "outer/bundle.zip", zbuf.getvalue())
    r, p, _ = scan(f"{d}/outer.tar.xz")
    check("nested zip inside tar.xz is opened", r is not None and any(
        f["path"].endswith("outer.tar.xz!/outer/bundle.zip!/inner/conf.ini")
        for f in r["findings"]), str([f["path"] for f in r["findings"]]) if r else "")

    # 6. --no-archives: the archive is one (binary) file
    r, p, _ = scan("--no-archives", f"{d}/outer.tar.xz")
    check("--no-archives does not open members", r is not None and not any(
        "!/" in f["path"] for f in r["findings"]))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
