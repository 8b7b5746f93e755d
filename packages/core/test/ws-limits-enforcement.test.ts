import 'reflect-metadata';
import type { Socket } from 'node:net';
import t, { type Test } from 'tap';
import {
  Conn,
  Connection,
  Message,
  OnMessage,
  UseGuards,
  WebSocket,
  type Guard,
  type WebSocketAppOptions,
} from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { Text } from './fixtures/text-dto.js';
import { createLoggedApp } from './helpers/logged-app.js';
import { echoSocket } from './fixtures/echo-socket.js';

/** Keeps upgrades in flight long enough for parallel ones to overlap. */
class SlowGuard implements Guard {
  async canActivate(): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return true;
  }
}

@WebSocket('/few', { maxConnections: 3 })
@UseGuards(new SlowGuard())
class FewSocket {
  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

const MeteredSocket = echoSocket('MeteredSocket', '/metered', {
  rateLimit: { perSecond: 10, burst: 2, closeAfter: 100 },
});

const AnywhereSocket = echoSocket('AnywhereSocket', '/anywhere', {
  allowedOrigins: ['*'],
  allowMissingOrigin: false,
});

const RoomySocket = echoSocket('RoomySocket', '/roomy', { maxPayload: 1024 });

const highWaterMark = 16 * 1024;
const buffered: number[] = [];
@WebSocket('/bounded', { sendHighWaterMark: highWaterMark, slowConsumer: 'drop', rateLimit: false })
class BoundedSocket {
  @OnMessage('flood', { reply: null }) flood(@Conn() conn: Connection): void {
    const chunk = 'x'.repeat(64 * 1024);
    const tcp = conn.request.raw.socket as Socket;
    for (let index = 0; index < 400; index++) {
      conn.send('chunk', chunk);
      buffered.push(tcp.writableLength);
    }
  }
}

async function app(t: Test, websocket: WebSocketAppOptions = {}) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [FewSocket, MeteredSocket, AnywhereSocket, RoomySocket, BoundedSocket],
    websocket,
  });
  return { instance, lines };
}

t.test('parallel upgrades never exceed maxConnections; a closed slot is free again', async (t) => {
  const { instance } = await app(t);
  const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => connectSocket(instance, '/few')));
  const open = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
  const refused = attempts.flatMap((attempt) =>
    attempt.status === 'rejected' ? [(attempt.reason as Error).message] : [],
  );
  t.equal(open.length, 3);
  t.strictSame(refused, Array(5).fill('upgrade refused with HTTP 503'));
  t.equal(instance.halyard.hub.stats().connections, 3);
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_TOO_MANY_CONNECTIONS'], 5);
  await open[0]?.close();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const again = await connectSocket(instance, '/few');
  t.ok(again.isOpen, 'the slot of the closed connection is free');
  const full = await expectUpgradeRejected(instance, '/few');
  t.equal(full.status, 503);
});

t.test('a rate-limited frame carries its id; tokens refill after waiting', async (t) => {
  const { instance } = await app(t);
  const socket = await connectSocket(instance, '/metered');
  socket.send('echo', { text: 'a' }, 'r1');
  socket.send('echo', { text: 'b' }, 'r2');
  socket.send('echo', { text: 'c' }, 'r3');
  const limited = await socket.next((frame) => frame.id === 'r3');
  const details = limited.error?.details as { retryAfterMs: number };
  t.ok(details.retryAfterMs >= 1 && details.retryAfterMs <= 100, `retry after ${details.retryAfterMs} ms`);
  t.strictSame(limited, {
    type: 'error',
    id: 'r3',
    error: {
      code: 'HALYARD_ERR_WS_RATE_LIMITED',
      message: `Rate limit exceeded; retry after ${details.retryAfterMs} ms`,
      details: { retryAfterMs: details.retryAfterMs },
    },
  });
  await new Promise((resolve) => setTimeout(resolve, details.retryAfterMs + 20));
  t.strictSame(await socket.request('echo', { text: 'later' }), {
    type: 'reply',
    id: 't1',
    to: 'echo',
    data: { text: 'later' },
  });
});

t.test("allowedOrigins: ['*'] accepts any Origin; allowMissingOrigin still applies", async (t) => {
  const { instance } = await app(t);
  const foreign = await connectSocket(instance, '/anywhere', { origin: 'https://elsewhere.example' });
  t.equal((await foreign.request('echo', { text: 'hi' })).type, 'reply');
  const missing = await expectUpgradeRejected(instance, '/anywhere');
  t.equal(missing.status, 403);
  t.equal(missing.body['detail'], 'Origin (none) is not allowed');
});

t.test('route limits override app-wide limits', async (t) => {
  const { instance } = await app(t, { limits: { maxPayload: 64 } });
  const text = 'z'.repeat(500);
  const roomy = await connectSocket(instance, '/roomy');
  t.strictSame(await roomy.request('echo', { text }), {
    type: 'reply',
    id: 't1',
    to: 'echo',
    data: { text },
  });
  const metered = await connectSocket(instance, '/metered');
  metered.send('echo', { text });
  t.strictSame(await metered.next(), {
    type: 'error',
    error: { code: 'HALYARD_ERR_PAYLOAD_TOO_LARGE', message: 'Payload exceeds 64 bytes' },
  });
  t.strictSame(await metered.closed, { code: 1009, reason: 'Message too big' });
});

t.test(
  'slow consumer (drop): the buffer stays within the high-water mark plus one frame; drops are logged once',
  async (t) => {
    const { instance, lines } = await app(t);
    const socket = await connectSocket(instance, '/bounded');
    (socket.raw as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    buffered.length = 0;
    socket.send('flood');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const frameBytes = Buffer.byteLength(JSON.stringify({ type: 'chunk', data: 'x'.repeat(64 * 1024) })) + 10;
    const worst = Math.max(...buffered);
    t.ok(worst <= highWaterMark + frameBytes, `at most ${worst} bytes buffered`);
    const dropped = instance.halyard.hub.stats().dropped;
    t.ok(dropped > 0, `${dropped} frames dropped`);
    (socket.raw as unknown as { _socket: { resume(): void } })._socket.resume();
    await socket.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const dropLines = lines.filter((line) => line['code'] === 'HALYARD_ERR_WS_SLOW_CONSUMER');
    t.strictSame(
      dropLines.map((line) => line['msg']),
      [
        'slow consumer: dropping frames above the send high-water mark',
        `slow consumer: ${dropped} frames dropped in total`,
      ],
    );
    t.equal(dropLines[1]?.['dropped'], dropped);
  },
);
