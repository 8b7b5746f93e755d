import t, { type Test } from 'tap';
import type { TrafficEvent } from '@halyard/core';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import type { AdminSnapshot, LiveFrame } from '../src/index.js';
import { appWithAdmin, bearer, closeAll, token, twoClients } from './fixtures.js';

type HelloData = Extract<LiveFrame, { type: 'hello' }>['data'];

async function trafficUntil(
  t: Test,
  live: TestSocket,
  enough: (events: TrafficEvent[]) => boolean,
): Promise<TrafficEvent[]> {
  const events: TrafficEvent[] = [];
  while (!enough(events)) {
    const frame = await live.nextPush('traffic');
    const data = frame.data as { events: TrafficEvent[]; skipped: number };
    t.equal(data.skipped, 0, 'nothing skipped');
    events.push(...data.events);
  }
  return events;
}

t.test('the live feed streams other clients’ frames and snapshots, never its own traffic', async (t) => {
  const fixture = await twoClients({ token, snapshotIntervalMs: 100 });
  t.teardown(() => closeAll(fixture));
  const { app, red, blue, redId, blueId } = fixture;
  const hub = app.halyard.hub;

  const live = await connectSocket(app, '/admin/live', { headers: bearer });
  const hello = await live.nextPush('hello');
  t.strictSame(hello.data, { trafficBuffer: 200, snapshotIntervalMs: 100, recent: [] } satisfies HelloData);

  const first = (await live.nextPush('snapshot')).data as AdminSnapshot;
  t.equal(first.stats.connections, 2);
  t.strictSame(
    first.connections.map((connection) => [connection.id, connection.rooms]),
    [
      [redId, ['everyone', 'red']],
      [blueId, ['blue', 'everyone']],
    ],
  );
  t.strictSame(
    first.rooms?.map((room) => [room.name, room.members.length]),
    [
      ['blue', 1],
      ['everyone', 2],
      ['red', 1],
    ],
  );
  t.equal(hub.stats().connections, 2, 'the admin socket is not a Halyard connection');

  red.send('say', { text: 'hello admin' }, 'r1');
  await red.nextPush('reply');
  blue.send('say', { text: 'from blue' });
  await blue.nextPush('reply');
  const events = await trafficUntil(t, live, (seen) => seen.length >= 4);
  t.equal(events.length, 4);
  t.match(events[0], {
    direction: 'in',
    connectionId: redId,
    route: '/hub',
    at: Number,
    bytes: Buffer.byteLength('{"type":"say","id":"r1","data":{"text":"hello admin"}}'),
    preview: '{"type":"say","id":"r1","data":{"text":"hello admin"}}',
  });
  t.match(events[1], { direction: 'out', connectionId: redId, route: '/hub', preview: /"type":"reply"/ });
  t.match(events[1]?.preview, /"id":"r1"/);
  t.match(events[2], {
    direction: 'in',
    connectionId: blueId,
    preview: '{"type":"say","data":{"text":"from blue"}}',
  });
  t.match(events[3], { direction: 'out', connectionId: blueId });

  // Snapshots keep coming; they and the traffic frames above are not counted as hub traffic.
  const before = hub.stats();
  const later = (await live.nextPush('snapshot')).data as AdminSnapshot;
  await live.nextPush('snapshot');
  t.ok(later.at > first.at);
  const after = hub.stats();
  t.equal(after.messagesOut, before.messagesOut, 'frames to the admin page are not hub traffic');
  t.equal(after.messagesIn, before.messagesIn);
  t.strictSame(Object.keys(after.routes), ['/hub']);
  t.notOk(
    live.frames.some(
      (frame) =>
        frame.type === 'traffic' &&
        (frame.data as { events: TrafficEvent[] }).events.some(
          (event) =>
            event.route !== '/hub' || (event.connectionId !== redId && event.connectionId !== blueId),
        ),
    ),
    'every traffic event is a frame of a Halyard connection',
  );

  // A page that opens later gets the recent frames first, oldest first.
  const second = await connectSocket(app, '/admin/live', { headers: bearer });
  const replay = (await second.nextPush('hello')).data as HelloData;
  t.strictSame(replay.recent, events);
  await second.close();

  // The page gets pushes the admin API sends, as "out" traffic.
  await app.inject({
    method: 'POST',
    url: '/admin/api/send',
    headers: bearer,
    payload: { target: 'room', room: 'red', type: 'admin.note', data: { text: 'hi' } },
  });
  const sent = await trafficUntil(t, live, (seen) => seen.length >= 1);
  t.match(sent, [
    { direction: 'out', connectionId: redId, preview: '{"type":"admin.note","data":{"text":"hi"}}' },
  ]);

  // Core's shutdown destroys every socket that came through an upgrade (to free refused upgrades)
  // before the admin's preClose hook runs, so with Halyard sockets the page sees 1006, not 1001.
  const closed = live.closed;
  await app.close();
  const { code } = await closed;
  t.ok(code === 1001 || code === 1006, `the feed is closed by the shutdown (${code})`);
});

t.test('the recent-frames buffer keeps the newest trafficBuffer frames', async (t) => {
  const fixture = await twoClients({ token, trafficBuffer: 3 });
  t.teardown(() => closeAll(fixture));
  const live = await connectSocket(fixture.app, '/admin/live', { headers: bearer });
  await live.nextPush('hello');
  for (const text of ['one', 'two', 'three']) {
    fixture.red.send('say', { text });
    await fixture.red.next(
      (frame) => frame.type === 'reply' && (frame.data as { text: string }).text === text,
    );
  }
  await trafficUntil(t, live, (seen) => seen.length >= 6);
  const late = await connectSocket(fixture.app, '/admin/live', { headers: bearer });
  const recent = ((await late.nextPush('hello')).data as HelloData).recent;
  t.strictSame(
    recent.map((event) => [event.direction, event.preview.includes('three')]),
    [
      ['out', false],
      ['in', true],
      ['out', true],
    ],
    'out two, in three, out three',
  );
  await late.close();
  await live.close();
});

t.test('the feed is read-only, and works in an app without sockets', async (t) => {
  const app = await appWithAdmin({ token, snapshotIntervalMs: 50 }, []);
  t.teardown(() => app.close());
  t.notOk(
    app.halyard.definition.sockets.length,
    'no Halyard sockets: the admin registers @fastify/websocket',
  );
  const live = await connectSocket(app, '/admin/live', { headers: bearer });
  t.strictSame((await live.nextPush('hello')).data, {
    trafficBuffer: 200,
    snapshotIntervalMs: 50,
    recent: [],
  });
  const snapshot = (await live.nextPush('snapshot')).data as AdminSnapshot;
  t.match(snapshot, { stats: { connections: 0, adapter: 'memory' }, connections: [], rooms: [] });

  live.send('hello');
  t.strictSame(await live.closed, { code: 1003, reason: 'The admin live feed is read-only' });

  const cookie = await connectSocket(app, '/admin/live', {
    headers: { cookie: `halyard_admin_token=${token}` },
    origin: 'http://evil.example',
  }).catch((error: Error) => error.message);
  t.equal(cookie, 'upgrade refused with HTTP 403', 'a cross-site page cannot borrow the cookie');

  const other = await connectSocket(app, '/admin/live', { headers: bearer });
  await other.nextPush('hello');
  const closed = other.closed;
  await app.close();
  t.strictSame(await closed, { code: 1001, reason: 'Server shutting down' });
});
