#!/usr/bin/env bash
# Runs every check: formatting, lints, core tests, the release build and its size, and the
# browser tests in headless Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Formatting"
cargo fmt --all --check

step "Lints (core and charts natively, app for wasm)"
cargo clippy -p cairn-core -p cairn-charts --all-targets -- -D warnings
cargo clippy -p cairn --target wasm32-unknown-unknown -- -D warnings

step "Core and chart tests"
cargo test -p cairn-core -p cairn-charts

step "Release build"
trunk build --offline --release

step "Bundle size"
node scripts/size.mjs

step "Browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/
