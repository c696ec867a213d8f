#!/usr/bin/env bash
# Install and start what the tests and the demo need on a fresh Debian machine of this kind; a no-op when
# present. --demo installs only what the demo needs (no Chromium or emoji font).
set -euo pipefail

TEST_TOOLS=1
for arg in "$@"; do
  case "$arg" in
    --demo) TEST_TOOLS=0 ;;
    *) echo "ensure-services: unknown argument $arg (only --demo)" >&2; exit 2 ;;
  esac
done

log() { echo "ensure-services: $*"; }
APT_UPDATED=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then log "need root to apt-get install $*"; return 1; fi
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Each part below runs even when an earlier one failed (a PostgreSQL that will not start must not leave the
# demo's containerised stack without PgBouncer); the script fails at the end, naming what failed.
FAILED=()
part() {
  local name=$1; shift
  if ! "$@"; then log "$name: failed"; FAILED+=("$name"); fi
}

# PostgreSQL (integration tests; the containerised stack copies its binaries) — normally running on :5432.
ensure_postgres() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
  if ! command -v pg_ctlcluster >/dev/null; then apt_install postgresql || return 1; fi
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || return 1
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
  log "PostgreSQL did not answer on 127.0.0.1:5432 within 30 s"
  return 1
}

# Redis — normally already running on 127.0.0.1:6379.
ensure_redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
  if ! command -v redis-server >/dev/null; then apt_install redis-server || return 1; fi
  log "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
}

part postgresql ensure_postgres
part redis ensure_redis

# Chromium for Playwright (never `playwright install`: it downloads).
if [ "$TEST_TOOLS" = 1 ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  log "installing Debian's chromium"
  apt_install chromium fonts-dejavu-core
fi
# Board and TV use a few emoji (⚠, ✓); without a colour emoji font Chromium draws empty boxes.
if [ "$TEST_TOOLS" = 1 ] && ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
  log "installing fonts-noto-color-emoji"
  apt_install fonts-noto-color-emoji
fi

# Debian's docker-compose (v1, Python): the image test validates compose.yaml with `docker-compose config`
# (these machines have no `docker compose` plugin).
if [ "$TEST_TOOLS" = 1 ] && ! command -v docker-compose >/dev/null; then
  log "installing docker-compose"
  apt_install docker-compose
fi

# Debian's celery and its Redis client: Deal Scout's containerised stack copies them into its worker image
# (a real worker, so `celery inspect` answers).
ensure_celery() {
  /usr/bin/python3 -c "import celery, redis" 2>/dev/null && return 0
  log "installing python3-celery python3-redis"
  apt_install python3-celery python3-redis
}
part celery ensure_celery

# Docker engine (host networking only) and the PgBouncer binary, for the infra probes and the
# containerised simulated stack.
part docker bash "$(dirname "$0")/services/ensure-docker.sh"
part pgbouncer bash "$(dirname "$0")/services/ensure-pgbouncer.sh"

if [ "${#FAILED[@]}" -gt 0 ]; then log "not ready: ${FAILED[*]}"; exit 1; fi
log "ready"
