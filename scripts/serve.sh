#!/usr/bin/env bash
# Installs what is missing, then serves Cairn on http://127.0.0.1:8080 with local storage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "Cairn will be at http://127.0.0.1:8080 once built. Press Ctrl+C to stop."
exec trunk serve --offline --release
