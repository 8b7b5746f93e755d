import t from 'tap';
import { WebSocket as WsWebSocket } from 'ws';
import {
  connect,
  type HalyardClientError,
  type OpenInfo,
  type ReconnectInfo,
  type StatusChange,
} from '../src/index.js';
import { closedPort, type GameSchema, sleep, startServer, waitFor } from './fixtures/test-server.js';

const fast = { initialDelayMs: 20, maxDelayMs: 100 };

t.test('restart on the same port: reconnects, re-joins in onOpen, flushes the queue in order', async (t) => {
  const first = await startServer();
  const client = connect<GameSchema>(`${first.url}/game`, {
    query: { name: 'ann' },
    // The 1012 of app.close() names a 5 s window: capped to the first backoff delay here.
    reconnect: { ...fast, restartJitterMs: 20 },
    random: () => 1,
  });
  t.teardown(() => client.close());
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  const opens: OpenInfo[] = [];
  client.onOpen((info) => {
    opens.push(info);
    void client.request('join', { room: 'lobby' });
  });
  const reconnects: ReconnectInfo[] = [];
  client.onReconnect((info) => reconnects.push(info));
  await client.ready();
  await waitFor(() => first.hub.connections()[0]?.rooms.has('lobby') === true);

  await first.close();
  t.equal(client.status, 'reconnecting');
  t.strictSame(changes.slice(0, 3), [
    { status: 'connecting' },
    { status: 'open' },
    {
      status: 'reconnecting',
      attempt: 1,
      delayMs: 20,
      code: 1012,
      reason: 'Service Restart; reconnect within 5000 ms',
    },
  ]);
  // sent while down: queued, then flushed in order after the join of onOpen
  client.send('note', { n: 1 });
  client.send('note', { n: 2 });
  const moved = client.request('move', { x: 1, y: 2 });
  client.send('note', { n: 3 });
  await sleep(150); // a few refused attempts while nothing listens

  const second = await startServer({ port: first.port });
  t.teardown(() => second.close());
  await client.ready();
  t.strictSame(await moved, { status: 'ok', turn: 1, at: '2026-01-01T00:00:00.000Z' });
  await waitFor(() => second.recorder.notes.length === 3);
  t.strictSame(second.recorder.notes, [1, 2, 3]);
  t.strictSame(second.recorder.moves, [1]);
  await waitFor(() => second.hub.connections()[0]?.rooms.has('lobby') === true);

  const said: Array<{ from: string; text: string }> = [];
  client.on('said', (data) => said.push(data));
  await second.hub.toRoom('lobby', 'said', { from: 'server', text: 'welcome back' });
  await waitFor(() => said.length === 1);
  t.strictSame(said, [{ from: 'server', text: 'welcome back' }]);

  t.strictSame(opens, [{ reconnected: false }, { reconnected: true }]);
  const attempts = changes.filter((change) => change.status === 'reconnecting');
  t.ok(attempts.length >= 2, 'refused attempts happened while the port was closed');
  t.strictSame(
    attempts.map((change) => (change.status === 'reconnecting' ? [change.attempt, change.delayMs] : [])),
    attempts.map((_, index) => [index + 1, Math.min(100, 20 * 2 ** index)]),
    'attempt numbers count up and delays follow the backoff',
  );
  t.strictSame(changes.at(-1), { status: 'open' });
  t.equal(reconnects.length, 1);
  t.equal(reconnects[0]?.attempts, attempts.length);
  t.ok((reconnects[0]?.downtimeMs ?? 0) >= 150, 'downtime covers the outage');
});

t.test(
  'a request in flight when the connection drops is re-sent with the same id after reconnect',
  async (t) => {
    const server = await startServer();
    t.teardown(() => server.close());
    const client = connect<GameSchema>(`${server.url}/game`, { query: { name: 'ann' }, reconnect: fast });
    t.teardown(() => client.close());
    await client.ready();
    const reply = client.request('slow', { ms: 100 });
    await waitFor(() => server.recorder.slows.length === 1);
    await server.hub.disconnect(server.hub.connections()[0]?.id as string, 1012, 'restarting');
    t.strictSame(await reply, { ms: 100 });
    t.strictSame(
      server.recorder.slows,
      [100, 100],
      'handled twice: requests are at-least-once across a drop',
    );
    t.equal(server.hub.stats().connectionsTotal, 2);
  },
);

t.test('backoff: full jitter under an exponential cap, attempts bounded by maxAttempts', async (t) => {
  const port = await closedPort();
  const run = async (random: () => number): Promise<Array<StatusChange & { at: number }>> => {
    const client = connect(`ws://127.0.0.1:${port}/game`, {
      reconnect: { initialDelayMs: 40, maxDelayMs: 160, factor: 2, maxAttempts: 5 },
      random,
    });
    const changes: Array<StatusChange & { at: number }> = [];
    client.onStatus((change) => changes.push({ ...change, at: Date.now() }));
    await t.rejects(client.ready(), { code: 'HALYARD_ERR_CLIENT_CLOSED' });
    return changes;
  };

  const capped = await run(() => 1);
  t.strictSame(
    capped.map(({ at: _at, ...change }) => change),
    [
      { status: 'connecting' },
      { status: 'reconnecting', attempt: 1, delayMs: 40, code: 1006, reason: '' },
      { status: 'reconnecting', attempt: 2, delayMs: 80, code: 1006, reason: '' },
      { status: 'reconnecting', attempt: 3, delayMs: 160, code: 1006, reason: '' },
      { status: 'reconnecting', attempt: 4, delayMs: 160, code: 1006, reason: '' },
      { status: 'reconnecting', attempt: 5, delayMs: 160, code: 1006, reason: '' },
      { status: 'closed', cause: 'max-attempts', code: 1006, reason: '' },
    ],
  );
  for (let index = 1; index < capped.length - 1; index++) {
    const change = capped[index] as StatusChange & { at: number };
    const waited = (capped[index + 1]?.at ?? 0) - change.at;
    const delayMs = change.status === 'reconnecting' ? change.delayMs : 0;
    t.ok(
      waited >= delayMs - 2 && waited < delayMs + 250,
      `attempt ${index} waited ${waited} ms for ${delayMs} ms`,
    );
  }

  const shares = [0, 0.25, 0.5, 0.75, 1];
  const jittered = await run(() => shares.shift() ?? 1);
  t.strictSame(
    jittered.flatMap((change) => (change.status === 'reconnecting' ? [change.delayMs] : [])),
    [0, 20, 80, 120, 160],
    'a random share of each cap',
  );
});

t.test('a connection that stayed open stableAfterMs resets the attempt count', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const client = connect<GameSchema>(`${server.url}/game`, {
    query: { name: 'ann' },
    reconnect: fast,
    random: () => 0,
    stableAfterMs: 150,
  });
  t.teardown(() => client.close());
  const attempts: number[] = [];
  client.onStatus((change) => change.status === 'reconnecting' && attempts.push(change.attempt));
  const drop = async (): Promise<void> => {
    await client.ready();
    await waitFor(() => server.hub.connections().length === 1);
    const reopened = new Promise<void>((resolve) => {
      const stop = client.onStatus((change) => {
        if (change.status !== 'open') return;
        stop();
        resolve();
      });
    });
    await server.hub.disconnect(server.hub.connections()[0]?.id as string, 1012, 'restarting');
    await reopened;
  };
  await drop();
  await drop(); // at once: not stable yet
  await sleep(200);
  await drop(); // after stableAfterMs
  t.strictSame(attempts, [1, 2, 1]);
});

t.test('do-not-retry close codes end the client; the list is configurable', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const client = connect<GameSchema>(`${server.url}/game`, {
    query: { name: 'ann', token: 'revoked' },
    reconnect: fast,
  });
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  const pending = client.request('move', { x: 1, y: 2 });
  await t.rejects(pending, {
    code: 'HALYARD_ERR_CLIENT_CLOSED',
    message: 'The client is closed (do-not-retry, 4401 Token revoked)',
    details: { cause: 'do-not-retry', code: 4401, reason: 'Token revoked' },
  });
  t.strictSame(changes, [
    { status: 'connecting' },
    // the upgrade succeeded; @OnConnect refused the connection right after
    { status: 'open' },
    { status: 'closed', cause: 'do-not-retry', code: 4401, reason: 'Token revoked' },
  ]);
  await sleep(150);
  t.equal(server.hub.stats().connectionsTotal, 1, 'no second attempt');

  const persistent = connect<GameSchema>(`${server.url}/game`, {
    query: { name: 'bob', token: 'revoked' },
    reconnect: fast,
    doNotRetry: [],
  });
  t.teardown(() => persistent.close());
  await waitFor(() => server.hub.stats().connectionsTotal >= 3);
  t.equal(persistent.status === 'closed', false);
});

t.test('an upgrade refused with HTTP 401 or 403 ends the client (Node: ws reports the status)', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const errors: HalyardClientError[] = [];
  const changes: StatusChange[] = [];
  const unauthorized = connect(`${server.url}/guarded`, { WebSocket: WsWebSocket, reconnect: fast });
  unauthorized.onError((error) => errors.push(error));
  unauthorized.onStatus((change) => changes.push(change));
  await t.rejects(unauthorized.ready(), { code: 'HALYARD_ERR_CLIENT_CLOSED' });
  t.strictSame(changes, [
    { status: 'connecting' },
    {
      status: 'closed',
      cause: 'do-not-retry',
      code: 4401,
      reason: 'HTTP 401: token query parameter required',
      httpStatus: 401,
    },
  ]);
  t.equal(errors.length, 1, 'one error for the refusal, no extra transport error');
  t.equal(errors[0]?.code, 'HALYARD_ERR_CLIENT_UPGRADE_REFUSED');
  t.equal(
    errors[0]?.message,
    'The server refused the WebSocket upgrade with HTTP 401: token query parameter required',
  );
  t.match(errors[0]?.details, {
    status: 401,
    body: { status: 401, code: 'HALYARD_ERR_UNAUTHORIZED', detail: 'token query parameter required' },
  });

  const forbidden = connect(`${server.url}/guarded`, {
    WebSocket: WsWebSocket,
    query: { token: 'banned' },
    reconnect: fast,
  });
  await t.rejects(forbidden.ready(), {
    code: 'HALYARD_ERR_CLIENT_CLOSED',
    details: { cause: 'do-not-retry', code: 4403, httpStatus: 403 },
  });
  await sleep(150);
  t.equal(server.recorder.upgrades, 2, 'one upgrade request each');

  const allowed = connect(`${server.url}/guarded`, { WebSocket: WsWebSocket, query: { token: 'ok' } });
  t.teardown(() => allowed.close());
  t.equal(await allowed.request('ping'), 'pong');
});

t.test(
  'without options.WebSocket, Node 20 falls back to the ws package',
  {
    skip:
      typeof globalThis.WebSocket === 'function' && 'this Node has a global WebSocket, so ws is not loaded',
  },
  async (t) => {
    const server = await startServer();
    t.teardown(() => server.close());
    const client = connect(`${server.url}/guarded`, { reconnect: fast });
    // only the ws package can see the 401: this proves it was loaded
    await t.rejects(client.ready(), {
      code: 'HALYARD_ERR_CLIENT_CLOSED',
      details: { cause: 'do-not-retry', code: 4401, httpStatus: 401 },
    });
  },
);

t.test(
  'idle timeout: silence closes with 4000 idle and reconnects; server pings count as activity',
  async (t) => {
    const quiet = await startServer();
    t.teardown(() => quiet.close());
    const client = connect<GameSchema>(`${quiet.url}/game`, {
      query: { name: 'ann' },
      idleTimeoutMs: 150,
      reconnect: fast,
      random: () => 0,
    });
    t.teardown(() => client.close());
    const changes: StatusChange[] = [];
    client.onStatus((change) => changes.push(change));
    await client.ready();
    // traffic keeps it alive
    for (let index = 0; index < 4; index++) {
      await sleep(60);
      await client.request('move', { x: 1, y: 2 });
    }
    t.equal(quiet.hub.stats().connectionsTotal, 1);
    await waitFor(() => changes.some((change) => change.status === 'reconnecting'));
    t.strictSame(
      changes.find((change) => change.status === 'reconnecting'),
      { status: 'reconnecting', attempt: 1, delayMs: 0, code: 4000, reason: 'idle' },
    );
    await waitFor(() => quiet.hub.stats().connectionsTotal === 2 && client.status === 'open');

    const pinging = await startServer({ heartbeatMs: 40 });
    t.teardown(() => pinging.close());
    // ws sees pings; a browser (or Node 22's global WebSocket) does not
    const kept = connect(`${pinging.url}/game`, {
      query: { name: 'bob' },
      idleTimeoutMs: 150,
      WebSocket: WsWebSocket,
    });
    t.teardown(() => kept.close());
    await kept.ready();
    await sleep(400);
    t.equal(kept.status, 'open');
    t.equal(pinging.hub.stats().connectionsTotal, 1);
  },
);
