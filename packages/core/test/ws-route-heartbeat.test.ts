import 'reflect-metadata';
import t, { type Test } from 'tap';
import { generateDocs, type WebSocketAppOptions } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { expectBootError } from './helpers/boot-error.js';
import { createQuietApp } from './helpers/logged-app.js';

const FastSocket = echoSocket('FastSocket', '/fast', { heartbeat: { intervalMs: 60 } });

const QuietSocket = echoSocket('QuietSocket', '/quiet', { heartbeat: false });

const PlainSocket = echoSocket('PlainSocket', '/plain');

async function app(t: Test, websocket: WebSocketAppOptions = {}) {
  const instance = await createQuietApp(t, {
    controllers: [FastSocket, QuietSocket, PlainSocket],
    websocket,
  });
  return instance;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('a route heartbeat overrides the app-wide one, in both directions', async (t) => {
  // App-wide: no pings at all; /fast turns them on for itself.
  const server = await app(t, { heartbeat: false });
  const fast = await connectSocket(server, '/fast', { ignorePings: true });
  const plain = await connectSocket(server, '/plain', { ignorePings: true });
  t.equal((await fast.closed).code, 1006, '/fast terminated the peer that ignores pings');
  await delay(200);
  t.ok(plain.isOpen, '/plain follows the app-wide false');
  const stats = server.halyard.hub.stats();
  t.equal(stats.routes['/fast']?.errors['HALYARD_ERR_WS_HEARTBEAT_TIMEOUT'], 1);
  t.strictSame(stats.routes['/plain']?.errors, {});
  await plain.close();
});

t.test('heartbeat: false on a route keeps its silent peers under a beating app', async (t) => {
  const server = await app(t, { heartbeat: { intervalMs: 60 } });
  const quiet = await connectSocket(server, '/quiet', { ignorePings: true });
  const plain = await connectSocket(server, '/plain', { ignorePings: true });
  t.equal((await plain.closed).code, 1006, '/plain follows the app-wide 60 ms');
  await delay(200);
  t.ok(quiet.isOpen, '/quiet never pings');
  t.strictSame(await quiet.request('echo', { text: 'still here' }), {
    type: 'reply',
    id: 't1',
    to: 'echo',
    data: { text: 'still here' },
  });
  await quiet.close();
});

t.test(
  'websocket.heartbeat wins over websocket.limits.heartbeat; both reach the AsyncAPI limits',
  async (t) => {
    const server = await app(t, {
      limits: { heartbeat: { intervalMs: 5_000 } },
      heartbeat: { intervalMs: 7_000 },
    });
    const doc = (await server.inject({ url: '/docs/asyncapi.json' })).json();
    const heartbeatOf = (channel: string) => doc.channels[channel]['x-halyard-limits'].heartbeat;
    t.strictSame(heartbeatOf('FastSocket'), { intervalMs: 60 });
    t.equal(heartbeatOf('QuietSocket'), false);
    t.strictSame(heartbeatOf('PlainSocket'), { intervalMs: 7_000 });
    const exported = generateDocs({ controllers: [PlainSocket], websocket: { heartbeat: false } });
    t.equal(exported.asyncapi.channels['PlainSocket']?.['x-halyard-limits'].heartbeat, false);
  },
);

t.test('a bad heartbeat is a boot error naming the route', async (t) => {
  const BrokenSocket = echoSocket('BrokenSocket', '/broken', { heartbeat: { intervalMs: 0 } });
  await expectBootError(t, [BrokenSocket], {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'createApp options: BrokenSocket (/broken) limits: heartbeat must be false or { intervalMs } with a positive whole number of milliseconds, got {"intervalMs":0}',
  });
});
