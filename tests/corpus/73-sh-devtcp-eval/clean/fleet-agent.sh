#!/bin/bash
# fleet-agent: reports this host's health to the fleet controller every
# few minutes and prints the controller's acknowledgement.
set -u

CONTROLLER_HOST=${CONTROLLER_HOST:-fleet.internal}
CONTROLLER_PORT=${CONTROLLER_PORT:-8125}
INTERVAL=${INTERVAL:-300}
STATE_DIR=/var/lib/fleet-agent

log() {
    printf '%s fleet-agent: %s\n' "$(date -u +%FT%TZ)" "$*" >> "$STATE_DIR/agent.log"
}

health() {
    local load mem disk
    load=$(cut -d' ' -f1 /proc/loadavg)
    mem=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
    disk=$(df -P / | awk 'NR==2 {print $5}')
    printf 'host=%s load=%s mem=%s disk=%s\n' "$(hostname)" "$load" "$mem" "$disk"
}

report() {
    exec 7<>"/dev/tcp/$CONTROLLER_HOST/$CONTROLLER_PORT" || return 1
    health >&7
    while IFS= read -r -t 10 reply <&7; do
        case "$reply" in
            ACK*) log "acknowledged" ;;
            *) log "controller said: $reply" ;;
        esac
    done
    exec 7>&-
}

mkdir -p "$STATE_DIR"
while :; do
    report || log "controller unreachable"
    sleep "$INTERVAL"
done
