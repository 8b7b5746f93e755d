import t, { type Test } from 'tap';
import {
  connect,
  HalyardClientError,
  type ClientOptions,
  type HalyardClient,
  type StatusChange,
} from '../src/index.js';
import {
  errorsOf,
  type GameSchema,
  openedUntilEnd,
  startServer,
  waitFor,
  type TestServer,
} from './fixtures/test-server.js';

async function setup(
  t: Test,
  options: ClientOptions & { name?: string } = {},
): Promise<{ server: TestServer; client: HalyardClient<GameSchema> }> {
  const server = await startServer();
  const client = connect<GameSchema>(`${server.url}/game`, {
    query: { name: options.name ?? 'ann' },
    ...options,
  });
  await openedUntilEnd(t, client, server);
  return { server, client };
}

async function rejection(promise: Promise<unknown>): Promise<HalyardClientError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HalyardClientError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

t.test('request resolves with the reply data as it arrives on the wire', async (t) => {
  const { client } = await setup(t);
  const first = await client.request('move', { x: 1, y: 2 });
  t.strictSame(first, { status: 'ok', turn: 1, at: '2026-01-01T00:00:00.000Z' });
  t.strictSame(await client.request('move', { x: 3, y: 3 }), {
    status: 'illegal',
    turn: 2,
    at: '2026-01-01T00:00:00.000Z',
  });
  // replies are matched by id, not by order: the slow one is answered last
  const [slow, fast] = await Promise.all([
    client.request('slow', { ms: 60 }),
    client.request('slow', { ms: 0 }),
  ]);
  t.strictSame([slow, fast], [{ ms: 60 }, { ms: 0 }]);
  // a handler without a reply acknowledges a request with data null
  t.equal(await client.request('note', { n: 1 }), null);
});

t.test('an error frame rejects the request with the server code, message and details', async (t) => {
  const { client } = await setup(t);
  const errors = errorsOf(client);

  const invalid = await rejection(client.request('move', { x: 9, y: 0 }));
  t.equal(invalid.name, 'HalyardClientError');
  t.equal(invalid.code, 'HALYARD_ERR_VALIDATION');
  t.equal(invalid.message, 'message failed validation');
  t.strictSame(invalid.details, [
    { in: 'message', path: 'x', constraint: 'max', message: 'x must not be greater than 7' },
  ]);

  t.equal(invalid.errorsOmitted, undefined, 'a short list is whole');

  // The server lists the first 100 field errors; the client keeps how many it left out.
  const extra = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`k${index}`, 0]));
  const many = await rejection(client.request('move', { x: 1, y: 1, ...extra } as { x: number; y: number }));
  t.equal(many.code, 'HALYARD_ERR_VALIDATION');
  t.equal((many.details as unknown[]).length, 100);
  t.equal(many.errorsOmitted, 50);

  const taken = await rejection(client.request('move', { x: 7, y: 7 }));
  t.equal(taken.code, 'SQUARE_TAKEN');
  t.equal(taken.message, 'Square taken');
  t.equal(taken.details, undefined);

  // an unknown type (only possible without the schema) is the server's error too
  const untyped = client as unknown as HalyardClient;
  const unknown = await rejection(untyped.request('castle', {}));
  t.equal(unknown.code, 'HALYARD_ERR_WS_UNKNOWN_TYPE');
  t.equal(unknown.message, 'Unknown message type "castle"');
  t.strictSame(unknown.details, { known: ['move', 'slow', 'note', 'join', 'shout'] });
  t.strictSame(errors, [], 'errors answered to a request do not reach onError');
});

t.test('an error frame for a fire-and-forget send goes to onError', async (t) => {
  const { client } = await setup(t);
  const errors = errorsOf(client);
  t.equal(client.send('note', { n: 1.5 }), true);
  await waitFor(() => errors.length === 1);
  t.equal(errors[0]?.code, 'HALYARD_ERR_VALIDATION');
  t.strictSame(errors[0]?.details, [
    { in: 'message', path: 'n', constraint: 'isInt', message: 'n must be an integer number' },
  ]);
});

t.test(
  'a request without a reply in time rejects with HALYARD_ERR_CLIENT_TIMEOUT; the late reply is dropped',
  async (t) => {
    const { client } = await setup(t, { requestTimeoutMs: 2_000 });
    const errors = errorsOf(client);
    const started = Date.now();
    const timeout = await rejection(client.request('slow', { ms: 150 }, { timeoutMs: 50 }));
    t.equal(timeout.code, 'HALYARD_ERR_CLIENT_TIMEOUT');
    t.equal(timeout.message, 'No reply to "slow" (id 1) within 50 ms');
    t.strictSame(timeout.details, { type: 'slow', id: '1', timeoutMs: 50 });
    t.ok(Date.now() - started >= 45, 'not before the timeout');
    // the default timeout applies without the option; the late reply of id 1 matches nothing
    t.strictSame(await client.request('slow', { ms: 200 }), { ms: 200 });
    t.strictSame(errors, []);
  },
);

t.test('pushes reach on() handlers, typed, until unsubscribed; presence events are built in', async (t) => {
  const { server, client: ann } = await setup(t);
  const bob = connect<GameSchema>(`${server.url}/game`, { query: { name: 'bob' } });
  t.teardown(() => bob.close());
  const heard: Array<{ from: string; text: string }> = [];
  const stop = ann.on('said', (said) => heard.push(said));
  const joins: Array<{ room: string; name: unknown }> = [];
  ann.on('presence.joined', (change) =>
    joins.push({ room: change.room, name: change.member.data?.['name'] }),
  );

  t.strictSame(await ann.request('join', { room: 'lobby' }), { room: 'lobby', members: 1 });
  t.strictSame(await bob.request('join', { room: 'lobby' }), { room: 'lobby', members: 2 });
  await waitFor(() => joins.length === 1);
  t.strictSame(joins, [{ room: 'lobby', name: 'bob' }]);

  await bob.request('shout', { room: 'lobby', text: 'hi' });
  await waitFor(() => heard.length === 1);
  t.strictSame(heard, [{ from: 'bob', text: 'hi' }]);

  stop();
  stop(); // harmless twice
  const again: unknown[] = [];
  ann.on('said', (said) => again.push(said));
  await bob.request('shout', { room: 'lobby', text: 'still there?' });
  await waitFor(() => again.length === 1);
  t.strictSame(heard, [{ from: 'bob', text: 'hi' }], 'the removed handler got nothing more');
});

t.test('a throwing handler does not stop the others and is reported to onError', async (t) => {
  const { client } = await setup(t);
  const errors = errorsOf(client);
  const seen: string[] = [];
  client.on('said', () => {
    throw new Error('render failed');
  });
  client.on('said', (said) => seen.push(said.text));
  await client.request('join', { room: 'r' });
  await client.request('shout', { room: 'r', text: 'x' });
  await waitFor(() => seen.length === 1);
  t.equal(errors[0]?.code, 'HALYARD_ERR_CLIENT_HANDLER_FAILED');
  t.equal(errors[0]?.message, 'A handler threw: render failed');
  t.equal((errors[0]?.cause as Error).message, 'render failed');
});

t.test('onStatus: connecting, open, then closed by close() with code and reason', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const client = connect<GameSchema>(`${server.url}/game`, { query: { name: 'ann' } });
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  t.equal(client.status, 'connecting');
  await client.ready();
  t.equal(client.status, 'open');
  await t.resolves(client.ready(), 'ready() resolves at once when open');
  client.close(4100, 'done here');
  t.equal(client.status, 'closed');
  t.strictSame(changes, [
    { status: 'connecting' },
    { status: 'open' },
    { status: 'closed', cause: 'client', code: 4100, reason: 'done here' },
  ]);
  client.close(); // a second close does nothing
  t.equal(changes.length, 3);
  t.throws(() => connect('not a url'), TypeError);
});

t.test('close() rejects pending and queued requests, drops the queue and stops for good', async (t) => {
  const { server, client } = await setup(t);
  const pending = client.request('slow', { ms: 300 });
  client.close();
  const closed = await rejection(pending);
  t.equal(closed.code, 'HALYARD_ERR_CLIENT_CLOSED');
  t.equal(closed.message, 'The client is closed (client, 1000)');
  t.strictSame(closed.details, { cause: 'client', code: 1000, reason: '' });
  t.equal((await rejection(client.request('move', { x: 1, y: 2 }))).code, 'HALYARD_ERR_CLIENT_CLOSED');
  t.equal((await rejection(client.ready())).code, 'HALYARD_ERR_CLIENT_CLOSED');
  t.equal(client.send('note', { n: 1 }), false);
  t.throws(() => client.close(1001), RangeError, 'only 1000 and 3000-4999 may be sent');

  // queued while connecting, then closed before the socket opened
  const early = connect<GameSchema>(`${server.url}/game`, { query: { name: 'cy' } });
  const queued = early.request('move', { x: 1, y: 2 });
  const ready = early.ready();
  early.close();
  t.equal((await rejection(queued)).code, 'HALYARD_ERR_CLIENT_CLOSED');
  t.equal((await rejection(ready)).code, 'HALYARD_ERR_CLIENT_CLOSED');
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.strictSame(server.recorder.moves, [], 'nothing was sent');
  t.strictSame(server.recorder.connects, ['ann'], 'the closed clients never connected again');
});
