import { HalyardError } from '../errors.js';
import type { SocketLimitOptions } from '../metadata.js';
import { normalizeOrigin } from './origin-check.js';

/** Limits after defaults (app-wide `createApp({ websocket: { limits } })`, then per-route overrides). */
export interface ResolvedLimits {
  readonly maxPayload: number;
  readonly maxConnections: number;
  readonly rateLimit:
    | {
        readonly perSecond: number;
        readonly burst: number;
        readonly closeAfter: number;
        readonly windowMs: number;
      }
    | false;
  readonly sendHighWaterMark: number;
  readonly slowConsumer: 'drop' | 'close';
  readonly allowedOrigins: readonly string[];
  readonly allowMissingOrigin: boolean;
  readonly refuseWith: 'http' | 'close';
  readonly heartbeat: { readonly intervalMs: number } | false;
  /** `conn.ask()` calls awaiting an answer, per connection. */
  readonly maxPendingRequests: number;
  /** The default `timeoutMs` of `conn.ask()`. */
  readonly requestTimeoutMs: number;
}

export const defaultLimits: ResolvedLimits = Object.freeze({
  maxPayload: 1024 * 1024,
  maxConnections: 10_000,
  rateLimit: Object.freeze({ perSecond: 50, burst: 100, closeAfter: 100, windowMs: 10_000 }),
  sendHighWaterMark: 1024 * 1024,
  slowConsumer: 'close',
  allowedOrigins: Object.freeze([]),
  allowMissingOrigin: true,
  refuseWith: 'http',
  heartbeat: Object.freeze({ intervalMs: 30_000 }),
  maxPendingRequests: 64,
  requestTimeoutMs: 10_000,
});

export function resolveLimits(
  appWide: SocketLimitOptions | undefined,
  route: SocketLimitOptions,
  where = 'websocket.limits',
): ResolvedLimits {
  const merged = { ...defaultLimits, ...stripUndefined(appWide ?? {}), ...stripUndefined(route) };
  const rate = merged.rateLimit;
  const fail = (detail: string): HalyardError =>
    new HalyardError('HALYARD_ERR_OPTIONS_INVALID', { detail: `${where}: ${detail}` });
  const positive = (value: unknown): boolean =>
    typeof value === 'number' && value > 0 && (Number.isInteger(value) || value === Infinity);
  if (!positive(merged.maxPayload) || merged.maxPayload === Infinity)
    throw fail(`maxPayload must be a positive whole number of bytes, got ${String(merged.maxPayload)}`);
  if (!positive(merged.maxConnections))
    throw fail(
      `maxConnections must be a positive whole number or Infinity, got ${String(merged.maxConnections)}`,
    );
  if (!(typeof merged.sendHighWaterMark === 'number' && merged.sendHighWaterMark >= 0))
    throw fail(`sendHighWaterMark must be 0 or more bytes, got ${String(merged.sendHighWaterMark)}`);
  if (merged.slowConsumer !== 'drop' && merged.slowConsumer !== 'close')
    throw fail(`slowConsumer must be 'drop' or 'close', got ${String(merged.slowConsumer)}`);
  if (
    !Array.isArray(merged.allowedOrigins) ||
    merged.allowedOrigins.some((origin) => typeof origin !== 'string')
  )
    throw fail('allowedOrigins must be an array of origin strings');
  const allowedOrigins = merged.allowedOrigins.map((entry) => {
    if (entry === '*') return entry;
    const origin = normalizeOrigin(entry);
    if (origin === undefined)
      throw fail(
        `allowedOrigins: ${JSON.stringify(entry)} is not an origin; write scheme://host[:port], e.g. https://app.example`,
      );
    return origin;
  });
  if (merged.refuseWith !== 'http' && merged.refuseWith !== 'close')
    throw fail(`refuseWith must be 'http' or 'close', got ${String(merged.refuseWith)}`);
  const beat = merged.heartbeat;
  if (
    beat !== false &&
    !(typeof beat === 'object' && beat !== null && Number.isInteger(beat.intervalMs) && beat.intervalMs > 0)
  )
    throw fail(
      `heartbeat must be false or { intervalMs } with a positive whole number of milliseconds, got ${JSON.stringify(beat)}`,
    );
  if (!(Number.isInteger(merged.maxPendingRequests) && merged.maxPendingRequests >= 1))
    throw fail(
      `maxPendingRequests must be a whole number of at least 1, got ${String(merged.maxPendingRequests)}`,
    );
  if (!(Number.isInteger(merged.requestTimeoutMs) && merged.requestTimeoutMs >= 1))
    throw fail(
      `requestTimeoutMs must be a positive whole number of milliseconds, got ${String(merged.requestTimeoutMs)}`,
    );
  if (rate !== false) {
    if (!(typeof rate.perSecond === 'number' && rate.perSecond > 0 && Number.isFinite(rate.perSecond)))
      throw fail(`rateLimit.perSecond must be a positive number, got ${String(rate.perSecond)}`);
    if (rate.burst !== undefined && !(Number.isInteger(rate.burst) && rate.burst >= 1))
      throw fail(`rateLimit.burst must be a whole number of at least 1, got ${String(rate.burst)}`);
    if (rate.closeAfter !== undefined && !(Number.isInteger(rate.closeAfter) && rate.closeAfter >= 1))
      throw fail(`rateLimit.closeAfter must be a whole number of at least 1, got ${String(rate.closeAfter)}`);
    if (rate.windowMs !== undefined && !(Number.isInteger(rate.windowMs) && rate.windowMs >= 1))
      throw fail(
        `rateLimit.windowMs must be a positive whole number of milliseconds, got ${String(rate.windowMs)}`,
      );
  }
  return {
    ...merged,
    allowedOrigins,
    heartbeat: beat === false ? false : { intervalMs: beat.intervalMs },
    rateLimit:
      rate === false
        ? false
        : {
            perSecond: rate.perSecond,
            burst: rate.burst ?? Math.max(1, rate.perSecond),
            closeAfter: rate.closeAfter ?? 100,
            windowMs: rate.windowMs ?? 10_000,
          },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/**
 * A socket with its `resolvedLimits`: the one place the app-wide limits meet a route's own. The
 * definition builder calls it once per socket at boot; the runtime and the AsyncAPI generator read
 * the result. A new limit is a field of `SocketLimitOptions` and `ResolvedLimits`, its default and
 * check in `resolveLimits`, its enforcement, and its docs (docs/limits.md).
 */
export function withResolvedLimits<
  S extends { readonly name: string; readonly path: string; readonly limits: SocketLimitOptions },
>(socket: S, appWide: SocketLimitOptions | undefined): S & { readonly resolvedLimits: ResolvedLimits } {
  return {
    ...socket,
    resolvedLimits: resolveLimits(appWide, socket.limits, `${socket.name} (${socket.path}) limits`),
  };
}
