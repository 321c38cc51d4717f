#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch the Linux kernel source tree used by bench/run.sh, plus the peer tools.
# Idempotent: each step is skipped when already done. Needs root (apt).
# The tree goes to ${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}, never into the repository.
set -eu

KVER=${ASSAY_KERNEL_VERSION:-6.1.176-1}   # pinned: the newest kernel's files were missing upstream
BENCH_DIR=${ASSAY_BENCH_DIR:-/var/tmp/assay-bench}

log() { printf 'fetch-kernel: %s\n' "$*" >&2; }

. "$(dirname "$0")/lib/apt.sh"
need_root

# 1. Source packages from the same archive the machine already uses.
enable_deb_src

# 2. Peer tools (dpkg-dev provides dpkg-source, which apt-get source needs to unpack).
need=
command -v rg          >/dev/null 2>&1 || need="$need ripgrep"
command -v yara        >/dev/null 2>&1 || need="$need yara"
command -v hyperfine   >/dev/null 2>&1 || need="$need hyperfine"
command -v dpkg-source >/dev/null 2>&1 || need="$need dpkg-dev"
command -v /usr/bin/time >/dev/null 2>&1 || [ -x /usr/bin/time ] || need="$need time"
if [ -n "$need" ]; then
    log "installing:$need"
    apt_update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $need
fi

# 3. The kernel tree.
mkdir -p "$BENCH_DIR"
upstream=${KVER%-*}
tree="$BENCH_DIR/linux-$upstream"
stamp="$BENCH_DIR/.linux-$KVER.done"
if [ -f "$stamp" ] && [ -d "$tree" ]; then
    log "already fetched: $tree"
else
    log "fetching linux=$KVER into $BENCH_DIR (about 1.3 GB unpacked; takes a while)"
    apt_update
    cd "$BENCH_DIR"
    rm -rf "$tree"
    apt-get source -qq "linux=$KVER" >/dev/null
    [ -d "$tree" ] || { log "expected $tree after apt-get source"; exit 1; }
    # keep only the unpacked tree; the downloaded archives are not needed again
    rm -f linux_"$upstream"*.orig.tar.* linux_"$KVER".debian.tar.* linux_"$KVER".dsc 2>/dev/null || true
    touch "$stamp"
fi

printf '%s\n' "$tree"
