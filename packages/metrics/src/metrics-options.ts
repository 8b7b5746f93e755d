import type { Guard } from '@halyard/core';
import { Registry } from 'prom-client';
import { MetricsError } from './errors.js';

export interface MetricsOptions {
  /** Where the Prometheus text is served. Default `/metrics`. */
  readonly path?: string;
  /**
   * Guards run before the endpoint answers, in order, as for a route's `@UseGuards`: `false` is a
   * 403, a thrown `HttpError` its own answer. Without guards the endpoint is open: keep it off the
   * public port (or behind a network policy), as is usual for Prometheus targets.
   */
  readonly guards?: readonly Guard[];
  /**
   * prom-client's Node.js process metrics (`nodejs_eventloop_lag_seconds`, heap, GC, handles,
   * `process_cpu_seconds_total`, ...). Default `true`.
   */
  readonly defaultMetrics?: boolean;
  /** A registry of your own (to serve your app's metrics at the same endpoint). Default: a new one per app. */
  readonly registry?: Registry;
  /** Buckets (seconds) of `halyard_ws_handler_duration_seconds`. */
  readonly durationBuckets?: readonly number[];
  /** Buckets (seconds) of `halyard_ws_delivery_lag_seconds`. */
  readonly lagBuckets?: readonly number[];
  /** Buckets (connections) of `halyard_ws_fanout_connections`. */
  readonly fanOutBuckets?: readonly number[];
  /** Distinct error codes kept as label values; later ones count as `other`. Default 100. */
  readonly maxCodes?: number;
}

export interface ResolvedMetricsOptions {
  readonly path: string;
  readonly guards: readonly Guard[];
  readonly defaultMetrics: boolean;
  readonly registry: Registry;
  readonly durationBuckets: readonly number[];
  readonly lagBuckets: readonly number[];
  readonly fanOutBuckets: readonly number[];
  readonly maxCodes: number;
}

const durationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const lagBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const fanOutBuckets = [0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

function invalid(detail: string): MetricsError {
  return new MetricsError('HALYARD_ERR_METRICS_OPTIONS_INVALID', { detail });
}

function buckets(
  name: string,
  value: readonly number[] | undefined,
  fallback: readonly number[],
): readonly number[] {
  if (value === undefined) return fallback;
  const sorted =
    Array.isArray(value) &&
    value.every((n, i) => Number.isFinite(n) && (i === 0 || n > (value[i - 1] as number)));
  if (!sorted || value.length === 0)
    throw invalid(`${name} must be a non-empty array of finite numbers in increasing order`);
  return [...value];
}

export function resolveMetricsOptions(options: MetricsOptions): ResolvedMetricsOptions {
  if (typeof options !== 'object' || options === null)
    throw invalid('pass an options object, e.g. metrics({ path: "/metrics" })');
  const path = options.path ?? '/metrics';
  if (typeof path !== 'string' || !path.startsWith('/') || /[\s?#]/.test(path))
    throw invalid(`path must start with "/" and hold no spaces, "?" or "#"; got ${JSON.stringify(path)}`);
  const guards = options.guards ?? [];
  if (
    !Array.isArray(guards) ||
    guards.some((guard) => typeof (guard as Partial<Guard>)?.canActivate !== 'function')
  )
    throw invalid('guards must be an array of guard instances (objects with canActivate(context))');
  const maxCodes = options.maxCodes ?? 100;
  if (!Number.isInteger(maxCodes) || maxCodes < 1)
    throw invalid(`maxCodes must be a positive integer; got ${String(maxCodes)}`);
  if (options.registry !== undefined && !(options.registry instanceof Registry))
    throw invalid('registry must be a prom-client Registry');
  return {
    path,
    guards,
    defaultMetrics: options.defaultMetrics ?? true,
    registry: options.registry ?? new Registry(),
    durationBuckets: buckets('durationBuckets', options.durationBuckets, durationBuckets),
    lagBuckets: buckets('lagBuckets', options.lagBuckets, lagBuckets),
    fanOutBuckets: buckets('fanOutBuckets', options.fanOutBuckets, fanOutBuckets),
    maxCodes,
  };
}
