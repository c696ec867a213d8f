#!/bin/sh
# The scraper scheduler of the simulated stack: logs a line per cycle and keeps a heartbeat file fresh.
set -eu
INTERVAL="${SCRAPER_INTERVAL_SECONDS:-5}"
SOURCES="amazon_us walmart_us bestbuy_us target_us"
echo "scraper-scheduler: started, sources: $SOURCES"
n=0
while true; do
  n=$((n + 1))
  for source in $SOURCES; do
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO scheduler: cycle $n queued $source (0 pending)"
  done
  touch /tmp/heartbeat
  sleep "$INTERVAL"
done
