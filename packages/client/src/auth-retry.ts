import type { ClientEnd } from './socket-end.js';

/** The close code of an expired or refused credential (`HttpError` 401 as a WebSocket close). */
const credentialRefused = 4401;

/**
 * The one reconnect a client with an `auth` provider makes after a 4401 close (an expiry the page
 * slept through, a token revoked meanwhile), so it comes back with a fresh credential. One per
 * stable connection: a refused retry, or a provider that fails on it, ends the client for good
 * with the 4401 that started it, so a dead session never loops.
 */
export class AuthRetry {
  /** The 4401 end the retry answers, while it is under way. */
  #pending: ClientEnd | undefined;
  #spent = false;

  /**
   * Whether this end is retried once instead of ending the client. Not when the 4401 answers a
   * `$auth` frame of ours (`reauthenticate()` already got that refusal) or the retry itself.
   */
  claim(end: ClientEnd, options: { hasProvider: boolean; refreshing: boolean }): boolean {
    if (end.code !== credentialRefused || !options.hasProvider || options.refreshing || this.#spent)
      return false;
    this.#spent = true;
    this.#pending = end;
    return true;
  }

  /** The 4401 the retry answers, when the provider fails on the retry: the client ends with it. */
  get pending(): ClientEnd | undefined {
    return this.#pending;
  }

  /** The retry's socket opened. */
  opened(): void {
    this.#pending = undefined;
  }

  /** A connection stayed open `stableAfterMs`: a later 4401 may be retried again. */
  stable(): void {
    this.#spent = false;
  }
}
