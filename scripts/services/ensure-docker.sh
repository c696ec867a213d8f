#!/usr/bin/env bash
# Makes a Docker engine answer on /var/run/docker.sock: installs docker.io (and busybox-static, which the
# simulated stack's images are made from) if missing, and starts dockerd with no bridge and no iptables
# (every container uses host networking). Idempotent; quick when the engine already answers.
set -euo pipefail

SOCKET=/var/run/docker.sock
LOG_DIR="${WARROOM_LOG_DIR:-/tmp}"
LOG_FILE="$LOG_DIR/warroom-dockerd.log"
WAIT_SECONDS="${DOCKER_WAIT_SECONDS:-60}"

log() { echo "ensure-docker: $*"; }
engine_answers() { timeout 5 docker -H "unix://$SOCKET" info >/dev/null 2>&1; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then log "need root to apt-get install $*"; return 1; fi
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
[ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  apt_install "${missing[@]}"
fi

if engine_answers; then
  log "engine answers on $SOCKET"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then log "no engine on $SOCKET and not root: cannot start dockerd"; exit 1; fi
if pgrep -x dockerd >/dev/null; then
  log "dockerd is running but not answering yet; waiting"
else
  mkdir -p "$LOG_DIR"
  log "starting dockerd (log: $LOG_FILE)"
  # setsid: the engine must outlive this script and the shell that ran it. It must not keep what it would
  # inherit beyond stdio either (dockerd and containerd pass it on): a lock (the stack lock, when the demo
  # starts the engine under it) or a pipe someone waits to see closed would stay open as long as the engine.
  (
    for fd in /proc/$BASHPID/fd/*; do
      fd=${fd##*/}
      if [ "$fd" -gt 2 ]; then eval "exec $fd>&-"; fi
    done
    exec setsid dockerd --bridge=none --iptables=false --ip-masq=false >>"$LOG_FILE" 2>&1 </dev/null
  ) &
fi

deadline=$((SECONDS + WAIT_SECONDS))
until engine_answers; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    log "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"
    tail -n 20 "$LOG_FILE" 2>/dev/null || true
    exit 1
  fi
  sleep 0.5
done
log "engine answers on $SOCKET"
