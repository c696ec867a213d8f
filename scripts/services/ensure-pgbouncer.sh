#!/usr/bin/env bash
# Installs the PgBouncer binary (Debian's package starts no service). Idempotent; quick when present.
set -euo pipefail

log() { echo "ensure-pgbouncer: $*"; }

if [ -x /usr/sbin/pgbouncer ]; then
  log "present: $(/usr/sbin/pgbouncer --version | head -1)"
  exit 0
fi
if [ "$(id -u)" != 0 ]; then log "need root to apt-get install pgbouncer"; exit 1; fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pgbouncer >/dev/null
log "installed: $(/usr/sbin/pgbouncer --version | head -1)"
