import { randomBytes } from 'node:crypto';
import type { FanoutPlan, FanoutResult, LatencyStats } from './fanout/fanout-client.js';
import { positiveFromEnv } from './env-settings.js';
import { median, runClient, startServer, stopProcess } from './process-helpers.js';

/**
 * Each size of the suite: the environment variable `pnpm bench` reads it from, and its default.
 * `broadcasts` and `perSecond` pace the latency phase: ticks per round and their rate.
 */
export const fanoutSizes = {
  clients: ['BENCH_FANOUT_CLIENTS', 3000],
  broadcasts: ['BENCH_FANOUT_BROADCASTS', 100],
  perSecond: ['BENCH_FANOUT_RATE', 20],
} as const;

export interface FanoutSuiteOptions extends Readonly<Record<keyof typeof fanoutSizes, number>> {
  /** Alternating rounds (1 instance, 3 instances / 3, 1, ...); default `BENCH_FANOUT_ROUNDS` or 3. */
  readonly rounds?: number;
  /** Saturation phase length per round; default `BENCH_FANOUT_SATURATION_MS` or 4000. */
  readonly saturationMs?: number;
  /** Ticks in flight during saturation; default `BENCH_FANOUT_WINDOW` or 16. */
  readonly window?: number;
}

type Case = 1 | 3;

async function measure(instances: Case, plan: Omit<FanoutPlan, 'urls'>): Promise<FanoutResult> {
  const prefix = instances > 1 ? `bench-${randomBytes(4).toString('hex')}` : undefined;
  const started = await Promise.allSettled(
    Array.from({ length: instances }, () => startServer('./fanout/fanout-main.js', prefix ? [prefix] : [])),
  );
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const urls = servers.map(({ port }) => {
      if (port === undefined) throw new Error('fanout-main.js did not report its port');
      return `ws://127.0.0.1:${port}/ws/fanout`;
    });
    return await runClient<FanoutResult>('./fanout/fanout-client-main.js', [
      JSON.stringify({ ...plan, urls }),
    ]);
  } finally {
    await Promise.all(servers.map(({ child }) => stopProcess(child)));
  }
}

/** A latency in ms; a side with no deliveries (one instance has no remote clients) has none. */
const ms = (value: number | null): string =>
  typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(2)} ms` : '—';

const medianOf = (values: ReadonlyArray<number | null>): number | null => {
  const present = values.filter((value): value is number => value !== null);
  return present.length === 0 ? null : median(present);
};

interface Summary {
  readonly local: { p50: number | null; p99: number | null };
  readonly remote: { p50: number | null; p99: number | null };
  readonly paced: { deliveries: number; expected: number };
  readonly perSecond: number;
  readonly saturated: { p50: number | null; p99: number | null };
  readonly saturation: { deliveries: number; expected: number };
}

function summarize(results: readonly FanoutResult[]): Summary {
  const latency = (pick: (result: FanoutResult) => LatencyStats) => ({
    p50: medianOf(results.map((result) => pick(result).p50)),
    p99: medianOf(results.map((result) => pick(result).p99)),
  });
  const sum = (pick: (result: FanoutResult) => number): number =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    local: latency((result) => result.paced.local),
    remote: latency((result) => result.paced.remote),
    paced: { deliveries: sum((r) => r.paced.deliveries), expected: sum((r) => r.paced.expected) },
    perSecond: median(results.map((result) => result.saturation.deliveriesPerSecond)),
    saturated: latency((result) => result.saturation.latency),
    saturation: {
      deliveries: sum((r) => r.saturation.deliveries),
      expected: sum((r) => r.saturation.expected),
    },
  };
}

const ratio = (a: number | null, b: number | null): string =>
  a !== null && b !== null && b > 0 ? `${(a / b).toFixed(2)}x` : '—';

/**
 * Room broadcast to many clients: one instance with the memory adapter against three instances
 * sharing the room through Redis, in alternating rounds; each round has a paced latency phase and
 * an unpaced saturation phase. Returns the Markdown section (medians over the rounds).
 */
export async function runFanoutSuite(options: FanoutSuiteOptions): Promise<string> {
  const rounds = options.rounds ?? positiveFromEnv('BENCH_FANOUT_ROUNDS', 3);
  const plan: Omit<FanoutPlan, 'urls'> = {
    clients: options.clients,
    pacedBroadcasts: options.broadcasts,
    perSecond: options.perSecond,
    saturationMs: options.saturationMs ?? positiveFromEnv('BENCH_FANOUT_SATURATION_MS', 4000),
    window: options.window ?? positiveFromEnv('BENCH_FANOUT_WINDOW', 16),
    drainTimeoutMs: 10_000,
  };
  const results: Record<Case, FanoutResult[]> = { 1: [], 3: [] };
  for (let round = 0; round < rounds; round++) {
    for (const instances of round % 2 === 0 ? ([1, 3] as const) : ([3, 1] as const)) {
      const result = await measure(instances, plan);
      results[instances].push(result);
      const { paced, saturation } = result;
      console.log(
        `round ${round + 1} ${instances} instance${instances > 1 ? 's' : ' '}: ` +
          `paced ${paced.deliveries}/${paced.expected}, local p50 ${ms(paced.local.p50)} p99 ${ms(paced.local.p99)}, ` +
          `remote p50 ${ms(paced.remote.p50)} p99 ${ms(paced.remote.p99)}; ` +
          `saturation ${saturation.deliveries}/${saturation.expected} in ${saturation.seconds.toFixed(2)} s = ` +
          `${saturation.deliveriesPerSecond.toFixed(0)}/s, p50 ${ms(saturation.latency.p50)} p99 ${ms(saturation.latency.p99)}`,
      );
    }
  }
  const single = summarize(results[1]);
  const cluster = summarize(results[3]);
  const delivered = (counts: { deliveries: number; expected: number }): string =>
    `${counts.deliveries} of ${counts.expected}`;
  const latencyTable = [
    '| case | p50 latency | p99 latency | delivered |',
    '| --- | ---: | ---: | ---: |',
    `| 1 instance, memory adapter: all clients | ${ms(single.local.p50)} | ${ms(single.local.p99)} | ${delivered(single.paced)} |`,
    `| 3 instances over Redis: clients on the sender's instance | ${ms(cluster.local.p50)} | ${ms(cluster.local.p99)} | ${delivered(cluster.paced)} (all clients) |`,
    `| 3 instances over Redis: clients on the other two (cross-instance) | ${ms(cluster.remote.p50)} | ${ms(cluster.remote.p99)} | |`,
    `| **ratio cross-instance / 1 instance** | **${ratio(cluster.remote.p50, single.local.p50)}** | **${ratio(cluster.remote.p99, single.local.p99)}** | |`,
  ].join('\n');
  const throughputTable = [
    '| case | deliveries / s (median) | p50 latency | p99 latency | delivered |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| 1 instance, memory adapter | ${single.perSecond.toFixed(0)} | ${ms(single.saturated.p50)} | ${ms(single.saturated.p99)} | ${delivered(single.saturation)} |`,
    `| 3 instances over Redis | ${cluster.perSecond.toFixed(0)} | ${ms(cluster.saturated.p50)} | ${ms(cluster.saturated.p99)} | ${delivered(cluster.saturation)} |`,
    `| **ratio 3 instances / 1** | **${ratio(cluster.perSecond, single.perSecond)}** | | | |`,
  ].join('\n');
  const pacedLoad = options.clients * options.perSecond;
  const pacedShare = cluster.perSecond > 0 ? `${((pacedLoad / cluster.perSecond) * 100).toFixed(0)} %` : '—';
  console.log(`\n${latencyTable}\n\n${throughputTable}\n`);
  return `## Room broadcast across instances (Redis)

${options.clients} clients (spread evenly over the instances) in one room; one sender on the first instance
broadcasts through \`hub.toRoom\`; each client measures the time from send to receipt. ${rounds} alternating
rounds (1 instance with the memory adapter, 3 instances sharing the room through the local Redis);
medians of the per-round figures shown. Every process (instances, the one client process holding
all sockets) is separate, and all of them and Redis share the machine's cores, so the 3-instance
figures include that contention and the client process can be the bottleneck of either case.

**Latency (paced):** ${options.broadcasts} ticks at ${options.perSecond}/s per round, i.e. ${pacedLoad} deliveries/s:
${pacedShare} of the 3-instance saturation throughput measured below (above ~80 %, these latencies
include queueing).

${latencyTable}

**Throughput (saturation):** the sender keeps ${plan.window} ticks in flight (sent, not yet received
by every client) for ${plan.saturationMs} ms, then the phase drains; deliveries/s = deliveries from the
first send to the last receipt, divided by that time.

${throughputTable}

Sizes come from \`BENCH_FANOUT_CLIENTS\`, \`BENCH_FANOUT_BROADCASTS\`, \`BENCH_FANOUT_RATE\`,
\`BENCH_FANOUT_ROUNDS\`, \`BENCH_FANOUT_SATURATION_MS\` and \`BENCH_FANOUT_WINDOW\`.
`;
}
