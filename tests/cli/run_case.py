#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Run one golden end-to-end case (curl's tests/data, jq's triplets).

A case is a folder tests/cases/NNNN-name/ holding:
  cmd            the arguments after `assay`, one line; run with the case
                 folder as working directory (so paths read input/...)
  input/         the tree it scans (may be absent for rules commands)
  expected.json  the exact JSON report expected on stdout (if the command
                 writes JSON, or is `cbom`), compared after parsing
  exit           the expected exit code (default 0)
  stderr         lines that must each appear in stderr (optional)

For every case whose cmd is a JSON scan, the runner also (1) validates the
JSON against docs/report.schema.json, (2) reruns it as SARIF and validates
that against the official SARIF 2.1.0 schema, and (3) reruns it with -j1 and
-j4 and requires byte-identical output. A `cbom` case is validated against
the official CycloneDX 1.6 schema instead, and rerun the same way.
`--update` rewrites expected.json.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile


def run(assay, args, cwd):
    p = subprocess.run([assay] + args, cwd=cwd, capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


def validate(node, validator, schema, path):
    p = subprocess.run([node, validator, schema, path], capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--assay", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--node", default="node")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()

    case = a.case
    # git keeps no empty folders: a case without input/ scans an empty one
    os.makedirs(os.path.join(case, "input"), exist_ok=True)
    args = shlex.split(open(os.path.join(case, "cmd")).read().strip())
    want_exit = 0
    if os.path.exists(os.path.join(case, "exit")):
        want_exit = int(open(os.path.join(case, "exit")).read().strip())
    failures = []

    code, out, err = run(a.assay, args, case)
    if code != want_exit:
        failures.append(f"exit {code}, expected {want_exit}\nstderr:\n{err}")
    if code >= 128 or code < 0 or "Sanitizer" in err or "runtime error" in err:
        failures.append(f"crashed or sanitizer report:\n{err}")
    stderr_file = os.path.join(case, "stderr")
    if os.path.exists(stderr_file):
        for line in open(stderr_file).read().splitlines():
            if line and line not in err:
                failures.append(f"stderr lacks {line!r}; got:\n{err}")

    is_json = "json" in args and args[0] in ("scan", "diff")
    is_cbom = args[0] == "cbom" and "--format" not in args and "-f" not in args
    if is_cbom:
        # CycloneDX 1.6: exact JSON, the official schema, any -j the same
        try:
            got = json.loads(out)
        except ValueError as e:
            failures.append(f"stdout is not JSON: {e}")
            got = None
        exp_file = os.path.join(case, "expected.json")
        if got is not None:
            for t in got.get("metadata", {}).get("tools", {}).get("components", []):
                t["version"] = "X"
            if a.update:
                with open(exp_file, "w") as f:
                    json.dump(got, f, indent=2, sort_keys=True)
                    f.write("\n")
            elif json.load(open(exp_file)) != got:
                with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                    json.dump(got, f, indent=2, sort_keys=True)
                failures.append(f"CBOM differs from expected.json; got {f.name}\n"
                                f"  diff -u {exp_file} {f.name}")
        validator = os.path.join(a.root, "tests/tools/validate-json.mjs")
        schema = os.path.join(a.root, "node_modules/@cyclonedx/cyclonedx-library/"
                                      "res/schema/bom-1.6.SNAPSHOT.schema.json")
        with tempfile.TemporaryDirectory() as tmp:
            cpath = os.path.join(tmp, "bom.json")
            open(cpath, "wb").write(out)
            if not validate(a.node, validator, schema, cpath):
                failures.append("CBOM does not match the CycloneDX 1.6 schema")
        outs = []
        for j in ("1", "4"):
            _, o, _ = run(a.assay, args + ["-j", j], case)
            outs.append(o)
        if outs[0] != outs[1] or outs[0] != out:
            failures.append("CBOM differs between -j1, -j4 and default")
    if is_json:
        try:
            got = json.loads(out)
        except ValueError as e:
            failures.append(f"stdout is not JSON: {e}")
            got = None
        exp_file = os.path.join(case, "expected.json")
        if got is not None:
            got["tool"]["version"] = "X"
            if a.update:
                with open(exp_file, "w") as f:
                    json.dump(got, f, indent=2, sort_keys=True)
                    f.write("\n")
            elif json.load(open(exp_file)) != got:
                with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                    json.dump(got, f, indent=2, sort_keys=True)
                failures.append(f"JSON differs from expected.json; got {f.name}\n"
                                f"  diff -u {exp_file} {f.name}")
        validator = os.path.join(a.root, "tests/tools/validate-json.mjs")
        with tempfile.TemporaryDirectory() as tmp:
            jpath = os.path.join(tmp, "r.json")
            open(jpath, "wb").write(out)
            if not validate(a.node, validator,
                            os.path.join(a.root, "docs/report.schema.json"), jpath):
                failures.append("JSON report does not match docs/report.schema.json")
            sargs = [x for x in args]
            sargs[sargs.index("json")] = "sarif"
            scode, sout, serr = run(a.assay, sargs, case)
            spath = os.path.join(tmp, "r.sarif")
            open(spath, "wb").write(sout)
            schema = os.path.join(a.root, "node_modules/@microsoft/jest-sarif/lib/"
                                          "schemas/sarif-2.1.0-rtm.5.json")
            if scode != code or not validate(a.node, validator, schema, spath):
                failures.append("SARIF output invalid (or exit code differs)")
            outs = []
            for j in ("1", "4"):
                _, o, _ = run(a.assay, args + ["-j", j], case)
                outs.append(o)
            if outs[0] != outs[1] or outs[0] != out:
                failures.append("output differs between -j1, -j4 and default")

    name = os.path.basename(case.rstrip("/"))
    if failures:
        print(f"FAIL {name}")
        for f in failures:
            print("  " + f.replace("\n", "\n  "))
        sys.exit(1)
    print(f"ok {name}")


if __name__ == "__main__":
    main()
