#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Backdoor corpus runner: recall at top-3 and clean-twin false alarms.

Each case tests/corpus/NN-lang-mechanism/ holds `bad/` (one planted backdoor),
`clean/` (its twin without it) and `expect` (rule ids, one a line, `#`
comments). A case passes when

  * one of the expected rule ids is among the top 3 findings of
    `assay scan bad -f json`, counting only categories backdoor, build,
    obfuscation and capability, ordered by `score` descending (ties keep the
    report order), and
  * `assay scan clean -f json` has no finding of severity critical or high in
    categories backdoor, build or obfuscation.

This is what "the backdoor is in the top three, and the clean twin is clean"
means for the accuracy targets of docs/ACCURACY.md; bench/accuracy/run.sh
reads the --json output.

Usage: run.py --assay PATH --corpus DIR [--case NAME] [--verbose]
              [--json FILE|-]
Prints one PASS/FAIL line per case and `N passed, N failed`; exits 1 on any
failure (or when no case was found), 2 on a usage or scanner error.
"""
import argparse
import json
import os
import subprocess
import sys

RANKED = ("backdoor", "build", "obfuscation", "capability")
ALARM_CATEGORIES = ("backdoor", "build", "obfuscation")
ALARM_SEVERITIES = ("critical", "high")
TOP = 3
TIMEOUT = 600


class ScanError(Exception):
    pass


def scan(assay, targets):
    """Run assay once over every target (one rule-set compilation for the
    whole corpus); return {target: [findings under it]}, report order."""
    try:
        p = subprocess.run([assay, "scan", "-f", "json"] + targets,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ScanError(f"scan: {e}") from e
    if p.returncode not in (0, 1):
        err = p.stderr.decode("utf-8", "replace").strip()
        raise ScanError(f"scan: exit {p.returncode}: {err[:400]}")
    try:
        report = json.loads(p.stdout)
    except ValueError as e:
        raise ScanError(f"scan: bad JSON: {e}") from e
    out = {t: [] for t in targets}
    for f in report.get("findings", []):
        path = str(f.get("path", ""))
        for t in targets:
            if path == t or path.startswith(t + os.sep):
                out[t].append(f)
                break
    return out


def ranked(findings):
    """Findings of the ranked categories, by score descending, stable."""
    fs = [f for f in findings
          if f.get("category") in RANKED and not f.get("suppressed")]
    return sorted(fs, key=lambda f: -int(f.get("score", 0)))


def alarms(findings):
    return [f for f in findings
            if f.get("category") in ALARM_CATEGORIES
            and f.get("severity") in ALARM_SEVERITIES
            and not f.get("suppressed")]


def read_expect(path):
    ids = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                ids.append(line)
    return ids


def brief(f):
    return (f"{f.get('rule')} [{f.get('severity')}/{f.get('score')}] "
            f"{os.path.basename(str(f.get('path', '')))}:"
            f"{f.get('start', {}).get('line', '?')}")


def run_case(cdir, found):
    """Judge one case from the findings of the shared scan."""
    name = os.path.basename(cdir)
    res = {"case": name, "pass": False, "expect": [], "rank": None,
           "top": [], "clean_alarms": [], "error": None}
    try:
        for part in ("bad", "clean", "expect"):
            if not os.path.exists(os.path.join(cdir, part)):
                raise ScanError(f"missing {part}")
        res["expect"] = read_expect(os.path.join(cdir, "expect"))
        if not res["expect"]:
            raise ScanError("expect lists no rule id")
        order = ranked(found[os.path.join(cdir, "bad")])
        res["top"] = [brief(f) for f in order[:TOP]]
        for i, f in enumerate(order):
            if f.get("rule") in res["expect"]:
                res["rank"] = i + 1
                break
        res["clean_alarms"] = [brief(f) for f in
                               alarms(found[os.path.join(cdir, "clean")])]
    except (ScanError, OSError) as e:
        res["error"] = str(e)
        return res
    res["pass"] = (res["rank"] is not None and res["rank"] <= TOP
                   and not res["clean_alarms"])
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--assay", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--case", help="run one case (its directory name or NN)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", metavar="FILE",
                    help="write per-case results as JSON ('-' = stdout)")
    a = ap.parse_args()

    out = sys.stderr if a.json == "-" else sys.stdout
    try:
        names = sorted(n for n in os.listdir(a.corpus)
                       if n[:2].isdigit() and
                       os.path.isdir(os.path.join(a.corpus, n)))
    except OSError as e:
        print(f"run.py: {a.corpus}: {e}", file=sys.stderr)
        return 2
    if a.case:
        names = [n for n in names
                 if n == a.case or n.split("-", 1)[0] == a.case]
        if not names:
            print(f"run.py: no case {a.case}", file=sys.stderr)
            return 2

    dirs = [os.path.join(a.corpus, n) for n in names]
    targets = [os.path.join(d, side) for d in dirs for side in ("bad", "clean")
               if os.path.isdir(os.path.join(d, side))]
    try:
        found = scan(a.assay, targets) if targets else {}
    except ScanError as e:
        print(f"run.py: {e}", file=sys.stderr)
        return 2
    found = {t: found.get(t, []) for t in targets}
    results = []
    for d in dirs:
        n = os.path.basename(d)
        r = run_case(d, found)
        results.append(r)
        if r["pass"]:
            rank = f"rank {r['rank']}"
            print(f"PASS {n} ({rank})", file=out)
            if a.verbose:
                for t in r["top"]:
                    print(f"     {t}", file=out)
            continue
        if r["error"]:
            why = f"error: {r['error']}"
        elif r["rank"] is None or r["rank"] > TOP:
            why = ("expected rule not found" if r["rank"] is None
                   else f"expected rule at rank {r['rank']}")
            if r["clean_alarms"]:
                why += "; clean twin alarms"
        else:
            why = "clean twin alarms"
        print(f"FAIL {n}: {why} (expect {', '.join(r['expect'])})", file=out)
        for t in r["top"]:
            print(f"     top: {t}", file=out)
        for t in r["clean_alarms"]:
            print(f"     clean: {t}", file=out)

    passed = sum(1 for r in results if r["pass"])
    failed = len(results) - passed
    if a.json:
        doc = {"cases": results, "passed": passed, "failed": failed,
               "top": TOP}
        text = json.dumps(doc, indent=1) + "\n"
        if a.json == "-":
            sys.stdout.write(text)
        else:
            with open(a.json, "w", encoding="utf-8") as fh:
                fh.write(text)
    print(f"{passed} passed, {failed} failed", file=out)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
