import 'reflect-metadata';
import t, { type Test } from 'tap';
import {
  Conn,
  Connection,
  createApp,
  HalyardError,
  Message,
  OnConnect,
  OnMessage,
  WebSocket,
  type WebSocketAppOptions,
} from '../src/index.js';
import {
  connectSocket,
  emptyRuntime,
  expectUpgradeRejected,
  inspectRuntime,
  whenRuntimeIdle,
  type RuntimeInspection,
} from '../src/testing/index.js';
import { rawUpgrade } from './fixtures/raw-upgrade.js';
import { Text } from './fixtures/text-dto.js';
import { createLoggedApp } from './helpers/logged-app.js';
import { echoSocket } from './fixtures/echo-socket.js';

const ASocket = echoSocket('ASocket', '/a', { heartbeat: false });

const BSocket = echoSocket('BSocket', '/b', { heartbeat: false, refuseWith: 'close' });

let openGate: () => void = () => undefined;
let gate = Promise.resolve();
function closeGate(): void {
  gate = new Promise((resolve) => (openGate = resolve));
}

@WebSocket('/gated', { heartbeat: false, rateLimit: false, maxPayload: 2048 })
class GatedSocket {
  @OnConnect() async hello(@Conn() conn: Connection): Promise<void> {
    await gate;
    conn.send('ready');
  }

  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

async function app(t: Test, websocket: WebSocketAppOptions = {}, trustProxy = false) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [ASocket, BSocket, GatedSocket],
    fastify: { trustProxy },
    websocket,
  });
  return { instance, lines };
}

/** Waits for the app to report a state (polling its own counts, not sleeping a fixed time). */
async function until(
  app: Parameters<typeof inspectRuntime>[0],
  check: (state: RuntimeInspection) => boolean,
): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check(inspectRuntime(app))) {
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(inspectRuntime(app))}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const idle = { ...emptyRuntime, adapter: { rooms: 0, members: 0 } };

t.test('maxConnectionsPerIp holds across routes; a closed connection gives its slot back', async (t) => {
  const { instance } = await app(t, { maxConnectionsPerIp: 3 });
  const first = await connectSocket(instance, '/a');
  await connectSocket(instance, '/a');
  await connectSocket(instance, '/b');
  const refused = await expectUpgradeRejected(instance, '/a');
  t.strictSame(refused, {
    status: 503,
    body: {
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'Too many connections from this address',
      instance: '/a',
      code: 'HALYARD_ERR_WS_TOO_MANY_CONNECTIONS_PER_IP',
    },
  });
  const raw = await rawUpgrade(instance, '/b');
  t.equal(raw.status, 503, "answered over HTTP before the upgrade, also under refuseWith: 'close'");
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_TOO_MANY_CONNECTIONS_PER_IP'], 2);
  t.equal(inspectRuntime(instance).ipSlots, 3);
  await first.close();
  await until(instance, (state) => state.ipSlots === 2);
  t.ok((await connectSocket(instance, '/b')).isOpen, 'the slot is free again');
});

t.test('the default is 256 connections per address', async (t) => {
  const { instance } = await app(t);
  const upgrades = await Promise.all(Array.from({ length: 257 }, () => rawUpgrade(instance, '/a')));
  t.strictSame(
    upgrades.map((upgrade) => upgrade.status).sort(),
    [...Array(256).fill(101), 503],
    'the 257th is refused',
  );
  for (const upgrade of upgrades) upgrade.socket.destroy();
  t.strictSame(await whenRuntimeIdle(instance), idle, 'every slot given back');
});

t.test('the address is request.ip: it honours trustProxy, and IPv6 counts per /64', async (t) => {
  const { instance } = await app(t, { maxConnectionsPerIp: 2 }, true);
  const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
  await connectSocket(instance, '/a', from('203.0.113.1'));
  await connectSocket(instance, '/a', from('203.0.113.1'));
  t.equal((await expectUpgradeRejected(instance, '/a', from('203.0.113.1'))).status, 503);
  t.ok((await connectSocket(instance, '/a', from('203.0.113.2'))).isOpen, 'another address');
  await connectSocket(instance, '/a', from('2001:db8:1:2::1'));
  await connectSocket(instance, '/a', from('2001:db8:1:2:aaaa:bbbb:cccc:dddd'));
  t.equal(
    (await expectUpgradeRejected(instance, '/a', from('2001:db8:0001:0002::ffff'))).status,
    503,
    'the same /64',
  );
  t.ok((await connectSocket(instance, '/a', from('2001:db8:1:3::1'))).isOpen, 'another /64');
  t.ok(
    (await connectSocket(instance, '/a', from('::ffff:203.0.113.2'))).isOpen,
    'IPv4-mapped: the IPv4 address',
  );
  t.equal((await expectUpgradeRejected(instance, '/a', from('203.0.113.2'))).status, 503);
  t.equal(inspectRuntime(instance).ipAddresses, 4);
});

t.test('maxBacklogBytes bounds the @OnConnect backlogs of all connections together', async (t) => {
  closeGate();
  const { instance, lines } = await app(t, { maxBacklogBytes: 4096 });
  const frame = (id: string) => JSON.stringify({ type: 'echo', id, data: { text: 'y'.repeat(980) } });
  const bytes = Buffer.byteLength(frame('e0'));
  const early = await connectSocket(instance, '/gated');
  for (let index = 0; index < 3; index++) early.sendRaw(frame(`e${index}`));
  await until(instance, (state) => state.backlogFrames === 3);
  t.equal(inspectRuntime(instance).backlogBytes, 3 * bytes);
  const late = await connectSocket(instance, '/gated');
  late.sendRaw(frame('l0'));
  late.sendRaw(frame('l1'));
  t.strictSame(await late.closed, {
    code: 1008,
    reason: 'Too many messages before the connection was ready',
  });
  const line = lines.find((entry) => entry['code'] === 'HALYARD_ERR_WS_CONNECT_BACKLOG');
  t.strictSame(
    [line?.['msg'], line?.['frames'], line?.['bytes'], line?.['maxBacklogBytes']],
    [
      'frames waiting for @OnConnect on all connections reached websocket.maxBacklogBytes; closing this one with 1008',
      2,
      2 * bytes,
      4096,
    ],
    'the connection whose frame would pass the bound is closed',
  );
  await until(instance, (state) => state.backlogFrames === 3);
  openGate();
  t.strictSame(await early.nextPush('ready'), { type: 'ready', data: null });
  for (let index = 0; index < 3; index++)
    t.equal((await early.next((candidate) => candidate.id === `e${index}`)).type, 'reply', `e${index}`);
  t.equal(inspectRuntime(instance).backlogBytes, 0, 'dispatched frames give their bytes back');
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_CONNECT_BACKLOG'], 1);
  await early.close();
  t.strictSame(await whenRuntimeIdle(instance), idle);
});

t.test('a connection that closes while @OnConnect runs gives its backlog back', async (t) => {
  closeGate();
  const { instance, lines } = await app(t);
  const socket = await connectSocket(instance, '/gated');
  socket.send('echo', { text: 'a' });
  socket.send('echo', { text: 'b' });
  await until(instance, (state) => state.backlogFrames === 2);
  socket.raw.terminate();
  await until(instance, (state) => state.connections === 0);
  t.equal(inspectRuntime(instance).backlogBytes, 0);
  t.equal(
    lines.find((line) => line['discarded'] === 2)?.['msg'],
    'discarded 2 frame(s) sent while @OnConnect ran: the connection closed',
  );
  openGate();
  t.strictSame(await whenRuntimeIdle(instance), idle);
});

t.test('maxConnectionsPerIp and maxBacklogBytes are checked at boot', async (t) => {
  const boot = (websocket: WebSocketAppOptions) =>
    createApp({ controllers: [ASocket], fastify: { logger: false }, websocket }).then(
      (instance) => instance.close().then(() => 'booted'),
      (error: unknown) => (error instanceof HalyardError ? error.message : String(error)),
    );
  t.equal(
    await boot({ maxConnectionsPerIp: 0 }),
    'HALYARD_ERR_OPTIONS_INVALID: createApp options: websocket.maxConnectionsPerIp must be a positive whole number or Infinity, got 0',
  );
  t.equal(
    await boot({ maxBacklogBytes: -1 }),
    'HALYARD_ERR_OPTIONS_INVALID: createApp options: websocket.maxBacklogBytes must be a positive whole number of bytes, got -1',
  );
  t.equal(await boot({ maxConnectionsPerIp: Infinity }), 'booted', 'Infinity turns the limit off');
});
