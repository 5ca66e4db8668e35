#!/usr/bin/env bash
# Speed figures: the native dashboard benchmark, then the dashboard's first render in headless
# Chromium, both on the large generated coalition, then a cold first visit on slow 4G. Prints
# figures; fails only if a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "== Native (cargo bench, release profile)"
cargo bench -q -p cairn-charts --bench dashboard
echo "== Server writer (cargo bench, release profile)"
cargo bench -q -p cairn-server --bench push
cargo bench -q -p cairn-server --bench memory
cargo bench -q -p cairn-server --bench first_sync
echo "== Browser (release bundle, headless Chromium)"
trunk build --offline --release >/dev/null
node scripts/bench-browser.mjs
echo "== Edit latency in the entry grid at 1k, 10k and 120k observations"
node scripts/bench-edit.mjs
echo "== Cold first visit on slow 4G (Cairn server and a static host side by side)"
cargo build -q -p cairn-server
node scripts/bench-load.mjs
