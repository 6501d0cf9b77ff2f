#!/usr/bin/env bash
# Images the size panel scenarios look at, built on the project's PRIVATE test daemon (test/setup):
#   layerwise-e2e/panel-app:latest  from test/fixtures/workspaces/panel-app (20 MB written then deleted: known waste)
#   layerwise-e2e/xss:latest        from test/fixtures/workspaces/panel-xss: markup in history and labels
# Builds need no network (--network none). Prints one line; exit 1 if the daemon or a build fails.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
source test/setup/env.sh
FIXTURE=test/fixtures/workspaces/panel-app
LOG=$(mktemp "${TMPDIR:-/tmp}/layerwise-panel-images.XXXX.log")
fail() { echo "[panel-images] FAILED: $* (log: $LOG)"; exit 1; }

bash test/setup/docker-daemon.sh >>"$LOG" 2>&1 || fail "the private Docker daemon did not start"
bash test/setup/base-images.sh >>"$LOG" 2>&1 || fail "stand-in base images could not be built"
docker build --network none -t layerwise-e2e/panel-app:latest \
  --label dev.layerwise.dockerfile=panel-app/Dockerfile "$FIXTURE" >>"$LOG" 2>&1 || fail "building panel-app"
docker build --network none -t layerwise-e2e/xss:latest \
  --label dev.layerwise.dockerfile=panel-xss/Dockerfile test/fixtures/workspaces/panel-xss >>"$LOG" 2>&1 || fail "building xss"
echo "[panel-images] ready on $DOCKER_HOST: $(docker image inspect -f '{{.Size}}' layerwise-e2e/panel-app:latest) bytes panel-app"
