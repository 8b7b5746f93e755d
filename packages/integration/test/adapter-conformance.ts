import 'reflect-metadata';
import type { Test } from 'tap';
import { createApp, type BroadcastAdapter, type PresenceMember } from '@halyard/core';
import { connectSocket, inspectRuntime, type Frame } from '@halyard/core/testing';
import { ack, connect, member, type App, type Client as AppClient } from './helpers/conformance-apps.js';
import { ConformanceSocket, conformanceRoomPolicies, joinResults } from './helpers/conformance-socket.js';
import { SteeredAdapter } from './helpers/steered-adapter.js';

export interface ConformanceOptions {
  /** A fresh adapter; called once per app, so two apps never share an adapter object. */
  readonly makeAdapter: () => BroadcastAdapter | Promise<BroadcastAdapter>;
  /**
   * Whether two apps, each with its own adapter of this kind, reach each other's connections
   * (Redis: yes; two `MemoryAdapter`s: no). The suite asserts it both ways.
   */
  readonly crossInstance: boolean;
}

/** A client of the pair, with the app it is connected to. */
interface Client extends AppClient {
  readonly app: App;
}

/** Two apps with separate adapters of the kind under test, and their clients. */
class Pair {
  readonly apps: readonly [App, App];
  /** The adapters under test, wrapped so a test can fail or hold their joins. */
  readonly adapters: readonly [SteeredAdapter, SteeredAdapter];
  readonly #crossInstance: boolean;
  #barrier = 0;

  private constructor(
    apps: readonly [App, App],
    adapters: readonly [SteeredAdapter, SteeredAdapter],
    crossInstance: boolean,
  ) {
    this.apps = apps;
    this.adapters = adapters;
    this.#crossInstance = crossInstance;
  }

  static async create(t: Test, options: ConformanceOptions): Promise<Pair> {
    const make = async (): Promise<[App, SteeredAdapter]> => {
      const adapter = new SteeredAdapter(await options.makeAdapter());
      const app = await createApp({
        controllers: [ConformanceSocket],
        docs: false,
        websocket: { adapter, heartbeat: false, roomPolicies: conformanceRoomPolicies },
        fastify: { logger: false },
      });
      t.teardown(() => app.close());
      return [app, adapter];
    };
    const [first, second] = [await make(), await make()];
    return new Pair([first[0], second[0]], [first[1], second[1]], options.crossInstance);
  }

  /** Connects to app 0 or 1, joins `rooms` and waits for `welcome` (sent after the joins). */
  async connect(index: 0 | 1, name: string, rooms: readonly string[] = []): Promise<Client> {
    const app = this.apps[index];
    return { ...(await connect(app, name, rooms)), app };
  }

  other(app: App): App {
    return app === this.apps[0] ? this.apps[1] : this.apps[0];
  }

  /**
   * Resolves once every message published so far has reached these clients' instances. The marker
   * comes from the other instance when instances are connected (so it is ordered after any echo
   * of this instance's own messages) and from the same instance otherwise.
   */
  async settle(...clients: Client[]): Promise<void> {
    const token = `barrier-${++this.#barrier}`;
    for (const [index, app] of this.apps.entries()) {
      if (!clients.some((client) => client.app === app)) continue;
      const source = this.#crossInstance ? this.other(app) : app;
      await source.halyard.hub.broadcast('barrier', { token: `${token}:${index}` });
    }
    for (const client of clients) {
      const index = this.apps.indexOf(client.app);
      await client.socket.next(
        (frame) =>
          frame.type === 'barrier' && (frame.data as { token: string }).token === `${token}:${index}`,
      );
    }
  }
}

/** The data of every push of a type a client received so far. */
function pushes(client: Client, type: string): unknown[] {
  return client.socket.frames.filter((frame: Frame) => frame.type === type).map((frame) => frame.data);
}

function presence(kind: 'joined' | 'left', room: string, client: Client): Frame {
  return { type: `presence.${kind}`, data: { room, member: member(client) } };
}

/**
 * The behaviour every `BroadcastAdapter` must have, driven through real apps and real `ws`
 * clients: broadcast, rooms with `except`, direct sends, presence events, member and room
 * listings, disconnect by id, leaving on close, and what two apps with separate adapters see of
 * each other (`crossInstance`).
 *
 * @example `adapterConformance(t, 'memory', { makeAdapter: () => new MemoryAdapter(), crossInstance: false })`
 */
export function adapterConformance(t: Test, name: string, options: ConformanceOptions): void {
  const cross = options.crossInstance;
  const remote = (frames: unknown[]): unknown[] => (cross ? frames : []);

  t.test(`${name}: broadcast reaches every connection exactly once`, async (t) => {
    const pair = await Pair.create(t, options);
    const a1 = await pair.connect(0, 'a1');
    const a2 = await pair.connect(0, 'a2');
    const b1 = await pair.connect(1, 'b1');
    await ack(t, a1, { type: 'broadcast', data: { text: 'from a1' } });
    await ack(t, b1, { type: 'broadcast', data: { text: 'from b1', exceptSelf: true } });
    await pair.settle(a1, a2, b1);
    const fromA1 = { from: 'a1', text: 'from a1' };
    const fromB1 = { from: 'b1', text: 'from b1' };
    t.strictSame(
      pushes(a1, 'broadcasted'),
      [fromA1, ...remote([fromB1])],
      'a1: its own, and b1 when connected',
    );
    t.strictSame(pushes(a2, 'broadcasted'), [fromA1, ...remote([fromB1])], 'a2: same as a1');
    t.strictSame(pushes(b1, 'broadcasted'), remote([fromA1]), 'b1: a1 when connected, never its own');
  });

  t.test(`${name}: room messages reach the room's members only, except the sender`, async (t) => {
    const pair = await Pair.create(t, options);
    const a1 = await pair.connect(0, 'a1', ['red']);
    const a2 = await pair.connect(0, 'a2', ['red', 'blue']);
    const a3 = await pair.connect(0, 'a3', ['blue']);
    const b1 = await pair.connect(1, 'b1', ['red']);
    const b2 = await pair.connect(1, 'b2', ['blue']);
    await ack(t, a1, { type: 'room', data: { room: 'red', text: 'hi red' } });
    await ack(t, b2, { type: 'room', data: { room: 'blue', text: 'hi blue' } });
    await pair.settle(a1, a2, a3, b1, b2);
    const red = { from: 'a1', room: 'red', text: 'hi red' };
    const blue = { from: 'b2', room: 'blue', text: 'hi blue' };
    t.strictSame(pushes(a1, 'roomed'), [], 'a1: not its own, not blue');
    t.strictSame(pushes(a2, 'roomed'), [red, ...remote([blue])], 'a2: red, and blue when connected');
    t.strictSame(pushes(a3, 'roomed'), remote([blue]), 'a3: blue when connected');
    t.strictSame(pushes(b1, 'roomed'), remote([red]), 'b1: red when connected');
    t.strictSame(pushes(b2, 'roomed'), [], 'b2: not its own, not red');
  });

  t.test(`${name}: direct sends reach one connection by id`, async (t) => {
    const pair = await Pair.create(t, options);
    const a1 = await pair.connect(0, 'a1');
    const a2 = await pair.connect(0, 'a2');
    const b1 = await pair.connect(1, 'b1');
    await ack(t, a1, { type: 'direct', data: { to: a2.id, text: 'local' } });
    await ack(t, a1, { type: 'direct', data: { to: b1.id, text: 'remote' } });
    await ack(t, b1, { type: 'direct', data: { to: a1.id, text: 'back' } });
    await ack(t, a1, { type: 'direct', data: { to: 'no-such-connection', text: 'lost' } });
    await pair.settle(a1, a2, b1);
    t.strictSame(pushes(a1, 'direct'), remote([{ from: 'b1', text: 'back' }]));
    t.strictSame(pushes(a2, 'direct'), [{ from: 'a1', text: 'local' }]);
    t.strictSame(pushes(b1, 'direct'), remote([{ from: 'a1', text: 'remote' }]));
  });

  t.test(`${name}: presence joined and left events, members and rooms`, async (t) => {
    const pair = await Pair.create(t, options);
    const [appA, appB] = pair.apps;
    const a1 = await pair.connect(0, 'a1', ['lobby']);
    const b1 = await pair.connect(1, 'b1', ['lobby']);
    const a2 = await pair.connect(0, 'a2');
    if (cross) t.strictSame(await a1.socket.nextPush('presence.joined'), presence('joined', 'lobby', b1));

    await ack(t, a2, { type: 'join', data: { room: 'lobby' } });
    t.strictSame(await a1.socket.nextPush('presence.joined'), presence('joined', 'lobby', a2));
    if (cross) t.strictSame(await b1.socket.nextPush('presence.joined'), presence('joined', 'lobby', a2));
    await ack(t, a2, { type: 'join', data: { room: 'side' } });

    const lobbyOnA = cross ? [member(a1), member(b1), member(a2)] : [member(a1), member(a2)];
    const lobbyOnB = cross ? lobbyOnA : [member(b1)];
    t.strictSame(await appA.halyard.hub.roomMembers('lobby'), lobbyOnA, 'members on A, in join order');
    t.strictSame(await appB.halyard.hub.roomMembers('lobby'), lobbyOnB, 'members on B, in join order');
    t.strictSame(await appA.halyard.hub.roomMembers('side'), [member(a2)]);
    t.strictSame(await appB.halyard.hub.roomMembers('side'), cross ? [member(a2)] : []);
    t.strictSame(await appA.halyard.hub.roomMembers('nowhere'), []);
    t.strictSame(await appA.halyard.hub.rooms(), ['lobby', 'side']);
    t.strictSame(await appB.halyard.hub.rooms(), cross ? ['lobby', 'side'] : ['lobby']);

    await ack(t, a2, { type: 'leave', data: { room: 'lobby' } });
    t.strictSame(await a1.socket.nextPush('presence.left'), presence('left', 'lobby', a2));
    if (cross) t.strictSame(await b1.socket.nextPush('presence.left'), presence('left', 'lobby', a2));
    await ack(t, a2, { type: 'leave', data: { room: 'side' } });
    t.strictSame(
      await appB.halyard.hub.roomMembers('lobby'),
      cross ? [member(a1), member(b1)] : [member(b1)],
    );
    t.strictSame(await appA.halyard.hub.rooms(), ['lobby']);
    t.strictSame(await appB.halyard.hub.rooms(), ['lobby']);

    await pair.settle(a1, a2, b1);
    t.strictSame(
      a1.socket.frames.filter((frame) => frame.type.startsWith('presence.')).length,
      cross ? 3 : 2,
      'a1 got each presence event exactly once',
    );
    t.strictSame(
      b1.socket.frames.filter((frame) => frame.type.startsWith('presence.')).length,
      cross ? 2 : 0,
      'b1 got each presence event exactly once',
    );
    t.strictSame(
      a2.socket.frames.filter((frame) => frame.type.startsWith('presence.')),
      [],
      'a2 never hears about itself and joined the lobby after the others',
    );
  });

  t.test(`${name}: closing a socket leaves its rooms`, async (t) => {
    const pair = await Pair.create(t, options);
    const [appA, appB] = pair.apps;
    const a1 = await pair.connect(0, 'a1', ['lobby']);
    const b1 = await pair.connect(1, 'b1', ['lobby']);
    // Joined in this order, left in this order on close: once `lobby` reports the leave, `side` is done too.
    const a2 = await pair.connect(0, 'a2', ['side', 'lobby']);
    t.strictSame(
      await a1.socket.nextPush('presence.joined'),
      cross ? presence('joined', 'lobby', b1) : presence('joined', 'lobby', a2),
    );
    t.strictSame(await a2.socket.close(), { code: 1000, reason: '' });
    t.strictSame(await a1.socket.nextPush('presence.left'), presence('left', 'lobby', a2));
    if (cross) t.strictSame(await b1.socket.nextPush('presence.left'), presence('left', 'lobby', a2));
    t.strictSame(
      await appA.halyard.hub.roomMembers('lobby'),
      cross ? [member(a1), member(b1)] : [member(a1)],
    );
    t.strictSame(await appB.halyard.hub.roomMembers('lobby'), [...(cross ? [member(a1)] : []), member(b1)]);
    t.strictSame(await appA.halyard.hub.roomMembers('side'), []);
    t.strictSame(await appA.halyard.hub.rooms(), ['lobby']);
  });

  t.test(`${name}: disconnect by id closes the connection wherever it is`, async (t) => {
    const pair = await Pair.create(t, options);
    const a1 = await pair.connect(0, 'a1', ['lobby']);
    const a2 = await pair.connect(0, 'a2', ['lobby']);
    const b1 = await pair.connect(1, 'b1', ['lobby']);
    await ack(t, a1, { type: 'kick', data: { id: a2.id, code: 4001, reason: 'local kick' } });
    t.strictSame(await a2.socket.closed, { code: 4001, reason: 'local kick' });
    await ack(t, a1, { type: 'kick', data: { id: b1.id, code: 4002, reason: 'remote kick' } });
    if (cross) {
      t.strictSame(await b1.socket.closed, { code: 4002, reason: 'remote kick' });
      await a1.socket.next(
        (frame) =>
          frame.type === 'presence.left' && (frame.data as { member: PresenceMember }).member.id === b1.id,
      );
      t.strictSame(await pair.apps[0].halyard.hub.roomMembers('lobby'), [member(a1)]);
    } else {
      await pair.settle(b1);
      t.equal(b1.socket.isOpen, true, 'another app with its own adapter cannot close b1');
      t.strictSame(await pair.apps[1].halyard.hub.roomMembers('lobby'), [member(b1)]);
    }
  });

  t.test(`${name}: a join after the socket closed is refused: no ghost member, no presence`, async (t) => {
    const pair = await Pair.create(t, options);
    const [appA, appB] = pair.apps;
    const a1 = await pair.connect(0, 'a1', ['lobby']);
    const b1 = await pair.connect(1, 'b1', ['lobby']);
    const a2 = await pair.connect(0, 'a2');
    a2.socket.send('joinAfterClose', { room: 'lobby' });
    await a2.socket.close();
    t.equal(await joinResults.get('a2:lobby'), false, 'conn.join() resolved false: nothing joined');
    await pair.settle(a1, b1);
    const lobby = cross ? [member(a1), member(b1)] : [member(a1)];
    t.strictSame(await appA.halyard.hub.roomMembers('lobby'), lobby, 'A: no ghost');
    t.strictSame(
      await appB.halyard.hub.roomMembers('lobby'),
      cross ? lobby : [member(b1)],
      'B: no ghost either',
    );
    const aboutA2 = (client: Client) =>
      client.socket.frames.filter(
        (frame) => (frame.data as { member?: PresenceMember } | null)?.member?.id === a2.id,
      );
    t.strictSame(aboutA2(a1), [], 'no presence.joined for a closed connection');
    t.strictSame(aboutA2(b1), []);
    t.equal(inspectRuntime(appA).roomMembers, 1, 'only a1 in the hub of A');
  });

  t.test(`${name}: a join still running when the socket closes is undone`, async (t) => {
    const pair = await Pair.create(t, options);
    const [appA, appB] = pair.apps;
    const a1 = await pair.connect(0, 'a1', ['gated:room']);
    const b1 = await pair.connect(1, 'b1', ['gated:room']);
    const a2 = await pair.connect(0, 'a2');
    const server = appA.halyard.hub.connection(a2.id);
    pair.adapters[0].closeGate();
    a2.socket.send('join', { room: 'gated:room' }, 'j1');
    await pair.adapters[0].reached;
    t.equal(inspectRuntime(appA).pendingJoins, 1, 'the join waits in the adapter');
    a2.socket.raw.terminate();
    await server?.whenClosed();
    pair.adapters[0].open();
    t.equal(await joinResults.get('a2:gated:room'), false, 'conn.join() resolved false after undoing it');
    await pair.settle(a1, b1);
    const room = cross ? [member(a1), member(b1)] : [member(a1)];
    t.strictSame(await appA.halyard.hub.roomMembers('gated:room'), room, 'A: the late member is gone');
    t.strictSame(await appB.halyard.hub.roomMembers('gated:room'), cross ? room : [member(b1)]);
    const aboutA2 = (client: Client) =>
      client.socket.frames
        .filter((frame) => (frame.data as { member?: PresenceMember } | null)?.member?.id === a2.id)
        .map((frame) => frame.type);
    t.strictSame(aboutA2(a1), ['presence.joined', 'presence.left'], 'joined, then undone');
    t.strictSame(aboutA2(b1), cross ? ['presence.joined', 'presence.left'] : []);
    const state = inspectRuntime(appA);
    t.strictSame(
      [state.rooms, state.roomMembers, state.pendingJoins],
      [1, 1, 0],
      'the hub of A holds a1 only',
    );
  });

  t.test(`${name}: a failed join leaves conn.rooms as it was`, async (t) => {
    const pair = await Pair.create(t, options);
    const [appA, appB] = pair.apps;
    const a1 = await pair.connect(0, 'a1', ['lobby']);
    t.strictSame(await a1.socket.request('join', { room: 'broken:room' }), {
      type: 'error',
      id: 't1',
      error: { code: 'HALYARD_ERR_INTERNAL', message: 'Internal server error' },
    });
    await t.rejects(joinResults.get('a1:broken:room') ?? Promise.resolve(true), {
      message: 'the adapter cannot join broken:room',
    });
    t.strictSame((await a1.socket.request('myRooms')).data, { rooms: ['lobby'] }, 'only the room it is in');
    t.strictSame(await appA.halyard.hub.roomMembers('broken:room'), []);
    t.strictSame(await appB.halyard.hub.roomMembers('broken:room'), []);
    t.strictSame(await appA.halyard.hub.rooms(), ['lobby']);
    const state = inspectRuntime(appA);
    t.strictSame([state.rooms, state.roomMembers], [1, 1], 'the hub lists lobby with a1 only');
    await ack(t, a1, { type: 'join', data: { room: 'second' } });
    t.strictSame(
      (await a1.socket.request('myRooms')).data,
      { rooms: ['lobby', 'second'] },
      'joins still work',
    );
  });

  t.test(`${name}: the room policy holds for joins on every instance`, async (t) => {
    const pair = await Pair.create(t, options);
    const [appA, appB] = pair.apps;
    const ann = await pair.connect(0, 'ann', ['lobby']);
    const vipBea = await pair.connect(1, 'vipbea');
    t.strictSame(await ann.socket.request('join', { room: 'vip:lounge' }), {
      type: 'error',
      id: 't1',
      error: {
        code: 'HALYARD_ERR_WS_ROOM_FORBIDDEN',
        message: 'Joining room "vip:lounge" was refused by VipGuard',
      },
    });
    t.ok(ann.socket.isOpen, 'a refused join keeps the socket');
    t.strictSame((await ann.socket.request('myRooms')).data, { rooms: ['lobby'] });
    await ack(t, vipBea, { type: 'join', data: { room: 'vip:lounge' } });
    // Refused on instance B too, before the adapter hears of it: no member, no presence anywhere.
    const ann2 = await pair.connect(1, 'ann2');
    t.equal(
      (await ann2.socket.request('join', { room: 'vip:lounge' })).error?.code,
      'HALYARD_ERR_WS_ROOM_FORBIDDEN',
    );
    await pair.settle(ann, vipBea, ann2);
    t.strictSame(await appB.halyard.hub.roomMembers('vip:lounge'), [member(vipBea)]);
    t.strictSame(await appA.halyard.hub.roomMembers('vip:lounge'), remote([member(vipBea)]));
    t.strictSame(pushes(vipBea, 'presence.joined'), [], 'nobody else ever joined the lounge');
    // A join in @OnConnect that the policy refuses closes with 4403, as any HttpError there does.
    const refused = await connectSocket(appA, '/conformance', {
      query: { name: 'carl', rooms: 'vip:lounge' },
    });
    t.strictSame(await refused.closed, {
      code: 4403,
      reason: 'Joining room "vip:lounge" was refused by VipGuard',
    });
    t.strictSame(await appA.halyard.hub.roomMembers('vip:lounge'), remote([member(vipBea)]));
    const state = inspectRuntime(appA);
    t.strictSame(
      [state.rooms, state.roomMembers, state.pendingJoins],
      [1, 1, 0],
      'the hub of A holds ann in lobby only',
    );
  });
}
