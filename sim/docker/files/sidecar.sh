#!/bin/sh
# A supporting service of the simulated stack (deploy §2 step 7: backup-cron, metrics-collector,
# blackbox-exporter, alertmanager, loki, fluent-bit, grafana): logs that it runs and keeps a heartbeat
# file fresh for its health check. backup-cron also dumps the catalog every BACKUP_INTERVAL_SECONDS.
set -eu
ROLE="${SIDECAR_ROLE:-sidecar}"
INTERVAL="${SIDECAR_INTERVAL_SECONDS:-5}"
trap 'echo "$ROLE: stopping"; exit 0' TERM INT
echo "$ROLE: started"
n=0
since_backup=0
while true; do
  n=$((n + 1))
  touch /tmp/heartbeat
  if [ "$ROLE" = "backup-cron" ] && [ -n "${BACKUP_INTERVAL_SECONDS:-}" ]; then
    since_backup=$((since_backup + INTERVAL))
    if [ "$since_backup" -ge "$BACKUP_INTERVAL_SECONDS" ]; then
      since_backup=0
      backup-now || echo "$ROLE: scheduled backup failed" >&2
    fi
  fi
  if [ $((n % 60)) -eq 1 ]; then echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) INFO $ROLE: running (cycle $n)"; fi
  sleep "$INTERVAL" &
  wait $!
done
