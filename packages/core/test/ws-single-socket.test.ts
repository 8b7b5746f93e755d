import 'reflect-metadata';
import t, { type Test } from 'tap';
import { createApp } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { ChatController } from './fixtures/socket-controllers.js';

async function setup(t: Test) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  const app = await createApp({
    controllers: [ChatController],
    fastify: { logger: { level: 'info', stream } },
  });
  t.teardown(() => app.close());
  const socket = await connectSocket(app, '/ws/chat/general');
  return { app, socket, lines };
}

t.test('the return value is the reply, carrying the request id; type may be omitted', async (t) => {
  const { socket } = await setup(t);
  const withType = await socket.request('chat', { text: 'hello' });
  t.strictSame(withType, {
    type: 'reply',
    id: 't1',
    to: 'chat',
    data: { messageId: 1, text: 'hello', room: 'general', timestamp: '2026-01-01T00:00:00.000Z' },
  });
  const withoutType = await socket.request(undefined, { text: 'again' });
  t.strictSame(withoutType, {
    type: 'reply',
    id: 't2',
    to: 'chat',
    data: { messageId: 2, text: 'again', room: 'general', timestamp: '2026-01-01T00:00:00.000Z' },
  });
  socket.send(undefined, { text: 'no id' });
  t.strictSame(await socket.next(), {
    type: 'reply',
    to: 'chat',
    data: { messageId: 3, text: 'no id', room: 'general', timestamp: '2026-01-01T00:00:00.000Z' },
  });
});

t.test(
  'each bad message gets its documented error frame and a log line; the connection survives',
  async (t) => {
    const { socket, lines } = await setup(t);

    socket.sendRaw('{"type":"chat",');
    const malformed = await socket.next();
    t.equal(malformed.type, 'error');
    t.equal(malformed.error?.code, 'HALYARD_ERR_WS_MALFORMED_JSON');
    t.equal(malformed.error?.message, 'Message is not valid JSON');

    socket.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    t.strictSame(await socket.next(), {
      type: 'error',
      error: {
        code: 'HALYARD_ERR_WS_BINARY_UNSUPPORTED',
        message: 'Binary frames are not accepted; send JSON text frames',
      },
    });

    t.strictSame(await socket.request('shout', { text: 'x' }), {
      type: 'error',
      id: 't1',
      error: {
        code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
        message: 'Unknown message type "shout"',
        details: { known: ['chat'] },
      },
    });

    t.strictSame(await socket.request('chat', { text: '', extra: 1 }), {
      type: 'error',
      id: 't2',
      error: {
        code: 'HALYARD_ERR_VALIDATION',
        message: 'message failed validation',
        details: [
          {
            in: 'message',
            path: 'extra',
            constraint: 'whitelistValidation',
            message: 'property extra should not exist',
          },
          {
            in: 'message',
            path: 'text',
            constraint: 'isLength',
            message: 'text must be longer than or equal to 1 characters',
          },
        ],
      },
    });

    t.strictSame(await socket.request('chat'), {
      type: 'error',
      id: 't3',
      error: {
        code: 'HALYARD_ERR_VALIDATION',
        message: 'message failed validation',
        details: [
          { in: 'message', path: '', constraint: 'isObject', message: 'message must be a JSON object' },
        ],
      },
    });

    socket.sendRaw(JSON.stringify({ type: 'chat', id: 9, payload: {} }));
    t.strictSame(await socket.next(), {
      type: 'error',
      id: 9,
      error: {
        code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
        message: 'Unknown envelope field "payload"; expected "type", "id" and "data"',
      },
    });
    socket.sendRaw('[1,2]');
    t.equal((await socket.next()).error?.code, 'HALYARD_ERR_WS_BAD_ENVELOPE');

    t.strictSame(await socket.request('chat', { text: 'explode' }), {
      type: 'error',
      id: 't4',
      error: { code: 'HALYARD_ERR_INTERNAL', message: 'Internal server error' },
    });
    t.strictSame(await socket.request('chat', { text: 'teapot' }), {
      type: 'error',
      id: 't5',
      error: { code: 'TEAPOT', message: 'I am a teapot' },
    });

    // still a good connection
    t.equal((await socket.request('chat', { text: 'still here' })).type, 'reply');
    t.ok(socket.isOpen);

    const codes = lines.map((line) => line['code']).filter(Boolean);
    t.strictSame(codes, [
      'HALYARD_ERR_WS_MALFORMED_JSON',
      'HALYARD_ERR_WS_BINARY_UNSUPPORTED',
      'HALYARD_ERR_WS_UNKNOWN_TYPE',
      'HALYARD_ERR_VALIDATION',
      'HALYARD_ERR_VALIDATION',
      'HALYARD_ERR_WS_BAD_ENVELOPE',
      'HALYARD_ERR_WS_BAD_ENVELOPE',
      'HALYARD_ERR_INTERNAL',
      'TEAPOT',
    ]);
    const internal = lines.find((line) => line['code'] === 'HALYARD_ERR_INTERNAL');
    t.match((internal?.['err'] as { message: string }).message, 'database password leaked');
    t.equal(internal?.['level'], 50);
  },
);

t.test('a bad message on one connection does not affect another', async (t) => {
  const { app, socket } = await setup(t);
  const other = await connectSocket(app, '/ws/chat/other');
  socket.sendRaw('not json');
  await socket.next();
  t.equal((await other.request('chat', { text: 'fine' })).type, 'reply');
  t.equal(other.frames.length, 1);
  await other.close();
});

t.test('WsCloseError from a handler closes with its code', async (t) => {
  const { socket } = await setup(t);
  socket.send('chat', { text: 'close me' });
  t.strictSame(await socket.closed, { code: 4000, reason: 'asked to close' });
});

t.test('a plain HTTP GET on a socket route answers 426', async (t) => {
  const { app } = await setup(t);
  const res = await app.inject({ method: 'GET', url: '/ws/chat/general' });
  t.equal(res.statusCode, 426);
  t.equal(res.json().code, 'HALYARD_ERR_WS_UPGRADE_REQUIRED');
});
