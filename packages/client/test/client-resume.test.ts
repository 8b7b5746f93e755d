import 'reflect-metadata';
import t from 'tap';
import { IsOptional, IsString } from 'class-validator';
import { Conn, Connection, createApp, OnConnect, OnMessage, Query, WebSocket } from '@halyard/core';
import { connect, type DefineSchema, type ResetInfo } from '../src/index.js';
import { waitFor } from './fixtures/test-server.js';

class FeedQuery {
  @IsOptional() @IsString() rooms?: string;
}

@WebSocket('/feed')
class FeedSocket {
  @OnConnect()
  async open(@Conn() conn: Connection, @Query() query: FeedQuery): Promise<void> {
    for (const room of query.rooms ? query.rooms.split(',') : []) await conn.join(room);
  }

  @OnMessage('noop', { reply: null })
  noop(): void {}
}

type FeedSchema = DefineSchema<Record<string, never>, { tick: { n: number } }>;
type App = Awaited<ReturnType<typeof createApp>>;

async function start(port = 0): Promise<{ app: App; url: string }> {
  const app = await createApp({
    controllers: [FeedSocket],
    docs: false,
    fastify: { logger: false },
    websocket: { heartbeat: false, streams: [{ rooms: 'room:*', maxCount: 100, maxAgeMs: 60_000 }] },
  });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return { app, url: `ws://127.0.0.1:${address.port}` };
}

async function tick(app: App, from: number, count: number): Promise<void> {
  for (let n = from; n < from + count; n++) await app.halyard.hub.toRoom('room:a', 'tick', { n });
}

const fast = { initialDelayMs: 20, maxDelayMs: 50 };

t.test('a client cut off resumes after the reconnect: each missed tick once, in order', async (t) => {
  const { app, url } = await start();
  t.teardown(() => app.close());
  const client = connect<FeedSchema>(`${url}/feed`, { query: { rooms: 'room:a' }, reconnect: fast });
  t.teardown(() => client.close());
  const seen: number[] = [];
  client.on('tick', ({ n }) => seen.push(n));
  await client.ready();
  await waitFor(() => app.halyard.hub.connections().length === 1);
  await tick(app, 1, 3);
  await waitFor(() => seen.length === 3);
  const epoch = client.position('room:a')?.epoch;
  t.strictSame(client.position('room:a'), { offset: 3, epoch });
  // No close handshake: the client only notices when the TCP connection drops.
  for (const connection of app.halyard.hub.connections()) connection.terminate();
  await waitFor(() => client.status === 'reconnecting');
  await tick(app, 4, 50);
  await waitFor(() => seen.length >= 53);
  await tick(app, 54, 2);
  await waitFor(() => seen.length >= 55);
  t.strictSame(
    seen,
    Array.from({ length: 55 }, (_, i) => i + 1),
    'ticks 1-55, each once, in order',
  );
  t.strictSame(client.position('room:a'), { offset: 55, epoch });
});

t.test('a server that lost the log answers the resume with a reset the app sees', async (t) => {
  const first = await start();
  const port = Number(new URL(first.url).port);
  const client = connect<FeedSchema>(`${first.url}/feed`, { query: { rooms: 'room:a' }, reconnect: fast });
  t.teardown(() => client.close());
  const seen: number[] = [];
  const resets: ResetInfo[] = [];
  client.on('tick', ({ n }) => seen.push(n));
  client.onReset((info) => resets.push(info));
  await client.ready();
  await waitFor(() => first.app.halyard.hub.connections().length === 1);
  await tick(first.app, 1, 2);
  await waitFor(() => seen.length === 2);
  await first.app.close();
  const second = await start(port);
  t.teardown(() => second.app.close());
  await tick(second.app, 1, 1);
  await waitFor(() => resets.length === 1);
  const now = await second.app.halyard.hub.position('room:a');
  t.strictSame(resets, [{ room: 'room:a', reason: 'epoch', position: now }]);
  await tick(second.app, 2, 1);
  await waitFor(() => seen.length === 3);
  t.strictSame(seen, [1, 2, 2], 'after the reset: live from the new position');
});

t.test('resumeFrom: a position handed over by REST gets everything after it, once', async (t) => {
  const { app, url } = await start();
  t.teardown(() => app.close());
  await tick(app, 1, 6);
  const position = await app.halyard.hub.position('room:a');
  await tick(app, 7, 2);
  const client = connect<FeedSchema>(`${url}/feed`, { query: { rooms: 'room:a' }, reconnect: fast });
  t.teardown(() => client.close());
  const seen: number[] = [];
  client.on('tick', ({ n }) => seen.push(n));
  client.resumeFrom('room:a', position);
  await client.ready();
  await waitFor(() => seen.length === 2);
  await tick(app, 9, 1);
  await waitFor(() => seen.length === 3);
  t.strictSame(seen, [7, 8, 9]);
});
