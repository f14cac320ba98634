#!/usr/bin/env bash
# Runs a command with a Node >= 22.17 first on PATH, installing Node 24 into a cache folder when the
# machine's Node is older (see ensure-node.sh). `npm start` and `npm test` go through here, so the two
# README commands work on a machine that only has an old Node.
# It ends in `exec`, and the npm scripts call it with `exec`, because npm runs a script through `sh -c`,
# which does not pass signals on: this way npm's child is the command itself, so SIGTERM or SIGINT to
# `npm start` reaches the server and stops it instead of leaving it running as an orphan.
set -euo pipefail
bin="$(bash "$(dirname "$0")/ensure-node.sh")"
export PATH="$bin:$PATH"
exec "$@"
