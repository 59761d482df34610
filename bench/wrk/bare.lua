-- wrk: GET the bare endpoint (bench/bare.py); no arguments. The same wrk set-up as
-- pull.lua and push.lua, so the floor is measured the way they are.
function request()
  return wrk.format("GET", nil)
end
