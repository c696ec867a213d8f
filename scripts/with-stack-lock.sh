#!/usr/bin/env bash
# Runs a command holding the machine's stack lock, /tmp/warroom-stack.lock: the containerised stack has fixed
# container names and ports, so test runs, the demo smoke, benches and people take turns.
#   bash scripts/with-stack-lock.sh <command> [args…]
# - Bounded: waits at most STACK_LOCK_WAIT_S (900 s, as the end-to-end setup does), and says at once who
#   has the lock file open when it has to wait, and again if it gives up (exit 75).
# - Only flock itself holds the lock (-o): with plain `flock file cmd` every descendant of the command
#   inherits the locked descriptor, and a daemon it starts (dockerd, a PostgreSQL, a stray server) holds the
#   lock for as long as it lives, so every later run waits on it.
set -uo pipefail

LOCK=/tmp/warroom-stack.lock
WAIT_S="${STACK_LOCK_WAIT_S:-900}"
BUSY=75

if [ $# -eq 0 ]; then
  echo "usage: with-stack-lock.sh <command> [args…]" >&2
  exit 2
fi

# Processes with the lock file open: whoever holds it, and whoever waits for it.
lock_users() {
  local fd pid
  for fd in /proc/[0-9]*/fd/*; do
    [ "$(readlink "$fd" 2>/dev/null)" = "$LOCK" ] || continue
    pid=${fd#/proc/}
    pid=${pid%%/*}
    echo "  pid $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-200)"
  done | sort -u | grep . || echo "  (none now: released meanwhile)"
}

if ! flock -n "$LOCK" true; then
  echo "stack lock: $LOCK is taken; waiting up to ${WAIT_S} s. Processes with it open:"
  lock_users
fi
flock -o -w "$WAIT_S" -E "$BUSY" "$LOCK" "$@"
rc=$?
if [ "$rc" = "$BUSY" ]; then
  echo "stack lock: $LOCK still taken after ${WAIT_S} s; giving up. Processes with it open:" >&2
  lock_users >&2
fi
exit "$rc"
