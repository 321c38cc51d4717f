# SPDX-License-Identifier: Apache-2.0
#
# The checks of tests/history/run.sh, over the reports it wrote in $W.
# Prints one line per failure and a closing "N passed, N failed".
import json
import os
import sys

E = os.environ
W = E["W"]
C = {i: E["C%d" % i] for i in range(1, 8)}
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s %s" % (name, detail), file=sys.stderr)


def load(n):
    try:
        with open(os.path.join(W, n + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("cannot read %s: %s" % (n, e), file=sys.stderr)
        return {"findings": [], "skipped": [], "summary": {}}


def rc(n):
    with open(os.path.join(W, n + ".rc")) as f:
        return int(f.read())


def at(report, sub, rule):
    return [f for f in report["findings"] if sub in f["path"] and rule in f["rule"]]


m = load("main")
F = m["findings"]
check("exit 1 with findings", rc("main") == 1, rc("main"))

aws = at(m, "config", "aws")
check("AWS secret: two findings (id and key)", len(aws) == 2, [f["path"] for f in aws])
check("attributed to the commit that added it",
      {f["commit"] for f in aws} == {C[2]}, {f["commit"] for f in aws})
check("location git:<commit>:<path>",
      {f["path"] for f in aws} == {"git:%s:config.env" % C[2]})
check("author and date",
      {(f["author"], f["date"]) for f in aws} ==
      {("Ann Author <ann@example.org>", "2024-01-02T10:00:00+02:00")},
      {(f["author"], f["date"]) for f in aws})
check("moved (same blob) then deleted: still on the branch made after the move",
      {tuple(f["refs"]) for f in aws} == {("refs/heads/moved",)},
      {tuple(f["refs"]) for f in aws})
check("moved blob not reported again", not at(m, "prod.env", ""))
check("the move is listed as another place of the same blob",
      {tuple(f.get("also_at", [])) for f in aws} == {("git:%s:conf/prod.env" % C[3],)},
      {tuple(f.get("also_at", [])) for f in aws})

gh = [f for f in F if "docs/" in f["path"] and "github" in f["rule"]]
check("same blob at two paths, then edited: one finding", len(gh) == 1,
      [f["path"] for f in gh])
gl = [f for f in F if "docs/" in f["path"] and "gitlab" in f["rule"]]
check("a secret added by the edit: at the edit",
      [f["path"] for f in gl] == ["git:%s:docs/a.env" % C[6]], gl)
check("at the first path of the first commit",
      gh and gh[0]["path"] == "git:%s:docs/a.env" % C[5], gh and gh[0]["path"])
check("the copy at the second path is listed",
      gh and gh[0].get("also_at") == ["git:%s:docs/b.env" % C[5]], gh and gh[0].get("also_at"))
check("still on main and side",
      gh and gh[0]["refs"] == ["refs/heads/main", "refs/heads/side"],
      gh and gh[0]["refs"])
side = at(m, "side.env", "")
check("side-branch secret only on side",
      [(f["commit"], f["refs"]) for f in side] == [(C[7], ["refs/heads/side"])],
      side)
# app.py, config.env (moved: one blob), a.env (= b.env), a.env edited, side.env
check("each distinct blob scanned once", m["summary"]["files_scanned"] == 5,
      m["summary"]["files_scanned"])
check("secret values redacted",
      E["AWS_SECRET"] not in open(os.path.join(W, "main.json")).read())

co = load("checkout")
fa = {f["fingerprint"] for f in aws}
fb = {f["fingerprint"] for f in co["findings"] if "config.env" in f["path"]}
check("fingerprints as in a scan of the checkout", fa and fa == fb, (fa, fb))
b = load("base")
check("--baseline of itself leaves nothing", b["findings"] == [] and
      b["summary"]["baselined"] == len(F), b["summary"])

check("same bytes at -j1 and -j4",
      open(os.path.join(W, "j1.json"), "rb").read() ==
      open(os.path.join(W, "j4.json"), "rb").read())
check("JSON reports match docs/report.schema.json", rc("schema") == 0,
      open(os.path.join(W, "schema.out")).read())
check("SARIF matches the 2.1.0 schema", rc("sarifschema") == 0,
      open(os.path.join(W, "sarifschema.out")).read())
sarif = json.load(open(os.path.join(W, "out.sarif")))
uris = {l["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"] for l in r["locations"]}
check("SARIF uri git:<commit>:<path>", "git:%s:config.env" % C[2] in uris, uris)
props = [r["properties"] for r in sarif["runs"][0]["results"]]
check("SARIF results carry the commit", all("commit" in p for p in props))

s = load("since")
# C6 edits a.env, which already held the token at C5: a new blob, but not a
# new finding.
check("--since: only what came after",
      sorted((f["path"], f["rule"].split(".")[1]) for f in s["findings"]) ==
      sorted([("git:%s:docs/a.env" % C[6], "gitlab"), ("git:%s:side.env" % C[7], "github")]),
      [(f["path"], f["rule"]) for f in s["findings"]])
check("--since: only new blobs scanned (a.env edited, side.env)",
      s["summary"]["files_scanned"] == 2, s["summary"]["files_scanned"])
check("bad --since: exit 2 naming it", rc("badsince") == 2 and
      "no-such-rev" in open(os.path.join(W, "badsince.err")).read())
check("not a repository: exit 2", rc("norepo") == 2)

big = load("big")
check("too-large blob skipped, as scan does",
      [x["reason"] for x in big["skipped"]] == ["too-large"], big["skipped"])
bs = load("binscan")
def rules_of(r, name):
    return sorted(f["rule"] for f in r["findings"] if f["path"].endswith(name))
check("binary blob treated as scan treats the file",
      rules_of(big, "blob.bin") == rules_of(bs, "blob.bin"),
      (rules_of(big, "blob.bin"), rules_of(bs, "blob.bin")))
check("text blob next to them found", rules_of(big, "text.env") != [])

c = load("corrupt")
check("corrupt repository: a report all the same", rc("corrupt") == 1, rc("corrupt"))
check("corrupt repository: the readable secret found",
      len([f for f in c["findings"] if "keep.env" in f["path"]]) == 1)
reasons = sorted(x["reason"] for x in c["skipped"])
check("corrupt repository: the missing blob and tree reported",
      reasons == ["git-missing-object", "git-missing-object"], c["skipped"])

ch = load("chain")
check("missing commit: the tip's blobs still scanned",
      ch["summary"].get("files_scanned") == 3, ch["summary"])
check("missing commit: reported",
      "git-missing-object" in {x["reason"] for x in ch["skipped"]} and
      "git-walk-error" in {x["reason"] for x in ch["skipped"]}, ch["skipped"])

e = load("empty")
check("empty repository: clean", rc("empty") == 0 and e["findings"] == [])


cd, ca = load("catsdef"), load("catsall")
check("history looks for secrets by default",
      {f["category"] for f in cd["findings"]} == {"secret"},
      {f["category"] for f in cd["findings"]})
check("--only all: every category, the endpoint too",
      "endpoint" in {f["category"] for f in ca["findings"]} and
      "secret" in {f["category"] for f in ca["findings"]},
      {f["category"] for f in ca["findings"]})

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
