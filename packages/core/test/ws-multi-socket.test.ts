import 'reflect-metadata';
import t, { type Test } from 'tap';
import { Hub } from '../src/index.js';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { expectUpgradeInvalid } from './fixtures/upgrade-refusals.js';
import { GameLog, GameSocket, TokenGuard } from './fixtures/socket-controllers.js';
import { createQuietApp } from './helpers/logged-app.js';

async function setup(t: Test) {
  const app = await createQuietApp(t, {
    controllers: [GameSocket],
    providers: [GameLog, TokenGuard],
  });
  return { app, log: await app.halyard.get(GameLog), hub: await app.halyard.get(Hub) };
}

t.test('guards run before the upgrade: 401 and 403 answers, no socket opened', async (t) => {
  const { app, hub } = await setup(t);
  const noToken = await expectUpgradeRejected(app, '/game/1', { query: { name: 'ann' } });
  t.equal(noToken.status, 401);
  t.strictSame(noToken.body, {
    type: 'about:blank',
    title: 'Unauthorized',
    status: 401,
    detail: 'token query parameter required',
    instance: '/game/1',
    code: 'HALYARD_ERR_UNAUTHORIZED',
  });
  const banned = await expectUpgradeRejected(app, '/game/1', { query: { name: 'ann', token: 'banned' } });
  t.equal(banned.status, 403);
  t.equal(banned.body['code'], 'HALYARD_ERR_FORBIDDEN');
  t.equal(banned.body['detail'], 'Access denied by TokenGuard');
  t.equal(hub.stats().connectionsTotal, 0);
});

t.test('query DTO of the upgrade is validated before the upgrade: 400 with field errors', async (t) => {
  const { app } = await setup(t);
  await expectUpgradeInvalid(t, app, {
    query: { name: 'a', side: 'green', token: 'x', extra: '1' },
    path: '/game/1',
    errors: [
      {
        in: 'query',
        path: 'extra',
        constraint: 'whitelistValidation',
        message: 'property extra should not exist',
      },
      {
        in: 'query',
        path: 'name',
        constraint: 'isLength',
        message: 'name must be longer than or equal to 2 characters',
      },
      {
        in: 'query',
        path: 'side',
        constraint: 'isIn',
        message: 'side must be one of the following values: white, black',
      },
    ],
  });
});

t.test('@OnConnect rejections close with their codes', async (t) => {
  const { app, hub } = await setup(t);
  const closed = await connectSocket(app, '/game/closed', { query: { name: 'ann', token: 'a' } });
  t.strictSame(await closed.closed, { code: 4004, reason: 'No such game' });
  const privateGame = await connectSocket(app, '/game/private', { query: { name: 'ann', token: 'a' } });
  t.strictSame(await privateGame.closed, { code: 4403, reason: 'Private game' });
  const admin = await connectSocket(app, '/game/private', { query: { name: 'ann', token: 'admin' } });
  t.equal((await admin.request('move', { x: 1, y: 2 })).type, 'reply');
  await admin.close();
  const broken = await connectSocket(app, '/game/broken', { query: { name: 'ann', token: 'a' } });
  t.strictSame(await broken.closed, { code: 1011, reason: 'Internal server error' });
  t.same(hub.stats().errors, { CLOSE_4004: 1, PRIVATE: 1, HALYARD_ERR_INTERNAL: 1 });
});

t.test('dispatch by type, typed replies, pushes, presence and lifecycle', async (t) => {
  const { app, hub, log } = await setup(t);
  const ann = await connectSocket(app, '/game/7', { query: { name: 'ann', token: 'a', side: 'black' } });
  // the first frame Ann could see is Bob's arrival: her own connect produced none for her
  const bob = await connectSocket(app, '/game/7', { query: { name: 'bob', token: 'b' } });

  t.strictSame(await ann.nextPush('player.joined'), { type: 'player.joined', data: { name: 'bob' } });
  const presence = await ann.nextPush('presence.joined');
  t.same(presence.data, { room: 'game:7', member: { id: hub.connections()[1]?.id, data: { name: 'bob' } } });

  t.strictSame(await bob.request('move', { x: 1, y: 2 }), {
    type: 'reply',
    id: 't1',
    to: 'move',
    data: { status: 'ok', turn: 1 },
  });
  t.strictSame(await bob.request('move', { x: 3, y: 3 }), {
    type: 'reply',
    id: 't2',
    to: 'move',
    data: { status: 'illegal', turn: 1 },
  });
  t.strictSame(await bob.request('move', { x: 9, y: 0 }), {
    type: 'error',
    id: 't3',
    error: {
      code: 'HALYARD_ERR_VALIDATION',
      message: 'message failed validation',
      details: [{ in: 'message', path: 'x', constraint: 'max', message: 'x must not be greater than 7' }],
    },
  });
  // an async handler without a reply acknowledges a request with data null
  t.strictSame(await bob.request('slow', { x: 0, y: 0 }), {
    type: 'reply',
    id: 't4',
    to: 'slow',
    data: null,
  });
  // metadata set at connect, named query value converted per message
  t.strictSame((await ann.request('side')).data, 'black/black');
  t.strictSame((await bob.request('side')).data, 'white/none');
  t.strictSame(await bob.request(undefined, {}), {
    type: 'error',
    id: 't6',
    error: {
      code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
      message: 'Missing "type": this socket dispatches messages by type',
    },
  });

  t.same(
    (await hub.roomMembers('game:7')).map((member) => member.data),
    [{ name: 'ann' }, { name: 'bob' }],
  );
  t.strictSame(await hub.rooms(), ['game:7']);
  await bob.request('leave');
  t.same((await ann.nextPush('presence.left')).data, {
    room: 'game:7',
    member: { id: hub.connections()[1]?.id, data: { name: 'bob' } },
  });
  t.same(
    (await hub.roomMembers('game:7')).map((member) => member.data),
    [{ name: 'ann' }],
  );

  await bob.close(4100, 'bye now');
  await ann.close();
  await t.resolves(waitFor(() => log.events.length === 5));
  t.strictSame(log.events, [
    'connect ann user-a',
    'connect bob user-b',
    'slow 0 done',
    'disconnect bob 4100 bye now',
    'disconnect ann 1000 ',
  ]);
});

t.test(
  'rate limit: error frame with retryAfterMs, then close 1008 after closeAfter violations in a row',
  async (t) => {
    const { app, hub } = await setup(t);
    const socket = await connectSocket(app, '/game/rl', { query: { name: 'ann', token: 'a' } });
    for (let index = 0; index < 13; index++) socket.send('move', { x: 1, y: 2 }, index);
    const replies = await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((id) => socket.next((frame) => frame.id === id)),
    );
    t.ok(
      replies.every((frame) => frame.type === 'reply'),
      'the burst passes',
    );
    const limited = await socket.next((frame) => frame.type === 'error');
    t.equal(limited.error?.code, 'HALYARD_ERR_WS_RATE_LIMITED');
    t.match(limited.error?.message, /^Rate limit exceeded; retry after \d+ ms$/);
    t.ok((limited.error?.details as { retryAfterMs: number }).retryAfterMs > 0);
    t.strictSame(await socket.closed, { code: 1008, reason: 'Rate limit exceeded' });
    t.equal(hub.stats().errors['HALYARD_ERR_WS_RATE_LIMITED'], 3);
  },
);

async function waitFor(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
