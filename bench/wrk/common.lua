-- Shared by the wrk scripts in this directory (loaded with dofile, see any of them).
--
-- wrk runs a script in one Lua state per thread plus the main state: `setup` and `done` run in
-- the main state, `init` and `request` in each thread's own state, so per-thread counters are
-- plain globals there and need no locking.

local M = {}

M.RECORDS = 20000  -- records both servers are seeded with (bench/make-json-db.mjs, --seed-bench)
M.PARTNERS = 50    -- P01..P50

-- Months are counted from 2000-01 (0 = 2000-01) so that year roll-over lives in one place.
function M.period(m)
  return string.format("%04d-%02d", 2000 + math.floor(m / 12), m % 12 + 1)
end

function M.partner(k)
  return string.format("P%02d", k % M.PARTNERS + 1)
end

-- Seeded cell i (0-based, 0..RECORDS-1): same layout as bench/make-json-db.mjs.
function M.seeded_cell(i)
  return M.period(math.floor(i / M.PARTNERS)), M.partner(i)
end

-- Cell written by the n-th request (1-based) of thread `tid`. Writes start at 2100-01, well past
-- the seeded 2000-01..2033-04, advance one month every 50 requests and give each thread its own
-- 2000-month band so threads never write the same cell. A band holds 100,000 writes per thread;
-- runs long enough to exceed that would start overwriting the next thread's cells.
local WRITE_START = (2100 - 2000) * 12
local THREAD_BAND = 2000
function M.write_cell(tid, n)
  local m = WRITE_START + tid * THREAD_BAND + math.floor((n - 1) / M.PARTNERS)
  return M.period(m), M.partner(n - 1)
end

-- wrk calls request() once in the first thread's state before the run, only to check that it
-- returns a valid HTTP request (script_verify_request in wrk.c); that request is never sent.
-- Write counters in that thread start one lower so the first request actually sent is number 1.
function M.write_counter_start(tid)
  return tid == 0 and -1 or 0
end

-- Gives every thread a distinct 0-based id, visible as the global `tid` in its state.
local next_tid = 0
function M.setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
end

-- Seeds math.random so that two runs, or two threads, started within the same second still get
-- different sequences: os.time() alone would repeat. /dev/urandom is read when present.
function M.seed_random(tid)
  local seed = os.time() + tid * 7919
  local f = io.open("/dev/urandom", "rb")
  if f then
    local bytes = f:read(4)
    f:close()
    local a, b, c, d = bytes:byte(1, 4)
    seed = seed + ((a * 256 + b) * 256 + c) * 256 + d
  end
  math.randomseed(seed)
  math.random(); math.random()  -- the first values after seeding are poorly mixed on some libcs
end

-- One machine-readable line for scripts/bench-server.sh. wrk reports latency in microseconds and
-- the duration in microseconds. wrk's `status` errors are responses with status >= 400; adding
-- socket errors and timeouts gives every request that did not succeed.
function M.done(summary, latency, requests)
  local e = summary.errors
  local errors = e.status + e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    errors))
end

return M
