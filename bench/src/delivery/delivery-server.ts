import 'reflect-metadata';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Conn, Connection, createApp, Hub, Message, OnConnect, OnMessage, WebSocket } from '@halyard/core';
import { redisAdapter } from '@halyard/redis';
import { listenOnFreePort } from '../process-helpers.js';

class Burst {
  @IsString() room!: string;
  @IsInt() @Min(1) @Max(1_000_000) count!: number;
}

/** Every socket joins the room its query names; `burst` pushes `count` ticks to a room, one `toRoom` each. */
@WebSocket('/ws/delivery', { rateLimit: false })
class DeliverySocket {
  constructor(private readonly hub: Hub) {}

  @OnConnect() async join(@Conn() conn: Connection): Promise<void> {
    await conn.join(String(conn.query['room']));
  }

  @OnMessage('burst', { reply: null })
  async burst(@Message() burst: Burst): Promise<void> {
    // Awaited one by one, as a handler that stores and then pushes each message would.
    for (let seq = 1; seq <= burst.count; seq++) await this.hub.toRoom(burst.room, 'tick', { seq });
  }
}

/** A running delivery instance: the port it listens on and how to stop it. */
export interface DeliveryServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * One instance where `stream:*` rooms are streams (a window of `maxCount` messages) and every other
 * room is plain; on Redis under `redisPrefix`, else on the memory adapter.
 */
export async function startDelivery(options: {
  readonly redisPrefix: string | undefined;
  readonly maxCount: number;
}): Promise<DeliveryServer> {
  const { redisPrefix, maxCount } = options;
  const app = await createApp({
    controllers: [DeliverySocket],
    docs: false,
    fastify: { logger: false },
    websocket: {
      heartbeat: false,
      limits: { maxConnections: 50_000, sendHighWaterMark: 64 * 1024 * 1024 },
      maxConnectionsPerIp: Infinity,
      streams: [{ rooms: 'stream:*', maxCount, maxAgeMs: 10 * 60_000 }],
      ...(redisPrefix !== undefined && {
        adapter: redisAdapter({ url: 'redis://127.0.0.1:6379', keyPrefix: redisPrefix }),
      }),
    },
  });
  return listenOnFreePort(app, 'the delivery server');
}
