import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { flatString } from './connection-internals.js';

/**
 * The query parameter a reconnecting client sends its resume token in (`?halyard_session=<token>`).
 * It is taken out of `conn.query` before a query DTO sees it.
 */
export const sessionQueryKey = 'halyard_session';

/** The internal close code a superseded connection is closed with on every instance (never sent: it is terminated). */
export const supersededCode = 4009;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Resume tokens (docs/delivery.md#presence-after-a-resume): a connection of a stream app gets
 * `$session { token }`; a client that reconnects with it, to any instance, continues as the same
 * connection id, so its room memberships carry on without `left` + `joined` and its own previous
 * connection is not a ghost in the member list. A token is the connection id and an HMAC of it
 * under a secret every instance shares (the adapter's `sessionSecret()`), so nothing is stored
 * per connection; only the holder of the token can take the id over.
 *
 * @example `const sessions = new ResumeSessions(secret); sessions.verify(sessions.token(id)) === id`
 */
export class ResumeSessions {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** The token of connection `id`: `<id>.<hmac>`. */
  token(id: string): string {
    return `${id}.${this.#mac(id)}`;
  }

  /** The connection id a token names, or `undefined` for anything that is not a token of ours. */
  verify(token: unknown): string | undefined {
    if (typeof token !== 'string' || token.length !== 36 + 1 + 43) return undefined;
    const id = token.slice(0, 36);
    if (token[36] !== '.' || !uuid.test(id)) return undefined;
    const given = Buffer.from(token.slice(37));
    const expected = Buffer.from(this.#mac(id));
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : undefined;
  }

  /** A random marker of one connection object, so a supersede never closes its own sender. */
  static incarnation(): string {
    return flatString(randomUUID());
  }

  #mac(id: string): string {
    return createHmac('sha256', this.#secret).update(id).digest('base64url');
  }
}
