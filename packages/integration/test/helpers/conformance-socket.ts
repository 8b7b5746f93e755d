import 'reflect-metadata';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import {
  Conn,
  Connection,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  Query,
  WebSocket,
  type Guard,
  type GuardContext,
  type RoomPolicyRule,
} from '@halyard/core';

/** Only clients whose name starts with `vip` may enter a `vip:` room, whichever instance they are on. */
export class VipGuard implements Guard {
  canActivate(ctx: GuardContext): boolean {
    return ctx.kind === 'room' && String(ctx.connection.presence?.['name']).startsWith('vip');
  }
}

/** The room policy of every conformance app. */
export const conformanceRoomPolicies: readonly RoomPolicyRule[] = [{ match: /^vip:/, guards: [VipGuard] }];

export class HelloQuery {
  @IsString() @Length(1, 40) name!: string;
  /** Rooms to join on connect, comma-separated. */
  @IsOptional() @IsString() rooms?: string;
}

export class BroadcastDto {
  @IsString() text!: string;
  @IsOptional() @IsBoolean() exceptSelf?: boolean;
}

export class RoomDto {
  @IsString() room!: string;
  @IsString() text!: string;
}

export class DirectDto {
  @IsString() to!: string;
  @IsString() text!: string;
}

export class RoomNameDto {
  @IsString() room!: string;
}

export class RoomList {
  @IsString({ each: true }) rooms!: string[];
}

/**
 * What each `conn.join()` of the `join` and `joinAfterClose` handlers resolved to, by
 * `name:room`: a test awaits the join it caused even when the client is gone by then.
 */
export const joinResults = new Map<string, Promise<boolean>>();

export class KickDto {
  @IsString() id!: string;
  @IsInt() @Min(4000) @Max(4999) code!: number;
  @IsString() reason!: string;
}

/**
 * The socket the adapter conformance suite drives: every hub operation is reachable from a real
 * client, and `welcome` (sent after the joins) tells the client its id and that its rooms are set.
 */
@WebSocket('/conformance')
export class ConformanceSocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect()
  async hello(@Conn() conn: Connection, @Query() query: HelloQuery): Promise<void> {
    conn.presence = { name: query.name };
    conn.set('name', query.name);
    for (const room of query.rooms ? query.rooms.split(',') : []) await conn.join(room);
    conn.send('welcome', { id: conn.id });
  }

  @OnMessage('broadcast', { reply: null })
  async broadcast(@Message() body: BroadcastDto, @Conn() conn: Connection): Promise<void> {
    const data = { from: conn.get('name'), text: body.text };
    await this.hub.broadcast('broadcasted', data, body.exceptSelf ? { except: conn.id } : {});
  }

  @OnMessage('room', { reply: null })
  async room(@Message() body: RoomDto, @Conn() conn: Connection): Promise<void> {
    const data = { from: conn.get('name'), room: body.room, text: body.text };
    await this.hub.toRoom(body.room, 'roomed', data, { except: conn.id });
  }

  @OnMessage('direct', { reply: null })
  async direct(@Message() body: DirectDto, @Conn() conn: Connection): Promise<void> {
    await this.hub.toConnection(body.to, 'direct', { from: conn.get('name'), text: body.text });
  }

  @OnMessage('join', { reply: null })
  async join(@Message() body: RoomNameDto, @Conn() conn: Connection): Promise<void> {
    const joined = conn.join(body.room);
    joinResults.set(`${String(conn.get('name'))}:${body.room}`, joined);
    await joined;
  }

  /** Joins only once the socket has closed, like a handler that awaited something slow first. */
  @OnMessage('joinAfterClose', { reply: null })
  async joinAfterClose(@Message() body: RoomNameDto, @Conn() conn: Connection): Promise<void> {
    const joined = conn.whenClosed().then(() => conn.join(body.room));
    joinResults.set(`${String(conn.get('name'))}:${body.room}`, joined);
    await joined;
  }

  @OnMessage('myRooms', { reply: RoomList })
  myRooms(@Conn() conn: Connection): RoomList {
    return { rooms: [...conn.rooms] };
  }

  @OnMessage('leave', { reply: null })
  async leave(@Message() body: RoomNameDto, @Conn() conn: Connection): Promise<void> {
    await conn.leave(body.room);
  }

  @OnMessage('kick', { reply: null })
  async kick(@Message() body: KickDto): Promise<void> {
    await this.hub.disconnect(body.id, body.code, body.reason);
  }
}
