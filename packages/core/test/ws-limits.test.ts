import 'reflect-metadata';
import t, { type Test } from 'tap';
import { Conn, Connection, Hub, OnMessage, WebSocket, type WebSocketAppOptions } from '../src/index.js';
import { connectSocket, expectUpgradeRejected, type TestSocket } from '../src/testing/index.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { createQuietApp } from './helpers/logged-app.js';

const SmallSocket = echoSocket('SmallSocket', '/small', { maxPayload: 64, maxConnections: 2 });

const StrictSocket = echoSocket('StrictSocket', '/strict', {
  allowedOrigins: ['https://app.example'],
  allowMissingOrigin: false,
});

@WebSocket('/firehose', { sendHighWaterMark: 16 * 1024, slowConsumer: 'close', rateLimit: false })
class FirehoseSocket {
  constructor(private readonly hub: Hub) {}
  @OnMessage('flood', { reply: null }) flood(@Conn() conn: Connection): void {
    const chunk = 'x'.repeat(64 * 1024);
    for (let index = 0; index < 400 && conn.isOpen; index++) conn.send('chunk', chunk);
  }
}

@WebSocket('/dropper', { sendHighWaterMark: 16 * 1024, slowConsumer: 'drop', rateLimit: false })
class DropSocket {
  @OnMessage('flood', { reply: null }) flood(@Conn() conn: Connection): void {
    const chunk = 'x'.repeat(64 * 1024);
    for (let index = 0; index < 400; index++) conn.send('chunk', chunk);
  }
}

async function app(t: Test, websocket: WebSocketAppOptions = {}) {
  const instance = await createQuietApp(t, {
    controllers: [SmallSocket, StrictSocket, FirehoseSocket, DropSocket],
    websocket,
  });
  return instance;
}

t.test('a frame above the route maxPayload gets an error frame and close 1009', async (t) => {
  const server = await app(t);
  const socket = await connectSocket(server, '/small');
  t.equal((await socket.request('echo', { text: 'short' })).type, 'reply');
  socket.send('echo', { text: 'y'.repeat(100) });
  t.strictSame(await socket.next(), {
    type: 'error',
    error: { code: 'HALYARD_ERR_PAYLOAD_TOO_LARGE', message: 'Payload exceeds 64 bytes' },
  });
  t.strictSame(await socket.closed, { code: 1009, reason: 'Message too big' });
});

t.test('a frame above the app-wide maxPayload is closed by the protocol layer with 1009', async (t) => {
  const server = await app(t, { limits: { maxPayload: 1024 } });
  const socket = await connectSocket(server, '/strict', { origin: 'https://app.example' });
  socket.send('echo', { text: 'z'.repeat(5000) });
  t.equal((await socket.closed).code, 1009);
  t.equal(server.halyard.hub.stats().errors['HALYARD_ERR_PAYLOAD_TOO_LARGE'], 1);
});

t.test('maxConnections answers 503 to the next upgrade', async (t) => {
  const server = await app(t);
  const first = await connectSocket(server, '/small');
  const second = await connectSocket(server, '/small');
  const third = await expectUpgradeRejected(server, '/small');
  t.equal(third.status, 503);
  t.equal(third.body['code'], 'HALYARD_ERR_WS_TOO_MANY_CONNECTIONS');
  await first.close();
  await second.close();
});

t.test(
  'origin allow-list: listed and same-origin pass, others and missing (when so configured) get 403',
  async (t) => {
    const server = await app(t);
    const listed = await connectSocket(server, '/strict', { origin: 'https://app.example' });
    t.ok(listed.isOpen);
    await listed.close();
    const address = server.server.address() as { port: number };
    const same = await connectSocket(server, '/strict', { origin: `http://127.0.0.1:${address.port}` });
    t.ok(same.isOpen);
    await same.close();
    const foreign = await expectUpgradeRejected(server, '/strict', { origin: 'https://evil.example' });
    t.equal(foreign.status, 403);
    t.equal(foreign.body['code'], 'HALYARD_ERR_WS_ORIGIN_REJECTED');
    t.equal(foreign.body['detail'], 'Origin https://evil.example is not allowed');
    t.equal((await expectUpgradeRejected(server, '/strict')).status, 403);
    // the default route accepts a missing Origin (non-browser clients)
    const small = await connectSocket(server, '/small');
    await small.close();
  },
);

t.test('heartbeat terminates a peer that stops answering pings', async (t) => {
  const server = await app(t, { heartbeat: { intervalMs: 100 } });
  const alive = await connectSocket(server, '/small');
  const dead = await connectSocket(server, '/small', { ignorePings: true });
  t.equal((await dead.closed).code, 1006, 'terminated without a close frame');
  await new Promise((resolve) => setTimeout(resolve, 250));
  t.ok(alive.isOpen, 'a peer that answers stays');
  t.equal(server.halyard.hub.stats().errors['HALYARD_ERR_WS_HEARTBEAT_TIMEOUT'], 1);
  await alive.close();
});

/** Asks for the flood while the client reads nothing for 300 ms, so the server's buffer fills. */
async function floodWhilePaused(socket: TestSocket): Promise<void> {
  const raw = (socket.raw as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  socket.send('flood');
  await new Promise((resolve) => setTimeout(resolve, 300));
  raw.resume();
}

t.test('a slow consumer is closed with 1013 once its buffer passes the high-water mark', async (t) => {
  const server = await app(t);
  const socket = await connectSocket(server, '/firehose');
  await floodWhilePaused(socket);
  t.equal((await socket.closed).code, 1013);
  t.ok(socket.frames.length < 400, `bounded: ${socket.frames.length} of 400 frames were sent`);
});

t.test('the drop policy keeps the connection and counts dropped frames', async (t) => {
  const server = await app(t);
  const socket = await connectSocket(server, '/dropper');
  await floodWhilePaused(socket);
  const dropped = server.halyard.hub.stats().dropped;
  t.ok(dropped > 0, `${dropped} frames dropped`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.ok(socket.isOpen);
  t.equal(socket.frames.length, 400 - dropped);
  await socket.close();
});

t.test('the slow-consumer close is counted under its code', async (t) => {
  const server = await app(t);
  const socket = await connectSocket(server, '/firehose');
  await floodWhilePaused(socket);
  t.equal((await socket.closed).code, 1013);
  t.equal(server.halyard.hub.stats().errors['HALYARD_ERR_WS_SLOW_CONSUMER'], 1);
});
