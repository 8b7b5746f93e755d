import 'reflect-metadata';
import { createApp, type CreateAppOptions, type RoomStreamOptions } from '@halyard/core';
import { redisAdapter } from '@halyard/redis';
import { listenOnFreePort, type RunningServer } from './process-helpers.js';

/** What differs between the room servers of the fan-out and delivery suites. */
export interface RoomServerOptions {
  /** The one `@WebSocket` controller; the error message names the server by `what`. */
  readonly controller: CreateAppOptions['controllers'][number];
  readonly what: string;
  /** With a prefix the rooms are shared through the local Redis under it, else on the memory adapter. */
  readonly redisPrefix: string | undefined;
  readonly sendHighWaterMark: number;
  readonly streams?: readonly RoomStreamOptions[];
}

/**
 * A bench instance on a free port with no heartbeat and room for every subscriber of the one
 * load-client address: what the fan-out and delivery suites both measure against.
 *
 * @example await startRoomServer({ controller: FanoutSocket, what: 'the fan-out server', redisPrefix, sendHighWaterMark })
 */
export async function startRoomServer(options: RoomServerOptions): Promise<RunningServer> {
  const { redisPrefix, streams } = options;
  const app = await createApp({
    controllers: [options.controller],
    docs: false,
    fastify: { logger: false },
    websocket: {
      heartbeat: false,
      limits: { maxConnections: 50_000, sendHighWaterMark: options.sendHighWaterMark },
      // Every subscriber comes from the one load-client address.
      maxConnectionsPerIp: Infinity,
      ...(streams !== undefined && { streams }),
      ...(redisPrefix !== undefined && {
        adapter: redisAdapter({ url: 'redis://127.0.0.1:6379', keyPrefix: redisPrefix }),
      }),
    },
  });
  return listenOnFreePort(app, options.what);
}
