#!/bin/sh
# A scraper of the simulated stack (the compose scheduler, or the launch-day runbook's scraper-worker-fixed,
# by SCRAPER_ROLE): logs a line per cycle and keeps a heartbeat file fresh.
set -eu
INTERVAL="${SCRAPER_INTERVAL_SECONDS:-5}"
ROLE="${SCRAPER_ROLE:-scraper-scheduler}"
SOURCES="amazon_us walmart_us bestbuy_us target_us"
# PID 1 ignores SIGTERM unless it traps it; sleeping in the background lets the trap run at once.
trap 'echo "$ROLE: stopping"; exit 0' TERM INT
echo "$ROLE: started, sources: $SOURCES"
n=0
while true; do
  n=$((n + 1))
  for source in $SOURCES; do
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO $ROLE: cycle $n queued $source (0 pending)"
  done
  touch /tmp/heartbeat
  sleep "$INTERVAL" &
  wait $!
done
