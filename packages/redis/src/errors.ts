import { codedErrorClass, defineErrorTable, formatErrorMessage } from '@halyard/core/error-table';

/**
 * Every error and coded log line of `@halyard/redis`. A code is never reused. Boot errors are
 * thrown (by `redisAdapter()` or by `createApp` through `adapter.start()`); runtime failures are
 * never thrown into handlers: they are logged through the app's logger with `{ code }` and the
 * adapter keeps delivering to the connections of its own instance.
 */
export const redisErrorTable = defineErrorTable({
  HALYARD_ERR_REDIS_OPTIONS_INVALID: { area: 'boot', message: 'redisAdapter options: {detail}' },
  HALYARD_ERR_REDIS_UNAVAILABLE: {
    area: 'boot',
    message: 'cannot reach Redis at {url} ({cause}); {consequence}',
  },
  HALYARD_ERR_REDIS_NOT_STARTED: {
    area: 'boot',
    message:
      'RedisAdapter.{method}() was called before start(); pass the adapter to createApp({ websocket })',
  },
  HALYARD_ERR_REDIS_ALREADY_STARTED: {
    area: 'boot',
    message: 'this RedisAdapter was already started; give each app its own adapter instance',
  },
  HALYARD_ERR_REDIS_CONNECTION_LOST: {
    area: 'runtime',
    message: 'lost the connection to Redis at {url} ({cause}); delivering locally while reconnecting',
  },
  HALYARD_ERR_REDIS_PUBLISH_FAILED: {
    area: 'runtime',
    message: 'could not publish to other instances ({cause}); delivered to this instance only',
  },
  HALYARD_ERR_REDIS_STREAM_FAILED: {
    area: 'runtime',
    message: 'stream {operation} of room "{room}" failed ({cause}); {fallback}',
  },
  HALYARD_ERR_REDIS_PRESENCE_FAILED: {
    area: 'runtime',
    message: 'presence {operation} failed ({cause}); {fallback}',
  },
  HALYARD_ERR_REDIS_PRESENCE_EXPIRED: {
    area: 'runtime',
    message:
      "this instance's liveness key had expired (no heartbeat for {ttlMs} ms); its memberships were written again",
  },
  HALYARD_ERR_REDIS_SUBSCRIBE_FAILED: {
    area: 'runtime',
    message: 'could not subscribe to {channel} ({cause}); retrying on the next reconnect',
  },
  HALYARD_ERR_REDIS_MESSAGE_MALFORMED: {
    area: 'runtime',
    message: 'ignored a message on {channel} that is not a Halyard bus message: {detail}',
  },
} satisfies Record<`HALYARD_ERR_REDIS_${string}`, { area: 'boot' | 'runtime'; message: string }>);

/** Union of the codes `@halyard/redis` raises or logs. */
export type RedisErrorCode = keyof typeof redisErrorTable;

/** Values substituted into a message template. */
export type RedisErrorParams = Readonly<Record<string, string | number>>;

export function formatRedisMessage(code: RedisErrorCode, params: RedisErrorParams = {}): string {
  return formatErrorMessage(redisErrorTable, code, params);
}

/** A short description of anything thrown, for the `{cause}` of a message. */
export function describeCause(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code)
      ? `${code}: ${error.message}`
      : error.message;
  }
  return String(error);
}

/**
 * An error with a stable code, thrown by the Redis adapter at boot.
 *
 * @example
 * ```ts
 * try { await createApp({ controllers, websocket: { adapter: redisAdapter({ url }) } }); }
 * catch (err) { if (err instanceof RedisAdapterError && err.code === 'HALYARD_ERR_REDIS_UNAVAILABLE') ... }
 * ```
 */
export class RedisAdapterError extends codedErrorClass('RedisAdapterError', redisErrorTable) {}
