/**
 * How the chat signs its session tokens. Given to the app as a provider (`createChatApp`'s
 * settings build it); `halyard docs` uses the development default, which signs nothing real.
 */
export class ChatAuthConfig {
  /** The HMAC-SHA256 key; every instance behind one load balancer needs the same one. */
  readonly secret: string;
  /** How long a token from `POST /api/login` is valid. */
  readonly tokenTtlMs: number;
  /** Whoever logs in with this key is a moderator; without one nobody is. */
  readonly moderatorKey: string | undefined;

  constructor(options: { secret: string; tokenTtlMs?: number; moderatorKey?: string }) {
    if (options.secret.length < 16) throw new Error('ChatAuthConfig: the secret needs 16 characters or more');
    this.secret = options.secret;
    this.tokenTtlMs = options.tokenTtlMs ?? defaultTokenTtlMs;
    this.moderatorKey = options.moderatorKey;
  }
}

/** Fifteen minutes: short enough that a stolen token is soon worthless, long enough to be cheap. */
export const defaultTokenTtlMs = 15 * 60_000;

/** Signs development tokens only; `main.ts` refuses it in production (CHAT_TOKEN_SECRET). */
export const developmentSecret = 'halyard-chat-development-secret';
