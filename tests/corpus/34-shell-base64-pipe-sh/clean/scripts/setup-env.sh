#!/bin/sh
# setup-env.sh - prepares a developer machine for the project.
set -e

echo "checking toolchain..."
for t in git cmake ninja pkg-config; do
    command -v "$t" >/dev/null || { echo "please install $t"; exit 1; }
done

git submodule update --init --recursive
mkdir -p build
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug
echo "done: run 'ninja -C build'"
