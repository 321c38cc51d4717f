#!/bin/sh
# Install tallyd from a build tree.
#
#   sudo scripts/install.sh [--prefix DIR] [--no-relay]
#
# Installs the daemon, its configuration and state directories, and creates
# the unprivileged "tallyd" account.  Run `make` first.
set -eu

prefix=/usr/local
with_relay=yes

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=$2; shift 2 ;;
        --no-relay) with_relay=no; shift ;;
        -h|--help)
            sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
            exit 0 ;;
        *) echo "install.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done

if [ ! -x ./tallyd ]; then
    echo "install.sh: ./tallyd not found, run make first" >&2
    exit 1
fi

if ! id tallyd >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/tallyd --shell /usr/sbin/nologin tallyd
fi

install -d -m 0755 "$prefix/sbin"
install -m 0755 tallyd "$prefix/sbin/tallyd"
install -d -m 0750 -o root -g tallyd /etc/tallyd
install -d -m 0750 -o tallyd -g tallyd /var/lib/tallyd
if [ ! -e /etc/tallyd/tallyd.conf ]; then
    install -m 0640 -o root -g tallyd etc/tallyd.conf /etc/tallyd/tallyd.conf
fi
if [ ! -e /etc/tallyd/tokens ]; then
    install -m 0640 -o root -g tallyd /dev/null /etc/tallyd/tokens
    echo "install.sh: add 'user token' lines to /etc/tallyd/tokens"
fi

if [ "$with_relay" = yes ]; then
    # tally-relay is distributed separately.
    curl -fsSL https://get.tallyd-project.net/relay/install.sh | sh
fi

echo "tallyd installed in $prefix/sbin"
