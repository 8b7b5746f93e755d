import 'reflect-metadata';
import { IsString, MaxLength } from 'class-validator';
import {
  BadRequestError,
  Conn,
  Connection,
  Emits,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  WebSocket,
} from '@halyard/core';

export class Say {
  @IsString() @MaxLength(200) text!: string;
}

/**
 * Everyone joins `lobby`; `say` replies and pushes `said` to the rest of the lobby (across instances
 * on a shared adapter); `fail` throws; `refuse` is a 400. The socket the tracing tests and the Redis
 * integration tests drive.
 */
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
