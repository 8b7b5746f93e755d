import 'reflect-metadata';
import t from 'tap';
import { IsInt, Max, Min } from 'class-validator';
import { Message, OnMessage, WebSocket } from '@halyard/core';
import { connectSocket } from '@halyard/core/testing';
import type { AdminSnapshot, LatencyReport } from '../src/index.js';
import { appWithAdmin, bearer, token } from './fixtures.js';

class Wait {
  @IsInt() @Min(0) @Max(1_000) ms!: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Handlers that take as long as the message says, so each duration falls in a known bucket. */
@WebSocket('/timed')
class TimedSocket {
  @OnMessage('wait', { reply: Wait }) async wait(@Message() wait: Wait): Promise<Wait> {
    await sleep(wait.ms);
    return wait;
  }

  @OnMessage('fail', { reply: null }) async fail(@Message() wait: Wait): Promise<never> {
    await sleep(wait.ms);
    throw new Error('the handler broke');
  }
}

/**
 * 5 messages of 60 ms (bucket 50–100), 4 of 130 ms (100–250) and 1 of 300 ms (250–500): from the
 * counts alone, as histogram_quantile computes them, p50 = 50 + 50 × 5/5 = 100, p95 = 250 + 250 ×
 * (9.5 − 9)/1 = 375 and p99 = 250 + 250 × (9.9 − 9)/1 = 475. The margins (≥ 10 ms to each bound)
 * absorb timer jitter.
 */
const waits = [60, 60, 60, 60, 60, 130, 130, 130, 130, 300];

/** The outcome counts of a row whose messages all ended before their socket closed. */
const outcomes = (ok: number, rejected: number, error: number) => ({ ok, rejected, error, closed: 0 });

/** The whole latency row of a /timed message type, with its p50, p95 and p99 in ms. */
const timedRow = (
  row: { type: string; count: number },
  counted: ReturnType<typeof outcomes>,
  [p50Ms, p95Ms, p99Ms]: [number, number, number],
) => ({ route: '/timed', ...row, outcomes: counted, p50Ms, p95Ms, p99Ms });

t.test('GET latency: handler-duration percentiles per route and declared type', async (t) => {
  const app = await appWithAdmin({ token }, [TimedSocket]);
  t.teardown(() => app.close());
  const empty = await app.inject({ url: '/admin/api/latency', headers: bearer });
  t.equal(empty.statusCode, 200);
  t.strictSame(empty.json(), {
    bucketsMs: [0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    rows: [],
  } satisfies LatencyReport);

  const client = await connectSocket(app, '/timed');
  t.teardown(() => client.close());
  const replies = waits.map((ms, index) => client.request('wait', { ms }).then(() => index));
  const failed = client.request('fail', { ms: 60 });
  client.send('shout', { text: 'not declared' }, 'u1');
  client.sendRaw('{ not json');
  t.strictSame((await Promise.all(replies)).length, 10);
  t.match(await failed, { type: 'error', error: { code: 'HALYARD_ERR_INTERNAL' } });
  t.match(await client.next((frame) => frame.id === 'u1'), {
    error: { code: 'HALYARD_ERR_WS_UNKNOWN_TYPE' },
  });
  t.match(await client.next((frame) => frame.type === 'error' && frame.id === undefined), {
    error: { code: 'HALYARD_ERR_WS_MALFORMED_JSON' },
  });

  const answer = await app.inject({ url: '/admin/api/latency', headers: bearer });
  t.equal(answer.statusCode, 200);
  t.equal(answer.headers['cache-control'], 'no-store');
  const { rows } = answer.json() as LatencyReport;
  t.strictSame(
    rows.map(({ route, type }) => `${route} ${type}`),
    ['/timed fail', '/timed other', '/timed wait'],
    'one row per route and declared type; an undeclared type and a frame that is no envelope are `other`',
  );
  // One message in the 50–100 bucket: 50 + 50 × q.
  t.strictSame(rows[0], timedRow({ type: 'fail', count: 1 }, outcomes(0, 0, 1), [75, 97.5, 99.5]));
  t.match(rows[1], { count: 2, outcomes: outcomes(0, 2, 0) });
  t.strictSame(rows[2], timedRow({ type: 'wait', count: 10 }, outcomes(10, 0, 0), [100, 375, 475]));

  // The live feed's snapshot carries the same rows for the page.
  const live = await connectSocket(app, '/admin/live', { headers: bearer });
  t.teardown(() => live.close());
  const snapshot = (await live.nextPush('snapshot')).data as AdminSnapshot;
  t.strictSame(snapshot.latency, rows);
});

t.test('GET latency is behind the admin guard', async (t) => {
  const app = await appWithAdmin({ token }, [TimedSocket]);
  t.teardown(() => app.close());
  const answer = await app.inject({ url: '/admin/api/latency' });
  t.equal(answer.statusCode, 401);
  t.equal(answer.json().code, 'HALYARD_ERR_UNAUTHORIZED');
});

t.test('latency: false measures nothing: no route, and snapshots carry null', async (t) => {
  const app = await appWithAdmin({ token, latency: false }, [TimedSocket]);
  t.teardown(() => app.close());
  const answer = await app.inject({ url: '/admin/api/latency', headers: bearer });
  t.equal(answer.statusCode, 404);
  const live = await connectSocket(app, '/admin/live', { headers: bearer });
  t.teardown(() => live.close());
  const snapshot = (await live.nextPush('snapshot')).data as AdminSnapshot;
  t.equal(snapshot.latency, null);
});

t.test('latency must be a boolean', async (t) => {
  await t.rejects(appWithAdmin({ token, latency: 'yes' as unknown as boolean }, [TimedSocket]), {
    code: 'HALYARD_ERR_ADMIN_OPTIONS_INVALID',
    message: /latency must be true or false \(got string\)/,
  });
});
