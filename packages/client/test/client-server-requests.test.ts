import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { connect, type DefineSchema, type HalyardClient, type HalyardClientError } from '../src/index.js';
import {
  startAskServer,
  type AskOutcome,
  type ConfirmDto,
  type ConfirmReply,
  type OrderDto,
} from './fixtures/ask-server.js';
import { errorsOf, openedUntilEnd, sleep, waitFor } from './fixtures/test-server.js';

// The server's `conn.ask()` answered by `client.onRequest()`: a real Halyard server on port 0,
// the real client; each ask's outcome comes back as the reply of the message that made it.
type TradeSchema = DefineSchema<
  { order: [OrderDto, AskOutcome]; poke: [void, AskOutcome] },
  Record<never, never>,
  { confirm: [ConfirmDto, ConfirmReply]; nudge: [void, void] }
>;

async function setup(t: Test): Promise<{ client: HalyardClient<TradeSchema>; errors: HalyardClientError[] }> {
  const server = await startAskServer();
  const client = connect<TradeSchema>(`${server.url}/trade`, { heartbeat: false });
  const errors = errorsOf(client);
  await openedUntilEnd(t, client, server);
  return { client, errors };
}

t.test('the handler’s result is the $reply; the server validates it into the reply DTO', async (t) => {
  const { client, errors } = await setup(t);
  const seen: string[] = [];
  client.onRequest('confirm', ({ text }) => {
    seen.push(text);
    return { ok: true, note: 'go' };
  });
  t.strictSame(await client.request('order', { qty: 2 }), {
    ok: true,
    value: { ok: true, note: 'go' },
    validated: true,
  });
  // A promise works the same; the next ask has the next server id.
  client.onRequest('confirm', async ({ text }) => {
    seen.push(text);
    await sleep(20);
    return { ok: false };
  });
  t.strictSame(await client.request('order', { qty: 3 }), {
    ok: true,
    value: { ok: false },
    validated: true,
  });
  t.strictSame(seen, ['Buy 2?', 'Buy 3?']);
  t.strictSame(errors, []);
});

t.test('an acknowledgement: the handler returns nothing, $reply carries data null', async (t) => {
  const { client, errors } = await setup(t);
  let calls = 0;
  client.onRequest('nudge', () => {
    calls++;
  });
  t.strictSame(await client.request('poke'), { ok: true, value: '(undefined)', validated: false });
  t.equal(calls, 1);
  t.strictSame(errors, []);
});

t.test(
  'a throwing handler refuses: the server rejects REFUSED with the client’s code and message',
  async (t) => {
    const { client, errors } = await setup(t);
    client.onRequest('confirm', () => {
      throw Object.assign(new Error('Not now'), { code: 'USER_DECLINED', details: { retryInMs: 500 } });
    });
    t.strictSame(await client.request('order', { qty: 2 }), {
      ok: false,
      code: 'HALYARD_ERR_WS_REQUEST_REFUSED',
      message:
        'HALYARD_ERR_WS_REQUEST_REFUSED: The client answered "confirm" (id $1) with USER_DECLINED: Not now',
      details: { code: 'USER_DECLINED', message: 'Not now', details: { retryInMs: 500 } },
    });
    // A rejection without a code of its own: HALYARD_ERR_CLIENT_HANDLER_FAILED.
    client.onRequest('confirm', () => Promise.reject(new Error('dialog crashed')));
    t.strictSame(await client.request('order', { qty: 2 }), {
      ok: false,
      code: 'HALYARD_ERR_WS_REQUEST_REFUSED',
      message:
        'HALYARD_ERR_WS_REQUEST_REFUSED: The client answered "confirm" (id $2) with HALYARD_ERR_CLIENT_HANDLER_FAILED: dialog crashed',
      details: { code: 'HALYARD_ERR_CLIENT_HANDLER_FAILED', message: 'dialog crashed' },
    });
    t.strictSame(errors, [], 'the refusal went to the server, nothing to report locally');
  },
);

t.test('no handler (never set, or removed) refuses with HALYARD_ERR_CLIENT_NO_HANDLER', async (t) => {
  const { client } = await setup(t);
  const refused = {
    ok: false,
    code: 'HALYARD_ERR_WS_REQUEST_REFUSED',
    message:
      'HALYARD_ERR_WS_REQUEST_REFUSED: The client answered "confirm" (id $1) with HALYARD_ERR_CLIENT_NO_HANDLER: No onRequest handler for "confirm"',
    details: { code: 'HALYARD_ERR_CLIENT_NO_HANDLER', message: 'No onRequest handler for "confirm"' },
  };
  t.strictSame(await client.request('order', { qty: 1 }), refused);
  const stop = client.onRequest('confirm', () => ({ ok: true }));
  // A replaced handler's unsubscribe leaves the newer one in place.
  const stopOld = stop;
  const stopNew = client.onRequest('confirm', () => ({ ok: true, note: 'new' }));
  stopOld();
  t.strictSame((await client.request('order', { qty: 1 })).value, { ok: true, note: 'new' });
  stopNew();
  t.strictSame(await client.request('order', { qty: 1 }), {
    ...refused,
    message: refused.message.replace('$1', () => '$3'),
  });
});

t.test(
  'an answer that fails the reply DTO: INVALID_REPLY on the server, VALIDATION on the client',
  async (t) => {
    const { client, errors } = await setup(t);
    // Typed as the schema allows; the server's DTO is the judge (a wrong type reaches it from JS).
    client.onRequest('confirm', () => ({ ok: 'yes' }) as unknown as ConfirmReply);
    const outcome = await client.request('order', { qty: 2 });
    t.equal(outcome.ok, false);
    t.equal(outcome.code, 'HALYARD_ERR_WS_REQUEST_INVALID_REPLY');
    t.equal(
      outcome.message,
      'HALYARD_ERR_WS_REQUEST_INVALID_REPLY: The client\'s answer to "confirm" (id $1) failed validation',
    );
    t.strictSame(outcome.details, [
      { in: 'message', path: 'ok', constraint: 'isBoolean', message: 'ok must be a boolean value' },
    ]);
    await waitFor(() => errors.length === 1);
    t.equal(errors[0]?.code, 'HALYARD_ERR_VALIDATION');
    t.equal(errors[0]?.message, 'reply failed validation');
    t.strictSame(errors[0]?.details, outcome.details);
  },
);

t.test('a handler slower than timeoutMs: TIMEOUT; its late answer is an unknown request', async (t) => {
  const { client, errors } = await setup(t);
  client.onRequest('confirm', async () => {
    await sleep(300);
    return { ok: true };
  });
  t.strictSame(await client.request('order', { qty: 2, timeoutMs: 100 }), {
    ok: false,
    code: 'HALYARD_ERR_WS_REQUEST_TIMEOUT',
    message: 'HALYARD_ERR_WS_REQUEST_TIMEOUT: No answer to "confirm" (id $1) within 100 ms',
  });
  await waitFor(() => errors.length === 1);
  t.equal(errors[0]?.code, 'HALYARD_ERR_WS_UNKNOWN_REQUEST');
  t.equal(errors[0]?.message, 'No request with id "$1" awaits an answer on this connection');
  t.equal(client.status, 'open', 'the connection stays');
});

// A bare `ws` server: the exact frames, and an answer that finishes after its socket is gone.
async function rawServer(t: Test) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const sockets: Array<{ socket: ServerSocket; received: string[] }> = [];
  server.on('connection', (socket) => {
    const entry = { socket, received: [] as string[] };
    sockets.push(entry);
    socket.on('message', (data) => entry.received.push(String(data)));
  });
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  );
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/raw`, sockets };
}

t.test('the exact $reply / $error frames, bounded to what the server accepts', async (t) => {
  const server = await rawServer(t);
  const client = connect(server.url, { heartbeat: false });
  t.teardown(() => client.close());
  client.onRequest('sum', (data) => {
    const { a, b } = data as { a: number; b: number };
    return { sum: a + b };
  });
  client.onRequest('long', () => {
    throw Object.assign(new Error('x'.repeat(2000)), { code: 'C'.repeat(129) });
  });
  client.onRequest('cycle', () => {
    const value: Record<string, unknown> = {};
    value['self'] = value;
    return value;
  });
  client.onRequest('thrown', () => {
    throw 'a string'; // what plain JS code may throw
  });
  await client.ready();
  const socket = server.sockets[0];
  for (const frame of [
    { type: 'sum', id: '$1', data: { a: 1, b: 2 } },
    { type: 'long', id: '$2', data: null },
    { type: 'cycle', id: '$3', data: null },
    { type: 'thrown', id: '$4', data: null },
    { type: 'absent', id: '$5', data: null },
  ])
    socket?.socket.send(JSON.stringify(frame));
  await waitFor(() => socket?.received.length === 5);
  const received = (socket?.received ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);
  received.sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
  t.strictSame(received, [
    { type: '$reply', id: '$1', data: { sum: 3 } },
    {
      type: '$error',
      id: '$2',
      error: { code: 'HALYARD_ERR_CLIENT_HANDLER_FAILED', message: 'x'.repeat(1024) },
    },
    {
      type: '$error',
      id: '$3',
      error: {
        code: 'HALYARD_ERR_CLIENT_HANDLER_FAILED',
        message: received[2]?.['error'] && (received[2]['error'] as { message: string }).message,
      },
    },
    { type: '$error', id: '$4', error: { code: 'HALYARD_ERR_CLIENT_HANDLER_FAILED', message: 'a string' } },
    {
      type: '$error',
      id: '$5',
      error: { code: 'HALYARD_ERR_CLIENT_NO_HANDLER', message: 'No onRequest handler for "absent"' },
    },
  ]);
  t.match(
    (received[2]?.['error'] as { message: string }).message,
    /circular/i,
    'JSON.stringify refused the cycle',
  );
  t.equal(
    socket?.received.find((text) => text.includes('"$1"')),
    '{"type":"$reply","id":"$1","data":{"sum":3}}',
  );
});

t.test('an answer finishing after its socket dropped is not sent on the next one', async (t) => {
  const server = await rawServer(t);
  const client = connect(server.url, { heartbeat: false, reconnect: { initialDelayMs: 10 } });
  t.teardown(() => client.close());
  let finish: (value: { ok: boolean }) => void = () => undefined;
  client.onRequest('confirm', () => new Promise((resolve) => (finish = resolve)));
  await client.ready();
  server.sockets[0]?.socket.send(JSON.stringify({ type: 'confirm', id: '$1', data: { text: 'Sure?' } }));
  await sleep(50);
  server.sockets[0]?.socket.terminate();
  await waitFor(() => server.sockets.length === 2 && client.status === 'open');
  finish({ ok: true });
  await sleep(50);
  t.strictSame(server.sockets[0]?.received, []);
  t.strictSame(server.sockets[1]?.received, [], 'the new connection does not know the server’s id $1');
});
