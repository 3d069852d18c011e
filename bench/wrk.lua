-- wrk script for the provisioning benchmark. MODE selects the request:
--   create  POST /api/v1/accounts, a unique slug per request, every enum field set (spelled loosely)
--   create-domains  the same, with two partner domains per account
--   reject  POST /api/v1/accounts with an unknown enum value (400 invalid-enum-value, never reaches the database)
--   get     GET  /api/v1/accounts/$ACCOUNT_ID
--   list    GET  /api/v1/accounts?planTier=GROWTH&limit=50
--   404     GET  /api/v1/no-such-route (404 not-found: the cheapest answer the service gives)
--   bare    GET  /floor on bench/floor-app (a Quarkus app with one REST endpoint: the framework's floor)
-- done() prints one line: requests, seconds, non-2xx/3xx answers, socket errors, p50 and p99 in milliseconds.
local mode = os.getenv("MODE") or "create"
local account = os.getenv("ACCOUNT_ID") or ""
local run = os.getenv("RUN_ID") or tostring(os.time())
local counter = 0

-- thread_id is a global each thread gets from setup(): slugs stay unique across threads.
local threads = {}
function setup(thread)
  thread:set("thread_id", #threads + 1)
  table.insert(threads, thread)
end

-- Only creation needs a new body per request. The other modes send one fixed request that wrk formats once, so
-- the load generator spends less of the machine's CPU on them.
if mode == "create" or mode == "create-domains" then
  local json = { ["Content-Type"] = "application/json" }
  local statuses = { "TRIALING", "active", "Past Due", "paused" }
  local tiers = { "free", "Starter", "GROWTH", "enterprise" }
  local with_domains = mode == "create-domains"
  function request()
    counter = counter + 1
    local slug = string.format("b-%s-%d-%d", run, thread_id, counter)
    local domains = with_domains
      and string.format(',"domains":["www.%s.bench.example","Shop.%s.bench.example"]', slug, slug) or ""
    local body = string.format(
      '{"name":"Bench %d-%d","slug":"%s","ownerEmail":"ops@bench.example","subscriptionStatus":"%s","planTier":"%s","billingInterval":"annual"%s}',
      thread_id, counter, slug, statuses[counter % 4 + 1], tiers[counter % 4 + 1], domains)
    return wrk.format("POST", "/api/v1/accounts", json, body)
  end
elseif mode == "reject" then
  wrk.method, wrk.path, wrk.headers["Content-Type"] = "POST", "/api/v1/accounts", "application/json"
  wrk.body = '{"name":"Bench","ownerEmail":"ops@bench.example","planTier":"platinum"}'
elseif mode == "404" then
  wrk.path = "/api/v1/no-such-route"
elseif mode == "bare" then
  wrk.path = "/floor"
elseif mode == "get" then
  wrk.path = "/api/v1/accounts/" .. account
else
  wrk.path = "/api/v1/accounts?planTier=GROWTH&limit=50"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx=%d socket_errors=%d p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
