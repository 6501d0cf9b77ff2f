#!/usr/bin/env bash
# Debian's pre-commit (3.0.4 on bookworm) for test/cli/pre-commit.test.ts, installed when missing
# (.ci/run removes it before a CI run, so this install is exercised every time).
set -euo pipefail
if ! command -v pre-commit >/dev/null 2>&1; then
  [ "$(id -u)" = 0 ] || { echo "pre-commit.sh: need root to apt-get install pre-commit" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  APT=(apt-get -o DPkg::Lock::Timeout=300 -y -q) # other setups may hold the dpkg lock at the same time
  echo "pre-commit.sh: apt-get install pre-commit" >&2
  if ! "${APT[@]}" install --no-install-recommends pre-commit >&2; then
    "${APT[@]}" update >&2
    "${APT[@]}" install --no-install-recommends pre-commit >&2
  fi
fi
pre-commit --version
