import type { LoadResult } from './load-client.js';
import { measureRequestReply, type MessageSuiteOptions } from './message-suite.js';
import { markdownTable } from './markdown-table.js';
import { median } from './process-helpers.js';

const cases = [
  ['halyard', 'halyard: no observer (the default)'],
  ['halyard-tracing-nosdk', 'tracing() without an SDK (no-op tracer)'],
  ['halyard-tracing-sdk', 'tracing() with the SDK (BatchSpanProcessor, discarding exporter)'],
  ['halyard-metrics', 'metrics() (prom-client)'],
] as const;
type Kind = (typeof cases)[number][0];

/**
 * The validated request/reply path with nothing observing it, with tracing (no SDK, then an SDK)
 * and with metrics, in rotating rounds; ratios against the unobserved case. Returns the Markdown section.
 */
export async function runObservabilitySuite(options: MessageSuiteOptions): Promise<string> {
  const results = new Map<Kind, LoadResult[]>(cases.map(([kind]) => [kind, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (let index = 0; index < cases.length; index++) {
      const [kind] = cases[(index + round) % cases.length] as (typeof cases)[number];
      const result = await measureRequestReply(kind, 42_000 + round * cases.length + index, options);
      if (result.errors > 0)
        throw new Error(`${kind} answered ${result.errors} error frames to valid messages`);
      results.get(kind)?.push(result);
      console.log(
        `round ${round + 1} ${kind.padEnd(22)} ${result.perSecond.toFixed(0).padStart(7)} msg/s  p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms`,
      );
    }
  }
  const summary = (kind: Kind) => {
    const list = results.get(kind) ?? [];
    return {
      perSecond: median(list.map((r) => r.perSecond)),
      p50: median(list.map((r) => r.p50Ms)),
      p99: median(list.map((r) => r.p99Ms)),
    };
  };
  const base = summary('halyard');
  const rows = cases.map(([kind, label]) => {
    const s = summary(kind);
    return [
      label,
      s.perSecond.toFixed(0),
      `${(s.perSecond / base.perSecond).toFixed(2)}x`,
      `${s.p50.toFixed(2)} ms`,
      `${s.p99.toFixed(2)} ms`,
    ];
  });
  const table = markdownTable(
    ['case', 'messages/s (median)', 'ratio to no observer', 'p50 latency', 'p99 latency'],
    rows,
  );
  console.log(`\n${table}\n`);
  return `## Observability cost on the message path

The request/reply case above, ${options.connections} connections, ${options.window} in flight each, ${options.durationMs} ms
measured, ${options.rounds} rotating rounds, medians: with no observer, with \`tracing()\` and no SDK
registered, with \`tracing()\` and the OpenTelemetry SDK (spans made and batched, exported nowhere),
and with \`metrics()\`.

${table}
`;
}
