-- wrk script for what bench/run.sh measures on the service beside bench/floor-vertx. MODE selects the request:
--   create     POST /api/v1/accounts, as bench/wrk.lua's create: a unique slug per request, every enum field set
--              (spelled loosely)
--   get-by-id  GET /api/v1/accounts/<id>, each request an id drawn at random from IDS_FILE (one id a line)
--   list-50    GET /api/v1/accounts?limit=50 (the first page in slug order)
--   list-200   GET /api/v1/accounts?limit=200
--   reject     POST /api/v1/accounts with an unknown enum value (400 invalid-enum-value, never reaches the database)
--   404        GET /api/v1/no-such-route (404 not-found: the cheapest answer the service gives)
--   bare       GET /floor on bench/floor-app (a Quarkus app with one REST endpoint: the framework's floor)
--   get-domain, list-domains, get-deal, list-deals
--              GET of one partner domain or deal, or of an account's list of them: each request a path drawn at
--              random from the file named by the mode in PATHS_DIR (one path a line)
-- TOKEN, when set, is sent with every request as a bearer token (the service with security on).
-- done() prints the RESULT line of bench/wrk.lua, then waits DRAIN seconds (0.5) before wrk exits: the requests in
-- flight when the run stopped are answered before their connections close. (The service gives a pooled connection
-- that a request was waiting for to no one when the client leaves first: bench/run.sh, held_connections.)
local mode = os.getenv("MODE") or "get-by-id"
local run = os.getenv("RUN_ID") or tostring(os.time())
local counter = 0

-- thread_id is a global each thread gets from setup(): slugs stay unique across threads.
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

local token = os.getenv("TOKEN") or ""
if token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

-- Each request a GET of a path drawn at random from the lines of file (path_of turns a line into a path). Each request
-- is formatted once, up front, in each thread (wrk knows the Host header only then): the load generator spends its
-- CPU on sending, not on building requests.
function drawn_from(file, path_of)
  local requests = {}
  function init(args)
    for line in io.lines(file) do
      requests[#requests + 1] = wrk.format("GET", path_of(line), wrk.headers)
    end
    math.randomseed(os.time() * 1000 + (thread_id or 0))
  end
  function request()
    return requests[math.random(#requests)]
  end
end

if mode == "create" then
  local json = { ["Content-Type"] = "application/json", ["Authorization"] = wrk.headers["Authorization"] }
  local statuses = { "TRIALING", "active", "Past Due", "paused" }
  local tiers = { "free", "Starter", "GROWTH", "enterprise" }
  function request()
    counter = counter + 1
    local slug = string.format("b-%s-%d-%d", run, thread_id, counter)
    local body = string.format(
      '{"name":"Bench %d-%d","slug":"%s","ownerEmail":"ops@bench.example","subscriptionStatus":"%s","planTier":"%s","billingInterval":"annual"}',
      thread_id, counter, slug, statuses[counter % 4 + 1], tiers[counter % 4 + 1])
    return wrk.format("POST", "/api/v1/accounts", json, body)
  end
elseif mode == "get-by-id" then
  drawn_from(os.getenv("IDS_FILE"), function(id) return "/api/v1/accounts/" .. id end)
elseif mode == "get-domain" or mode == "list-domains" or mode == "get-deal" or mode == "list-deals" then
  drawn_from(os.getenv("PATHS_DIR") .. "/" .. mode, function(path) return path end)
elseif mode == "list-50" then
  wrk.path = "/api/v1/accounts?limit=50"
elseif mode == "list-200" then
  wrk.path = "/api/v1/accounts?limit=200"
elseif mode == "reject" then
  wrk.method, wrk.path, wrk.headers["Content-Type"] = "POST", "/api/v1/accounts", "application/json"
  wrk.body = '{"name":"Bench reject","ownerEmail":"ops@bench.example","planTier":"platinum"}'
elseif mode == "404" then
  wrk.path = "/api/v1/no-such-route"
elseif mode == "bare" then
  wrk.path = "/floor"
else
  error("MODE is create, get-by-id, list-50, list-200, reject, 404, bare, get-domain, list-domains, get-deal or list-deals, not " .. mode)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.flush()
  -- wrk's connections stay open until it exits.
  os.execute("sleep " .. (os.getenv("DRAIN") or "0.5"))
end
