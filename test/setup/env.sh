# Shared settings for the project's private Docker test environment (sourced, not run).
# Everything lives under one directory in /tmp so a user's own daemon is never touched.
LW_DOCKER_DIR=${LW_DOCKER_DIR:-/tmp/layerwise-docker}
LW_DOCKER_SOCK="$LW_DOCKER_DIR/docker.sock"
LW_DOCKER_PIDFILE="$LW_DOCKER_DIR/dockerd.pid"
export DOCKER_HOST="unix://$LW_DOCKER_SOCK"
# /usr/local/bin/docker may be newer (28.x) than Debian's daemon (20.10, API 1.41): pin the API.
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
# Debian's engine has no buildx: use the classic builder everywhere.
export DOCKER_BUILDKIT=0
export DEBIAN_FRONTEND=noninteractive

lw_log() { printf '[layerwise-docker %s] %s\n' "$(date +%T)" "$*" >&2; }
lw_die() { printf 'layerwise-docker: %s\n' "$*" >&2; exit 1; }
lw_daemon_answers() { docker -H "$DOCKER_HOST" version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# Installs the given apt packages when their command is missing: lw_apt_need cmd:pkg ...
lw_apt_need() {
  local missing=() pair
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || lw_die "need root to apt-get install ${missing[*]}"
  lw_log "apt-get install ${missing[*]}"
  apt-get update -q >&2 && apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
    || lw_die "apt-get install ${missing[*]} failed"
}
