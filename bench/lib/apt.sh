# SPDX-License-Identifier: Apache-2.0
#
# Sourced by the bench/ fetch scripts: apt as root (or through sudo), one
# `apt-get update` per run, and deb-src entries derived from the machine's
# own binary entries so that `apt-get source` works on a stock Debian 12.
# The caller defines log().

SRC_LIST=/etc/apt/sources.list.d/debian.sources
SRC_DEB=/etc/apt/sources.list.d/debian-src.sources

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else SUDO=none; fi
fi

# Stop unless apt can be run as root; $1 says what for.
need_root() {
    [ "$SUDO" != none ] || { log "need root (or sudo) ${1:-for apt-get}"; exit 1; }
}

updated=0
apt_update() {
    if [ "$updated" -eq 0 ]; then
        need_root "for apt-get update"
        $SUDO apt-get update -qq
        updated=1
    fi
}

enable_deb_src() {
    [ ! -s "$SRC_DEB" ] || return 0
    [ -r "$SRC_LIST" ] || { log "$SRC_LIST not found; add a deb-src entry by hand"; exit 1; }
    need_root "to enable deb-src"
    log "enabling deb-src in $SRC_DEB"
    sed 's/^Types: deb$/Types: deb-src/' "$SRC_LIST" | $SUDO tee "$SRC_DEB" >/dev/null
    apt_update
}
