import 'reflect-metadata';
import t from 'tap';
import type { PresenceMember } from '@halyard/core';
import type { Frame } from '@halyard/core/testing';
import { redisAdapter } from '@halyard/redis';
import { ack, connect, makeApp, member, type Client } from './helpers/conformance-apps.js';
import { Level, LogCapture } from './helpers/log-capture.js';
import { RedisServer } from './helpers/redis-server.js';
import { uniquePrefix } from './helpers/redis-test-keys.js';
import { delay, waitFor } from './helpers/wait.js';

// A real restart, unlike the TCP cut in redis-failure.test.ts: the server is SIGKILLed mid-traffic
// and started again empty (no persistence), so every key and every cached Lua script is gone.

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

const presence = (kind: 'joined' | 'left', room: string, client: Client): Frame => ({
  type: `presence.${kind}`,
  data: { room, member: member(client) },
});

/** The `roomed` texts a client was pushed, in order. */
const roomed = (client: Client): string[] =>
  client.socket.frames
    .filter((frame) => frame.type === 'roomed')
    .map((frame) => (frame.data as { text: string }).text);

const presenceFrames = (client: Client, from = 0): Frame[] =>
  client.socket.frames.slice(from).filter((frame) => frame.type.startsWith('presence.'));

/** Deduplicated `code`s of the warn-and-above lines, sorted. */
const codesOf = (logs: LogCapture): string[] =>
  [...new Set(logs.lines.filter((line) => line.level >= Level.warn).map((line) => String(line.code)))].sort();

/** Member ids a client ends with when it starts from `initial` and applies every presence event it was pushed. */
function following(client: Client, initial: readonly Client[]): string[] {
  const ids = new Set(initial.map((entry) => entry.id));
  for (const frame of presenceFrames(client)) {
    const id = (frame.data as { member: PresenceMember }).member.id;
    if (frame.type === 'presence.joined') ids.add(id);
    else ids.delete(id);
  }
  return [...ids].sort();
}

const counter = (stats: Record<string, string>, key: string, field: string): number =>
  Number(new RegExp(`(?:^|,)${field}=(\\d+)`).exec(stats[key] ?? '')?.[1] ?? 0);

t.test(
  'Redis killed mid-traffic and restarted empty: recovery, NOSCRIPT fallback, exact presence',
  async (t) => {
    const redis = await RedisServer.start();
    t.teardown(() => redis.kill());
    const runId = (await redis.info('server'))['run_id'];
    const keyPrefix = uniquePrefix('restart');
    const logsA = new LogCapture();
    const logsB = new LogCapture();
    const adapterA = redisAdapter({ url: redis.url, keyPrefix, instanceId: 'A' });
    const adapterB = redisAdapter({ url: redis.url, keyPrefix, instanceId: 'B' });
    const appA = await makeApp(t, adapterA, logsA);
    const appB = await makeApp(t, adapterB, logsB);
    const a1 = await connect(appA, 'a1', ['room']);
    const a2 = await connect(appA, 'a2', ['room']);
    const b1 = await connect(appB, 'b1', ['room']);
    await ack(t, a1, { type: 'room', data: { room: 'room', text: 'before' } });
    await waitFor('b1 to get "before"', () => roomed(b1).includes('before'));

    // Traffic from a1 (A) and b1 (B) runs through the kill and the restart.
    let running = true;
    let sent = 0;
    const replies: string[] = [];
    const traffic = (async () => {
      for (; running; sent++) {
        const reply = await a1.socket.request('room', { room: 'room', text: `t${sent}` });
        replies.push(`${reply.type}:${String(reply.data)}`);
        await delay(10);
      }
    })();
    await waitFor('some traffic to cross', () => roomed(b1).length >= 5);

    await redis.kill();
    await waitFor('both adapters to notice', () => !adapterA.available && !adapterB.available);
    const sentAtKill = sent;
    await waitFor('local delivery during the outage', () => roomed(a2).length >= sentAtKill + 5);
    // Presence changes nobody else can hear of yet: a2 leaves on A, b2 joins on B.
    await ack(t, a2, { type: 'leave', data: { room: 'room' } });
    const b2 = await connect(appB, 'b2', ['room']);
    t.strictSame(await appA.halyard.hub.roomMembers('room'), [member(a1)], 'A answers with its own members');
    t.strictSame(await appB.halyard.hub.roomMembers('room'), [member(b1), member(b2)]);
    t.strictSame(
      [a1, a2, b1, b2].map((client) => client.socket.isOpen),
      [true, true, true, true],
      'no socket dropped',
    );

    const b1Mark = b1.socket.frames.length;
    const a1Mark = a1.socket.frames.length;
    await redis.restart();
    t.not(
      (await redis.info('server'))['run_id'],
      runId,
      'a new server process (no persistence: nothing was kept)',
    );
    await waitFor(
      'both adapters to reconnect and resubscribe',
      () => adapterA.available && adapterB.available,
      {
        timeoutMs: 15_000,
      },
    );
    await waitFor('presence to re-sync', async () => {
      const [onA, onB] = await Promise.all([
        appA.halyard.hub.roomMembers('room'),
        appB.halyard.hub.roomMembers('room'),
      ]);
      return onA.length === 3 && onB.length === 3;
    });
    const all = [member(a1), member(b1), member(b2)];
    t.strictSame(await appA.halyard.hub.roomMembers('room'), all, 'A lists exactly the live members');
    t.strictSame(await appB.halyard.hub.roomMembers('room'), all, 'B lists exactly the live members');
    t.strictSame(await appB.halyard.hub.rooms(), ['room']);

    // Cross-instance delivery resumed both ways.
    const sentAtRestart = sent;
    await waitFor('A → B again', () => roomed(b1).includes(`t${sentAtRestart + 2}`), { timeoutMs: 15_000 });
    await ack(t, b2, { type: 'room', data: { room: 'room', text: 'from b2' } });
    await waitFor('B → A again', () => roomed(a1).includes('from b2'));
    running = false;
    await traffic;
    t.strictSame(
      replies,
      Array.from({ length: sent }, () => 'reply:null'),
      `a1's ${sent} sends were all acknowledged`,
    );
    const traffic1 = (client: Client): string[] => roomed(client).filter((text) => /^t\d+$/.test(text));
    t.strictSame(traffic1(a1), [], 'a1 never gets its own messages');
    t.strictSame(
      traffic1(a2),
      traffic1(a2).map((_text, index) => `t${index}`),
      'a2 (same instance) got every message until it left, in order, through the outage',
    );
    const atB = traffic1(b1);
    t.equal(new Set(atB).size, atB.length, 'nothing reached B twice');
    t.ok(atB.length < sent, `B missed what was sent while Redis was down (${atB.length} of ${sent})`);
    t.strictSame(atB.slice(-3), [`t${sent - 3}`, `t${sent - 2}`, `t${sent - 1}`], 'B got the latest ones');

    // A client that follows the presence events ends with exactly the live members: a2's departure
    // reaches B although Redis forgot it, and what was published while the other instance was still
    // reconnecting is caught up (repeats are possible, so the events are applied as a set).
    await ack(t, b1, { type: 'broadcast', data: { text: 'barrier' } });
    await waitFor('the barrier on A', () => a1.socket.frames.some((frame) => frame.type === 'broadcasted'));
    t.strictSame(
      following(b1, [a1, a2, b1]),
      [a1, b1, b2].map((client) => client.id).sort(),
      'b1 (joined after a1 and a2) follows the events to exactly a1, b1, b2',
    );
    t.strictSame(following(a1, [a1]), [a1, b1, b2].map((client) => client.id).sort(), 'so does a1');
    t.ok(
      presenceFrames(b1, b1Mark).some(
        (frame) => JSON.stringify(frame) === JSON.stringify(presence('left', 'room', a2)),
      ),
      'b1 was told that a2 left',
    );
    t.ok(
      presenceFrames(a1, a1Mark).some(
        (frame) => JSON.stringify(frame) === JSON.stringify(presence('joined', 'room', b2)),
      ),
      'a1 was told that b2 (joined on B during the outage) joined',
    );

    // The EVALSHA calls after the restart met an empty script cache and fell back to EVAL.
    const errors = await redis.info('errorstats');
    const commands = await redis.info('commandstats');
    t.ok(counter(errors, 'errorstat_NOSCRIPT', 'count') >= 1, 'NOSCRIPT after the restart');
    t.equal(
      counter(commands, 'cmdstat_evalsha', 'failed_calls'),
      counter(errors, 'errorstat_NOSCRIPT', 'count'),
      'the only failed EVALSHAs are the NOSCRIPT ones',
    );
    t.ok(counter(commands, 'cmdstat_eval', 'calls') >= 1, 'answered by EVAL');
    // (errorstat_ERR also counts ioredis' CLIENT SETINFO, which Redis < 7.2 does not know; no command of ours.)
    t.strictSame(
      Object.keys(commands).filter(
        (key) =>
          key !== 'cmdstat_evalsha' &&
          (counter(commands, key, 'failed_calls') > 0 || counter(commands, key, 'rejected_calls') > 0),
      ),
      [],
      'no other command failed',
    );

    // Exactly one NOSCRIPT → EVAL for one presence write after a SCRIPT FLUSH.
    await redis.command(async (client) => {
      await client.config('RESETSTAT');
      await client.script('FLUSH');
    });
    const b3 = await connect(appB, 'b3', ['room']);
    const b3Joined = presence('joined', 'room', b3);
    await waitFor('a1 to hear of b3', () =>
      a1.socket.frames.some((frame) => JSON.stringify(frame) === JSON.stringify(b3Joined)),
    );
    t.strictSame(
      {
        noscript: counter(await redis.info('errorstats'), 'errorstat_NOSCRIPT', 'count'),
        eval: counter(await redis.info('commandstats'), 'cmdstat_eval', 'calls'),
      },
      { noscript: 1, eval: 1 },
    );

    for (const [name, logs] of [
      ['A', logsA],
      ['B', logsB],
    ] as const) {
      t.equal(logs.withCode('HALYARD_ERR_REDIS_CONNECTION_LOST').length, 1, `${name} logged the loss once`);
      t.strictSame(
        logs.lines
          .filter((line) => line.msg.startsWith('connected to Redis; cross-instance delivery resumed'))
          .map(({ level }) => level),
        [Level.info],
        `${name} logged the recovery once`,
      );
      t.strictSame(
        logs.lines.filter((line) => line.level >= Level.warn && line.code === undefined),
        [],
        `${name}: every warning and error carries a code`,
      );
    }
    t.strictSame(codesOf(logsA), [
      'HALYARD_ERR_REDIS_CONNECTION_LOST',
      'HALYARD_ERR_REDIS_PRESENCE_FAILED',
      'HALYARD_ERR_REDIS_PUBLISH_FAILED',
    ]);
    t.strictSame(codesOf(logsB), ['HALYARD_ERR_REDIS_CONNECTION_LOST', 'HALYARD_ERR_REDIS_PRESENCE_FAILED']);
    t.strictSame(unhandled, [], 'no unhandled rejection');
  },
);
