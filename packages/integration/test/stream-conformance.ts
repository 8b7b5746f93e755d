import 'reflect-metadata';
import type { Test } from 'tap';
import { createApp, type BroadcastAdapter, type StreamPosition } from '@halyard/core';
import type { Frame } from '@halyard/core/testing';
import { connect, type App, type Client } from './helpers/conformance-apps.js';
import { ConformanceSocket } from './helpers/conformance-socket.js';

export interface StreamConformanceOptions {
  /** A fresh adapter; called once per app. */
  readonly makeAdapter: () => BroadcastAdapter | Promise<BroadcastAdapter>;
  /** Whether two apps with their own adapters share one log (Redis: yes; memory: no). */
  readonly crossInstance: boolean;
  /** Loses every stream of the adapters under test, as a Redis flush would (memory: undefined). */
  readonly loseStreams?: () => Promise<void>;
}

/** `stream:*` keeps 5 messages for a minute; `brief:*` keeps 100 for 300 ms. */
export const conformanceStreams = [
  { rooms: 'stream:*', maxCount: 5, maxAgeMs: 60_000 },
  { rooms: 'brief:*', maxCount: 100, maxAgeMs: 300 },
] as const;

interface StreamFrame extends Frame {
  readonly room?: string;
  readonly pos?: StreamPosition;
}

async function makeApp(t: Test, options: StreamConformanceOptions): Promise<App> {
  const app = await createApp({
    controllers: [ConformanceSocket],
    docs: false,
    websocket: { adapter: await options.makeAdapter(), heartbeat: false, streams: conformanceStreams },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  return app;
}

/** Pushes `count` messages to `room` from the hub of `app`, numbered from `from`. */
async function push(app: App, room: string, [from, count]: readonly [number, number]): Promise<void> {
  for (let n = from; n < from + count; n++) await app.halyard.hub.toRoom(room, 'roomed', { n });
}

/** The `roomed` frames received so far, as `[n, offset]`. */
function received(client: Client): Array<[number, number | undefined]> {
  return (client.socket.frames as StreamFrame[])
    .filter((frame) => frame.type === 'roomed')
    .map((frame) => [(frame.data as { n: number }).n, frame.pos?.offset]);
}

async function waitFor(client: Client, count: number): Promise<void> {
  await client.socket.next(
    () => client.socket.frames.filter((frame) => frame.type === 'roomed').length >= count,
  );
}

async function resume(client: Client, rooms: Record<string, StreamPosition>): Promise<Frame> {
  return client.socket.request('$resume', { rooms });
}

/** Resumes `rooms` and returns the data of the next `$reset` whose fields include `expected`. */
async function resetAfterResume(
  client: Client,
  rooms: Record<string, StreamPosition>,
  expected: Record<string, string>,
): Promise<unknown> {
  await resume(client, rooms);
  const reset = await client.socket.next(
    (frame) =>
      frame.type === '$reset' &&
      Object.entries(expected).every(
        ([key, value]) => (frame.data as Record<string, unknown>)[key] === value,
      ),
  );
  return reset.data;
}

/**
 * Room streams on every adapter that has them: positions on pushes, replay after a position on
 * any instance, the window (count and age) and a lost log (epoch), all through real apps and `ws`
 * clients speaking the documented `$resume` / `$resumed` / `$reset` frames.
 */
export function streamConformance(t: Test, name: string, options: StreamConformanceOptions): void {
  t.test(`${name} streams: pushes carry consecutive positions; hub.position is the last`, async (t) => {
    const app = await makeApp(t, options);
    const start = await app.halyard.hub.position('stream:positions');
    t.equal(start.offset, 0, 'offset 0 before the first message');
    t.match(start.epoch, /^[A-Za-z0-9]{1,64}$/);
    const a = await connect(app, 'a', ['stream:positions', 'plain']);
    await push(app, 'stream:positions', [1, 3]);
    await app.halyard.hub.toRoom('plain', 'plained', { n: 1 });
    await waitFor(a, 3);
    const frames = (a.socket.frames as StreamFrame[]).filter((frame) => frame.type === 'roomed');
    t.strictSame(
      frames.map((frame) => ({ room: frame.room, pos: frame.pos, data: frame.data })),
      [1, 2, 3].map((n) => ({
        room: 'stream:positions',
        pos: { offset: n, epoch: start.epoch },
        data: { n },
      })),
    );
    const plain = await a.socket.nextPush('plained');
    t.strictSame(plain, { type: 'plained', data: { n: 1 } }, 'a room that is not a stream: no room, no pos');
    t.strictSame(await app.halyard.hub.position('stream:positions'), { offset: 3, epoch: start.epoch });
    await t.rejects(app.halyard.hub.position('plain'), {
      code: 'HALYARD_ERR_WS_NOT_A_STREAM',
      message: 'hub.position("plain"): the room matches no websocket.streams pattern',
    });
  });

  t.test(`${name} streams: a resume replays exactly the missed messages, in order, then live`, async (t) => {
    const apps = [await makeApp(t, options), await makeApp(t, options)] as const;
    const away = await connect(apps[0], 'away', ['stream:replay']);
    await push(apps[0], 'stream:replay', [1, 2]);
    await waitFor(away, 2);
    const last = (away.socket.frames as StreamFrame[]).filter((frame) => frame.type === 'roomed')[1]?.pos;
    away.socket.raw.terminate();
    await push(apps[0], 'stream:replay', [3, 3]);
    // Back on the other instance when instances share the log, else on the same one.
    const back = await connect(options.crossInstance ? apps[1] : apps[0], 'back', ['stream:replay']);
    const reply = await resume(back, { 'stream:replay': last! });
    t.strictSame(reply.data, { rooms: { 'stream:replay': 'replaying' } });
    const resumed = await back.socket.nextPush('$resumed');
    t.strictSame(resumed.data, {
      room: 'stream:replay',
      position: { offset: 5, epoch: last!.epoch },
      replayed: 3,
    });
    await push(apps[0], 'stream:replay', [6, 1]);
    await waitFor(back, 4);
    t.strictSame(received(back), [
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
  });

  t.test(`${name} streams: a resume for a room not joined yet replays at the join`, async (t) => {
    const app = await makeApp(t, options);
    await push(app, 'stream:later', [1, 3]);
    const client = await connect(app, 'later');
    const reply = await resume(client, { 'stream:later': (await positionAt(app, 'stream:later', 1))! });
    t.strictSame(reply.data, { rooms: { 'stream:later': 'pending' } });
    t.strictSame(received(client), [], 'nothing before the join');
    await client.socket.request('join', { room: 'stream:later' });
    await client.socket.nextPush('$resumed');
    t.strictSame(received(client), [
      [2, 2],
      [3, 3],
    ]);
  });

  t.test(`${name} streams: a position out of the window gets $reset, by count and by age`, async (t) => {
    const app = await makeApp(t, options);
    const start = await app.halyard.hub.position('stream:window');
    await push(app, 'stream:window', [1, 8]);
    const client = await connect(app, 'late', ['stream:window', 'brief:window']);
    await resume(client, { 'stream:window': { offset: 2, epoch: start.epoch } });
    const reset = await client.socket.nextPush('$reset');
    t.strictSame(reset.data, {
      room: 'stream:window',
      reason: 'expired',
      position: { offset: 8, epoch: start.epoch },
    });
    await resume(client, { 'stream:window': { offset: 3, epoch: start.epoch } });
    await client.socket.nextPush('$resumed');
    t.strictSame(
      received(client).map(([n]) => n),
      [4, 5, 6, 7, 8],
      'the last maxCount (5) are kept',
    );

    const brief = await app.halyard.hub.position('brief:window');
    await push(app, 'brief:window', [1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 450));
    t.strictSame(await resetAfterResume(client, { 'brief:window': brief }, { room: 'brief:window' }), {
      room: 'brief:window',
      reason: 'expired',
      position: { offset: 2, epoch: brief.epoch },
    });
    const ahead = { 'stream:window': { offset: 99, epoch: start.epoch } };
    t.strictSame(await resetAfterResume(client, ahead, { reason: 'ahead' }), {
      room: 'stream:window',
      reason: 'ahead',
      position: { offset: 8, epoch: start.epoch },
    });
  });

  t.test(`${name} streams: a lost log changes the epoch and resumes get $reset`, async (t) => {
    const first = await makeApp(t, options);
    await push(first, 'stream:epoch', [1, 2]);
    const before = await first.halyard.hub.position('stream:epoch');
    let app = first;
    if (options.loseStreams) await options.loseStreams();
    else {
      // The memory log lives in the adapter: a restarted app starts a new one.
      await first.close();
      app = await makeApp(t, options);
    }
    await push(app, 'stream:epoch', [1, 1]);
    const after = await app.halyard.hub.position('stream:epoch');
    t.not(after.epoch, before.epoch, 'a new epoch');
    t.equal(after.offset, 1, 'counting again from the start');
    const client = await connect(app, 'epoch', ['stream:epoch']);
    await resume(client, { 'stream:epoch': before });
    const reset = await client.socket.nextPush('$reset');
    t.strictSame(reset.data, { room: 'stream:epoch', reason: 'epoch', position: after });
    t.strictSame(received(client), [], 'nothing replayed across epochs');
  });

  t.test(`${name} streams: bad $resume frames get a coded error; other rooms a reset`, async (t) => {
    const app = await makeApp(t, options);
    const client = await connect(app, 'bad', ['plain']);
    const cases: Array<[unknown, string]> = [
      [null, 'data must be { "rooms": { "<room>": { "offset", "epoch" } } }'],
      [{ rooms: [] }, '"rooms" must be an object of room name to { "offset", "epoch" }'],
      [
        { rooms: { 'stream:x': { offset: -1, epoch: 'e' } } },
        '"stream:x": offset must be a whole number >= 0 and epoch 1-64 letters or digits',
      ],
      [
        { rooms: { 'stream:x': { offset: 1, epoch: 'not an epoch' } } },
        '"stream:x": offset must be a whole number >= 0 and epoch 1-64 letters or digits',
      ],
      [
        {
          rooms: Object.fromEntries(
            Array.from({ length: 101 }, (_, i) => [`stream:${i}`, { offset: 0, epoch: 'e' }]),
          ),
        },
        'at most 100 rooms per $resume',
      ],
    ];
    for (const [data, message] of cases) {
      const answer = await client.socket.request('$resume', data);
      t.strictSame(answer, {
        type: 'error',
        id: answer.id,
        error: { code: 'HALYARD_ERR_WS_RESUME_INVALID', message },
      });
    }
    const reply = await resume(client, { plain: { offset: 1, epoch: 'e' } });
    t.strictSame(reply.data, { rooms: { plain: 'reset' } });
    const reset = await client.socket.nextPush('$reset');
    t.strictSame(reset.data, { room: 'plain', reason: 'not-a-stream' });
  });
}

/** The position of the `offset`-th message of a room, as a client that received it would hold it. */
async function positionAt(app: App, room: string, offset: number): Promise<StreamPosition | undefined> {
  const { epoch } = await app.halyard.hub.position(room);
  return { offset, epoch };
}
