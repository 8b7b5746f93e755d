import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import {
  Conn,
  Connection,
  createApp,
  Message,
  MemoryAdapter,
  OnConnect,
  OnMessage,
  Query,
  UseGuards,
  WebSocket,
  type BroadcastAdapter,
  type GuardContext,
} from '@halyard/core';
import {
  connectSocket,
  emptyRuntime,
  expectUpgradeRejected,
  inspectRuntime,
  whenRuntimeIdle,
  type TestSocket,
} from '@halyard/core/testing';
import { redisAdapter } from '@halyard/redis';
import { deleteKeysUnder, keysUnder, REDIS_URL, uniquePrefix } from './helpers/redis-test-keys.js';

// The leak check of the WebSocket runtime: many connections join rooms, flood, send invalid
// frames, fail their upgrades and disconnect abruptly or cleanly; then every structure of the
// runtime (inspectRuntime) and of the adapter is empty again. It waits for the apps to report
// idle (sockets closed, work settled), never for a fixed time.

class Who {
  @IsString() @Length(1, 40) name!: string;
  @IsOptional() @IsString() rooms?: string;
}

class Text {
  @IsString() @Length(0, 2000) text!: string;
}

class RoomName {
  @IsString() room!: string;
}

class Delay {
  @IsInt() @Min(0) @Max(1000) ms!: number;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every kind of work a connection can leave behind: rooms, running handlers, late joins. */
@WebSocket('/leak', { rateLimit: { perSecond: 20, burst: 5, closeAfter: 10 }, maxPayload: 4096 })
class LeakSocket {
  @OnConnect() async hello(@Conn() conn: Connection, @Query() who: Who): Promise<void> {
    conn.presence = { name: who.name };
    for (const room of who.rooms ? who.rooms.split(',') : []) await conn.join(room);
    conn.send('welcome', { id: conn.id });
  }

  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }

  @OnMessage('join', { reply: null }) async join(
    @Message() m: RoomName,
    @Conn() c: Connection,
  ): Promise<void> {
    await c.join(m.room);
  }

  @OnMessage('leave', { reply: null }) async leave(
    @Message() m: RoomName,
    @Conn() c: Connection,
  ): Promise<void> {
    await c.leave(m.room);
  }

  @OnMessage('slow', { reply: null }) async slow(@Message() m: Delay): Promise<void> {
    await delay(m.ms);
  }

  @OnMessage('lateJoin', { reply: null }) async lateJoin(
    @Message() m: RoomName,
    @Conn() c: Connection,
  ): Promise<void> {
    await c.whenClosed();
    await c.join(m.room);
  }
}

/** Frames sent before `@OnConnect` finished wait in a backlog. */
@WebSocket('/gated', { rateLimit: false })
class GatedSocket {
  @OnConnect() async hello(@Conn() conn: Connection): Promise<void> {
    await delay(80);
    await conn.join('gated');
  }

  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

class DenyGuard {
  canActivate(context: GuardContext): boolean {
    return (context.request.query as { deny?: string }).deny === undefined;
  }
}

@WebSocket('/guarded', { refuseWith: 'close' })
@UseGuards(new DenyGuard())
class GuardedSocket {
  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

@WebSocket('/small', { maxConnections: 5 })
class SmallSocket {
  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

type App = Awaited<ReturnType<typeof createApp>>;

async function makeApp(t: Test, adapter: BroadcastAdapter): Promise<App> {
  const app = await createApp({
    controllers: [LeakSocket, GatedSocket, GuardedSocket, SmallSocket],
    docs: false,
    fastify: { logger: false },
    // A limit that counts (so its slots are checked) but lets the test's one address through.
    websocket: { adapter, heartbeat: { intervalMs: 60_000 }, maxConnectionsPerIp: 10_000 },
  });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

function port(app: App): number {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

/** A raw TCP upgrade that never answers anything; resolves once the server closed it. */
function rawPeer(app: App, path: string, destroyAfterHead: boolean): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = tcpConnect(port(app), '127.0.0.1');
    socket.on('error', () => socket.destroy());
    socket.once('close', () => resolve());
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
    if (destroyAfterHead) socket.once('data', () => socket.destroy());
    // Read (and drop) what the server sends, so its end of the connection is seen.
    else socket.resume();
  });
}

const closedOf = (socket: TestSocket) => socket.closed.then(() => undefined);

/** Everything the clients of one app do; resolves once every client socket is closed. */
async function churn(app: App, other: App, round: number): Promise<void> {
  const work: Array<Promise<void>> = [];
  const join = async (index: number) => {
    const name = `m${round}-${index}`;
    const socket = await connectSocket(app, '/leak', { query: { name, rooms: `all,room-${index % 4}` } });
    await socket.nextPush('welcome');
    await socket.request('echo', { text: name });
    await socket.request('join', { room: 'shared' });
    await socket.request('leave', { room: `room-${index % 4}` });
    if (index % 2 === 0) await socket.close();
    else socket.raw.terminate();
    await closedOf(socket);
  };
  const flood = async (index: number) => {
    const socket = await connectSocket(app, '/leak', { query: { name: `f${round}-${index}`, rooms: 'all' } });
    await socket.nextPush('welcome');
    for (let frame = 0; frame < 40; frame++)
      if (frame % 2) socket.send('echo', { text: 'flood' }, frame);
      else socket.sendRaw('{"type":"echo","data":{"text":"no id"}}');
    await closedOf(socket);
  };
  const invalid = async (index: number) => {
    const socket = await connectSocket(app, '/leak', { query: { name: `i${round}-${index}` } });
    await socket.nextPush('welcome');
    socket.sendRaw('{"type":');
    socket.sendRaw('{"type":1,"id":"x"}');
    socket.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
    socket.send('nope', {}, 'u');
    socket.send('echo', { text: 7 }, 'v');
    await socket.next((frame) => frame.id === 'v');
    socket.sendRaw(JSON.stringify({ type: 'echo', data: { text: 'x'.repeat(5000) } }));
    await closedOf(socket);
  };
  const inFlight = async (index: number) => {
    const socket = await connectSocket(app, '/leak', { query: { name: `s${round}-${index}`, rooms: 'all' } });
    await socket.nextPush('welcome');
    socket.send('slow', { ms: 40 }, 's');
    socket.send('lateJoin', { room: 'late' }, 'l');
    socket.send('join', { room: 'joined-as-it-closes' }, 'j');
    socket.raw.terminate();
    await closedOf(socket);
  };
  const backlog = async (index: number) => {
    const socket = await connectSocket(app, '/gated');
    for (let frame = 0; frame < 5; frame++) socket.send('echo', { text: 'early' }, frame);
    if (index % 2) socket.raw.terminate();
    else await socket.next((frame) => frame.id === 4);
    if (socket.isOpen) await socket.close();
    await closedOf(socket);
  };
  const refused = async () => {
    await expectUpgradeRejected(app, '/leak', { origin: 'https://evil.example', query: { name: 'o' } });
    const guarded = await connectSocket(app, '/guarded', { query: { deny: '1' } });
    await closedOf(guarded);
    await expectUpgradeRejected(app, '/leak', { query: { name: '' } });
  };
  const capacity = async () => {
    const holders = await Promise.all(Array.from({ length: 5 }, () => connectSocket(app, '/small')));
    const over = await Promise.allSettled(Array.from({ length: 5 }, () => connectSocket(app, '/small')));
    if (over.some((attempt) => attempt.status === 'fulfilled'))
      throw new Error('maxConnections did not hold');
    await Promise.all(holders.map((holder) => holder.close()));
  };
  for (let index = 0; index < 12; index++) work.push(join(index));
  for (let index = 0; index < 6; index++)
    work.push(flood(index), invalid(index), inFlight(index), backlog(index));
  work.push(refused(), capacity());
  for (let index = 0; index < 3; index++)
    work.push(rawPeer(app, '/leak?name=raw', true), rawPeer(app, '/guarded?deny=1', false));
  // A member of the other instance in the shared rooms, leaving while this one churns.
  work.push(
    (async () => {
      const socket = await connectSocket(other, '/leak', {
        query: { name: `x${round}`, rooms: 'all,shared' },
      });
      await socket.nextPush('welcome');
      await socket.close();
      await closedOf(socket);
    })(),
  );
  await Promise.all(work);
}

function leakCheck(
  name: string,
  makeAdapter: () => BroadcastAdapter,
  idleAdapter: Record<string, number>,
): void {
  t.test(`${name}: after churn every structure of the runtime and the adapter is empty`, async (t) => {
    const apps = [await makeApp(t, makeAdapter()), await makeApp(t, makeAdapter())] as const;
    const tcpHandles = () =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'TCPSocketWrap').length;
    const baseline = tcpHandles();
    for (let round = 0; round < 2; round++)
      await Promise.all([churn(apps[0], apps[1], round), churn(apps[1], apps[0], round)]);
    for (const [index, app] of apps.entries()) {
      t.strictSame(
        await whenRuntimeIdle(app),
        { ...emptyRuntime, adapter: idleAdapter, heartbeatTimers: 1 },
        `app ${index}: idle, nothing left`,
      );
      const stats = app.halyard.hub.stats();
      t.equal(stats.connections, 0);
      t.ok(stats.connectionsTotal > 50, `app ${index}: ${stats.connectionsTotal} connections came and went`);
      t.ok((stats.errors['HALYARD_ERR_WS_RATE_LIMITED'] ?? 0) >= 60, 'the flooders were limited');
      t.equal(stats.errors['HALYARD_ERR_WS_TOO_MANY_CONNECTIONS'], 10, 'the capacity refusals happened');
      t.strictSame(await app.halyard.hub.rooms(), [], 'no room is left, on any instance');
    }
    t.equal(tcpHandles(), baseline, 'no TCP socket of a client or of the server is left open in the process');
    await Promise.all(apps.map((app) => app.close()));
    for (const app of apps) t.equal(inspectRuntime(app).heartbeatTimers, 0, 'the heartbeat timer stopped');
  });
}

leakCheck('memory', () => new MemoryAdapter(), { rooms: 0, members: 0 });

const keyPrefix = uniquePrefix('leak-check');
t.teardown(() => deleteKeysUnder(keyPrefix));
leakCheck('redis', () => redisAdapter({ url: REDIS_URL, keyPrefix }), {
  localRooms: 0,
  localMembers: 0,
  departedMembers: 0,
  followedRooms: 0,
  remoteMembers: 0,
});

t.test('redis: no presence key is left behind', async (t) => {
  t.strictSame(await keysUnder(keyPrefix), [], 'both apps closed: not even their liveness keys');
});
