#!/bin/sh
# Build a release tarball and publish it as a GitHub release.
#
#   scripts/release.sh VERSION
set -eu

if [ $# -ne 1 ]; then
    echo "usage: scripts/release.sh VERSION" >&2
    exit 2
fi
version=$1
name="tallyd-$version"
repo="tallyd-project/tallyd"
GITHUB_TOKEN="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"

if ! grep -q "TALLYD_VERSION \"$version\"" src/tallyd.h; then
    echo "release.sh: src/tallyd.h does not say version $version" >&2
    exit 1
fi

make clean
make check
git archive --format=tar --prefix="$name/" "v$version" | gzip -9 > "$name.tar.gz"
sha256sum "$name.tar.gz" > "$name.tar.gz.sha256"

release_id=$(curl -fsS -X POST \
    -H "Authorization: Bearer $GITHUB_TOKEN" \
    -H "Accept: application/vnd.github+json" \
    -d "{\"tag_name\": \"v$version\", \"name\": \"tallyd $version\"}" \
    "https://api.github.com/repos/$repo/releases" | sed -n 's/^  "id": \([0-9]*\),$/\1/p')

for file in "$name.tar.gz" "$name.tar.gz.sha256"; do
    curl -fsS -X POST \
        -H "Authorization: Bearer $GITHUB_TOKEN" \
        -H "Content-Type: application/octet-stream" \
        --data-binary "@$file" \
        "https://uploads.github.com/repos/$repo/releases/$release_id/assets?name=$file" >/dev/null
done
echo "published $name"
