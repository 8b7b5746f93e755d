import { codedErrorClass } from '@halyard/core/error-table';

/**
 * The codes only the metrics package raises; its HTTP answers otherwise reuse core's codes
 * (`HALYARD_ERR_FORBIDDEN`, `HALYARD_ERR_UNAUTHORIZED`). `docs/observability.md` lists every code
 * of this table; `test/error-docs.test.ts` keeps the two in step. A code is never reused.
 */
export const metricsErrorTable = {
  HALYARD_ERR_METRICS_OPTIONS_INVALID: { area: 'boot', message: 'metrics options: {detail}' },
} as const satisfies Record<string, { area: 'boot' | 'wire'; message: string; status?: number }>;

/** Union of the codes `@halyard/metrics` adds to Halyard's. */
export type MetricsErrorCode = keyof typeof metricsErrorTable;

/**
 * A boot error of `metrics()`: thrown by `createApp` when the options cannot work.
 *
 * @example
 * ```ts
 * try { await createApp({ controllers, extensions: [metrics({ path: 'metrics' })] }); }
 * catch (err) { if (err instanceof MetricsError) log(err.code); } // HALYARD_ERR_METRICS_OPTIONS_INVALID
 * ```
 */
export class MetricsError extends codedErrorClass('MetricsError', metricsErrorTable) {}
