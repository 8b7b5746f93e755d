import 'reflect-metadata';
import { IsNumber } from 'class-validator';
import { Conn, Connection, Hub, Message, OnConnect, OnMessage, WebSocket } from '@halyard/core';
import type { RunningServer } from '../process-helpers.js';
import { startRoomServer } from '../room-server.js';

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

/**
 * One fan-out instance on a free port: with `redisPrefix` it shares the room through Redis under
 * that key prefix, without it it runs on the in-memory adapter.
 */
export function startFanout(redisPrefix: string | undefined): Promise<RunningServer> {
  return startRoomServer({
    controller: FanoutSocket,
    what: 'the fan-out server',
    redisPrefix,
    sendHighWaterMark: 16 * 1024 * 1024,
  });
}
