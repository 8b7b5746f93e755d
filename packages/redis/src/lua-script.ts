import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run with EVALSHA, falling back to EVAL once when Redis does not have it cached
 * (after a restart or SCRIPT FLUSH). Presence updates are scripts so that a member, its room's
 * index and its instance's index change together, and so that removing a dead instance's member
 * re-checks liveness atomically (an instance that came back is never swept).
 */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    try {
      return await client.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.#source, keys.length, ...keys, ...args);
    }
  }
}

/** KEYS: room hash, rooms set, own memberships set. ARGV: member id, record, room, entry. Returns 1 if new. */
export const joinScript = new LuaScript(`
local added = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
return added
`);

/**
 * KEYS: room hash, rooms set, the owner's memberships set, the owner's liveness key.
 * ARGV: member id, room, entry, 'own' | 'dead', the owner's instance id. Returns the removed record;
 * 'moved' when the record now belongs to another instance (a resumed connection took the member
 * over: only the owner's membership entry goes); nil when there was none or when a 'dead' owner
 * turned out to be alive.
 */
export const leaveScript = new LuaScript(`
if ARGV[4] == 'dead' and redis.call('EXISTS', KEYS[4]) == 1 then return false end
local record = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[3])
if record then
  local ok, decoded = pcall(cjson.decode, record)
  if ok and type(decoded) == 'table' and decoded.instance ~= ARGV[5] then return 'moved' end
end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return record
`);

/**
 * KEYS: instances set, the instance's memberships set, its liveness key. ARGV: instance id.
 * Forgets an instance only if it is still dead and all its memberships are gone. Returns 1 if forgotten.
 */
export const forgetInstanceScript = new LuaScript(`
if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
if redis.call('SCARD', KEYS[2]) > 0 then return 0 end
redis.call('SREM', KEYS[1], ARGV[1])
return 1
`);
