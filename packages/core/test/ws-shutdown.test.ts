import 'reflect-metadata';
import t from 'tap';
import {
  Conn,
  Connection,
  createApp,
  MemoryAdapter,
  Message,
  OnConnect,
  OnDisconnect,
  OnMessage,
  WebSocket,
  type Guard,
} from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { Done, sleep, Wait, workSocket } from './fixtures/work-socket.js';

const WorkSocket = workSocket('/work');

t.test(
  'app.close() refuses new upgrades, lets running handlers finish, then closes every client with 1012 and the restart window',
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
    t.strictSame(await busy.closed, { code: 1012, reason: 'Service Restart; reconnect within 5000 ms' });
    t.strictSame(await idle.closed, { code: 1012, reason: 'Service Restart; reconnect within 5000 ms' });
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
  t.equal((await busy.closed).code, 1012);
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
  t.equal((await socket.closed).code, 1012);
});

const events: string[] = [];

class RecordingAdapter extends MemoryAdapter {
  override async stop(): Promise<void> {
    events.push('adapter stopped');
    await super.stop();
  }
}

@WebSocket('/lifecycle')
class LifecycleSocket {
  @OnConnect() async hello(@Conn() conn: Connection): Promise<void> {
    await sleep(150);
    events.push('connect done');
    conn.send('ready', {});
  }
  @OnMessage('work', { reply: Done }) async work(@Message() wait: Wait): Promise<Done> {
    await sleep(wait.ms);
    return { waited: wait.ms };
  }
  @OnDisconnect() async bye(): Promise<void> {
    await sleep(150);
    events.push('disconnect done');
  }
}

t.test(
  'shutdown waits for @OnConnect and @OnDisconnect before the adapter stops; new messages get an error frame',
  async (t) => {
    events.length = 0;
    const app = await createApp({
      controllers: [LifecycleSocket],
      fastify: { logger: false },
      websocket: { adapter: new RecordingAdapter() },
    });
    const ready = await connectSocket(app, '/lifecycle');
    await ready.nextPush('ready');
    ready.send('work', { ms: 200 }, 'running');
    const connecting = await connectSocket(app, '/lifecycle');
    await sleep(20);
    const closing = app.close();
    await sleep(20);
    ready.send('work', { ms: 1 }, 'late');
    t.strictSame(await ready.next((frame) => frame.id === 'late'), {
      type: 'error',
      id: 'late',
      error: { code: 'HALYARD_ERR_WS_SHUTTING_DOWN', message: 'Server is shutting down' },
    });
    t.strictSame(await ready.next((frame) => frame.id === 'running'), {
      type: 'reply',
      id: 'running',
      to: 'work',
      data: { waited: 200 },
    });
    t.strictSame(await connecting.nextPush('ready'), { type: 'ready', data: {} });
    t.strictSame(await connecting.closed, {
      code: 1012,
      reason: 'Service Restart; reconnect within 5000 ms',
    });
    await closing;
    t.strictSame(events, [
      'connect done',
      'connect done',
      'disconnect done',
      'disconnect done',
      'adapter stopped',
    ]);
    t.equal(app.halyard.hub.stats().errors['HALYARD_ERR_WS_SHUTTING_DOWN'], 1);
  },
);

t.test(
  'websocket.restartWindowMs is the hint in the 1012 reason; 0 closes with 1001 and no hint',
  async (t) => {
    const cases = [
      {
        restartWindowMs: 30_000,
        closed: { code: 1012, reason: 'Service Restart; reconnect within 30000 ms' },
      },
      { restartWindowMs: 0, closed: { code: 1001, reason: 'Server shutting down' } },
    ];
    for (const { restartWindowMs, closed } of cases) {
      const app = await createApp({
        controllers: [WorkSocket],
        fastify: { logger: false },
        websocket: { restartWindowMs },
      });
      const socket = await connectSocket(app, '/work');
      await app.close();
      t.strictSame(await socket.closed, closed);
    }
  },
);

t.test('restartWindowMs is checked at boot', async (t) => {
  for (const restartWindowMs of [-1, 1.5, 600_001, Number.NaN])
    await t.rejects(
      createApp({ controllers: [WorkSocket], fastify: { logger: false }, websocket: { restartWindowMs } }),
      {
        code: 'HALYARD_ERR_OPTIONS_INVALID',
        message: `HALYARD_ERR_OPTIONS_INVALID: createApp options: websocket.restartWindowMs must be a whole number of milliseconds from 0 to 600000, got ${String(restartWindowMs)}`,
      },
      String(restartWindowMs),
    );
});

/** An upgrade guard that holds the upgrade until the test lets it through. */
class HeldGuard implements Guard {
  static release: () => void = () => undefined;
  static entered: () => void = () => undefined;
  async canActivate(): Promise<boolean> {
    HeldGuard.entered();
    await new Promise<void>((resolve) => (HeldGuard.release = resolve));
    return true;
  }
}

const HeldSocket = workSocket('/held', [HeldGuard]);

t.test(
  'an upgrade whose checks pass while app.close() runs is closed with the same 1012, never registered',
  async (t) => {
    const app = await createApp({
      controllers: [HeldSocket],
      fastify: { logger: false },
      websocket: { restartWindowMs: 2_000 },
    });
    const first = new Promise<void>((resolve) => (HeldGuard.entered = resolve));
    const open = connectSocket(app, '/held');
    await first;
    HeldGuard.release();
    const busy = await open;
    // Keeps app.close() draining while the second upgrade is still in its guard.
    busy.send('work', { ms: 300 }, 'job');
    const entered = new Promise<void>((resolve) => (HeldGuard.entered = resolve));
    const late = connectSocket(app, '/held');
    await entered;
    const closing = app.close();
    await sleep(20);
    HeldGuard.release();
    const socket = await late;
    t.strictSame(await socket.closed, { code: 1012, reason: 'Service Restart; reconnect within 2000 ms' });
    t.strictSame(await busy.closed, { code: 1012, reason: 'Service Restart; reconnect within 2000 ms' });
    await closing;
    t.equal(
      app.halyard.hub.stats().routes['/held']?.connectionsTotal,
      1,
      'the late upgrade was never registered',
    );
  },
);
