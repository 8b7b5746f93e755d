import 'reflect-metadata';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { Conn, Connection, Hub, Message, OnConnect, OnMessage, WebSocket } from '@halyard/core';
import type { RunningServer } from '../process-helpers.js';
import { startRoomServer } from '../room-server.js';

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

/**
 * One instance where `stream:*` rooms are streams (a window of `maxCount` messages) and every other
 * room is plain; on Redis under `redisPrefix`, else on the memory adapter.
 */
export function startDelivery(options: {
  readonly redisPrefix: string | undefined;
  readonly maxCount: number;
}): Promise<RunningServer> {
  return startRoomServer({
    controller: DeliverySocket,
    what: 'the delivery server',
    redisPrefix: options.redisPrefix,
    sendHighWaterMark: 64 * 1024 * 1024,
    streams: [{ rooms: 'stream:*', maxCount: options.maxCount, maxAgeMs: 10 * 60_000 }],
  });
}
