/**
 * Fuzzes the REST side of a live app (port 0, real HTTP): hostile JSON bodies, bytes that are not
 * UTF-8, wrong media types, hostile query strings and path segments, on DTO routes of both
 * validation paths. Invariants, per request or per run:
 *
 * - every answer is 2xx, or a 4xx `application/problem+json` whose `code` is in the error table,
 *   whose `status` is the HTTP status and whose `instance` is the path without the query; never 5xx;
 * - no error-level log line (client input is logged at info);
 * - the event loop is never blocked longer than `maxLoopStallMs` during a run;
 * - no unhandled rejection or uncaught exception;
 * - a bystander WebSocket keeps being served `$pong`s and replies;
 * - afterwards the WebSocket runtime is idle.
 *
 * `HALYARD_FUZZ_RUNS=5000 HALYARD_FUZZ_SEED=42 npx tap packages/core/test/fuzz/rest-fuzz.test.ts`
 * runs longer (default 250 runs of 1-4 requests); a failure prints the seed, path and request.
 */
import 'reflect-metadata';
import t from 'tap';
import fc from 'fast-check';
import { errorTable } from '../../src/index.js';
import { fuzzRuns, runFuzzSuite } from './fuzz-harness.js';
import { hostileRequestArb, send, type Answer, type HostileRequest } from './http-requests.js';

const runs = fuzzRuns(250);

/** Why an answer breaks the REST invariant, or undefined when it keeps it. */
function answerProblem(request: HostileRequest, answer: Answer): string | undefined {
  if (answer.status >= 200 && answer.status < 300) return undefined;
  if (answer.status < 400 || answer.status >= 500)
    return `status ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (!answer.contentType.startsWith('application/problem+json'))
    return `a ${answer.status} is not problem+json: ${answer.contentType}`;
  const body = JSON.parse(answer.text) as { status?: unknown; code?: unknown; instance?: unknown };
  if (body.status !== answer.status) return `problem status ${String(body.status)} for HTTP ${answer.status}`;
  if (typeof body.code !== 'string' || !Object.hasOwn(errorTable, body.code))
    return `undocumented code ${String(body.code)}`;
  const path = request.path.split('?')[0];
  if (body.instance !== path) return `instance ${String(body.instance)} is not the path ${path}`;
  return undefined;
}

function show(request: HostileRequest): string {
  const body = request.body?.toString('utf8') ?? '';
  return `${request.method} ${request.path.slice(0, 300)} [${request.contentType ?? '-'}] ${body.slice(0, 300)}${body.length > 300 ? `… (${body.length} bytes)` : ''}`;
}

t.test('hostile HTTP requests get 2xx or a documented 4xx problem, and stall nothing', async (t) => {
  let requests = 0;
  const statuses = new Map<number, number>();
  await runFuzzSuite(t, {
    runs,
    input: fc.array(hostileRequestArb, { minLength: 1, maxLength: 4 }),
    attack: async ({ port }, batch) => {
      for (const request of batch) {
        const answer = await send(port, request);
        requests++;
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const broken = answerProblem(request, answer);
        if (broken) throw new Error(`${broken}\n  request: ${show(request)}`);
      }
    },
    sent: () => `${requests} requests`,
    more: () => `; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
  });
});
