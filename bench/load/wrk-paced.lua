-- Paces Debian's wrk at a fixed total request rate, for bench/load/compare.sh: wrk has no
-- --rate of its own (wrk2 does, and is not packaged by Debian), but it asks the script's
-- delay() how many milliseconds to wait before each request a connection sends.
--
--   wrk -t THREADS -c C -d 5s -s bench/load/wrk-paced.lua URL -- RATE THREADS
--
-- Each thread sends RATE/THREADS requests per second on a fixed schedule of send times,
-- the threads' schedules interleaved; a connection that becomes free takes the thread's
-- next send time and waits for it, the wait rounded up to whole milliseconds (wrk's timers
-- have millisecond resolution). wrk measures each latency from the moment it writes the
-- request, in microseconds. Needs LuaJIT's ffi (Debian's wrk links LuaJIT) for a
-- monotonic clock finer than Lua's os.time(). done() prints the one line compare.sh
-- reads: requests, duration, achieved rate, p50, p99 and errors.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clock_id, paced_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local clock = ffi.new("paced_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) * 1e3 + tonumber(clock.tv_nsec) / 1e6
end

-- Setup runs in wrk's main Lua state, once per thread, before the threads start.
local threads_set_up = 0
function setup(thread)
  thread:set("thread_index", threads_set_up)
  threads_set_up = threads_set_up + 1
end

local interval_ms, own_offset_ms, next_send_ms

function init(args)
  local rate = tonumber(args[1])
  if not rate or rate <= 0 then
    error("wrk-paced.lua needs the total rate in requests per second after --, e.g. -- 2000")
  end
  -- wrk passes the script only the arguments after --, so -t is repeated there.
  local threads = tonumber(args[2] or "1")
  interval_ms = 1000 * threads / rate
  next_send_ms = nil
  own_offset_ms = interval_ms * (thread_index or 0) / threads
end

function delay()
  local now = now_ms()
  if not next_send_ms then next_send_ms = now + own_offset_ms end
  local wait_ms = next_send_ms - now
  next_send_ms = next_send_ms + interval_ms
  if wait_ms <= 0 then return 0 end
  return math.ceil(wait_ms)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "wrk-paced requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
