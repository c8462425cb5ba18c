"""The Lua scripts of the Redis hot state (`bot/store/hot_redis.py`), one per change of state.

Each runs atomically in Redis, so no other process sees a check without its set. Drop scripts
take the drop's keys (`DROP_KEYS`, in that order) and, first in ARGV, the epoch the caller saw
and the TTL to refresh; they return `LOST` if the drop is not loaded or another epoch is.
"""

from __future__ import annotations

# The drop's keys, in the order every drop script takes them.
DROP_KEYS = ("meta", "entrants", "count", "owner", "free", "rate")

# Script results that are not serials.
SOLD_OUT, CAP_REACHED, LOST = -1, -2, -3

# KEYS: the drop's six keys (meta, entrants, count, owner, free, rate). Checks the marker against
# the epoch the caller saw ('' accepts any); touch() refreshes the TTL of all six.
_PRELUDE = """
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch or (ARGV[1] ~= '' and epoch ~= ARGV[1]) then return -3 end
local function touch()
  for i = 1, 6 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
"""

# ARGV: epoch, ttl ms, identity -> 1 added, 0 already there, -3 lost
ADD_ENTRANT = (
    _PRELUDE
    + """
local added = redis.call('SADD', KEYS[2], ARGV[3])
touch()
return added
"""
)

# ARGV: epoch, ttl ms, identity -> 1 removed, 0 not there, -3 lost
REMOVE_ENTRANT = (
    _PRELUDE
    + """
local removed = redis.call('SREM', KEYS[2], ARGV[3])
touch()
return removed
"""
)

# ARGV: epoch, ttl ms, identity, supply, cap -> serial, -1 sold out, -2 cap reached, -3 lost
TAKE_UNIT = (
    _PRELUDE
    + """
local mine = tonumber(redis.call('HGET', KEYS[3], ARGV[3]) or '0')
if mine >= tonumber(ARGV[5]) then return -2 end
local serial
local popped = redis.call('ZPOPMIN', KEYS[5])
if popped[1] then
  serial = tonumber(popped[1])
else
  serial = tonumber(redis.call('HGET', KEYS[1], 'next'))
  if serial > tonumber(ARGV[4]) then return -1 end
  redis.call('HSET', KEYS[1], 'next', serial + 1)
end
redis.call('HINCRBY', KEYS[3], ARGV[3], 1)
redis.call('HSET', KEYS[4], serial, ARGV[3])
touch()
return serial
"""
)

# ARGV: epoch, ttl ms, identity, serial -> 1 returned, 0 not held by identity, -3 lost
RETURN_UNIT = (
    _PRELUDE
    + """
if redis.call('HGET', KEYS[4], ARGV[4]) ~= ARGV[3] then return 0 end
redis.call('HDEL', KEYS[4], ARGV[4])
if redis.call('HINCRBY', KEYS[3], ARGV[3], -1) <= 0 then redis.call('HDEL', KEYS[3], ARGV[3]) end
redis.call('ZADD', KEYS[5], ARGV[4], ARGV[4])
touch()
return 1
"""
)

# A claim batch on one drop: for each claim in turn, the GCRA of HIT on its identity's field of
# the drop's rate hash, then (not limited, and allowed in) ADD_ENTRANT and, first come, TAKE_UNIT;
# the serial counter is read and written once per batch, and the free set popped only while it
# has members.
# ARGV: epoch, ttl ms, supply ('': entering only, a lottery), cap, the limit's interval, window
# and now (seconds), a string with one character per claim ('1' may enter, '0' kept out: only
# counted against the limit), then each claim's identity.
# -> -3 lost, or one string of comma-separated fields: the entrant count before the batch, then
# one per claim: 'r' and the seconds to wait (rate limited, nothing else done), or '+' (a new
# entrant) or '=' (not new) and the unit: a serial, 0 (none asked for), -1 sold out, -2 cap.
RESERVE_CLAIMS = (
    _PRELUDE
    + """
local supply, cap = tonumber(ARGV[3]), tonumber(ARGV[4])
local interval, window, now = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local enters = ARGV[8]
local out = {redis.call('SCARD', KEYS[2])}
local next_serial, free_left = nil, true
for i = 9, #ARGV do
  local identity = ARGV[i]
  local tat = tonumber(redis.call('HGET', KEYS[6], identity) or '')
  if tat == nil or tat < now then tat = now end
  local new_tat = tat + interval
  if new_tat - now > window then
    out[#out + 1] = 'r' .. string.format('%.17g', new_tat - now - window)
  else
    redis.call('HSET', KEYS[6], identity, string.format('%.17g', new_tat))
    local new, taken = 0, 0
    if string.byte(enters, i - 8) == 49 then  -- '1'
      new = redis.call('SADD', KEYS[2], identity)
      if supply then
        local mine = tonumber(redis.call('HGET', KEYS[3], identity) or '0')
        if mine >= cap then
          taken = -2
        else
          local serial
          if free_left then
            local popped = redis.call('ZPOPMIN', KEYS[5])
            if popped[1] then serial = tonumber(popped[1]) else free_left = false end
          end
          if not serial then
            next_serial = next_serial or tonumber(redis.call('HGET', KEYS[1], 'next'))
            if next_serial <= supply then
              serial = next_serial
              next_serial = next_serial + 1
            end
          end
          if serial then
            redis.call('HINCRBY', KEYS[3], identity, 1)
            redis.call('HSET', KEYS[4], serial, identity)
            taken = serial
          else
            taken = -1
          end
        end
      end
    end
    out[#out + 1] = (new == 1 and '+' or '=') .. taken
  end
end
if next_serial then redis.call('HSET', KEYS[1], 'next', next_serial) end
touch()
return table.concat(out, ',')
"""
)

# A failed batch's undo, as RETURN_UNIT for each unit then REMOVE_ENTRANT for each entrant.
# ARGV: epoch, ttl ms, the number of units, then each unit's identity and serial, then the
# entrants -> 1 done, -3 lost (nothing to undo: the reservations went with the old state)
RELEASE_CLAIMS = (
    _PRELUDE
    + """
local units = tonumber(ARGV[3])
for i = 4, 3 + 2 * units, 2 do
  local identity, serial = ARGV[i], ARGV[i + 1]
  if redis.call('HGET', KEYS[4], serial) == identity then
    redis.call('HDEL', KEYS[4], serial)
    if redis.call('HINCRBY', KEYS[3], identity, -1) <= 0 then
      redis.call('HDEL', KEYS[3], identity)
    end
    redis.call('ZADD', KEYS[5], serial, serial)
  end
end
for i = 4 + 2 * units, #ARGV do redis.call('SREM', KEYS[2], ARGV[i]) end
touch()
return 1
"""
)

# KEYS: the drop's six keys, then staging keys for entrants, count, owner and free.
# ARGV: epoch, ttl ms, next serial, supply -> the epoch now in force (the caller's, or the one
# of whoever loaded first; the staging keys are then dropped). The rate hash is left as it is.
COMMIT_LOAD = """
local current = redis.call('HGET', KEYS[1], 'epoch')
if current then
  redis.call('DEL', KEYS[7], KEYS[8], KEYS[9], KEYS[10])
  return current
end
for i = 2, 5 do
  if redis.call('EXISTS', KEYS[i + 5]) == 1 then
    redis.call('RENAME', KEYS[i + 5], KEYS[i])
  else
    redis.call('DEL', KEYS[i])
  end
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'next', ARGV[3], 'supply', ARGV[4])
for i = 1, 6 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return ARGV[1]
"""

# KEYS: the drop's six keys. ARGV: epoch -> 1 deleted, 0 another epoch is loaded
FORGET_IF_EPOCH = """
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
return 1
"""

# GCRA, as MemoryHotState.hit. KEYS: the limit's key. ARGV: interval, window, now (seconds).
# -> seconds until the next hit is allowed, as a string ('0' if this one is), since a Lua number
# returned to Redis would be truncated to an integer.
HIT = """
local interval, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '')
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
if new_tat - now > window then return string.format('%.17g', new_tat - now - window) end
local ttl = math.max(1, math.ceil((new_tat - now) * 1000))
redis.call('SET', KEYS[1], string.format('%.17g', new_tat), 'PX', ttl)
return '0'
"""
