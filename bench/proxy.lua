-- wrk script for bench/proxy.sh: one route per run, closed loop, run as `wrk -tC -cC` (one connection per thread,
-- so each thread's requests and answers alternate and the script times each one itself). Arguments after `--`:
-- ROUTE KEY
--   get  : GET /key/KEY (a key holding one small value)
--   put  : POST /key/<random 40 hex> of a small value (id "0": the proxy picks one), a new key per request so no
--          key piles up values
--   info : GET / (node info: the proxy client's status poll)
-- Why not wrk's own latency figures: before done() wrk 4.1 "corrects" its histogram for coordinated omission
-- (stats_correct adds made-up samples below every latency over twice the mean interval between requests), which
-- describes an open-loop client; in this closed loop a few 1.2 s answers among 6,000 fast ones at one connection made
-- a p90 of 0.8 s. Here each thread keeps a histogram of the real latencies in buckets of 1 % (clock_gettime through
-- LuaJIT's ffi) and its count of answers other than 200; done() merges them and prints one "step" line: requests,
-- rate, latency percentiles (ms), how many answers took >= 0.9 s and >= 2.9 s, answers other than 200 (and their
-- status codes), and wrk's error counters (status >= 400, socket errors, timeouts).
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_us()
   ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
   return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local route, key = "info", ""
local body = '{"data":"aGVsbG8tZnJvbS1jbGllbnQ=","id":"0","type":0,"utype":"text/plain"}'
local headers = { ["Content-Type"] = "application/json", ["Accept"] = "*/*" }
local threads = {}

-- main state: keep the threads to read their histograms in done()
function setup(thread)
   thread:set("thread_no", #threads + 1)
   table.insert(threads, thread)
end

-- thread state
hist, non200, answered, codes = {}, 0, 0, {}
local sent_at = nil

function init(args)
   route, key = args[1] or "info", args[2] or ""
   math.randomseed(os.time() * 1000 + (thread_no or 0))
end

local function hex40()
   local t = {}
   for i = 1, 10 do t[i] = string.format("%04x", math.random(0, 65535)) end
   return table.concat(t)
end

function request()
   sent_at = now_us()
   if route == "get" then
      return wrk.format("GET", "/key/" .. key, headers)
   elseif route == "put" then
      return wrk.format("POST", "/key/" .. hex40(), headers, body)
   end
   return wrk.format("GET", "/", headers)
end

function response(status, hdrs, resp_body)
   if sent_at then
      local us = math.max(1, now_us() - sent_at)
      local b = math.floor(math.log(us) * 100)
      hist[b] = (hist[b] or 0) + 1
      answered = answered + 1
      sent_at = nil
   end
   if status ~= 200 then
      non200 = non200 + 1
      codes[status] = (codes[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local merged, n, bad, allcodes = {}, 0, 0, {}
   for _, t in ipairs(threads) do
      for s, c in pairs(t:get("codes") or {}) do allcodes[s] = (allcodes[s] or 0) + c end
      for b, c in pairs(t:get("hist") or {}) do merged[b] = (merged[b] or 0) + c end
      n = n + (t:get("answered") or 0)
      bad = bad + (t:get("non200") or 0)
   end
   local keys = {}
   for b in pairs(merged) do table.insert(keys, b) end
   table.sort(keys)
   local function pct(p)
      if n == 0 then return 0 end
      local want, acc = math.ceil(n * p / 100), 0
      for _, b in ipairs(keys) do
         acc = acc + merged[b]
         if acc >= want then return math.exp((b + 0.5) / 100) / 1000 end
      end
      return 0
   end
   -- answers in the bands where a resend (~1 s) or landht's put deadline (3 s) would put them
   local function from(ms)
      local c = 0
      for _, b in ipairs(keys) do
         if math.exp(b / 100) >= ms * 1000 then c = c + merged[b] end
      end
      return c
   end
   local cl = {}
   for s, c in pairs(allcodes) do table.insert(cl, s .. "x" .. c) end
   table.sort(cl)
   local e = summary.errors
   io.write(string.format(
      "step requests=%d rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f ge_0.9s=%d ge_2.9s=%d non200=%d codes=%s status_errors=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.requests / (summary.duration / 1e6), pct(50), pct(90), pct(99),
      (#keys > 0) and math.exp((keys[#keys] + 1) / 100) / 1000 or 0, from(900), from(2900), bad,
      (#cl > 0) and table.concat(cl, ",") or "-", e.status, e.connect, e.read, e.write,
      e.timeout))
end
