import 'reflect-metadata';
import t from 'tap';
import { testChat, joinSocket } from './helpers/test-chat.js';

const stroke = (id: string) => ({
  id,
  color: '#ff0066',
  width: 4,
  points: [
    { x: 0.1, y: 0.2 },
    { x: 0.3, y: 0.4 },
  ],
});

t.test(
  'strokes reach the other members and late joiners; cursors are relayed; clear empties the board',
  async (t) => {
    const app = await testChat(t);
    const ann = await joinSocket(app, '/ws/boards/team', 'ann');
    t.strictSame(await ann.nextPush('board.snapshot'), { type: 'board.snapshot', data: { strokes: [] } });
    const bob = await joinSocket(app, '/ws/boards/team', 'bob');
    await bob.nextPush('board.snapshot');

    t.strictSame(await ann.request('stroke', stroke('s1')), {
      type: 'reply',
      id: 't1',
      to: 'stroke',
      data: null,
    });
    t.strictSame((await bob.nextPush('stroke.drawn')).data, { ...stroke('s1'), author: 'ann' });
    t.notOk(
      ann.frames.some((frame) => frame.type === 'stroke.drawn'),
      'the author does not get its own stroke back',
    );

    bob.send('cursor', { x: 0.5, y: 0.25 });
    t.match((await ann.nextPush('cursor.moved')).data, { name: 'bob', x: 0.5, y: 0.25 });

    const late = await joinSocket(app, '/ws/boards/team', 'cy');
    t.strictSame((await late.nextPush('board.snapshot')).data, {
      strokes: [{ ...stroke('s1'), author: 'ann' }],
    });

    const invalid = await bob.offContract(() =>
      bob.request('stroke', { ...stroke('s2'), color: 'red', points: [{ x: 2, y: 0 }] }),
    );
    t.same(
      (invalid.error?.details as Array<{ path: string; constraint: string }>).map(
        (error) => `${error.path}:${error.constraint}`,
      ),
      ['color:isHexColor', 'points.0.x:max'],
    );

    await bob.request('clear');
    t.strictSame((await late.nextPush('board.cleared')).data, { name: 'bob' });
    const fresh = await joinSocket(app, '/ws/boards/team', 'dee');
    t.strictSame((await fresh.nextPush('board.snapshot')).data, { strokes: [] });
    for (const socket of [ann, bob, late, fresh]) await socket.close();
  },
);
