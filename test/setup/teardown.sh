#!/usr/bin/env bash
# Stops the private test dockerd (only the one whose PID is in our pidfile). Images stay cached.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

[ -s "$LW_DOCKER_PIDFILE" ] || { lw_log "no private dockerd pidfile; nothing to stop"; exit 0; }
pid=$(cat "$LW_DOCKER_PIDFILE")
if kill -0 "$pid" 2>/dev/null; then
  lw_log "stopping private dockerd pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && lw_die "dockerd pid $pid still running after 15 s"
fi
rm -f "$LW_DOCKER_PIDFILE"
