-- wrk script for the public availability API: a realistic mix of the three most used public
-- searches over every district, pincode and day of the synthetic country.
--   40% calendarByDistrict, 35% calendarByPin, 25% findByPin
-- The targets (district ids, pincodes, dates) are written by the data generator.
local targets = dofile(os.getenv("OPENVIN_TARGETS") or "bench/work/targets.lua")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(seed * 7919)
end

local function pick(list)
  return list[math.random(#list)]
end

function request()
  local r = math.random(100)
  local date = pick(targets.dates)
  local path
  if r <= 40 then
    path = "/api/v2/appointment/sessions/public/calendarByDistrict?district_id=" .. pick(targets.districts) .. "&date=" .. date
  elseif r <= 75 then
    path = "/api/v2/appointment/sessions/public/calendarByPin?pincode=" .. pick(targets.pincodes) .. "&date=" .. date
  else
    path = "/api/v2/appointment/sessions/public/findByPin?pincode=" .. pick(targets.pincodes) .. "&date=" .. date
  end
  return wrk.format("GET", path)
end
