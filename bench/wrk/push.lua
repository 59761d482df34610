-- wrk: POST /api/v1/sync/push with `per_request` changes that each make a new dose record.
-- Arguments (after --): run nonce, changes per request, then one or more tokens, used in turn.
-- Ids are <nonce>-<thread>-<n>: unique across threads, requests and runs. Stamps are taken
-- from the current time (the server refuses stamps more than 5 minutes ahead of its clock).

local counter = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

local nonce, per_request, tokens, node, prefix, sent

function init(args)
  nonce, per_request = args[1], tonumber(args[2])
  tokens = {}
  for i = 3, #args do
    tokens[#tokens + 1] = args[i]
  end
  -- `number` is set by setup() in the main state before init runs in the thread's state.
  prefix = nonce .. "-" .. number .. "-"
  node = string.format("%016x", number)
  sent = 0
end

function request()
  sent = sent + 1
  local now = os.time()
  local moment = os.date("!%Y-%m-%dT%H:%M:%S", now)
  local changes = {}
  for i = 1, per_request do
    counter = counter + 1
    changes[i] = string.format(
      '{"id":"%s%d","kind":"dose","hlc":"%s.000Z-%04x-%s","deleted":false,'
        .. '"data":{"taken_at":"%s+00:00","substance":"LDN","amount":1.5,"unit":"mg"}}',
      prefix, counter, moment, counter % 65536, node, moment)
  end
  local body = '{"protocol":1,"device_id":"' .. node .. '","changes":['
    .. table.concat(changes, ",") .. "]}"
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[(sent % #tokens) + 1],
  }
  return wrk.format("POST", "/api/v1/sync/push", headers, body)
end
