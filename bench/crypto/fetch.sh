#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Fetch the ground-truth material of the crypto benchmark (bench/crypto/run.sh): the Debian source
# packages and the shipped shared objects of five cryptographic libraries. Binaries are downloaded
# and unpacked with dpkg-deb -x, never installed. Each library's shared objects are also copied
# into a "stripped" directory after strip --strip-all (Debian already ships them stripped of debug
# symbols, but the dynamic symbol table stays; run.sh scans both). Idempotent; needs root (apt)
# only to enable deb-src. Everything goes to ${ASSAY_CRYPTO_BENCH_DIR:-/var/tmp/assay-bench/crypto},
# never into the repository. Prints the directory on success.
set -eu

OUT=${ASSAY_CRYPTO_BENCH_DIR:-/var/tmp/assay-bench/crypto}

# library  source-package  binary-packages (comma separated)
LIBS='openssl openssl libssl3
libgcrypt libgcrypt20 libgcrypt20
nettle nettle libnettle8,libhogweed6
mbedtls mbedtls libmbedcrypto7
libsodium libsodium libsodium23'

log() { printf 'fetch-crypto: %s\n' "$*" >&2; }

. "$(dirname "$0")/../lib/apt.sh"

# 1. deb-src entries, derived from the binary entries (bench/lib/apt.sh).
enable_deb_src
command -v dpkg-source >/dev/null 2>&1 || {
    log "installing dpkg-dev (apt-get source needs dpkg-source)"
    apt_update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dpkg-dev
}
command -v strip >/dev/null 2>&1 || { log "strip (binutils) not found"; exit 1; }

# Versions of a package (source or binary) the apt index knows, newest first.
versions() {
    { apt-cache showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p'
      apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /, "", $2); print $2}'; } |
        sort -u | sort -r -V
}

mkdir -p "$OUT/src" "$OUT/bin" "$OUT/stripped" "$OUT/debs"

printf '%s\n' "$LIBS" | while read -r lib srcpkg binpkgs; do
    stamp="$OUT/.$lib.done"
    if [ -f "$stamp" ]; then
        log "already fetched: $lib"
        continue
    fi
    log "$lib: source package $srcpkg"
    rm -rf "$OUT/src/$lib" "$OUT/bin/$lib" "$OUT/stripped/$lib"
    tmp="$OUT/src/.tmp-$lib"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    # The index may name a version the mirror no longer serves (a security update superseded
    # upstream): try every version the index knows, newest first, and keep the first that comes.
    got=
    for v in $(versions "$srcpkg"); do
        if (cd "$tmp" && apt-get source -qq "$srcpkg=$v" >/dev/null 2>&1); then
            got=$v
            break
        fi
        log "$lib: $srcpkg=$v not served, trying an older version"
        rm -rf "${tmp:?}"/*
    done
    [ -n "$got" ] || { log "$lib: no version of $srcpkg could be fetched"; exit 1; }
    dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    [ -n "$dir" ] || { log "$lib: no tree after apt-get source"; exit 1; }
    ver=$(basename "$dir")
    mv "$dir" "$OUT/src/$lib"
    printf '%s\n' "$ver" > "$OUT/src/$lib.version"
    rm -rf "$tmp"

    log "$lib: binary packages $binpkgs"
    mkdir -p "$OUT/bin/$lib" "$OUT/stripped/$lib"
    for pkg in $(printf '%s' "$binpkgs" | tr ',' ' '); do
        (cd "$OUT/debs" && rm -f "${pkg}"_*.deb)
        # the binary of the same version as the source when the mirror has it
        (cd "$OUT/debs" && apt-get download -qq "$pkg=$got" >/dev/null 2>&1) || {
            ok=
            for v in $(versions "$pkg"); do
                if (cd "$OUT/debs" && apt-get download -qq "$pkg=$v" >/dev/null 2>&1); then
                    ok=$v
                    break
                fi
            done
            [ -n "$ok" ] || { log "$lib: no version of $pkg could be downloaded"; exit 1; }
            log "$lib: $pkg=$got not served; using $ok"
        }
        deb=$(ls "$OUT/debs/${pkg}"_*.deb | head -n 1)
        dpkg-deb -x "$deb" "$OUT/bin/$lib"
        dpkg-deb -f "$deb" Package Version | tr '\n' ' ' >> "$OUT/bin/$lib.version"
        echo >> "$OUT/bin/$lib.version"
    done
    # shared objects only (the packages also carry docs and copyright files); regular files, not
    # the version symlinks
    find "$OUT/bin/$lib" -type f -name '*.so*' | while read -r so; do
        dst="$OUT/stripped/$lib/$(basename "$so")"
        # record what Debian shipped, then strip --strip-all in any case (a no-op on code and
        # data when the object is already stripped; it drops .symtab when it is not)
        printf '%s: %s\n' "$(basename "$so")" "$(file -b "$so" | grep -o 'not stripped\|stripped$' || echo '?')" \
            >> "$OUT/stripped/$lib.shipped"
        strip --strip-all -o "$dst" "$so"
    done
    touch "$stamp"
done

printf '%s\n' "$OUT"
