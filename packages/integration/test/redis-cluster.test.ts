import t from 'tap';
import {
  ClusterNode,
  connect,
  fetchMembers,
  presenceOf,
  requireChatBuild,
  say,
  settle,
  userMessages,
} from './helpers/cluster-node.js';
import { deleteKeysUnder, keysUnder, uniquePrefix } from './helpers/redis-test-keys.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { waitFor } from './helpers/wait.js';

t.test('three chat processes over one Redis: broadcast, rooms, direct sends, presence, outage', async (t) => {
  requireChatBuild();
  const keyPrefix = uniquePrefix('cluster');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const proxy = await TcpProxy.start();
  t.teardown(() => proxy.close());
  const nodes = ['node0', 'node1', 'node2'].map(
    (name) =>
      new ClusterNode(name, {
        REDIS_URL: proxy.url,
        REDIS_PREFIX: keyPrefix,
        INSTANCE_ID: `${keyPrefix}:${name}`,
      }),
  );
  t.teardown(() => Promise.all(nodes.map((node) => node.stop())));
  await Promise.all(nodes.map((node) => node.ready()));
  const [node0, node1, node2] = nodes as [ClusterNode, ClusterNode, ClusterNode];
  t.strictSame(
    (await Promise.all(nodes.map((node) => node.status()))).map(({ instance, available }) => ({
      instance,
      available,
    })),
    nodes.map((node) => ({ instance: `${keyPrefix}:${node.name}`, available: true })),
    'three instances, all connected to Redis',
  );

  // Presence across processes.
  const ann = await connect(node0, 'ann');
  const bob = await connect(node1, 'bob');
  const cid = await connect(node2, 'cid');
  const dan = await connect(node2, 'dan', 'random');
  await ann.socket.next(
    (frame) => frame.type === 'presence.joined' && presenceOf(ann, 'joined').length === 2,
  );
  await settle(nodes, [ann, bob, cid, dan]);
  t.strictSame(presenceOf(ann, 'joined'), ['bob', 'cid'], 'ann (node0) saw bob (node1) and cid (node2) join');
  t.strictSame(presenceOf(bob, 'joined'), ['cid']);
  t.strictSame(presenceOf(cid, 'joined'), []);
  t.strictSame(presenceOf(dan, 'joined'), [], 'another room');
  const members = await ann.socket.request('members');
  t.strictSame(members.data, [
    { id: ann.id, name: 'ann' },
    { id: bob.id, name: 'bob' },
    { id: cid.id, name: 'cid' },
  ]);

  // Room messages, broadcast, direct send.
  await say(t, ann, 'hello room');
  await node1.post('/test/broadcast', { type: 'notice', data: { text: 'to everyone' } });
  await node0.post('/test/direct', { to: dan.id, type: 'direct', data: { text: 'psst' } });
  await settle(nodes, [ann, bob, cid, dan]);
  t.strictSame(userMessages(ann), [], 'the sender gets a reply, not a push');
  t.strictSame(userMessages(bob), ['hello room']);
  t.strictSame(userMessages(cid), ['hello room']);
  t.strictSame(userMessages(dan), [], 'not in the room');
  for (const client of [ann, bob, cid, dan])
    t.strictSame(
      client.socket.frames.filter((frame) => frame.type === 'notice'),
      [{ type: 'notice', data: { text: 'to everyone' } }],
      `${client.name} got the broadcast once`,
    );
  t.strictSame(
    [ann, bob, cid, dan].map((client) => client.socket.frames.filter((frame) => frame.type === 'direct')),
    [[], [], [], [{ type: 'direct', data: { text: 'psst' } }]],
    'node0 reached dan on node2, and only dan',
  );

  // Disconnect by id across processes, and the left events it causes.
  await node0.post('/test/disconnect', { id: cid.id, code: 4001, reason: 'kicked' });
  t.strictSame(await cid.socket.closed, { code: 4001, reason: 'kicked' });
  await ann.socket.nextPush('presence.left');
  await bob.socket.nextPush('presence.left');
  t.strictSame(presenceOf(ann, 'left'), ['cid']);
  t.strictSame(presenceOf(bob, 'left'), ['cid']);

  // Redis goes away mid-traffic.
  const eve = await connect(node0, 'eve');
  let typing = true;
  let typed = 0;
  const typist = (async () => {
    for (; typing && typed < 2_000; typed++) {
      bob.socket.send('typing', { typing: typed % 2 === 0 });
      await new Promise((resolve) => setTimeout(resolve, 25)); // under the default 50 messages/s limit
    }
  })();
  const phase = (name: string): string[] => Array.from({ length: 10 }, (_, index) => `${name}-${index}`);
  for (const text of phase('p1')) await say(t, ann, text);
  await waitFor('bob to get p1', () => userMessages(bob).length === 11);

  proxy.cut();
  await waitFor('every node to notice', async () =>
    (await Promise.all(nodes.map((node) => node.status()))).every((status) => !status.available),
  );
  for (const text of phase('p2')) await say(t, ann, text);
  await waitFor('eve to get p2 locally', () => userMessages(eve).length === 20);
  t.strictSame(
    nodes.map((node) => node.alive),
    [true, true, true],
    'no process died',
  );
  t.strictSame(
    (await ann.socket.request('members')).data,
    [
      { id: ann.id, name: 'ann' },
      { id: eve.id, name: 'eve' },
    ],
    'node0 answers with its own members while Redis is away',
  );

  proxy.restore();
  await waitFor('every node to reconnect', async () =>
    (await Promise.all(nodes.map((node) => node.status()))).every((status) => status.available),
  );
  for (const text of phase('p3')) await say(t, ann, text);
  const bobReply = await bob.socket.request('send', { text: 'bob is back' });
  t.equal(bobReply.type, 'reply');
  typing = false;
  await typist;
  await settle(nodes, [ann, bob, eve]);
  t.strictSame(
    userMessages(bob),
    ['hello room', ...phase('p1'), ...phase('p3')],
    'p2 is lost for bob, nothing twice',
  );
  t.strictSame(userMessages(eve), [...phase('p1'), ...phase('p2'), ...phase('p3'), 'bob is back']);
  t.strictSame(userMessages(ann), ['bob is back']);
  t.strictSame(presenceOf(bob, 'joined'), ['cid', 'eve'], 'eve joined node0 before the cut');
  t.strictSame((await bob.socket.request('members')).data, [
    { id: ann.id, name: 'ann' },
    { id: bob.id, name: 'bob' },
    { id: eve.id, name: 'eve' },
  ]);
  t.ok(typed > 0, `bob typed ${typed} times through the outage`);

  for (const node of nodes) {
    t.equal(node.alive, true, `${node.name} still runs`);
    t.equal(node.codes('HALYARD_ERR_REDIS_CONNECTION_LOST').length, 1, `${node.name} logged the loss once`);
    t.equal(
      node.logs.filter((line) => line.msg.startsWith('connected to Redis; cross-instance delivery resumed'))
        .length,
      1,
      `${node.name} logged the recovery once`,
    );
    t.equal(node.stderr, '', `${node.name} wrote nothing to stderr`);
  }
  // the chat's rooms are streams (websocket.streams 'room:*'): a push to one is an append, and an
  // append that cannot reach Redis is delivered locally and logged as a stream failure, once
  t.strictSame(
    node0.codes('HALYARD_ERR_REDIS_STREAM_FAILED').map(({ level, operation }) => ({ level, operation })),
    [{ level: 40, operation: 'append' }],
    'node0 logged the local-only appends once',
  );
  t.strictSame(
    node0.codes('HALYARD_ERR_REDIS_PUBLISH_FAILED'),
    [],
    'no plain publish failed: every push was an append',
  );

  await Promise.all(nodes.map((node) => node.stop()));
  t.strictSame(
    nodes.map((node) => node.exit),
    nodes.map(() => ({ code: 0, signal: null })),
    'every node shut down cleanly',
  );
});

t.test('a crashed instance: its members leave everywhere within the TTL, no ghosts', async (t) => {
  requireChatBuild();
  const keyPrefix = uniquePrefix('crash');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const presenceTtlMs = 900;
  const nodes = ['node0', 'node1', 'node2'].map(
    (name) =>
      new ClusterNode(name, {
        REDIS_URL: 'redis://127.0.0.1:6379',
        REDIS_PREFIX: keyPrefix,
        INSTANCE_ID: `${keyPrefix}:${name}`,
        PRESENCE_TTL_MS: String(presenceTtlMs),
      }),
  );
  t.teardown(() => Promise.all(nodes.map((node) => node.stop())));
  await Promise.all(nodes.map((node) => node.ready()));
  const [node0, node1, node2] = nodes as [ClusterNode, ClusterNode, ClusterNode];
  const ann = await connect(node0, 'ann');
  const bob = await connect(node1, 'bob');
  const cid = await connect(node2, 'cid');
  const dan = await connect(node2, 'dan');
  await settle(nodes, [ann, bob, cid, dan]);
  const everyone = [
    { id: ann.id, name: 'ann' },
    { id: bob.id, name: 'bob' },
    { id: cid.id, name: 'cid' },
    { id: dan.id, name: 'dan' },
  ];
  t.strictSame((await ann.socket.request('members')).data, everyone);
  t.strictSame(presenceOf(ann, 'joined'), ['bob', 'cid', 'dan']);

  await node2.crash();
  const crashedAt = Date.now();
  t.strictSame(node2.exit, { code: null, signal: 'SIGKILL' });
  const survivors = [
    { id: ann.id, name: 'ann' },
    { id: bob.id, name: 'bob' },
  ];
  // Listed until its liveness key expires (at most presenceTtlMs after its last heartbeat) ...
  await waitFor(
    'the members lists to drop cid and dan',
    async () =>
      (await Promise.all([node0, node1].map((node) => fetchMembers(node)))).every(
        (members) => members.length === 2,
      ),
    { timeoutMs: presenceTtlMs * 3, everyMs: 20 },
  );
  const unlistedAfter = Date.now() - crashedAt;
  t.ok(
    unlistedAfter <= presenceTtlMs + 500,
    `unlisted ${unlistedAfter} ms after the crash (ttl ${presenceTtlMs} ms)`,
  );
  // ... and the left events follow by the next sweep (every presenceTtlMs / 3).
  for (const client of [ann, bob])
    await waitFor(`${client.name} to hear cid and dan leave`, () => presenceOf(client, 'left').length === 2, {
      timeoutMs: presenceTtlMs * 3,
      everyMs: 20,
    });
  const leftAfter = Date.now() - crashedAt;
  t.ok(
    leftAfter <= presenceTtlMs + presenceTtlMs / 3 + 500,
    `left events ${leftAfter} ms after the crash (ttl ${presenceTtlMs} ms, sweep every ${presenceTtlMs / 3} ms)`,
  );
  await settle([node0, node1], [ann, bob]);
  for (const client of [ann, bob]) {
    t.strictSame(presenceOf(client, 'left').sort(), ['cid', 'dan'], `${client.name}: each left once`);
    t.strictSame((await client.socket.request('members')).data, survivors, `${client.name}: no ghosts`);
  }
  t.strictSame(await fetchMembers(node0), await fetchMembers(node1), 'both instances agree');
  t.strictSame(
    (await fetchMembers(node0)).map((member) => member.id),
    [ann.id, bob.id],
  );
  // The chat's sweep removed the dead instance's records from Redis, not only from the lists.
  t.strictSame(
    (await keysUnder(keyPrefix)).filter((key) => key.includes('node2')),
    [],
    'no key of the crashed instance is left',
  );
  for (const node of [node0, node1]) {
    t.equal(node.alive, true, `${node.name} still runs`);
    t.equal(node.stderr, '', `${node.name} wrote nothing to stderr`);
  }
});
