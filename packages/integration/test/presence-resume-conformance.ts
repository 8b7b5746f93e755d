import 'reflect-metadata';
import type { Test } from 'tap';
import { createApp, type BroadcastAdapter, type PresenceMember } from '@halyard/core';
import { connectSocket, type Frame } from '@halyard/core/testing';
import { connect, member, type App, type Client } from './helpers/conformance-apps.js';
import { ConformanceSocket } from './helpers/conformance-socket.js';

export interface PresenceResumeOptions {
  /** A fresh adapter; called once per app. */
  readonly makeAdapter: () => BroadcastAdapter | Promise<BroadcastAdapter>;
  /** Whether the resumed connection may land on a second app (Redis: yes; memory: one app). */
  readonly crossInstance: boolean;
}

async function makeApp(t: Test, options: PresenceResumeOptions): Promise<App> {
  const app = await createApp({
    controllers: [ConformanceSocket],
    docs: false,
    websocket: {
      adapter: await options.makeAdapter(),
      heartbeat: false,
      streams: [{ rooms: 'stream:*' }],
    },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  return app;
}

const tokenOf = (client: Client): string => {
  const session = client.socket.frames.find((frame) => frame.type === '$session');
  return (session?.data as { token: string }).token;
};

const byId = (a: PresenceMember, b: PresenceMember): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Presence frames `client` got about `id`, as `kind room`. */
const presenceAbout = (client: Client, id: string): string[] =>
  client.socket.frames
    .filter((frame: Frame) => frame.type.startsWith('presence.'))
    .map((frame) => frame as Frame & { data: { room: string; member: { id: string } } })
    .filter((frame) => frame.data.member.id === id)
    .map((frame) => `${frame.type} ${frame.data.room}`);

/**
 * Presence after a resume (docs/delivery.md#presence-after-a-resume): a client whose socket died
 * unnoticed reconnects with its `$session` token, on another instance where there is one; it
 * continues as the same member, so the others hear nothing for the rooms it rejoined and `left`
 * for the rest, and the member list it reads is the live set, without its own ghost.
 */
export function presenceResumeConformance(t: Test, name: string, options: PresenceResumeOptions): void {
  t.test(`${name} presence: a resumed connection keeps its id, its rooms carry on silently`, async (t) => {
    const a = await makeApp(t, options);
    const b = options.crossInstance ? await makeApp(t, options) : a;
    const observer = await connect(a, 'o', ['stream:p', 'side']);
    const before = await connect(a, 'r', ['stream:p', 'side']);
    const token = tokenOf(before);
    t.match(
      token,
      /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/,
      'the first frame of a stream app is $session { token }',
    );
    t.equal(before.socket.frames[0]?.type, '$session');
    await observer.socket.next(
      (frame) => frame.type === 'presence.joined' && (frame.data as { room: string }).room === 'side',
    );

    // `before` is never closed: its instance still counts it as a member, as after a cut cable.
    const socket = await connectSocket(b, '/conformance', {
      query: { name: 'r', rooms: 'stream:p', halyard_session: token },
    });
    const welcome = await socket.nextPush('welcome');
    t.equal((welcome.data as { id: string }).id, before.id, 'the resumed connection has the old id');
    const fresh = socket.frames.find((frame) => frame.type === '$session');
    t.not((fresh?.data as { token?: string } | undefined)?.token, undefined, 'and a token of its own');
    t.equal((await before.socket.closed).code, 1006, 'the old socket is dropped by its instance');
    // The room the resumed @OnConnect did not join again is left, after the rejoined one was settled.
    await observer.socket.next(
      (frame) =>
        frame.type === 'presence.left' &&
        (frame.data as { room: string; member: { id: string } }).room === 'side',
    );
    t.strictSame(
      presenceAbout(observer, before.id),
      ['presence.joined stream:p', 'presence.joined side', 'presence.left side'],
      'the others heard no left + joined for stream:p',
    );
    const resumed = { ...before, socket };
    const expected = [member(observer), member(resumed)].sort(byId);
    for (const app of new Set([a, b]))
      t.strictSame(
        (await app.halyard.hub.roomMembers('stream:p')).sort(byId),
        expected,
        'the member list is the live set: the resumed client once, no ghost',
      );
    t.strictSame(await a.halyard.hub.roomMembers('side'), [member(observer)], 'side: only the observer');
    await socket.close();
    await observer.socket.next(
      (frame) => frame.type === 'presence.left' && (frame.data as { room: string }).room === 'stream:p',
    );
    t.strictSame(
      await a.halyard.hub.roomMembers('stream:p'),
      [member(observer)],
      'a real close still leaves',
    );
  });

  t.test(`${name} presence: a token that is not ours gives a new member`, async (t) => {
    const app = await makeApp(t, options);
    const observer = await connect(app, 'o', ['stream:q']);
    const before = await connect(app, 'r', ['stream:q']);
    const forged = `${before.id}.${'A'.repeat(43)}`;
    const socket = await connectSocket(app, '/conformance', {
      query: { name: 'r2', rooms: 'stream:q', halyard_session: forged },
    });
    const welcome = await socket.nextPush('welcome');
    const id = (welcome.data as { id: string }).id;
    t.not(id, before.id, 'a new id');
    await observer.socket.next(
      (frame) =>
        frame.type === 'presence.joined' && (frame.data as { member: { id: string } }).member.id === id,
    );
    const ids = (await app.halyard.hub.roomMembers('stream:q')).map((entry) => entry.id).sort();
    t.strictSame(
      ids,
      [observer.id, before.id, id].sort(),
      'the old connection is still a member, next to the new one',
    );
    await socket.close();
    await before.socket.close();
  });
}
