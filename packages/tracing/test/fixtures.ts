import 'reflect-metadata';
import { IsString, MaxLength } from 'class-validator';
import {
  BadRequestError,
  Body,
  Conn,
  Connection,
  Controller,
  createApp,
  Emits,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  Post,
  WebSocket,
  type HalyardExtension,
} from '@halyard/core';
import type { FastifyInstance } from 'fastify';

export class Say {
  @IsString() @MaxLength(200) text!: string;
}

/** Everyone joins `lobby`; `say` replies and pushes `said` to the lobby; `fail` throws; `refuse` is a 400. */
@WebSocket('/chat')
export class ChatSocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect() async hello(@Conn() conn: Connection): Promise<void> {
    await conn.join('lobby');
  }

  @OnMessage('say', { reply: Say })
  @Emits('said', Say)
  async say(@Message() say: Say, @Conn() conn: Connection): Promise<Say> {
    await this.hub.toRoom('lobby', 'said', { text: say.text }, { except: conn.id });
    return say;
  }

  @OnMessage('fail', { reply: null }) fail(@Message() _say: Say): void {
    throw new Error('the handler broke');
  }

  @OnMessage('refuse', { reply: null }) refuse(@Message() _say: Say): void {
    throw new BadRequestError('not today');
  }
}

@Controller('/notes')
export class NotesController {
  @Post('/') create(@Body() say: Say): Say {
    return say;
  }
}

export function chatApp(extensions: readonly HalyardExtension[]): Promise<FastifyInstance> {
  return createApp({ controllers: [ChatSocket, NotesController], fastify: { logger: false }, extensions });
}
