#!/usr/bin/env bash
# Runs a command with a Node >= 22.17 first on PATH, installing Node 24 into a cache folder when the
# machine's Node is older (see ensure-node.sh). `npm start` and `npm test` go through here, so the two
# README commands work on a machine that only has an old Node.
set -euo pipefail
bin="$(bash "$(dirname "$0")/ensure-node.sh")"
export PATH="$bin:$PATH"
exec "$@"
