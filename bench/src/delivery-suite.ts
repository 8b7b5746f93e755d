import { randomBytes } from 'node:crypto';
import type { DeliveryPlan, DeliveryResult } from './delivery/delivery-client.js';
import { markdownTable } from './markdown-table.js';
import { median, runClient, startServer, stopProcess } from './process-helpers.js';

/** Each size of the suite: the environment variable `pnpm bench` reads it from, and its default. */
export const deliverySizes = {
  subscribers: ['BENCH_DELIVERY_SUBSCRIBERS', 20],
  messages: ['BENCH_DELIVERY_MESSAGES', 5000],
  rounds: ['BENCH_DELIVERY_ROUNDS', 3],
} as const;

export type DeliverySuiteOptions = Readonly<Record<keyof typeof deliverySizes, number>>;

type Adapter = 'memory' | 'redis';

async function measure(adapter: Adapter, plan: Omit<DeliveryPlan, 'url'>): Promise<DeliveryResult> {
  const args = [
    String(plan.messages),
    ...(adapter === 'redis' ? [`bench-${randomBytes(4).toString('hex')}`] : []),
  ];
  const { child, port } = await startServer('./delivery/delivery-main.js', args);
  try {
    if (port === undefined) throw new Error('delivery-main.js did not report its port');
    return await runClient<DeliveryResult>('./delivery/delivery-client-main.js', [
      JSON.stringify({ ...plan, url: `ws://127.0.0.1:${port}/ws/delivery` }),
    ]);
  } finally {
    await stopProcess(child);
  }
}

const perSecond = (value: number): string => `${Math.round(value).toLocaleString('en-US')}`;

/**
 * Streams (docs/delivery.md): pushes per second with `hub.toRoom` to a stream room against a plain
 * room, in alternating rounds on one instance, and how fast a `$resume` replays a room's log, on
 * the memory adapter and on Redis. Returns the Markdown section (medians over the rounds).
 */
export async function runDeliverySuite(options: DeliverySuiteOptions): Promise<string> {
  const plan = { subscribers: options.subscribers, messages: options.messages, rounds: options.rounds };
  const rows: string[][] = [];
  for (const adapter of ['memory', 'redis'] as const) {
    const result = await measure(adapter, plan);
    const plain = median(result.plain);
    const stream = median(result.stream);
    const replay = median(result.replay);
    console.log(
      `${adapter}: plain ${result.plain.map(perSecond).join(' / ')}; stream ${result.stream.map(perSecond).join(' / ')}; ` +
        `replay ${result.replay.map(perSecond).join(' / ')} messages/s`,
    );
    rows.push([
      adapter === 'memory' ? 'memory adapter' : 'Redis (local)',
      perSecond(plain),
      perSecond(stream),
      `**${(stream / plain).toFixed(2)}x**`,
      perSecond(replay),
    ]);
  }
  const table = markdownTable(
    [
      'adapter',
      '`toRoom`, plain room (pushes/s)',
      '`toRoom`, stream room (pushes/s)',
      'ratio stream / plain',
      'replay (messages/s)',
    ],
    rows,
  );
  console.log(`\n${table}\n`);
  return `## Delivery: stream rooms and replay

One instance (its own process), ${options.subscribers} subscribers in the room and one sender (a separate
client process). A \`burst\` message makes the handler push ${options.messages} ticks with \`hub.toRoom\`,
awaiting each; pushes/s = ${options.messages} divided by the time from sending \`burst\` to the last tick at the last
subscriber. The plain room (\`plain:<n>\`) is at most once; the stream room (\`stream:<n>\`, \`websocket.streams\`
with \`maxCount: ${options.messages}\`) appends each push to its log (memory: a ring buffer; Redis: one script with
\`XADD\` and \`PUBLISH\` instead of one \`PUBLISH\`) and adds its position to the frame. Replay: a new socket in
the stream room sends \`$resume\` from offset 0 and counts the ${options.messages} replayed frames up to \`$resumed\`.
${options.rounds} alternating rounds per adapter, medians shown.

${table}

Run alone with \`BENCH_SUITES=delivery BENCH_OUT=/tmp/delivery.md npx -y pnpm@10.34.9 --filter @halyard/bench bench\`; sizes
from \`BENCH_DELIVERY_SUBSCRIBERS\`, \`BENCH_DELIVERY_MESSAGES\` and \`BENCH_DELIVERY_ROUNDS\`.
`;
}
