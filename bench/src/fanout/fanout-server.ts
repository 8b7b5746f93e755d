import 'reflect-metadata';
import { IsNumber } from 'class-validator';
import { Conn, Connection, createApp, Hub, Message, OnConnect, OnMessage, WebSocket } from '@halyard/core';
import { redisAdapter } from '@halyard/redis';

class Tick {
  @IsNumber() sentAt!: number;
  @IsNumber() seq!: number;
}

@WebSocket('/ws/fanout', { rateLimit: false })
class FanoutSocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect() async join(@Conn() conn: Connection): Promise<void> {
    await conn.join('bench');
  }

  @OnMessage('broadcast', { reply: null })
  async broadcast(@Message() tick: Tick): Promise<void> {
    await this.hub.toRoom('bench', 'tick', tick);
  }
}

/** One fan-out instance: `node fanout-main.js <port> [redisPrefix]` (no prefix: in-memory adapter). */
export async function startFanout(
  port: number,
  redisPrefix: string | undefined,
): Promise<() => Promise<void>> {
  const app = await createApp({
    controllers: [FanoutSocket],
    docs: false,
    fastify: { logger: false },
    websocket: {
      heartbeat: false,
      limits: { maxConnections: 50_000, sendHighWaterMark: 16 * 1024 * 1024 },
      ...(redisPrefix !== undefined && {
        adapter: redisAdapter({ url: 'redis://127.0.0.1:6379', keyPrefix: redisPrefix }),
      }),
    },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return () => app.close();
}
