-- wrk: json-server, read one seeded record by id: GET /observations/<1..20000>, cycling.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local bench = dofile(dir .. "common.lua")

setup = bench.setup
done = bench.done

local n = 0
function init(args)
  -- Threads start half a cycle apart so they do not march over the same ids in lockstep.
  n = tid * math.floor(bench.RECORDS / 2)
end

function request()
  local id = n % bench.RECORDS + 1
  n = n + 1
  return wrk.format("GET", "/observations/" .. id)
end
