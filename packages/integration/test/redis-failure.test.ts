import 'reflect-metadata';
import t, { type Test } from 'tap';
import { createApp, type PresenceMember } from '@halyard/core';
import type { Frame } from '@halyard/core/testing';
import { RedisAdapterError, redisAdapter } from '@halyard/redis';
import { Redis } from 'ioredis';
import { closedPort } from './helpers/closed-port.js';
import { ConformanceSocket } from './helpers/conformance-socket.js';
import { ack, connect, makeApp, member, type Client } from './helpers/conformance-apps.js';
import { Level, LogCapture } from './helpers/log-capture.js';
import { deleteKeysUnder, REDIS_URL, uniquePrefix } from './helpers/redis-test-keys.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { delay, waitFor } from './helpers/wait.js';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

function presence(kind: 'joined' | 'left', room: string, client: Client): Frame {
  return { type: `presence.${kind}`, data: { room, member: member(client) } };
}

function pushes(client: Client, type: string): unknown[] {
  return client.socket.frames.filter((frame) => frame.type === type).map((frame) => frame.data);
}

async function startProxy(t: Test): Promise<TcpProxy> {
  const proxy = await TcpProxy.start();
  t.teardown(() => proxy.close());
  return proxy;
}

t.test('Redis unreachable at start: start() rejects with HALYARD_ERR_REDIS_UNAVAILABLE', async (t) => {
  const port = await closedPort();
  const adapter = redisAdapter({ url: `redis://127.0.0.1:${port}`, keyPrefix: uniquePrefix('closed') });
  const error = await createApp({
    controllers: [ConformanceSocket],
    docs: false,
    websocket: { adapter },
    fastify: { logger: false },
  }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  t.type(error, RedisAdapterError);
  const failure = error as RedisAdapterError;
  t.strictSame(
    { name: failure.name, code: failure.code, message: failure.message },
    {
      name: 'RedisAdapterError',
      code: 'HALYARD_ERR_REDIS_UNAVAILABLE',
      message:
        `HALYARD_ERR_REDIS_UNAVAILABLE: cannot reach Redis at redis://127.0.0.1:${port} ` +
        `(connect ECONNREFUSED 127.0.0.1:${port}); start Redis, fix the url, ` +
        "or pass onUnavailableAtStart: 'local' to start without it",
    },
  );
  t.equal(adapter.available, false);
  // The failed adapter stopped reconnecting: tap would time out on a leaked reconnect timer.
});

t.test("onUnavailableAtStart: 'local' serves local connections, then joins the others", async (t) => {
  const keyPrefix = uniquePrefix('local-start');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const proxy = await startProxy(t);
  proxy.cut();
  const logs = new LogCapture();
  const adapterA = redisAdapter({ url: proxy.url, keyPrefix, onUnavailableAtStart: 'local' });
  const appA = await makeApp(t, adapterA, logs);
  const appB = await makeApp(t, redisAdapter({ url: REDIS_URL, keyPrefix }));
  t.equal(adapterA.available, false, 'A started without Redis');
  const unavailable = logs.withCode('HALYARD_ERR_REDIS_UNAVAILABLE');
  t.strictSame(
    unavailable.map(({ level }) => level),
    [Level.warn],
  );
  // The cause is whatever the refused connection reported first (EPIPE, ECONNRESET, closed).
  t.match(
    unavailable[0]?.msg,
    new RegExp(
      `^cannot reach Redis at ${proxy.url} \\(.+\\); ` +
        "serving this instance's connections only while reconnecting in the background$",
    ),
  );

  const a1 = await connect(appA, 'a1', ['lobby']);
  const a2 = await connect(appA, 'a2', ['lobby']);
  const b1 = await connect(appB, 'b1', ['lobby']);
  t.strictSame(
    await a1.socket.nextPush('presence.joined'),
    presence('joined', 'lobby', a2),
    'local presence',
  );
  await ack(t, a1, { type: 'broadcast', data: { text: 'alone' } });
  t.strictSame(await a2.socket.nextPush('broadcasted'), {
    type: 'broadcasted',
    data: { from: 'a1', text: 'alone' },
  });
  t.strictSame(await appA.halyard.hub.roomMembers('lobby'), [member(a1), member(a2)], "A's own members");
  t.strictSame(await appA.halyard.hub.rooms(), ['lobby']);
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [member(b1)], 'B cannot see A yet');

  proxy.restore();
  await waitFor('A to connect', () => adapterA.available);
  t.strictSame(
    await b1.socket.nextPush('presence.joined'),
    presence('joined', 'lobby', a1),
    'B learns of a1',
  );
  t.strictSame(
    await b1.socket.nextPush('presence.joined'),
    presence('joined', 'lobby', a2),
    'B learns of a2',
  );
  const all = [member(a1), member(a2), member(b1)];
  t.strictSame(await appA.halyard.hub.roomMembers('lobby'), all);
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), all);
  await ack(t, a1, { type: 'broadcast', data: { text: 'together' } });
  t.strictSame(await b1.socket.nextPush('broadcasted'), {
    type: 'broadcasted',
    data: { from: 'a1', text: 'together' },
  });
  t.strictSame(
    pushes(b1, 'broadcasted'),
    [{ from: 'a1', text: 'together' }],
    'nothing from the outage arrives late',
  );
  await ack(t, b1, { type: 'broadcast', data: { text: 'hello A' } });
  t.strictSame(await a2.socket.nextPush('broadcasted'), {
    type: 'broadcasted',
    data: { from: 'a1', text: 'together' },
  });
  t.strictSame(await a2.socket.nextPush('broadcasted'), {
    type: 'broadcasted',
    data: { from: 'b1', text: 'hello A' },
  });

  t.strictSame(
    logs.lines
      .filter((line) => line.code !== undefined && line.code !== 'HALYARD_ERR_REDIS_UNAVAILABLE')
      .map(({ level, code, operation }) => ({ level, code, operation })),
    [
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED', operation: 'join' },
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PUBLISH_FAILED', operation: 'message' },
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED', operation: 'members' },
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED', operation: 'rooms' },
    ],
    'each kind of failure logged once, with its code',
  );
  const resumed = logs.lines.filter((line) => line.msg.startsWith('connected to Redis'));
  t.strictSame(
    resumed.map(({ level, msg, localOnly }) => ({ level, msg, localOnly })),
    [
      {
        level: Level.info,
        msg: 'connected to Redis; cross-instance delivery resumed (5 operations were local-only meanwhile)',
        localOnly: 5,
      },
    ],
  );
});

t.test('Redis lost while running: local delivery goes on, cross-instance delivery resumes', async (t) => {
  const keyPrefix = uniquePrefix('loss');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const proxy = await startProxy(t);
  const logs = new LogCapture();
  const adapterA = redisAdapter({ url: proxy.url, keyPrefix });
  const appA = await makeApp(t, adapterA, logs);
  const appB = await makeApp(t, redisAdapter({ url: REDIS_URL, keyPrefix }));
  const a1 = await connect(appA, 'a1', ['room']);
  const a2 = await connect(appA, 'a2', ['room']);
  const b1 = await connect(appB, 'b1', ['room']);
  await ack(t, a1, { type: 'room', data: { room: 'room', text: 'before' } });
  const before = { from: 'a1', room: 'room', text: 'before' };
  t.strictSame((await b1.socket.nextPush('roomed')).data, before, 'connected: b1 gets it');

  proxy.cut();
  await waitFor('A to notice', () => !adapterA.available);
  await delay(100); // both of A's connections see the close, not only the first
  await ack(t, a1, { type: 'room', data: { room: 'room', text: 'during' } });
  const during = { from: 'a1', room: 'room', text: 'during' };
  t.strictSame(await a2.socket.nextPush('roomed'), { type: 'roomed', data: before });
  t.strictSame(
    await a2.socket.nextPush('roomed'),
    { type: 'roomed', data: during },
    'local delivery goes on',
  );
  const a3 = await connect(appA, 'a3', ['room']);
  t.strictSame(await a1.socket.nextPush('presence.joined'), presence('joined', 'room', a2));
  t.strictSame(await a1.socket.nextPush('presence.joined'), presence('joined', 'room', b1));
  t.strictSame(
    await a1.socket.nextPush('presence.joined'),
    presence('joined', 'room', a3),
    'local presence goes on',
  );
  t.strictSame(await appA.halyard.hub.roomMembers('room'), [member(a1), member(a2), member(a3)]);
  t.equal(a1.socket.isOpen && a2.socket.isOpen && a3.socket.isOpen, true, 'no socket was dropped');

  proxy.restore();
  await waitFor('A to reconnect', () => adapterA.available);
  t.strictSame(await b1.socket.nextPush('presence.joined'), presence('joined', 'room', a3), 'B learns of a3');
  t.strictSame(await appB.halyard.hub.roomMembers('room'), [member(a1), member(a2), member(b1), member(a3)]);
  await ack(t, a1, { type: 'room', data: { room: 'room', text: 'after' } });
  const after = { from: 'a1', room: 'room', text: 'after' };
  t.strictSame(await b1.socket.nextPush('roomed'), { type: 'roomed', data: after });
  t.strictSame(pushes(b1, 'roomed'), [before, after], 'what was published during the outage is not replayed');
  await ack(t, b1, { type: 'room', data: { room: 'room', text: 'from B' } });
  for (const client of [a1, a2, a3])
    t.strictSame(
      await client.socket.next(
        (frame) => frame.type === 'roomed' && (frame.data as { from: string }).from === 'b1',
      ),
      { type: 'roomed', data: { from: 'b1', room: 'room', text: 'from B' } },
      `${client.name} hears B again`,
    );

  t.strictSame(
    logs.lines
      .filter((line) => line.code !== undefined && line.level >= Level.warn)
      .map(({ level, code, operation }) => ({ level, code, operation })),
    [
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_CONNECTION_LOST', operation: undefined },
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PUBLISH_FAILED', operation: 'message' },
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED', operation: 'join' },
      { level: Level.warn, code: 'HALYARD_ERR_REDIS_PRESENCE_FAILED', operation: 'members' },
    ],
  );
  t.match(
    logs.withCode('HALYARD_ERR_REDIS_CONNECTION_LOST')[0]?.msg,
    new RegExp(`^lost the connection to Redis at ${proxy.url} \\(`),
  );
});

t.test("a dead instance's members disappear within presenceTtlMs", async (t) => {
  const keyPrefix = uniquePrefix('ttl');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const presenceTtlMs = 600;
  const proxy = await startProxy(t);
  const adapterA = redisAdapter({ url: proxy.url, keyPrefix, presenceTtlMs });
  const appA = await makeApp(t, adapterA);
  const appB = await makeApp(t, redisAdapter({ url: REDIS_URL, keyPrefix, presenceTtlMs }));
  const a1 = await connect(appA, 'a1', ['lobby']);
  const b1 = await connect(appB, 'b1', ['lobby']);
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [member(a1), member(b1)]);

  proxy.cut();
  const cutAt = Date.now();
  t.strictSame(
    await appB.halyard.hub.roomMembers('lobby'),
    [member(a1), member(b1)],
    'still listed right after',
  );
  await waitFor(
    'a1 to disappear from B',
    async () => (await appB.halyard.hub.roomMembers('lobby')).length === 1,
    { timeoutMs: presenceTtlMs + 2_000, everyMs: 20 },
  );
  const goneAfter = Date.now() - cutAt;
  t.ok(goneAfter <= presenceTtlMs + 400, `gone ${goneAfter} ms after the cut (ttl ${presenceTtlMs} ms)`);
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [member(b1)]);
  t.strictSame(await appB.halyard.hub.rooms(), ['lobby']);
  t.strictSame(
    await b1.socket.nextPush('presence.left'),
    presence('left', 'lobby', a1),
    'B tells its members',
  );
  t.strictSame(await appA.halyard.hub.roomMembers('lobby'), [member(a1)], 'A still has its own member');

  proxy.restore();
  await waitFor('A to reconnect', () => adapterA.available);
  t.strictSame(await b1.socket.nextPush('presence.joined'), presence('joined', 'lobby', a1), 'a1 is back');
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [member(a1), member(b1)]);
  t.strictSame(pushes(b1, 'presence.left').length, 1, 'one left event, however many instances swept');
  t.strictSame(
    a1.socket.frames.filter((frame) => frame.type.startsWith('presence.')),
    [presence('joined', 'lobby', b1)],
  );
});

t.test('a lapsed liveness key is written again and the sweep does not confuse local members', async (t) => {
  const keyPrefix = uniquePrefix('lapse');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const presenceTtlMs = 3_000;
  const logs = new LogCapture();
  const adapterA = redisAdapter({ url: REDIS_URL, keyPrefix, presenceTtlMs });
  const appA = await makeApp(t, adapterA, logs);
  const appB = await makeApp(t, redisAdapter({ url: REDIS_URL, keyPrefix, presenceTtlMs }));
  const a1 = await connect(appA, 'a1', ['lobby']);
  const a2 = await connect(appA, 'a2', ['lobby']);
  const b1 = await connect(appB, 'b1', ['lobby']);

  // What a blocked event loop longer than the TTL looks like from Redis: the key is gone. Deleted
  // right after A's heartbeat refreshed it, so B sweeps before A's next heartbeat notices.
  const raw = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  await raw.connect();
  t.teardown(() => raw.disconnect());
  const aliveKey = `${keyPrefix}:presence:alive:${adapterA.instanceId}`;
  let lastTtl = await raw.pttl(aliveKey);
  await waitFor(
    'a heartbeat of A',
    async () => {
      const ttl = await raw.pttl(aliveKey);
      const refreshed = ttl > lastTtl;
      lastTtl = ttl;
      return refreshed;
    },
    { everyMs: 5 },
  );
  t.equal(await raw.del(aliveKey), 1);
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [member(b1)], 'B sweeps A at once');
  // B removes the two records concurrently (its lookup and its sweep may each take one): any order.
  const lefts = [await b1.socket.nextPush('presence.left'), await b1.socket.nextPush('presence.left')];
  const nameOf = (frame: Frame): string =>
    String((frame.data as { member: PresenceMember }).member.data?.['name']);
  t.strictSame(
    lefts.sort((x, y) => nameOf(x).localeCompare(nameOf(y))),
    [presence('left', 'lobby', a1), presence('left', 'lobby', a2)],
  );
  t.strictSame(await b1.socket.nextPush('presence.joined'), presence('joined', 'lobby', a1), 'A rewrites a1');
  t.strictSame(await b1.socket.nextPush('presence.joined'), presence('joined', 'lobby', a2), 'A rewrites a2');
  t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [member(a1), member(a2), member(b1)]);
  t.strictSame(
    logs.withCode('HALYARD_ERR_REDIS_PRESENCE_EXPIRED').map(({ level, msg }) => ({ level, msg })),
    [
      {
        level: Level.warn,
        msg: "this instance's liveness key had expired (no heartbeat for 3000 ms); its memberships were written again",
      },
    ],
  );
  await ack(t, b1, { type: 'broadcast', data: { text: 'marker' } });
  await a1.socket.nextPush('broadcasted');
  t.strictSame(
    a1.socket.frames.filter((frame) => frame.type.startsWith('presence.')),
    [presence('joined', 'lobby', a2), presence('joined', 'lobby', b1)],
    "A's members never saw their neighbours leave",
  );
});

t.test('closing an app while Redis is unreachable is quick and clean', async (t) => {
  const keyPrefix = uniquePrefix('close-offline');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const proxy = await startProxy(t);
  const adapter = redisAdapter({ url: proxy.url, keyPrefix });
  const app = await createApp({
    controllers: [ConformanceSocket],
    docs: false,
    websocket: { adapter, heartbeat: false },
    fastify: { logger: false },
  });
  const a1 = await connect(app, 'a1', ['lobby']);
  proxy.cut();
  await waitFor('the adapter to notice', () => !adapter.available);
  const started = Date.now();
  await app.close();
  t.ok(Date.now() - started < 3_000, `closed in ${Date.now() - started} ms`);
  t.strictSame(await a1.socket.closed, { code: 1012, reason: 'Service Restart; reconnect within 5000 ms' });
  t.equal(adapter.available, false);
});

t.test('no unhandled rejection anywhere in this file', async (t) => {
  t.strictSame(unhandled, []);
});
