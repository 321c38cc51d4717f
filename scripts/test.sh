#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# The whole test suite from nothing: install, build (release into build/,
# ASan+UBSan into build-asan/), run ctest in both. Leaves build/assay.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DASSAY_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"

status=0
pass=0
fail=0
for dir in build build-asan; do
    echo "== ctest in $dir" >&2
    log=$(mktemp)
    if ! (cd "$dir" && ctest --output-on-failure -j"$jobs" 2>&1 | tee "$log"); then
        status=1
    fi
    # "100% tests passed, 0 tests failed out of 24"
    line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log" | tail -1 || true)
    if [ -z "$line" ]; then
        status=1
        fail=$((fail + 1))
    else
        total=$(echo "$line" | sed -E 's/.*out of ([0-9]+).*/\1/')
        failed=$(echo "$line" | sed -E 's/.* ([0-9]+) tests failed.*/\1/')
        pass=$((pass + total - failed))
        fail=$((fail + failed))
    fi
    rm -f "$log"
done
echo "$pass passed, $fail failed"
exit $status
