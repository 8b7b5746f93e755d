import type { SocketLimitOptions } from '../metadata.js';

/** Limits after defaults (app-wide `createApp({ websocket: { limits } })`, then per-route overrides). */
export interface ResolvedLimits {
  readonly maxPayload: number;
  readonly maxConnections: number;
  readonly rateLimit:
    { readonly perSecond: number; readonly burst: number; readonly closeAfter: number } | false;
  readonly sendHighWaterMark: number;
  readonly slowConsumer: 'drop' | 'close';
  readonly allowedOrigins: readonly string[];
  readonly allowMissingOrigin: boolean;
}

export const defaultLimits: ResolvedLimits = Object.freeze({
  maxPayload: 1024 * 1024,
  maxConnections: 10_000,
  rateLimit: Object.freeze({ perSecond: 50, burst: 100, closeAfter: 100 }),
  sendHighWaterMark: 1024 * 1024,
  slowConsumer: 'close',
  allowedOrigins: Object.freeze([]),
  allowMissingOrigin: true,
});

export function resolveLimits(
  appWide: SocketLimitOptions | undefined,
  route: SocketLimitOptions,
): ResolvedLimits {
  const merged = { ...defaultLimits, ...stripUndefined(appWide ?? {}), ...stripUndefined(route) };
  const rate = merged.rateLimit;
  return {
    ...merged,
    rateLimit:
      rate === false
        ? false
        : {
            perSecond: rate.perSecond,
            burst: rate.burst ?? Math.max(1, rate.perSecond),
            closeAfter: rate.closeAfter ?? 100,
          },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
