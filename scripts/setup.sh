#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# Install everything assay needs to build and test, on Debian 12 as root:
# Debian -dev packages (Vectorscan, PCRE2, libyaml, jansson, OpenSSL, libarchive,
# libgit2, libdeflate), the test tools, and the npm packages listed in
# package.json (the tree-sitter runtime and grammar sources, the official SARIF schema, a
# JSON-schema validator). Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential cmake pkg-config libvectorscan-dev libpcre2-dev
      libyaml-dev libjansson-dev libssl-dev libarchive-dev python3
      ca-certificates)
PKGS+=(libgit2-dev libdeflate-dev git) # assay history (libdeflate inflates its packs); git builds the test repositories
missing=()
for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm packages: grammar sources are compiled by CMake; install scripts are
# not run (they would build node bindings we do not use).
stamp=node_modules/.assay-stamp
want=$(sha256sum package.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing npm packages" >&2
    npm install --ignore-scripts --legacy-peer-deps --no-audit --no-fund \
        --no-package-lock --loglevel=error >/dev/null
    echo "$want" > "$stamp"
fi
