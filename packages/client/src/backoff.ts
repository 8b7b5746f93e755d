/** `connect(url, { reconnect })`: exponential backoff with full jitter between attempts. */
export interface ReconnectOptions {
  /** The cap of the first delay. Default 250 ms. */
  readonly initialDelayMs?: number;
  /** The largest cap. Default 10 000 ms. */
  readonly maxDelayMs?: number;
  /** How much the cap grows per attempt. Default 2. */
  readonly factor?: number;
  /** Attempts after a close before giving up (status `closed`). Default `Infinity`. */
  readonly maxAttempts?: number;
}

export type ResolvedReconnect = Required<ReconnectOptions>;

export function resolveReconnect(options: ReconnectOptions | false | undefined): ResolvedReconnect | false {
  if (options === false) return false;
  return {
    initialDelayMs: options?.initialDelayMs ?? 250,
    maxDelayMs: options?.maxDelayMs ?? 10_000,
    factor: options?.factor ?? 2,
    maxAttempts: options?.maxAttempts ?? Infinity,
  };
}

/**
 * The delay before reconnect attempt `attempt` (1-based): "full jitter", a uniformly random delay
 * between 0 and `min(maxDelayMs, initialDelayMs * factor^(attempt - 1))`, so clients dropped
 * together by a restart do not come back together.
 */
export function backoffDelay(attempt: number, options: ResolvedReconnect, random: () => number): number {
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** (attempt - 1));
  const share = Math.min(Math.max(random(), 0), 1);
  return Math.round(cap * share);
}
