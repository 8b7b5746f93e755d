import { fileURLToPath } from 'node:url';
import t from 'tap';
import WebSocket from 'ws';
import { TestSocket, type Frame } from '@halyard/core/testing';
import { ForkedNode } from './helpers/forked-node.js';
import { RedisServer } from './helpers/redis-server.js';
import { uniquePrefix } from './helpers/redis-test-keys.js';
import { waitFor } from './helpers/wait.js';

// Three chat processes on one private Redis, `room:*` kept as streams: what a client cut off
// (no close handshake), a crashed instance or a Redis restarted empty means for resume.
const fixture = fileURLToPath(new URL('../fixtures/cluster-node.mjs', import.meta.url));

interface Position {
  readonly offset: number;
  readonly epoch: string;
}

type StreamFrame = Frame & { readonly room?: string; readonly pos?: Position };

class Node extends ForkedNode {
  constructor(name: string, env: Record<string, string>) {
    super(fixture, { name, env: { ...env, INSTANCE_ID: name, LOG_LEVEL: 'warn', STREAMS: 'room:*' } });
  }

  status(): Promise<{ available: boolean }> {
    return this.getJson('/test/status');
  }

  say(text: string): Promise<void> {
    return this.post('/test/room', {
      room: 'room:general',
      type: 'message.created',
      data: { kind: 'user', text },
    });
  }
}

async function open(node: Node, name: string, resume?: Position): Promise<TestSocket> {
  const raw = new WebSocket(`ws://127.0.0.1:${node.port}/ws/rooms/general?name=${name}`);
  const socket = new TestSocket(raw);
  await new Promise<void>((resolve, reject) => {
    raw.once('open', () => resolve());
    raw.once('error', reject);
  });
  // First frame, as @halyard/client sends it after a reconnect.
  if (resume) socket.send('$resume', { rooms: { 'room:general': resume } });
  return socket;
}

/** The last position `socket` saw in room:general. */
function lastPosition(socket: TestSocket): Position | undefined {
  const positioned = (socket.frames as StreamFrame[]).filter(
    (frame) => frame.room === 'room:general' && frame.pos,
  );
  return positioned.at(-1)?.pos;
}

/** The user texts at offsets after `since.offset`, in the order they arrived. */
function userTextsAfter(socket: TestSocket, since: Position): Array<[number, string]> {
  return (socket.frames as StreamFrame[])
    .filter(
      (frame) =>
        frame.pos && frame.pos.offset > since.offset && (frame.data as { kind?: string }).kind === 'user',
    )
    .map((frame) => [frame.pos!.offset, (frame.data as { text: string }).text]);
}

t.test('resume across instances on the real Redis', async (t) => {
  const redis = await RedisServer.start();
  t.teardown(() => redis.kill());
  const env = { REDIS_URL: redis.url, REDIS_PREFIX: uniquePrefix('resume') };
  const nodes = [new Node('a', env), new Node('b', env), new Node('c', env)] as const;
  t.teardown(() => Promise.all(nodes.map((node) => node.kill('SIGTERM'))));
  await Promise.all(nodes.map((node) => node.ready()));
  const [a, b, c] = nodes;

  t.test(
    'cut off on a, 100 messages from b and c, resumed on b: exactly those, in order, once',
    async (t) => {
      const first = await open(a, 'ann');
      await first.next((frame) => (frame.data as { text?: string }).text === 'ann joined');
      const since = lastPosition(first)!;
      t.ok(since, 'the join announcement carried a position');
      first.raw.terminate();
      for (let n = 0; n < 100; n++) await (n % 2 === 0 ? b : c).say(`m${n}`);
      const back = await open(b, 'ann', since);
      const resumed = await back.nextPush('$resumed');
      const { room, replayed } = resumed.data as { room: string; replayed: number };
      t.equal(room, 'room:general');
      // The 100, plus the chat's own "ann left" / "ann joined" announcements of the same room.
      t.ok(replayed >= 100, `${replayed} replayed`);
      const got = userTextsAfter(back, since);
      t.strictSame(
        got.map(([, text]) => text),
        Array.from({ length: 100 }, (_, n) => `m${n}`),
        'each of the 100 once, in order',
      );
      // The chat's "ann left" (after the cut) sits among them: offsets rise, none repeats.
      t.ok(
        got.every(([offset], index) => index === 0 || offset > got[index - 1]![0]),
        'offsets strictly increasing',
      );
      await back.close();
    },
  );

  t.test('an instance killed with SIGKILL: its client resumes on another with nothing lost', async (t) => {
    const doomed = await open(c, 'cid');
    await doomed.next((frame) => (frame.data as { text?: string }).text === 'cid joined');
    const since = lastPosition(doomed)!;
    await c.kill('SIGKILL');
    for (let n = 0; n < 10; n++) await a.say(`k${n}`);
    const back = await open(a, 'cid', since);
    await back.nextPush('$resumed');
    t.strictSame(
      userTextsAfter(back, since),
      Array.from({ length: 10 }, (_, n): [number, string] => [since.offset + n + 1, `k${n}`]),
    );
    await back.close();
  });

  t.test('Redis restarted empty: every resuming client gets $reset, never a silent gap', async (t) => {
    const before = await open(a, 'rex');
    await before.next((frame) => (frame.data as { text?: string }).text === 'rex joined');
    const since = lastPosition(before)!;
    before.raw.terminate();
    await redis.kill();
    await redis.restart();
    await waitFor(
      'both instances on the new Redis',
      async () => (await a.status()).available && (await b.status()).available,
      {
        timeoutMs: 20_000,
      },
    );
    await b.say('after the flush');
    const clients = await Promise.all([open(a, 'rex', since), open(b, 'rey', since)]);
    for (const client of clients) {
      const reset = await client.nextPush('$reset');
      const data = reset.data as { room: string; reason: string; position: Position };
      t.strictSame([data.room, data.reason], ['room:general', 'epoch']);
      t.not(data.position.epoch, since.epoch, 'a new epoch');
      t.strictSame(
        client.frames.filter((frame) => frame.type === '$resumed'),
        [],
        'no $resumed: nothing is passed off as complete',
      );
      await client.close();
    }
  });
});
