-- One request's token from a shared bucket, atomically (Redis runs a script alone: no read-then-write race).
-- The same semantics as RateLimiter: capacity = rpm, refill rpm/60 per second, a new bucket starts full.
-- KEYS[1] = orp:rl:<client id>   ARGV[1] = rpm (> 0)
-- Returns {allowed (1/0), retry-after seconds}. The clock is Redis's own (TIME), so replicas with skewed clocks agree.
local rpm = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then
  tokens = rpm
  ts = now
end
local perMicro = rpm / 60000000
local elapsed = now - ts
if elapsed < 0 then elapsed = 0 end
tokens = math.min(rpm, tokens + elapsed * perMicro)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / perMicro / 1000000)
  if retry < 1 then retry = 1 end
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%d', now))
-- idle for a minute, a bucket is full again: the same as no bucket
redis.call('PEXPIRE', KEYS[1], 61000)
return {allowed, retry}
