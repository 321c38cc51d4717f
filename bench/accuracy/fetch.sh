#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch the clean source trees bench/accuracy/run.sh measures false alarms on:
# mature projects from the Debian archive, unpacked with `apt-get source`.
# Idempotent: a project already unpacked is skipped. Needs root (apt).
# Trees go to ${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}/clean, never into the repository.
set -eu

BENCH_DIR=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}
CLEAN_DIR=$BENCH_DIR/clean
PACKAGES=${ASSAY_CLEAN_PACKAGES:-"curl openssh dropbear lighttpd proftpd-dfsg nginx sqlite3 busybox xz-utils php8.2 python3.11"}

log() { printf 'fetch-clean: %s\n' "$*" >&2; }

. "$(dirname "$0")/../lib/apt.sh"
need_root

# 1. Source packages from the same archive the machine already uses.
enable_deb_src
if ! command -v dpkg-source >/dev/null 2>&1; then
    log "installing: dpkg-dev"
    apt_update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev
fi

# 2. One directory per project: $CLEAN_DIR/<package>/<package>-<version>/.
mkdir -p "$CLEAN_DIR"
failed=0
for pkg in $PACKAGES; do
    dir=$CLEAN_DIR/$pkg
    if [ -f "$dir/.done" ]; then
        log "already fetched: $pkg"
        continue
    fi
    log "fetching $pkg"
    apt_update
    rm -rf "$dir"
    mkdir -p "$dir"
    # Newest version first; a security update's files are sometimes missing
    # from the mirror, so fall back to the previous versions.
    ok=0
    for v in $(apt-cache showsrc "$pkg" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -ruV); do
        if (cd "$dir" && apt-get source -qq "$pkg=$v" >/dev/null 2>&1); then
            ok=1
            log "$pkg=$v"
            break
        fi
        rm -rf "${dir:?}"/*
    done
    if [ "$ok" -eq 1 ]; then
        # keep only the unpacked tree
        find "$dir" -maxdepth 1 -type f \( -name '*.tar.*' -o -name '*.dsc' -o -name '*.diff.gz' \) -delete
        touch "$dir/.done"
    else
        log "apt-get source $pkg failed"
        failed=$((failed + 1))
    fi
done

for pkg in $PACKAGES; do
    for t in "$CLEAN_DIR/$pkg"/*/; do
        [ -d "$t" ] && printf '%s\t%s\n' "$pkg" "${t%/}"
    done
done
[ "$failed" -eq 0 ]
