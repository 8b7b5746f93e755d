export { metrics } from './metrics-extension.js';
export type { MetricsOptions } from './metrics-options.js';
export { MetricsError, metricsErrorTable } from './errors.js';
export type { MetricsErrorCode } from './errors.js';
