import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsString } from 'class-validator';
import {
  Identity,
  OnMessage,
  UnauthorizedError,
  UseGuards,
  WebSocket,
  type Guard,
  type GuardContext,
} from '../src/index.js';
import { connectSocket, emptyRuntime, inspectRuntime, whenRuntimeIdle } from '../src/testing/index.js';
import { expectAuthAccepted } from './fixtures/auth-frames.js';
import { createLoggedApp } from './helpers/logged-app.js';

interface User {
  readonly name: string;
}
/** Tokens and what they stand for; `expiresInMs` is counted from the moment a guard reads the token. */
const tokens: Record<string, { user: User; expiresInMs?: number }> = {
  'ann-1': { user: { name: 'ann' } },
  'bob-1': { user: { name: 'bob' } },
  'ann-short': { user: { name: 'ann' }, expiresInMs: 500 },
  'ann-long': { user: { name: 'ann' }, expiresInMs: 60_000 },
  'ann-10s': { user: { name: 'ann' }, expiresInMs: 10_000 },
  'ann-gone': { user: { name: 'ann' }, expiresInMs: -1 },
  banned: { user: { name: 'eve' } },
};

class TokenGuard implements Guard {
  static security = { type: 'apiKey', in: 'query', name: 'token' } as const;
  /** Every credential this guard was asked about, with the kind it saw. */
  static seen: Array<{ kind: string; token: string; credential?: string }> = [];
  canActivate(ctx: GuardContext): boolean {
    const token = String((ctx.request.query as { token?: string }).token);
    TokenGuard.seen.push({
      kind: ctx.kind,
      token,
      ...(ctx.kind === 'upgrade' && ctx.credential !== undefined && { credential: ctx.credential }),
    });
    if (token === 'explode') throw new Error('token store down at 10.0.0.7');
    const entry = tokens[token];
    if (!entry) throw new UnauthorizedError('Unknown token');
    if (token === 'banned') return false;
    ctx.setIdentity(
      entry.user,
      entry.expiresInMs === undefined ? {} : { expiresAt: Date.now() + entry.expiresInMs },
    );
    return true;
  }
}

class BearerGuard implements Guard {
  static security = { type: 'http', scheme: 'bearer' } as const;
  canActivate(ctx: GuardContext): boolean {
    const header = ctx.request.headers.authorization ?? '';
    const entry = tokens[header.replace(/^Bearer /, '')];
    if (!entry) throw new UnauthorizedError('Bearer token required');
    ctx.setIdentity(entry.user);
    return true;
  }
}

class Me {
  @IsString() name!: string;
}

@UseGuards(TokenGuard)
@WebSocket('/live')
class LiveSocket {
  @OnMessage('whoami', { reply: Me }) whoami(@Identity() user: User): Me {
    return { name: user.name };
  }
}

@UseGuards(BearerGuard)
@WebSocket('/bearer')
class BearerSocket {
  @OnMessage('whoami', { reply: Me }) whoami(@Identity() user: User): Me {
    return { name: user.name };
  }
}

@WebSocket('/open')
class OpenSocket {
  @OnMessage('ping', { reply: null }) ping(): void {}
}

async function setup(t: Test, expiryWarningMs = 100) {
  const { app, lines } = await createLoggedApp(t, {
    controllers: [LiveSocket, BearerSocket, OpenSocket],
    providers: [TokenGuard, BearerGuard],
    websocket: { expiryWarningMs },
  });
  return { app, lines };
}

t.test('$auth re-runs the upgrade guards with the new credential and replaces the identity', async (t) => {
  const { app } = await setup(t);
  TokenGuard.seen = [];
  const socket = await connectSocket(app, '/live', { query: { token: 'ann-1' } });
  t.strictSame((await socket.request('whoami')).data, { name: 'ann' });
  await expectAuthAccepted(t, socket, { credential: 'bob-1', id: 'a1' });
  t.strictSame((await socket.request('whoami')).data, { name: 'bob' }, 'handlers see the new identity');
  t.strictSame(TokenGuard.seen, [
    { kind: 'upgrade', token: 'ann-1' },
    { kind: 'upgrade', token: 'bob-1', credential: 'bob-1' },
  ]);
  t.strictSame(app.halyard.hub.connections()[0]?.identity, { name: 'bob' });
  await socket.close();
});

t.test('a Bearer guard reads the $auth credential from Authorization', async (t) => {
  const { app } = await setup(t);
  const socket = await connectSocket(app, '/bearer', { headers: { authorization: 'Bearer ann-1' } });
  socket.send('$auth', { credential: 'bob-1' }, 'a1');
  t.equal((await socket.next((frame) => frame.id === 'a1')).type, 'reply');
  t.strictSame((await socket.request('whoami')).data, { name: 'bob' });
  socket.send('$auth', { credential: 'nope' }, 'a2');
  t.strictSame(await socket.closed, { code: 4401, reason: 'Bearer token required' });
});

t.test(
  'a refused $auth closes with 4000 + status: 4401 unknown, 4403 forbidden, 1011 guard failure',
  async (t) => {
    const { app, lines } = await setup(t);
    const unknown = await connectSocket(app, '/live', { query: { token: 'ann-1' } });
    unknown.send('$auth', { credential: 'forged' }, 'a1');
    t.strictSame(await unknown.closed, { code: 4401, reason: 'Unknown token' });
    t.strictSame(unknown.frames, [], 'no frame before the close');
    const banned = await connectSocket(app, '/live', { query: { token: 'ann-1' } });
    banned.send('$auth', { credential: 'banned' });
    t.strictSame(await banned.closed, { code: 4403, reason: 'Access denied by TokenGuard' });
    const broken = await connectSocket(app, '/live', { query: { token: 'ann-1' } });
    broken.send('$auth', { credential: 'explode' });
    t.strictSame(await broken.closed, { code: 1011, reason: 'Internal server error' });
    const refusal = lines.find((line) => line['msg'] === 're-authentication refused: Unknown token');
    t.match(refusal, { level: 30, code: 'HALYARD_ERR_UNAUTHORIZED', messageId: 'a1', route: '/live' });
    const failure = lines.find((line) => line['msg'] === 're-authentication guard failed');
    t.equal(failure?.['level'], 50);
    t.match((failure?.['err'] as { message: string }).message, 'token store down');
    t.same(app.halyard.hub.stats().errors, {
      HALYARD_ERR_UNAUTHORIZED: 1,
      HALYARD_ERR_FORBIDDEN: 1,
      HALYARD_ERR_INTERNAL: 1,
    });
  },
);

t.test(
  'a malformed $auth is an error frame and the socket stays open; without upgrade guards $auth is unknown',
  async (t) => {
    const { app } = await setup(t);
    const socket = await connectSocket(app, '/live', { query: { token: 'ann-1' } });
    const detail =
      '"$auth" needs data: { "credential": "..." }, a non-empty string of at most 8192 characters';
    for (const [index, data] of [
      undefined,
      'bob-1',
      { credential: '' },
      { credential: 7 },
      { credential: 'bob-1', x: 1 },
      { credential: 'x'.repeat(8193) },
    ].entries()) {
      t.strictSame(await socket.request('$auth', data), {
        type: 'error',
        id: `t${index + 1}`,
        error: { code: 'HALYARD_ERR_WS_BAD_ENVELOPE', message: detail },
      });
    }
    t.strictSame((await socket.request('whoami')).data, { name: 'ann' }, 'identity unchanged');
    const open = await connectSocket(app, '/open');
    t.strictSame(await open.request('$auth', { credential: 'bob-1' }), {
      type: 'error',
      id: 't1',
      error: {
        code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
        message: 'Unknown message type "$auth"',
        details: { known: ['ping'] },
      },
    });
    await socket.close();
    await open.close();
  },
);

t.test('an expiring identity: $expiring before it, close 4401 at it, timers released', async (t) => {
  const { app, lines } = await setup(t);
  const started = Date.now();
  const socket = await connectSocket(app, '/live', { query: { token: 'ann-short' } });
  t.equal(inspectRuntime(app).expiryTimers, 2, 'the warning and the close');
  const warning = await socket.nextPush('$expiring');
  const data = warning.data as { expiresAt: string; inMs: number };
  t.strictSame(Object.keys(data), ['expiresAt', 'inMs']);
  t.ok(data.inMs > 0 && data.inMs <= 100, `warned ${data.inMs} ms before (expiryWarningMs 100)`);
  t.ok(Date.parse(data.expiresAt) - started <= 600);
  t.strictSame(await socket.closed, { code: 4401, reason: 'Credential expired' });
  t.ok(Date.now() - started >= 490, 'not before the expiry');
  const logged = lines.find((line) => line['code'] === 'HALYARD_ERR_WS_AUTH_EXPIRED');
  t.equal(logged?.['level'], 30);
  t.equal(logged?.['expiresAt'], data.expiresAt);
  await whenRuntimeIdle(app);
  const runtime = inspectRuntime(app);
  t.strictSame(runtime, {
    ...emptyRuntime,
    adapter: runtime.adapter,
    heartbeatTimers: runtime.heartbeatTimers,
  });
});

t.test('re-authenticating before the expiry keeps the socket and re-arms the timers', async (t) => {
  const { app } = await setup(t);
  const socket = await connectSocket(app, '/live', { query: { token: 'ann-short' } });
  await socket.nextPush('$expiring');
  socket.send('$auth', { credential: 'ann-long' }, 'r1');
  const reply = await socket.next((frame) => frame.id === 'r1');
  const expiresAt = (reply.data as { expiresAt: string }).expiresAt;
  t.ok(Date.parse(expiresAt) - Date.now() > 59_000, 'the new expiry');
  await new Promise((resolve) => setTimeout(resolve, 600));
  t.ok(socket.isOpen, 'still open after the first expiry passed');
  t.strictSame((await socket.request('whoami')).data, { name: 'ann' });
  t.equal(inspectRuntime(app).expiryTimers, 2);
  // A credential without expiry clears them.
  socket.send('$auth', { credential: 'bob-1' }, 'r2');
  t.strictSame((await socket.next((frame) => frame.id === 'r2')).data, { expiresAt: null });
  t.equal(inspectRuntime(app).expiryTimers, 0);
  await socket.close();
});

t.test('an identity that already expired at the upgrade closes at once; churn leaves no timer', async (t) => {
  const { app } = await setup(t, 30_000);
  const gone = await connectSocket(app, '/live', { query: { token: 'ann-gone' } });
  t.strictSame(await gone.closed, { code: 4401, reason: 'Credential expired' });
  const sockets = await Promise.all(
    Array.from({ length: 20 }, () => connectSocket(app, '/live', { query: { token: 'ann-10s' } })),
  );
  // The warning is due at once when the expiry is closer than expiryWarningMs; then only the closes wait.
  await Promise.all(sockets.map((socket) => socket.nextPush('$expiring')));
  t.equal(inspectRuntime(app).expiryTimers, 20);
  await Promise.all(
    sockets.map((socket, index) => (index % 2 ? socket.close() : (socket.raw.terminate(), socket.closed))),
  );
  await whenRuntimeIdle(app);
  t.equal(inspectRuntime(app).expiryTimers, 0, 'every exit path cleared its timers');
});
