#!/usr/bin/env bash
# Starts (if needed) a PRIVATE dockerd for Layerwise tests and prints its socket path.
# Idempotent: when the socket already answers, nothing is started. The data-root persists
# between runs so built images stay cached. No bridge, no iptables: builds use
# --network host|none and containers --network none, so the daemon needs no NAT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

lw_apt_need dockerd:docker.io docker:docker.io debootstrap:debootstrap docker-registry:docker-registry

if ! lw_daemon_answers; then
  [ "$(id -u)" = 0 ] || lw_die "need root to start dockerd"
  mkdir -p "$LW_DOCKER_DIR/data" "$LW_DOCKER_DIR/exec"
  # Test files run in parallel processes: only one may clean up and start the daemon.
  exec 8>"$LW_DOCKER_DIR/daemon.lock"
  flock 8
fi
if ! lw_daemon_answers; then
  # A stale pidfile or socket from a killed daemon would make dockerd refuse to start.
  if [ -s "$LW_DOCKER_PIDFILE" ] && kill -0 "$(cat "$LW_DOCKER_PIDFILE")" 2>/dev/null; then
    lw_log "dockerd pid $(cat "$LW_DOCKER_PIDFILE") is alive but not answering yet; waiting"
  else
    rm -f "$LW_DOCKER_PIDFILE" "$LW_DOCKER_SOCK"
    lw_log "starting private dockerd on $LW_DOCKER_SOCK"
    setsid dockerd --bridge=none --iptables=false --ip6tables=false \
      --data-root "$LW_DOCKER_DIR/data" --exec-root "$LW_DOCKER_DIR/exec" \
      --pidfile "$LW_DOCKER_PIDFILE" -H "unix://$LW_DOCKER_SOCK" \
      >>"$LW_DOCKER_DIR/dockerd.log" 2>&1 </dev/null 8>&- &
  fi
  for _ in $(seq 1 60); do lw_daemon_answers && break; sleep 0.5; done
  lw_daemon_answers || { tail -15 "$LW_DOCKER_DIR/dockerd.log" >&2; lw_die "private dockerd did not answer on $LW_DOCKER_SOCK (log: $LW_DOCKER_DIR/dockerd.log)"; }
fi
echo "$LW_DOCKER_SOCK"
