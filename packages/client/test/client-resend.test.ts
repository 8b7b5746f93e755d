import t from 'tap';
import { connect, type DefineSchema, type HalyardClientError, type StatusChange } from '../src/index.js';
import {
  type MoveDto,
  type MoveResult,
  type NoteDto,
  type SlowDto,
  sleep,
  startServer,
  type TestServer,
  waitFor,
  type Waited,
} from './fixtures/test-server.js';

// `note` carries an extra `pad` here only to make its frame big: the server cuts it off before
// validation ever sees it.
type GameSchema = DefineSchema<{
  move: [MoveDto, MoveResult];
  slow: [SlowDto, Waited];
  note: [NoteDto & { pad?: string }, void];
}>;

const fast = { initialDelayMs: 10, maxDelayMs: 20 };

/** The rejection of `promise`, or `'still pending'` after `ms` (the bug being guarded: it never settles). */
async function outcome(promise: Promise<unknown>, ms = 3_000): Promise<unknown> {
  return Promise.race([
    promise.then(
      (value) => ({ resolved: value }),
      (error: HalyardClientError) => ({ code: error.code, message: error.message, details: error.details }),
    ),
    sleep(ms).then(() => 'still pending'),
  ]);
}

/** Closes the server side of the client's (only) connection, as a server refusing a frame would. */
async function closeConnection(server: TestServer, code: number, reason: string): Promise<void> {
  await waitFor(() => server.hub.connections().length === 1);
  await server.hub.disconnect(server.hub.connections()[0]?.id as string, code, reason);
}

t.test('a request whose frame closed the socket with 1009 is rejected once, never re-sent', async (t) => {
  const server = await startServer({ maxPayload: 1024 });
  t.teardown(() => server.close());
  const client = connect<GameSchema>(`${server.url}/game`, { query: { name: 'ann' }, reconnect: fast });
  t.teardown(() => client.close());
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  await client.ready();

  const poison = client.request('note', { n: 1, pad: 'x'.repeat(2_000) }, { timeoutMs: Infinity });
  t.strictSame(await outcome(poison), {
    code: 'HALYARD_ERR_CLIENT_FRAME_REFUSED',
    message: '"note" (id 1) is not re-sent: the server closed with 1009 after it',
    details: { type: 'note', id: '1', resends: 0, code: 1009, reason: '' },
  });
  await client.ready();
  t.strictSame(await client.request('move', { x: 1, y: 2 }), {
    status: 'ok',
    turn: 1,
    at: '2026-01-01T00:00:00.000Z',
  });
  await sleep(100);
  t.equal(server.hub.stats().connectionsTotal, 2, 'one reconnect, no loop of refused re-sends');
  t.strictSame(server.recorder.notes, [], 'the big frame never reached the handler');
  t.strictSame(
    changes
      .filter((change) => change.status === 'reconnecting')
      .map((change) => 'code' in change && change.code),
    [1009],
  );
});

t.test('after 1009 the largest request in flight is blamed; the others are re-sent', async (t) => {
  const server = await startServer({ maxPayload: 1024 });
  t.teardown(() => server.close());
  const client = connect<GameSchema>(`${server.url}/game`, { query: { name: 'ann' }, reconnect: fast });
  t.teardown(() => client.close());
  await client.ready();

  const slow = client.request('slow', { ms: 200 }, { timeoutMs: Infinity });
  const poison = client.request('note', { n: 1, pad: 'x'.repeat(2_000) }, { timeoutMs: Infinity });
  const small = client.request('slow', { ms: 201 }, { timeoutMs: Infinity }); // written last
  t.strictSame(await outcome(poison), {
    code: 'HALYARD_ERR_CLIENT_FRAME_REFUSED',
    message: '"note" (id 2) is not re-sent: the server closed with 1009 after it',
    details: { type: 'note', id: '2', resends: 0, code: 1009, reason: '' },
  });
  t.strictSame(await outcome(slow), { resolved: { ms: 200 } });
  t.strictSame(await outcome(small), { resolved: { ms: 201 } });
  t.strictSame(
    server.recorder.slows,
    [200, 200, 201],
    'the first slow was read before the big frame (handled twice), the last one after (once)',
  );
});

t.test('after 1007 or 1003 the request written last is blamed; the others are re-sent', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  for (const [code, reason] of [
    [1007, 'Invalid frame payload data'],
    [1003, 'Unsupported data'],
  ] as const) {
    const client = connect<GameSchema>(`${server.url}/game`, { query: { name: 'ann' }, reconnect: fast });
    await client.ready();
    server.recorder.slows.length = 0;
    const first = client.request('slow', { ms: 300 }, { timeoutMs: Infinity });
    const last = client.request('slow', { ms: 301 }, { timeoutMs: Infinity });
    await waitFor(() => server.recorder.slows.length === 2);
    await closeConnection(server, code, reason);
    t.strictSame(await outcome(last), {
      code: 'HALYARD_ERR_CLIENT_FRAME_REFUSED',
      message: `"slow" (id 2) is not re-sent: the server closed with ${code} after it`,
      details: { type: 'slow', id: '2', resends: 0, code, reason },
    });
    t.strictSame(await outcome(first), { resolved: { ms: 300 } });
    t.strictSame(server.recorder.slows, [300, 301, 300]);
    client.close();
    await waitFor(() => server.hub.connections().length === 0);
  }
});

t.test('re-sends are capped: maxResends (default 3), per client and per request', async (t) => {
  const server = await startServer();
  t.teardown(() => server.close());
  const run = async (
    options: { client?: number; request?: number },
    expectedSends: number,
  ): Promise<unknown> => {
    server.recorder.slows.length = 0;
    const client = connect<GameSchema>(`${server.url}/game`, {
      query: { name: 'ann' },
      reconnect: fast,
      ...(options.client === undefined ? {} : { maxResends: options.client }),
    });
    await client.ready();
    const request = client.request(
      'slow',
      { ms: 5_000 },
      { timeoutMs: Infinity, ...(options.request === undefined ? {} : { maxResends: options.request }) },
    );
    const settled = outcome(request, 5_000);
    // The handler never gets to answer: every time the request arrives, the connection drops.
    for (let sends = 1; sends <= expectedSends; sends++) {
      await waitFor(() => server.recorder.slows.length === sends);
      await closeConnection(server, 1012, 'restarting');
    }
    const result = await settled;
    await client.ready();
    await sleep(50);
    t.equal(server.recorder.slows.length, expectedSends, 'not sent again after the rejection');
    client.close();
    await waitFor(() => server.hub.connections().length === 0);
    return result;
  };

  t.strictSame(await run({}, 4), {
    code: 'HALYARD_ERR_CLIENT_RESEND_LIMIT',
    message: '"slow" (id 1) is not re-sent: already re-sent 3 times (maxResends)',
    details: { type: 'slow', id: '1', resends: 3, code: 1012, reason: 'restarting' },
  });
  t.match(await run({ client: 1 }, 2), { code: 'HALYARD_ERR_CLIENT_RESEND_LIMIT', details: { resends: 1 } });
  t.match(await run({ client: 5, request: 0 }, 1), {
    code: 'HALYARD_ERR_CLIENT_RESEND_LIMIT',
    details: { resends: 0 },
  });
});
