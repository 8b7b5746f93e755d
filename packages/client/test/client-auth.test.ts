import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsInt, IsString } from 'class-validator';
import {
  Conn,
  Connection,
  createApp,
  Identity,
  Message,
  OnMessage,
  UnauthorizedError,
  UseGuards,
  WebSocket,
  type Guard,
  type GuardContext,
} from '@halyard/core';
import { connect, HalyardClientError, type ClientOptions, type StatusChange } from '../src/index.js';
import { errorsOf, sleep, waitFor } from './fixtures/test-server.js';

interface User {
  readonly name: string;
  /** Which token of the client's this identity came from. */
  readonly generation: number;
}

/**
 * Tokens are `<name>.<generation>.<lifetime ms>`; the identity expires that long after the guard
 * read the token. Anything else is refused with 401 `Unknown token`.
 */
class TokenGuard implements Guard {
  static security = { type: 'apiKey', in: 'query', name: 'token' } as const;
  canActivate(ctx: GuardContext): boolean {
    const token = String((ctx.request.query as { token?: string }).token);
    const match = /^([a-z]+)\.(\d+)\.(\d+)$/.exec(token);
    if (!match) throw new UnauthorizedError('Unknown token');
    ctx.setIdentity(
      { name: match[1], generation: Number(match[2]) },
      { expiresAt: Date.now() + Number(match[3]) },
    );
    return true;
  }
}

class Me {
  @IsString() name!: string;
  @IsInt() generation!: number;
  @IsString() connection!: string;
}

class Note {
  @IsInt() n!: number;
}

const notes: Array<{ n: number; generation: number }> = [];

@UseGuards(TokenGuard)
@WebSocket('/live')
class LiveSocket {
  @OnMessage('whoami', { reply: Me })
  whoami(@Identity() user: User, @Conn() conn: Connection): Me {
    return { name: user.name, generation: user.generation, connection: conn.id };
  }

  @OnMessage('note', { reply: null })
  note(@Message() note: Note, @Identity() user: User): void {
    notes.push({ n: note.n, generation: user.generation });
  }
}

type Schema = {
  messages: {
    whoami: { data: void; reply: { name: string; generation: number; connection: string } };
    note: { data: { n: number }; reply: null };
  };
  events: Record<string, never>;
};

/** The last status of a client the server closed for good with 4401. */
const closedWith4401 = (reason: string): StatusChange => ({
  status: 'closed',
  cause: 'do-not-retry',
  code: 4401,
  reason,
});

async function setup(t: Test, expiryWarningMs: number) {
  const app = await createApp({
    controllers: [LiveSocket],
    providers: [TokenGuard],
    fastify: { logger: false },
    websocket: { expiryWarningMs, heartbeat: false },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening on a TCP port');
  notes.length = 0;
  const open = (options: ClientOptions) => {
    const client = connect<Schema>(`ws://127.0.0.1:${address.port}/live`, {
      reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
      ...options,
    });
    const statuses: StatusChange[] = [];
    client.onStatus((change) => statuses.push(change));
    const errors = errorsOf(client);
    t.teardown(() => client.close());
    return { client, statuses, errors };
  };
  /** `open` with an auth provider that answers `tokenFor(n)` on its n-th call; `calls()` counts them. */
  const openCounting = (
    tokenFor: (generation: number) => string | Promise<string>,
    options: ClientOptions = {},
  ) => {
    let generation = 0;
    return { ...open({ ...options, auth: () => tokenFor(++generation) }), calls: () => generation };
  };
  return { app, open, openCounting };
}

t.test(
  'on $expiring the client re-authenticates on the same socket; the queue keeps flowing in order',
  async (t) => {
    const { app, openCounting } = await setup(t, 300);
    const calls: number[] = [];
    const { client, statuses, errors } = openCounting(async (generation) => {
      calls.push(generation);
      // A slow token endpoint: messages sent meanwhile still go out, in order.
      if (generation > 1) await sleep(100);
      return `ann.${generation}.${generation === 1 ? 500 : 60_000}`;
    });
    const first = await client.request('whoami');
    t.equal(first.generation, 1);
    await waitFor(() => calls.length === 2); // $expiring arrived 300 ms before the 500 ms expiry
    for (let n = 1; n <= 5; n++) client.send('note', { n });
    const during = client.request('whoami');
    await sleep(700); // past the first token's expiry
    const after = await client.request('whoami');
    t.strictSame(await during, { name: 'ann', generation: 1, connection: first.connection });
    t.strictSame(
      after,
      { name: 'ann', generation: 2, connection: first.connection },
      'same socket, new identity',
    );
    t.strictSame(
      notes.map((note) => note.n),
      [1, 2, 3, 4, 5],
      'every message sent while the provider ran was delivered, in order',
    );
    t.strictSame(calls, [1, 2], 'the provider ran for the upgrade and for the refresh only');
    t.strictSame(
      statuses.map((change) => change.status),
      ['connecting', 'open'],
      'never reconnecting',
    );
    t.strictSame(errors, []);
    t.equal(app.halyard.hub.connections().length, 1);
    t.equal(app.halyard.hub.connections()[0]?.id, first.connection);
  },
);

t.test('reauthenticate() sends a fresh credential now and resolves with its expiry', async (t) => {
  const { openCounting } = await setup(t, 100);
  const { client } = openCounting((generation) => `bob.${generation}.60000`);
  const first = await client.request('whoami');
  const before = Date.now();
  const info = await client.reauthenticate();
  t.type(info.expiresAt, 'string');
  const expiresAt = Date.parse(String(info.expiresAt));
  t.ok(expiresAt >= before + 60_000 - 50 && expiresAt <= Date.now() + 60_000, 'the new token’s expiry');
  const again = client.reauthenticate();
  t.equal(client.reauthenticate(), again, 'a call while one runs shares it');
  await again;
  t.strictSame(await client.request('whoami'), { name: 'bob', generation: 3, connection: first.connection });
});

t.test(
  'without a refresh the identity expires: $expiring, close 4401, one reconnect whose provider fails, then the client stops',
  async (t) => {
    const { openCounting } = await setup(t, 100);
    const { client, statuses, errors, calls } = openCounting((generation) => {
      if (generation > 1) throw new Error('session ended');
      return 'ann.1.300';
    });
    await client.request('whoami');
    await waitFor(() => client.status === 'closed');
    t.strictSame(statuses.at(-1), closedWith4401('Credential expired'));
    t.equal(errors[0]?.code, 'HALYARD_ERR_CLIENT_AUTH_FAILED');
    t.equal(errors[0]?.message, 'The auth provider failed: session ended');
    t.strictSame(errors[0]?.details, { stage: 'provider' });
    t.equal((errors[0]?.cause as Error).message, 'session ended');
    t.strictSame(
      errors.map((error) => error.message),
      ['The auth provider failed: session ended', 'The auth provider failed: session ended'],
      'the refresh and the one reconnect after 4401 both asked the provider',
    );
    t.equal(calls(), 3, 'one reconnect attempt, which never opened a socket');
    t.strictSame(
      statuses.map((change) => change.status),
      ['connecting', 'open', 'reconnecting', 'closed'],
    );
    await t.rejects(client.reauthenticate(), {
      code: 'HALYARD_ERR_CLIENT_CLOSED',
      message: 'The client is closed (do-not-retry, 4401 Credential expired)',
    });
  },
);

t.test('a client without a provider is closed with 4401 at the expiry', async (t) => {
  const { open } = await setup(t, 100);
  const { client, statuses } = open({ query: { token: 'eve.1.250' } });
  await client.request('whoami');
  await waitFor(() => client.status === 'closed');
  t.strictSame(statuses.at(-1), closedWith4401('Credential expired'));
  const other = open({ query: { token: 'eve.1.60000' } });
  await t.rejects(other.client.reauthenticate(), {
    code: 'HALYARD_ERR_CLIENT_AUTH_FAILED',
    message: 'connect() was given no auth provider',
    details: { stage: 'provider' },
  });
});

t.test(
  'a credential the server refuses: reauthenticate() rejects and the client is closed with 4401',
  async (t) => {
    const { openCounting } = await setup(t, 100);
    const { client, statuses, errors } = openCounting((generation) =>
      generation === 1 ? 'ann.1.60000' : 'forged',
    );
    await client.request('whoami');
    const error = await client.reauthenticate().then(
      () => undefined,
      (reason: HalyardClientError) => reason,
    );
    t.equal(error?.code, 'HALYARD_ERR_CLIENT_AUTH_FAILED');
    t.strictSame(error?.details, { stage: 'server', code: 4401, reason: 'Unknown token' });
    t.match(
      error?.message,
      /^The server did not accept the new credential: The client is closed \(do-not-retry, 4401 Unknown token\)$/,
    );
    t.strictSame(statuses.at(-1), closedWith4401('Unknown token'));
    t.strictSame(errors, [], 'the caller got the rejection; onError only hears automatic refreshes');
  },
);

t.test('every reconnect asks the provider; a failing provider is a failed attempt, retried', async (t) => {
  const { app, openCounting } = await setup(t, 100);
  const { client, statuses, errors } = openCounting(
    (generation) => {
      if (generation === 2) throw new Error('token service down');
      return `ann.${generation}.60000`;
    },
    { authParam: 'token' },
  );
  const first = await client.request('whoami');
  await app.halyard.hub.disconnect(first.connection, 4000, 'Go away');
  await waitFor(() => statuses.filter((change) => change.status === 'open').length === 2);
  const second = await client.request('whoami');
  t.equal(second.generation, 3, 'the reconnect carried the provider’s newest token');
  t.not(second.connection, first.connection);
  t.strictSame(
    statuses.map((change) => [
      change.status,
      'code' in change ? change.code : undefined,
      'reason' in change ? change.reason : undefined,
    ]),
    [
      ['connecting', undefined, undefined],
      ['open', undefined, undefined],
      ['reconnecting', 4000, 'Go away'],
      ['reconnecting', 1006, 'auth provider failed'],
      ['open', undefined, undefined],
    ],
  );
  t.strictSame(
    errors.map((error) => [error.code, error.message]),
    [['HALYARD_ERR_CLIENT_AUTH_FAILED', 'The auth provider failed: token service down']],
  );
});

t.test('a provider returning something that is not a credential is refused before it is sent', async (t) => {
  const { open } = await setup(t, 100);
  const { client, errors } = open({ auth: () => '', reconnect: false });
  await waitFor(() => client.status === 'closed');
  t.strictSame(
    errors.map((error) => [error.code, error.message, error.details]),
    [
      [
        'HALYARD_ERR_CLIENT_AUTH_FAILED',
        'The auth provider must return a string of 1 to 8192 characters',
        { stage: 'provider' },
      ],
    ],
  );
});

t.test(
  'after a 4401 close a client with a provider reconnects once with a fresh credential; the queue goes on',
  async (t) => {
    const { app, openCounting } = await setup(t, 100);
    const { client, statuses, errors } = openCounting((generation) => {
      // The refresh on $expiring fails (a tab asleep, a token service hiccup): the identity expires.
      if (generation === 2) throw new Error('token service down');
      return `ann.${generation}.${generation === 1 ? 300 : 60_000}`;
    });
    const first = await client.request('whoami');
    await waitFor(() => client.status === 'reconnecting');
    t.strictSame(statuses[2], {
      status: 'reconnecting',
      attempt: 1,
      delayMs: (statuses[2] as { delayMs: number }).delayMs,
      code: 4401,
      reason: 'Credential expired',
    });
    client.send('note', { n: 1 }); // queued while reconnecting, delivered on the new socket
    const second = await client.request('whoami');
    t.strictSame(second, { name: 'ann', generation: 3, connection: second.connection });
    t.not(second.connection, first.connection, 'a new socket, with the fresh token');
    t.strictSame(notes, [{ n: 1, generation: 3 }]);
    t.strictSame(
      statuses.map((change) => change.status),
      ['connecting', 'open', 'reconnecting', 'open'],
    );
    t.strictSame(
      errors.map((error) => error.message),
      ['The auth provider failed: token service down'],
    );
    t.equal(app.halyard.hub.connections().length, 1);
  },
);

t.test('a reconnect after 4401 that is refused again ends the client: one retry, no loop', async (t) => {
  const { openCounting } = await setup(t, 100);
  const { client, statuses, errors, calls } = openCounting((generation) => {
    if (generation === 2) throw new Error('token service down');
    return generation === 1 ? 'ann.1.250' : 'forged'; // a session revoked meanwhile
  });
  await client.request('whoami');
  await waitFor(() => client.status === 'closed');
  t.strictSame(
    statuses.map((change) => [change.status, 'code' in change ? change.code : undefined]),
    [
      ['connecting', undefined],
      ['open', undefined],
      ['reconnecting', 4401],
      ['closed', 4401],
    ],
  );
  t.strictSame(statuses.at(-1), {
    status: 'closed',
    cause: 'do-not-retry',
    code: 4401,
    reason: 'HTTP 401: Unknown token',
    httpStatus: 401,
  });
  t.equal(calls(), 3, 'the upgrade, the failed refresh, the one retry');
  t.strictSame(
    errors.map((error) => error.code),
    ['HALYARD_ERR_CLIENT_AUTH_FAILED', 'HALYARD_ERR_CLIENT_UPGRADE_REFUSED'],
  );
});
