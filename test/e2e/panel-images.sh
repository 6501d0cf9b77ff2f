#!/usr/bin/env bash
# Images the size panel scenarios look at, built on the project's PRIVATE test daemon (test/setup):
#   layerwise-e2e/panel-app:latest  from test/fixtures/workspaces/panel-app (20 MB written then deleted: known waste)
#   layerwise-e2e/xss:latest        from test/fixtures/workspaces/panel-xss: markup in history and labels
# Builds need no network (--network none). Prints one line; exit 1 if the daemon or a build fails.
#
#   panel-images.sh --workspace DIR --tag TAG
# also labels both images as Layerwise's own builds from the workspace folder DIR (dev.layerwise.workspace,
# as the panel's "Built from this Dockerfile" requires) and tags them layerwise-e2e/panel-app:TAG and
# layerwise-e2e/xss:TAG (the UI runner's copy of the fixtures; every layer comes from the build cache).
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
source test/setup/env.sh
FIXTURE=test/fixtures/workspaces/panel-app
LOG=$(mktemp "${TMPDIR:-/tmp}/layerwise-panel-images.XXXX.log")
fail() { echo "[panel-images] FAILED: $* (log: $LOG)"; exit 1; }
WORKSPACE='' TAG=latest
while [ $# -gt 0 ]; do
  case $1 in
    --workspace) WORKSPACE=$2; shift 2 ;;
    --tag) TAG=$2; shift 2 ;;
    *) fail "unknown argument $1" ;;
  esac
done
LABELS=()
if [ -n "$WORKSPACE" ]; then
  # the id the extension computes for that folder (server/src/docker/images.ts, the one home of the rule)
  ID=$(node --import tsx --input-type=module \
    -e 'const m = await import("./server/src/docker/images.ts"); console.log((m.workspaceId ?? m.default.workspaceId)(process.argv[1]));' \
    "$WORKSPACE" 2>>"$LOG") && [ -n "$ID" ] || fail "cannot compute the workspace id of $WORKSPACE"
  LABELS=(--label "dev.layerwise.workspace=$ID")
fi

bash test/setup/docker-daemon.sh >>"$LOG" 2>&1 || fail "the private Docker daemon did not start"
bash test/setup/base-images.sh >>"$LOG" 2>&1 || fail "stand-in base images could not be built"
docker build --network none -t "layerwise-e2e/panel-app:$TAG" "${LABELS[@]}" \
  --label dev.layerwise.dockerfile=panel-app/Dockerfile "$FIXTURE" >>"$LOG" 2>&1 || fail "building panel-app"
docker build --network none -t "layerwise-e2e/xss:$TAG" "${LABELS[@]}" \
  --label dev.layerwise.dockerfile=panel-xss/Dockerfile test/fixtures/workspaces/panel-xss >>"$LOG" 2>&1 || fail "building xss"
echo "[panel-images] ready on $DOCKER_HOST: $(docker image inspect -f '{{.Size}}' "layerwise-e2e/panel-app:$TAG") bytes panel-app:$TAG${WORKSPACE:+ (workspace $WORKSPACE)}"
