import { systems, type SystemName } from '../systems/registry.js';
import { markdownTable as table } from '../markdown-table.js';
import { median } from '../process-helpers.js';
import type { SuitePlan } from './plan.js';
import type { SuiteSamples } from './side-by-side-suite.js';

/** Above this client event-loop utilisation the client, not the server, may be the limit. */
const saturated = 0.9;

type Medians = Record<string, number>;

const med = <T>(list: readonly T[] | undefined, pick: (item: T) => number): number | undefined =>
  list && list.length > 0 ? median(list.map(pick)) : undefined;

const num = (value: number | undefined, digits = 0): string =>
  value === undefined ? '—' : value.toFixed(digits);

const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`;

/** A throughput figure, marked `≥` where the client's event loop was saturated in most rounds. */
const bound = (value: number | undefined, elu: number | undefined): string =>
  value === undefined ? '—' : `${elu !== undefined && elu > saturated ? '≥ ' : ''}${value.toFixed(0)}`;

/** The Markdown section of the side-by-side suite and the medians for the JSON line. */
export function reportSideBySide(
  plan: SuitePlan,
  samples: SuiteSamples,
): { markdown: string; medians: Medians } {
  const medians: Medians = {};
  const keep = (key: string, value: number | undefined): number | undefined => {
    if (value !== undefined) medians[key] = Number(value.toFixed(3));
    return value;
  };
  /** The median of one field per system, kept under `<prefix>.<system>.<key>` for the JSON line. */
  const figures =
    <T>(prefix: string, bySystem: Partial<Record<SystemName, readonly T[]>>) =>
    (key: string, pick: (sample: T) => number) =>
    (system: SystemName): number | undefined =>
      keep(`${prefix}.${system}.${key}`, med(bySystem[system], pick));
  const names = plan.systems;
  const hasPair = names.includes('halyard') && names.includes('fastify-ws');
  const pairHeader = hasPair ? ['Halyard / fastify-ws'] : [];
  const sections: string[] = [];

  if (plan.load.length > 0) {
    const throughput: string[][] = [];
    const cpu: string[][] = [];
    for (const scenario of plan.load) {
      const figure = figures(`load.${scenario.name}`, samples.load[scenario.name] ?? {});
      const rate = figure('perSecond', (s) => s.perSecond);
      const elu = figure('clientElu', (s) => s.clientElu);
      const micros = figure('serverCpuMicrosPerMessage', (s) => s.serverCpuMicrosPerMessage);
      const p99 = figure('p99Ms', (s) => s.p99Ms);
      names.forEach(p99);
      throughput.push([
        `${scenario.connections} × ${scenario.window}`,
        ...names.map((system) => bound(rate(system), elu(system))),
        ...(hasPair ? [ratio(rate('halyard'), rate('fastify-ws'))] : []),
      ]);
      cpu.push([
        `${scenario.connections} × ${scenario.window}`,
        ...names.map((system) => num(micros(system), 1)),
        ...(hasPair ? [ratio(micros('halyard'), micros('fastify-ws'))] : []),
      ]);
      keep(`load.${scenario.name}.maxClientElu`, Math.max(...names.map((system) => elu(system) ?? 0)));
    }
    const header = ['connections × in flight', ...names, ...pairHeader];
    sections.push(`### Request/reply: messages per second (median)

${table(header, throughput)}

### Request/reply: server CPU per message (µs, median; process.cpuUsage in the server)

${table(header, cpu)}
`);
  }

  if (plan.idle) {
    const figure = figures('idle', samples.idle);
    const rss = figure('rssKb', (s) => s.rssKbPerConnection);
    const heap = figure('heapKb', (s) => s.heapKbPerConnection);
    const rows = [
      ['RSS', ...names.map((system) => num(rss(system), 2))],
      ['heap + external', ...names.map((system) => num(heap(system), 2))],
    ];
    if (hasPair) {
      const diff = (a?: number, b?: number) =>
        a === undefined || b === undefined ? '—' : `${a - b >= 0 ? '+' : ''}${(a - b).toFixed(2)} KB`;
      rows[0]?.push(diff(rss('halyard'), rss('fastify-ws')));
      rows[1]?.push(diff(heap('halyard'), heap('fastify-ws')));
    }
    sections.push(`### Idle memory per connection (KB, ${plan.idleConnections} idle connections, after GC, median)

${table(['per connection', ...names, ...(hasPair ? ['Halyard − fastify-ws'] : [])], rows)}
`);
  }

  if (plan.broadcastTo.length > 0) {
    const rows: string[][] = [];
    for (const audience of plan.broadcastTo) {
      const figure = figures(`bcast.${audience}`, samples.broadcast[String(audience)] ?? {});
      const time = figure('p50Ms', (s) => s.p50Ms);
      const cpu = figure('serverCpuMs', (s) => s.serverCpuMsPerBroadcast);
      const elu = figure('clientElu', (s) => s.clientElu);
      rows.push([
        `${audience}: until all received (ms)`,
        ...names.map(
          (system) => `${num(time(system), 2)}${(elu(system) ?? 0) > saturated ? ' (client-bound)' : ''}`,
        ),
        ...(hasPair ? [ratio(time('halyard'), time('fastify-ws'))] : []),
      ]);
      rows.push([
        `${audience}: server CPU per broadcast (ms)`,
        ...names.map((system) => num(cpu(system), 2)),
        ...(hasPair ? [ratio(cpu('halyard'), cpu('fastify-ws'))] : []),
      ]);
    }
    sections.push(`### Broadcast to every connection (median of ${plan.broadcasts} broadcasts per round, median over rounds)

${table(['audience', ...names, ...pairHeader], rows)}
`);
  }

  if (plan.rest) {
    const figure = figures('rest', samples.rest);
    const rate = figure('perSecond', (s) => s.perSecond);
    const elu = figure('clientElu', (s) => s.clientElu);
    const p99 = figure('p99Ms', (s) => s.p99Ms);
    const rows = (['fastify-ws', 'halyard'] as const)
      .filter((system) => names.includes(system))
      .map((system) => [
        system === 'fastify-ws'
          ? 'fastify, JSON schema body + response'
          : 'Halyard, class-validator body DTO',
        bound(rate(system), elu(system)),
        num(p99(system), 0),
        num(elu(system), 2),
      ]);
    if (hasPair)
      rows.push(['**Halyard / fastify**', `**${ratio(rate('halyard'), rate('fastify-ws'))}**`, '', '']);
    sections.push(`### REST validated \`POST /chat\` (autocannon, ${plan.restConnections} connections, median)

${table(['server', 'requests/s', 'p99 ms', 'client ELU'], rows)}
`);
  }

  if (plan.variants.length > 0) {
    const loadFigure = figures('variants', samples.variants.load);
    const broadcastFigure = figures('variants', samples.variants.broadcast);
    const rate = loadFigure('perSecond', (s) => s.perSecond);
    const micros = loadFigure('serverCpuMicrosPerMessage', (s) => s.serverCpuMicrosPerMessage);
    const time = broadcastFigure('bcast1000P50Ms', (s) => s.p50Ms);
    const cpu = broadcastFigure('bcast1000CpuMs', (s) => s.serverCpuMsPerBroadcast);
    const base: SystemName = 'halyard';
    const rows = plan.variants.map((variant) => [
      systems[variant].label,
      num(rate(variant)),
      ratio(rate(variant), rate(base)),
      num(micros(variant), 1),
      ratio(micros(variant), micros(base)),
      num(time(variant), 2),
      ratio(time(variant), time(base)),
      ratio(cpu(variant), cpu(base)),
    ]);
    sections.push(`### Halyard with a feature on (ratios to the default Halyard case in the same rounds)

${table(
  ['case', '50 × 32 msg/s', 'ratio', 'µs/msg', 'ratio', 'bcast to 1000 ms', 'ratio', 'CPU/bcast ratio'],
  rows,
)}
`);
  }

  const markdown = `## Side by side: the validated chat message on every system

Every system does the same work: \`{ type: "chat", data: { room, text, userId } }\` validated (room a
non-empty string, text 1..1000 characters, userId a positive integer, nothing else), answered with
those fields plus a counter, an error frame for an invalid message, \`bcast\` pushed to every client.
${names.map((system) => `\`${system}\`: ${systems[system].label}`).join('; ')}. A smoke step proves
each one refuses invalid messages before it is timed.

One load client process (separate from the server process) drives every system; ${plan.rounds} rounds, the systems
in rotated order each round, a fresh server process per system and phase; ${plan.warmupMs} ms warm-up then
${plan.durationMs} ms measured per load window; medians over the rounds. Server CPU comes from
\`process.cpuUsage()\` inside the server, read while it is idle before and after each run, divided
by the replies it built (warm-up and drain included) or the broadcasts it sent. A figure
marked \`≥\` (or "client-bound") was taken while the load client's event loop was more than
${saturated * 100} % busy (\`performance.eventLoopUtilization()\`): the client was the limit, so it is a lower bound.

${sections.join('\n')}
Sizes and selection come from \`BENCH_SYSTEMS\`, \`BENCH_SCENARIOS\`, \`BENCH_VARIANTS\`, \`BENCH_ROUNDS\`,
\`BENCH_MS\`, \`BENCH_WARMUP_MS\`, \`BENCH_IDLE_CONNECTIONS\`, \`BENCH_BROADCASTS\` and \`BENCH_REST_CONNECTIONS\`.
`;
  return { markdown, medians };
}
