#!/usr/bin/env bash
# Runs Debian's docker-registry (Distribution 2.8) on 127.0.0.1 for tests.
#   registry.sh start [PORT]   starts it if its port does not answer; prints http://127.0.0.1:PORT
#   registry.sh stop  [PORT]   stops only the registry whose PID this script recorded
# Storage is a fresh temp folder per start, removed by stop. The private dockerd treats
# 127.0.0.0/8 registries as insecure (plain HTTP) by default, so pushes need no TLS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

cmd=${1:-}; port=${2:-${LW_REGISTRY_PORT:-5555}}
[[ "$port" =~ ^[0-9]+$ ]] || lw_die "port must be a number, got '$port'"
state="$LW_DOCKER_DIR/registry-$port"
pidfile="$state/registry.pid"
url="http://127.0.0.1:$port"

answers() { curl -fsS -o /dev/null --max-time 2 --noproxy '*' "$url/v2/" 2>/dev/null; }
running_pid() { [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"; }

start() {
  lw_apt_need docker-registry:docker-registry curl:curl
  if running_pid >/dev/null && answers; then echo "$url"; return 0; fi
  answers && lw_die "port $port already serves a registry this script did not start"
  mkdir -p "$state"
  local storage; storage=$(mktemp -d /tmp/layerwise-registry-storage.XXXXXX)
  echo "$storage" >"$state/storage-dir"
  cat >"$state/config.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$port
YAML
  setsid docker-registry serve "$state/config.yml" >"$state/registry.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 40); do answers && break; sleep 0.25; done
  answers || { tail -5 "$state/registry.log" >&2; lw_die "registry did not answer on $url (log: $state/registry.log)"; }
  echo "$url"
}

stop() {
  local pid
  if pid=$(running_pid); then
    kill -TERM "$pid"
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  [ -s "$state/storage-dir" ] && rm -rf "$(cat "$state/storage-dir")"
  rm -rf "$state"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) lw_die "usage: registry.sh start|stop [PORT]" ;;
esac
