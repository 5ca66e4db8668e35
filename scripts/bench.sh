#!/usr/bin/env bash
# Speed figures: the native dashboard benchmark, then the dashboard's first render in headless
# Chromium, both on the large generated coalition. Prints figures; fails only if a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "== Native (cargo bench, release profile)"
cargo bench -q -p cairn-charts --bench dashboard
echo "== Browser (release bundle, headless Chromium)"
trunk build --offline --release >/dev/null
node scripts/bench-browser.mjs
