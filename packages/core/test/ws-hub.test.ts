import 'reflect-metadata';
import t from 'tap';
import { Conn, Connection, Hub, Message, OnConnect, OnMessage, Query, WebSocket } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { Named } from './fixtures/field-dtos.js';
import { Text } from './fixtures/text-dto.js';
import { createQuietApp } from './helpers/logged-app.js';

@WebSocket('/hub')
class HubSocket {
  constructor(private readonly hub: Hub) {}
  @OnConnect() async hello(@Conn() conn: Connection, @Query() who: Named): Promise<void> {
    conn.presence = { name: who.name };
    conn.set('name', who.name);
    await conn.join('everyone');
    if (who.name.startsWith('red')) await conn.join('red');
  }
  @OnMessage('say', { reply: null }) async say(
    @Message() say: Text,
    @Conn() conn: Connection,
  ): Promise<void> {
    await this.hub.toRoom('red', 'said', { from: conn.get('name'), text: say.text }, { except: conn.id });
  }
  @OnMessage('all', { reply: null }) async all(@Message() say: Text): Promise<void> {
    await this.hub.broadcast('announcement', { text: say.text });
  }
}

t.test('broadcast, room with except, direct send, disconnect, listing and stats', async (t) => {
  const app = await createQuietApp(t, { controllers: [HubSocket] });
  const hub = app.halyard.hub;
  const red1 = await connectSocket(app, '/hub', { query: { name: 'red1' } });
  const red2 = await connectSocket(app, '/hub', { query: { name: 'red2' } });
  const blue = await connectSocket(app, '/hub', { query: { name: 'blue' } });
  t.equal(hub.connections().length, 3);
  t.same(
    hub.connections().map((connection) => connection.get('name')),
    ['red1', 'red2', 'blue'],
  );
  t.same([...(hub.connections()[0]?.rooms ?? [])], ['everyone', 'red']);

  red1.send('say', { text: 'hi reds' });
  t.strictSame(await red2.nextPush('said'), { type: 'said', data: { from: 'red1', text: 'hi reds' } });
  blue.send('all', { text: 'hello all' });
  for (const socket of [red1, red2, blue])
    t.strictSame(await socket.nextPush('announcement'), {
      type: 'announcement',
      data: { text: 'hello all' },
    });
  t.notOk(
    red1.frames.some((frame) => frame.type === 'said'),
    'except skips the sender',
  );
  t.notOk(
    blue.frames.some((frame) => frame.type === 'said'),
    'room messages stay in the room',
  );

  const blueId = hub.connections()[2]?.id as string;
  await hub.toConnection(blueId, 'direct', { secret: 1 });
  t.strictSame(await blue.nextPush('direct'), { type: 'direct', data: { secret: 1 } });
  t.same(
    (await hub.roomMembers('red')).map((member) => member.data),
    [{ name: 'red1' }, { name: 'red2' }],
  );
  t.same(await hub.rooms(), ['everyone', 'red']);

  await hub.disconnect(blueId, 4001, 'kicked');
  t.strictSame(await blue.closed, { code: 4001, reason: 'kicked' });
  await red2.nextPush('presence.left');
  t.same(
    (await hub.roomMembers('everyone')).map((member) => member.data),
    [{ name: 'red1' }, { name: 'red2' }],
  );

  const stats = hub.stats();
  t.equal(stats.adapter, 'memory');
  t.equal(stats.connections, 2);
  t.equal(stats.connectionsTotal, 3);
  t.equal(stats.messagesIn, 2);
  t.ok(stats.bytesIn > 0 && stats.bytesOut > stats.bytesIn);
  t.same(stats.routes['/hub']?.connections, 2);
  await red1.close();
  await red2.close();
});

t.test('observe() sees frames in and out; extensions register after the routes', async (t) => {
  const seen: string[] = [];
  const app = await createQuietApp(t, {
    controllers: [HubSocket],
    extensions: [
      {
        name: 'probe',
        async register(instance) {
          instance.get('/probe', async () => ({ sockets: instance.halyard.definition.sockets.length }));
        },
      },
    ],
  });
  t.strictSame((await app.inject({ url: '/probe' })).json(), { sockets: 1 });
  const stop = app.halyard.hub.observe((event) =>
    seen.push(`${event.direction} ${event.route} ${event.preview}`),
  );
  const socket = await connectSocket(app, '/hub', { query: { name: 'red1' } });
  socket.send('all', { text: 'x'.repeat(600) });
  await socket.nextPush('announcement');
  stop();
  socket.send('all', { text: 'after stop' });
  await socket.nextPush('announcement');
  t.equal(seen.length, 2);
  t.equal(
    seen[0],
    `in /hub ${JSON.stringify({ type: 'all', data: { text: 'x'.repeat(600) } }).slice(0, 500)}`,
  );
  t.match(seen[1], /^out \/hub \{"type":"announcement","data":\{"text":"x{10}/);
  t.equal(seen[1]?.length, 'out /hub '.length + 500);
  await socket.close();
});
