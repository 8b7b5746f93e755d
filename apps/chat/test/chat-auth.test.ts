import 'reflect-metadata';
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { connectSocket } from '@halyard/core/testing';
import { createChatApp, type ChatSettings } from '../src/app.js';

const moderatorKey = 'test-moderator-key';

async function chatApp(t: Test, settings: ChatSettings = {}): Promise<FastifyInstance> {
  const app = await createChatApp({ fastify: { logger: false } }, { moderatorKey, ...settings });
  t.teardown(() => app.close());
  return app;
}

async function login(
  app: FastifyInstance,
  name: string,
  key?: string,
): Promise<{ token: string; expiresAt: string; role: string }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { name, ...(key ? { moderatorKey: key } : {}) },
  });
  if (res.statusCode !== 201) throw new Error(`login ${res.statusCode}: ${res.body}`);
  return res.json();
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('login issues a signed token with its expiry; the socket is the token’s user', async (t) => {
  const app = await chatApp(t, { tokenTtlMs: 60_000 });
  const before = Date.now();
  const session = await login(app, 'ann');
  t.match(session, { name: 'ann', role: 'member', token: /^[\w-]+\.[\w-]+$/ });
  const expiresAt = Date.parse(session.expiresAt);
  t.ok(expiresAt >= before + 60_000 && expiresAt <= Date.now() + 60_000, 'expires a TTL from now');
  const wrongKey = await app.inject({
    method: 'POST',
    url: '/api/login',
    payload: { name: 'eve', moderatorKey: 'guess' },
  });
  t.equal(wrongKey.statusCode, 401);
  t.match(wrongKey.json(), { code: 'HALYARD_ERR_UNAUTHORIZED', detail: 'Wrong moderator key' });

  // The token's name wins over ?name=.
  const ann = await connectSocket(app, '/ws/rooms/general', {
    query: { name: 'mallory', token: session.token },
  });
  t.match((await ann.nextPush('message.created')).data, { author: 'system', text: 'ann joined' });
  t.match((await ann.request('members')).data, [{ name: 'ann' }]);
  await ann.close();
});

t.test('a forged, tampered or expired token is refused with 4401 before any handler runs', async (t) => {
  const app = await chatApp(t, { tokenTtlMs: 200 });
  const { token } = await login(app, 'ann');
  const [payload, signature] = token.split('.') as [string, string];
  const other = Buffer.from(JSON.stringify({ sub: 'root', role: 'moderator', exp: Date.now() + 60_000 }));
  for (const [forged, reason] of [
    [`${other.toString('base64url')}.${signature}`, 'Invalid token signature'],
    [`${payload}.${signature.slice(0, -2)}AA`, 'Invalid token signature'],
    ['not-a-token', 'Malformed token'],
    ['x'.repeat(600), 'Token too long'],
  ] as const) {
    const socket = await connectSocket(app, '/ws/rooms/general', { query: { name: 'ann', token: forged } });
    t.strictSame(await socket.closed, { code: 4401, reason }, reason);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
  const late = await connectSocket(app, '/ws/rooms/general', { query: { name: 'ann', token } });
  t.strictSame(await late.closed, { code: 4401, reason: 'Token expired' });
  const rest = await app.inject({ url: '/api/rooms', headers: bearer(token) });
  t.equal(rest.statusCode, 401);
  t.equal(rest.json().detail, 'Token expired');
  const messages = await app.inject({ url: '/api/rooms/general/messages' });
  t.same(messages.json().messages, [], 'no refused socket ever joined');
});

t.test(
  '$expiring, then $auth with a fresh token keeps the socket; without one it closes with 4401',
  async (t) => {
    const app = await chatApp(t, { tokenTtlMs: 1_000 });
    const first = await login(app, 'ann');
    const ann = await connectSocket(app, '/ws/rooms/general', { query: { name: 'ann', token: first.token } });
    const bob = await connectSocket(app, '/ws/rooms/general', {
      query: { name: 'bob', token: (await login(app, 'bob')).token },
    });
    // expiryWarningMs is half the TTL: the warning comes ~500 ms before the expiry.
    const warning = await ann.nextPush('$expiring', 2_000);
    t.equal((warning.data as { expiresAt: string }).expiresAt, first.expiresAt);
    const fresh = await login(app, 'ann');
    const reply = await ann.request('$auth', { credential: fresh.token });
    t.strictSame(reply.data, { expiresAt: fresh.expiresAt });
    t.strictSame(await bob.closed, { code: 4401, reason: 'Credential expired' }, 'bob did not refresh');
    t.ok(ann.isOpen, 'ann is still connected past her first token’s expiry');
    t.match((await ann.request('send', { text: 'still here' })).data, { author: 'ann', text: 'still here' });
    // A fresh token of someone else does not take over the socket.
    const mallory = await login(app, 'mallory');
    await ann.request('$auth', { credential: mallory.token }).catch(() => undefined);
    t.strictSame(await ann.closed, { code: 4403, reason: 'A refreshed token must be for the same user' });
  },
);

t.test('a private room: invited members only, over REST and on every socket join', async (t) => {
  const app = await chatApp(t);
  const ann = await login(app, 'ann');
  const bob = await login(app, 'bob');
  const guestCreate = await app.inject({
    method: 'POST',
    url: '/api/rooms',
    payload: { id: 'secret', title: 'Secret', private: true },
  });
  t.equal(guestCreate.statusCode, 401);
  const created = await app.inject({
    method: 'POST',
    url: '/api/rooms',
    headers: bearer(ann.token),
    payload: { id: 'secret', title: 'Secret', private: true },
  });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { id: 'secret', private: true });
  const listed = async (token?: string) =>
    (await app.inject({ url: '/api/rooms', ...(token && { headers: bearer(token) }) }))
      .json()
      .map((room: { id: string }) => room.id);
  t.strictSame(await listed(ann.token), ['general', 'random', 'secret']);
  t.strictSame(await listed(bob.token), ['general', 'random'], 'listed to members only');
  t.strictSame(await listed(), ['general', 'random']);

  const history = await app.inject({ url: '/api/rooms/secret/messages', headers: bearer(bob.token) });
  t.equal(history.statusCode, 403);
  t.match(history.json(), { code: 'ROOM_PRIVATE', detail: 'Room "secret" is private: bob is not invited' });
  const anonymous = await app.inject({ url: '/api/rooms/secret/messages' });
  t.equal(anonymous.statusCode, 401);
  t.equal(anonymous.json().detail, 'Room "secret" is private: log in first');
  const post = await app.inject({
    method: 'POST',
    url: '/api/rooms/secret/messages',
    headers: bearer(bob.token),
    payload: { author: 'bob', text: 'let me in' },
  });
  t.equal(post.statusCode, 403);

  // The socket: refused by the room policy when @OnConnect joins (4403), for a guest too.
  const queries: Array<Record<string, string>> = [{ name: 'bob', token: bob.token }, { name: 'ann' }];
  for (const query of queries) {
    const socket = await connectSocket(app, '/ws/rooms/secret', { query });
    t.strictSame(await socket.closed, {
      code: 4403,
      reason: 'Joining room "room:secret" was refused by RoomMemberGuard',
    });
  }
  t.strictSame(await app.halyard.hub.roomMembers('room:secret'), []);
  const annSocket = await connectSocket(app, '/ws/rooms/secret', {
    query: { name: 'ann', token: ann.token },
  });
  t.match((await annSocket.nextPush('message.created')).data, { text: 'ann joined' });

  const strangerInvite = await app.inject({
    method: 'POST',
    url: '/api/rooms/secret/invites',
    headers: bearer(bob.token),
    payload: { name: 'bob' },
  });
  t.equal(strangerInvite.statusCode, 403, 'a non-member cannot invite themselves');
  const invite = await app.inject({
    method: 'POST',
    url: '/api/rooms/secret/invites',
    headers: bearer(ann.token),
    payload: { name: 'bob' },
  });
  t.equal(invite.statusCode, 204);
  const bobSocket = await connectSocket(app, '/ws/rooms/secret', {
    query: { name: 'bob', token: bob.token },
  });
  t.match((await annSocket.nextPush('presence.joined')).data, {
    room: 'room:secret',
    member: { data: { name: 'bob' } },
  });
  t.equal(
    (await app.inject({ url: '/api/rooms/secret/messages', headers: bearer(bob.token) })).statusCode,
    200,
  );
  const publicInvite = await app.inject({
    method: 'POST',
    url: '/api/rooms/general/invites',
    headers: bearer(ann.token),
    payload: { name: 'bob' },
  });
  t.match(publicInvite.json(), { status: 409, code: 'ROOM_PUBLIC' });
  await bobSocket.close();
  await annSocket.close();
});

t.test('kick is for moderators: others get HALYARD_ERR_FORBIDDEN and keep their socket', async (t) => {
  const app = await chatApp(t);
  const mod = await login(app, 'mod', moderatorKey);
  t.equal(mod.role, 'moderator');
  const modSocket = await connectSocket(app, '/ws/rooms/general', {
    query: { name: 'mod', token: mod.token },
  });
  const ann = await connectSocket(app, '/ws/rooms/general', {
    query: { name: 'ann', token: (await login(app, 'ann')).token },
  });
  const guest = await connectSocket(app, '/ws/rooms/general', { query: { name: 'guest' } });
  const members = (await modSocket.request('members')).data as Array<{ id: string; name: string }>;
  const guestId = members.find((member) => member.name === 'guest')?.id ?? '';
  for (const socket of [ann, guest]) {
    const refused = await socket.request('kick', { connectionId: guestId });
    t.strictSame(refused, {
      type: 'error',
      id: refused.id,
      error: { code: 'HALYARD_ERR_FORBIDDEN', message: 'Only moderators may send "kick"' },
    });
    t.ok(socket.isOpen, 'a refused message keeps the socket');
  }
  const done = await modSocket.request('kick', { connectionId: guestId });
  t.strictSame(done, { type: 'reply', id: done.id, to: 'kick', data: null });
  t.strictSame(await guest.closed, { code: 4403, reason: 'Removed by a moderator' });
  const unknown = await modSocket.request('kick', { connectionId: 'nobody' });
  t.match(unknown.error, { message: 'No member nobody in this room' });
  await ann.close();
  await modSocket.close();
});
