#!/bin/sh
# setup-env.sh - prepares a developer machine for the project.
set -e

echo "checking toolchain..."
for t in git cmake ninja pkg-config; do
    command -v "$t" >/dev/null || { echo "please install $t"; exit 1; }
done

git submodule update --init --recursive
if [ ! -f .git/hooks/pre-commit ]; then
    ln -s ../../scripts/pre-commit .git/hooks/pre-commit
    echo "installed the pre-commit hook"
fi
python3 -m venv .venv
.venv/bin/pip install -q -r scripts/requirements-dev.txt
mkdir -p build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug
echo "done: run 'ninja -C build'"
