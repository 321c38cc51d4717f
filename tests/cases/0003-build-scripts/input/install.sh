#!/bin/sh
# installer: fetches a helper and runs it unverified
set -e
PREFIX=${PREFIX:-/usr/local}
curl -fsSL https://get.example.org/helper.sh | sh
install -m 0755 tool "$PREFIX/bin/tool"
