#!/usr/bin/env bash
# Side-by-side HTTP benchmark: json-server 0.17.4 (the baseline people reach for) against
# cairn-server, both seeded with the same 20,000 observations and driven by the same wrk
# workloads (bench/wrk/*.lua): read one record, then write one new record per request.
#
# Prints one table. Fails if a server that was built does not start or wrk fails; the Cairn
# half is skipped, with a message, while crates/cairn-server does not build.
#
# Environment: DURATION (wrk -d, default 10s), CONNECTIONS (wrk -c, default 16),
# SKIP_CAIRN=1 to run only the json-server half (never invokes cargo).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS=2 # one per core of the reference machine; wrk shares the CPU with the server under test
# wrk's default 2 s timeout drops slower requests from the latency figures and counts them as
# errors; json-server's writes at 20,000 records already reach 1.9 s, so give them room.
TIMEOUT=30s
JSON_PORT=3999
CAIRN_PORT=4000
JSON_SERVER_CLI="$PWD/bench/json-server/node_modules/json-server/lib/cli/bin.js"
CAIRN_BIN="${CARGO_TARGET_DIR:-target}/server/cairn-server"

# --- Tools -------------------------------------------------------------------------------------

if ! command -v wrk >/dev/null; then
  echo "== Installing wrk (Debian package)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update
  $sudo apt-get install -y wrk
fi
# npm ci is exact to the lock file but wipes node_modules first, so only run it when needed.
if [ ! -f "$JSON_SERVER_CLI" ]; then
  echo "== Installing json-server (bench/json-server/package-lock.json)"
  npm ci --prefix bench/json-server
fi

# --- Scratch space and server lifecycle --------------------------------------------------------

TMP="$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench.XXXXXX")"
SERVER_PID=""
cleanup() {
  # Only ever the server this script started, by its pid.
  if [ -n "$SERVER_PID" ]; then kill -KILL "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

# A server already listening would silently be benchmarked in place of ours.
ensure_port_free() {
  if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/"; then
    echo "error: something already answers on 127.0.0.1:$1; stop it first" >&2
    exit 1
  fi
}

# wait_until_200 NAME URL TIMEOUT_SECONDS LOG: polls until URL answers 200, failing early if the
# server process has exited (its log explains why).
wait_until_200() {
  local name=$1 url=$2 timeout=$3 log=$4 deadline=$((SECONDS + $3)) code
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
    [ "$code" = 200 ] && return 0
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "error: $name exited during start-up; its log:" >&2
      cat "$log" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "error: $name did not answer 200 on $url within ${timeout}s (last: $code); its log:" >&2
      cat "$log" >&2
      return 1
    fi
    sleep 0.2
  done
}

# stop_server NAME: SIGTERM, then up to 10 s for a graceful exit before SIGKILL. Sets
# SERVER_STATUS to the exit status (143 = died of SIGTERM without handling it).
stop_server() {
  local name=$1 i
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  for i in $(seq 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "warning: $name still running 10 s after SIGTERM; killing it" >&2
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_STATUS=0
  wait "$SERVER_PID" 2>/dev/null || SERVER_STATUS=$?
  SERVER_PID=""
}

# --- Measuring ---------------------------------------------------------------------------------

# Results by key "<server>-<workload>", filled from the RESULT line each wrk script prints.
declare -A RPS P50 P99 ERRORS

# run_wrk KEY SCRIPT BASE_URL
run_wrk() {
  local key=$1 script=$2 url=$3 out="$TMP/$1.wrk" line
  echo "-- $key: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout $TIMEOUT --latency -s bench/wrk/$script"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout "$TIMEOUT" --latency \
    -s "bench/wrk/$script" "$url" \
    | tee "$out" | sed 's/^/   /'
  line="$(grep '^RESULT ' "$out" | tail -1)"
  if [ -z "$line" ]; then
    echo "error: wrk printed no RESULT line for $key" >&2
    exit 1
  fi
  # "RESULT rps=1.0 p50_ms=2.0 p99_ms=3.0 errors=0" -> the four values, in that order.
  read -r RPS[$key] P50[$key] P99[$key] ERRORS[$key] \
    <<<"$(sed -E 's/^RESULT rps=([^ ]+) p50_ms=([^ ]+) p99_ms=([^ ]+) errors=([^ ]+).*/\1 \2 \3 \4/' \
      <<<"$line")"
}

# --- json-server -------------------------------------------------------------------------------

echo "== json-server $(node -p "require('./bench/json-server/node_modules/json-server/package.json').version") (node $(node --version))"
ensure_port_free "$JSON_PORT"
node bench/make-json-db.mjs "$TMP/db.json"
# Started from the temp dir: json-server serves ./public of its working directory, and the repo
# root has one, which would put a static-file lookup in front of every request.
(cd "$TMP" && exec node "$JSON_SERVER_CLI" --port "$JSON_PORT" --host 127.0.0.1 --quiet db.json) \
  </dev/null >"$TMP/json-server.log" 2>&1 &
SERVER_PID=$!
wait_until_200 json-server "http://127.0.0.1:$JSON_PORT/observations/1" 30 "$TMP/json-server.log"
# Read before write: the write workload grows the collection the read workload should see at
# exactly 20,000 records.
run_wrk json-read json-read.lua "http://127.0.0.1:$JSON_PORT"
run_wrk json-write json-write.lua "http://127.0.0.1:$JSON_PORT"
stop_server json-server

# --- Cairn -------------------------------------------------------------------------------------

echo "== Cairn (cairn-server, cargo profile \"server\")"
CAIRN_SKIPPED=""
if [ "${SKIP_CAIRN:-0}" = 1 ]; then
  CAIRN_SKIPPED="SKIP_CAIRN=1"
elif [ ! -f crates/cairn-server/Cargo.toml ]; then
  CAIRN_SKIPPED="crates/cairn-server does not exist yet"
elif ! command -v cargo >/dev/null; then
  CAIRN_SKIPPED="cargo is not installed"
elif ! cargo build --profile server -p cairn-server; then
  CAIRN_SKIPPED="cairn-server does not build yet (cargo build --profile server -p cairn-server failed, see above)"
fi

if [ -n "$CAIRN_SKIPPED" ]; then
  echo "Skipping the Cairn half: $CAIRN_SKIPPED."
else
  ensure_port_free "$CAIRN_PORT"
  # --seed-bench creates coalition "bench" holding the same 20,000 records as db.json.
  "$CAIRN_BIN" --data-dir "$TMP/cairn" --listen "127.0.0.1:$CAIRN_PORT" --seed-bench \
    </dev/null >"$TMP/cairn.log" 2>&1 &
  SERVER_PID=$!
  # Seeding 20,000 records happens before the server answers; allow for it.
  wait_until_200 cairn-server "http://127.0.0.1:$CAIRN_PORT/api/v1/health" 120 "$TMP/cairn.log"
  # Members only: set up the administrator with the code the new server printed, and let the
  # wrk scripts send its session cookie (and the CSRF header) like the app does.
  code="$(sed -nE 's/^Set-up code for the first administrator: ([A-Z0-9-]+).*/\1/p' "$TMP/cairn.log")"
  CAIRN_COOKIE="$(curl -s -D - -o /dev/null -H 'content-type: application/json' -H 'x-cairn-csrf: 1' \
    -d "{\"code\":\"$code\",\"email\":\"bench@example.org\",\"name\":\"Bench\",\"password\":\"benchmark passphrase\"}" \
    "http://127.0.0.1:$CAIRN_PORT/api/v1/setup" | sed -nE 's/^set-cookie: (cairn_session=[0-9a-f]+).*/\1/ip')"
  if [ -z "$CAIRN_COOKIE" ]; then
    echo "error: could not sign in to cairn-server; its log:" >&2
    cat "$TMP/cairn.log" >&2
    exit 1
  fi
  export CAIRN_COOKIE
  run_wrk cairn-read cairn-read.lua "http://127.0.0.1:$CAIRN_PORT"
  run_wrk cairn-write cairn-write.lua "http://127.0.0.1:$CAIRN_PORT"
  stop_server cairn-server
  # Unlike json-server, cairn-server is meant to shut down cleanly on SIGTERM.
  if [ "$SERVER_STATUS" -ne 0 ]; then
    echo "warning: cairn-server exited with status $SERVER_STATUS after SIGTERM; its log:" >&2
    tail -20 "$TMP/cairn.log" >&2
  fi
fi

# --- Report ------------------------------------------------------------------------------------

# cell KEY: "rps p50 p99" for one run, or "skipped".
cell() {
  if [ -n "${RPS[$1]:-}" ]; then
    printf '%9s rps %8s ms %8s ms' "${RPS[$1]}" "${P50[$1]}" "${P99[$1]}"
  else
    printf '%-37s' "skipped"
  fi
}

echo
echo "== Results: $THREADS threads, $CONNECTIONS connections, $DURATION per workload (p50/p99 latency)"
printf '%-8s | %-37s | %-37s | %s\n' workload "json-server" "Cairn" "Cairn/json-server rps"
for workload in read write; do
  ratio="n/a"
  if [ -n "${RPS[cairn-$workload]:-}" ]; then
    ratio="$(awk -v c="${RPS[cairn-$workload]}" -v j="${RPS[json-$workload]}" \
      'BEGIN { if (j > 0) printf "%.1fx", c / j; else print "n/a" }')"
  fi
  printf '%-8s | %s | %s | %s\n' "$workload" "$(cell "json-$workload")" "$(cell "cairn-$workload")" "$ratio"
done
# Failed requests still count in rps; say so rather than let them pass as throughput.
for key in json-read json-write cairn-read cairn-write; do
  if [ "${ERRORS[$key]:-0}" != 0 ]; then
    echo "note: $key had ${ERRORS[$key]} failed requests (status >= 400, socket errors, timeouts)"
  fi
done
[ -z "$CAIRN_SKIPPED" ] || echo "note: Cairn skipped: $CAIRN_SKIPPED"

cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
read -r device fstype mount <<<"$(df -PT "$TMP" | awk 'NR == 2 { print $1, $2, $7 }')"
echo "machine: $(nproc) CPUs (${cpu:-unknown model}); temp dir on $device ($fstype, mounted at $mount)"
