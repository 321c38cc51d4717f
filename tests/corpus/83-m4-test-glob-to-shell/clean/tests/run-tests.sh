#!/bin/sh
# Feed the plain word list through the checker and expect every word weak.
set -e
srcdir=${srcdir:-.}
n=0
while read -r w; do
    out=$(echo "$w" | ../src/wordgrind -)
    [ "$out" = weak ] || { echo "FAIL: $w rated $out"; exit 1; }
    n=$((n + 1))
done < "$srcdir/files/words.txt"
echo "ok: $n words"
