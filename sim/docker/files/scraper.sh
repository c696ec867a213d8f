#!/bin/sh
# The scraper scheduler of the simulated stack: logs a line per cycle and keeps a heartbeat file fresh.
set -eu
INTERVAL="${SCRAPER_INTERVAL_SECONDS:-5}"
SOURCES="amazon_us walmart_us bestbuy_us target_us"
# PID 1 ignores SIGTERM unless it traps it; sleeping in the background lets the trap run at once.
trap 'echo "scraper-scheduler: stopping"; exit 0' TERM INT
echo "scraper-scheduler: started, sources: $SOURCES"
n=0
while true; do
  n=$((n + 1))
  for source in $SOURCES; do
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO scheduler: cycle $n queued $source (0 pending)"
  done
  touch /tmp/heartbeat
  sleep "$INTERVAL" &
  wait $!
done
