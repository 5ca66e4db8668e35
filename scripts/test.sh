#!/usr/bin/env bash
# Runs every check: formatting, lints, core, chart and server tests (the server's over real HTTP
# with real SQLite files, including a hundred SIGKILLs), the release build and its size, and the
# browser tests in headless Chromium (against the real server too). Installs what is missing
# first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Formatting"
cargo fmt --all --check

step "Lints (core, charts, report and server natively, app for wasm)"
cargo clippy -p cairn-core -p cairn-charts -p cairn-report -p cairn-server --all-targets -- -D warnings
cargo clippy -p cairn --target wasm32-unknown-unknown -- -D warnings

step "Core, chart, report and server tests"
cargo test -p cairn-core -p cairn-charts -p cairn-report -p cairn-server

step "Release build"
trunk build --offline --release

step "Bundle size"
node scripts/size.mjs

step "Browser tests (headless Chromium, static and against the server)"
cargo build -p cairn-server
# A hung browser test fails after five minutes instead of holding CI. Every browser profile and
# server folder the tests make is under one folder of this run, by which whatever a failed or
# timed-out test left running is found and stopped: CI must not wait on a leftover process.
run_tmp="$(mktemp -d)"
status=0
TMPDIR="$run_tmp" node --test --test-concurrency=1 --test-timeout=300000 tests/browser/ || status=$?
pkill -KILL -f -- "$run_tmp" || true
rm -rf "$run_tmp"
exit "$status"
