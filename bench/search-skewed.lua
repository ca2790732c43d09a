-- wrk script for the public availability API as real traffic asks it: the same three searches
-- as search.lua (40% calendarByDistrict, 35% calendarByPin, 25% findByPin), but places drawn
-- from a Zipf distribution (a few districts and pincodes asked for far more than the rest) and
-- days skewed to today (40%) and tomorrow (30%), with Accept-Encoding: gzip as apps send it.
local targets = dofile(os.getenv("OPENVIN_TARGETS") or "bench/work/targets.lua")
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

-- cumulative Zipf (s = 1) weights over a list's ranks, its order as the generator wrote it
local function zipf(n)
  local cdf, sum = {}, 0
  for k = 1, n do
    sum = sum + 1 / k
    cdf[k] = sum
  end
  for k = 1, n do
    cdf[k] = cdf[k] / sum
  end
  return cdf
end

local districtCdf, pinCdf

function init(args)
  math.randomseed(seed * 7919)
  districtCdf = zipf(#targets.districts)
  pinCdf = zipf(#targets.pincodes)
end

local function draw(list, cdf)
  local u, lo, hi = math.random(), 1, #cdf
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if cdf[mid] < u then lo = mid + 1 else hi = mid end
  end
  return list[lo]
end

local function day()
  local r = math.random(100)
  if r <= 40 or #targets.dates == 1 then return targets.dates[1] end
  if r <= 70 then return targets.dates[2] end
  return targets.dates[math.random(#targets.dates)]
end

function request()
  local r = math.random(100)
  local date = day()
  local path
  if r <= 40 then
    path = "/api/v2/appointment/sessions/public/calendarByDistrict?district_id=" .. draw(targets.districts, districtCdf) .. "&date=" .. date
  elseif r <= 75 then
    path = "/api/v2/appointment/sessions/public/calendarByPin?pincode=" .. draw(targets.pincodes, pinCdf) .. "&date=" .. date
  else
    path = "/api/v2/appointment/sessions/public/findByPin?pincode=" .. draw(targets.pincodes, pinCdf) .. "&date=" .. date
  end
  return wrk.format("GET", path, {["Accept-Encoding"] = "gzip"})
end
