import 'reflect-metadata';
import { IsString } from 'class-validator';
import {
  Conn,
  Connection,
  createApp,
  Emits,
  Hub,
  Message,
  OnConnect,
  OnMessage,
  WebSocket,
  type HalyardExtension,
} from '@halyard/core';
import { redisAdapter } from '@halyard/redis';
import type { Test } from 'tap';
import { REDIS_URL } from './redis-test-keys.js';

export class Say {
  @IsString() text!: string;
}

/** Everyone joins `lobby`; `say` pushes `said` to the rest of the lobby, across instances. */
@WebSocket('/lobby')
export class LobbySocket {
  constructor(private readonly hub: Hub) {}
  @OnConnect() async hello(@Conn() conn: Connection): Promise<void> {
    await conn.join('lobby');
  }
  @OnMessage('say', { reply: null })
  @Emits('said', Say)
  async say(@Message() say: Say, @Conn() conn: Connection): Promise<void> {
    await this.hub.toRoom('lobby', 'said', { text: say.text }, { except: conn.id });
  }
}

/** One instance of the lobby app on the Redis adapter under `keyPrefix`; closed when the test ends. */
export async function redisLobbyApp(
  t: Test,
  keyPrefix: string,
  extensions: readonly HalyardExtension[],
): ReturnType<typeof createApp> {
  const app = await createApp({
    controllers: [LobbySocket],
    fastify: { logger: false },
    websocket: { adapter: redisAdapter({ url: REDIS_URL, keyPrefix }) },
    extensions,
  });
  t.teardown(() => app.close());
  return app;
}
