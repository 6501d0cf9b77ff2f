#!/usr/bin/env bash
# Stops the private test dockerd (only the one whose PID is in our pidfile). Images stay cached.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

pid=$(cat "$LW_DOCKER_PIDFILE" 2>/dev/null || true)
if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
  lw_log "stopping private dockerd pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && lw_die "dockerd pid $pid still running after 15 s"
else
  lw_log "no running private dockerd"
fi
rm -f "$LW_DOCKER_PIDFILE"
# dockerd leaves its default netns mount behind; unmount only what is left under our folder.
awk -v dir="$LW_DOCKER_DIR/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
  while read -r mountpoint; do umount "$mountpoint" 2>/dev/null || umount -l "$mountpoint" || true; done
