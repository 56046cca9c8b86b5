#!/bin/sh
# core.pause: $1 = max_pause (seconds), $2 = random ("1" or "0", as the script runner passes booleans)
max="$1"
random="$2"
case "$max" in
  ''|*[!0-9]*) echo "max_pause must be a whole number of seconds, not '$max'" >&2; exit 2 ;;
esac
seconds="$max"
if [ "$random" = 1 ] && [ "$max" -gt 0 ]; then
  seconds=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % max + 1 ))
fi
sleep "$seconds"
echo "paused for $seconds seconds"
