import 'reflect-metadata';
import t, { type Test } from 'tap';
import {
  createApp,
  HalyardError,
  Message,
  OnMessage,
  UnauthorizedError,
  UseGuards,
  WebSocket,
} from '../src/index.js';
import { emptyRuntime, whenRuntimeIdle } from '../src/testing/index.js';
import { closeFrame, rawUpgrade, settlesWithin } from './fixtures/raw-upgrade.js';
import { Text } from './fixtures/text-dto.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { createQuietApp } from './helpers/logged-app.js';

class DenyGuard {
  canActivate(): boolean {
    throw new UnauthorizedError('token required');
  }
}

const TwoSocket = echoSocket('TwoSocket', '/two', {
  maxConnections: 2,
  refuseWith: 'close',
  heartbeat: false,
});

@WebSocket('/guarded', { refuseWith: 'close', heartbeat: false })
@UseGuards(new DenyGuard())
class GuardedSocket {
  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

const TinySocket = echoSocket('TinySocket', '/tiny', { maxPayload: 64, heartbeat: false });

/** A masked text frame (mask key 0, so the payload goes as it is), as a client must send it. */
function clientTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error('keep test frames short');
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

async function app(t: Test) {
  const instance = await createQuietApp(t, {
    controllers: [TwoSocket, GuardedSocket, TinySocket],
  });
  return instance;
}

// A peer that never answers the close would otherwise hold each socket for ws's 30 s close timeout.
const promptly = 5_000;

t.test(
  "refuseWith: 'close': connections over maxConnections get 503 before the upgrade, and hold nothing",
  async (t) => {
    const instance = await app(t);
    const attempts = await Promise.all(Array.from({ length: 30 }, () => rawUpgrade(instance, '/two')));
    const accepted = attempts.filter((attempt) => attempt.status === 101);
    const refused = attempts.filter((attempt) => attempt.status !== 101);
    t.equal(accepted.length, 2, 'two upgrades accepted');
    t.strictSame(
      refused.map((attempt) => attempt.status),
      Array(28).fill(503),
      'the others refused over HTTP',
    );
    t.strictSame(JSON.parse(refused[0]?.rest().toString('utf8') ?? ''), {
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'Too many connections on /two',
      instance: '/two',
      code: 'HALYARD_ERR_WS_TOO_MANY_CONNECTIONS',
    });
    const allClosed = Promise.all(refused.map((attempt) => attempt.closed));
    t.ok(await settlesWithin(allClosed, promptly), 'the server closed every refused TCP connection');
    t.equal(instance.halyard.hub.stats().connections, 2);
    t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_TOO_MANY_CONNECTIONS'], 28);
    for (const attempt of accepted) attempt.socket.destroy();
  },
);

t.test("refuseWith: 'close': a refused peer that never answers the close frame is cut off", async (t) => {
  const instance = await app(t);
  const peer = await rawUpgrade(instance, '/guarded');
  t.equal(peer.status, 101, 'accepted so that a browser can read the code');
  t.ok(await settlesWithin(peer.closed, promptly), 'the TCP connection is destroyed by closeTimeoutMs');
  t.strictSame(closeFrame(peer.rest()), { code: 4401, reason: 'token required' });
  t.equal(instance.halyard.hub.stats().connectionsTotal, 0, 'never registered');
});

t.test('a connection closed for a limit is cut off when the peer ignores the close', async (t) => {
  const instance = await app(t);
  const peer = await rawUpgrade(instance, '/tiny');
  t.equal(peer.status, 101);
  peer.socket.write(clientTextFrame(JSON.stringify({ type: 'echo', data: { text: 'x'.repeat(80) } })));
  t.ok(await settlesWithin(peer.closed, promptly), 'destroyed after closeTimeoutMs');
  const frames = peer.rest();
  t.match(frames.toString('latin1'), /HALYARD_ERR_PAYLOAD_TOO_LARGE/, 'the error frame came first');
  const closeAt = frames.indexOf(Buffer.from([0x88]));
  t.strictSame(closeFrame(frames.subarray(closeAt)), { code: 1009, reason: 'Message too big' });
  t.strictSame(
    await whenRuntimeIdle(instance),
    { ...emptyRuntime, adapter: { rooms: 0, members: 0 } },
    'unregistered, and nothing of it is left',
  );
});

t.test('closeTimeoutMs is checked at boot', async (t) => {
  const error = await createApp({
    controllers: [TwoSocket],
    fastify: { logger: false },
    websocket: { closeTimeoutMs: 0 },
  }).catch((caught: unknown) => caught);
  t.ok(error instanceof HalyardError);
  t.equal(
    (error as HalyardError).message,
    'HALYARD_ERR_OPTIONS_INVALID: createApp options: websocket.closeTimeoutMs must be a positive whole number of milliseconds, got 0',
  );
});
