import type { LoadResult } from './load-client.js';
import { median, runClient, startProcess, stopProcess } from './process-helpers.js';

/** Each setting of the request/reply suites: the environment variable `pnpm bench` reads it from, and its default. */
export const messageSizes = {
  rounds: ['BENCH_ROUNDS', 3],
  durationMs: ['BENCH_DURATION_MS', 4000],
  connections: ['BENCH_CONNECTIONS', 50],
  window: ['BENCH_WINDOW', 10],
} as const;

export type MessageSuiteOptions = Readonly<Record<keyof typeof messageSizes, number>>;

/** One round of the request/reply load against `server-main.js <kind>` (a server of its own) on `port`. */
export async function measureRequestReply(
  kind: string,
  port: number,
  options: MessageSuiteOptions,
): Promise<LoadResult> {
  const server = await startProcess('./server-main.js', [kind, String(port)]);
  try {
    return await runClient<LoadResult>('./client-main.js', [
      `ws://127.0.0.1:${port}/ws/chat/bench`,
      String(options.connections),
      String(options.window),
      String(options.durationMs),
    ]);
  } finally {
    await stopProcess(server);
  }
}

/**
 * Halyard's validated request/reply path against plain fastify + @fastify/websocket with
 * hand-written checks, in alternating rounds; returns the Markdown section.
 */
export async function runMessageSuite(options: MessageSuiteOptions): Promise<string> {
  const results: Record<'halyard' | 'baseline', LoadResult[]> = { halyard: [], baseline: [] };
  for (let round = 0; round < options.rounds; round++) {
    for (const kind of round % 2 === 0
      ? (['baseline', 'halyard'] as const)
      : (['halyard', 'baseline'] as const)) {
      const result = await measureRequestReply(
        kind,
        41_000 + round * 2 + (kind === 'halyard' ? 1 : 0),
        options,
      );
      if (result.errors > 0)
        throw new Error(`${kind} answered ${result.errors} error frames to valid messages`);
      results[kind].push(result);
      console.log(
        `round ${round + 1} ${kind.padEnd(8)} ${result.perSecond.toFixed(0).padStart(7)} msg/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms`,
      );
    }
  }
  const summary = (kind: 'halyard' | 'baseline') => ({
    perSecond: median(results[kind].map((r) => r.perSecond)),
    p50: median(results[kind].map((r) => r.p50Ms)),
    p99: median(results[kind].map((r) => r.p99Ms)),
  });
  const halyard = summary('halyard');
  const baseline = summary('baseline');
  const table = [
    '| case | messages/s (median) | p50 latency | p99 latency |',
    '| --- | ---: | ---: | ---: |',
    `| baseline: fastify + @fastify/websocket, hand-written checks | ${baseline.perSecond.toFixed(0)} | ${baseline.p50.toFixed(2)} ms | ${baseline.p99.toFixed(2)} ms |`,
    `| halyard: @WebSocket + class-validator DTO | ${halyard.perSecond.toFixed(0)} | ${halyard.p50.toFixed(2)} ms | ${halyard.p99.toFixed(2)} ms |`,
    `| **ratio halyard / baseline** | **${(halyard.perSecond / baseline.perSecond).toFixed(2)}x** | | |`,
  ].join('\n');
  console.log(`\n${table}\n`);
  return `## Validated WebSocket request/reply

Each case runs its server and the load client in separate processes on 127.0.0.1:
${options.connections} connections, ${options.window} requests in flight on each, ${options.durationMs} ms measured after 1 s of
warm-up, ${options.rounds} alternating rounds, medians shown. Every request carries a DTO with three
constrained fields and is answered with a reply; the baseline checks the same rules by hand.

${table}
`;
}
