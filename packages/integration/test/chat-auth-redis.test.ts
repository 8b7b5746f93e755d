import 'reflect-metadata';
import t, { type Test } from 'tap';
import { redisAdapter } from '@halyard/redis';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { createChatApp } from '../../../apps/chat/dist/app.js';
import { RoomStore } from '../../../apps/chat/dist/rooms/room-store.js';
import { deleteKeysUnder, REDIS_URL, uniquePrefix } from './helpers/redis-test-keys.js';

type FastifyInstance = Awaited<ReturnType<typeof createChatApp>>;

// Two apps/chat instances on one real Redis, as behind a load balancer: the room policy of
// `room:*` (RoomMemberGuard) decides every join on whichever instance the socket reached, and
// what the other instance sees (members, presence, pushes, a `$resume`) never lets a
// non-member in. One RoomStore stands for the database both instances read.
const keyPrefix = uniquePrefix('chat-auth');
t.teardown(() => deleteKeysUnder(keyPrefix));

async function pair(t: Test): Promise<[FastifyInstance, FastifyInstance]> {
  const rooms = new RoomStore();
  const make = async () => {
    const app = await createChatApp(
      {
        fastify: { logger: false },
        websocket: { adapter: redisAdapter({ url: REDIS_URL, keyPrefix }), heartbeat: false },
      },
      { rooms },
    );
    t.teardown(() => app.close());
    return app;
  };
  return [await make(), await make()];
}

async function login(app: FastifyInstance, name: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { name } });
  return (res.json() as { token: string }).token;
}

async function join(app: FastifyInstance, room: string, query: Record<string, string>): Promise<TestSocket> {
  return connectSocket(app, `/ws/rooms/${room}`, { query });
}

const refusal = { code: 4403, reason: 'Joining room "room:vault" was refused by RoomMemberGuard' };
const names = (members: Array<{ data?: { name?: unknown } }>) => members.map((member) => member.data?.name);

t.test('a private room admits invited members only, whichever instance they reach', async (t) => {
  const [a, b] = await pair(t);
  const ann = await login(a, 'ann');
  const bob = await login(b, 'bob'); // tokens are stateless: signed on B, accepted on A
  const created = await a.inject({
    method: 'POST',
    url: '/api/rooms',
    headers: { authorization: `Bearer ${ann}` },
    payload: { id: 'vault', title: 'Vault', private: true },
  });
  t.equal(created.statusCode, 201);
  const annSocket = await join(a, 'vault', { name: 'ann', token: ann });
  await annSocket.nextPush('message.created');

  // Refused on both instances, and for a guest: no member, no presence anywhere.
  for (const [app, query] of [
    [b, { name: 'bob', token: bob }],
    [a, { name: 'bob', token: bob }],
    [b, { name: 'guest' }],
  ] as const) {
    const socket = await join(app, 'vault', query);
    t.strictSame(await socket.closed, refusal);
  }

  // A non-member's `$resume` of the room (a hub path that adds a connection to a stream) stays
  // pending: it is never replayed, and nothing pushed to the room reaches it.
  const bobGeneral = await join(b, 'general', { name: 'bob', token: bob });
  await bobGeneral.nextPush('message.created');
  const history = await a.inject({
    url: '/api/rooms/vault/messages',
    headers: { authorization: `Bearer ${ann}` },
  });
  const position = (history.json() as { position: { offset: number; epoch: string } }).position;
  const resume = await bobGeneral.request('$resume', { rooms: { 'room:vault': { ...position, offset: 0 } } });
  t.strictSame(resume.data, { rooms: { 'room:vault': 'pending' } });
  const said = await annSocket.request('send', { text: 'for members only' });
  t.match(said.data, { text: 'for members only' });
  t.strictSame(names(await a.halyard.hub.roomMembers('room:vault')), ['ann']);
  t.strictSame(names(await b.halyard.hub.roomMembers('room:vault')), ['ann']);
  // A marker through the same room on instance B's side: once bob has it, the vault message would be there too.
  await b.halyard.hub.broadcast('barrier', {});
  await bobGeneral.nextPush('barrier');
  t.notOk(
    bobGeneral.frames.some((frame) => JSON.stringify(frame).includes('for members only')),
    'nothing of the vault reached bob',
  );

  // Invited on instance B (the shared store), bob joins there; ann on A sees him arrive.
  const invite = await b.inject({
    method: 'POST',
    url: '/api/rooms/vault/invites',
    headers: { authorization: `Bearer ${ann}` },
    payload: { name: 'bob' },
  });
  t.equal(invite.statusCode, 204);
  const bobVault = await join(b, 'vault', { name: 'bob', token: bob });
  t.match((await annSocket.nextPush('presence.joined')).data, {
    room: 'room:vault',
    member: { data: { name: 'bob' } },
  });
  t.strictSame(names(await a.halyard.hub.roomMembers('room:vault')), ['ann', 'bob']);
  await bobVault.request('send', { text: 'thanks' });
  const thanks = await annSocket.next(
    (frame) => frame.type === 'message.created' && (frame.data as { author: string }).author === 'bob',
  );
  t.match(thanks.data, { author: 'bob', text: 'thanks' });
  // The vault's history holds no trace of the refused attempts (no "bob left" from a refused socket).
  const texts = (
    await a.inject({ url: '/api/rooms/vault/messages', headers: { authorization: `Bearer ${ann}` } })
  )
    .json()
    .messages.map((message: { text: string }) => message.text);
  t.strictSame(texts, ['ann joined', 'for members only', 'bob joined', 'thanks']);
  // Still closed to a third user, on either instance.
  const cy = await login(a, 'cy');
  t.strictSame(await (await join(b, 'vault', { name: 'cy', token: cy })).closed, refusal);
  t.strictSame(await (await join(a, 'vault', { name: 'cy', token: cy })).closed, refusal);
  t.strictSame(names(await b.halyard.hub.roomMembers('room:vault')), ['ann', 'bob']);
  await bobVault.close();
  await bobGeneral.close();
  await annSocket.close();
});
