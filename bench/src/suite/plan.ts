import { isSystemName, systems, type SystemName } from '../systems/registry.js';
import { positivesFromEnv } from '../env-settings.js';

/** A request/reply load scenario: connections × requests in flight on each. */
export interface LoadScenario {
  readonly name: string;
  readonly connections: number;
  readonly window: number;
}

/** The sizes of a side-by-side run: the environment variable of each and its default. */
const planSizes = {
  rounds: ['BENCH_ROUNDS', 3],
  durationMs: ['BENCH_MS', 3000],
  warmupMs: ['BENCH_WARMUP_MS', 1000],
  idleConnections: ['BENCH_IDLE_CONNECTIONS', 5000],
  broadcasts: ['BENCH_BROADCASTS', 20],
  restConnections: ['BENCH_REST_CONNECTIONS', 50],
} as const;

/** Everything a run of the side-by-side suite does, read from the environment. */
export interface SuitePlan extends Readonly<Record<keyof typeof planSizes, number>> {
  readonly systems: readonly SystemName[];
  readonly variants: readonly SystemName[];
  readonly load: readonly LoadScenario[];
  readonly idle: boolean;
  /** Broadcast audiences, e.g. [1000, 5000]. */
  readonly broadcastTo: readonly number[];
  readonly rest: boolean;
}

const allLoad: readonly LoadScenario[] = [
  { name: '1x1', connections: 1, window: 1 },
  { name: '50x1', connections: 50, window: 1 },
  { name: '50x32', connections: 50, window: 32 },
  { name: '1000x1', connections: 1000, window: 1 },
  { name: '1000x32', connections: 1000, window: 32 },
];

/** The scenario names BENCH_SCENARIOS takes. */
export const scenarioNames = [
  ...allLoad.map((s) => s.name),
  'idle',
  'bcast1000',
  'bcast5000',
  'rest',
  'variants',
];

const list = (name: string, fallback: readonly string[]): string[] => {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === '' ? [...fallback] : raw.split(',').map((item) => item.trim());
};

const systemList = (name: string, fallback: readonly SystemName[]): SystemName[] =>
  list(name, fallback).map((item) => {
    if (!isSystemName(item))
      throw new Error(`${name}: unknown system "${item}"; known: ${Object.keys(systems).join(', ')}`);
    return item;
  });

/**
 * Reads BENCH_SYSTEMS, BENCH_SCENARIOS, BENCH_VARIANTS, BENCH_ROUNDS, BENCH_MS, BENCH_WARMUP_MS,
 * BENCH_IDLE_CONNECTIONS, BENCH_BROADCASTS and BENCH_REST_CONNECTIONS; the defaults are the full suite.
 */
export function planFromEnv(): SuitePlan {
  const scenarios = list('BENCH_SCENARIOS', scenarioNames);
  for (const scenario of scenarios)
    if (!scenarioNames.includes(scenario))
      throw new Error(`BENCH_SCENARIOS: unknown scenario "${scenario}"; known: ${scenarioNames.join(', ')}`);
  const sizes = positivesFromEnv(planSizes);
  const { idleConnections } = sizes;
  return {
    systems: systemList('BENCH_SYSTEMS', ['ws', 'fastify-ws', 'nestjs', 'socket.io', 'halyard']),
    variants: scenarios.includes('variants')
      ? systemList('BENCH_VARIANTS', [
          'halyard',
          'halyard-redis',
          'halyard-delivery',
          'halyard-tracing-nosdk',
          'halyard-tracing-sdk',
          'halyard-metrics',
        ])
      : [],
    load: allLoad.filter((scenario) => scenarios.includes(scenario.name)),
    idle: scenarios.includes('idle'),
    broadcastTo: [
      ...(scenarios.includes('bcast1000') ? [Math.min(1000, idleConnections)] : []),
      ...(scenarios.includes('bcast5000') ? [idleConnections] : []),
    ],
    rest: scenarios.includes('rest'),
    ...sizes,
  };
}

/** The systems of round `round`, rotated so no system always runs first (or right after another). */
export const rotate = <T>(items: readonly T[], round: number): T[] =>
  items.map((_, index) => items[(index + round) % items.length] as T);
