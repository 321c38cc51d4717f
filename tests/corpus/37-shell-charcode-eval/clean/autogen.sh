#!/bin/sh
# autogen.sh - regenerate the build system from a git checkout.
set -e

srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.

for tool in autoreconf libtoolize pkg-config; do
    command -v "$tool" >/dev/null 2>&1 || echo "warning: $tool not found" >&2
done

(cd "$srcdir" && autoreconf --force --install --verbose) || {
    echo "autoreconf failed; install autoconf, automake and libtool" >&2
    exit 1
}

if test -z "$NOCONFIGURE"; then
    exec "$srcdir/configure" "$@"
fi
