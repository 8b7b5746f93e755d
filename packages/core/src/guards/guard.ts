import type { FastifyRequest } from 'fastify';
import type { Connection } from '../ws/connection.js';

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
      /**
       * The guard lets a request without the credential through (a guest): the WebSocket binding then
       * lists the query parameter or header without marking it required. Default `false`.
       */
      readonly optional?: boolean;
    };

/** What `setIdentity` may add: when the identity stops being valid (a `Date` or epoch milliseconds). */
export interface IdentityOptions {
  /**
   * On a WebSocket upgrade (or a `$auth` re-authentication): before this moment the server pushes
   * `$expiring`, and at it the socket closes with 4401 unless a `$auth` frame brought a new
   * credential. Ignored on HTTP routes, where a request does not outlive its credential.
   */
  readonly expiresAt?: Date | number;
}

interface GuardContextBase {
  /** The HTTP request, or the upgrade request of the socket (also for message and room guards). */
  readonly request: FastifyRequest;
  /** `ControllerClass.member`, `ControllerClass` for a class-level socket, or the room for a room guard. */
  readonly handler: string;
  /** What an earlier guard attached; for message and room guards, the connection's identity. */
  readonly identity: unknown;
  /**
   * Attaches who is calling; read it with `@Identity()` or `conn.identity`. Only HTTP and upgrade
   * guards may call it: message and room guards see the connection's identity and throw if they try.
   */
  setIdentity(identity: unknown, options?: IdentityOptions): void;
}

/** A guard of a REST route. */
export interface HttpGuardContext extends GuardContextBase {
  readonly kind: 'http';
}

/** A guard of a WebSocket route, before the upgrade and again on each `$auth` re-authentication. */
export interface UpgradeGuardContext extends GuardContextBase {
  readonly kind: 'upgrade';
  /**
   * The credential a `$auth` frame brought, when the guard runs for a re-authentication (the
   * request then also shows it where the guard's `static security` says to read it).
   */
  readonly credential?: string;
}

/** A guard of one `@OnMessage` handler: runs after the message was validated. */
export interface MessageGuardContext extends GuardContextBase {
  readonly kind: 'message';
  readonly connection: Connection;
  /** The message type. */
  readonly type: string;
  /** The validated message (the DTO instance). */
  readonly message: unknown;
}

/** A room policy guard: runs before a connection joins a room it matches. */
export interface RoomGuardContext extends GuardContextBase {
  readonly kind: 'room';
  readonly connection: Connection;
  readonly room: string;
}

/** What a guard sees; `kind` tells the level (and narrows to its extra fields). */
export type GuardContext = HttpGuardContext | UpgradeGuardContext | MessageGuardContext | RoomGuardContext;

/**
 * Decides whether a request may reach a route, a message its handler, or a connection a room.
 * Return `false` for 403, throw an `HttpError` (e.g. `UnauthorizedError`) for any other answer.
 * A static `security` field tells the OpenAPI and AsyncAPI generators how the guard reads credentials.
 *
 * @example
 * ```ts
 * class TokenGuard implements Guard {
 *   static security = { type: 'apiKey', in: 'query', name: 'token' } as const;
 *   canActivate(ctx: GuardContext) {
 *     const user = users.get(String((ctx.request.query as { token?: string }).token));
 *     if (!user) throw new UnauthorizedError('Unknown token');
 *     ctx.setIdentity(user, { expiresAt: user.tokenExpiresAt });
 *     return true;
 *   }
 * }
 * ```
 */
export interface Guard {
  canActivate(context: GuardContext): boolean | Promise<boolean>;
}
