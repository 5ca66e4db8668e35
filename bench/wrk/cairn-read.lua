-- wrk: Cairn, read one seeded cell: GET /api/v1/coalitions/bench/cell/W1/<period>/<partner>,
-- cycling over the 20,000 cells `cairn-server --seed-bench` creates (same order as json-read.lua).
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(dir .. "common.lua")

setup = bench.setup
done = bench.done

-- Members only: the session bench-server.sh signed in.
local headers = { ["Cookie"] = os.getenv("CAIRN_COOKIE") }

local n = 0
function init(args)
  -- Threads start half a cycle apart so they do not march over the same cells in lockstep.
  n = tid * math.floor(bench.RECORDS / 2)
end

function request()
  local period, partner = bench.seeded_cell(n % bench.RECORDS)
  n = n + 1
  return wrk.format("GET", "/api/v1/coalitions/bench/cell/W1/" .. period .. "/" .. partner, headers)
end
