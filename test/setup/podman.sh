#!/usr/bin/env bash
# Runs Debian's Podman API service (`podman system service`) on a unix socket for tests, with its
# own vfs storage under $LW_DOCKER_DIR/podman (never the user's containers), and copies base
# images into it from the private Docker daemon (`docker save | podman load`: no registry pulls).
#   podman.sh start [IMAGE...]  starts it if its socket does not answer; prints the socket path
#   podman.sh stop              stops only the service whose PID this script recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

state="$LW_DOCKER_DIR/podman"
sock="$state/podman.sock"
pidfile="$state/service.pid"
pm() { podman --storage-driver=vfs --root "$state/root" --runroot "$state/run" --cgroup-manager=cgroupfs --events-backend=file "$@"; }
answers() { curl -fsS -o /dev/null --max-time 2 --unix-socket "$sock" http://d/_ping 2>/dev/null; }

start() {
  lw_apt_need podman:podman curl:curl
  mkdir -p "$state"
  if ! answers; then
    rm -f "$sock"
    setsid podman --storage-driver=vfs --root "$state/root" --runroot "$state/run" --cgroup-manager=cgroupfs --events-backend=file \
      system service --time=0 "unix://$sock" >"$state/service.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
    for _ in $(seq 1 80); do answers && break; sleep 0.25; done
    answers || { cat "$state/service.log" >&2; lw_die "podman system service did not answer on $sock"; }
  fi
  local image
  for image in "$@"; do
    pm image exists "$image" 2>/dev/null && continue
    lw_log "podman load $image"
    docker -H "$DOCKER_HOST" save "$image" | pm load -q >&2
  done
  echo "$sock"
}

stop() {
  [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) lw_die "usage: podman.sh start [IMAGE...] | stop" ;;
esac
