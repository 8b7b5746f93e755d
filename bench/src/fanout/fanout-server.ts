import 'reflect-metadata';
import { IsNumber } from 'class-validator';
import { Conn, Connection, createApp, Hub, Message, OnConnect, OnMessage, WebSocket } from '@halyard/core';
import { redisAdapter } from '@halyard/redis';
import { listenOnFreePort } from '../process-helpers.js';

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

/** A running fan-out instance: the port it listens on (chosen by the OS) and how to stop it. */
export interface FanoutServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * One fan-out instance on a free port: with `redisPrefix` it shares the room through Redis under
 * that key prefix, without it it runs on the in-memory adapter.
 */
export async function startFanout(redisPrefix: string | undefined): Promise<FanoutServer> {
  const app = await createApp({
    controllers: [FanoutSocket],
    docs: false,
    fastify: { logger: false },
    websocket: {
      heartbeat: false,
      limits: { maxConnections: 50_000, sendHighWaterMark: 16 * 1024 * 1024 },
      // Every subscriber comes from the one load-client address.
      maxConnectionsPerIp: Infinity,
      ...(redisPrefix !== undefined && {
        adapter: redisAdapter({ url: 'redis://127.0.0.1:6379', keyPrefix: redisPrefix }),
      }),
    },
  });
  return listenOnFreePort(app, 'the fan-out server');
}
