import t, { type Test } from 'tap';
import { connect, HalyardClientError, type ClientOptions, type DefineSchema } from '../src/index.js';
import {
  closedPort,
  type MoveDto,
  type MoveResult,
  type NoteDto,
  startServer,
  waitFor,
  type TestServer,
} from './fixtures/test-server.js';

type Schema = DefineSchema<{ move: [MoveDto, MoveResult]; note: [NoteDto, void] }>;

/** A client whose server is not there yet; `start()` brings the server up on its port. */
async function offline(t: Test, queue: ClientOptions['queue']) {
  const port = await closedPort();
  const client = connect<Schema>(`ws://127.0.0.1:${port}/game`, {
    query: { name: 'ann' },
    queue,
    reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
  });
  let server: TestServer | undefined;
  t.teardown(async () => {
    client.close();
    await server?.close();
  });
  return {
    client,
    start: async (): Promise<TestServer> => {
      server = await startServer({ port });
      await client.ready();
      return server;
    },
  };
}

/**
 * Brings the server up and checks what the queue delivered: `request`'s reply, then (in order)
 * the notes and the moves the server received.
 */
async function delivered(
  t: Test,
  { start, request }: { start: () => Promise<TestServer>; request: Promise<unknown> },
  received: { notes: number[]; moves: number[] },
): Promise<void> {
  const server = await start();
  t.strictSame(await request, { status: 'ok', turn: 1, at: '2026-01-01T00:00:00.000Z' });
  await waitFor(() => server.recorder.notes.length === received.notes.length);
  t.strictSame(server.recorder.notes, received.notes);
  t.strictSame(server.recorder.moves, received.moves);
}

const queueFull = (message: string, overflow: string) => ({
  name: 'HalyardClientError',
  code: 'HALYARD_ERR_CLIENT_QUEUE_FULL',
  message,
  details: { type: 'move', max: 3, overflow },
});

t.test('drop-oldest (default): the oldest item makes room; a dropped request rejects', async (t) => {
  const { client, start } = await offline(t, { max: 3 });
  t.equal(client.send('note', { n: 1 }), true);
  const first = client.request('move', { x: 1, y: 2 });
  t.equal(client.send('note', { n: 2 }), true);
  t.equal(client.send('note', { n: 3 }), true, 'note 1 dropped');
  const second = client.request('move', { x: 2, y: 3 });
  await t.rejects(
    first,
    queueFull(
      `"move" was dropped from the full outgoing queue (3 messages, overflow 'drop-oldest')`,
      'drop-oldest',
    ),
  );
  await delivered(t, { start, request: second }, { notes: [2, 3], moves: [2] });
});

t.test('drop-newest: a message sent to a full queue is not queued; send returns false', async (t) => {
  const { client, start } = await offline(t, { max: 3, overflow: 'drop-newest' });
  client.send('note', { n: 1 });
  const first = client.request('move', { x: 1, y: 2 });
  client.send('note', { n: 2 });
  t.equal(client.send('note', { n: 3 }), false);
  await t.rejects(
    client.request('move', { x: 2, y: 3 }),
    queueFull(
      `"move" was not queued: the outgoing queue is full (3 messages, overflow 'drop-newest')`,
      'drop-newest',
    ),
  );
  await delivered(t, { start, request: first }, { notes: [1, 2], moves: [1] });
});

t.test('error: send throws HALYARD_ERR_CLIENT_QUEUE_FULL and request rejects with it', async (t) => {
  const { client, start } = await offline(t, { max: 3, overflow: 'error' });
  client.send('note', { n: 1 });
  client.send('note', { n: 2 });
  const first = client.request('move', { x: 1, y: 2 });
  t.throws(() => client.send('note', { n: 3 }), {
    code: 'HALYARD_ERR_CLIENT_QUEUE_FULL',
    message: `"note" was not queued: the outgoing queue is full (3 messages, overflow 'error')`,
  });
  const refused = await client.request('move', { x: 2, y: 3 }).catch((error: unknown) => error);
  t.ok(refused instanceof HalyardClientError);
  t.match(
    refused,
    queueFull(`"move" was not queued: the outgoing queue is full (3 messages, overflow 'error')`, 'error'),
  );
  const server = await start();
  await first;
  t.strictSame(server.recorder.notes, [1, 2]);
  t.strictSame(server.recorder.moves, [1]);
  // once open, nothing is queued: sends go straight out
  for (let n = 10; n < 15; n++) t.equal(client.send('note', { n }), true);
  await waitFor(() => server.recorder.notes.length === 7);
});

t.test(
  'a queued request that times out leaves the queue and is never sent; max 0 queues nothing',
  async (t) => {
    const { client, start } = await offline(t, { max: 5 });
    const expired = client.request('move', { x: 1, y: 2 }, { timeoutMs: 30 });
    await t.rejects(expired, {
      code: 'HALYARD_ERR_CLIENT_TIMEOUT',
      message: 'No reply to "move" (id 1) within 30 ms',
    });
    client.send('note', { n: 1 });
    const server = await start();
    await waitFor(() => server.recorder.notes.length === 1);
    t.strictSame(server.recorder.moves, []);

    const port = await closedPort();
    const unqueued = connect<Schema>(`ws://127.0.0.1:${port}/game`, { queue: { max: 0 } });
    t.teardown(() => unqueued.close());
    t.equal(unqueued.send('note', { n: 1 }), false);
    await t.rejects(unqueued.request('note', { n: 1 }), { code: 'HALYARD_ERR_CLIENT_QUEUE_FULL' });
  },
);
