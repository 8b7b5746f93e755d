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
  /**
   * The longest wait after a close 1012 (`app.close()` of a restarting server): the client waits a
   * uniformly random time below `min(the server's window, restartJitterMs)`, so the clients of
   * one instance come back spread over the window. Default 60 000; `0` ignores the hint and
   * uses the backoff. A 1012 without a window (`reconnect within <n> ms`) uses the backoff.
   */
  readonly restartJitterMs?: number;
}

export type ResolvedReconnect = Required<ReconnectOptions>;

export function resolveReconnect(options: ReconnectOptions | false | undefined): ResolvedReconnect | false {
  if (options === false) return false;
  return {
    initialDelayMs: options?.initialDelayMs ?? 250,
    maxDelayMs: options?.maxDelayMs ?? 10_000,
    factor: options?.factor ?? 2,
    maxAttempts: options?.maxAttempts ?? Infinity,
    restartJitterMs: options?.restartJitterMs ?? 60_000,
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

/** The window in a 1012 reason, `Service Restart; reconnect within 5000 ms`; bounded: at most 123 bytes. */
const restartHint = /reconnect within (\d{1,9}) ms/;

/**
 * The delay after a close 1012 that names a window: uniformly random below the window (capped by
 * `restartJitterMs`); `undefined` for any other close, which gets the backoff.
 */
export function restartDelay(
  end: { readonly code: number; readonly reason: string },
  options: ResolvedReconnect,
  random: () => number,
): number | undefined {
  if (end.code !== 1012 || options.restartJitterMs <= 0) return undefined;
  const hint = restartHint.exec(end.reason);
  if (!hint) return undefined;
  const window = Math.min(Number(hint[1]), options.restartJitterMs);
  return Math.floor(window * Math.min(Math.max(random(), 0), 1));
}
