import { randomUUID } from 'node:crypto';
import { RedisAdapterError } from './errors.js';

/**
 * `redisAdapter(options)`. Every field has a default.
 *
 * @example `redisAdapter({ url: process.env.REDIS_URL, keyPrefix: 'chat' })`
 */
export interface RedisAdapterOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. Default `redis://127.0.0.1:6379`. */
  readonly url?: string;
  /** Prefix of every key and of the channel; apps sharing a Redis keep apart by prefix. Default `halyard`. */
  readonly keyPrefix?: string;
  /** This instance's id in presence records and bus messages. Default: a random UUID. */
  readonly instanceId?: string;
  /**
   * How long an instance's members stay visible after it stops refreshing its liveness key (it
   * refreshes every `presenceTtlMs / 3`). Default 15 000 ms.
   */
  readonly presenceTtlMs?: number;
  /**
   * What `start()` does when Redis cannot be reached: `'fail'` (default) rejects with
   * `HALYARD_ERR_REDIS_UNAVAILABLE`; `'local'` logs a warning, serves this instance's connections
   * alone and keeps reconnecting.
   */
  readonly onUnavailableAtStart?: 'fail' | 'local';
  /** How long a single Redis command may take before it counts as failed. Default 5 000 ms. */
  readonly commandTimeoutMs?: number;
}

export interface ResolvedRedisOptions {
  readonly url: string;
  readonly keyPrefix: string;
  readonly instanceId: string;
  readonly presenceTtlMs: number;
  readonly onUnavailableAtStart: 'fail' | 'local';
  readonly commandTimeoutMs: number;
}

function invalid(detail: string): RedisAdapterError {
  return new RedisAdapterError('HALYARD_ERR_REDIS_OPTIONS_INVALID', { detail });
}

function positiveInteger(
  name: string,
  value: number | undefined,
  { fallback, min }: { fallback: number; min: number },
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw invalid(`${name} must be an integer >= ${min}, got ${String(value)}`);
  return value;
}

/** Applies defaults and rejects values that would misbehave later (at construction, not at start). */
export function resolveRedisOptions(options: RedisAdapterOptions = {}): ResolvedRedisOptions {
  const url = options.url ?? 'redis://127.0.0.1:6379';
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw invalid(`url must be a redis:// or rediss:// URL, got "${url}"`);
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:')
    throw invalid(`url must be a redis:// or rediss:// URL, got "${url}"`);
  const keyPrefix = options.keyPrefix ?? 'halyard';
  if (keyPrefix.length === 0 || /\s/.test(keyPrefix))
    throw invalid(`keyPrefix must be a non-empty string without spaces, got "${keyPrefix}"`);
  const instanceId = options.instanceId ?? randomUUID();
  if (instanceId.length === 0 || /\s/.test(instanceId))
    throw invalid(`instanceId must be a non-empty string without spaces, got "${instanceId}"`);
  const onUnavailableAtStart = options.onUnavailableAtStart ?? 'fail';
  if (onUnavailableAtStart !== 'fail' && onUnavailableAtStart !== 'local')
    throw invalid(`onUnavailableAtStart must be 'fail' or 'local', got "${String(onUnavailableAtStart)}"`);
  return {
    url,
    keyPrefix,
    instanceId,
    // Below ~300 ms a heartbeat every ttl/3 competes with normal traffic for no benefit.
    presenceTtlMs: positiveInteger('presenceTtlMs', options.presenceTtlMs, { fallback: 15_000, min: 300 }),
    onUnavailableAtStart,
    commandTimeoutMs: positiveInteger('commandTimeoutMs', options.commandTimeoutMs, {
      fallback: 5_000,
      min: 1,
    }),
  };
}
