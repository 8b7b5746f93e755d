import 'reflect-metadata';
import t from 'tap';
import { connectSocket } from '@halyard/core/testing';
import { testChat, joinSocket } from './helpers/test-chat.js';

t.test('two members: system notices, messages, typing, presence, members', async (t) => {
  const app = await testChat(t);
  const ann = await joinSocket(app, '/ws/rooms/general', 'ann');
  t.match((await ann.nextPush('message.created')).data, {
    author: 'system',
    text: 'ann joined',
    kind: 'system',
  });
  const bob = await joinSocket(app, '/ws/rooms/general', 'bob');
  t.match((await ann.nextPush('message.created')).data, { text: 'bob joined', kind: 'system' });
  t.match((await ann.nextPush('presence.joined')).data, {
    room: 'room:general',
    member: { data: { name: 'bob' } },
  });

  const reply = await bob.request('send', { text: 'hi ann' });
  t.equal(reply.type, 'reply');
  t.match(reply.data, { roomId: 'general', author: 'bob', text: 'hi ann', kind: 'user' });
  t.match((await ann.nextPush('message.created')).data, { author: 'bob', text: 'hi ann' });
  t.notOk(
    bob.frames.some(
      (frame) => frame.type === 'message.created' && (frame.data as { text: string }).text === 'hi ann',
    ),
    'the sender gets the reply, not a push',
  );

  bob.send('typing', { typing: true });
  t.match((await ann.nextPush('typing')).data, { name: 'bob', typing: true });
  const members = await ann.request('members');
  t.same(
    (members.data as Array<{ name: string }>).map((member) => member.name),
    ['ann', 'bob'],
  );

  const invalid = await bob.offContract(() => bob.request('send', { text: '' }));
  t.equal(invalid.error?.code, 'HALYARD_ERR_VALIDATION');

  await bob.close();
  t.match((await ann.nextPush('presence.left')).data, { member: { data: { name: 'bob' } } });
  t.match((await ann.nextPush('message.created')).data, { text: 'bob left', kind: 'system' });
  const history = await app.inject({ url: '/api/rooms/general/messages' });
  t.same(
    history.json().messages.map((message: { text: string }) => message.text),
    ['ann joined', 'bob joined', 'hi ann', 'bob left'],
  );
  await ann.close();
});

t.test(
  'unknown room closes with 4404; a missing name is refused with 4400 before any handler runs',
  async (t) => {
    const app = await testChat(t);
    const lost = await joinSocket(app, '/ws/rooms/nowhere', 'ann');
    t.strictSame(await lost.closed, { code: 4404, reason: 'Room "nowhere" not found' });
    // refuseWith: 'close' so a browser can read why: the refused upgrade closes with 4000 + 400
    const nameless = await connectSocket(app, '/ws/rooms/general', { contract: true });
    t.strictSame(await nameless.closed, { code: 4400, reason: 'query failed validation' });
    t.equal(app.halyard.hub.stats().errors['HALYARD_ERR_VALIDATION'], 1);
  },
);

t.test('deleting a room over REST disconnects its members with 4410', async (t) => {
  const app = await testChat(t);
  await app.inject({ method: 'POST', url: '/api/rooms', payload: { id: 'tmp', title: 'Temporary' } });
  const member = await joinSocket(app, '/ws/rooms/tmp', 'ann');
  await member.nextPush('message.created');
  t.equal((await app.inject({ method: 'DELETE', url: '/api/rooms/tmp' })).statusCode, 204);
  t.strictSame(await member.closed, { code: 4410, reason: 'Room deleted' });
});

t.test(
  'send is idempotent per clientId: a request re-sent after a reconnect is stored and pushed once',
  async (t) => {
    const app = await testChat(t);
    const ann = await joinSocket(app, '/ws/rooms/general', 'ann');
    const bob = await joinSocket(app, '/ws/rooms/general', 'bob');
    await ann.next(
      (frame) => frame.type === 'message.created' && (frame.data as { text: string }).text === 'bob joined',
    );

    const first = await bob.request('send', { text: 'only once', clientId: 'msg-0001-abcd' });
    const stored = first.data as { id: string; sentAt: string };
    t.strictSame(first, {
      type: 'reply',
      id: 't1',
      to: 'send',
      data: {
        id: stored.id,
        roomId: 'general',
        author: 'bob',
        text: 'only once',
        kind: 'user',
        sentAt: stored.sentAt,
      },
    });
    // rooms are streams (websocket.streams 'room:*'): every push names its room and position
    const firstPush = await ann.next(
      (frame) => frame.type === 'message.created' && (frame.data as { author: string }).author === 'bob',
    );
    const firstPos = firstPush.pos ?? { offset: 0, epoch: '' };
    t.ok(Number.isInteger(firstPos.offset) && firstPos.offset > 0, 'the push carries its offset');
    t.strictSame(firstPush, {
      type: 'message.created',
      data: first.data,
      room: 'room:general',
      pos: { offset: firstPos.offset, epoch: firstPos.epoch },
    });

    // the connection drops before bob saw the reply; his client re-sends the same request on a new socket
    await bob.close();
    const again = await joinSocket(app, '/ws/rooms/general', 'bob');
    t.strictSame(await again.request('send', { text: 'only once', clientId: 'msg-0001-abcd' }), {
      type: 'reply',
      id: 't1',
      to: 'send',
      data: first.data,
    });
    // the same key from someone else is someone else's message
    const cy = await joinSocket(app, '/ws/rooms/general', 'cy');
    const other = await cy.request('send', { text: 'only once', clientId: 'msg-0001-abcd' });
    t.not((other.data as { id: string }).id, stored.id);
    // pushes are ordered: once cy's message arrived, a duplicate of bob's would have arrived before it
    const otherPush = await ann.next(
      (frame) =>
        frame.type === 'message.created' &&
        (frame.data as { author: string }).author === 'cy' &&
        (frame.data as { kind: string }).kind === 'user',
    );
    const otherPos = otherPush.pos ?? { offset: 0, epoch: '' };
    t.ok(otherPos.offset > firstPos.offset, 'a later push has a later offset');
    t.strictSame(otherPush, {
      type: 'message.created',
      data: other.data,
      room: 'room:general',
      pos: { offset: otherPos.offset, epoch: firstPos.epoch },
    });
    t.equal(
      ann.frames.filter(
        (frame) => frame.type === 'message.created' && (frame.data as { text: string }).text === 'only once',
      ).length,
      2,
      "ann got bob's message once and cy's once",
    );
    const history = await app.inject({ url: '/api/rooms/general/messages' });
    t.strictSame(
      history
        .json()
        .messages.map((message: { author: string; text: string }) => `${message.author}: ${message.text}`),
      [
        'system: ann joined',
        'system: bob joined',
        'bob: only once',
        'system: bob left',
        'system: bob joined',
        'system: cy joined',
        'cy: only once',
      ],
    );

    const bad = await again.offContract(() => again.request('send', { text: 'x', clientId: 'short' }));
    t.equal(bad.type, 'error');
    t.equal(bad.error?.code, 'HALYARD_ERR_VALIDATION');
    await Promise.all([ann.close(), again.close(), cy.close()]);
  },
);
