import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

/** What one autocannon run against `POST /chat` measured. */
export interface RestFigures {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly clientElu: number;
}

const body = JSON.stringify({ room: 'bench', text: 'hello over REST', userId: 7 });

/** Proves `POST /chat` validates: 200 for a valid body, 400 for each invalid one. */
export async function smokeRest(port: number): Promise<string[]> {
  const post = (payload: unknown) =>
    fetch(`http://127.0.0.1:${port}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
  const problems: string[] = [];
  const ok = await post(JSON.parse(body));
  if (ok.status !== 200) problems.push(`a valid body got ${ok.status}: ${await ok.text()}`);
  for (const invalid of [
    { room: '', text: 'hi', userId: 1 },
    { room: 'bench', text: 'hi', userId: 0 },
    { room: 'bench', text: 'x'.repeat(1001), userId: 1 },
  ]) {
    const refused = await post(invalid);
    if (refused.status !== 400) problems.push(`an invalid body got ${refused.status}`);
  }
  return problems;
}

/** autocannon with `connections` connections for `durationMs` (after a 1 s warm-up run). */
export async function runRest(options: {
  port: number;
  connections: number;
  durationMs: number;
}): Promise<RestFigures> {
  const run = (seconds: number) =>
    autocannon({
      url: `http://127.0.0.1:${options.port}/chat`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: options.connections,
      duration: seconds,
    });
  await run(1);
  const elu = performance.eventLoopUtilization();
  const result = await run(Math.max(1, Math.round(options.durationMs / 1000)));
  return {
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    clientElu: performance.eventLoopUtilization(elu).utilization,
  };
}
