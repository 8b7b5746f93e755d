import { createServer } from 'node:http';
import t from 'tap';
import { WebSocketServer } from 'ws';
import { connect, type DefineSchema, type StatusChange } from '../src/index.js';
import { startServer, waitFor } from './fixtures/test-server.js';

// After the 1012 of a restarting server the client waits a random time within the window the
// close names, not the backoff: the clients of one instance come back spread over the window.
type Schema = DefineSchema<Record<never, never>, Record<never, never>>;
type Reconnecting = Extract<StatusChange, { status: 'reconnecting' }>;

const fast = { initialDelayMs: 20, maxDelayMs: 100 };

/** The status changes of a client of `url` until `count` of them are `reconnecting`. */
async function reconnectsAfterClose(
  options: { restartWindowMs: number; random: () => number; restartJitterMs?: number },
  count = 1,
): Promise<Reconnecting[]> {
  const server = await startServer({ restartWindowMs: options.restartWindowMs });
  const client = connect<Schema>(`${server.url}/game`, {
    query: { name: 'ann' },
    reconnect: {
      ...fast,
      ...(options.restartJitterMs !== undefined && { restartJitterMs: options.restartJitterMs }),
    },
    random: options.random,
  });
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  await client.ready();
  await server.close();
  await waitFor(() => changes.filter((change) => change.status === 'reconnecting').length >= count, 5_000);
  client.close();
  return changes.filter((change): change is Reconnecting => change.status === 'reconnecting');
}

/** The first reconnect of a fresh client: attempt 1, with the delay and the close that caused it. */
const firstReconnect = (close: { delayMs: number; code: number; reason: string }): Reconnecting => ({
  status: 'reconnecting',
  attempt: 1,
  ...close,
});

t.test('after 1012 the first delay is random() × the window of the reason', async (t) => {
  const [first] = await reconnectsAfterClose({ restartWindowMs: 4_000, random: () => 0.25 });
  t.strictSame(
    first,
    firstReconnect({ delayMs: 1_000, code: 1012, reason: 'Service Restart; reconnect within 4000 ms' }),
  );
});

t.test('the delay covers the whole window: random() 0 → 0, random() just below 1 → the window', async (t) => {
  const [low] = await reconnectsAfterClose({ restartWindowMs: 4_000, random: () => 0 });
  t.equal(low?.delayMs, 0);
  const [high] = await reconnectsAfterClose({ restartWindowMs: 4_000, random: () => 0.9999 });
  t.equal(high?.delayMs, 3_999);
});

t.test('restartJitterMs caps the window; 0 ignores it and backs off', async (t) => {
  const [capped] = await reconnectsAfterClose({
    restartWindowMs: 4_000,
    random: () => 0.5,
    restartJitterMs: 600,
  });
  t.equal(capped?.delayMs, 300, 'half of min(4000, 600)');
  const [ignored] = await reconnectsAfterClose({
    restartWindowMs: 4_000,
    random: () => 0.5,
    restartJitterMs: 0,
  });
  t.equal(ignored?.delayMs, 10, 'half of the first backoff cap (20 ms)');
});

t.test('only the attempt after the 1012 is spread; a failed attempt after it backs off', async (t) => {
  const changes = await reconnectsAfterClose({ restartWindowMs: 200, random: () => 0.5 }, 2);
  t.strictSame(
    changes.map(({ attempt, delayMs, code }) => ({ attempt, delayMs, code })),
    [
      { attempt: 1, delayMs: 100, code: 1012 },
      // Nothing listens any more: refused, then the second backoff cap (40 ms) × 0.5.
      { attempt: 2, delayMs: 20, code: 1006 },
    ],
  );
});

t.test('with restartWindowMs 0 the server closes 1001 and the client backs off', async (t) => {
  const [first] = await reconnectsAfterClose({ restartWindowMs: 0, random: () => 0.5 });
  t.strictSame(first, firstReconnect({ delayMs: 10, code: 1001, reason: 'Server shutting down' }));
});

t.test('a 1012 whose reason names no window backs off', async (t) => {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (socket) => socket.close(1012, 'Service Restart'));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => http.close(() => resolve())));
  t.teardown(() => wss.close());
  const address = http.address() as { port: number };
  const client = connect<Schema>(`ws://127.0.0.1:${address.port}/`, {
    reconnect: { ...fast, maxAttempts: 1 },
    random: () => 0.5,
  });
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  await waitFor(() => changes.some((change) => change.status === 'reconnecting'));
  client.close();
  t.strictSame(
    changes.find((change) => change.status === 'reconnecting'),
    firstReconnect({ delayMs: 10, code: 1012, reason: 'Service Restart' }),
  );
});
