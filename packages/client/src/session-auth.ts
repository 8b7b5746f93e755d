import { authFailed, authInfo, fetchCredential, type AuthInfo, type AuthProvider } from './client-auth.js';
import type { HalyardClientError } from './errors.js';
import type { ClientEnd } from './socket-end.js';

/** The close code of an expired or refused credential (`HttpError` 401 as a WebSocket close). */
const credentialRefused = 4401;

/** What the session's authentication needs from the session. */
export interface SessionAuthHost {
  readonly provider: AuthProvider | undefined;
  /** Resolves once a socket is open; rejects with the closed client's error. */
  ready(): Promise<void>;
  /** The error of a client that closed for good; `undefined` while it is not closed. */
  closedError(): HalyardClientError | undefined;
  /** Sends `$auth` with the credential on the open socket, never re-sent after a drop; resolves with the reply. */
  sendAuth(credential: string): Promise<unknown>;
}

/**
 * A client's authentication once it is connected: `reauthenticate()` (the `$auth` exchange) and
 * the one reconnect a client with an `auth` provider makes after a 4401 close (an expiry the page
 * slept through, a token revoked meanwhile), so it comes back with a fresh credential. One retry
 * per stable connection: a refused retry, or a provider that fails on it, ends the client for
 * good with the 4401 that started it, so a dead session never loops.
 */
export class SessionAuth {
  readonly #host: SessionAuthHost;
  /** The `$auth` exchange under way; a second `reauthenticate()` meanwhile shares it. */
  #exchange: Promise<AuthInfo> | undefined;
  /** A `$auth` frame awaits its answer: a 4401 now refuses that credential, and is not retried. */
  #sent = false;
  /** The 4401 end the retry answers, while it is under way. */
  #pending: ClientEnd | undefined;
  #spent = false;

  constructor(host: SessionAuthHost) {
    this.#host = host;
  }

  reauthenticate(): Promise<AuthInfo> {
    this.#exchange ??= this.#send().finally(() => {
      this.#exchange = undefined;
    });
    return this.#exchange;
  }

  /** Waits for an open socket, asks the provider, sends `$auth`; the queue and other requests go on meanwhile. */
  async #send(): Promise<AuthInfo> {
    const provider = this.#host.provider;
    if (!provider) throw authFailed('provider', 'connect() was given no auth provider');
    await this.#host.ready();
    const credential = await fetchCredential(provider);
    const closed = this.#host.closedError();
    if (closed) throw closed;
    try {
      // Never re-sent on a new socket: its upgrade already carried a fresh credential.
      this.#sent = true;
      return authInfo(await this.#host.sendAuth(credential));
    } catch (error) {
      throw authFailed(
        'server',
        `The server did not accept the new credential: ${(error as Error).message}`,
        error,
      );
    } finally {
      this.#sent = false;
    }
  }

  /**
   * Whether this end is retried once instead of ending the client. Not when the 4401 answers a
   * `$auth` frame of ours (`reauthenticate()` already got that refusal) or the retry itself.
   */
  claim(end: ClientEnd): boolean {
    if (end.code !== credentialRefused || !this.#host.provider || this.#sent || this.#spent) return false;
    this.#spent = true;
    this.#pending = end;
    return true;
  }

  /** The 4401 the retry answers, when the provider fails on the retry: the client ends with it. */
  get pending(): ClientEnd | undefined {
    return this.#pending;
  }

  /** A socket opened: a retry under way is over. */
  opened(): void {
    this.#pending = undefined;
  }

  /** A connection stayed open `stableAfterMs`: a later 4401 may be retried again. */
  stable(): void {
    this.#spent = false;
  }
}
