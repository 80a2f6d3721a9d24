-- wrk script for scripts/load_public.py and scripts/abuse_documents.py: every connection goes
-- round the public pages listed, one path a line, in the file named by LOAD_PATHS_FILE, each
-- with a made-up query string `?cb=<random number>` when LOAD_RANDOM_QUERY is set; done() prints
-- the figures, with the answers counted by status, as JSON.

local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS_FILE")) do
  if line ~= "" then
    table.insert(paths, line)
  end
end

local random_query = os.getenv("LOAD_RANDOM_QUERY")
local counter = 0
local thread_number = 0
local threads = {}
-- Answers by HTTP status, in each thread (read back by done()).
statuses = {}

function setup(thread)
  thread_number = thread_number + 1
  thread:set("offset", thread_number * 7)
  thread:set("seed", thread_number)
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function init(args)
  math.randomseed(os.time() * 100 + (seed or 0))
end

function request()
  counter = counter + 1
  local path = paths[((counter + (offset or 0)) % #paths) + 1]
  if random_query then
    path = path .. "?cb=" .. math.random(1, 2000000000)
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local by_status = {}
  for status, count in pairs(totals) do
    table.insert(by_status, string.format('"%d": %d', status, count))
  end
  io.write(string.format(
    '{"statuses": {%s}, "requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "non_2xx_3xx": %d, ' ..
    '"p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "mean_ms": %.1f}\n',
    table.concat(by_status, ", "), summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.timeout, errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, latency.mean / 1000
  ))
end
