import type { SystemName } from '../systems/registry.js';
import { Session, type BroadcastSample, type IdleSample, type LoadSample } from './measurements.js';
import { rotate, type SuitePlan } from './plan.js';
import type { RestFigures } from './rest-load.js';

/** Every sample of a run, by scenario and system (one per round). */
export interface SuiteSamples {
  readonly load: Record<string, Partial<Record<SystemName, LoadSample[]>>>;
  readonly idle: Partial<Record<SystemName, IdleSample[]>>;
  readonly broadcast: Record<string, Partial<Record<SystemName, BroadcastSample[]>>>;
  readonly rest: Partial<Record<SystemName, RestFigures[]>>;
  readonly variants: {
    readonly load: Partial<Record<SystemName, LoadSample[]>>;
    readonly broadcast: Partial<Record<SystemName, BroadcastSample[]>>;
  };
}

const push = <T>(table: Partial<Record<SystemName, T[]>>, system: SystemName, sample: T): void => {
  (table[system] ??= []).push(sample);
};

const log = (line: string): void => console.log(line);

const fixed = (value: number, digits = 0): string => value.toFixed(digits);

async function withSession(system: SystemName, work: (session: Session) => Promise<void>): Promise<void> {
  const session = await Session.open(system);
  try {
    await work(session);
  } finally {
    await session.stop();
  }
}

/**
 * Runs the plan: for each round, every system in rotated order gets a fresh server process and
 * the one load client; the phases are request/reply load (growing connection counts on one
 * server), idle memory and broadcast (a second server), REST, and the Halyard feature variants.
 */
export async function runSideBySide(plan: SuitePlan): Promise<SuiteSamples> {
  const samples: SuiteSamples = {
    load: {},
    idle: {},
    broadcast: {},
    rest: {},
    variants: { load: {}, broadcast: {} },
  };
  const timing = { durationMs: plan.durationMs, warmupMs: plan.warmupMs };
  const restSystems = plan.systems.filter((system) => system === 'fastify-ws' || system === 'halyard');
  for (let round = 0; round < plan.rounds; round++) {
    const tag = `round ${round + 1}/${plan.rounds}`;
    if (plan.load.length > 0) {
      for (const system of rotate(plan.systems, round)) {
        await withSession(system, async (session) => {
          for (const scenario of plan.load) {
            const sample = await session.load(scenario, timing);
            push((samples.load[scenario.name] ??= {}), system, sample);
            log(
              `${tag} ${scenario.name.padEnd(8)} ${system.padEnd(22)} ${fixed(sample.perSecond).padStart(7)} msg/s` +
                `  p50 ${fixed(sample.p50Ms, 2)} ms  p99 ${fixed(sample.p99Ms, 2)} ms` +
                `  server ${fixed(sample.serverCpuMicrosPerMessage, 1)} µs/msg  client ELU ${fixed(sample.clientElu, 2)}`,
            );
          }
        });
      }
    }
    if (plan.idle || plan.broadcastTo.length > 0) {
      const largest = Math.max(plan.idleConnections, ...plan.broadcastTo);
      const audiences = [...plan.broadcastTo].sort((a, b) => b - a);
      for (const system of rotate(plan.systems, round)) {
        await withSession(system, async (session) => {
          if (plan.idle) {
            const sample = await session.idle(largest);
            push(samples.idle, system, sample);
            log(
              `${tag} idle${largest} ${system.padEnd(22)} ${fixed(sample.rssKbPerConnection, 2)} KB RSS / conn` +
                `  ${fixed(sample.heapKbPerConnection, 2)} KB heap / conn`,
            );
          }
          for (const audience of audiences) {
            await (audience < largest ? session.trim(audience) : session.connect(audience));
            const sample = await session.broadcast(plan.broadcasts);
            push((samples.broadcast[String(audience)] ??= {}), system, sample);
            log(
              `${tag} bcast${audience} ${system.padEnd(22)} p50 ${fixed(sample.p50Ms, 2)} ms  p99 ${fixed(sample.p99Ms, 2)} ms` +
                `  server ${fixed(sample.serverCpuMsPerBroadcast, 2)} ms/bcast  client ELU ${fixed(sample.clientElu, 2)}`,
            );
          }
        });
      }
    }
    if (plan.rest) {
      for (const system of rotate(restSystems, round)) {
        await withSession(system, async (session) => {
          const sample = await session.rest({
            connections: plan.restConnections,
            durationMs: plan.durationMs,
          });
          if (sample.non2xx > 0 || sample.errors > 0)
            throw new Error(
              `${system}: ${sample.non2xx} non-2xx answers and ${sample.errors} errors to valid POSTs`,
            );
          push(samples.rest, system, sample);
          log(
            `${tag} rest     ${system.padEnd(22)} ${fixed(sample.perSecond).padStart(7)} req/s  p50 ${sample.p50Ms} ms` +
              `  p99 ${sample.p99Ms} ms  client ELU ${fixed(sample.clientElu, 2)}`,
          );
        });
      }
    }
    for (const variant of rotate(plan.variants, round)) {
      await withSession(variant, async (session) => {
        const load = await session.load({ name: '50x32', connections: 50, window: 32 }, timing);
        push(samples.variants.load, variant, load);
        await session.connect(1000);
        const bcast = await session.broadcast(plan.broadcasts);
        push(samples.variants.broadcast, variant, bcast);
        log(
          `${tag} variant  ${variant.padEnd(22)} 50x32 ${fixed(load.perSecond).padStart(7)} msg/s` +
            ` ${fixed(load.serverCpuMicrosPerMessage, 1)} µs/msg; bcast1000 p50 ${fixed(bcast.p50Ms, 2)} ms` +
            ` ${fixed(bcast.serverCpuMsPerBroadcast, 2)} ms/bcast`,
        );
      });
    }
  }
  return samples;
}
