import { ForbiddenError, Injectable, UnauthorizedError, type Guard, type GuardContext } from '@halyard/core';
import { RoomStore } from '../rooms/room-store.js';
import { ChatTokens, type ChatIdentity } from './chat-tokens.js';

/** The connection's or request's identity, when a token gave it one (guests have none). */
export function chatIdentity(identity: unknown): ChatIdentity | undefined {
  return typeof identity === 'object' && identity !== null && 'name' in identity && 'role' in identity
    ? (identity as ChatIdentity)
    : undefined;
}

/**
 * Room sockets: `?token=` from `POST /api/login` makes the connection that user until the token's
 * expiry (the server warns with `$expiring`, the page answers with `$auth`, else 4401). Without a
 * token the socket is a guest's, for public rooms only; a bad or expired token is refused (4401).
 */
@Injectable()
export class SocketTokenGuard implements Guard {
  static readonly security = {
    type: 'apiKey',
    in: 'query',
    name: 'token',
    description:
      'A session token from `POST /api/login`; optional for public rooms (guests), required for private ones.',
    optional: true,
  } as const;

  constructor(private readonly tokens: ChatTokens) {}

  canActivate(ctx: GuardContext): boolean {
    const token = ctx.kind === 'upgrade' && ctx.credential !== undefined ? ctx.credential : queryToken(ctx);
    if (token === undefined) return true;
    const verdict = this.tokens.verify(token);
    if ('refused' in verdict) throw new UnauthorizedError(verdict.refused);
    ctx.setIdentity(verdict.identity, { expiresAt: verdict.expiresAt });
    return true;
  }
}

/** REST: `Authorization: Bearer <token>` makes the request that user; no header, a guest. */
@Injectable()
export class SessionGuard implements Guard {
  static readonly security = {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'chat session token',
    description: 'A session token from `POST /api/login`; required for private rooms.',
  } as const;

  constructor(private readonly tokens: ChatTokens) {}

  canActivate(ctx: GuardContext): boolean {
    const header = ctx.request.headers.authorization;
    if (header === undefined) return true;
    const match = /^Bearer ([A-Za-z0-9_.-]{1,512})$/.exec(header);
    if (!match?.[1]) throw new UnauthorizedError('Expected Authorization: Bearer <token>');
    const verdict = this.tokens.verify(match[1]);
    if ('refused' in verdict) throw new UnauthorizedError(verdict.refused);
    ctx.setIdentity(verdict.identity);
    return true;
  }
}

/** REST routes with a `:roomId`: a private room answers its members only (after `SessionGuard`). */
@Injectable()
export class PrivateRoomGuard implements Guard {
  constructor(private readonly rooms: RoomStore) {}

  canActivate(ctx: GuardContext): boolean {
    const roomId = (ctx.request.params as { roomId?: unknown } | undefined)?.roomId;
    if (typeof roomId !== 'string') return true;
    this.rooms.checkAccess(roomId, chatIdentity(ctx.identity));
    return true;
  }
}

/**
 * The room policy of `room:*`: every join of a chat room's socket room, from any handler, on
 * any instance, passes it, so a private room's socket cannot be entered by naming it.
 */
@Injectable()
export class RoomMemberGuard implements Guard {
  constructor(private readonly rooms: RoomStore) {}

  canActivate(ctx: GuardContext): boolean {
    if (ctx.kind !== 'room') return false;
    return this.rooms.mayJoin(ctx.room.slice('room:'.length), chatIdentity(ctx.identity));
  }
}

/** A message only moderators may send (their token says `role: moderator`). */
@Injectable()
export class ModeratorGuard implements Guard {
  canActivate(ctx: GuardContext): boolean {
    if (chatIdentity(ctx.identity)?.role === 'moderator') return true;
    throw new ForbiddenError(`Only moderators may send "${ctx.kind === 'message' ? ctx.type : ctx.handler}"`);
  }
}

function queryToken(ctx: GuardContext): string | undefined {
  const token = (ctx.request.query as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}
