import type { SessionDto } from './api-client.js';
import { createRestClient } from './api-client.js';

/** Renewed this long before its expiry when the page needs a token for REST. */
const marginMs = 5_000;

/**
 * The page's login session: a short-lived token from `POST /api/login`, asked for again whenever
 * one is needed (the socket's `auth` provider, on every attempt and on `$expiring`). The demo
 * login trusts the name, so asking again needs no refresh token.
 */
export class Session {
  readonly #login = createRestClient().login;
  #current: SessionDto | undefined;

  constructor(
    readonly name: string,
    private readonly moderatorKey: string | undefined,
  ) {}

  get role(): SessionDto['role'] | undefined {
    return this.#current?.role;
  }

  /** The token REST calls send now (`Authorization: Bearer`). */
  get token(): string | undefined {
    return this.#current?.token;
  }

  /** A new token, always: the socket's `auth` provider. */
  async fresh(): Promise<string> {
    this.#current = await this.#login.login({
      body: { name: this.name, ...(this.moderatorKey ? { moderatorKey: this.moderatorKey } : {}) },
    });
    return this.#current.token;
  }

  /** A token valid for a while yet, renewed only when it is about to expire (before REST calls). */
  async valid(): Promise<string> {
    const current = this.#current;
    if (current && Date.parse(current.expiresAt) - Date.now() > marginMs) return current.token;
    return this.fresh();
  }
}
