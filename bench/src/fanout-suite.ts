import { randomBytes } from 'node:crypto';
import type { FanoutResult } from './fanout/fanout-client.js';
import { runClient, startProcess, stopProcess } from './process-helpers.js';

export interface FanoutSuiteOptions {
  readonly clients: number;
  readonly broadcasts: number;
  readonly perSecond: number;
}

async function measure(instances: number, options: FanoutSuiteOptions): Promise<FanoutResult> {
  const prefix = instances > 1 ? `bench-${randomBytes(4).toString('hex')}` : undefined;
  const ports = Array.from({ length: instances }, (_, index) => 42_000 + index);
  const servers = await Promise.all(
    ports.map((port) =>
      startProcess('./fanout/fanout-main.js', prefix ? [String(port), prefix] : [String(port)]),
    ),
  );
  try {
    return await runClient<FanoutResult>('./fanout/fanout-client-main.js', [
      ports.map((port) => `ws://127.0.0.1:${port}/ws/fanout`).join(','),
      String(options.clients),
      String(options.broadcasts),
      String(options.perSecond),
    ]);
  } finally {
    await Promise.all(servers.map(stopProcess));
  }
}

/** A latency in ms; a side with no deliveries (one instance has no remote clients) has none. */
const ms = (value: number | null): string =>
  typeof value === 'number' && Number.isFinite(value) ? `${value.toFixed(2)} ms` : '—';

const row = (name: string, result: FanoutResult, side: 'local' | 'remote'): string => {
  const stats = result[side];
  return `| ${name} | ${stats.count} | ${ms(stats.p50)} | ${ms(stats.p99)} |`;
};

/**
 * Room broadcast to many clients: one instance with the memory adapter, then three instances
 * sharing the room through Redis; returns the Markdown section.
 */
export async function runFanoutSuite(options: FanoutSuiteOptions): Promise<string> {
  const single = await measure(1, options);
  const cluster = await measure(3, options);
  for (const [name, result] of [
    ['1 instance', single],
    ['3 instances', cluster],
  ] as const) {
    console.log(
      `${name}: ${result.deliveries}/${result.expected} deliveries, ${result.deliveriesPerSecond.toFixed(0)}/s, local p50 ${ms(result.local.p50)} p99 ${ms(result.local.p99)}, remote p50 ${ms(result.remote.p50)} p99 ${ms(result.remote.p99)}`,
    );
  }
  const table = [
    '| case | deliveries | p50 latency | p99 latency |',
    '| --- | ---: | ---: | ---: |',
    row('1 instance, memory adapter: all clients', single, 'local'),
    row("3 instances over Redis: clients on the sender's instance", cluster, 'local'),
    row('3 instances over Redis: clients on the other two (cross-instance)', cluster, 'remote'),
  ].join('\n');
  const throughput = [
    '| case | deliveries / s | delivered |',
    '| --- | ---: | ---: |',
    `| 1 instance | ${single.deliveriesPerSecond.toFixed(0)} | ${single.deliveries} of ${single.expected} |`,
    `| 3 instances over Redis | ${cluster.deliveriesPerSecond.toFixed(0)} | ${cluster.deliveries} of ${cluster.expected} |`,
    `| **ratio 3 instances / 1** | **${(cluster.deliveriesPerSecond / single.deliveriesPerSecond).toFixed(2)}x** | |`,
  ].join('\n');
  console.log(`\n${table}\n\n${throughput}\n`);
  return `## Room broadcast across instances (Redis)

${options.clients} clients (spread evenly over the instances) in one room; one sender on the first
instance broadcasts ${options.broadcasts} ticks at ${options.perSecond}/s through \`hub.toRoom\`; each client measures
the time from send to receipt. Every process (instances, the client) is separate; Redis is the local
server. All of this shares the machine's cores, so the 3-instance figures include that contention.

${table}

${throughput}
`;
}
