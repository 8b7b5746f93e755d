import type { FastifyRequest } from 'fastify';

/** How a guard reads credentials; turned into OpenAPI / AsyncAPI security schemes. */
export type GuardSecurity =
  | {
      readonly type: 'http';
      readonly scheme: 'bearer' | 'basic';
      readonly bearerFormat?: string;
      readonly description?: string;
    }
  | {
      readonly type: 'apiKey';
      readonly in: 'header' | 'query' | 'cookie';
      readonly name: string;
      readonly description?: string;
    };

export interface GuardContext {
  /** `http` for a REST route, `ws` for a WebSocket upgrade. */
  readonly kind: 'http' | 'ws';
  readonly request: FastifyRequest;
  /** `ControllerClass.member`, or `ControllerClass` for a class-level socket. */
  readonly handler: string;
  /** What an earlier guard of the same route attached, if anything. */
  readonly identity: unknown;
  /** Attaches who is calling; read it with `@Identity()` or `conn.identity`. */
  setIdentity(identity: unknown): void;
}

/**
 * Decides whether a request may reach a route. Return `false` for 403, throw an `HttpError`
 * (e.g. `UnauthorizedError`) for any other answer. A static `security` field tells the OpenAPI
 * and AsyncAPI generators how the guard reads credentials.
 *
 * @example
 * ```ts
 * class TokenGuard implements Guard {
 *   static security = { type: 'apiKey', in: 'query', name: 'token' } as const;
 *   canActivate(ctx: GuardContext) {
 *     const user = users.get(String((ctx.request.query as { token?: string }).token));
 *     if (!user) throw new UnauthorizedError('Unknown token');
 *     ctx.setIdentity(user);
 *     return true;
 *   }
 * }
 * ```
 */
export interface Guard {
  canActivate(context: GuardContext): boolean | Promise<boolean>;
}
