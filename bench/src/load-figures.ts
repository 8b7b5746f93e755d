/** What one timed request/reply window measured. */
export interface LoadResult {
  readonly messages: number;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** The `p`th percentile (0-100) of ascending `sorted`; NaN when there is nothing. */
export const percentile = (sorted: Float64Array, p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

/** The figures of a window from its counts, its length and every reply's latency (ms). */
export function loadResult(
  counts: { readonly messages: number; readonly errors: number; readonly seconds: number },
  latencies: readonly number[],
): LoadResult {
  const sorted = Float64Array.from(latencies).sort();
  const { messages, errors, seconds } = counts;
  return {
    messages,
    errors,
    seconds,
    perSecond: messages / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}
