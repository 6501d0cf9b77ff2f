#!/usr/bin/env bash
# Runs Debian's OpenSSH server on 127.0.0.1 for tests of ssh:// daemons, without installing it:
# the openssh-server (and libwrap0) packages are fetched with `apt-get download` and unpacked
# with `dpkg -x` under $LW_DOCKER_DIR/sshd, so no maintainer script runs and no system sshd
# starts on port 22. OpenSSH running as root wants an `sshd` privilege-separation user: sshd runs
# in its own mount namespace where /etc/passwd is a copy with that user added, so the system's
# user list is never changed. Fresh host and client keys per start; the session's DOCKER_HOST is
# the private daemon, so `docker system dial-stdio` (what ssh:// Docker clients run) reaches it.
#   sshd.sh start PORT   starts it; prints the state folder (host_key.pub, client_key, ...)
#   sshd.sh stop  PORT   stops only the sshd whose PID this script recorded
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

cmd=${1:-}; port=${2:-}
[[ "$port" =~ ^[0-9]+$ ]] || lw_die "port must be a number, got '$port'"
base="$LW_DOCKER_DIR/sshd"
state="$base/$port"
pidfile="$state/sshd.pid"

unpack() {
  [ -x "$base/root/usr/sbin/sshd" ] && return 0
  lw_apt_need ssh-keygen:openssh-client
  mkdir -p "$base/debs" "$base/root"
  ( cd "$base/debs" && { apt-get download openssh-server libwrap0 >&2 2>/dev/null || { apt-get update -q >&2 && apt-get download openssh-server libwrap0 >&2; }; } )
  for deb in "$base"/debs/*.deb; do dpkg -x "$deb" "$base/root"; done
  [ -x "$base/root/usr/sbin/sshd" ] || lw_die "could not unpack openssh-server"
}

start() {
  unpack
  if [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then echo "$state"; return 0; fi
  rm -rf "$state"; mkdir -p "$state"; chmod 700 "$state"
  ssh-keygen -q -t ed25519 -N '' -f "$state/host_key" >&2
  ssh-keygen -q -t ed25519 -N '' -f "$state/other_host_key" >&2
  ssh-keygen -q -t ed25519 -N '' -f "$state/client_key" >&2
  cp "$state/client_key.pub" "$state/authorized_keys"
  mkdir -p /run/sshd
  { grep -v '^sshd:' /etc/passwd; echo 'sshd:x:65533:65534:privilege separation:/run/sshd:/usr/sbin/nologin'; } >"$state/passwd"
  cat >"$state/sshd_config" <<CFG
ListenAddress 127.0.0.1:$port
HostKey $state/host_key
PidFile $pidfile
AuthorizedKeysFile $state/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
SetEnv DOCKER_HOST=$DOCKER_HOST DOCKER_API_VERSION=$DOCKER_API_VERSION
CFG
  LD_LIBRARY_PATH="$base/root/lib/x86_64-linux-gnu:$base/root/usr/lib/x86_64-linux-gnu" \
    setsid unshare --mount --propagation private sh -c 'mount --bind "$1" /etc/passwd && exec "$2" -D -e -f "$3"' sh \
      "$state/passwd" "$base/root/usr/sbin/sshd" "$state/sshd_config" >"$state/sshd.log" 2>&1 </dev/null &
  echo $! >"$pidfile.launcher"
  for _ in $(seq 1 40); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.25; done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { cat "$state/sshd.log" >&2; lw_die "sshd did not start on 127.0.0.1:$port"; }
  echo "$state"
}

stop() {
  local pid
  for f in "$pidfile" "$pidfile.launcher"; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$state"
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  *) lw_die "usage: sshd.sh start|stop PORT" ;;
esac
