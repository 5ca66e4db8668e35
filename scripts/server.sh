#!/usr/bin/env bash
# Runs a coalition's shared Cairn: builds the app if its sources changed, builds the server, and
# serves both on http://127.0.0.1:3000 with the data in ./cairn-data (CAIRN_LISTEN and
# CAIRN_DATA_DIR override; extra arguments go to cairn-server, see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
stale=$(find src style public crates/cairn-core/src crates/cairn-charts/src index.html Cargo.toml \
  -newer dist/index.html -print -quit 2>/dev/null || echo missing)
if [ ! -f dist/index.html ] || [ -n "$stale" ]; then
  echo "Building the app (dist/)…"
  trunk build --offline --release
fi
cargo build --profile server -p cairn-server
exec target/server/cairn-server --app-dir dist \
  --data-dir "${CAIRN_DATA_DIR:-cairn-data}" --listen "${CAIRN_LISTEN:-127.0.0.1:3000}" "$@"
