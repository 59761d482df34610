-- wrk: GET /api/v1/sync/pull pages of `limit` changes from a random place in the feed.
-- Arguments (after --): token, limit, last change number of the seeded account.
-- Every cursor is at most last - limit, so every page is full.

local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

local path, headers, top

function init(args)
  local token, limit, last = args[1], tonumber(args[2]), tonumber(args[3])
  headers = { ["Authorization"] = "Bearer " .. token }
  path = "/api/v1/sync/pull?limit=" .. limit .. "&cursor=v1."
  top = last - limit
  -- `number` is set by setup() in the main state before init runs in the thread's state.
  math.randomseed(os.time() * 100 + number)
end

function request()
  return wrk.format("GET", path .. math.random(0, top), headers)
end
