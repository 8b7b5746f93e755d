import 'reflect-metadata';
import t, { type Test } from 'tap';
import { createApp } from '../src/index.js';
import { ContractViolationError } from '@halyard/client/contract';
import { connectSocket } from '../src/testing/index.js';
import { TradeSocket } from './fixtures/ask-socket.js';

// The client's `$reply` / `$error` to a server request (`@Requests`, `conn.ask`) is its half of a
// documented exchange: the AsyncAPI send operation of the request names them as its reply.

async function setup(t: Test) {
  const app = await createApp({ controllers: [TradeSocket], fastify: { logger: false } });
  t.teardown(() => app.close());
  return app;
}

t.test('a $reply and an $error answering a server request keep the contract', async (t) => {
  const app = await setup(t);
  const socket = await connectSocket(app, '/trade', { contract: true });
  socket.send('order', { qty: 2 }, 'o1');
  t.strictSame(await socket.nextPush('confirm'), { type: 'confirm', id: '$1', data: { text: 'Buy 2?' } });
  socket.sendRaw(JSON.stringify({ type: '$reply', id: '$1', data: { ok: true, note: 'go' } }));
  t.match(await socket.next((frame) => frame.id === 'o1'), {
    type: 'reply',
    to: 'order',
    data: { placed: true },
  });
  socket.send('order', { qty: 3 }, 'o2');
  t.strictSame(await socket.nextPush('confirm'), { type: 'confirm', id: '$2', data: { text: 'Buy 3?' } });
  socket.sendRaw(
    JSON.stringify({ type: '$error', id: '$2', error: { code: 'USER_DECLINED', message: 'Not now' } }),
  );
  t.match(await socket.next((frame) => frame.id === 'o2'), { type: 'reply', data: { placed: false } });
  t.strictSame(socket.violations, [], 'no violation');
  t.strictSame(await socket.close(), { code: 1000, reason: '' });
});

t.test('an answer whose data fails the reply schema is a payload-mismatch', async (t) => {
  const app = await setup(t);
  const socket = await connectSocket(app, '/trade', { contract: true });
  socket.send('order', { qty: 1 }, 'o1');
  await socket.nextPush('confirm');
  socket.sendRaw(JSON.stringify({ type: '$reply', id: '$1', data: { ok: 'yes' } }));
  const error = await socket
    .next((frame) => frame.id === 'o1')
    .then(
      () => undefined,
      (failure: unknown) => failure,
    );
  t.ok(error instanceof ContractViolationError);
  const [violation] = (error as ContractViolationError).violations;
  t.match(violation, {
    kind: 'payload-mismatch',
    direction: 'sent',
    channel: 'TradeSocket',
    frame: { type: '$reply', id: '$1', data: { ok: 'yes' } },
    difference: '/data/ok must be boolean',
  });
});

t.test('an answer to no server request of the connection is an undocumented-reply', async (t) => {
  const app = await setup(t);
  const socket = await connectSocket(app, '/trade', { contract: true });
  socket.sendRaw(JSON.stringify({ type: '$reply', id: '$9', data: { ok: true } }));
  socket.send('$ping', undefined, 'h1');
  const error = await socket.nextPush('$pong').then(
    () => undefined,
    (failure: unknown) => failure,
  );
  t.ok(error instanceof ContractViolationError);
  t.strictSame((error as ContractViolationError).violations, [
    {
      kind: 'undocumented-reply',
      direction: 'sent',
      channel: 'TradeSocket',
      frame: { type: '$reply', id: '$9', data: { ok: true } },
      schemaPath: '#/channels/TradeSocket/messages',
      difference: `the $reply's id "$9" answers no server request received on this connection`,
    },
  ]);
});
