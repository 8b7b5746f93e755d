/**
 * Upper bounds (milliseconds) of the handler-duration buckets: the defaults of `@halyard/metrics`'
 * `halyard_ws_handler_duration_seconds`, so the page's percentiles are the ones
 * `histogram_quantile` gives for the same traffic.
 */
export const latencyBucketsMs: readonly number[] = Object.freeze([
  0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
]);

/**
 * Durations counted in fixed buckets: recording is one comparison loop and one increment, the
 * memory is one small array per key whatever the traffic, and a percentile is estimated from the
 * counts as Prometheus' `histogram_quantile` does (linear within the bucket).
 */
export class LatencyHistogram {
  readonly #bounds: readonly number[];
  /** One count per bound, plus the last for durations above every bound. */
  readonly #counts: Float64Array;
  #total = 0;

  constructor(bounds: readonly number[]) {
    this.#bounds = bounds;
    this.#counts = new Float64Array(bounds.length + 1);
  }

  get count(): number {
    return this.#total;
  }

  record(durationMs: number): void {
    const bounds = this.#bounds;
    let index = 0;
    while (index < bounds.length && durationMs > (bounds[index] as number)) index++;
    this.#counts[index]!++;
    this.#total++;
  }

  /**
   * The `q` quantile (0 to 1) in milliseconds, `null` without data. Within a bucket the value is
   * interpolated linearly from its lower bound (0 for the first); a rank in the overflow bucket is
   * the highest bound, as `histogram_quantile` answers for the `+Inf` bucket.
   */
  quantile(q: number): number | null {
    if (this.#total === 0) return null;
    const rank = q * this.#total;
    const bounds = this.#bounds;
    let below = 0;
    for (let index = 0; index < bounds.length; index++) {
      const inBucket = this.#counts[index] as number;
      if (below + inBucket >= rank && inBucket > 0) {
        const lower = index === 0 ? 0 : (bounds[index - 1] as number);
        const upper = bounds[index] as number;
        return lower + ((upper - lower) * (rank - below)) / inBucket;
      }
      below += inBucket;
    }
    return bounds[bounds.length - 1] as number;
  }
}
