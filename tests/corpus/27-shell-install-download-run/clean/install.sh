#!/bin/sh
# install.sh - install the agent as a system service.
set -eu

PREFIX=${PREFIX:-/usr/local}
UNIT_DIR=/etc/systemd/system

need() { command -v "$1" >/dev/null 2>&1 || { echo "missing: $1" >&2; exit 1; }; }
need install
need systemctl

install -m 0755 bin/agentd "$PREFIX/bin/agentd"
install -m 0644 share/agentd.service "$UNIT_DIR/agentd.service"
mkdir -p /etc/agentd
[ -f /etc/agentd/agentd.conf ] || install -m 0600 share/agentd.conf /etc/agentd/agentd.conf

# plugin helpers ship in the package
install -m 0755 share/helpers.sh "$PREFIX/libexec/agentd/helpers.sh"

systemctl daemon-reload
systemctl enable --now agentd.service
echo "agentd installed in $PREFIX"
