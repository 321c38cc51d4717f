#!/bin/sh
# clean twin: downloads, verifies a checksum, then installs
set -e
curl -fsSLo helper.tar.gz https://get.example.org/helper-1.2.tar.gz
echo "5d41402abc4b2a76b9719d911017c592  helper.tar.gz" | sha256sum -c -
tar xzf helper.tar.gz
