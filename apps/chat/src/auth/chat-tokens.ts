import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@halyard/core';
import { ChatAuthConfig } from './chat-auth-config.js';

/** Who a valid token speaks for; the connection's identity (`conn.identity`, `@Identity()`). */
export interface ChatIdentity {
  readonly name: string;
  readonly role: 'member' | 'moderator';
}

/** A token and when it stops being valid (epoch milliseconds). */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: number;
}

/** Longer than any token this issues: a bigger one is refused before it is decoded or hashed. */
const maxTokenLength = 512;

/**
 * Short-lived session tokens: `base64url(JSON claims).base64url(HMAC-SHA256(claims))`, the claims
 * `{ sub, role, exp }`. Stateless, so every instance with the same secret accepts them.
 */
@Injectable()
export class ChatTokens {
  constructor(private readonly config: ChatAuthConfig) {}

  issue(identity: ChatIdentity, now = Date.now()): IssuedToken {
    const expiresAt = now + this.config.tokenTtlMs;
    const claims = JSON.stringify({ sub: identity.name, role: identity.role, exp: expiresAt });
    const payload = Buffer.from(claims, 'utf8').toString('base64url');
    return { token: `${payload}.${this.#sign(payload)}`, expiresAt };
  }

  /** The identity and expiry of a token signed with our secret and not yet expired; else why not. */
  verify(
    token: string,
    now = Date.now(),
  ): { identity: ChatIdentity; expiresAt: number } | { refused: string } {
    if (token.length > maxTokenLength) return { refused: 'Token too long' };
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { refused: 'Malformed token' };
    const expected = Buffer.from(this.#sign(payload), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { refused: 'Invalid token signature' };
    const claims = parseClaims(payload);
    if (!claims) return { refused: 'Malformed token' };
    if (claims.exp <= now) return { refused: 'Token expired' };
    return { identity: { name: claims.sub, role: claims.role }, expiresAt: claims.exp };
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.config.secret).update(payload).digest('base64url');
  }
}

/** Signed claims are ours, but checked anyway: a secret shared with an older version may differ. */
function parseClaims(payload: string): { sub: string; role: ChatIdentity['role']; exp: number } | undefined {
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
  const { sub, role, exp } = (claims ?? {}) as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof exp !== 'number' || (role !== 'member' && role !== 'moderator'))
    return undefined;
  return { sub, role, exp };
}
