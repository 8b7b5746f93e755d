import 'reflect-metadata';
import t from 'tap';
import { IsInt } from 'class-validator';
import { createApp, Message, OnMessage, WebSocket } from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';

class Wait {
  @IsInt() ms!: number;
}
class Done {
  @IsInt() waited!: number;
}

@WebSocket('/work')
class WorkSocket {
  @OnMessage('work', { reply: Done })
  async work(@Message() wait: Wait): Promise<Done> {
    await new Promise((resolve) => setTimeout(resolve, wait.ms));
    return { waited: wait.ms };
  }
}

t.test(
  'app.close() refuses new upgrades, lets running handlers finish, then closes every client with 1001',
  async (t) => {
    const app = await createApp({ controllers: [WorkSocket], fastify: { logger: false } });
    const busy = await connectSocket(app, '/work');
    const idle = await connectSocket(app, '/work');
    busy.send('work', { ms: 300 }, 'job');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closing = app.close();
    const refused = await expectUpgradeRejected(app, '/work');
    t.equal(refused.status, 503, "Fastify's own load-shedding 503 while closing");
    t.strictSame(await busy.next((frame) => frame.id === 'job'), {
      type: 'reply',
      id: 'job',
      to: 'work',
      data: { waited: 300 },
    });
    t.strictSame(await busy.closed, { code: 1001, reason: 'Server shutting down' });
    t.strictSame(await idle.closed, { code: 1001, reason: 'Server shutting down' });
    await closing;
  },
);

t.test('with return503OnClosing off, the refused upgrade is a coded problem', async (t) => {
  const app = await createApp({
    controllers: [WorkSocket],
    fastify: { logger: false, return503OnClosing: false },
  });
  const busy = await connectSocket(app, '/work');
  busy.send('work', { ms: 200 }, 'job');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const closing = app.close();
  const refused = await expectUpgradeRejected(app, '/work');
  t.equal(refused.status, 503);
  t.equal(refused.body['code'], 'HALYARD_ERR_WS_SHUTTING_DOWN');
  t.equal((await busy.closed).code, 1001);
  await closing;
});

t.test('a handler that outlives shutdownTimeoutMs does not hold the close', async (t) => {
  const app = await createApp({
    controllers: [WorkSocket],
    fastify: { logger: false },
    websocket: { shutdownTimeoutMs: 100 },
  });
  const socket = await connectSocket(app, '/work');
  socket.send('work', { ms: 5_000 }, 'long');
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = Date.now();
  await app.close();
  t.ok(Date.now() - started < 2_500, `closed in ${Date.now() - started} ms`);
  t.equal((await socket.closed).code, 1001);
});
