import 'reflect-metadata';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { IsString } from 'class-validator';
import { Controller, Get, Requests, WebSocket, OnMessage } from '../src/index.js';
import {
  connectSocket,
  emptyRuntime,
  inspectRuntime,
  whenRuntimeIdle,
  type TestSocket,
} from '../src/testing/index.js';
import { outcomes, TradeSocket } from './fixtures/ask-socket.js';
import { testBootErrors } from './fixtures/boot-error-cases.js';
import { Text } from './fixtures/text-dto.js';
import { createLoggedApp } from './helpers/logged-app.js';

const idle = { ...emptyRuntime, adapter: { rooms: 0, members: 0 }, heartbeatTimers: 1 };

async function start(t: Test): Promise<{ app: FastifyInstance; lines: Array<Record<string, unknown>> }> {
  const { app, lines } = await createLoggedApp(t, {
    controllers: [TradeSocket],
  });
  outcomes.length = 0;
  return { app, lines };
}

/** Sends a raw answer frame: `$reply` / `$error` are the client's side of the protocol. */
function answer(socket: TestSocket, frame: Record<string, unknown>): void {
  socket.sendRaw(JSON.stringify(frame));
}

async function until(check: () => boolean): Promise<void> {
  for (let round = 0; !check(); round++) {
    if (round > 500) throw new Error('condition not reached within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

t.test('the client answers a server request; the answer is validated into the reply DTO', async (t) => {
  const { app } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 2 }, 'o1');
  const asked = await socket.next((frame) => frame.type === 'confirm');
  t.strictSame(asked, { type: 'confirm', id: '$1', data: { text: 'Buy 2?' } });
  t.equal(inspectRuntime(app).serverRequests, 1, 'the request is held while it waits');
  answer(socket, { type: '$reply', id: '$1', data: { ok: true, note: 'go' } });
  const reply = await socket.next((frame) => frame.id === 'o1');
  t.strictSame(reply, {
    type: 'reply',
    id: 'o1',
    to: 'order',
    data: { placed: true, validated: true, note: 'go' },
  });
  // A second request on the connection gets the next id.
  socket.send('order', { qty: 3 }, 'o2');
  t.strictSame(await socket.next((frame) => frame.type === 'confirm'), {
    type: 'confirm',
    id: '$2',
    data: { text: 'Buy 3?' },
  });
  answer(socket, { type: '$reply', id: '$2', data: { ok: false } });
  t.strictSame((await socket.next((frame) => frame.id === 'o2')).data, { placed: false, validated: true });
  await socket.close();
  t.strictSame(await whenRuntimeIdle(app), idle);
});

t.test('an acknowledgement resolves with undefined; an undeclared type is not validated', async (t) => {
  const { app } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('nudge', undefined, 'n1');
  t.strictSame(await socket.next((frame) => frame.type === 'ping.app'), {
    type: 'ping.app',
    id: '$1',
    data: null,
  });
  answer(socket, { type: '$reply', id: '$1', data: { ignored: true } });
  t.strictSame((await socket.next((frame) => frame.id === 'n1')).data, { placed: true });
  socket.send('free', undefined, 'f1');
  t.strictSame(await socket.next((frame) => frame.type === 'free.form'), {
    type: 'free.form',
    id: '$2',
    data: { q: 1 },
  });
  answer(socket, { type: '$reply', id: '$2', data: { anything: [1, 'two'] } });
  t.strictSame((await socket.next((frame) => frame.id === 'f1')).data, {
    placed: true,
    details: { anything: [1, 'two'] },
  });
  await socket.close();
});

t.test('an answer that fails the reply DTO rejects the request and is refused to the client', async (t) => {
  const { app, lines } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 1 }, 'o1');
  await socket.next((frame) => frame.type === 'confirm');
  answer(socket, { type: '$reply', id: '$1', data: { ok: 'yes' } });
  const refused = await socket.next((frame) => frame.type === 'error' && frame.id === '$1');
  t.strictSame(refused.error, {
    code: 'HALYARD_ERR_VALIDATION',
    message: 'reply failed validation',
    details: [{ in: 'message', path: 'ok', constraint: 'isBoolean', message: 'ok must be a boolean value' }],
  });
  const reply = await socket.next((frame) => frame.id === 'o1');
  t.strictSame(reply.data, {
    placed: false,
    error: 'HALYARD_ERR_WS_REQUEST_INVALID_REPLY',
    message:
      'HALYARD_ERR_WS_REQUEST_INVALID_REPLY: The client\'s answer to "confirm" (id $1) failed validation',
    details: [{ in: 'message', path: 'ok', constraint: 'isBoolean', message: 'ok must be a boolean value' }],
  });
  const line = lines.find((entry) => entry['code'] === 'HALYARD_ERR_VALIDATION');
  t.equal(line?.['level'], 30, 'the refused answer is logged at info');
  await socket.close();
});

t.test('the client answers $error: the request rejects with its code and message', async (t) => {
  const { app } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 1 }, 'o1');
  await socket.next((frame) => frame.type === 'confirm');
  const error = { code: 'USER_DECLINED', message: 'Not now', details: { retry: false } };
  answer(socket, { type: '$error', id: '$1', error });
  const reply = await socket.next((frame) => frame.id === 'o1');
  t.strictSame(reply.data, {
    placed: false,
    error: 'HALYARD_ERR_WS_REQUEST_REFUSED',
    message:
      'HALYARD_ERR_WS_REQUEST_REFUSED: The client answered "confirm" (id $1) with USER_DECLINED: Not now',
    details: error,
  });
  await socket.close();
  t.strictSame(await whenRuntimeIdle(app), idle);
});

t.test('no answer within timeoutMs rejects; the late answer is refused as unknown', async (t) => {
  const { app, lines } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 1, timeoutMs: 50 }, 'o1');
  await socket.next((frame) => frame.type === 'confirm');
  const reply = await socket.next((frame) => frame.id === 'o1');
  t.strictSame(reply.data, {
    placed: false,
    error: 'HALYARD_ERR_WS_REQUEST_TIMEOUT',
    message: 'HALYARD_ERR_WS_REQUEST_TIMEOUT: No answer to "confirm" (id $1) within 50 ms',
  });
  t.equal(inspectRuntime(app).serverRequests, 0, 'the timeout released the request');
  answer(socket, { type: '$reply', id: '$1', data: { ok: true } });
  t.strictSame(await socket.next((frame) => frame.type === 'error'), {
    type: 'error',
    id: '$1',
    error: {
      code: 'HALYARD_ERR_WS_UNKNOWN_REQUEST',
      message: 'No request with id "$1" awaits an answer on this connection',
    },
  });
  const line = lines.find((entry) => entry['code'] === 'HALYARD_ERR_WS_UNKNOWN_REQUEST');
  t.equal(line?.['level'], 30, 'logged at info');
  t.equal(socket.isOpen, true, 'the connection stays open');
  await socket.close();
});

t.test('answers that name no request, or are malformed, are bad input and never crash', async (t) => {
  const { app } = await start(t);
  const socket = await connectSocket(app, '/trade');
  const cases: Array<
    [Record<string, unknown>, string | number | undefined, { code: string; message: string }]
  > = [
    [
      { type: '$reply', id: '$99', data: {} },
      '$99',
      {
        code: 'HALYARD_ERR_WS_UNKNOWN_REQUEST',
        message: 'No request with id "$99" awaits an answer on this connection',
      },
    ],
    [
      { type: '$error', id: 7, error: { code: 'X', message: 'y' } },
      7,
      {
        code: 'HALYARD_ERR_WS_UNKNOWN_REQUEST',
        message: 'No request with id "7" awaits an answer on this connection',
      },
    ],
    [
      { type: '$reply', data: { ok: true } },
      undefined,
      { code: 'HALYARD_ERR_WS_BAD_ENVELOPE', message: 'a $reply needs the "id" of the request it answers' },
    ],
    [
      { type: '$error', id: '$1', error: 'nope' },
      '$1',
      { code: 'HALYARD_ERR_WS_BAD_ENVELOPE', message: 'a $error needs "error": { "code", "message" }' },
    ],
    [
      { type: '$error', id: '$1', error: { code: 'x'.repeat(129), message: '' } },
      '$1',
      {
        code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
        message: '"error.code" must be a string of 1 to 128 characters',
      },
    ],
    [
      { type: '$reply', id: '$1', error: { code: 'X', message: 'y' } },
      '$1',
      {
        code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
        message: 'Unknown envelope field "error"; expected "type", "id" and "data"',
      },
    ],
  ];
  for (const [frame, id, error] of cases) {
    answer(socket, frame);
    const got = await socket.next((received) => received.type === 'error');
    t.strictSame(got, { type: 'error', ...(id !== undefined && { id }), error }, JSON.stringify(frame));
  }
  socket.send('$ping', undefined, 'p1');
  t.strictSame(
    await socket.next((frame) => frame.type === '$pong'),
    { type: '$pong', id: 'p1' },
    'still works',
  );
  await socket.close();
});

t.test('closing before the answer rejects the request and releases it', async (t) => {
  const { app } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 1 }, 'o1');
  await socket.next((frame) => frame.type === 'confirm');
  t.equal(inspectRuntime(app).serverRequests, 1);
  await socket.close();
  await until(() => outcomes.length === 1);
  t.strictSame(outcomes, [
    {
      ok: false,
      code: 'HALYARD_ERR_WS_REQUEST_CLOSED',
      message:
        'HALYARD_ERR_WS_REQUEST_CLOSED: The connection closed before the client answered "confirm" (id $1)',
      details: undefined,
      id: '$1',
    },
  ]);
  t.strictSame(await whenRuntimeIdle(app), idle);
});

t.test('maxPendingRequests bounds the requests awaiting an answer per connection', async (t) => {
  const { app } = await start(t);
  const socket = await connectSocket(app, '/trade');
  socket.send('order', { qty: 1, asks: 3 }, 'o1');
  const first = await socket.next((frame) => frame.type === 'confirm');
  const second = await socket.next((frame) => frame.type === 'confirm');
  t.strictSame([first.id, second.id], ['$1', '$2']);
  t.equal(inspectRuntime(app).serverRequests, 2, 'the third was never held');
  answer(socket, { type: '$reply', id: '$1', data: { ok: true } });
  answer(socket, { type: '$reply', id: '$2', data: { ok: true } });
  t.strictSame((await socket.next((frame) => frame.id === 'o1')).data, { placed: true, validated: true });
  t.strictSame(outcomes[2], {
    ok: false,
    code: 'HALYARD_ERR_WS_REQUEST_LIMIT',
    message:
      'HALYARD_ERR_WS_REQUEST_LIMIT: The connection already has 2 requests awaiting an answer (maxPendingRequests)',
    details: undefined,
    id: '$3',
  });
  t.equal(
    socket.frames.filter((frame) => frame.type === 'confirm').length,
    2,
    'the refused request was not sent',
  );
  await socket.close();
});

t.test('after churn (answers, timeouts, closes, refusals) nothing is held', async (t) => {
  const { app } = await start(t);
  const sockets = await Promise.all(Array.from({ length: 12 }, () => connectSocket(app, '/trade')));
  for (const [index, socket] of sockets.entries())
    socket.send('order', { qty: 1, asks: 2, ...(index % 3 === 1 && { timeoutMs: 30 }) }, `o${index}`);
  await Promise.all(sockets.map((socket) => socket.next((frame) => frame.id === '$2')));
  t.ok(inspectRuntime(app).serverRequests > 0, 'requests are held while they wait');
  await Promise.all(
    sockets.map(async (socket, index) => {
      switch (index % 3) {
        case 0:
          answer(socket, { type: '$reply', id: '$1', data: { ok: true } });
          answer(socket, { type: '$error', id: '$2', error: { code: 'NO', message: 'no' } });
          await socket.next((frame) => frame.id === `o${index}`);
          return;
        case 1:
          await socket.next((frame) => frame.id === `o${index}`); // both timed out
          return;
        default:
          await socket.close(); // closed with both pending
      }
    }),
  );
  await Promise.all(sockets.map((socket) => socket.close()));
  t.strictSame(await whenRuntimeIdle(app), idle);
  t.equal(outcomes.length, 24, 'every request settled once');
});

@Requests('$confirm', Text, { reply: null })
@WebSocket('/reserved')
class Reserved {
  @OnMessage('x') x(): void {}
}

@Controller('/rest')
class Rest {
  @Requests('confirm', Text, { reply: null })
  @Get('/')
  list(): void {}
}

class Other {
  @IsString() other!: string;
}
@Requests('confirm', Text, { reply: null })
@WebSocket('/twice')
class Twice {
  @Requests('confirm', Other, { reply: null })
  @OnMessage('x')
  x(): void {}
}

@WebSocket('/bad-limit', { maxPendingRequests: 0 })
class BadLimit {
  @OnMessage('x') x(): void {}
}

testBootErrors([
  {
    name: 'boot errors: a @Requests name with the reserved $ prefix',
    controllers: [Reserved],
    code: 'HALYARD_ERR_WS_RESERVED_PREFIX',
    message:
      'Reserved: @Requests(\'$confirm\') uses "$confirm"; names starting with "$" are reserved for protocol frames ($ping, $pong)',
  },
  {
    name: 'boot errors: @Requests on an HTTP route',
    controllers: [Rest],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      'Rest.list: @Requests declares what a socket asks its client; put it on a @WebSocket class or handler',
  },
  {
    name: 'boot errors: one request type with two shapes',
    controllers: [Twice],
    code: 'HALYARD_ERR_ROUTE_CONFLICT',
    message:
      "Twice.x: @Requests('confirm') is declared by Twice with other DTOs; one socket has one shape per request type",
  },
  {
    name: 'option errors: maxPendingRequests below 1',
    controllers: [BadLimit],
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'createApp options: BadLimit (/bad-limit) limits: maxPendingRequests must be a whole number of at least 1, got 0',
  },
]);
