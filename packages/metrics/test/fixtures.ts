import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  BadRequestError,
  Conn,
  Connection,
  createApp,
  Emits,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  Query,
  UseGuards,
  WebSocket,
  type Guard,
  type GuardContext,
  type HalyardExtension,
} from '@halyard/core';
import type { FastifyInstance } from 'fastify';
import { Say } from '../../integration/test/helpers/chat-socket.js';

export class Who {
  @IsString() name!: string;
}
export class Said {
  @IsString() from!: string;
  @IsString() text!: string;
}

/** Lets an upgrade through only with `?name=` not starting with "banned". */
export class NameGuard implements Guard {
  canActivate(context: GuardContext): boolean {
    const name = (context.request.query as { name?: string }).name ?? '';
    return !name.startsWith('banned');
  }
}

/** Everyone joins `lobby`; `say` replies and pushes `said` to the lobby; `fail` throws; `refuse` is a 400. */
@WebSocket('/chat')
@UseGuards(NameGuard)
export class ChatSocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect() async hello(@Conn() conn: Connection, @Query() who: Who): Promise<void> {
    conn.set('name', who.name);
    await conn.join('lobby');
  }

  @OnMessage('say', { reply: Say })
  @Emits('said', Said)
  async say(@Message() say: Say, @Conn() conn: Connection): Promise<Say> {
    await this.hub.toRoom('lobby', 'said', { from: conn.get('name'), text: say.text }, { except: conn.id });
    return say;
  }

  @OnMessage('fail', { reply: null }) fail(@Message() _say: Say): void {
    throw new Error('the handler broke');
  }

  @OnMessage('refuse', { reply: null }) refuse(@Message() _say: Say): void {
    throw new BadRequestError('not today', { code: 'HALYARD_ERR_BAD_REQUEST' });
  }
}

export function chatApp(extensions: readonly HalyardExtension[]): Promise<FastifyInstance> {
  return createApp({ controllers: [ChatSocket], fastify: { logger: false }, extensions });
}
