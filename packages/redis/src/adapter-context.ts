import type { AdapterHost } from '@halyard/core';
import type { ResolvedRedisOptions } from './adapter-options.js';
import type { RedisKeys } from './redis-keys.js';

/** Where the adapter is in its life: `new` until `start()`, `stopped` after `stop()` or a failed start. */
export type AdapterPhase = 'new' | 'running' | 'stopping' | 'stopped';

/** What the adapter's parts (link, upkeep) read from the adapter they belong to. */
export interface AdapterContext {
  readonly instanceId: string;
  readonly options: ResolvedRedisOptions;
  readonly keys: RedisKeys;
  /** The redacted url, for log lines. */
  readonly url: string;
  phase(): AdapterPhase;
  host(): AdapterHost | undefined;
  /** The host, or `HALYARD_ERR_REDIS_NOT_STARTED` naming `method`. */
  requireHost(method: string): AdapterHost;
}
