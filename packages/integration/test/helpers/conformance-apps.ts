import 'reflect-metadata';
import type { Test } from 'tap';
import { createApp, type PresenceMember } from '@halyard/core';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import type { RedisAdapter } from '@halyard/redis';
import { ConformanceSocket } from './conformance-socket.js';
import { LogCapture } from './log-capture.js';

/**
 * Apps on the conformance socket and clients connected to them: what the Redis failure tests drive,
 * and the helpers the adapter conformance suite shares with them.
 */
export type App = Awaited<ReturnType<typeof createApp>>;

export interface Client {
  readonly name: string;
  readonly id: string;
  readonly socket: TestSocket;
}

/** An app on the conformance socket over `adapter`, logging at debug into `logs`; closed at teardown. */
export async function makeApp(t: Test, adapter: RedisAdapter, logs = new LogCapture()): Promise<App> {
  const app = await createApp({
    controllers: [ConformanceSocket],
    docs: false,
    websocket: { adapter, heartbeat: false },
    fastify: { logger: { level: 'debug', stream: logs.stream } },
  });
  t.teardown(() => app.close());
  return app;
}

/** Connects `name` (joining `rooms` in `@OnConnect`) and waits for its welcome, which carries its id. */
export async function connect(app: App, name: string, rooms: readonly string[] = []): Promise<Client> {
  const socket = await connectSocket(app, '/conformance', {
    query: { name, ...(rooms.length > 0 && { rooms: rooms.join(',') }) },
  });
  const welcome = await socket.nextPush('welcome');
  return { name, id: (welcome.data as { id: string }).id, socket };
}

/** Sends a request and asserts the exact empty reply that acknowledges it. */
export async function ack(
  t: Test,
  client: Client,
  { type, data }: { type: string; data: unknown },
): Promise<void> {
  const reply = await client.socket.request(type, data);
  t.strictSame(
    reply,
    { type: 'reply', id: reply.id, to: type, data: null },
    `${client.name}: ${type} acknowledged`,
  );
}

/** How `client` appears in presence events and room member lists. */
export function member(client: Client): PresenceMember {
  return { id: client.id, data: { name: client.name } };
}
